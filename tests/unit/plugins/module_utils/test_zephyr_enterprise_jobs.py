"""Pure logic of the Zephyr Enterprise automation-job modules: input checks, the product's answers in
portable form, what an update sends, and following a run."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils import automation_job as aj
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_run import (
    RunWatcher,
    is_final,
    succeeded,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError


class Scope:
    project = {"id": "1", "name": "Shop"}
    version = {"id": "3", "name": "Release 1.0"}


def params(**overrides):
    base = dict((option, None) for option in aj.MANAGED)
    base.update({"name": "Nightly", "results_file": None})
    base.update(overrides)
    return base


@pytest.mark.parametrize("given,expected", [("junit", "JUnit"), ("TESTNG", "TestNG"), (" soapui pro ", "SoapUI PRO")])
def test_framework_names_match_without_regard_to_case(given, expected):
    assert aj.canonical_framework(given) == expected


def test_unknown_framework_names_the_option_and_the_choices():
    with pytest.raises(InputError) as err:
        aj.canonical_framework("Jest")
    assert str(err.value).startswith("framework: unknown automation framework 'Jest'") and "JUnit" in str(err.value)


@pytest.mark.parametrize("value,expected", [("2026-12-01", "2026-12-01"), ("12/01/2026", "2026-12-01"),
                                            (None, None), ("", None)])
def test_job_dates_accept_iso_and_us(value, expected):
    assert aj.job_date(value, "cycle_start_date") == expected


@pytest.mark.parametrize("value", ["31/12/2026", "2026-13-01", "tomorrow", "12/01/26"])
def test_bad_job_dates_name_the_option(value):
    with pytest.raises(InputError) as err:
        aj.job_date(value, "cycle_end_date")
    assert str(err.value).startswith("cycle_end_date:") and "YYYY-MM-DD" in str(err.value)


def test_wanted_job_checks_everything_up_front(tmp_path):
    with pytest.raises(InputError) as err:
        aj.wanted_job(params(name="  "))
    assert str(err.value).startswith("name: must not be empty")
    with pytest.raises(InputError) as err:
        aj.wanted_job(params(cycle_start_date="2026-12-05", cycle_end_date="2026-12-01"))
    assert str(err.value).startswith("cycle_end_date:") and "before" in str(err.value)
    with pytest.raises(InputError) as err:
        aj.wanted_job(params(repository_folder_id="Automation"))
    assert str(err.value).startswith("repository_folder_id:")
    with pytest.raises(InputError) as err:
        aj.wanted_job(params(results_file=str(tmp_path / "none.xml")))
    assert str(err.value).startswith("results_file:") and "no such file" in str(err.value)
    result = tmp_path / "junit.xml"
    result.write_text("<testsuite/>")
    wanted, upload = aj.wanted_job(params(framework="junit", repository_path="Release 1.0>Automation >  Cart",
                                          cycle_start_date="12/01/2026", results_file=str(result)))
    assert wanted["framework"] == "JUnit" and wanted["cycle_start_date"] == "2026-12-01"
    assert wanted["repository_path"] == "Release 1.0 > Automation > Cart"
    assert upload.name == "junit.xml" and upload.content_type == "application/xml"


DETAIL = {"id": 12, "projectId": 1, "releaseId": 3, "automationFramework": "JUnit", "invokeScript": "",
          "jobCrationDate": 1795453461250, "createdBy": 1, "cycleDuration": "", "isTimeStamp": False,
          "createPackage": False, "assignResultsTo": -10, "cycleStartDate": 1796083200000,
          "cycleEndDate": 1796428800000, "cycleName": "Nightly", "phaseName": "Cart", "isReuse": True,
          "jobName": "Nightly", "testRepositoryPath": "Release 1.0 &gt; Automation", "jobDetailTcrCatalogTreeId": None,
          "isDateStr": True, "jobSource": "FILE_UPLOAD", "fileUplaodJobPath": "/opt/zephyr/upload/x/junit.xml",
          "userId": 1, "environment": "", "timeStamp": False}


def test_portable_job_unescapes_the_path_and_reads_epoch_dates():
    job = aj.portable_job(DETAIL)
    assert job["repository_path"] == "Release 1.0 > Automation"
    assert job["cycle_start_date"] == "2026-12-01" and job["cycle_end_date"] == "2026-12-05"
    assert job["assign_to"] == "-10" and job["reuse"] is True and job["result_file"] == "junit.xml"
    assert job["created_on"] == "2026-11-23T17:04:21Z"
    # a server in UTC+2 stores its local midnight: still the same day
    east = aj.portable_job(dict(DETAIL, cycleStartDate=1796083200000 - 2 * 3600 * 1000))
    assert east["cycle_start_date"] == "2026-12-01"


def test_portable_job_reads_string_booleans_and_lowercase_frameworks():
    job = aj.portable_job(dict(DETAIL, isReuse="false", automationFramework="junit", isTimeStamp=None,
                               timeStamp="true"))
    assert job["reuse"] is False and job["framework"] == "JUnit" and job["timestamp"] is True


def test_changes_and_the_wire_detail_hold_only_what_differs():
    current = aj.portable_job(DETAIL)
    wanted = dict((o, None) for o in aj.MANAGED)
    wanted.update({"name": "Nightly", "framework": "junit", "phase": "Cart", "reuse": False,
                   "cycle_end_date": "2026-12-09", "assign_to": "-10", "repository_path": "Release 1.0 > Automation"})
    delta = aj.changes(current, wanted)
    assert delta == {"reuse": False, "cycle_end_date": "2026-12-09"}
    detail = aj.wire_detail(delta, Scope, job_id=current["id"])
    assert detail == {"id": 12, "projectId": 1, "releaseId": 3, "isReuse": False, "cycleEndDateStr": "12/09/2026"}


def test_portable_run_and_final_statuses():
    run = aj.portable_run({"id": 7, "automationJobDetailId": 12, "status": "complete",
                           "jobScheduleDate": 1795453461250, "cycleId": 4, "cycleDuration": 1800})
    assert run == {"id": "7", "job_id": "12", "status": "complete", "scheduled_on": "2026-11-23T17:04:21Z",
                   "cycle_id": "4", "duration_ms": 1800}
    assert aj.portable_run(None) is None
    assert [is_final(s) for s in ("new", "Waiting", "queued", "in-progress", "complete", "failed", "cancelled",
                                  "something new")] == [False, False, False, False, True, True, True, False]
    assert succeeded("complete") and not succeeded("failed")


class FakeApi:
    def __init__(self, answers):
        self.answers = list(answers)
        self.calls = 0

    def progress(self, job_id):
        self.calls += 1
        return self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]


class Clock:
    def __init__(self):
        self.now = 0.0
        self.sleeps = []

    def __call__(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        self.now += seconds


def test_watcher_records_each_status_once_and_stops_at_a_final_one():
    api = FakeApi([{"id": 7, "status": "new"}, {"id": 7, "status": "Waiting"}, {"id": 7, "status": "Waiting"},
                   {"id": 7, "status": "in-progress"}, {"id": 7, "status": "complete", "cycleId": 4}])
    clock = Clock()
    logged = []
    watcher = RunWatcher(api, "12", log=logged.append, clock=clock, sleep=clock.sleep)
    run, ended = watcher.wait("7", timeout=60, max_interval=1.0)
    assert ended and run["status"] == "complete"
    assert [p["status"] for p in watcher.progress] == ["new", "Waiting", "in-progress", "complete"]
    assert clock.sleeps == [0.25, 0.5, 1.0, 1.0] and len(logged) == 4


def test_watcher_ignores_an_older_final_run_and_gives_up_at_the_timeout():
    api = FakeApi([{"id": 6, "status": "complete"}])
    clock = Clock()
    watcher = RunWatcher(api, "12", clock=clock, sleep=clock.sleep)
    run, ended = watcher.wait("7", timeout=3, max_interval=1.0)
    assert not ended and run["id"] == 6
    assert clock.now <= 3


def test_watcher_asks_nothing_when_the_run_seen_has_ended():
    api = FakeApi([{"id": 7, "status": "in-progress"}])
    clock = Clock()
    watcher = RunWatcher(api, "12", clock=clock, sleep=clock.sleep)
    run, ended = watcher.wait("7", timeout=60, max_interval=1.0, seen={"id": 7, "status": "complete", "cycleId": 4})
    assert ended and run["cycleId"] == 4
    assert api.calls == 0 and clock.sleeps == [] and [p["status"] for p in watcher.progress] == ["complete"]


def test_watcher_waits_a_first_interval_after_a_run_just_scheduled():
    api = FakeApi([{"id": 7, "automationJobDetailId": 12, "status": "complete", "cycleId": 4}])
    clock = Clock()
    watcher = RunWatcher(api, "12", clock=clock, sleep=clock.sleep)
    run, ended = watcher.wait("7", timeout=60, max_interval=1.0, seen={"id": 7, "status": "new"})
    assert ended and run["cycleId"] == 4 and api.calls == 1
    assert clock.sleeps == [0.25] and [p["status"] for p in watcher.progress] == ["new", "complete"]
    # an older run's end does not end the wait for the one just scheduled
    api = FakeApi([{"id": 6, "status": "complete"}])
    clock = Clock()
    run, ended = RunWatcher(api, "12", clock=clock, sleep=clock.sleep).wait(
        "7", timeout=2, max_interval=1.0, seen={"id": 6, "status": "complete"})
    assert not ended and api.calls >= 1


LIST_ROW = {"id": 12, "projectId": 1, "releaseId": 3, "automationFramework": "JUnit", "status": "complete",
            "jobScheduleDate": 1795453461250, "createdBy": 1, "cycleStartDate": 1796083200000, "cycleEndDate": None,
            "jobName": "Nightly 1a2b3c4d", "jobSource": "FILE_UPLOAD", "jobDetailTcrCatalogTreeId": None,
            "phaseName": "Cart", "testRepositoryPath": "Release 1.0 > Automation", "attachmentId": 5,
            "attachmentName": "junit.xml"}


class Upload:
    def __init__(self, name):
        self.name = name


def test_a_job_completed_with_the_same_file_is_done():
    assert aj.completed_with(LIST_ROW, Upload("junit.xml")) and aj.completed_with(LIST_ROW, None)
    assert not aj.completed_with(LIST_ROW, Upload("other.xml"))
    for status in ("new", "queued", "in-progress", "failed", "cancelled"):
        assert not aj.completed_with(dict(LIST_ROW, status=status), Upload("junit.xml")), status
    assert not aj.completed_with(None, Upload("junit.xml"))


def test_what_the_list_row_tells_of_a_job_and_its_run():
    job = aj.listed_job(LIST_ROW)
    assert sorted(job) == sorted(aj.LISTED)
    assert job["id"] == "12" and job["phase"] == "Cart" and job["cycle_start_date"] == "2026-12-01"
    assert job["result_file"] == "junit.xml" and job["repository_path"] == "Release 1.0 > Automation"
    assert aj.listed_run(LIST_ROW) == {"id": None, "job_id": "12", "status": "complete",
                                       "scheduled_on": "2026-11-23T17:04:21Z", "cycle_id": None, "duration_ms": None}
    sent = {"name": "Nightly 1a2b3c4d", "framework": "JUnit", "cycle": "Nightly", "reuse": True, "assign_to": "-10"}
    created = aj.created_job(sent, dict(LIST_ROW, status="new"))
    assert created["cycle"] == "Nightly" and created["reuse"] is True and created["assign_to"] == "-10"
    assert created["id"] == "12" and created["phase"] == "Cart" and created["created_on"] is None
