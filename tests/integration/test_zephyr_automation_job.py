"""zephyr_automation_job on Zephyr Enterprise, over real HTTP against the emulator."""

import os
import time

import pytest
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES
if not os.path.isdir(SAMPLES):  # the samples also live next to the repository in CI checkouts
    SAMPLES = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "samples")
SUREFIRE = os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
REST = "/flex/services/rest/latest"
JOBS = "/flex/services/rest/v4/upload-file/automation"
JOB = {"project": "Shop", "release": "Release 1.0", "name": "Cart nightly", "framework": "junit",
       "cycle": "Nightly", "phase": "Cart", "repository_path": "Release 1.0 > Automation > Cart",
       "cycle_start_date": "2026-12-01", "cycle_end_date": "2026-12-05", "reuse": True, "assign_to": "anyone"}
# what the surefire sample holds, as Zephyr Enterprise status ids (1 pass, 2 fail, 10 not executed)
EXPECTED = {
    "com.shop.CartServiceTest.addsItem": "1",
    "com.shop.CartServiceTest.appliesCoupon_SHOP_402": "2",
    "com.shop.CartServiceTest.reservesStock": "1",  # flaky: passed on retry
    "com.shop.CartServiceTest.checksOutGuest": "2",  # error
    "com.shop.CartServiceTest.exportsCart": "10",  # skipped
    "com.shop.CartServiceTest.mergesCarts[1] anonymous \u2192 registered": "1",
}


@pytest.fixture(autouse=True)
def ze_settings(emulator):
    """Run timing and server version back to the defaults around each test (the process is shared)."""
    defaults = {"ze_run_step": 0.05, "ze_version": "8.2", "ze_session_ttl": 5400}
    emulator.settings(**defaults)
    yield
    emulator.settings(**defaults)


def job_task(task_name="job", **overrides):
    args = dict(JOB, **overrides)
    args = dict((k, v) for k, v in args.items() if v is not None)
    return {"name": task_name, "testops.testmgmt.zephyr_automation_job": args, "register": "out"}


def jobs(emulator):
    status, body = emulator.api("GET", JOBS + "/file-upload-job/list?projectId=1&releaseId=1")
    assert status == 200, body
    return body


def detail(emulator, job_id):
    status, body = emulator.api("GET", "/flex/services/rest/v3/automation/job/detail?jobid=%s" % job_id)
    assert status == 200, body
    return body


def statuses_of_cycle(emulator, cycle_id):
    """{test case name: status id} of every execution of the cycle, read over the ZE API."""
    status, cycle = emulator.api("GET", REST + "/cycle/%s" % cycle_id)
    assert status == 200, cycle
    found = {}
    for phase in cycle["cyclePhases"]:
        status, page = emulator.api("GET", REST + "/execution?cyclephaseid=%s&pagesize=0" % phase["id"])
        assert status == 200, page
        for rts in page["results"]:
            found[rts["tcrTreeTestcase"]["testcase"]["name"]] = rts["lastTestResult"]["executionStatus"]
    return cycle, found


def test_create_then_rerun_is_unchanged_and_sends_no_write(emulator, play):
    first = play([job_task()])
    result = first.task("job")
    assert result["changed"] is True, result
    job = result["job"]
    assert job["id"] and job["name"] == "Cart nightly" and job["framework"] == "JUnit"
    assert job["repository_path"] == "Release 1.0 > Automation > Cart" and job["assign_to"] == "-10"
    assert result["run"] is None and result["progress"] == []
    stored = detail(emulator, job["id"])
    # ISO in, MM/dd/yyyy on the wire, epoch ms (midnight UTC in the emulator) back
    assert stored["cycleStartDate"] == 1796083200000 and stored["cycleEndDate"] == 1796428800000
    assert stored["isReuse"] is True and stored["automationFramework"] == "JUnit"
    assert stored["assignResultsTo"] == -10 and stored["phaseName"] == "Cart"

    emulator.clear_requests()
    second = play([job_task()])
    assert second.task("job")["changed"] is False
    assert second.task("job")["job"] == job
    assert emulator.writes() == []
    assert len(jobs(emulator)) == 1


