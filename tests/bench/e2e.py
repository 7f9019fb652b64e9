"""End to end: ansible-playbook publishing N results against a raw curl import of the same file.

The playbook is playbooks/publish_results.yml when the collection has it, else the one task it
boils down to for Xray Server (xray_test_execution with the report). Ansible's fixed start-up is
measured in the same run as a playbook of one ansible.builtin.ping task and subtracted.
"""

import os
import time

from tests.bench import products
from tests.bench.harness import ROOT, TimedOut, breakdown, run_play, start_emulator, timed
from tests.bench.table import Row

TARGET = 2.0
PUBLISH_PLAYBOOK = os.path.join(ROOT, "playbooks", "publish_results.yml")

NOTES = [
    "**e2e**: wall-clock time of `ansible-playbook` publishing an N-case JUnit report to Xray Server (a new "
    "Test Execution) against `curl -F file=@report.xml .../import/execution/junit/multipart` sending the same "
    "file to the same emulator. Ansible's fixed start-up (a playbook with one `ansible.builtin.ping` task, "
    "measured in the same run, best of 3) is subtracted from the playbook's time before dividing.",
]


def _best(func, runs=3):
    return min(func() for _attempt in range(runs))


def run(workdir, n=10000):
    product = products.XrayServer()
    if not product.available():
        return [Row("e2e", "Xray Server, N = %s" % format(n, ","), "not run", None, TARGET,
                    reason="xray_test_execution is not in the collection yet")]
    emu = start_emulator()
    try:
        fixed = _best(lambda: run_play([{"name": "noop", "ansible.builtin.ping": {}}])[1])
        emu.reset()
        task, env, report = product.prepare(emu, n, workdir, "e2e")
        try:
            curl_seconds = _best(lambda: timed(product.curl_import(emu, report, "e2e"))[1])
            emu.clear_requests()
            started_at = time.time()
            run, seconds = run_play([dict(task, name="publish")], env=env)
            where = breakdown(emu, started_at, seconds)
        except (TimedOut, RuntimeError) as exc:
            return [Row("e2e", "Xray Server, N = %s" % format(n, ","), "failed", None, TARGET, reason=str(exc)[:200])]
        result = run.task("publish")
        if result.get("failed"):
            return [Row("e2e", "Xray Server, N = %s" % format(n, ","), "failed", None, TARGET,
                        reason=result.get("msg"))]
    finally:
        emu.stop()
    ratio = max(seconds - fixed, 0.0) / curl_seconds
    what = "ansible-playbook (one xray_test_execution task), N = %s" % format(n, ",")
    return [Row("e2e", what, "%.2f s - %.2f s Ansible start-up vs %.2f s curl" % (seconds, fixed, curl_seconds),
                ratio, TARGET, reason=None if ratio <= TARGET else
                "%d requests where curl sends 1; %s" % (result["api_calls"]["requests"], where))]
