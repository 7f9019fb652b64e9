"""xray_test_execution over HTTP: reports larger than one import are split under the per-import limit
(which the emulator enforces, like a product refusing oversized imports) and still land in one execution;
format auto reads files of several formats in one task. Both deployments."""

import json
import math
import os

import pytest
import requests

from tests.integration.playbook import run_tasks

SAMPLES = "/work/shared/samples" if os.path.isdir("/work/shared/samples") else os.path.join(
    os.path.dirname(__file__), "..", "..", "..", "shared", "samples")
MODULE = "testops.testmgmt.xray_test_execution"
LIMIT = 5      # the emulator's per-import maximum in these tests
CASES = 23     # results in the big report: ceil(23 / 5) = 5 imports
IMPORT_PATHS = {"server": "/rest/raven/1.0/import/execution", "cloud": "/api/v2/import/execution"}


def env_for(emulator, deployment):
    if deployment == "cloud":
        return {"XRAY_URL": emulator.url, "XRAY_DEPLOYMENT": "cloud", "XRAY_CLIENT_ID": "demo-client",
                "XRAY_CLIENT_SECRET": "demo-secret", "XRAY_CLOUD_RATE_LIMIT": "0"}
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


def task(name, **args):
    return {"name": name, MODULE: args, "register": name, "ignore_errors": True}


def ok(run, name):
    result = run.task(name)
    assert not result.get("failed"), result.get("msg") or run.stdout[-2000:]
    return result


def junit(path, fail_every=4, flipped=()):
    cases = []
    for i in range(CASES):
        props = '<properties><property name="test_key" value="SHOP-%d"/></properties>' % (101 + i) if i < 3 else ""
        failing = (i % fail_every == 0) != (i in flipped)
        cases.append('<testcase classname="split.Case" name="case_%02d" time="0.1">%s%s</testcase>'
                     % (i, props, '<failure message="boom"/>' if failing else ""))
    path.write_text('<testsuite name="split" tests="%d">%s</testsuite>' % (CASES, "".join(cases)))
    return str(path)


def import_writes(emulator, deployment, status=200):
    """Paths of the import requests the emulator answered with ``status``."""
    return [w["path"] for w in emulator.writes()
            if w["path"].startswith(IMPORT_PATHS[deployment]) and w["status"] == status]


@pytest.fixture
def import_limit(emulator):
    emulator.settings(xray_import_max_tests=LIMIT)
    yield LIMIT
    emulator.settings(xray_import_max_tests=10000)


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_a_report_over_the_limit_lands_in_one_execution(emulator, import_limit, deployment, tmp_path):
    env = env_for(emulator, deployment)
    report = junit(tmp_path / "big.xml")
    publish = dict(project="SHOP", summary="Split %s" % deployment, results_file=[report], format="junit",
                   import_batch_size=import_limit, results=[{"test": "SHOP-110", "status": "blocked"}])

    # Sent whole, the report is refused by the product's limit: the split is needed.
    whole = run_tasks([task("whole", **{**publish, "import_batch_size": 100})], env=env).task("whole")
    assert whole["failed"] and "more than the maximum of %d per import" % import_limit in whole["msg"], whole["msg"]
    assert import_writes(emulator, deployment, 400) == [IMPORT_PATHS[deployment] + "/junit/multipart"]
    assert import_writes(emulator, deployment) == [] and whole["api_calls"]["writes"] == 1
    emulator.clear_requests()

    first = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    execution = first["execution"]
    assert first["changed"] is True and execution["total"] == CASES + 1
    assert execution["counts"] == ({"PASS": 17, "FAIL": 6, "BLOCKED": 1} if deployment == "server"
                                   else {"PASSED": 17, "FAILED": 6, "BLOCKED": 1})
    imports = import_writes(emulator, deployment)
    # ceil(23 / 5) batches of the report (the first creates the execution) + one for the inline result
    assert imports == [IMPORT_PATHS[deployment]] * (math.ceil(CASES / import_limit) + 1), imports
    batches = [p for p in first["progress"] if p.get("batches")]
    assert [(p["batch"], p["batches"], p["results"]) for p in batches] == [(1, 5, 5), (2, 5, 5), (3, 5, 5),
                                                                           (4, 5, 5), (5, 5, 3)]
    assert all(execution["key"] in p["message"] for p in batches[1:])

    emulator.clear_requests()
    again = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert again["changed"] is False and again["api_calls"]["writes"] == 0 and import_writes(emulator, deployment) == []
    assert again["execution"]["key"] == execution["key"] and again["execution"]["counts"] == execution["counts"]

    # The stage ran again and two cases flipped: the report goes again, in batches, into the same execution.
    junit(tmp_path / "big.xml", flipped=(0, 4))
    emulator.clear_requests()
    changed = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert changed["changed"] is True and changed["execution"]["key"] == execution["key"]
    assert changed["execution"]["total"] == CASES + 1
    assert import_writes(emulator, deployment) == [IMPORT_PATHS[deployment]] * math.ceil(CASES / import_limit)
    passed = "PASS" if deployment == "server" else "PASSED"
    assert changed["execution"]["counts"][passed] == 19
    # cost: the imports plus reads that page, never one request per result
    assert changed["api_calls"]["requests"] <= math.ceil(CASES / import_limit) + 12, changed["api_calls"]


