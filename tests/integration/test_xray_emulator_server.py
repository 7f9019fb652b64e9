"""The Xray Server/DC emulator against its documented contract, over real HTTP (no Ansible)."""

import json
import os

import pytest
import requests
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
AUTH = ("admin", "admin")


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as handle:
        return handle.read()


class Xray:
    def __init__(self, url):
        self.url = url

    def post_file(self, path, data, part="file", params=None, extra=None):
        files = {part: ("report", data, "application/octet-stream")}
        for name, value in (extra or {}).items():
            files[name] = (name + ".json", json.dumps(value), "application/json")
        return requests.post(self.url + path, params=params, files=files, auth=AUTH, timeout=30)

    def call(self, method, path, **kwargs):
        return requests.request(method, self.url + path, auth=AUTH, timeout=30, **kwargs)

    def runs(self, key, **params):
        answer = self.call("GET", "/rest/raven/1.0/api/testexec/%s/test" % key, params=dict(params, detailed="true"))
        assert answer.status_code == 200, answer.text
        return answer.json()

    def issue(self, key):
        return self.call("GET", "/rest/api/2/issue/%s" % key).json()

    def create(self, issuetype, summary, **fields):
        body = {"fields": dict({"project": {"key": "SHOP"}, "summary": summary, "issuetype": {"name": issuetype}},
                               **fields)}
        answer = self.call("POST", "/rest/api/2/issue", json=body)
        assert answer.status_code == 201, answer.text
        return answer.json()["key"]


@pytest.fixture
def xray(emulator):
    return Xray(emulator.url)


def statuses(runs):
    return dict((r["key"], r["status"]) for r in runs)


