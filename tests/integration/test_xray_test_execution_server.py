"""xray_test_execution (+ _info and the xray lookup) on Xray Server/DC, over real HTTP against the emulator."""

import json
import os

import pytest
import requests

from tests.integration.playbook import run_tasks
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
MODULE = "testops.testmgmt.xray_test_execution"
JUNIT_SAMPLES = ["pytest-xunit2.xml", "surefire-TEST-com.shop.CartServiceTest.xml", "jest-junit.xml",
                 "mocha-junit.xml", "behave-junit.xml", "robot-xunit.xml"]


def sample(name):
    return os.path.join(SAMPLES, name)


@pytest.fixture
def xray_play(emulator):
    env = {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}

    def _run(tasks, **kwargs):
        full = dict(env)
        full.update(kwargs.pop("env", {}) or {})
        return run_tasks(tasks, env=full, **kwargs)
    return _run


def task(name, module=MODULE, **args):
    return {"name": name, module: args, "register": name.replace(" ", "_"), "ignore_errors": True}


def api(emulator, method, path, **kwargs):
    answer = requests.request(method, emulator.url + path, auth=("admin", "admin"), timeout=30, **kwargs)
    assert answer.status_code < 300, answer.text
    return answer.json() if answer.content else None


def runs(emulator, key):
    return dict((r["key"], r) for r in api(emulator, "GET", "/rest/raven/1.0/api/testexec/%s/test" % key,
                                           params={"detailed": "true"}))


def issue_count(emulator):
    return api(emulator, "GET", "/rest/api/2/search", params={"jql": "project = SHOP", "maxResults": 0})["total"]


def new_issue(emulator, issuetype, summary):
    return api(emulator, "POST", "/rest/api/2/issue", json={"fields": {
        "project": {"key": "SHOP"}, "summary": summary, "issuetype": {"name": issuetype}}})["key"]


def ok(run, name):
    result = run.task(name)
    assert not result.get("failed"), result.get("msg") or run.stdout[-2000:]
    return result


