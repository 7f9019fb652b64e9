"""zephyr_execution on Zephyr Enterprise: statuses (in bulk), comments, step results and attachments of
the executions of a cycle phase, from results and from a JUnit file, over real HTTP."""

import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import signed
from tests.shared_samples import SAMPLES as _SAMPLES

REST = "/flex/services/rest/latest"
SUREFIRE = os.path.join(_SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
SUREFIRE_CASES = ["addsItem", "appliesCoupon_SHOP_402", "reservesStock", "checksOutGuest", "exportsCart"]
ENV = {"ZEPHYR_EDITION": "enterprise"}


@pytest.fixture
def run(play):
    def _run(tasks, **kwargs):
        return play(tasks, env=ENV, **kwargs)
    return _run


def api(emulator, method, path, body=None):
    status, answer = emulator.api(method, REST + path, body)
    assert status == 200, (path, answer)
    return answer


@pytest.fixture
def phase(emulator):
    """Cycle "Regression" with phase "Cart" mirroring folder Cart (tests t00..t39 + the surefire cases but one)."""
    folder = api(emulator, "POST", "/testcasetree?parentid=0", {"name": "Cart", "releaseId": 1})
    names = ["t%02d" % i for i in range(40)] + ["com.shop.CartServiceTest." + n for n in SUREFIRE_CASES]
    api(emulator, "POST", "/testcase/bulk", [{"tcrCatalogTreeId": folder["id"],
                                              "testcase": {"name": n, "customProperties": {}}} for n in names])
    other = api(emulator, "POST", "/testcasetree?parentid=0", {"name": "Elsewhere", "releaseId": 1})
    api(emulator, "POST", "/testcase", {"tcrCatalogTreeId": other["id"], "testcase": {"name": "Outside"}})
    cycle = api(emulator, "POST", "/cycle", {"name": "Regression", "releaseId": 1})
    created = api(emulator, "POST", "/cycle/%s/phase" % cycle["id"],
                  {"name": "Cart", "freeForm": False, "tcrCatalogTreeId": folder["id"]})
    api(emulator, "POST", "/assignmenttree/%s/assign" % created["id"])
    emulator.clear_requests()
    return created


def statuses(emulator, phase_id):
    rows = api(emulator, "GET", "/execution?cyclephaseid=%s&pagesize=0" % phase_id)["results"]
    return dict((r["tcrTreeTestcase"]["testcase"]["name"], r) for r in rows)


def exec_task(task_name="results", **args):
    base = {"project": "Shop", "release": "Release 1.0", "cycle": "Regression", "phase": "Cart"}
    base.update(args)
    return {"name": task_name, "testops.testmgmt.zephyr_execution": base}


def test_statuses_change_in_bulk_and_a_rerun_changes_nothing(emulator, run, phase):
    few = [{"test": "t%02d" % i, "status": "pass"} for i in range(5)]
    many = [{"test": "t%02d" % i, "status": "fail" if i % 2 else "blocked"} for i in range(40)]
    first = run([exec_task("few", results=few), exec_task("many", results=many)])
    assert first.task("few")["changed"] is True and first.task("many")["changed"] is True, first.stdout
    # one request per status, whatever the number of tests
    assert first.task("few")["api_calls"]["requests"] + 1 == first.task("many")["api_calls"]["requests"]
    now = statuses(emulator, phase["id"])
    assert now["t01"]["lastTestResult"]["executionStatus"] == "2" and now["t02"]["status"] == "4"
    assert first.task("many")["execution"]["changed"] == 40
    emulator.clear_requests()
    again = run([exec_task(results=many)]).task("results")
    assert again["changed"] is False and again["execution"]["unchanged"] == 40 and emulator.writes() == []


def test_a_junit_file_maps_by_class_and_name(emulator, run, phase, tmp_path):
    result = run([exec_task(results_file=[SUREFIRE])]).task("results")
    assert result["changed"] is True, result
    # the one case without a test case is reported, by its name, and skipped
    assert result["execution"]["unmapped"] == ["com.shop.CartServiceTest.mergesCarts[1] anonymous \u2192 registered"]
    now = statuses(emulator, phase["id"])
    got = dict((n, now["com.shop.CartServiceTest." + n]["status"]) for n in SUREFIRE_CASES)
    assert got == {"addsItem": "1", "appliesCoupon_SHOP_402": "2", "reservesStock": "1", "checksOutGuest": "2",
                   "exportsCart": "10"}
    assert "expected: <10.0>" in now["com.shop.CartServiceTest.appliesCoupon_SHOP_402"]["notes"]
    emulator.clear_requests()
    assert run([exec_task(results_file=[SUREFIRE])]).task("results")["changed"] is False
    assert emulator.writes() == []


def test_comment_step_results_check_mode_and_diff(emulator, run, phase):
    tcv = statuses(emulator, phase["id"])["t00"]["tcrTreeTestcase"]["testcase"]["id"]
    tct = statuses(emulator, phase["id"])["t00"]["tcrTreeTestcase"]["id"]
    api(emulator, "POST", "/testcase/%s/teststep/%s" % (tcv, tct), {"steps": [{"step": "a"}, {"step": "b"}]})
    emulator.clear_requests()
    wanted = [{"test": "t00", "status": "fail", "comment": "broke on b", "steps": ["pass", {"status": "fail"}]}]
    checked = run([exec_task(results=wanted)], check=True, diff=True).task("results")
    assert checked["changed"] is True and emulator.writes() == []
    assert checked["diff"]["before"]["T00"]["status"] == "NOT EXECUTED" and checked["diff"]["after"]["T00"][
        "comment"] == signed("broke on b")  # merge keep signs its comments
    applied = run([exec_task(results=wanted)]).task("results")
    assert applied["changed"] is True
    row = statuses(emulator, phase["id"])["t00"]
    assert row["status"] == "2" and row["notes"] == signed("broke on b")
    expanded = api(emulator, "GET", "/execution/expanded?ids=%s&stepresults=true" % row["id"])
    assert [r["status"] for r in expanded[0]["testStepResults"]] == ["1", "2"]
    emulator.clear_requests()
    assert run([exec_task(results=wanted)]).task("results")["changed"] is False and emulator.writes() == []


def test_tests_outside_the_phase_are_added_and_attachments_uploaded_once(emulator, run, phase, tmp_path):
    evidence = tmp_path / "outside.log"
    evidence.write_text("trace")
    task = exec_task(results=[{"test": "Outside", "status": "pass"}],
                     attachments=[{"test": "t03", "path": str(evidence)}])
    first = run([task]).task("results")
    assert first["changed"] is True and first["execution"]["added"] == ["Outside"], first
    assert first["execution"]["attachments"] == ["outside.log"]
    now = statuses(emulator, phase["id"])
    assert now["Outside"]["status"] == "1"
    listed = api(emulator, "GET", "/attachment?itemid=%s&type=releaseTestSchedule" % now["t03"]["id"])
    assert [a["name"] for a in listed] == ["outside.log"]
    emulator.clear_requests()
    assert run([task]).task("results")["changed"] is False and emulator.writes() == []


def test_bad_input_fails_with_one_line_and_writes_nothing(emulator, run, phase):
    cases = [
        ({"phase": None}, "phase", "is required on Zephyr Enterprise"),
        ({"phase": "Nope"}, "phase", "phase 'Nope' not found in cycle 'Regression'"),
        ({"cycle": "Nope"}, "cycle", "not found"),
        ({"results": [{"test": "t01", "status": "Exploded"}]}, "results[0].status", "unknown status 'Exploded'"),
        ({"results": [{"test": "t01", "defects": ["BUG-1"]}]}, "results", "defect tracker"),
        ({"results": [{"test": "No such test", "status": "pass"}]}, "results[0].test", "not found"),
        ({"release": "Release 3"}, "release", "no release named or numbered 'Release 3'"),
    ]
    tasks = []
    for index, (overrides, _option, _words) in enumerate(cases):
        args = {"results": [{"test": "t01", "status": "pass"}]}
        args.update(overrides)
        args = dict((k, v) for k, v in args.items())
        task = exec_task("case %d" % index, **args)
        task["testops.testmgmt.zephyr_execution"] = dict(
            (k, v) for k, v in task["testops.testmgmt.zephyr_execution"].items() if v is not None)
        tasks.append(dict(task, ignore_errors=True))
    result = run(tasks)
    for index, (_overrides, option, words) in enumerate(cases):
        task = result.task("case %d" % index)
        assert task.get("failed") is True, task
        assert "\n" not in task["msg"] and task["msg"].startswith(option) and words in task["msg"], task["msg"]
    assert emulator.writes() == []