def test_junit_import_creates_generic_tests_and_reuses_them(xray, emulator):
    first = xray.post_file("/rest/raven/1.0/import/execution/junit", sample("pytest-xunit2.xml"),
                           params={"projectKey": "SHOP", "testEnvironments": "chrome;linux", "revision": "r1",
                                   "fixVersion": "2.5.0"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert set(body) == {"testExecIssue", "testIssues", "infoMessages"}
    exec_key = body["testExecIssue"]["key"]
    assert body["testExecIssue"]["self"].endswith("/rest/api/2/issue/%s" % body["testExecIssue"]["id"])
    keys = [t["key"] for t in body["testIssues"]["success"]]
    assert keys[:3] == ["SHOP-101", "SHOP-102", "SHOP-103"]  # test_key properties link existing Tests
    assert len(keys) == 14
    runs = statuses(xray.runs(exec_key))
    assert runs["SHOP-101"] == "PASS" and runs["SHOP-103"] == "FAIL"
    assert sorted(runs.values()).count("TODO") == 2  # skipped and xfail
    issue = xray.issue(exec_key)["fields"]
    assert issue["issuetype"]["name"] == "Test Execution"
    assert issue["fixVersions"][0]["name"] == "2.5.0"
    fields = dict((f["name"], f["id"]) for f in xray.call("GET", "/rest/api/2/field").json())
    assert issue[fields["Test Environments"]] == ["chrome", "linux"] and issue[fields["Revision"]] == "r1"
    generic = xray.call("GET", "/rest/raven/1.0/api/test", params={"keys": keys[3]}).json()[0]
    assert generic["type"] == "Generic" and generic["definition"] == "test_shop.test_payment_gateway_timeout"

    # The same report again (legacy spelling): no new Tests, a new execution.
    second = xray.post_file("/rest/raven/2.0/api/import/execution/junit", sample("pytest-legacy.xml"),
                            params={"projectKey": "SHOP"})
    assert second.status_code == 200, second.text
    assert [t["key"] for t in second.json()["testIssues"]["success"]] == keys
    assert second.json()["testExecIssue"]["key"] != exec_key

    # testExecKey updates the runs in place; several results of one Test combine.
    junit = (b'<testsuite name="s"><testcase classname="test_shop" name="test_gift_cards"/>'
             b'<testcase classname="test_shop" name="test_gift_cards"><failure message="x"/></testcase>'
             b'<testcase classname="c" name="twice"/><testcase classname="c" name="twice"/></testsuite>')
    third = xray.post_file("/rest/raven/1.0/import/execution/junit", junit, params={"testExecKey": exec_key})
    assert third.status_code == 200, third.text
    after = statuses(xray.runs(exec_key))
    gift = [t["key"] for t in third.json()["testIssues"]["success"]][0]
    assert after[gift] == "FAIL" and len(after) == 15
    assert after[third.json()["testIssues"]["success"][1]["key"]] == "PASS"


def test_every_format_standard_and_multipart(xray):
    def ok(answer):
        assert answer.status_code == 200, answer.text
        return answer.json()["testExecIssue"]["key"]

    info = {"fields": {"project": {"key": "SHOP"}, "summary": "From info", "issuetype": {"name": "Test Execution"},
                       "labels": ["ci"]}}
    robot = ok(xray.post_file("/rest/raven/1.0/import/execution/robot", sample("robot-output.xml"),
                              params={"projectKey": "SHOP"}))
    assert statuses(xray.runs(robot)) and sorted(statuses(xray.runs(robot)).values()) == ["FAIL", "PASS", "PASS", "TODO"]
    xunit = ok(xray.post_file("/rest/raven/1.0/import/execution/junit/multipart", sample("robot-xunit.xml"),
                              extra={"info": info, "testInfo": {"fields": {"labels": ["robot"]}}}))
    # robot --xunit and robot output.xml give the same Generic definitions: the same Tests.
    assert set(statuses(xray.runs(xunit))) == set(statuses(xray.runs(robot)))
    assert xray.issue(xunit)["fields"]["summary"] == "From info" and xray.issue(xunit)["fields"]["labels"] == ["ci"]
    cucumber = ok(xray.post_file("/rest/raven/1.0/import/execution/cucumber/multipart", sample("cucumber-js.json"),
                                 part="result", extra={"info": info}))
    cuke_runs = statuses(xray.runs(cucumber))
    assert sorted(cuke_runs.values()) == ["FAIL", "PASS"]
    cuke_test = xray.call("GET", "/rest/raven/1.0/api/test", params={"keys": ";".join(cuke_runs)}).json()
    assert {t["type"] for t in cuke_test} == {"Cucumber"} and "Given" in cuke_test[0]["definition"]
    behave = ok(xray.post_file("/rest/raven/1.0/import/execution/behave/multipart", sample("behave.json"),
                               part="result", extra={"info": info}))
    assert sorted(statuses(xray.runs(behave)).values()) == ["FAIL", "PASS"]  # outline rows are one Test
    # the standard Cucumber endpoint takes the raw JSON; scenarios tagged with a Test key link it
    tagged = json.loads(sample("cucumber-js.json"))
    tagged[0]["elements"][0]["tags"].append({"name": "@SHOP-105", "line": 1})
    standard = ok(xray.call("POST", "/rest/raven/1.0/import/execution/cucumber", json=tagged))
    assert "SHOP-105" in statuses(xray.runs(standard))
    testng = (b'<testng-results><suite name="S"><test name="T"><class name="com.shop.Checkout">'
              b'<test-method status="PASS" name="pays" signature="pays()" started-at="2026-11-23T07:00:00Z"/>'
              b'</class></test></suite></testng-results>')
    ng = ok(xray.post_file("/rest/raven/1.0/import/execution/testng", testng, params={"projectKey": "SHOP"}))
    assert list(statuses(xray.runs(ng)).values()) == ["PASS"]
    nunit = (b'<test-run><test-suite type="TestFixture" name="Cart" fullname="Shop.Cart">'
             b'<test-case name="Adds" fullname="Shop.Cart.Adds" result="Failed"/></test-suite></test-run>')
    nu = ok(xray.post_file("/rest/raven/1.0/import/execution/nunit/multipart", nunit, extra={"info": info}))
    assert list(statuses(xray.runs(nu)).values()) == ["FAIL"]
    xunit_net = (b'<assemblies><assembly name="Shop.Tests.dll"><collection name="c">'
                 b'<test name="Shop.Cart.Adds" type="Shop.Cart" method="Adds" result="Pass" time="0.1"/>'
                 b'</collection></assembly></assemblies>')
    xu = ok(xray.post_file("/rest/raven/1.0/import/execution/xunit", xunit_net, params={"projectKey": "SHOP"}))
    assert list(statuses(xray.runs(xu)).values()) == ["PASS"]
    doc = {"tests": [{"testKey": "SHOP-101", "status": "PASS"}]}
    mp = ok(xray.post_file("/rest/raven/1.0/import/execution/multipart", json.dumps(doc).encode(), part="result",
                           extra={"info": info}))
    assert statuses(xray.runs(mp)) == {"SHOP-101": "PASS"}


def test_xray_json_in_place_with_plan_evidence_and_defects(xray):
    plan = xray.create("Test Plan", "Release 2.5.0")
    doc = {"info": {"project": "SHOP", "summary": "Manual run", "testPlanKey": plan, "testEnvironments": ["qa"]},
           "tests": [{"testKey": "SHOP-101", "status": "PASS", "comment": "fine"},
                     {"testKey": "SHOP-102", "status": "FAIL", "defects": ["SHOP-103"],
                      "evidences": [{"data": "aGVsbG8=", "filename": "log.txt", "contentType": "text/plain"}]},
                     {"testInfo": {"projectKey": "SHOP", "summary": "Brand new manual test", "type": "Manual"},
                      "status": "TODO"}]}
    answer = xray.call("POST", "/rest/raven/1.0/import/execution", json=doc)
    assert answer.status_code == 200, answer.text
    key = answer.json()["testExecIssue"]["key"]
    runs = dict((r["key"], r) for r in xray.runs(key))
    assert runs["SHOP-101"]["comment"] == "fine"
    assert runs["SHOP-102"]["defects"][0]["key"] == "SHOP-103"
    assert runs["SHOP-102"]["evidences"][0]["fileName"] == "log.txt"
    plan_tests = xray.call("GET", "/rest/raven/1.0/api/testplan/%s/test" % plan).json()
    assert sorted(t["key"] for t in plan_tests) == sorted(runs)
    assert [e["key"] for e in xray.call("GET", "/rest/raven/1.0/api/testplan/%s/testexecution" % plan).json()] == [key]
    # In place: one run per Test, updated.
    again = xray.call("POST", "/rest/raven/1.0/import/execution",
                      json={"testExecutionKey": key, "tests": [{"testKey": "SHOP-101", "status": "FAIL"}]})
    assert again.status_code == 200
    assert statuses(xray.runs(key))["SHOP-101"] == "FAIL" and len(xray.runs(key)) == 3


@pytest.mark.parametrize("request_args, message", [
    (("junit", b"\xef\xbb\xbf<testsuite/>", {"projectKey": "SHOP"}), "Invalid xml file: Non-whitespace before first tag"),
    (("junit", b'<testsuite><testcase classname="a" name="b"><properties><property name="test_key" value="SHOP-999"/>'
               b'</properties></testcase></testsuite>', {"projectKey": "SHOP"}), "Test issue with key SHOP-999 not found"),
    (("junit", b"<testsuite/>", {}), "project is required"),
    (("junit", b"<testsuite/>", {"projectKey": "NOPE"}), "Error retrieving Project from Jira with key NOPE"),
    (("junit", b"<testsuite/>", {"testExecKey": "SHOP-101"}), "Test Execution with key SHOP-101 not found"),
    (("junit", b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><testsuite name="&a;"/>', {"projectKey": "SHOP"}),
     "DOCTYPE"),
    (("robot", b"<testsuite/>", {"projectKey": "SHOP"}), "Invalid xml file"),
])
def test_import_errors_are_400_with_the_products_message_and_write_nothing(xray, emulator, request_args, message):
    fmt, data, params = request_args
    before = xray.call("GET", "/rest/api/2/search", params={"jql": "project = SHOP", "maxResults": 0}).json()["total"]
    answer = xray.post_file("/rest/raven/1.0/import/execution/%s" % fmt, data, params=params)
    assert answer.status_code == 400
    assert message in answer.json()["error"], answer.text
    after = xray.call("GET", "/rest/api/2/search", params={"jql": "project = SHOP", "maxResults": 0}).json()["total"]
    assert after == before


def test_json_import_errors(xray):
    cases = [
        ({"tests": [{"testKey": ["SHOP-101"], "status": "PASS"}]}, "must be a String"),
        ({"testExecutionKey": "SHOP-999", "tests": [{"testKey": "SHOP-101", "status": "PASS"}]},
         "Test Execution with key SHOP-999 not found"),
        ({"info": {"project": "SHOP"}, "tests": [{"testKey": "SHOP-101", "status": "PASSED"}]}, "Status 'PASSED'"),
    ]
    for doc, message in cases:
        answer = xray.call("POST", "/rest/raven/1.0/import/execution", json=doc)
        assert answer.status_code == 400 and message in answer.json()["error"], answer.text
    no_info = xray.post_file("/rest/raven/1.0/import/execution/junit/multipart", b"<testsuite/>")
    assert no_info.status_code == 400 and "info" in no_info.json()["error"]
    bad_info = xray.post_file("/rest/raven/1.0/import/execution/junit/multipart", b"<testsuite/>",
                              extra={"info": {"fields": {"summary": "x", "issuetype": {"name": "Test Execution"}}}})
    assert "project is required" in bad_info.json()["error"]
    no_type = xray.post_file("/rest/raven/1.0/import/execution/junit/multipart", b"<testsuite/>",
                             extra={"info": {"fields": {"summary": "x", "project": {"key": "SHOP"}}}})
    assert "issuetype: issuetype" in no_type.json()["error"]
    assert requests.post(xray.url + "/rest/raven/1.0/import/execution", json={}, timeout=10).status_code == 401


def test_execution_run_test_and_plan_rest(xray):
    execution = xray.create("Test Execution", "REST run")
    add = xray.call("POST", "/rest/raven/1.0/api/testexec/%s/test" % execution,
                    json={"add": ["SHOP-101", "SHOP-102", "SHOP-103", "SHOP-999"]})
    assert add.status_code == 200 and add.json() == ["Test with key SHOP-999 was not found."]
    paged = [xray.runs(execution, limit=2, page=p) for p in (1, 2)]
    assert [len(p) for p in paged] == [2, 1]
    assert [r["key"] for r in paged[0] + paged[1]] == ["SHOP-101", "SHOP-102", "SHOP-103"]
    assert xray.call("GET", "/rest/raven/1.0/api/testexec/%s/test" % execution,
                     params={"limit": 2, "page": 0}).status_code == 400
    remove = xray.call("POST", "/rest/raven/1.0/api/testexec/%s/test" % execution, json={"remove": ["SHOP-103"]})
    assert remove.json() == [] and len(xray.runs(execution)) == 2

    run = xray.call("GET", "/rest/raven/1.0/api/testrun", params={"testExecIssueKey": execution,
                                                                  "testIssueKey": "SHOP-101"}).json()
    assert run["status"] == "TODO" and run["testKey"] == "SHOP-101" and run["testExecKey"] == execution
    put = xray.call("PUT", "/rest/raven/1.0/api/testrun/%s" % run["id"], json={
        "status": "FAIL", "comment": "broken", "defects": {"add": ["SHOP-104"]},
        "evidences": {"add": [{"filename": "a.txt", "contentType": "text/plain", "data": "YQ=="}]}})
    assert put.status_code == 200
    full = xray.call("GET", "/rest/raven/1.0/api/testrun/%s" % run["id"]).json()
    assert full["status"] == "FAIL" and full["comment"] == "broken" and full["defects"][0]["key"] == "SHOP-104"
    assert full["evidences"][0]["fileName"] == "a.txt" and full["finishedOn"]
    assert xray.call("PUT", "/rest/raven/1.0/api/testrun/%s/status" % run["id"],
                     params={"status": "PASS"}).status_code == 200
    assert xray.call("GET", "/rest/raven/1.0/api/testrun/%s/status" % run["id"]).json() == "PASS"
    assert xray.call("PUT", "/rest/raven/1.0/api/testrun/%s/status" % run["id"],
                     params={"status": "NOPE"}).status_code == 400
    assert xray.call("GET", "/rest/raven/2.0/api/testrun/999999").status_code == 404
    statuses_ = xray.call("GET", "/rest/raven/1.0/api/settings/teststatuses").json()
    assert [s["name"] for s in statuses_][:4] == ["PASS", "FAIL", "TODO", "EXECUTING"]
    assert set(statuses_[0]) >= {"id", "rank", "name", "description", "final", "color", "requirementStatusName"}

    step = xray.call("PUT", "/rest/raven/1.0/api/test/SHOP-104/step", json={"step": "Open", "data": "", "result": "ok"})
    assert step.status_code == 200
    step_id = step.json()["id"]
    assert xray.call("POST", "/rest/raven/1.0/api/test/SHOP-104/step/%s" % step_id, json={"result": "shown"}).json()[
        "result"]["raw"] == "shown"
    manual = xray.call("GET", "/rest/raven/1.0/api/test", params={"keys": "SHOP-104;SHOP-999"}).json()
    assert len(manual) == 1 and manual[0]["type"] == "Manual" and manual[0]["definition"]["steps"][0]["step"]["raw"] == "Open"
    assert xray.call("DELETE", "/rest/raven/1.0/api/test/SHOP-104/step/%s" % step_id).status_code == 200
    assert xray.call("GET", "/rest/raven/1.0/api/test/SHOP-104/step").json() == []
    assert [e["key"] for e in xray.call("GET", "/rest/raven/1.0/api/test/SHOP-101/testexecutions").json()] == [execution]

    plan = xray.create("Test Plan", "Plan")
    assert xray.call("POST", "/rest/raven/1.0/api/testplan/%s/test" % plan, json={"add": ["SHOP-101"]}).json() == []
    assert xray.call("POST", "/rest/raven/2.0/api/testplan/%s/testexecution" % plan, json={"add": [execution]}).json() == []
    assert xray.call("GET", "/rest/raven/1.0/api/testplan/%s/test" % plan).json()[0]["latestStatus"] == "PASS"
    assert xray.call("DELETE", "/rest/raven/1.0/api/testexec/%s/test/SHOP-102" % execution).status_code == 200
    assert xray.call("DELETE", "/rest/api/2/issue/%s" % execution).status_code == 204
    assert xray.call("GET", "/rest/raven/1.0/api/testexec/%s/test" % execution).status_code == 400
