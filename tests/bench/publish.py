"""Requests per publish and re-run cost, per product and size.

For each product and N: a fresh target, one publish of an N-case report (first run), then the
same publish again (re-run, nothing to change). Rows compare the first run's requests with the
least the API allows, and the re-run's reads with 1 + N/page (plus the name lookups), writes 0.
"""

from tests.bench import products
from tests.bench.harness import TimedOut, run_play, start_emulator
from tests.bench.table import Row

REQUEST_TARGET = 1.2
RERUN_TARGET = 1.0
TIMEOUT = 900

NOTES = [
    "**requests**: one task publishes a fresh N-case report (the parse section's generator, with Test keys "
    "for Zephyr Squad) to a new cycle / execution / job; the count is the module's own `api_calls.requests`, "
    "checked against the emulator's request log. The minimum is the least the documented API needs for the "
    "same work, term by term (shown in the row); it includes the one lookup without which a re-run would "
    "create a duplicate, and for Zephyr Squad one request per failure comment, which has no bulk call.",
    "**rerun**: the same task again. Target: zero writes, and reads at most the fixed name lookups + 1 + "
    "N / page size (the product's largest page for the data compared).",
]


def _count(emu):
    return len(emu.requests())


def _publish(emu, task, env):
    run, seconds = run_play([dict(task, name="publish")], env=env, timeout=TIMEOUT)
    result = run.task("publish")
    if result.get("failed"):
        raise RuntimeError(result.get("msg"))
    return result, seconds


def run(workdir, sizes=(100, 1000, 10000), wanted=None):
    """(rows, notes): the notes spell out each product's minimum."""
    rows, notes = [], list(NOTES)
    emu = start_emulator()
    try:
        for product in products.ALL:
            if wanted and product.name not in wanted:
                continue
            if not product.available():
                rows.append(Row("requests", "%s: module %s" % (product.name, product.module), "not written yet",
                                None, REQUEST_TARGET, reason="the module is not in the collection yet"))
                continue
            hows = []
            for n in sizes:
                label = "%s, N = %s" % (product.name, format(n, ","))
                if product.max_n and n > product.max_n:
                    rows.append(Row("requests", label, "not run", None, REQUEST_TARGET, reason=product.max_n_reason))
                    continue
                product_rows, how = _one(emu, product, n, workdir)
                rows += product_rows
                if how:
                    hows.append(how)
            if hows:
                notes.append("%s (%s): minimum = %s; re-run reads allowed = %s." % (
                    product.name, product.module, hows[-1][0], hows[-1][1]))
    finally:
        emu.stop()
    return rows, notes


def _one(emu, product, n, workdir):
    label = "%s, N = %s" % (product.name, format(n, ","))
    emu.reset()
    emu.settings(job_delay=0.05, ze_run_step=0.05)
    try:
        task, env, report = product.prepare(emu, n, workdir, "n%d" % n)
        emu.clear_requests()
        first, seconds = _publish(emu, task, env)
        logged = _count(emu)
        emu.clear_requests()
        again, again_seconds = _publish(emu, product.rerun_task(task), env)
        logged_again = _count(emu)
    except (TimedOut, RuntimeError) as exc:
        reason = str(exc).splitlines()[0][:160]
        return [Row("requests", label, "failed", None, REQUEST_TARGET, reason=reason),
                Row("rerun", label, "failed", None, RERUN_TARGET, reason=reason)], None
    sent = first["api_calls"]["requests"]
    minimum, how = product.minimum(n, report)
    ratio = sent / float(minimum)
    note = None if sent == logged else "emulator logged %d" % logged
    rows = [Row("requests", label, "%d requests vs %d minimum, %.1f s" % (sent, minimum, seconds),
                ratio, REQUEST_TARGET, reason=note if ratio <= REQUEST_TARGET else _why(first, minimum, note))]
    # the client's own count: Xray Cloud's GraphQL queries and authenticate are POSTs, yet reads
    writes_again = again["api_calls"]["writes"]
    reads = again["api_calls"]["requests"] - writes_again
    allowed, how_reads = product.rerun_reads(n)
    rerun_ratio = reads / float(allowed)
    changed = again.get("changed")
    reason = None
    if writes_again or changed:
        reason = "the re-run wrote %d time(s) (changed=%s)" % (writes_again, changed)
    elif rerun_ratio > RERUN_TARGET:
        reason = "reads more than the minimum (%d logged)" % logged_again
    rows.append(Row("rerun", label, "%d writes; %d reads vs %d allowed, %.1f s" % (
        writes_again, reads, allowed, again_seconds),
        rerun_ratio, RERUN_TARGET, reason=reason, failed=bool(writes_again or changed)))
    return rows, (how, how_reads)


def _why(result, minimum, note):
    calls = result["api_calls"]
    text = "%d reads and %d writes, %d retried" % (calls["requests"] - calls["writes"], calls["writes"],
                                                    calls["retries"])
    return text + ("; " + note if note else "")
