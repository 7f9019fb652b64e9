"""Long operations report progress in the task result and in ``ansible-playbook -v`` output, over real
HTTP against the emulator: a waited-on automation run, a Squad add-tests job, a retried request."""

import json
import os
import re

import pytest

from tests.integration.playbook import run_tasks
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
if not os.path.isdir(SAMPLES):  # the samples also live next to the repository in CI checkouts
    SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "samples")
SUREFIRE = os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
JOBS = "/flex/services/rest/v4/upload-file/automation"
JOB = {"project": "Shop", "release": "Release 1.0", "name": "Cart nightly", "framework": "junit",
       "cycle": "Nightly", "phase": "Cart", "repository_path": "Release 1.0 > Automation > Cart", "reuse": True,
       "results_file": SUREFIRE, "run": True, "wait": True, "poll_interval": 0.2}
CYCLE = {"project": "SHOP", "version": "2.4.0", "name": "Progress 2.4.0"}
KEYS = ["SHOP-%d" % n for n in range(101, 111)]
TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d\dZ$")


@pytest.fixture(autouse=True)
def timings(emulator):
    """Short but observable steps; back to the defaults afterwards (the emulator process is shared)."""
    defaults = {"ze_run_step": 0.05, "job_delay": 0.05}
    yield
    emulator.settings(**defaults)


def verbose_result(run, task_name):
    """The result the default callback prints with -v: ``changed: [localhost] => {...}`` after the task."""
    lines = run.stdout.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("TASK [%s]" % task_name))
    for line in lines[start:]:
        match = re.match(r"^(ok|changed|fatal): \[localhost\](?:: FAILED!)? => (\{.*\})$", line)
        if match:
            return json.loads(match.group(2))
    raise AssertionError("no result line for %s in:\n%s" % (task_name, run.stdout[-3000:]))


def assert_well_formed(progress):
    seconds = [p["seconds"] for p in progress]
    assert seconds == sorted(seconds), progress
    for entry in progress:
        assert entry["kind"] in ("run", "job", "retry") and entry["message"], entry
        assert TIME.match(entry["time"]), entry


def test_a_waited_run_shows_its_status_transitions_in_the_result_and_with_v(emulator, zephyr_env):
    emulator.settings(ze_run_step=0.3)
    env = dict(zephyr_env, ANSIBLE_STDOUT_CALLBACK="default", ANSIBLE_CALLBACK_RESULT_FORMAT="json")
    run = run_tasks([{"name": "publish", "testops.testmgmt.zephyr_automation_job": JOB}], env=env,
                    extra_args=["-v"])
    assert run.rc == 0, run.stdout[-3000:] + run.stderr[-2000:]
    result = verbose_result(run, "publish")
    assert result["changed"] is True and result["run"]["status"] == "complete", result
    progress = result["progress"]
    assert_well_formed(progress)
    runs = [p for p in progress if p["kind"] == "run"]
    statuses = [p["status"] for p in runs]
    # each transition once, in the order the run went through them, ending complete
    assert statuses[-1] == "complete" and "in-progress" in statuses, statuses
    assert len(statuses) == len(set(statuses)) >= 2, statuses
    assert all(p["run_id"] == result["run"]["id"] for p in runs)
    waited = [p["waited"] for p in runs]
    assert waited == sorted(waited) and waited[-1] >= 0.3, waited
    # the lines are readable in the -v output itself, not only inside a data structure
    for entry in runs:
        assert entry["message"] in run.stdout
    assert "run %s is complete after" % result["run"]["id"] in run.stdout
    # reporting progress sent nothing more: one upload, then reads only
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/create-and-execute-job"]
    assert result["api_calls"]["requests"] == len(emulator.requests())


def test_a_run_that_outlasts_wait_timeout_says_so_in_progress(emulator, play):
    emulator.settings(ze_run_step=2)
    result = play([{"name": "publish", "register": "out",
                    "testops.testmgmt.zephyr_automation_job": dict(JOB, wait_timeout=1)}]).task("publish")
    assert result["failed"] is True and result["msg"].startswith("wait_timeout"), result
    last = result["progress"][-1]
    assert last["kind"] == "run" and last["timed_out"] is True and "gave up waiting" in last["message"], last
    assert [p["status"] for p in result["progress"] if "status" in p] == ["new"]


def test_adding_tests_to_a_squad_cycle_reports_the_job_progress(emulator, play):
    emulator.settings(job_delay=0.5)
    run = play([{"name": "cycle", "register": "out", "testops.testmgmt.zephyr_cycle": dict(CYCLE, tests=KEYS)}])
    result = run.task("cycle")
    assert result["changed"] is True and result.get("failed") is not True, result
    progress = result["progress"]
    assert_well_formed(progress)
    jobs = [p for p in progress if p["kind"] == "job"]
    assert jobs and all(p["job"] == "add_tests_to_cycle_job_progress" for p in jobs), progress
    values = [p["progress"] for p in jobs]
    # seen still running, then done; each value once; the line names what the job works on
    assert values[0] < 1.0 and values[-1] == 1.0 and len(values) == len(set(values)), values
    assert "(10 tests)" in jobs[-1]["message"] and "done after" in jobs[-1]["message"], jobs[-1]
    assert jobs[-1]["waited"] >= 0.5
    polls = [r for r in emulator.requests() if "/execution/jobProgress/" in r["path"]]
    assert len(polls) >= len(jobs)
    assert result["api_calls"]["requests"] == len(emulator.requests())

    # nothing long happened on the re-run: no progress key at all
    again = play([{"name": "cycle", "register": "out",
                   "testops.testmgmt.zephyr_cycle": dict(CYCLE, tests=KEYS)}]).task("cycle")
    assert again["changed"] is False and "progress" not in again, again


def test_a_retried_request_shows_up_in_progress_and_warnings(emulator, play):
    emulator.fault(status=503, count=1, path="/rest/zapi/latest/cycle", method="GET")
    result = play([{"name": "cycle", "register": "out", "testops.testmgmt.zephyr_cycle": CYCLE}]).task("cycle")
    assert result["changed"] is True and result["api_calls"]["retries"] == 1, result
    retries = [p for p in result["progress"] if p["kind"] == "retry"]
    assert len(retries) == 1 and retries[0]["attempt"] == 1, result["progress"]
    assert "GET" in retries[0]["message"] and "HTTP 503, retry 1 of 5" in retries[0]["message"]
    assert any(retries[0]["message"] in w for w in result.get("warnings", [])), result.get("warnings")
    assert [r["status"] for r in emulator.requests() if r["path"] == "/rest/zapi/latest/cycle"][:2] == [503, 200]


def test_a_retried_poll_during_a_wait_is_reported_with_the_run(emulator, play):
    emulator.settings(ze_run_step=0.2)
    emulator.fault(status=503, count=1, path=JOBS + "/schedule/get-latest-job-progress")
    result = play([{"name": "publish", "register": "out",
                    "testops.testmgmt.zephyr_automation_job": JOB}]).task("publish")
    assert result.get("failed") is not True and result["run"]["status"] == "complete", result
    kinds = [p["kind"] for p in result["progress"]]
    # the run as scheduled, then the retried poll, then the run as it ended
    assert kinds[0] == "run" and kinds.count("retry") == 1 and kinds[-1] == "run", kinds
    assert kinds.index("retry") < len(kinds) - 1, kinds
    assert result["progress"][-1]["status"] == "complete"