def test_publish_several_junit_files_then_republish_sends_no_write(emulator, xray_play, tmp_path):
    plan = new_issue(emulator, "Test Plan", "Release 2.5.0")
    evidence = tmp_path / "checkout.log"
    evidence.write_text("paid 15.00\n")
    publish = dict(project="SHOP", summary="Nightly 2026-11-23", description="nightly run", fix_version="2.5.0",
                   revision="abc123", environments=["staging", "chrome"], labels=["nightly"], test_plan=plan,
                   tests=["SHOP-108"], results_file=[sample(n) for n in JUNIT_SAMPLES], format="junit",
                   results=[{"test": "SHOP-105", "status": "fail", "comment": "cart empties",
                             "defects": ["SHOP-110"], "evidence": [str(evidence)]},
                            {"test": "SHOP-106", "status": "blocked"}])
    first = xray_play([task("publish", **publish)])
    result = ok(first, "publish")
    assert result["changed"] is True
    execution = result["execution"]
    key = execution["key"]
    assert execution["url"] == "%s/browse/%s" % (emulator.url, key)
    assert execution["revision"] == "abc123" and execution["environments"] == ["staging", "chrome"]
    assert execution["test_plans"] == [plan]
    state = runs(emulator, key)
    assert state["SHOP-101"]["status"] == "PASS" and state["SHOP-103"]["status"] == "FAIL"
    assert state["SHOP-105"]["status"] == "FAIL" and state["SHOP-105"]["comment"] == "cart empties"
    assert [d["key"] for d in state["SHOP-105"]["defects"]] == ["SHOP-110"]
    assert [e["fileName"] for e in state["SHOP-105"]["evidences"]] == ["checkout.log"]
    assert state["SHOP-106"]["status"] == "BLOCKED" and state["SHOP-108"]["status"] == "TODO"
    assert execution["total"] == len(state) and sum(execution["counts"].values()) == len(state)
    assert execution["counts"] == dict((s, [r["status"] for r in state.values()].count(s))
                                       for s in set(r["status"] for r in state.values()))
    fields = api(emulator, "GET", "/rest/api/2/issue/%s" % key)["fields"]
    assert fields["labels"] == ["nightly"] and fields["fixVersions"][0]["name"] == "2.5.0"
    plan_tests = set(t["key"] for t in api(emulator, "GET", "/rest/raven/1.0/api/testplan/%s/test" % plan))
    assert plan_tests == set(state)
    assert [e["key"] for e in api(emulator, "GET", "/rest/raven/1.0/api/testplan/%s/testexecution" % plan)] == [key]
    paths = [r["path"] for r in emulator.writes()]
    assert paths.count("/rest/raven/1.0/import/execution/junit/multipart") == 1  # the first file creates it
    # the others go into it (whole, or as Xray JSON where a Test's verdict was folded across files, see
    # xray_fold), plus one Xray JSON import for the results option
    assert paths.count("/rest/raven/1.0/import/execution/junit") + paths.count(
        "/rest/raven/1.0/import/execution") == len(JUNIT_SAMPLES) - 1 + 1
    tests_before = issue_count(emulator)

    emulator.clear_requests()
    again = xray_play([task("publish", **publish)], diff=True)
    result = ok(again, "publish")
    assert result["changed"] is False and "diff" not in result
    assert emulator.writes() == []
    assert result["api_calls"]["writes"] == 0 and result["execution"]["key"] == key
    assert issue_count(emulator) == tests_before  # no duplicated Tests or executions
    assert result["execution"]["counts"] == execution["counts"]

    emulator.clear_requests()
    changed = dict(publish)
    changed.update(results=[{"test": "SHOP-105", "status": "pass"}, {"test": "SHOP-106", "status": "blocked"}],
                   environments=["staging"])
    checked = xray_play([task("publish", **changed)], check=True, diff=True)
    result = ok(checked, "publish")
    assert result["changed"] is True and emulator.writes() == []
    assert result["diff"]["before"]["statuses"]["SHOP-105"] == "FAIL"
    assert result["diff"]["after"]["statuses"]["SHOP-105"] == "PASS"
    assert result["diff"]["after"]["fields"] == {"environments": ["staging"]}
    assert runs(emulator, key)["SHOP-105"]["status"] == "FAIL"

    applied = ok(xray_play([task("publish", **changed)]), "publish")
    assert applied["changed"] is True and applied["execution"]["environments"] == ["staging"]
    assert runs(emulator, key)["SHOP-105"]["status"] == "PASS"
    writes = [(r["method"], r["path"]) for r in emulator.writes()]
    assert writes == [("PUT", "/rest/api/2/issue/%s" % key), ("POST", "/rest/raven/1.0/import/execution")]


def test_every_report_format_and_republish(emulator, xray_play, tmp_path):
    testng = tmp_path / "testng-results.xml"
    testng.write_text('<testng-results><suite name="S"><test name="T"><class name="com.shop.Pay">'
                      '<test-method status="PASS" name="card" signature="card()"/>'
                      '<test-method status="FAIL" name="iban" signature="iban()"/></class></test></suite>'
                      '</testng-results>')
    nunit = tmp_path / "nunit.xml"
    nunit.write_text('<test-run><test-suite type="TestFixture" name="Cart" fullname="Shop.Cart">'
                     '<test-case name="Adds" fullname="Shop.Cart.Adds" result="Passed"/></test-suite></test-run>')
    xunit = tmp_path / "xunit.xml"
    xunit.write_text('<assemblies><assembly name="Shop.Tests.dll"><collection name="c">'
                     '<test name="Shop.Cart.Removes" type="Shop.Cart" method="Removes" result="Fail" time="0.1"/>'
                     '</collection></assembly></assemblies>')
    xray_json = tmp_path / "xray.json"
    xray_json.write_text(json.dumps({"tests": [{"testKey": "SHOP-107", "status": "PASS", "comment": "json"},
                                               {"testInfo": {"projectKey": "SHOP", "summary": "Exported manual test",
                                                             "type": "Manual"}, "status": "FAIL"}]}))
    tasks = [task(fmt, project="SHOP", summary="Format %s" % fmt, results_file=[path], format=fmt)
             for fmt, path in (("robot", sample("robot-output.xml")), ("cucumber", sample("cucumber-js.json")),
                               ("behave", sample("behave.json")), ("testng", str(testng)), ("nunit", str(nunit)),
                               ("xunit", str(xunit)), ("xray", str(xray_json)))]
    # behave into the execution the cucumber report created: no testExecKey on those endpoints, so Xray JSON
    tasks.append(task("behave_into_cucumber", project="SHOP", summary="Format cucumber",
                      results_file=[sample("behave.json")], format="behave"))
    first = xray_play(tasks)
    expected = {"robot": {"PASS": 2, "FAIL": 1, "TODO": 1}, "cucumber": {"PASS": 1, "FAIL": 1},
                "behave": {"PASS": 1, "FAIL": 1}, "testng": {"PASS": 1, "FAIL": 1}, "nunit": {"PASS": 1},
                "xunit": {"FAIL": 1}, "xray": {"PASS": 1, "FAIL": 1}}
    for fmt, counts in expected.items():
        result = ok(first, fmt)
        assert result["changed"] is True and result["execution"]["counts"] == counts, (fmt, result["execution"])
    mixed = ok(first, "behave_into_cucumber")["execution"]
    assert mixed["key"] == first.task("cucumber")["execution"]["key"] and mixed["total"] == 4
    assert ok(first, "xray")["execution"]["counts"] == {"PASS": 1, "FAIL": 1}
    imports = [r["path"] for r in emulator.writes() if "/import/" in r["path"]]
    for endpoint in ("robot/multipart", "cucumber/multipart", "behave/multipart", "testng/multipart",
                     "nunit/multipart", "xunit/multipart"):
        assert "/rest/raven/1.0/import/execution/" + endpoint in imports
    assert imports.count("/rest/raven/1.0/import/execution") == 2  # the Xray JSON file, the behave translation

    emulator.clear_requests()
    second = xray_play(tasks)
    assert [t.get("changed") for t in second.tasks] == [False] * len(tasks), [t.get("msg") for t in second.tasks]
    assert emulator.writes() == []