def test_the_emulator_refuses_an_import_over_its_limit(emulator, import_limit, tmp_path):
    report = junit(tmp_path / "big.xml")
    with open(report, "rb") as handle:
        answer = requests.post(emulator.url + "/rest/raven/2.0/import/execution/junit", params={"projectKey": "SHOP"},
                               files={"file": ("big.xml", handle, "application/xml")}, auth=("admin", "admin"),
                               timeout=30)
    assert answer.status_code == 400
    assert answer.json() == {"error": "Error importing results: the request has %d test results, more than the "
                                      "maximum of %d per import. Split the results into several imports."
                                      % (CASES, import_limit)}
    body = {"tests": [{"testKey": "SHOP-%d" % n, "status": "PASS"} for n in range(101, 101 + import_limit)]}
    fits = requests.post(emulator.url + "/rest/raven/1.0/import/execution", json=dict(body, info={
        "project": "SHOP", "summary": "fits"}), auth=("admin", "admin"), timeout=30)
    assert fits.status_code == 200, fits.text
    body["tests"].append({"testKey": "SHOP-110", "status": "PASS"})
    over = requests.post(emulator.url + "/rest/raven/1.0/import/execution", json=dict(
        body, testExecutionKey=fits.json()["testExecIssue"]["key"]), auth=("admin", "admin"), timeout=30)
    assert over.status_code == 400 and "more than the maximum" in over.json()["error"]


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_format_auto_takes_mixed_files_in_one_task(emulator, deployment, tmp_path):
    xray_json = tmp_path / "manual.json"
    xray_json.write_text(json.dumps({"tests": [{"testKey": "SHOP-107", "status": "FAIL", "comment": "by hand"}]}))
    files = [os.path.join(SAMPLES, "pytest-xunit2.xml"), os.path.join(SAMPLES, "robot-output.xml"),
             os.path.join(SAMPLES, "cucumber-js.json"), os.path.join(SAMPLES, "behave.json"), str(xray_json)]
    publish = dict(project="SHOP", summary="Mixed %s" % deployment, results_file=files)
    env = env_for(emulator, deployment)
    first = ok(run_tasks([task("mixed", **publish)], env=env), "mixed")
    execution = first["execution"]
    failed = "FAIL" if deployment == "server" else "FAILED"
    assert first["changed"] is True and "SHOP-107" in execution["tests"]
    # 12 pytest cases + 4 Robot tests + 2 Cucumber + 2 behave scenarios + SHOP-107, some on the same Tests
    assert execution["total"] >= 15 and execution["counts"][failed] >= 4
    base = IMPORT_PATHS[deployment]
    imports = import_writes(emulator, deployment)
    assert imports[0] == base + "/junit/multipart" and base + "/robot" in imports  # the first file creates it
    assert imports.count(base) == 3  # cucumber, behave (their endpoints take no execution key), Xray JSON

    emulator.clear_requests()
    again = ok(run_tasks([task("mixed", **publish)], env=env), "mixed")
    assert again["changed"] is False and again["api_calls"]["writes"] == 0 and import_writes(emulator, deployment) == []
    assert again["execution"]["counts"] == execution["counts"]

    bad = run_tasks([task("bad", project="SHOP", summary="Mixed bad", results_file=[
        os.path.join(SAMPLES, "README.md")])], env=env).task("bad")
    assert bad["failed"] and bad["msg"].startswith("results_file:") and "README.md" in bad["msg"]


RAVEN = "/rest/raven/1.0/api"
CLOUD_RUNS = ('query($id: String!) { getTestExecution(issueId: $id) { testRuns(limit: 100) '
              '{ results { comment test { jira(fields: ["key"]) } } } } }')


def failing_junit(path, flipped=()):
    """CASES cases: every 4th fails with a message and a trace, SHOP-102 fails with a testrun_comment of its own,
    SHOP-103 errors; ``flipped`` cases fail too."""
    cases = []
    for i in range(CASES):
        props = ['<property name="test_key" value="SHOP-%d"/>' % (101 + i)] if i < 3 else []
        if i == 1:
            props.append('<property name="testrun_comment" value="see the log"/>')
        if i % 4 == 0 or i in flipped or i == 1:
            outcome = '<failure message="case_%02d: expected 200, got 500">Traceback\r\n  at case_%02d\r\n</failure>' % (
                i, i)
        elif i == 2:
            outcome = '<error message="no database"/>'
        else:
            outcome = ""
        cases.append('<testcase classname="split.Fail" name="case_%02d"><properties>%s</properties>%s</testcase>'
                     % (i, "".join(props), outcome))
    path.write_text('<testsuite name="fail" tests="%d">%s</testsuite>' % (CASES, "".join(cases)))
    return str(path)


