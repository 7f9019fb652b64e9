"""The emulator's ZAPI surface against the documented contract (../shared/api/zephyr_squad.md),
over HTTP as any client would call it."""

import base64
import json
import time
import urllib.request

import pytest

from tests.integration.zephyr_squad_support import (
    SHOP,
    V240,
    Z,
    add_tests,
    executions,
    make_cycle,
    ok,
    wait_job,
)


@pytest.fixture
def slow_jobs(emulator):
    """Jobs that take a while and expire fast; the defaults come back afterwards."""
    emulator.settings(job_delay=0.3, job_expiry=0.5)
    yield emulator
    emulator.settings(job_delay=0.05, job_expiry=30.0)


def test_add_tests_job_reports_progress_never_duplicates_and_expires(slow_jobs):
    emulator = slow_jobs
    cycle = make_cycle(emulator, "Jobs")
    answer = ok(emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "1", "issues": ["SHOP-101", "SHOP-102", "NOPE-1", "SHOP-999"], "projectId": SHOP,
        "versionId": V240, "cycleId": cycle}))
    token = answer["jobProgressToken"]
    running = ok(emulator.api("GET", Z + "/execution/jobProgress/%s?type=add_tests_to_cycle_job_progress" % token))
    assert running["progress"] == 0.0 and set(running) >= {"timeTaken", "errorMessage", "message", "stepMessages"}
    concurrent = ok(emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "1", "issues": ["SHOP-103"], "projectId": SHOP, "versionId": V240, "cycleId": cycle}))
    time.sleep(0.35)
    refused = ok(emulator.api("GET", Z + "/execution/jobProgress/%s" % concurrent["jobProgressToken"]))
    assert "in progress" in refused["errorMessage"] and refused["progress"] == 1.0
    done = wait_job(emulator, answer)
    parts = done["message"].split("<br/>")
    assert "SHOP-101,SHOP-102" in parts[1] and "NOPE-1" in parts[2] and "SHOP-999" in parts[2]
    again = add_tests(emulator, cycle, ["SHOP-102", "SHOP-103"])
    assert "SHOP-102" in again["message"].split("<br/>")[0]  # reported existing, not added twice
    assert sorted(e["issueKey"] for e in executions(emulator, cycle)) == ["SHOP-101", "SHOP-102", "SHOP-103"]
    time.sleep(0.6)
    status, body = emulator.api("GET", Z + "/jobProgress/%s" % token)
    assert status == 200 and body is None  # an expired job answers a null body


