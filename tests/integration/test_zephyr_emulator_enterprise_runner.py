"""The emulator's Zephyr Enterprise automation run (test cases and executions written in bulk) over
HTTP: which test cases it creates or reuses, the records' fields and ids, each execution's status, and
a second run of the same file adding nothing."""

import json
import time

import pytest

import requests

BASE = "/flex/services/rest"
REST = BASE + "/latest"
JOBS = BASE + "/v4/upload-file/automation"
BASIC = ("admin", "admin")
# a.B.one twice (passed, then failed: the worse outcome wins), a.B.two skipped, a.B.three errored, c.D.one passed
JUNIT = b"""<testsuite name="s"><testcase classname="a.B" name="one"/><testcase classname="a.B" name="two">
<skipped/></testcase><testcase classname="a.B" name="one"><failure message="x"/></testcase>
<testcase classname="a.B" name="three"><error message="y"/></testcase><testcase classname="c.D" name="one"/>
</testsuite>"""


def call(emulator, method, path, **kwargs):
    answer = requests.request(method, emulator.url + path, auth=BASIC, timeout=10, **kwargs)
    assert answer.status_code == 200, (answer.status_code, answer.text)
    return answer.json()


@pytest.fixture
def folder(emulator):
    emulator.settings(ze_run_step=0.02)
    yield call(emulator, "POST", REST + "/testcasetree", json={"name": "Runner", "releaseId": 1})
    emulator.settings(ze_run_step=0.05)


def run(emulator, folder_id, cycle="Runner", **detail):
    detail = dict({"jobName": "runner", "projectId": 1, "releaseId": 1, "automationFramework": "junit",
                   "cycleName": cycle, "phaseName": "P", "jobDetailTcrCatalogTreeId": folder_id,
                   "isReuse": True}, **detail)
    call(emulator, "POST", JOBS + "/create-and-execute-job", files={
        "automationJobDetail": (None, json.dumps(detail)), "fileName": ("r.xml", JUNIT, "application/xml")})
    job_id = max(j["id"] for j in call(emulator, "GET", JOBS + "/file-upload-job/list",
                                       params={"projectId": 1, "releaseId": 1}))
    for _attempt in range(100):
        progress = call(emulator, "GET", JOBS + "/schedule/get-latest-job-progress", params={"jobid": job_id})
        if progress["status"] in ("complete", "failed"):
            break
        time.sleep(0.05)
    assert progress["status"] == "complete", progress
    return progress["cycleId"]


def folder_cases(emulator, folder_id):
    return call(emulator, "GET", REST + "/testcase/tree/%s" % folder_id)["results"]


def executions(emulator, cycle_id):
    phase = call(emulator, "GET", REST + "/cycle/%s" % cycle_id)["cyclePhases"][0]
    return call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase["id"]})["results"]


def test_a_run_creates_missing_test_cases_reuses_existing_ones_and_keeps_the_worst_outcome(emulator, folder):
    existing = call(emulator, "POST", REST + "/testcase", json={
        "tcrCatalogTreeId": folder["id"], "testcase": {"name": "a.B.two", "releaseId": 1}})
    cycle_id = run(emulator, folder["id"])
    tcts = folder_cases(emulator, folder["id"])
    assert [t["testcase"]["name"] for t in tcts] == ["a.B.two", "a.B.one", "a.B.three", "c.D.one"]
    assert tcts[0]["id"] == existing["id"]  # found by name, not created again
    created = tcts[1:]
    assert [t["id"] for t in created] == list(range(created[0]["id"], created[0]["id"] + 3))
    for tct in created:
        case = tct["testcase"]
        assert case["automated"] is True and case["scriptName"] == case["name"] and case["testcaseId"] == case["id"]
        assert tct["orderId"] == tct["id"] and tct["tcrCatalogTreeId"] == folder["id"]
    by_name = dict((r["tcrTreeTestcase"]["testcase"]["name"], r) for r in executions(emulator, cycle_id))
    assert dict((name, r["status"]) for name, r in by_name.items()) == {
        "a.B.one": "2", "a.B.two": "10", "a.B.three": "2", "c.D.one": "1"}
    for execution in by_name.values():
        assert execution["lastTestResult"]["id"] == execution["id"] == execution["lastTestResult"][
            "releaseTestScheduleId"]
        assert execution["testerId"] == 1 and execution["executedOn"]


def test_the_same_file_again_updates_the_same_records(emulator, folder):
    first_cycle = run(emulator, folder["id"])
    before_tcts = folder_cases(emulator, folder["id"])
    before = dict((r["id"], r["status"]) for r in executions(emulator, first_cycle))
    second_cycle = run(emulator, folder["id"])
    assert second_cycle == first_cycle  # isReuse: the cycle and its phase are found by name
    assert [t["id"] for t in folder_cases(emulator, folder["id"])] == [t["id"] for t in before_tcts]
    after = executions(emulator, second_cycle)
    assert dict((r["id"], r["status"]) for r in after) == before


def test_a_phase_and_a_folder_list_page_by_page(emulator, folder):
    cycle_id = run(emulator, folder["id"])
    phase = call(emulator, "GET", REST + "/cycle/%s" % cycle_id)["cyclePhases"][0]["id"]
    every = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase})
    ids = [r["id"] for r in every["results"]]
    assert every["resultSize"] == 4 and every["firstResult"] == 0 and every["pageNumber"] == 1 and ids == sorted(ids)
    page = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase, "offset": 2, "pagesize": 2})
    assert [r["id"] for r in page["results"]] == ids[2:] and (page["resultSize"], page["pageNumber"]) == (4, 2)
    down = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase, "isascorder": "false",
                                                              "offset": 1, "pagesize": 2})
    assert [r["id"] for r in down["results"]] == list(reversed(ids))[1:3]
    mine = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase, "testerid": 1, "pagesize": 3})
    assert mine["resultSize"] == 4 and len(mine["results"]) == 3
    assert call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase, "testerid": 2})["resultSize"] == 0
    anyone_cycle = run(emulator, folder["id"], cycle="Anyone", assignResultsTo=-10)
    anyone = call(emulator, "GET", REST + "/cycle/%s" % anyone_cycle)["cyclePhases"][0]["id"]
    for include, expected in (("true", 4), ("false", 0)):
        listed = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": anyone, "testerid": 2,
                                                                    "includeanyoneuser": include})
        assert listed["resultSize"] == expected and len(listed["results"]) == expected
    cases = call(emulator, "GET", REST + "/testcase/tree/%s" % folder["id"], params={"offset": 1, "pagesize": 2})
    assert (cases["resultSize"], cases["firstResult"], cases["pageNumber"]) == (4, 1, 1)
    assert [t["testcase"]["name"] for t in cases["results"]] == ["a.B.two", "a.B.three"]
    rest = call(emulator, "GET", REST + "/testcase/tree/%s" % folder["id"], params={"offset": 3, "pagesize": 0})
    assert [t["testcase"]["name"] for t in rest["results"]] == ["c.D.one"] and rest["pageNumber"] == 1