def wanted_comment(i):
    return "Failed: case_%02d: expected 200, got 500\n\nTraceback\n  at case_%02d" % (i, i)


def run_comments(emulator, deployment, execution):
    """Test key -> run comment ("" for none), read back through the deployment's own API."""
    if deployment == "server":
        status, runs = emulator.api("GET", RAVEN + "/testexec/%s/test?detailed=true" % execution["key"], None,
                                    user="admin", password="admin")
        assert status == 200, runs
        return dict((r["key"], r["comment"] or "") for r in runs)
    token = requests.post(emulator.url + "/api/v2/authenticate", json={
        "client_id": "demo-client", "client_secret": "demo-secret"}, timeout=10).json()
    answer = requests.post(emulator.url + "/api/v2/graphql", headers={"Authorization": "Bearer " + token}, timeout=30,
                           json={"query": CLOUD_RUNS, "variables": {"id": str(execution["id"])}})
    assert answer.status_code == 200 and "errors" not in answer.json(), answer.text
    runs = answer.json()["data"]["getTestExecution"]["testRuns"]["results"]
    return dict((r["test"]["jira"]["key"], r["comment"] or "") for r in runs)


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_a_report_sent_in_pieces_shows_why_its_cases_failed(emulator, import_limit, deployment, tmp_path):
    env = env_for(emulator, deployment)
    emulator.control("POST", "users", {"name": "tester", "password": "tester"})
    publish = dict(project="SHOP", summary="Failures %s" % deployment, import_batch_size=import_limit,
                   results_file=[failing_junit(tmp_path / "big.xml")], format="junit",
                   **({} if deployment == "server" else {"publisher": "admin"}))
    first = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    execution = first["execution"]
    assert import_writes(emulator, deployment) == [IMPORT_PATHS[deployment]] * math.ceil(CASES / import_limit)
    comments = run_comments(emulator, deployment, execution)
    assert len(comments) == CASES
    assert comments["SHOP-101"] == wanted_comment(0)
    assert comments["SHOP-102"] == "see the log"  # a case's own testrun_comment wins
    assert comments["SHOP-103"] == "Error: no database"
    failing = [i for i in range(3, CASES) if i % 4 == 0]
    assert sorted(c for c in comments.values() if c.startswith("Failed: case_")) == sorted(
        [wanted_comment(0)] + [wanted_comment(i) for i in failing])
    assert sum(1 for c in comments.values() if c == "") == CASES - 3 - len(failing)  # passed cases: no comment

    emulator.clear_requests()
    again = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert again["changed"] is False and again["api_calls"]["writes"] == 0 and import_writes(emulator, deployment) == []
    assert run_comments(emulator, deployment, execution) == comments

    # A tester explains SHOP-101 and owns SHOP-103 (sets its status); the stage ran again and case_05 fails now.
    def person(test, body, status=None):
        status_code, run = emulator.api("GET", RAVEN + "/testrun?testExecIssueKey=%s&testIssueKey=%s"
                                        % (execution["key"], test), None, user="admin", password="admin")
        assert status_code == 200, run
        if status:
            assert emulator.api("PUT", RAVEN + "/testrun/%s/status?status=%s" % (run["id"], status), None,
                                user="tester", password="tester")[0] < 300
        assert emulator.api("PUT", RAVEN + "/testrun/%s" % run["id"], body, user="tester", password="tester")[0] < 300

    person("SHOP-101", {"comment": "known: the payment sandbox was down"})
    person("SHOP-103", {"comment": "checked by hand"}, status="PASS")
    failing_junit(tmp_path / "big.xml", flipped=(5,))
    emulator.clear_requests()
    rerun = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert rerun["changed"] is True and import_writes(emulator, deployment)
    # the runs' comments come with the run pages: no request per failed case
    assert rerun["api_calls"]["requests"] <= math.ceil(CASES / import_limit) + 12, rerun["api_calls"]
    after = run_comments(emulator, deployment, execution)
    # merge keep: a person's comment stays, ours goes below it; a run the person owns is left alone
    assert after["SHOP-101"] == "known: the payment sandbox was down\n\n" + wanted_comment(0)
    assert after["SHOP-103"] == "checked by hand"
    # the unchanged failures compare equal (not appended twice); the new one says why
    changed = dict((k, v) for k, v in after.items() if v != comments[k])
    assert sorted(changed) == ["SHOP-101", "SHOP-103"] + [k for k, v in after.items() if v == wanted_comment(5)]
    assert list(after.values()).count(wanted_comment(5)) == 1

    emulator.clear_requests()
    final = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert final["changed"] is False and final["api_calls"]["writes"] == 0
