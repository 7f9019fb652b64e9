"""The emulator's Xray Cloud run reads (an execution's runs read one page at a time, getTestRuns reading only
the asked executions' runs) over HTTP: which runs, in which order, with which totals."""

import json

import pytest

import requests

CLIENT = {"client_id": "demo-client", "client_secret": "demo-secret"}
RUNS = ('query($tests: [String], $execs: [String]) { getTestRuns(testIssueIds: $tests, testExecIssueIds: $execs, '
        'limit: 100) { total results { id status { name } testType { name } test { issueId } '
        'testExecution { issueId } } } }')
PAGE = ('query($id: String!, $start: Int) { getTestExecution(issueId: $id) { testRuns(limit: 2, start: $start) '
        '{ total start results { id test { issueId } } } } }')


class Cloud:
    def __init__(self, url):
        self.url = url
        self.token = requests.post(url + "/api/v2/authenticate", json=CLIENT, timeout=10).json()

    def post(self, path, **kwargs):
        return requests.post(self.url + path, headers={"Authorization": "Bearer " + self.token}, timeout=30, **kwargs)

    def runs(self, tests=None, execs=None):
        return self.data(RUNS, tests=tests, execs=execs)["getTestRuns"]

    def data(self, query, **variables):
        answer = self.post("/api/v2/graphql", json={"query": query, "variables": variables})
        assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
        return answer.json()["data"]

    def junit(self, names, summary):
        report = "<testsuite>%s</testsuite>" % "".join(
            '<testcase classname="cloud.runs" name="%s"/>' % n for n in names)
        answer = self.post("/api/v2/import/execution/junit/multipart", files={
            "results": ("r.xml", report, "application/xml"),
            "info": ("info.json", json.dumps({"fields": {"project": {"key": "SHOP"}, "summary": summary,
                                                         "issuetype": {"name": "Test Execution"}}}),
                     "application/json")})
        assert answer.status_code == 200, answer.text
        return answer.json()["id"]


@pytest.fixture
def cloud(emulator):
    return Cloud(emulator.url)


def test_get_test_runs_reads_the_asked_executions_and_tests(cloud):
    first = cloud.junit(["a", "b", "c"], "runs 1")
    second = cloud.junit(["b", "d"], "runs 2")
    both = cloud.runs(execs=[second, first])
    assert both["total"] == 5
    ids = [int(r["id"], 16) for r in both["results"]]
    assert ids == sorted(ids)  # by run id, whatever order the executions were asked in
    assert [r["testExecution"]["issueId"] for r in both["results"]] == [first] * 3 + [second] * 2
    assert all(r["status"]["name"] == "PASSED" and r["testType"]["name"] == "Generic" for r in both["results"])
    test_b = both["results"][1]["test"]["issueId"]
    only_b = cloud.runs(tests=[test_b], execs=[first, second])["results"]
    assert [r["testExecution"]["issueId"] for r in only_b] == [first, second]
    everywhere_b = cloud.runs(tests=[test_b])["results"]
    assert [r["id"] for r in everywhere_b] == [r["id"] for r in only_b]
    assert cloud.runs(execs=["0" + first])["total"] == 0  # ids are matched as written


def test_an_execution_pages_its_runs(cloud):
    execution = cloud.junit(["p%d" % i for i in range(5)], "runs paged")
    pages = [cloud.data(PAGE, id=execution, start=start)["getTestExecution"]["testRuns"] for start in (0, 2, 4, 6)]
    assert [p["total"] for p in pages] == [5, 5, 5, 5] and [p["start"] for p in pages] == [0, 2, 4, 6]
    assert [len(p["results"]) for p in pages] == [2, 2, 1, 0]
    ids = [r["id"] for p in pages for r in p["results"]]
    assert len(set(ids)) == 5 and ids == sorted(ids)
