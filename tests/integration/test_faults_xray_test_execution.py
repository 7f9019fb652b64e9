"""xray_test_execution (Xray Server) when the server misbehaves: a failed lookup, a lost or late import,
a publish killed part-way, two publishes into one execution at once, two executions with one summary."""

import time

from tests.bench.reports import write_junit
from tests.integration.playbook import run_tasks
from tests.integration.support_faults import (
    KillablePlaybook,
    assert_clean_failure,
    assert_no_traceback,
    wait_for_request,
)

SEARCH = "/rest/api/2/search"
IMPORT = "/rest/raven/1.0/import/execution"
SUMMARY = "Nightly faults"


def xray_env(emulator):
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


def report(tmp_path, name, count, prefix):
    """Real runners' cases, named into their own Generic Tests (``prefix``.name_NNNNNN)."""
    return write_junit(str(tmp_path / name), count, classname=prefix)


def publish(files, name="publish", **args):
    body = {"project": "SHOP", "summary": SUMMARY, "results_file": files, "format": "junit", "retries": 2}
    body.update(args)
    return {"name": name, "testops.testmgmt.xray_test_execution": body}


def executions_named(emulator, summary=SUMMARY):
    status, body = emulator.api("GET", SEARCH + "?jql=%s&maxResults=100" % (
        'project = SHOP AND issuetype = "Test Execution"'.replace(" ", "+")))
    assert status == 200, body
    return sorted(i["key"] for i in body["issues"] if i["fields"]["summary"] == summary)


def runs_of(emulator, key):
    status, body = emulator.api("GET", "/rest/raven/1.0/api/testexec/%s/test?detailed=true" % key)
    assert status == 200, body
    return body


def definitions(emulator, key):
    """Per Test of the execution: its status; and how many runs each Test has (must be 1)."""
    found = {}
    for run in runs_of(emulator, key):
        found.setdefault(run["key"], []).append(run["status"])
    assert all(len(v) == 1 for v in found.values()), found
    return dict((k, v[0]) for k, v in found.items())


def test_a_failed_lookup_never_creates_a_second_execution(emulator, tmp_path):
    files = [report(tmp_path, "r.xml", 6, "faults.lookup")]
    first = run_tasks([publish(files)], env=xray_env(emulator))
    assert first.task("publish")["changed"] is True
    emulator.clear_requests()
    emulator.fault(status=500, count=20, path=SEARCH)
    run = run_tasks([publish(files, retries=1)], env=xray_env(emulator))
    message = assert_clean_failure(run, "publish", "HTTP 500")
    assert "not found" not in message
    assert emulator.writes() == []  # no import on the strength of a failed search
    emulator.control("DELETE", "faults")
    assert len(executions_named(emulator)) == 1


def test_a_lost_import_fails_once_and_the_rerun_converges(emulator, tmp_path):
    files = [report(tmp_path, "r.xml", 6, "faults.lost")]
    emulator.fault(status=502, count=1, path=IMPORT, method="POST")
    run = run_tasks([dict(publish(files, name="faulted"), ignore_errors=True), publish(files, name="rerun"),
                     publish(files, name="again")], env=xray_env(emulator))
    assert_clean_failure(run, "faulted", "HTTP 502", "POST")  # a creating import is not blindly repeated
    assert_no_traceback(run)
    assert run.task("rerun")["changed"] is True
    assert run.task("again")["changed"] is False and run.task("again")["api_calls"]["writes"] == 0
    assert len(executions_named(emulator)) == 1


def test_a_publish_killed_during_the_import_converges_on_rerun(emulator, tmp_path):
    files = [report(tmp_path, "r.xml", 20, "faults.killed")]
    env = xray_env(emulator)
    emulator.fault(delay=2.0, count=1, path=IMPORT, method="POST")
    killable = KillablePlaybook([publish(files)], env=env)
    try:
        wait_for_request(emulator, "GET", SEARCH)
        time.sleep(0.8)  # the import is on the wire; the server will finish it without us
    finally:
        killable.kill()
    wait_for_request(emulator, "POST", IMPORT)
    assert len(executions_named(emulator)) == 1
    emulator.clear_requests()
    rerun = run_tasks([publish(files, name="rerun")], env=env)
    assert_no_traceback(rerun)
    assert rerun.task("rerun")["changed"] is False  # found by summary, already holding every result
    assert emulator.writes() == []
    key = executions_named(emulator)[0]
    clean = run_tasks([publish(files, name="clean", summary="Clean run")], env=env)
    clean_key = clean.task("clean")["execution"]["key"]
    assert definitions(emulator, key) == definitions(emulator, clean_key)


def test_two_publishes_into_one_execution_at_once_both_land(emulator, tmp_path):
    env = xray_env(emulator)
    created = run_tasks([publish([], name="create", tests=["SHOP-101"])], env=env)
    key = created.task("create")["execution"]["key"]
    first = [report(tmp_path, "first.xml", 8, "faults.first")]
    second = [report(tmp_path, "second.xml", 8, "faults.second")]
    emulator.fault(delay=0.5, count=2, path=IMPORT, method="POST")  # make the two imports overlap
    runs = [KillablePlaybook([publish(first, key=key, summary=None)], env=env),
            KillablePlaybook([publish(second, key=key, summary=None)], env=env)]
    for run in runs:
        code = run.wait(120)
        output = run.proc.stdout.read()
        assert "Traceback" not in output and code == 0, output[-3000:]
    landed = definitions(emulator, key)
    assert len([k for k in landed if k != "SHOP-101"]) == 16  # 8 + 8 new Generic Tests, each run once
    assert len(executions_named(emulator)) == 1


def test_two_executions_with_the_summary_fail_with_both_keys(emulator, tmp_path):
    env = xray_env(emulator)
    keys = []
    for _attempt in range(2):
        status, body = emulator.api("POST", "/rest/api/2/issue", {"fields": {
            "project": {"key": "SHOP"}, "summary": SUMMARY, "issuetype": {"name": "Test Execution"}}})
        assert status == 201, body
        keys.append(body["key"])
    emulator.clear_requests()
    files = [report(tmp_path, "r.xml", 4, "faults.twins")]
    run = run_tasks([publish(files)], env=env)
    assert_clean_failure(run, "publish", keys[0], keys[1])
    assert emulator.writes() == []
    assert executions_named(emulator) == sorted(keys)
