"""The headline: a 20,000-case report published to each product end to end, against 10 seconds."""

import time

from tests.bench import products
from tests.bench.harness import TimedOut, api_calls, breakdown, run_publish, slowest_tasks, start_emulator
from tests.bench.table import Row

BUDGET = 10.0

NOTES = [
    "**headline**: a 20,000-case report (real pytest and Surefire cases, repeated) published to one product by "
    "one `ansible-playbook playbooks/publish_results.yml` run, timed end to end (Ansible start-up, reading the "
    "report, every request) against a 10 s budget; the ratio is time / 10 s. Today's tools take ~0.2 s per case "
    "or time out at 50-60 s on reports this size. A missed row says where the time went.",
]


def run(workdir, n=20000, timeout=900):
    rows = []
    emu = start_emulator()
    try:
        for product in products.ALL:
            label = "%s, %s cases" % (product.name, format(n, ","))
            if not product.available():
                rows.append(Row("headline", label, "not run", None, 1.0, reason=product.missing()))
                continue
            emu.reset()
            emu.settings(job_delay=0.05, ze_run_step=0.05)
            try:
                extra, env, _report = product.prepare(emu, n, workdir, "headline")
                emu.clear_requests()
                started_at = time.time()
                run, seconds = run_publish(extra, env, workdir, timeout=timeout)
            except (TimedOut, RuntimeError) as exc:
                rows.append(Row("headline", label, "failed", None, 1.0, reason=" ".join(str(exc).split())[:200]))
                continue
            requests = api_calls(run)[0]
            ratio = seconds / BUDGET
            rows.append(Row("headline", label, "%.1f s for %d requests vs %.0f s budget" % (seconds, requests, BUDGET),
                            ratio, 1.0, reason=None if ratio <= 1.0 else "%s; slowest tasks: %s" % (
                                breakdown(emu, started_at, seconds), slowest_tasks(run))))
    finally:
        emu.stop()
    return rows
