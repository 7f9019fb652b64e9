"""xray_test_execution merge over HTTP: what a person changed on a run (status, comment, defects) survives a
re-publish with merge keep, and is published over with merge replace; both deployments. A person is the
user "tester", working through Xray's REST API (the emulator's Server and Cloud share one store, as one
Jira instance would)."""

import pytest

from tests.integration.playbook import run_tasks

MODULE = "testops.testmgmt.xray_test_execution"
RAVEN = "/rest/raven/1.0/api"


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


def call(emulator, method, path, body=None, user="admin"):
    status, answer = emulator.api(method, path, body, user=user, password=user)
    assert status < 300, (status, answer)
    return answer


def runs(emulator, key):
    return dict((r["key"], r) for r in call(emulator, "GET", RAVEN + "/testexec/%s/test?detailed=true" % key))


def person_changes(emulator, execution, test, status=None, comment=None, defects=()):
    """What a tester does in Jira: set the status, write a comment, link a defect."""
    run_id = call(emulator, "GET", RAVEN + "/testrun?testExecIssueKey=%s&testIssueKey=%s" % (execution, test))["id"]
    if status:
        call(emulator, "PUT", RAVEN + "/testrun/%s/status?status=%s" % (run_id, status), user="tester")
    body = {}
    if comment is not None:
        body["comment"] = comment
    if defects:
        body["defects"] = {"add": list(defects)}
    if body:
        call(emulator, "PUT", RAVEN + "/testrun/%s" % run_id, body, user="tester")


def report(path, shop_104="fail"):
    failure = '<failure message="boom"/>'
    path.write_text(
        '<testsuite name="merge">'
        '<testcase classname="m" name="a"><properties><property name="test_key" value="SHOP-103"/></properties>'
        + failure + '</testcase>'
        '<testcase classname="m" name="b"><properties><property name="test_key" value="SHOP-104"/></properties>'
        + (failure if shop_104 == "fail" else "") + '</testcase>'
        '<testcase classname="m" name="c"/></testsuite>')
    return str(path)


def import_paths(emulator):
    return [w["path"] for w in emulator.writes() if "/import/" in w["path"]]


