"""2,000 tests added to a Zephyr Squad cycle and their statuses set: the requests do not grow with N
beyond paging. N=200 and N=2000 send the same sequence of calls once paging repeats (consecutive
identical calls) and job polls are folded."""

import re

from tests.integration.zephyr_squad_support import cycles, ok, writes

STATUSES = ("pass", "fail", "blocked")


def create_tests(emulator, count):
    keys = []
    for start in range(0, count, 1000):
        body = ok(emulator.api("POST", "/rest/api/2/issue/bulk", {"issueUpdates": [
            {"fields": {"project": {"key": "SHOP"}, "summary": "Load test %d" % n, "issuetype": {"name": "Test"}}}
            for n in range(start, min(count, start + 1000))]}))
        assert not body["errors"]
        keys.extend(issue["key"] for issue in body["issues"])
    return keys


def tasks(cycle, count):
    place = {"project": "SHOP", "version": "2.5.0"}
    return [
        {"name": "cycle", "testops.testmgmt.zephyr_cycle": dict(place, name=cycle, tests="{{ keys[:%d] }}" % count)},
        {"name": "statuses", "testops.testmgmt.zephyr_execution": dict(
            place, cycle=cycle, results="{{ results[:%d] }}" % count)},
    ]


def shape(requests):
    """The calls without ids, job polls and paging repeats."""
    calls = []
    for request in requests:
        if "/jobProgress/" in request["path"]:
            continue
        call = (request["method"], re.sub(r"/\d+(?=/|$)", "/{id}", request["path"]))
        if not calls or calls[-1] != call:
            calls.append(call)
    return calls


def test_2000_tests_cost_the_same_requests_as_200_plus_paging(emulator, play):
    keys = create_tests(emulator, 2000)
    variables = {"keys": keys, "results": [{"test": k, "status": STATUSES[n % 3]} for n, k in enumerate(keys)]}

    emulator.clear_requests()
    small = play(tasks("Small", 200), vars=variables)
    small_log = emulator.requests()
    emulator.clear_requests()
    big = play(tasks("Big", 2000), vars=variables)
    big_log = emulator.requests()
    for run in (small, big):
        assert run.failed == 0, run.stdout[-3000:]
        assert run.task("cycle")["changed"] and run.task("statuses")["changed"]
    assert big.task("statuses")["execution"]["changed"] == 2000

    summary = cycles(emulator, "10101")["Big"]
    assert summary["totalExecutions"] == 2000
    counts = dict((s["statusKey"], s["count"]) for s in summary["executionSummaries"]["executionSummary"])
    assert counts == {1: 667, 2: 667, 4: 666}

    assert shape(big_log) == shape(small_log)
    # the 3 bulk status jobs (one per status, under 1000 executions each) all start before the first is polled
    bulk = [n for n, r in enumerate(big_log) if r["path"].endswith("/updateBulkStatus")]
    assert len(bulk) == 3 and bulk == list(range(bulk[0], bulk[0] + 3))
    writes_big = [r for r in big_log if r["method"] != "GET"]
    assert len(writes_big) == len([r for r in small_log if r["method"] != "GET"]) + 1  # a 2nd add of 1000
    polls = len([r for r in big_log if "/jobProgress/" in r["path"]])
    assert len(big_log) - polls <= len(small_log) + 15  # pages: keys 250 a search, executions 1000 a page
    assert big.task("cycle")["api_calls"]["requests"] + big.task("statuses")["api_calls"]["requests"] == len(big_log)

    emulator.clear_requests()
    again = play(tasks("Big", 2000), vars=variables)
    assert not again.task("cycle")["changed"] and not again.task("statuses")["changed"]
    assert writes(emulator) == [] and len(emulator.requests()) <= 14