def test_add_tests_validation_and_methods_2_and_3(emulator):
    cycle = make_cycle(emulator, "Methods")
    status, body = emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "9", "projectId": SHOP, "versionId": V240, "cycleId": cycle})
    assert status == 400 and "Invalid method type" in body
    status, body = emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "1", "issues": [], "projectId": SHOP, "versionId": V240, "cycleId": cycle})
    assert status == 400 and "Invalid Issue" in body
    status, body = emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "2", "searchId": "", "projectId": SHOP, "versionId": V240, "cycleId": cycle})
    assert status == 400 and "No Saved search" in body["error"]
    saved = ok(emulator.api("POST", "/rest/api/2/filter", {"name": "logins", "jql": "summary ~ Login"}))
    assert ok(emulator.api("GET", "/rest/api/2/filter/%s" % saved["id"]))["jql"] == "summary ~ Login"
    wait_job(emulator, ok(emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": 2, "searchId": saved["id"], "projectId": SHOP, "versionId": V240, "cycleId": cycle})))
    assert sorted(e["issueKey"] for e in executions(emulator, cycle)) == ["SHOP-101", "SHOP-102"]
    ok(emulator.api("PUT", Z + "/execution/%s/execute" % executions(emulator, cycle)[0]["id"], {"status": "2"}))
    other = make_cycle(emulator, "Copy")
    wait_job(emulator, ok(emulator.api("POST", Z + "/execution/addTestsToCycle", {
        "method": "3", "fromCycleId": cycle, "fromVersionId": V240, "statuses": "2", "projectId": SHOP,
        "versionId": V240, "cycleId": other})))
    copied = executions(emulator, other)
    assert [e["issueKey"] for e in copied] == ["SHOP-101"] and copied[0]["executionStatus"] == "-1"


def test_cycle_errors_dates_and_list_shapes(emulator):
    status, body = emulator.api("POST", Z + "/cycle", {"name": "x", "projectId": SHOP, "versionId": V240,
                                                       "startDate": "2026-12-01"})
    assert status == 406 and "date" in body
    status, body = emulator.api("POST", Z + "/cycle", {"name": "x", "projectId": SHOP, "versionId": V240,
                                                       "startDate": "5/Dec/26", "endDate": "1/Dec/26"})
    assert status == 406 and "dateSequenceError" in body
    status, body = emulator.api("GET", Z + "/cycle/4242")
    assert status == 406 and "Error" in body
    cycle = make_cycle(emulator, "Shapes", startDate="1/Dec/26")
    listed = ok(emulator.api("GET", Z + "/cycle?projectId=%s&versionId=%s" % (SHOP, V240)))
    assert listed["-1"]["name"] == "Ad hoc" and listed["recordsCount"] == 2 and listed[cycle]["startDate"] == "01/Dec/26"
    by_version = ok(emulator.api("GET", Z + "/cycle?projectId=%s" % SHOP))
    assert cycle in by_version[V240][0]
    answer = ok(emulator.api("DELETE", Z + "/cycle/%s" % cycle))
    wait_job(emulator, answer)
    status, _body = emulator.api("GET", Z + "/cycle/%s" % cycle)
    assert status == 406


def test_folders_are_unique_per_cycle_and_scope_listings(emulator):
    cycle = make_cycle(emulator, "Folders")
    created = ok(emulator.api("POST", Z + "/folder/create", {"cycleId": cycle, "name": "API", "projectId": SHOP,
                                                             "versionId": V240}))
    assert created["responseMessage"] == "Folder API created successfully" and created["cycleName"] == "Folders"
    status, body = emulator.api("POST", Z + "/folder/create", {"cycleId": cycle, "name": "API", "projectId": SHOP,
                                                               "versionId": V240})
    assert status == 400 and "already exists" in body["error"]
    add_tests(emulator, cycle, ["SHOP-101"], folder_id=created["id"])
    add_tests(emulator, cycle, ["SHOP-101", "SHOP-102"])
    assert [e["issueKey"] for e in executions(emulator, cycle, created["id"])] == ["SHOP-101"]
    assert len(executions(emulator, cycle)) == 2  # the cycle's own, outside its folder
    ok(emulator.api("PUT", Z + "/folder/%s" % created["id"], {"name": "REST", "cycleId": cycle, "projectId": SHOP,
                                                              "versionId": V240}))
    wait_job(emulator, ok(emulator.api("DELETE", Z + "/folder/%s?projectId=%s&versionId=%s&cycleId=%s" % (
        created["id"], SHOP, V240, cycle))))
    assert ok(emulator.api("GET", Z + "/cycle/%s/folders?projectId=%s&versionId=%s" % (cycle, SHOP, V240))) == []


def test_executions_create_execute_bulk_and_delete(emulator):
    cycle = make_cycle(emulator, "Runs")
    first = ok(emulator.api("POST", Z + "/execution", {"issueId": 10101, "projectId": SHOP, "versionId": V240,
                                                       "cycleId": cycle}))
    (exec_id, execution), = first.items()
    again = ok(emulator.api("POST", Z + "/execution", {"issueId": 10101, "projectId": SHOP, "versionId": V240,
                                                       "cycleId": cycle}))
    assert list(again) == [exec_id] and again[exec_id]["isReturnSchedule"] == "true"
    status, body = emulator.api("POST", Z + "/execution", {"issueId": 10101, "projectId": SHOP, "cycleId": "999"})
    assert status == 400 and "Invalid Cycle" in body
    executed = ok(emulator.api("PUT", Z + "/execution/%s/execute" % exec_id, {
        "status": "2", "comment": "boom", "defectList": ["SHOP-110"], "updateDefectList": "true"}))
    assert executed["executionStatus"] == "2" and executed["executionDefectCount"] == 1
    assert list(ok(emulator.api("GET", Z + "/execution/%s/defects" % exec_id))[exec_id]) == ["SHOP-110"]
    status, _body = emulator.api("PUT", Z + "/execution/%s/execute" % exec_id, {"status": "77"})
    assert status == 400
    add_tests(emulator, cycle, ["SHOP-102", "SHOP-103"])
    ids = [str(e["id"]) for e in executions(emulator, cycle)]
    wait_job(emulator, ok(emulator.api("PUT", Z + "/execution/updateBulkStatus", {"executions": ids, "status": 4})))
    assert set(e["executionStatus"] for e in executions(emulator, cycle)) == {"4"}
    page = ok(emulator.api("GET", Z + "/execution?cycleId=%s&offset=1&limit=1" % cycle))
    assert page["recordsCount"] == 3 and len(page["executions"]) == 1 and page["status"]["1"]["name"] == "PASS"
    assert ok(emulator.api("DELETE", Z + "/execution/424242")) == {"error": "Execution 424242 does not exist."}
    wait_job(emulator, ok(emulator.api("DELETE", Z + "/execution/deleteExecutions", {"executions": ids[:2]})))
    assert len(executions(emulator, cycle)) == 1


def test_steps_step_results_and_attachments(emulator):
    step = ok(emulator.api("POST", Z + "/teststep/10101", {"step": "open", "data": "", "result": "shown"}))
    ok(emulator.api("POST", Z + "/teststep/10101", {"step": "sign in"}))
    steps = ok(emulator.api("GET", Z + "/teststep/10101"))["stepBeanCollection"]
    assert [s["orderId"] for s in steps] == [1, 2] and steps[0]["id"] == step["id"]
    cycle = make_cycle(emulator, "Steps")
    add_tests(emulator, cycle, ["SHOP-101"])
    execution = executions(emulator, cycle)[0]
    results = ok(emulator.api("GET", Z + "/stepResult?executionId=%s" % execution["id"]))
    assert len(results) == 2 and results[0]["status"] == "-1"
    updated = ok(emulator.api("PUT", Z + "/stepResult/%s" % results[1]["id"], {"status": "2", "comment": "x"}))
    assert updated["id"] == results[1]["id"] and updated["stepId"] == steps[1]["id"] and updated["status"] == "2"
    # a multipart upload needs Jira's XSRF header
    boundary = "b0undary"
    payload = ("--%s\r\nContent-Disposition: form-data; name=\"file\"; filename=\"run.log\"\r\n"
               "Content-Type: text/plain\r\n\r\nall good\r\n--%s--\r\n" % (boundary, boundary)).encode()
    url = emulator.url + Z + "/attachment?entityId=%s&entityType=execution" % execution["id"]
    auth = "Basic " + base64.b64encode(b"admin:admin").decode()
    for header, expected in ((None, 403), ("nocheck", 200)):
        headers = {"Content-Type": "multipart/form-data; boundary=%s" % boundary, "Authorization": auth}
        if header:
            headers["X-Atlassian-Token"] = header
        try:
            with urllib.request.urlopen(urllib.request.Request(url, data=payload, headers=headers)) as resp:
                status = resp.status
        except urllib.error.HTTPError as err:
            status = err.code
        assert status == expected
    listed = ok(emulator.api("GET", Z + "/attachment/attachmentsByEntity?entityId=%s&entityType=execution"
                             % execution["id"]))["data"]
    assert [(a["fileName"], a["fileSize"]) for a in listed] == [("run.log", 8)]


def test_zql_pages_statuses_and_auth_oddities(emulator):
    cycle = make_cycle(emulator, "ZQL")
    add_tests(emulator, cycle, ["SHOP-%d" % n for n in range(101, 111)])
    first = ok(emulator.api("GET", Z + "/zql/executeSearch?zqlQuery=%s&maxRecords=4" % urllib.parse.quote(
        'cycleName = "ZQL" AND executionStatus = UNEXECUTED')))
    assert first["totalCount"] == 10 and len(first["executions"]) == 4 and first["executions"][0]["status"]["name"]
    default = ok(emulator.api("GET", Z + "/zql/executeSearch?zqlQuery=%s" % urllib.parse.quote("project = SHOP")))
    assert default["maxResultAllowed"] == 20
    names = [s["name"] for s in ok(emulator.api("GET", Z + "/util/testExecutionStatus"))]
    assert {"PASS", "FAIL", "WIP", "BLOCKED", "UNEXECUTED", "PENDING"} <= set(names)
    board = ok(emulator.api("GET", Z + "/util/versionBoard-list?projectId=%s" % SHOP))
    assert board["unreleasedVersions"][0] == {"value": "-1", "label": "Unscheduled", "archived": False}
    status, body = emulator.api("GET", Z + "/util/zephyrTestIssueType", password="wrong")
    assert status == 200 and body["errorDesc"].startswith("You do not have the permission")
    status, body = emulator.api("GET", Z + "/cycle?projectId=%s" % SHOP, password="wrong")
    assert status == 401 and json.dumps(body).count("error") == 1
