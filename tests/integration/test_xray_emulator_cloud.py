"""The Xray Cloud emulator against its documented contract, over real HTTP (no Ansible)."""

import json
import os

import pytest
import requests
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
CLIENT = {"client_id": "demo-client", "client_secret": "demo-secret"}


def sample(name):
    with open(os.path.join(SAMPLES, name), "rb") as handle:
        return handle.read()


class Cloud:
    def __init__(self, url):
        self.url = url
        self.token = self.authenticate()

    def authenticate(self):
        answer = requests.post(self.url + "/api/v2/authenticate", json=CLIENT, timeout=10)
        assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/json")
        assert answer.text.startswith('"') and answer.text.endswith('"')  # a JSON string, quotes included
        return answer.json()

    def post(self, path, token=None, **kwargs):
        headers = dict(kwargs.pop("headers", {}), Authorization="Bearer " + (token or self.token))
        return requests.post(self.url + path, headers=headers, timeout=30, **kwargs)

    def gql(self, query, **variables):
        answer = self.post("/api/v2/graphql", json={"query": query, "variables": variables})
        assert answer.status_code == 200, answer.text
        return answer.json()

    def data(self, query, **variables):
        body = self.gql(query, **variables)
        assert "errors" not in body, body
        return body["data"]

    def runs(self, issue_id):
        data = self.data('query($id: String!) { getTestExecution(issueId: $id) { testEnvironments testRuns(limit: 100) '
                         '{ total results { id status { name } comment defects evidence { filename } '
                         'test { issueId testType { name } unstructured jira(fields: ["key", "summary"]) } } } } }',
                         id=issue_id)
        return data["getTestExecution"]


@pytest.fixture
def cloud(emulator):
    return Cloud(emulator.url)


def by_key(runs):
    return dict((r["test"]["jira"]["key"], r["status"]["name"]) for r in runs["testRuns"]["results"])


def test_authenticate_tokens_expire_and_bad_credentials(cloud, emulator):
    assert requests.post(cloud.url + "/api/v2/authenticate", json={"client_id": "demo-client", "client_secret": "x"},
                         timeout=10).status_code == 401
    bad = requests.post(cloud.url + "/api/v2/authenticate", data="nope", timeout=10)
    assert bad.status_code == 400 and bad.text == "Wrong request syntax"
    query = "{ getTests(limit: 1) { total } }"
    assert cloud.gql(query)["data"]["getTests"]["total"] == 10
    emulator.control("POST", "expire")
    expired = cloud.post("/api/v2/graphql", json={"query": query})
    assert expired.status_code == 401 and "expired" in expired.json()["error"]
    assert requests.post(cloud.url + "/api/v2/graphql", json={"query": query}, timeout=10).status_code == 401
    fresh = cloud.authenticate()
    assert cloud.post("/api/v2/graphql", token=fresh, json={"query": query}).status_code == 200


def test_rate_limit_answers_429_with_retry_after_and_resets(cloud, emulator):
    emulator.settings(cloud_rate_limit=4, cloud_rate_window=60)  # the fixture's authenticate counts too
    try:
        query = {"query": "{ getTests(limit: 1) { total } }"}
        codes = [cloud.post("/api/v2/graphql", json=query) for _attempt in range(4)]
        assert [c.status_code for c in codes] == [200, 200, 200, 429]
        assert 1 <= int(codes[-1].headers["Retry-After"]) <= 60
        emulator.reset()  # the window starts again
        assert Cloud(cloud.url).token
    finally:
        emulator.settings(cloud_rate_limit=300, cloud_rate_window=300.0)


