"""zephyr_automation_job (Zephyr Enterprise) when the server misbehaves: a failed job lookup, an upload
killed part-way, a session cookie that expires while the module waits for the run."""

import time

import pytest

from tests.bench.reports import write_junit
from tests.integration.playbook import run_tasks
from tests.integration.support_faults import (
    KillablePlaybook,
    assert_clean_failure,
    assert_no_traceback,
    wait_for_request,
)

JOBS = "/flex/services/rest/v4/upload-file/automation"
JOB = {"project": "Shop", "release": "Release 1.0", "name": "Faults nightly", "framework": "junit",
       "cycle": "Faults", "phase": "Faults", "repository_path": "Release 1.0 > Automation > Faults",
       "reuse": True, "assign_to": "anyone", "retries": 2}


@pytest.fixture
def ze(emulator):
    emulator.settings(ze_run_step=0.05, ze_session_ttl=5400)
    yield emulator
    emulator.settings(ze_run_step=0.05, ze_session_ttl=5400)


def ze_env(emulator, **extra):
    env = {"ZEPHYR_URL": emulator.url, "ZEPHYR_TOKEN": "demo-token", "ZEPHYR_EDITION": "enterprise"}
    env.update(extra)
    return env


def job_task(name="job", **args):
    return {"name": name, "testops.testmgmt.zephyr_automation_job": dict(JOB, **args)}


def jobs_named(emulator, name=JOB["name"]):
    status, body = emulator.api("GET", JOBS + "/file-upload-job/list?projectId=1&releaseId=1")
    assert status == 200, body
    return [j for j in body if j.get("jobName", j.get("name")) == name]


def test_a_failed_job_lookup_creates_nothing(ze):
    ze.fault(status=500, count=20, path=JOBS + "/file-upload-job/list")
    run = run_tasks([job_task(retries=1)], env=ze_env(ze))
    message = assert_clean_failure(run, "job", "HTTP 500")
    assert "not found" not in message
    assert ze.writes() == []
    ze.control("DELETE", "faults")
    assert jobs_named(ze) == []


def test_an_upload_killed_part_way_converges_on_rerun(ze, tmp_path):
    report = write_junit(str(tmp_path / "r.xml"), 12, classname="faults.killed")
    env = ze_env(ze)
    ze.fault(delay=2.0, count=1, path=JOBS + "/create-and-execute-job", method="POST")
    killable = KillablePlaybook([job_task(results_file=report, run=True, wait=True)], env=env)
    try:
        wait_for_request(ze, "GET", JOBS + "/file-upload-job/list")
        time.sleep(0.8)
    finally:
        killable.kill()
    wait_for_request(ze, "POST", JOBS + "/create-and-execute-job")  # the server finished it alone
    assert len(jobs_named(ze)) == 1
    ze.clear_requests()
    rerun = run_tasks([job_task(name="rerun", results_file=report)], env=env)
    assert_no_traceback(rerun)
    assert rerun.task("rerun")["changed"] is False, rerun.task("rerun")  # same job, same file: nothing to do
    assert ze.writes() == []
    assert len(jobs_named(ze)) == 1


def test_a_session_that_expires_while_waiting_for_the_run_is_renewed(ze, tmp_path):
    report = write_junit(str(tmp_path / "r.xml"), 6, classname="faults.session")
    ze.settings(ze_session_ttl=1.0, ze_run_step=0.4)  # the cookie dies while the run is still going
    env = ze_env(ze, ZEPHYR_TOKEN="", ZEPHYR_USERNAME="admin", ZEPHYR_PASSWORD="admin", ZEPHYR_AUTH_METHOD="session")
    run = run_tasks([job_task(results_file=report, run=True, wait=True, wait_timeout=60)], env=env)
    assert_no_traceback(run)
    task = run.task("job")
    assert not task.get("failed"), task.get("msg")
    logins = [r for r in ze.requests() if r["path"].endswith("/manifest")]
    assert len(logins) >= 2, ze.requests()
    assert 401 in [r["status"] for r in ze.requests()]
    assert len(jobs_named(ze)) == 1
