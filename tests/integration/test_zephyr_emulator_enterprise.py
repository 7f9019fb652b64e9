"""The emulator's Zephyr Enterprise contract, as other clients see it (plain HTTP with requests):
auth and its error bodies, the automation-job operations with the product's odd parts, dates, tree
list shapes, bulk executions, preferences and attachments."""

import json
import os
import time

import pytest

import requests
from tests.shared_samples import SAMPLES as _SAMPLES

BASE = "/flex/services/rest"
REST = BASE + "/latest"
JOBS = BASE + "/v4/upload-file/automation"
BASIC = ("admin", "admin")
SAMPLE = os.path.join(_SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
JUNIT = b"""<testsuite name="s"><testcase classname="a.B" name="one"/><testcase classname="a.B" name="two">
<failure message="x"/></testcase></testsuite>"""


@pytest.fixture(autouse=True)
def ze_settings(emulator):
    """Run timing and server version back to the defaults around each test (the process is shared)."""
    defaults = {"ze_run_step": 0.05, "ze_version": "8.2", "ze_session_ttl": 5400}
    emulator.settings(**defaults)
    yield
    emulator.settings(**defaults)


def call(emulator, method, path, auth=BASIC, **kwargs):
    return requests.request(method, emulator.url + path, auth=auth, timeout=10, **kwargs)


def multipart(detail, content=JUNIT, name="result.xml"):
    files = {"automationJobDetail": (None, detail if isinstance(detail, str) else json.dumps(detail))}
    if content is not None:
        files["fileName"] = (name, content, "application/xml")
    return files


DETAIL = {"jobName": "api", "projectId": "1", "releaseId": "1", "automationFramework": "CUCUMBER",
          "cycleName": "Nightly", "testRepositoryPath": "Release 1.0 > new", "isReuse": "false",
          "timeStamp": "true", "assignResultsTo": "1", "cycleStartDateStr": "12/01/2026"}


def test_three_ways_to_authenticate_and_the_401_body(emulator):
    assert call(emulator, "GET", REST + "/user/current").json()["username"] == "admin"
    bearer = call(emulator, "GET", REST + "/user/current", auth=None, headers={"Authorization": "Bearer demo-token"})
    assert bearer.status_code == 200
    login = call(emulator, "GET", REST + "/manifest")
    cookie = login.headers["Set-Cookie"]
    assert cookie.startswith("token=") and "Max-Age=5400" in cookie and "Path=/flex" in cookie
    assert "Secure" in cookie and "HttpOnly" in cookie
    token = login.cookies["token"]
    by_cookie = call(emulator, "GET", REST + "/user/current", auth=None, headers={"Cookie": "token=" + token})
    assert by_cookie.status_code == 200
    emulator.control("POST", "expire")
    expired = call(emulator, "GET", REST + "/user/current", auth=None, headers={"Cookie": "token=" + token})
    assert expired.status_code == 401
    assert json.loads(expired.json()["message"])["message"].startswith("Authentication failed")
    missing = call(emulator, "GET", REST + "/user/current", auth=None)
    assert missing.status_code == 401 and "missing" in json.loads(missing.json()["message"])["message"]
    assert call(emulator, "GET", REST + "/user/current", auth=("admin", "bad")).status_code == 401


def test_the_cookie_lifetime_is_configurable(emulator):
    emulator.settings(ze_session_ttl=1)
    token = call(emulator, "GET", REST + "/manifest").cookies["token"]
    headers = {"Cookie": "token=" + token}
    assert call(emulator, "GET", REST + "/project/lite", auth=None, headers=headers).status_code == 200
    time.sleep(1.2)
    assert call(emulator, "GET", REST + "/project/lite", auth=None, headers=headers).status_code == 401


def test_403_for_a_project_the_user_is_not_member_of(emulator):
    emulator.control("POST", "users", {"name": "guest", "password": "guest"})
    created = call(emulator, "POST", REST + "/project", json={"name": "Secret", "members": [{"userId": 1}]})
    assert created.status_code == 200, created.text
    answer = call(emulator, "GET", REST + "/release/project/%s" % created.json()["id"], auth=("guest", "guest"))
    assert answer.status_code == 403 and "no permission" in answer.json()["message"]
    assert call(emulator, "POST", REST + "/project", auth=("guest", "guest"), json={"name": "X"}).status_code == 403
    assert call(emulator, "GET", REST + "/release/project/99").status_code == 400


def test_job_create_is_lenient_on_types_and_answers_the_products_shapes(emulator):
    created = call(emulator, "POST", JOBS + "/create-job-detail", files=multipart(DETAIL))
    assert created.status_code == 200, created.text
    job = created.json()
    assert job["testRepositoryPath"] == "Release 1.0 &gt; new"  # echoed HTML-escaped
    assert job["automationFramework"] == "Cucumber" and job["isReuse"] is False and job["assignResultsTo"] == 1
    detail = call(emulator, "GET", BASE + "/v3/automation/job/detail", params={"jobid": job["id"]}).json()
    for sic in ("jobCrationDate", "fileUplaodJobPath"):
        assert sic in detail
    assert detail["cycleStartDate"] == 1796083200000 and detail["testRepositoryPath"] == "Release 1.0 > new"
    listed = call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json()
    assert [(j["jobName"], j["status"], j["attachmentName"]) for j in listed] == [("api", "new", "result.xml")]
    assert set(listed[0]) == {"id", "projectId", "releaseId", "automationFramework", "status", "jobScheduleDate",
                              "createdBy", "cycleStartDate", "cycleEndDate", "jobName", "jobSource",
                              "jobDetailTcrCatalogTreeId", "phaseName", "testRepositoryPath", "attachmentId",
                              "attachmentName"}
    updated = call(emulator, "POST", JOBS + "/update-execute-job",
                   files=multipart({"id": str(job["id"]), "phaseName": "P2"}, content=None))
    assert updated.status_code == 200 and updated.json()["phaseName"] == "P2"
    assert updated.json()["cycleName"] == "Nightly"
    deleted = call(emulator, "POST", BASE + "/v3/automation/job/delete", json={"ids": [str(job["id"])]})
    assert deleted.status_code == 200 and deleted.json() is True
    assert call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json() == []


def test_job_input_is_strict_on_names(emulator):
    cases = [
        (dict(DETAIL, automationFramework="Jest"), "Unknown automationFramework"),
        (dict((k, v) for k, v in DETAIL.items() if k != "automationFramework"), "automationFramework is required"),
        (dict(dict((k, v) for k, v in DETAIL.items() if k != "automationFramework"),
              automatedFramework="JUnit"), "automationFramework is required"),
        (dict(DETAIL, jobName=""), "jobName must not be empty"),
        (dict(DETAIL, projectId="77"), "Project with id 77 does not exist"),
        (dict(DETAIL, releaseId="x"), "Release with id x does not exist"),
        (dict(DETAIL, cycleStartDateStr="2026-12-01"), "expected MM/dd/yyyy"),
        (dict(DETAIL, isReuse="maybe"), "isReuse must be true or false"),
        ("{not json", "automationJobDetail must be a JSON object"),
    ]
    for detail, words in cases:
        answer = call(emulator, "POST", JOBS + "/create-job-detail", files=multipart(detail))
        assert answer.status_code == 400 and words in answer.json()["message"], (detail, answer.text)
    no_file = call(emulator, "POST", JOBS + "/create-and-execute-job", files=multipart(DETAIL, content=None))
    assert no_file.status_code == 400 and "fileName" in no_file.json()["message"]
    assert call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json() == []


def test_a_run_moves_through_its_states_and_fills_the_cycle(emulator):
    emulator.settings(ze_run_step=0.3)
    with open(SAMPLE, "rb") as handle:
        content = handle.read()
    detail = dict(DETAIL, automationFramework="junit", timeStamp=False, isReuse=True, phaseName="Cart")
    run = call(emulator, "POST", JOBS + "/create-and-execute-job", files=multipart(detail, content)).json()
    assert set(run) == {"id", "status", "jobScheduleDate", "cycleDuration"} and run["status"] == "new"
    job_id = call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json()[0]["id"]
    seen = []
    for _attempt in range(60):
        # progress takes the job id, under v4 and latest alike
        for prefix in ("/v4", "/latest"):
            progress = call(emulator, "GET", BASE + prefix + "/upload-file/automation/schedule/get-latest-job-progress",
                            params={"jobid": job_id}).json()
            assert progress["id"] == run["id"] and progress["automationJobDetailId"] == job_id
            if not seen or seen[-1] != progress["status"]:
                seen.append(progress["status"])
        if progress["status"] == "complete":
            break
        time.sleep(0.1)
    assert seen == ["new", "Waiting", "in-progress", "complete"], seen
    listed = call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json()
    assert listed[0]["status"] == "complete"
    cycle = call(emulator, "GET", REST + "/cycle/%s" % progress["cycleId"]).json()
    assert cycle["name"] == "Nightly" and [p["name"] for p in cycle["cyclePhases"]] == ["Cart"]
    executions = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": cycle["cyclePhases"][0]["id"]})
    statuses = sorted(r["status"] for r in executions.json()["results"])
    assert statuses == ["1", "1", "1", "10", "2", "2"]
    assert all(r["testerId"] == 1 for r in executions.json()["results"])  # assignResultsTo "1"


def test_cancel_takes_the_run_id_and_stops_a_queued_run(emulator):
    emulator.settings(ze_run_step=2)
    run = call(emulator, "POST", JOBS + "/create-and-execute-job", files=multipart(DETAIL)).json()
    assert call(emulator, "POST", JOBS + "/cancel/%s" % run["id"]).json() is True
    assert call(emulator, "POST", JOBS + "/cancel/%s" % run["id"]).json() is False  # already stopped
    assert call(emulator, "POST", JOBS + "/cancel/999").status_code == 400
    job_id = call(emulator, "GET", JOBS + "/file-upload-job/list", params={"projectId": 1, "releaseId": 1}).json()[0]["id"]
    again = call(emulator, "POST", JOBS + "/execute-job", json={"ids": [str(job_id)]}).json()
    assert again[0]["status"] == "new" and again[0]["id"] != run["id"]
    assert call(emulator, "POST", JOBS + "/execute-job", json={"ids": [12345]}).status_code == 400


def test_cycles_take_both_date_conventions_and_the_environment_preference(emulator):
    by_string = call(emulator, "POST", REST + "/cycle", json={"name": "A", "releaseId": 1, "cycleStartDate": "12/01/2026",
                                                              "cycleEndDate": "12/05/2026"}).json()
    by_ms = call(emulator, "POST", REST + "/cycle", json={"name": "B", "releaseId": "1", "startDate": 1796083200000,
                                                          "endDate": 1796428800000}).json()
    for cycle in (by_string, by_ms):
        assert (cycle["cycleStartDate"], cycle["cycleEndDate"]) == ("12/01/2026", "12/05/2026")
        assert cycle["startDate"] == 1796083200000
    bad = call(emulator, "POST", REST + "/cycle", json={"name": "C", "releaseId": 1, "cycleStartDate": "2026-12-01"})
    assert bad.status_code == 400
    reversed_dates = call(emulator, "POST", REST + "/cycle", json={"name": "C", "releaseId": 1,
                                                                   "cycleStartDate": "12/05/2026",
                                                                   "cycleEndDate": "12/01/2026"})
    assert reversed_dates.status_code == 400 and "before" in reversed_dates.json()["message"]
    prefs = call(emulator, "GET", BASE + "/v4/admin/preference/all/system", params={"name": "cycle.environment.enabled"})
    assert prefs.json()[0]["value"] == "false"
    call(emulator, "PUT", REST + "/admin/preference", json={"name": "cycle.environment.enabled", "value": "true"})
    refused = call(emulator, "POST", REST + "/cycle", json={"name": "D", "releaseId": 1})
    assert refused.status_code == 400 and "Environment is mandatory" in refused.json()["message"]
    assert call(emulator, "POST", REST + "/cycle", json={"name": "D", "releaseId": 1,
                                                         "environment": "qa"}).status_code == 200
    listed = call(emulator, "GET", REST + "/cycle/release/1").json()
    assert isinstance(listed, list) and [c["name"] for c in listed] == ["A", "B", "D"]


def test_bulk_status_keeps_the_misspelled_field_and_checks_status_ids(emulator):
    folder = call(emulator, "POST", REST + "/testcasetree", params={"parentid": 0},
                  json={"name": "F", "type": "Phase", "releaseId": 1}).json()
    created = call(emulator, "POST", REST + "/testcase/bulk", json=[
        {"tcrCatalogTreeId": folder["id"], "testcase": {"name": "t%d" % i, "customProperties": {}}} for i in range(3)])
    assert created.status_code == 200 and len(created.json()) == 3
    null_props = call(emulator, "POST", REST + "/testcase/bulk", json=[
        {"tcrCatalogTreeId": folder["id"], "testcase": {"name": "x", "customProperties": None}}])
    assert null_props.status_code == 500  # the product's pitfall: send {} not null
    cycle = call(emulator, "POST", REST + "/cycle", json={"name": "C", "releaseId": 1}).json()
    phase = call(emulator, "POST", REST + "/cycle/%s/phase" % cycle["id"],
                 json={"name": "P", "freeForm": False, "tcrCatalogTreeId": folder["id"]}).json()
    assert phase["tcrCatalogTreeId"] == folder["id"] and phase["freeForm"] is False
    assert call(emulator, "POST", REST + "/assignmenttree/%s/assign" % phase["id"]).json() == 3
    rts = call(emulator, "GET", REST + "/execution", params={"cyclephaseid": phase["id"], "pagesize": 2}).json()
    assert rts["resultSize"] == 3 and len(rts["results"]) == 2
    ids = [r["id"] for r in rts["results"]]
    done = call(emulator, "PUT", REST + "/execution/bulk", params={"status": 1, "testerid": 1},
                json={"ids": ids, "serachView": False})
    assert done.status_code == 200 and [r["lastTestResult"]["executionStatus"] for r in done.json()] == ["1", "1"]
    assert call(emulator, "PUT", REST + "/execution/bulk", params={"status": 99}, json={"ids": ids}).status_code == 400
    assert call(emulator, "PUT", REST + "/execution/bulk", params={"status": 1}, json={"idz": ids}).status_code == 400


def test_attachments_are_uploaded_then_linked(emulator):
    folder = call(emulator, "POST", REST + "/testcasetree", json={"name": "F", "releaseId": 1}).json()
    tct = call(emulator, "POST", REST + "/testcase", json={"tcrCatalogTreeId": folder["id"],
                                                           "testcase": {"name": "t"}}).json()
    uploaded = call(emulator, "POST", "/flex/upload/document/genericattachment",
                    files={"testcase": ("my log.txt", b"hello", "text/plain")}).json()
    assert uploaded[0]["fileName"] == "my%20log.txt" and uploaded[0]["fieldName"] == "testcase"
    linked = call(emulator, "POST", REST + "/attachment/list", json=[{
        "contentType": "text/plain", "fileSize": 5, "itemId": tct["testcase"]["id"], "itemType": "testcase",
        "name": "my log.txt", "tempPath": uploaded[0]["tempFilePath"], "createdBy": 1, "timeStamp": 0}]).json()
    listed = call(emulator, "GET", REST + "/attachment", params={"itemid": tct["testcase"]["id"], "type": "testcase"})
    assert [a["name"] for a in listed.json()] == ["my log.txt"]
    assert call(emulator, "GET", REST + "/attachment", params={"itemid": 1, "type": "TestCase"}).status_code == 400
    content = call(emulator, "GET", "/flex/download", params={"action": "download", "fileId": linked[0]["refId"]})
    assert content.content == b"hello"
