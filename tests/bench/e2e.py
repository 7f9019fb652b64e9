"""End to end: playbooks/publish_results.yml with N results against a raw curl import of the same file.

Both send the same generated report to Xray Server on the same emulator (each into a new Test
Execution). Ansible's fixed start-up is measured in the same run as a playbook of one
ansible.builtin.ping task (best of 3) and subtracted from the playbook's time before dividing.
"""

import time

from tests.bench import products
from tests.bench.harness import TimedOut, breakdown, run_play, run_publish, slowest_tasks, start_emulator, timed
from tests.bench.table import Row

TARGET = 2.0

NOTES = [
    "**e2e**: wall-clock time of `ansible-playbook playbooks/publish_results.yml` publishing an N-case JUnit report "
    "to Xray Server (a new Test Execution) against `curl -F file=@report.xml .../import/execution/junit/multipart` "
    "sending the same file to the same emulator (best of 3). Ansible's fixed start-up (a playbook with one "
    "`ansible.builtin.ping` task, best of 3, same run) is subtracted from the playbook's time before dividing.",
]


def _best(func, runs=3):
    return min(func() for _attempt in range(runs))


def run(workdir, n=10000):
    product = products.XrayServer()
    label = "publish_results.yml vs curl, Xray Server, N = %s" % format(n, ",")
    if not product.available():
        return [Row("e2e", label, "not run", None, TARGET, reason=product.missing())]
    emu = start_emulator()
    try:
        fixed = _best(lambda: run_play([{"name": "noop", "ansible.builtin.ping": {}}])[1])
        emu.reset()
        extra, env, report = product.prepare(emu, n, workdir, "e2e")
        try:
            curl_seconds = _best(lambda: timed(product.curl_import(emu, report, "e2e"))[1])
            emu.clear_requests()
            started_at = time.time()
            run, seconds = run_publish(extra, env, workdir)
            where = "%s; slowest tasks: %s" % (breakdown(emu, started_at, seconds), slowest_tasks(run))
        except (TimedOut, RuntimeError) as exc:
            return [Row("e2e", label, "failed", None, TARGET, reason=" ".join(str(exc).split())[:200])]
    finally:
        emu.stop()
    ratio = max(seconds - fixed, 0.0) / curl_seconds
    return [Row("e2e", label, "%.2f s - %.2f s Ansible start-up vs %.2f s curl" % (seconds, fixed, curl_seconds),
                ratio, TARGET, reason=None if ratio <= TARGET else where)]
