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


def is_search(request):
    return request["path"].endswith("/rest/api/2/search")


def shape(requests):
    """The calls without ids, job polls and paging repeats; a search is a search, GET (up to 250 keys, the URL's
    limit) or POST (more keys, 1,000 a body)."""
    calls = []
    for request in requests:
        if "/jobProgress/" in request["path"]:
            continue
        call = ("GET" if is_search(request) else request["method"], re.sub(r"/\d+(?=/|$)", "/{id}", request["path"]))
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
    searches = [r["method"] for r in big_log if is_search(r)]
    assert searches == ["POST", "POST"], searches  # 2,000 keys checked in 2 POSTs of 1,000 (8 GETs of 250 before)
    writes_big = [r for r in big_log if r["method"] != "GET" and not is_search(r)]
    assert len(writes_big) == len([r for r in small_log if r["method"] != "GET"]) + 1  # a 2nd add of 1000
    polls = len([r for r in big_log if "/jobProgress/" in r["path"]])
    assert len(big_log) - polls <= len(small_log) + 15  # pages: keys 250 a search, executions 1000 a page
    assert big.task("cycle")["api_calls"]["requests"] + big.task("statuses")["api_calls"]["requests"] == len(big_log)

    emulator.clear_requests()
    again = play(tasks("Big", 2000), vars=variables)
    assert not again.task("cycle")["changed"] and not again.task("statuses")["changed"]
    assert writes(emulator) == [] and len(emulator.requests()) <= 14


def test_300_keys_are_checked_in_one_post_search_that_check_mode_sends_as_a_read(emulator, play):
    keys = create_tests(emulator, 300)
    variables = {"results": [{"test": k, "status": "pass"} for k in keys]}
    assert play([{"testops.testmgmt.zephyr_cycle": {"project": "SHOP", "version": "2.5.0", "name": "Keys"}}]).failed == 0
    task = [tasks("Keys", 300)[1]]

    emulator.clear_requests()
    checked = play(task, vars=variables, check=True).task("statuses")
    assert checked["changed"] is True and len(checked["execution"]["added"]) == 300, checked
    sent = emulator.requests()
    assert [r["method"] for r in sent if is_search(r)] == ["POST"]  # more than a GET's 250 keys: one POST
    assert [r for r in sent if r["method"] != "GET" and not is_search(r)] == []
    assert checked["api_calls"]["writes"] == 0

    emulator.clear_requests()
    done = play(task, vars=variables).task("statuses")
    assert done["changed"] is True and done["execution"]["changed"] == 300, done
    assert [r["method"] for r in emulator.requests() if is_search(r)] == ["POST"]