def test_unknown_test_key_fails_cleanly_and_writes_nothing(emulator, xray_play, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text('<testsuite name="s"><testcase classname="a" name="b"><properties>'
                      '<property name="test_key" value="SHOP-998"/></properties></testcase></testsuite>')
    existing = new_issue(emulator, "Test Execution", "Existing")
    count = issue_count(emulator)
    emulator.clear_requests()
    run = xray_play([
        task("inline", key=existing, results=[{"test": "SHOP-101", "status": "pass"},
                                              {"test": "SHOP-999", "status": "pass"}]),
        task("file", project="SHOP", summary="Never created", results_file=[str(report)], format="junit"),
        task("tests", key=existing, tests=["SHOP-101", "SHOP-997"]),
    ])
    for name, option, key in (("inline", "results", "SHOP-999"), ("file", "results_file", "SHOP-998"),
                              ("tests", "tests", "SHOP-997")):
        result = run.task(name)
        assert result["failed"] is True
        assert result["msg"].startswith(option + ":") and key in result["msg"] and "\n" not in result["msg"]
    assert emulator.writes() == []
    assert runs(emulator, existing) == {} and issue_count(emulator) == count


def test_membership_purge_check_mode_and_diff(emulator, xray_play):
    base = dict(project="SHOP", summary="Membership", tests=["SHOP-101", "SHOP-102", "SHOP-103"])
    created = ok(xray_play([task("m", **base)]), "m")
    key = created["execution"]["key"]
    assert created["execution"]["counts"] == {"TODO": 3}
    emulator.clear_requests()
    purge = dict(base)
    purge.update(tests=["SHOP-101", "SHOP-104"], purge_tests=True)
    checked = ok(xray_play([task("m", **purge)], check=True, diff=True), "m")
    assert checked["changed"] is True and emulator.writes() == []
    assert checked["diff"]["before"]["tests"] == ["SHOP-101", "SHOP-102", "SHOP-103"]
    assert checked["diff"]["after"]["tests"] == ["SHOP-101", "SHOP-104"]
    applied = xray_play([task("m", **purge), task("m2", **purge)])
    assert ok(applied, "m")["changed"] is True and ok(applied, "m2")["changed"] is False
    assert sorted(runs(emulator, key)) == ["SHOP-101", "SHOP-104"]
    writes = [(r["method"], r["path"]) for r in emulator.writes()]
    assert writes == [("POST", "/rest/raven/1.0/api/testexec/%s/test" % key)]  # one request adds and removes


def test_bad_input_is_one_line_naming_the_option(emulator, xray_play, tmp_path):
    # (pure option checks are unit-tested in test_xray_sync.py; these need the server or a file)
    cases = [
        (dict(project="SHOP"), "summary"),
        (dict(key="SHOP-101"), "key"),  # a Test, not a Test Execution
        (dict(project="NOPE", summary="x"), "project"),
        (dict(project="NOPE", summary="x", results_file=[sample("jest-junit.xml")], format="junit"), "project"),
        (dict(project="SHOP", summary="x", results=[{"test": "SHOP-101", "status": "MAYBE"}]), "results[0].status"),
        (dict(project="SHOP", summary="x", results=[{"test": "SHOP-101", "status": "pass", "evidence": ["/nope"]}]),
         "results[0].evidence"),
        (dict(project="SHOP", summary="x", results_file=[sample("robot-output.xml")], format="junit"), "results_file"),
        (dict(project="SHOP", summary="x", test_plan="SHOP-101"), "test_plan"),
    ]
    before = issue_count(emulator)
    run = xray_play([task("case%d" % i, **args) for i, (args, _option) in enumerate(cases)])
    for i, (_args, option) in enumerate(cases):
        result = run.task("case%d" % i)
        assert result.get("failed") is True, (i, result)
        assert result["msg"].startswith(option), (i, result["msg"])
        assert "\n" not in result["msg"] and "admin" not in result["msg"]
    # An unknown project is not looked up on its own: Jira's strict search for the execution refuses it (400),
    # so nothing is written.
    assert emulator.writes() == []
    assert issue_count(emulator) == before


def test_auth_modes_state_absent_info_and_lookup(emulator, xray_play):
    tasks = [
        task("by_token", project="SHOP", summary="Token run", results=[{"test": "SHOP-101", "status": "pass"}],
             auth_method="token", token="demo-token"),
        task("by_session", project="SHOP", summary="Token run", results=[{"test": "SHOP-102", "status": "in_progress"}],
             auth_method="session"),
        task("info", module="testops.testmgmt.xray_test_execution_info", project="SHOP", summary="Token run"),
        {"name": "lookups", "ansible.builtin.set_fact": {
            "by_keys": "{{ query('testops.testmgmt.xray', 'SHOP-101', 'SHOP-999', 'SHOP-102') }}",
            "by_jql": "{{ query('testops.testmgmt.xray', jql='project = SHOP AND summary ~ \"Login\"') }}",
            "runs": "{{ query('testops.testmgmt.xray', execution=by_token.execution.key) }}"},
         "vars": {"xray_url": emulator.url, "xray_username": "admin", "xray_password": "admin"}},
        task("gone", project="SHOP", summary="Token run", state="absent"),
        task("gone_again", project="SHOP", summary="Token run", state="absent"),
        task("missing_info", module="testops.testmgmt.xray_test_execution_info", project="SHOP", summary="Token run"),
        {"name": "show", "ansible.builtin.debug": {"var": "by_keys"}},
        {"name": "show_jql", "ansible.builtin.debug": {"var": "by_jql"}},
        {"name": "show_runs", "ansible.builtin.debug": {"var": "runs"}},
    ]
    run = xray_play(tasks)
    token, session = ok(run, "by_token"), ok(run, "by_session")
    assert token["execution"]["key"] == session["execution"]["key"]
    info = ok(run, "info")["execution"]
    assert info["counts"] == {"PASS": 1, "EXECUTING": 1} and {r["test_key"] for r in info["runs"]} == {
        "SHOP-101", "SHOP-102"}
    assert any(r["path"] == "/rest/auth/1/session" for r in emulator.requests())
    assert [t["key"] for t in run.task("show")["by_keys"]] == ["SHOP-101", "SHOP-102"]
    assert [t["key"] for t in run.task("show_jql")["by_jql"]] == ["SHOP-101", "SHOP-102"]
    assert sorted((r["test_key"], r["status"]) for r in run.task("show_runs")["runs"]) == [
        ("SHOP-101", "PASS"), ("SHOP-102", "EXECUTING")]
    assert ok(run, "gone")["changed"] is True and ok(run, "gone_again")["changed"] is False
    assert ok(run, "missing_info")["execution"] == {}
