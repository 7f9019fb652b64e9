"""The headline: a 20,000-case report published to each product end to end, against 10 seconds."""

from tests.bench import products
import time

from tests.bench.harness import TimedOut, breakdown, run_play, start_emulator
from tests.bench.table import Row

BUDGET = 10.0

NOTES = [
    "**headline**: a 20,000-case report (real pytest and Surefire cases, repeated) published by one "
    "`ansible-playbook` run per product, timed end to end (Ansible start-up included) against a 10 s budget; "
    "the ratio is time / 10 s. Today's tools take ~0.2 s per case or time out at 50–60 s on reports this size.",
]


def run(workdir, n=20000, timeout=600):
    rows = []
    emu = start_emulator()
    try:
        for product in products.ALL:
            label = "%s, %s cases" % (product.name, format(n, ","))
            if not product.available():
                rows.append(Row("headline", label, "not run", None, 1.0,
                                reason="%s is not in the collection yet" % product.module))
                continue
            if product.max_n and n > product.max_n:
                rows.append(Row("headline", label, "not run", None, 1.0, reason=product.max_n_reason))
                continue
            emu.reset()
            emu.settings(job_delay=0.05, ze_run_step=0.05)
            try:
                task, env, _report = product.prepare(emu, n, workdir, "headline")
                emu.clear_requests()
                started_at = time.time()
                run, seconds = run_play([dict(task, name="publish")], env=env, timeout=timeout)
            except (TimedOut, RuntimeError) as exc:
                rows.append(Row("headline", label, "failed", None, 1.0, reason=str(exc)[:200]))
                continue
            result = run.task("publish")
            if result.get("failed"):
                rows.append(Row("headline", label, "failed", None, 1.0, reason=result.get("msg")))
                continue
            calls = result["api_calls"]
            ratio = seconds / BUDGET
            rows.append(Row("headline", label, "%.1f s for %d requests vs %.0f s budget" % (
                seconds, calls["requests"], BUDGET), ratio, 1.0,
                reason=None if ratio <= 1.0 else breakdown(emu, started_at, seconds)))
    finally:
        emu.stop()
    return rows