def test_update_changes_only_what_differs_and_shows_a_diff(emulator, play):
    created = play([job_task()]).task("job")["job"]
    emulator.clear_requests()
    updated = play([job_task(phase="Cart v2", reuse=False, cycle_end_date="2026-12-09")], diff=True).task("job")
    assert updated["changed"] is True
    assert updated["diff"]["before"]["phase"] == "Cart" and updated["diff"]["after"]["phase"] == "Cart v2"
    assert updated["diff"]["before"]["reuse"] is True and updated["diff"]["after"]["reuse"] is False
    assert updated["diff"]["after"]["cycle_end_date"] == "2026-12-09"
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/update-execute-job"]
    stored = detail(emulator, created["id"])
    assert stored["phaseName"] == "Cart v2" and stored["isReuse"] is False
    assert stored["cycleName"] == "Nightly" and stored["cycleStartDate"] == 1796083200000  # untouched
    assert updated["job"]["id"] == created["id"] and updated["job"]["phase"] == "Cart v2"

    emulator.clear_requests()
    again = play([job_task(phase="Cart v2", reuse=False, cycle_end_date="2026-12-09")])
    assert again.task("job")["changed"] is False and emulator.writes() == []


def test_check_mode_writes_nothing(emulator, play):
    checked = play([job_task()], check=True, diff=True).task("job")
    assert checked["changed"] is True and checked["job"]["id"] is None
    assert checked["diff"]["after"]["cycle"] == "Nightly"
    assert emulator.writes() == [] and jobs(emulator) == []

    play([job_task()])
    emulator.clear_requests()
    checked = play([job_task(cycle="Weekly", results_file=SUREFIRE, run=True, wait=True)], check=True,
                   diff=True).task("job")
    assert checked["changed"] is True
    assert checked["diff"]["before"]["cycle"] == "Nightly" and checked["diff"]["after"]["cycle"] == "Weekly"
    assert emulator.writes() == [], emulator.writes()
    assert detail(emulator, checked["job"]["id"])["cycleName"] == "Nightly"
    status, latest = emulator.api("GET", JOBS + "/schedule/get-latest-job-progress?jobid=%s" % checked["job"]["id"])
    assert status == 200 and latest is None  # no run was scheduled

    removed = play([job_task(state="absent")], check=True).task("job")
    assert removed["changed"] is True and emulator.writes() == [] and len(jobs(emulator)) == 1


def test_delete_then_delete_again(emulator, play):
    play([job_task()])
    removed = play([job_task(state="absent")], diff=True).task("job")
    assert removed["changed"] is True and removed["job"] == {}
    assert removed["diff"]["before"]["name"] == "Cart nightly" and removed["diff"]["after"]["name"] is None
    assert jobs(emulator) == []
    emulator.clear_requests()
    gone = play([job_task(state="absent")]).task("job")
    assert gone["changed"] is False and emulator.writes() == []


