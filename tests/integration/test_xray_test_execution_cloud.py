"""xray_test_execution (+ _info and the xray lookup) on Xray Cloud, over real HTTP against the emulator:
GraphQL and the Cloud imports, the 429 rate limit with Retry-After, and expiring tokens."""

import json
import os

import pytest
import requests

from tests.integration.playbook import run_tasks
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
MODULE = "testops.testmgmt.xray_test_execution"


def sample(name):
    return os.path.join(SAMPLES, name)


@pytest.fixture
def cloud_play(emulator):
    # Client-side pacing off (XRAY_CLOUD_RATE_LIMIT=0): these tests drive the server's limit themselves.
    env = {"XRAY_URL": emulator.url, "XRAY_DEPLOYMENT": "cloud", "XRAY_CLIENT_ID": "demo-client",
           "XRAY_CLIENT_SECRET": "demo-secret", "XRAY_CLOUD_RATE_LIMIT": "0"}

    def _run(tasks, **kwargs):
        full = dict(env)
        full.update(kwargs.pop("env", {}) or {})
        return run_tasks(tasks, env=full, **kwargs)
    return _run


def task(name, module=MODULE, **args):
    return {"name": name, module: args, "register": name, "ignore_errors": True}


def sent_writes(emulator, *runs):
    """Writes on Cloud: imports in the request log, plus mutations, which the module counts itself
    (GraphQL queries and mutations share POST /api/v2/graphql in the log)."""
    reads = ("/api/v2/authenticate", "/api/v2/graphql")
    imports = [r for r in emulator.requests() if r["path"] not in reads]
    mutations = sum(t.get("api_calls", {}).get("writes", 0) for run in runs for t in run.tasks)
    return imports, mutations


def ok(run, name):
    result = run.task(name)
    assert not result.get("failed"), result.get("msg") or run.stdout[-2000:]
    return result


class Cloud:
    def __init__(self, url):
        self.url = url
        self.token = requests.post(url + "/api/v2/authenticate", json={
            "client_id": "demo-client", "client_secret": "demo-secret"}, timeout=10).json()

    def data(self, query, **variables):
        answer = requests.post(self.url + "/api/v2/graphql", json={"query": query, "variables": variables},
                               headers={"Authorization": "Bearer " + self.token}, timeout=30).json()
        assert "errors" not in answer, answer
        return answer["data"]

    def runs(self, key):
        data = self.data('query($jql: String!) { getTestExecutions(jql: $jql, limit: 1) { results { testEnvironments '
                         'jira(fields: ["labels", "summary"]) testRuns(limit: 100) { results { status { name } comment '
                         'defects evidence { filename } test { jira(fields: ["key"]) } } } } } }', jql="key = %s" % key)
        execution = data["getTestExecutions"]["results"][0]
        return execution, dict((r["test"]["jira"]["key"], r) for r in execution["testRuns"]["results"])


