"""zephyr_automation_job sends the fewest requests the Zephyr Enterprise API allows, counted in the emulator's
request log over real HTTP: a first publish (create-and-execute, then wait), a re-run with skip_completed (the
job list only), and a wait for a job's run that already ended (one progress read)."""

import os

import pytest

from tests.integration.test_zephyr_automation_job import JOBS, REST, SUREFIRE

PROGRESS = JOBS + "/schedule/get-latest-job-progress"
DETAIL = "/flex/services/rest/v3/automation/job/detail"
LOOKUPS = [("GET", REST + "/project/lite"), ("GET", REST + "/release/project/1"),
           ("GET", JOBS + "/file-upload-job/list")]
JOB = {"project": "Shop", "release": "Release 1.0", "name": "Cart 1a2b3c4d", "framework": "JUnit",
       "cycle": "Nightly", "phase": "Cart", "repository_path": "Release 1.0 > Automation > Cart", "reuse": True,
       "assign_to": "anyone", "results_file": SUREFIRE}


@pytest.fixture(autouse=True)
def ze_settings(emulator):
    emulator.settings(ze_run_step=0.05)
    yield
    emulator.settings(ze_run_step=0.05)


def publish(**overrides):
    args = dict(JOB, run=True, skip_completed=True, wait=True, poll_interval=0.5)
    args.update(overrides)
    return {"name": "job", "register": "out", "testops.testmgmt.zephyr_automation_job": args}


def sent(emulator):
    return [(r["method"], r["path"]) for r in emulator.requests()]


def settle_before_the_first_poll(emulator):
    """The first progress read is held until the run (0.15 s here) has ended: the count is then exact."""
    emulator.fault(delay=1.5, count=1, path=PROGRESS, method="GET")


def test_first_publish_creates_and_runs_in_one_call_then_reads_one_progress(emulator, play):
    settle_before_the_first_poll(emulator)
    result = play([publish()]).task("job")
    assert result.get("failed") is not True and result["changed"] is True, result
    assert sent(emulator) == LOOKUPS + [("POST", JOBS + "/create-and-execute-job"),
                                        ("GET", JOBS + "/file-upload-job/list"), ("GET", PROGRESS)]
    assert result["api_calls"]["requests"] == 6 and result["api_calls"]["writes"] == 1
    run = result["run"]
    assert run["status"] == "complete" and run["cycle_id"] and result["cycle_id"] == run["cycle_id"]
    assert [p["status"] for p in result["progress"]] == ["new", "complete"]
    # the job as returned (what was sent + the list row) is the job the server holds
    job = result["job"]
    status, stored = emulator.api("GET", DETAIL + "?jobid=%s" % job["id"])
    assert status == 200, stored
    assert run["job_id"] == job["id"] == str(stored["id"]) and job["cycle_id"] == run["cycle_id"]
    assert (job["cycle"], job["phase"], job["framework"], job["reuse"], job["assign_to"]) == (
        stored["cycleName"], stored["phaseName"], stored["automationFramework"], stored["isReuse"],
        str(stored["assignResultsTo"]))
    assert job["repository_path"] == stored["testRepositoryPath"] and job["result_file"] == os.path.basename(SUREFIRE)
    assert job["created_on"] is None  # only job/detail has it, and it was not read


def test_rerun_with_the_same_file_reads_the_job_list_only(emulator, play):
    first = play([publish()]).task("job")
    assert first["run"]["status"] == "complete", first
    emulator.clear_requests()
    again = play([publish()]).task("job")
    assert again.get("failed") is not True and again["changed"] is False, again
    assert sent(emulator) == LOOKUPS
    assert again["job"]["id"] == first["job"]["id"] and again["job"]["name"] == JOB["name"]
    assert again["job"]["phase"] == "Cart" and again["job"]["result_file"] == os.path.basename(SUREFIRE)
    assert "cycle" not in again["job"]  # not in the list: not guessed
    assert again["run"]["status"] == "complete" and again["run"]["job_id"] == first["job"]["id"]
    assert again["run"]["id"] is None and again["cycle_id"] is None and again["progress"] == []


def test_skip_completed_runs_a_job_whose_file_or_run_differs(emulator, play, tmp_path):
    first = play([publish()]).task("job")
    other = tmp_path / "other.xml"
    with open(SUREFIRE, "rb") as handle:
        other.write_bytes(handle.read())
    emulator.clear_requests()
    again = play([publish(results_file=str(other))]).task("job")
    assert again.get("failed") is not True and again["changed"] is True, again
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/update-execute-job", JOBS + "/execute-job"]
    assert again["run"]["status"] == "complete" and again["run"]["id"] != first["run"]["id"]
    assert again["job"]["result_file"] == "other.xml"

    # a run that did not complete (cancelled here) is run again with the same file
    emulator.settings(ze_run_step=3)
    started = play([publish(results_file=str(other), skip_completed=False, wait=False)]).task("job")
    play([publish(state="canceled", results_file=None, run=False, skip_completed=False, wait=False)])
    emulator.settings(ze_run_step=0.05)
    emulator.clear_requests()
    rerun = play([publish(results_file=str(other))]).task("job")
    assert rerun.get("failed") is not True and rerun["changed"] is True, rerun
    assert JOBS + "/execute-job" in [w["path"] for w in emulator.writes()]
    assert rerun["run"]["id"] != started["run"]["id"] and rerun["run"]["status"] == "complete"


def test_check_mode_with_skip_completed_writes_nothing(emulator, play):
    checked = play([publish()], check=True).task("job")
    assert checked["changed"] is True and emulator.writes() == []
    play([publish()])
    emulator.clear_requests()
    checked = play([publish()], check=True).task("job")
    assert checked["changed"] is False and sent(emulator) == LOOKUPS


def test_waiting_for_a_run_that_already_ended_reads_its_progress_once(emulator, play):
    play([publish()])
    emulator.clear_requests()
    waited = play([publish(run=False, skip_completed=False, results_file=None)]).task("job")
    assert waited.get("failed") is not True and waited["changed"] is False, waited
    assert sent(emulator) == LOOKUPS + [("GET", DETAIL), ("GET", PROGRESS)]
    assert waited["run"]["status"] == "complete" and waited["cycle_id"]