def test_create_and_execute_a_junit_file_then_wait_for_the_cycle(emulator, play):
    emulator.settings(ze_run_step=0.2)
    run = play([job_task(results_file=SUREFIRE, run=True, wait=True, poll_interval=0.3)])
    result = run.task("job")
    assert result.get("failed") is not True, result
    assert result["changed"] is True
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/create-and-execute-job"]
    assert result["run"]["status"] == "complete" and result["run"]["id"]
    assert result["cycle_id"] and result["cycle_id"] == result["run"]["cycle_id"] == result["job"]["cycle_id"]
    seen = [p["status"] for p in result["progress"]]
    assert seen[-1] == "complete" and "in-progress" in seen, seen
    assert result["job"]["result_file"] == os.path.basename(SUREFIRE)

    cycle, found = statuses_of_cycle(emulator, result["cycle_id"])
    assert cycle["name"] == "Nightly" and cycle["cycleStartDate"] == "12/01/2026"
    assert [p["name"] for p in cycle["cyclePhases"]] == ["Cart"]
    assert found == EXPECTED
    # the test cases were created under the job's repository path
    status, tree = emulator.api("GET", REST + "/testcasetree?type=Phase&revisionid=0&releaseid=1")
    assert status == 200
    automation = [n for n in tree["results"] if n["name"] == "Automation"][0]
    cart = [n for n in automation["categories"] if n["name"] == "Cart"][0]
    assert cart["testcaseCount"] == len(EXPECTED)

    # run again (the stored file, reuse: true): same cycle, same test cases, a new run
    emulator.clear_requests()
    again = play([job_task(run=True, wait=True, poll_interval=0.3)]).task("job")
    assert again["changed"] is True and again["run"]["status"] == "complete"
    assert again["run"]["id"] != result["run"]["id"] and again["cycle_id"] == result["cycle_id"]
    assert [w["path"] for w in emulator.writes()] == [JOBS + "/execute-job"]
    status, cycles = emulator.api("GET", REST + "/cycle/release/1")
    assert len(cycles) == 1
    assert statuses_of_cycle(emulator, result["cycle_id"])[1] == EXPECTED


def test_a_failed_run_fails_the_task_and_reports_it(emulator, play):
    # The server fails the run: an administrator made environments mandatory after the job was created
    # (broken or hostile files never get that far: the module refuses them before uploading).
    emulator.settings(ze_run_step=1.0)
    assert play([job_task(results_file=SUREFIRE, run=True)]).task("job")["run"]["status"] == "new"
    status, _body = emulator.api("PUT", REST + "/admin/preference",
                                 {"name": "cycle.environment.enabled", "value": "true"})
    assert status == 200
    run = play([job_task(wait=True, poll_interval=0.2)])
    emulator.settings(ze_run_step=0.05)
    result = run.task("job")
    assert result["failed"] is True and "ended failed" in result["msg"], result
    assert result["run"]["status"] == "failed" and result["job"]["id"]


def test_cancel_a_queued_run(emulator, play):
    emulator.settings(ze_run_step=3)
    started = play([job_task(results_file=SUREFIRE, run=True)]).task("job")
    assert started["changed"] is True and started["run"]["status"] == "new"
    canceled = play([job_task(state="canceled")]).task("job")
    assert canceled["changed"] is True, canceled
    assert canceled["run"]["id"] == started["run"]["id"] and canceled["run"]["status"] == "cancelled"
    cancels = [r for r in emulator.writes() if "/cancel/" in r["path"]]
    assert [r["path"] for r in cancels] == [JOBS + "/cancel/%s" % started["run"]["id"]]

    emulator.clear_requests()
    again = play([job_task(state="canceled")]).task("job")
    assert again["changed"] is False and emulator.writes() == []
    emulator.settings(ze_run_step=0.05)
    time.sleep(3.5)  # the queued run's thread wakes up, finds itself cancelled and stops
    status, cycles = emulator.api("GET", REST + "/cycle/release/1")
    assert status == 200 and cycles == []  # the cancelled run never imported anything
    status, latest = emulator.api("GET", JOBS + "/schedule/get-latest-job-progress?jobid=%s" % started["job"]["id"])
    assert latest["status"] == "cancelled" and latest["cycleId"] is None


def test_cookie_session_expiring_mid_run_logs_in_again(emulator, play):
    emulator.settings(ze_session_ttl=1, ze_run_step=0.8)
    run = play([job_task(results_file=SUREFIRE, run=True, wait=True, poll_interval=0.5, auth_method="session")])
    result = run.task("job")
    assert result.get("failed") is not True, result
    assert result["run"]["status"] == "complete"
    log = emulator.requests()
    logins = [r for r in log if r["path"] == REST + "/manifest"]
    assert len(logins) >= 2, [(r["path"], r["status"]) for r in log]
    assert any(r["status"] == 401 for r in log)
    assert all(r["status"] == 200 for r in logins)