def test_publish_and_republish_on_cloud(emulator, cloud_play, tmp_path):
    plan = requests.post(emulator.url + "/rest/api/2/issue", auth=("admin", "admin"), timeout=10, json={"fields": {
        "project": {"key": "SHOP"}, "summary": "Cloud plan", "issuetype": {"name": "Test Plan"}}}).json()["key"]
    shot = tmp_path / "shot.png"
    shot.write_bytes(b"\x89PNG fake")
    publish = dict(project="SHOP", summary="Cloud nightly", labels=["nightly"], environments=["android"],
                   test_plan=plan, tests=["SHOP-109"],
                   results_file=[sample("pytest-xunit2.xml"), sample("robot-xunit.xml")], format="junit",
                   results=[{"test": "SHOP-104", "status": "fail", "comment": "timeout", "defects": ["SHOP-110"],
                             "evidence": [str(shot)]}, {"test": "SHOP-101", "status": "PASSED"}])
    first = ok(cloud_play([task("publish", **publish)]), "publish")
    assert first["changed"] is True
    key = first["execution"]["key"]
    execution, runs = Cloud(emulator.url).runs(key)
    assert execution["jira"]["labels"] == ["nightly"] and execution["testEnvironments"] == ["android"]
    assert runs["SHOP-104"]["status"]["name"] == "FAILED" and runs["SHOP-104"]["comment"] == "timeout"
    assert runs["SHOP-104"]["evidence"] == [{"filename": "shot.png"}] and runs["SHOP-104"]["defects"] == ["10110"]
    assert runs["SHOP-109"]["status"]["name"] == "TODO" and runs["SHOP-103"]["status"]["name"] == "FAILED"
    assert first["execution"]["counts"]["PASSED"] >= 1 and first["execution"]["total"] == len(runs)
    assert first["execution"]["test_plans"] == [plan]
    paths = [r["path"] for r in emulator.writes()]
    assert "/api/v2/import/execution/junit/multipart" in paths and "/api/v2/import/execution/junit" in paths

    emulator.clear_requests()
    again_run = cloud_play([task("publish", **publish)], diff=True)
    again = ok(again_run, "publish")
    assert again["changed"] is False and sent_writes(emulator, again_run) == ([], 0)
    assert Cloud(emulator.url).runs(key) == (execution, runs)
    graphql = [r for r in emulator.requests() if r["path"] == "/api/v2/graphql"]
    assert all(r["status"] == 200 for r in graphql)

    emulator.clear_requests()
    fewer = dict(publish)
    fewer.update(environments=["ios"], description="ignored on Cloud", results=[
        {"test": "SHOP-104", "status": "pass"}, {"test": "SHOP-101", "status": "pass"}])
    checked = cloud_play([task("publish", **fewer)], check=True, diff=True)
    result = ok(checked, "publish")
    assert result["changed"] is True and result["diff"]["after"]["statuses"]["SHOP-104"] == "PASSED"
    assert sent_writes(emulator, checked) == ([], 0)
    assert Cloud(emulator.url).runs(key) == (execution, runs)
    applied = ok(cloud_play([task("publish", **fewer)]), "publish")
    assert any("description" in w for w in applied.get("warnings", []))
    execution, runs = Cloud(emulator.url).runs(key)
    assert execution["testEnvironments"] == ["ios"] and runs["SHOP-104"]["status"]["name"] == "PASSED"


def test_formats_on_cloud_and_revision_path(emulator, cloud_play, tmp_path):
    xray_json = tmp_path / "xray.json"
    xray_json.write_text(json.dumps({"tests": [{"testKey": "SHOP-107", "status": "FAILED"}]}))
    tasks = [task(fmt, project="SHOP", summary="Cloud %s" % fmt, results_file=[path], format=fmt)
             for fmt, path in (("robot", sample("robot-output.xml")), ("cucumber", sample("cucumber-js.json")),
                               ("behave", sample("behave.json")), ("xray", str(xray_json)))]
    tasks.append(task("with_revision", project="SHOP", summary="Cloud revision", revision="f00d",
                      fix_version="2.5.0", results_file=[sample("mocha-junit.xml")], format="junit",
                      results=[{"test": "SHOP-102", "status": "todo"}]))
    tasks.append(task("manual", project="SHOP", summary="Cloud manual", labels=["manual"],
                      results=[{"test": "SHOP-103", "status": "blocked"}]))
    first = cloud_play(tasks)
    expected = {"robot": {"PASSED": 2, "FAILED": 1, "TODO": 1}, "cucumber": {"PASSED": 1, "FAILED": 1},
                "behave": {"PASSED": 1, "FAILED": 1}, "xray": {"FAILED": 1},
                "with_revision": {"PASSED": 3, "FAILED": 1, "TODO": 1}, "manual": {"BLOCKED": 1}}
    for name, counts in expected.items():
        assert ok(first, name)["execution"]["counts"] == counts, name
    assert ok(first, "with_revision")["execution"]["revision"] == "f00d"
    imports = [r["path"] for r in emulator.writes() if "/import/" in r["path"]]
    for path in ("robot/multipart", "cucumber/multipart", "behave/multipart"):
        assert "/api/v2/import/execution/" + path in imports
    emulator.clear_requests()
    second = cloud_play(tasks)
    assert [t.get("changed") for t in second.tasks] == [False] * len(tasks), [t.get("msg") for t in second.tasks]
    assert sent_writes(emulator, second) == ([], 0)
    conflict = cloud_play([task("both", project="SHOP", summary="Other", labels=["a"], revision="r")]).task("both")
    assert conflict["failed"] and conflict["msg"].startswith("labels:")