def test_imports_raw_xml_multipart_and_xray_json(cloud):
    plan = cloud.data('mutation { createTestExecution(jira: {fields: {summary: "seed", project: {key: "SHOP"}}}) '
                      '{ testExecution { issueId } } }')
    assert plan["createTestExecution"]["testExecution"]["issueId"]
    junit = cloud.post("/api/v2/import/execution/junit", params={"projectKey": "SHOP", "testEnvironments": "edge"},
                       data=sample("pytest-xunit2.xml"), headers={"Content-Type": "application/xml"})
    assert junit.status_code == 200, junit.text
    assert set(junit.json()) == {"id", "key", "self"}
    runs = cloud.runs(junit.json()["id"])
    statuses = by_key(runs)
    assert statuses["SHOP-101"] == "PASSED" and statuses["SHOP-103"] == "FAILED" and len(statuses) == 14
    assert runs["testEnvironments"] == ["edge"]
    generic = [r for r in runs["testRuns"]["results"] if r["test"]["testType"]["name"] == "Generic"]
    assert generic[0]["test"]["unstructured"].startswith("test_shop.")
    # in place, by key
    again = cloud.post("/api/v2/import/execution/robot", params={"testExecKey": junit.json()["key"]},
                       data=sample("robot-output.xml"), headers={"Content-Type": "application/xml"})
    assert again.json()["key"] == junit.json()["key"]
    assert len(by_key(cloud.runs(junit.json()["id"]))) == 18

    info = {"fields": {"project": {"key": "SHOP"}, "summary": "Cloud multipart", "issuetype": {"name": "Test Execution"}},
            "xrayFields": {"environments": ["android"]}}
    multipart = cloud.post("/api/v2/import/execution/cucumber/multipart", files={
        "results": ("r.json", sample("cucumber-js.json"), "application/json"),
        "info": ("info.json", json.dumps(info), "application/json")})
    assert multipart.status_code == 200, multipart.text
    assert sorted(by_key(cloud.runs(multipart.json()["id"])).values()) == ["FAILED", "PASSED"]
    behave = cloud.post("/api/v2/import/execution/behave/multipart", files={
        "results": ("r.json", sample("behave.json"), "application/json"),
        "info": ("info.json", json.dumps(info), "application/json")})
    assert sorted(by_key(cloud.runs(behave.json()["id"])).values()) == ["FAILED", "PASSED"]
    xml_multipart = cloud.post("/api/v2/import/execution/junit/multipart", files={
        "results": ("r.xml", sample("surefire-TEST-com.shop.CartServiceTest.xml"), "application/xml"),
        "info": ("info.json", json.dumps(info), "application/json"),
        "testInfo": ("testInfo.json", json.dumps({"fields": {"labels": ["java"]}}), "application/json")})
    assert xml_multipart.status_code == 200 and len(by_key(cloud.runs(xml_multipart.json()["id"]))) == 6

    doc = {"info": {"project": "SHOP", "summary": "JSON", "revision": "abc"},
           "tests": [{"testKey": "SHOP-101", "status": "PASSED", "comment": "ok", "defects": ["SHOP-102"],
                      "evidence": [{"data": "aGk=", "filename": "hi.txt", "contentType": "text/plain"}]}]}
    created = cloud.post("/api/v2/import/execution", json=doc)
    assert created.status_code == 200, created.text
    run = cloud.runs(created.json()["id"])["testRuns"]["results"][0]
    assert run["comment"] == "ok" and run["evidence"] == [{"filename": "hi.txt"}] and run["defects"] == ["10102"]


@pytest.mark.parametrize("path, kwargs, message", [
    ("/api/v2/import/execution/junit/multipart",
     {"files": {"results": ("r.xml", b"<testsuite/>"),
                "info": ("i.json", json.dumps({"fields": {"project": {"key": "SHOP"}, "summary": "s"},
                                               "xrayFields": {"testEnvironments": ["x"]}}))}},
     "xrayFields in info file contains the following invalid fields: testEnvironments!"),
    ("/api/v2/import/execution/junit/multipart",
     {"files": {"results": ("r.xml", b"<testsuite/>"), "info": ("i.json", b"{not json")}}, "Error parsing info file!"),
    ("/api/v2/import/execution", {"json": {"info": {"project": "SHOP"}, "tests": [{"testKey": "SHOP-101", "status": "PASSED"}]}},
     "summary: You must specify a summary of the issue."),
    ("/api/v2/import/execution", {"json": {"info": {"project": "SHOP", "summary": "s"},
                                           "tests": [{"testKey": "SHOP-101", "status": "PASSED", "iterations": []}]}},
     "must not be empty"),
    ("/api/v2/import/execution/junit?projectKey=SHOP", {"data": b"\xef\xbb\xbf<testsuite/>"}, "Non-whitespace before first tag"),
    ("/api/v2/import/execution/junit?projectKey=SHOP",
     {"data": b'<testsuite><testcase classname="a" name="b"><properties><property name="test_key" value="SHOP-404"/>'
              b'</properties></testcase></testsuite>'}, "Test issue with key SHOP-404 not found"),
])
def test_import_errors(cloud, path, kwargs, message):
    answer = cloud.post(path, **kwargs)
    assert answer.status_code == 400 and message in answer.json()["error"], answer.text


