"""xray_test_plan over HTTP against the emulator, on Xray Server/DC (Jira issue + /rest/raven testplan
endpoints) and Xray Cloud (GraphQL): create, nothing to do on a re-run, membership with purge, check mode,
bad keys before any write, absent."""

import pytest

from tests.integration.playbook import run_tasks

MODULE = "testops.testmgmt.xray_test_plan"
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


def call(emulator, method, path, body=None):
    status, answer = emulator.api(method, path, body)
    assert status < 300, (status, answer)
    return answer


def plan_state(emulator, key):
    fields = call(emulator, "GET", "/rest/api/2/issue/%s" % key)["fields"]
    return {"summary": fields["summary"], "description": fields["description"], "labels": fields["labels"],
            "fix": [v["name"] for v in fields["fixVersions"]], "type": fields["issuetype"]["name"],
            "tests": sorted(t["key"] for t in call(emulator, "GET", RAVEN + "/testplan/%s/test" % key)),
            "executions": sorted(e["key"] for e in call(emulator, "GET", RAVEN + "/testplan/%s/testexecution" % key))}


def new_execution(emulator, summary):
    return call(emulator, "POST", "/rest/api/2/issue", {"fields": {
        "project": {"key": "SHOP"}, "summary": summary, "issuetype": {"name": "Test Execution"}}})["key"]


def real_writes(emulator, run):
    """Writes: the module's own count (Cloud's GraphQL reads and writes share one POST path)."""
    return sum(t.get("api_calls", {}).get("writes", 0) for t in run.tasks)


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_plan_lifecycle(emulator, deployment):
    env = env_for(emulator, deployment)
    nightly = new_execution(emulator, "Nightly")
    plan = dict(project="SHOP", summary="Release 2.5.0", description="what 2.5.0 ships with", fix_version="2.5.0",
                labels=["release"], tests=["SHOP-101", "SHOP-102"], test_executions=[nightly])

    checked = run_tasks([task("plan", **plan)], env=env, check=True, diff=True)
    result = ok(checked, "plan")
    assert result["changed"] is True and real_writes(emulator, checked) == 0
    assert result["diff"]["after"]["tests"] == ["SHOP-101", "SHOP-102"] and result["plan"]["key"] is None

    created = ok(run_tasks([task("plan", **plan)], env=env), "plan")["plan"]
    key = created["key"]
    assert created["tests"] == ["SHOP-101", "SHOP-102"] and created["test_executions"] == [nightly]
    assert plan_state(emulator, key) == {"summary": "Release 2.5.0", "description": "what 2.5.0 ships with",
                                         "labels": ["release"], "fix": ["2.5.0"], "type": "Test Plan",
                                         "tests": ["SHOP-101", "SHOP-102"], "executions": [nightly]}
    if deployment == "server":
        assert created["url"] == "%s/browse/%s" % (emulator.url, key)

    emulator.clear_requests()
    again_run = run_tasks([task("plan", **plan)], env=env, diff=True)
    again = ok(again_run, "plan")
    assert again["changed"] is False and "diff" not in again and real_writes(emulator, again_run) == 0
    assert again["plan"]["key"] == key and again["api_calls"]["requests"] <= 6

    smoke = new_execution(emulator, "Smoke")
    emulator.clear_requests()
    change = dict(plan)
    change.update(key=key, tests=["SHOP-102", "SHOP-103"], purge_tests=True, test_executions=[smoke],
                  purge_test_executions=True, labels=["release", "rc"])
    changed_run = run_tasks([task("plan", **change)], env=env, diff=True)
    changed = ok(changed_run, "plan")
    assert changed["changed"] is True
    assert changed["diff"]["before"]["tests"] == ["SHOP-101", "SHOP-102"]
    assert changed["diff"]["after"]["tests"] == ["SHOP-102", "SHOP-103"]
    state = plan_state(emulator, key)
    assert state["tests"] == ["SHOP-102", "SHOP-103"] and state["executions"] == [smoke]
    if deployment == "server":
        assert state["labels"] == ["release", "rc"]
        assert [(w["method"], w["path"]) for w in emulator.writes()] == [
            ("PUT", "/rest/api/2/issue/%s" % key), ("POST", RAVEN + "/testplan/%s/test" % key),
            ("POST", RAVEN + "/testplan/%s/testexecution" % key)]
    else:  # Cloud cannot change a plan's Jira fields: it says so, and one mutation sets the members
        assert state["labels"] == ["release"] and any("labels" in w for w in changed.get("warnings", []))
        assert real_writes(emulator, changed_run) == 1

    emulator.clear_requests()
    bad_run = run_tasks([task("bad", key=key, tests=["SHOP-102", "SHOP-999"]),
                         task("bad_exec", key=key, test_executions=["SHOP-101"])], env=env)
    for name, option, wrong in (("bad", "tests", "SHOP-999"), ("bad_exec", "test_executions", "SHOP-101")):
        bad = bad_run.task(name)
        assert bad["failed"] and bad["msg"].startswith(option + ":") and wrong in bad["msg"], bad["msg"]
    assert real_writes(emulator, bad_run) == 0

    gone_run = run_tasks([task("gone", key=key, state="absent"), task("gone_again", project="SHOP",
                                                                      summary="Release 2.5.0", state="absent")],
                         env=env)
    assert ok(gone_run, "gone")["changed"] is True and ok(gone_run, "gone_again")["changed"] is False
    status, _answer = emulator.api("GET", "/rest/api/2/issue/%s" % key)
    assert status == 404


def test_plan_found_by_summary_and_bad_input(emulator):
    env = env_for(emulator, "server")
    run = run_tasks([task("first", project="SHOP", summary="Regression"),
                     task("same", project="SHOP", summary="Regression", tests=["SHOP-104"]),
                     task("no_project", summary="Orphan"),
                     task("not_a_plan", key="SHOP-101"),
                     task("purge_without_list", project="SHOP", summary="Regression", purge_tests=True)], env=env)
    assert ok(run, "first")["plan"]["key"] == ok(run, "same")["plan"]["key"]
    assert ok(run, "same")["plan"]["tests"] == ["SHOP-104"]
    for name, option in (("no_project", "summary"), ("not_a_plan", "key"), ("purge_without_list", "purge_tests")):
        result = run.task(name)
        assert result["failed"] and result["msg"].startswith(option), (name, result["msg"])