def test_429_storm_honours_retry_after(emulator, cloud_play):
    """The server's own limit (4 requests per 3 s): the client waits as told and finishes."""
    emulator.settings(cloud_rate_limit=4, cloud_rate_window=3.0)
    run = cloud_play([task("publish", project="SHOP", summary="Storm", results_file=[sample("pytest-xunit2.xml")],
                           format="junit", results=[{"test": "SHOP-105", "status": "pass"}])])
    result = ok(run, "publish")
    log = emulator.requests()
    limited = [i for i, r in enumerate(log) if r["status"] == 429]
    assert limited and result["api_calls"]["retries"] >= len(limited)
    for i in limited:  # each retry came no sooner than the Retry-After the server sent (>= 1 s)
        assert log[i + 1]["ts"] - log[i]["ts"] >= 0.9
    assert result["execution"]["total"] == 15

    emulator.settings(cloud_rate_limit=300, cloud_rate_window=300.0)
    emulator.fault(status=429, count=3, retry_after=1, path="/api/v2/graphql")
    storm = ok(cloud_play([task("info", module="testops.testmgmt.xray_test_execution_info", project="SHOP",
                                summary="Storm")]), "info")
    assert storm["api_calls"]["retries"] == 3 and storm["execution"]["total"] == 15


def test_expired_token_is_renewed(emulator, cloud_play):
    """Tokens live 1 s here; the first GraphQL call is held 1.5 s, so it arrives with an expired token."""
    emulator.settings(cloud_token_ttl=1)
    emulator.fault(delay=1.5, count=1, path="/api/v2/graphql")
    run = cloud_play([task("publish", project="SHOP", summary="Expiring",
                           results=[{"test": "SHOP-101", "status": "pass"}])])
    result = ok(run, "publish")
    emulator.settings(cloud_token_ttl=86400)
    log = [(r["path"], r["status"]) for r in emulator.requests()]
    assert log[:4] == [("/api/v2/authenticate", 200), ("/api/v2/graphql", 401), ("/api/v2/authenticate", 200),
                       ("/api/v2/graphql", 200)], log
    assert result["execution"]["counts"] == {"PASSED": 1}


def test_lookup_and_unknown_key_on_cloud(emulator, cloud_play):
    run = cloud_play([
        task("publish", project="SHOP", summary="Lookups", results=[{"test": "SHOP-101", "status": "fail"}]),
        task("unknown", project="SHOP", summary="Lookups", results=[{"test": "SHOP-404", "status": "pass"}]),
        task("purge", project="SHOP", summary="Lookups", tests=["SHOP-102"], purge_tests=True),
        {"name": "lookups", "ansible.builtin.set_fact": {
            "by_keys": "{{ query('testops.testmgmt.xray', 'SHOP-101', 'SHOP-102') }}",
            "runs": "{{ query('testops.testmgmt.xray', execution=publish.execution.key) }}"}},
        {"name": "show", "ansible.builtin.debug": {"msg": "{{ by_keys | map(attribute='key') | list }} {{ runs }}"}},
        task("gone", project="SHOP", summary="Lookups", state="absent"),
        task("gone_again", project="SHOP", summary="Lookups", state="absent"),
    ], env={"XRAY_DEPLOYMENT": "cloud"})
    ok(run, "publish")
    unknown = run.task("unknown")
    assert unknown["failed"] and unknown["msg"].startswith("results:") and "SHOP-404" in unknown["msg"]
    shown = run.task("show")["msg"]
    assert "['SHOP-101', 'SHOP-102']" in shown and "'TODO'" in shown and "SHOP-101" not in shown.split("]", 1)[1]
    assert ok(run, "purge")["execution"]["tests"] == ["SHOP-102"]
    assert ok(run, "gone")["changed"] is True and ok(run, "gone_again")["changed"] is False
    assert not Cloud(emulator.url).data('{ getTestExecutions(jql: "summary ~ Lookups", limit: 10) { total } }')[
        "getTestExecutions"]["total"]
