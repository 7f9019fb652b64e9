"""Requests per publish and re-run cost, per product and size, through playbooks/publish_results.yml.

For each product and N: a fresh target, one publish of an N-case report (first run), then the same
publish again (re-run, nothing to change). Rows compare the first run's requests with the least the
API allows, and the re-run's reads with the fixed lookups + 1 + N/page, writes 0.
"""

import os

from tests.bench import products
from tests.bench.harness import ROOT, TimedOut, api_calls, run_play, run_publish, start_emulator
from tests.bench.table import Row

RELEASE_SETUP = os.path.join(ROOT, "playbooks", "release_setup.yml")
REQUEST_TARGET = 1.2
RERUN_TARGET = 1.0

NOTES = [
    "**requests**: `ansible-playbook playbooks/publish_results.yml` publishes a fresh N-case report (the parse "
    "section's generator; Test keys for Zephyr Squad) to one product; the count is the sum of the tasks' own "
    "`api_calls.requests`, checked against the emulator's request log. The minimum is the least the documented "
    "API needs for the same work, term by term (below); it includes the one lookup without which a re-run "
    "would create a duplicate, and for Zephyr Squad one request per failure comment (up to zephyr_execution's "
    "comment_limit, 200), which has no bulk call.",
    "**rerun**: the same playbook again. Target: zero writes, and reads at most the fixed name lookups + 1 + "
    "N / page size (the product's largest page for the data compared).",
]


def run(workdir, sizes=(100, 1000, 10000), wanted=None):
    """(rows, notes): the notes spell out each product's minimum."""
    rows, notes = [], list(NOTES)
    emu = start_emulator()
    try:
        rows.append(release_setup_rerun(emu))
        for product in products.ALL:
            if wanted and product.name not in wanted:
                continue
            if not product.available():
                rows.append(Row("requests", product.name, "not run", None, REQUEST_TARGET, reason=product.missing()))
                continue
            hows = None
            for n in sizes:
                label = "%s, N = %s" % (product.name, format(n, ","))
                product_rows, how = _one(emu, product, n, workdir)
                rows += product_rows
                hows = how or hows
            if hows:
                notes.append("%s: minimum = %s; re-run reads allowed = %s." % (product.name, hows[0], hows[1]))
    finally:
        emu.stop()
    return rows, notes


def release_setup_rerun(emu):
    """playbooks/release_setup.yml (its example release, every product the emulator serves) run twice."""
    label = "release_setup, example release (Squad, Enterprise, Xray)"
    if not os.path.exists(RELEASE_SETUP):
        return Row("rerun", label, "not run", None, None, reason="playbooks/release_setup.yml is not there yet")
    emu.reset()
    env = {"ZEPHYR_URL": emu.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin", "ZEPHYR_EDITION": "",
           "XRAY_URL": emu.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}
    try:
        emu.clear_requests()
        first, _seconds = run_play(None, env=env, playbook=RELEASE_SETUP)
        first_calls = api_calls(first)
        emu.clear_requests()
        again, seconds = run_play(None, env=env, playbook=RELEASE_SETUP)
        again_calls = api_calls(again)
    except TimedOut as exc:
        return Row("rerun", label, "failed", None, None, reason=str(exc), failed=True)
    if first.rc or again.rc:
        return Row("rerun", label, "failed", None, None, failed=True,
                   reason=" ".join((first.stdout + again.stdout)[-300:].split()))
    writes = again_calls[1]  # the client's count: Jira searches are POSTs, yet reads
    return Row("rerun", label, "first %d requests (%d writes); re-run %d requests, %d writes, %.1f s" % (
        first_calls[0], first_calls[1], again_calls[0], writes, seconds),
        again_calls[0] / float(first_calls[0] or 1), None, failed=bool(writes),
        reason="the re-run wrote %d time(s)" % writes if writes else "zero writes; ratio is re-run / first requests")


def _one(emu, product, n, workdir):
    label = "%s, N = %s" % (product.name, format(n, ","))
    emu.reset()
    emu.settings(job_delay=0.05, ze_run_step=0.05)
    try:
        extra, env, report = product.prepare(emu, n, workdir, "n%d" % n)
        emu.clear_requests()
        first, seconds = run_publish(extra, env, workdir)
        first_log = emu.requests()
        logged = len(first_log)
        emu.clear_requests()
        again, again_seconds = run_publish(extra, env, workdir)
        again_log = emu.requests()
        logged_again = len(again_log)
    except (TimedOut, RuntimeError) as exc:
        reason = " ".join(str(exc).split())[:200]
        return [Row("requests", label, "failed", None, REQUEST_TARGET, reason=reason),
                Row("rerun", label, "failed", None, RERUN_TARGET, reason=reason)], None
    sent, writes, retries = api_calls(first)
    minimum, how = product.minimum(n, report)
    ratio = sent / float(minimum)
    note = None if sent == logged else "the emulator logged %d" % logged
    why = "%d reads and %d writes, %d retried: %s" % (sent - writes, writes, retries, shape(first_log)) + (
        "; " + note if note else "") + _by_design(product, n, rerun=False)
    rows = [Row("requests", label, "%d requests vs %d minimum, %.1f s" % (sent, minimum, seconds),
                ratio, REQUEST_TARGET, reason=note if ratio <= REQUEST_TARGET else why)]
    sent_again, writes_again, _retries = api_calls(again)
    reads = sent_again - writes_again
    allowed, how_reads = product.rerun_reads(n)
    rerun_ratio = reads / float(allowed)
    changed = [t["_name"] for t in again.tasks if t.get("changed") and "api_calls" in str(t)]
    reason = None
    if writes_again or changed:
        reason = "the re-run wrote %d time(s); changed: %s" % (writes_again, ", ".join(changed) or "-")
    elif rerun_ratio > RERUN_TARGET:
        reason = "reads: %s" % shape(again_log) + _by_design(product, n, rerun=True)
    if sent_again != logged_again:
        reason = (reason + "; " if reason else "") + "the emulator logged %d" % logged_again
    rows.append(Row("rerun", label, "%d writes; %d reads vs %d allowed, %.1f s" % (
        writes_again, reads, allowed, again_seconds),
        rerun_ratio, RERUN_TARGET, reason=reason, failed=bool(writes_again or changed)))
    return rows, (how, how_reads)


def _by_design(product, n, rerun):
    why = product.known_excess(n, rerun=rerun)
    return "; by design: " + why if why else ""


def shape(log, top=5):
    """The most sent requests, ids folded: where the requests over the minimum went."""
    import re

    counts = {}
    for entry in log:
        path = re.sub(r"/(?:[A-Z][A-Z0-9_]+-\d+|\d{3,}[\w-]*)(?=/|$)", "/{id}", entry["path"])
        key = "%s %s" % (entry["method"], path)
        counts[key] = counts.get(key, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = ", ".join("%d× %s" % (n, key) for key, n in ranked[:top])
    return text + (", ..." if len(ranked) > top else "")