@pytest.fixture
def tester(emulator):
    emulator.control("POST", "users", {"name": "tester", "password": "tester"})
    return "tester"


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_keep_leaves_what_people_changed_and_replace_publishes_over_it(emulator, tester, deployment, tmp_path):
    env = env_for(emulator, deployment)
    server = deployment == "server"
    names = (lambda s: s) if server else (lambda s: {"PASS": "PASSED", "FAIL": "FAILED"}.get(s, s))
    extra = {} if server else {"publisher": "admin"}  # Cloud's API cannot tell who the API key acts as
    publish = dict(project="SHOP", summary="Merge %s" % deployment, results_file=[report(tmp_path / "r.xml")],
                   results=[{"test": "SHOP-101", "status": "fail", "comment": "boom", "defects": ["SHOP-109"]},
                            {"test": "SHOP-102", "status": "pass"}], **extra)
    key = ok(run_tasks([task("publish", **publish)], env=env), "publish")["execution"]["key"]
    person_changes(emulator, key, "SHOP-101", status="PASS", comment="flaky: the test env was down",
                   defects=["SHOP-110"])
    person_changes(emulator, key, "SHOP-103", status="BLOCKED")
    person_changes(emulator, key, "SHOP-102", comment="checked by hand")  # a comment only: the status stays ours

    emulator.clear_requests()
    kept = ok(run_tasks([task("publish", **publish)], env=env, diff=True), "publish")
    state = runs(emulator, key)
    assert state["SHOP-101"]["status"] == "PASS" and state["SHOP-101"]["executedBy"] == "tester"
    assert state["SHOP-101"]["comment"] == "flaky: the test env was down\n\nboom"  # ours appended
    assert sorted(d["key"] for d in state["SHOP-101"]["defects"]) == ["SHOP-109", "SHOP-110"]
    assert state["SHOP-103"]["status"] == "BLOCKED" and state["SHOP-102"]["comment"] == "checked by hand"
    assert sorted((k["test"], k["status"], k["published"], k["executed_by"]) for k in kept["execution"]["kept"]) == [
        ("SHOP-101", names("PASS"), names("FAIL"), "tester"), ("SHOP-103", "BLOCKED", names("FAIL"), "tester")]
    # only the comment went out, through the run's own update (no import, which would take the run over)
    assert kept["changed"] is True and kept["api_calls"]["writes"] == 1 and import_paths(emulator) == []
    if server:
        run_id = call(emulator, "GET", RAVEN + "/testrun?testExecIssueKey=%s&testIssueKey=SHOP-101" % key)["id"]
        assert [(w["method"], w["path"]) for w in emulator.writes()] == [("PUT", RAVEN + "/testrun/%s" % run_id)]

    emulator.clear_requests()
    again = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert again["changed"] is False and again["api_calls"]["writes"] == 0

    # The stage ran again and SHOP-104 passes now: the report goes again, without the run the tester owns.
    report(tmp_path / "r.xml", shop_104="pass")
    emulator.clear_requests()
    rerun = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    state = runs(emulator, key)
    assert rerun["changed"] is True and state["SHOP-104"]["status"] == "PASS"
    assert state["SHOP-103"]["status"] == "BLOCKED" and state["SHOP-101"]["status"] == "PASS"
    base = "/rest/raven/1.0/import/execution" if server else "/api/v2/import/execution"
    assert import_paths(emulator) == [base]  # as Xray JSON entries, not the whole JUnit file

    emulator.clear_requests()
    replaced = ok(run_tasks([task("publish", merge="replace", **publish)], env=env), "publish")
    state = runs(emulator, key)
    assert replaced["changed"] is True and replaced["execution"]["kept"] == []
    assert state["SHOP-101"]["status"] == "FAIL" and state["SHOP-101"]["comment"] == "boom"
    assert state["SHOP-103"]["status"] == "FAIL" and state["SHOP-101"]["executedBy"] == "admin"
    if server:  # Server/DC: the results' defects become the run's only ones (Cloud lists defects by id)
        assert [d["key"] for d in state["SHOP-101"]["defects"]] == ["SHOP-109"]

    emulator.clear_requests()
    final = ok(run_tasks([task("publish", merge="replace", **publish)], env=env), "publish")
    assert final["changed"] is False and final["api_calls"]["writes"] == 0


def test_cloud_without_publisher_warns_when_it_publishes_over_a_person(emulator, tester, tmp_path):
    env = env_for(emulator, "cloud")
    publish = dict(project="SHOP", summary="Merge unknown publisher", results=[{"test": "SHOP-105", "status": "fail"}])
    key = ok(run_tasks([task("publish", **publish)], env=env), "publish")["execution"]["key"]
    person_changes(emulator, key, "SHOP-105", status="PASS")
    result = ok(run_tasks([task("publish", **publish)], env=env), "publish")
    assert runs(emulator, key)["SHOP-105"]["status"] == "FAIL"
    assert any("give publisher" in w and "SHOP-105" in w for w in result.get("warnings", [])), result.get("warnings")


def test_check_mode_with_keep_sends_no_write(emulator, tester):
    env = env_for(emulator, "server")
    publish = dict(project="SHOP", summary="Merge check", results=[{"test": "SHOP-106", "status": "fail",
                                                                    "comment": "ours"}])
    key = ok(run_tasks([task("publish", **publish)], env=env), "publish")["execution"]["key"]
    person_changes(emulator, key, "SHOP-106", status="PASS", comment="theirs")
    emulator.clear_requests()
    checked = ok(run_tasks([task("publish", **publish)], env=env, check=True, diff=True), "publish")
    assert checked["changed"] is True and emulator.writes() == []
    assert checked["execution"]["kept"][0]["test"] == "SHOP-106"
    assert runs(emulator, key)["SHOP-106"]["comment"] == "theirs"
    info = ok(run_tasks([{"name": "info", "register": "info", "testops.testmgmt.xray_test_execution_info": {
        "key": key}}], env=env), "info")["execution"]
    assert [(r["test_key"], r["status"], r["executed_by"]) for r in info["runs"]] == [("SHOP-106", "PASS", "tester")]