def test_graphql_operations_the_module_uses(cloud):
    created = cloud.data('mutation($jira: JSON!) { createTestExecution(testIssueIds: ["10101"], '
                         'testEnvironments: ["chrome"], jira: $jira) { testExecution { issueId jira(fields: ["key"]) } '
                         'warnings } }', jira={"fields": {"summary": "GQL", "project": {"key": "SHOP"},
                                                          "labels": ["nightly"]}})["createTestExecution"]
    exec_id, exec_key = created["testExecution"]["issueId"], created["testExecution"]["jira"]["key"]
    found = cloud.data('query($jql: String!) { getTestExecutions(jql: $jql, limit: 100) { total results { issueId '
                       'testEnvironments jira(fields: ["key", "summary", "labels"]) } } }',
                       jql='project = "SHOP" AND summary ~ "GQL"')["getTestExecutions"]
    assert found["total"] == 1 and found["results"][0]["jira"]["labels"] == ["nightly"]
    changed = cloud.data('mutation($id: String!) { add: addTestsToTestExecution(issueId: $id, testIssueIds: '
                         '["10102", "10103"]) { addedTests warning } '
                         'remove: removeTestsFromTestExecution(issueId: $id, testIssueIds: ["10101"]) '
                         'env: addTestEnvironmentsToTestExecution(issueId: $id, testEnvironments: ["ios"]) '
                         '{ associatedTestEnvironments } }', id=exec_id)
    assert changed["add"]["addedTests"] == ["10102", "10103"]
    runs = cloud.runs(exec_id)
    assert sorted(by_key(runs)) == ["SHOP-102", "SHOP-103"] and runs["testEnvironments"] == ["chrome", "ios"]
    run_id = runs["testRuns"]["results"][0]["id"]
    assert len(run_id) == 24
    cloud.data('mutation($id: String!) { s: updateTestRunStatus(id: $id, status: "FAILED") '
               'c: updateTestRunComment(id: $id, comment: "nope") '
               'd: addDefectsToTestRun(id: $id, issues: ["SHOP-104"]) { addedDefects } '
               'e: addEvidenceToTestRun(id: $id, evidence: [{filename: "x.txt", mimeType: "text/plain", data: "eA=="}]) '
               '{ addedEvidence } }', id=run_id)
    run = cloud.data('query($id: String!) { getTestRunById(id: $id) { status { name } comment defects '
                     'evidence { filename } } }', id=run_id)["getTestRunById"]
    assert run == {"status": {"name": "FAILED"}, "comment": "nope", "defects": ["10104"],
                   "evidence": [{"filename": "x.txt"}]}
    bad = cloud.gql('mutation { updateTestRunStatus(id: "%s", status: "MAYBE") }' % run_id)
    assert "MAYBE" in bad["errors"][0]["message"]

    plan_key = requests.post(cloud.url + "/rest/api/2/issue", auth=("admin", "admin"), timeout=10, json={
        "fields": {"project": {"key": "SHOP"}, "summary": "Plan", "issuetype": {"name": "Test Plan"}}}).json()["key"]
    plan = cloud.data('query($jql: String!) { getTestPlans(jql: $jql, limit: 1) { results { issueId } } }',
                      jql="key = %s" % plan_key)["getTestPlans"]["results"][0]
    cloud.data('mutation($id: String!, $e: [String]) { t: addTestsToTestPlan(issueId: $id, testIssueIds: ["10102"]) '
               '{ addedTests } x: addTestExecutionsToTestPlan(issueId: $id, testExecIssueIds: $e) '
               '{ addedTestExecutions } }', id=plan["issueId"], e=[exec_id])
    contents = cloud.data('query($id: String!) { getTestPlan(issueId: $id) { tests(limit: 10) { total results { '
                          'jira(fields: ["key"]) } } testExecutions(limit: 10) { results { jira(fields: ["key"]) } } } }',
                          id=plan["issueId"])["getTestPlan"]
    assert contents["tests"]["results"] == [{"jira": {"key": "SHOP-102"}}]
    assert contents["testExecutions"]["results"] == [{"jira": {"key": exec_key}}]
    tests = cloud.data('{ getTests(jql: "key in (SHOP-101, SHOP-999)", limit: 100) { results { issueId '
                       'testType { name } jira(fields: ["key"]) } } }')["getTests"]["results"]
    assert tests == [{"issueId": "10101", "testType": {"name": "Manual"}, "jira": {"key": "SHOP-101"}}]
    errors = cloud.gql('{ getTests(limit: 101) { total } }')
    assert "limit" in errors["errors"][0]["message"]
    syntax = cloud.post("/api/v2/graphql", json={"query": "{ getTests(limit: 1) { total }"})
    assert syntax.status_code == 400 and "Syntax Error" in syntax.json()["errors"][0]["message"]
    cloud.data('mutation($id: String!) { deleteTestExecution(issueId: $id) }', id=exec_id)
    assert cloud.data('query($id: String!) { getTestExecution(issueId: $id) { issueId } }', id=exec_id) == {
        "getTestExecution": None}