def test_project_and_release_by_id_and_token_auth(emulator, play):
    run = play([job_task(project="1", release="1")], env={"ZEPHYR_USERNAME": "", "ZEPHYR_PASSWORD": "",
                                                          "ZEPHYR_TOKEN": "demo-token"})
    result = run.task("job")
    assert result["changed"] is True and result["job"]["project_id"] == "1"
    assert jobs(emulator)[0]["jobName"] == "Cart nightly"


def test_info_lists_jobs_and_reads_one_with_its_latest_run(emulator, play):
    play([job_task(results_file=SUREFIRE, run=True, wait=True, poll_interval=0.2),
          job_task("other", name="Other job", cycle="Other")])
    emulator.clear_requests()
    info = play([
        {"name": "all", "testops.testmgmt.zephyr_automation_job_info": {"project": "Shop", "release": "Release 1.0"}},
        {"name": "one", "testops.testmgmt.zephyr_automation_job_info": {"project": "Shop", "release": "Release 1.0",
                                                                        "name": "Cart nightly"}},
    ])
    listed = info.task("all")
    assert listed["changed"] is False and listed["job"] is None
    assert sorted(j["name"] for j in listed["jobs"]) == ["Cart nightly", "Other job"]
    by_name = dict((j["name"], j) for j in listed["jobs"])
    assert by_name["Cart nightly"]["status"] == "complete" and by_name["Other job"]["status"] == "new"
    one = info.task("one")
    assert one["job"]["cycle"] == "Nightly" and one["progress"]["status"] == "complete"
    assert one["progress"]["cycle_id"]
    assert emulator.writes() == []


def _fails_cleanly(emulator, result, option, words):
    assert result.get("failed") is True, result
    message = result["msg"]
    assert "\n" not in message and message.startswith(option) and words in message, message
    assert emulator.writes() == []


def test_bad_input_fails_with_one_line_before_anything_is_written(emulator, play, tmp_path):
    cases = [
        ({"name": " "}, "name", "must not be empty"),
        ({"project": "Nope"}, "project", "no project named or numbered 'Nope'"),
        ({"project": "99"}, "project", "no project named or numbered '99'"),
        ({"release": "Release 9"}, "release", "no release named or numbered 'Release 9' in project Shop"),
        ({"release": "42"}, "release", "no release"),
        ({"cycle_start_date": "31/12/2026"}, "cycle_start_date", "YYYY-MM-DD"),
        ({"cycle_end_date": "2026-13-01"}, "cycle_end_date", "is not a date"),
        ({"cycle_end_date": "2026-11-01"}, "cycle_end_date", "before"),
        ({"results_file": str(tmp_path / "missing.xml"), "run": True}, "results_file", "no such file"),
        ({"framework": "Jest"}, "framework", "unknown automation framework 'Jest'"),
        ({"repository_folder_id": "999"}, "repository_folder_id", "no repository folder with id 999"),
        ({"assign_to": "nobody"}, "assign_to", "no Zephyr Enterprise user 'nobody'"),
        ({"cycle": None}, "cycle", "is required to create"),
        ({"run": True}, "results_file", "has no result file to run"),
        ({"state": "absent", "run": True}, "run", "only applies with state=present"),
        ({"results_file": SUREFIRE, "skip_completed": True}, "skip_completed", "only applies with run=true"),
        ({"edition": "squad"}, "edition", "Zephyr Enterprise only"),
    ]
    tasks = [dict(job_task("case %d" % i, **overrides), ignore_errors=True)
             for i, (overrides, _option, _words) in enumerate(cases)]
    run = play(tasks)
    for index, (_overrides, option, words) in enumerate(cases):
        _fails_cleanly(emulator, run.task("case %d" % index), option, words)
    assert jobs(emulator) == []
