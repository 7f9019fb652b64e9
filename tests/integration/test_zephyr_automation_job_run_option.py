"""zephyr_automation_job: only ``run: true`` schedules a run, as documented (issue 4: "`run: true` schedules a
run (with `results_file` it uploads and runs in one call)"), over real HTTP against the emulator."""

import os
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
if not os.path.isdir(SAMPLES):  # the samples also live next to the repository in CI checkouts
    SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "samples")
SUREFIRE = os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
JOBS = "/flex/services/rest/v4/upload-file/automation"
JOB = {"project": "Shop", "release": "Release 1.0", "framework": "junit", "cycle": "Nightly", "phase": "Cart",
       "repository_path": "Release 1.0 > Automation > Cart", "results_file": SUREFIRE}


def job_task(name, **overrides):
    return {"name": name, "register": "out", "testops.testmgmt.zephyr_automation_job": dict(JOB, name=name, **overrides)}


def latest_run(emulator, job_id):
    status, body = emulator.api("GET", JOBS + "/schedule/get-latest-job-progress?jobid=%s" % job_id)
    assert status == 200, body
    return body


def test_results_file_without_run_creates_the_job_with_its_file_and_runs_nothing(emulator, play):
    result = play([job_task("File only")]).task("File only")
    assert result["changed"] is True and result.get("failed") is not True, result
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/create-job-detail"]
    assert result["run"] is None and result["progress"] == []
    assert result["job"]["result_file"] == os.path.basename(SUREFIRE)
    assert latest_run(emulator, result["job"]["id"]) is None


def test_run_with_results_file_creates_uploads_and_runs_in_one_call(emulator, play):
    result = play([job_task("Run now", run=True)]).task("Run now")
    assert result["changed"] is True and result.get("failed") is not True, result
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/create-and-execute-job"]
    assert result["run"]["id"] and result["job"]["result_file"] == os.path.basename(SUREFIRE)
    assert str(latest_run(emulator, result["job"]["id"])["id"]) == result["run"]["id"]
