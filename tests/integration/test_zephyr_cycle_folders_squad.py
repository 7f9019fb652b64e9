"""zephyr_cycle on Zephyr Squad: folders, the tests a cycle and its folders hold, purging, saved
filters, tests from another cycle, cloning, and the asynchronous jobs behind them."""

import pytest

from tests.integration.zephyr_squad_support import (
    V240,
    V250,
    cycles,
    executions,
    failed_cleanly,
    folders,
    keys_of,
    ok,
    writes,
)

BASE = {"project": "SHOP", "version": "2.4.0", "name": "Regression"}


def cycle_task(task_name="cycle", **args):
    return {"name": task_name, "testops.testmgmt.zephyr_cycle": dict(BASE, **args), "ignore_errors": True}


FIRST = dict(tests=["SHOP-101", "SHOP-102"], folders=[
    {"name": "Auth", "tests_jql": "summary ~ Login"},
    {"name": "Cart", "tests": ["SHOP-105"]},
    {"name": "Old"},
])
SECOND = dict(tests=["SHOP-101"], purge_tests=True, purge_folders=True, folders=[
    {"name": "Login", "rename_from": "Auth", "description": "sign-in flows"},
    {"name": "Cart", "tests": ["SHOP-105", "SHOP-106"]},
])


def test_folders_and_tests_create_rerun_check_update(emulator, play):
    created = play([cycle_task(**FIRST)], diff=True).task("cycle")
    assert created["changed"] is True, created
    assert created["cycle"]["tests"]["Auth"]["added"] == ["SHOP-101", "SHOP-102"]
    assert created["diff"]["after"]["folders"] == ["Auth", "Cart", "Old"]
    cycle_id = created["cycle"]["id"]
    found = folders(emulator, cycle_id)
    assert sorted(found) == ["Auth", "Cart", "Old"]
    assert keys_of(executions(emulator, cycle_id)) == ["SHOP-101", "SHOP-102"]
    assert keys_of(executions(emulator, cycle_id, found["Auth"]["folderId"])) == ["SHOP-101", "SHOP-102"]
    assert keys_of(executions(emulator, cycle_id, found["Cart"]["folderId"])) == ["SHOP-105"]

    emulator.clear_requests()
    again = play([cycle_task(**FIRST)]).task("cycle")
    assert again["changed"] is False and writes(emulator) == []
    assert again["api_calls"]["writes"] == 0

    checked = play([cycle_task(**SECOND)], check=True, diff=True).task("cycle")
    assert checked["changed"] is True, checked
    assert writes(emulator) == []
    assert checked["diff"]["before"]["folders"] == ["Auth", "Cart", "Old"]
    assert checked["diff"]["after"]["folders"] == ["Cart", "Login"]
    assert checked["diff"]["after"]["tests (cycle)"] == ["SHOP-101"]
    assert checked["diff"]["after"]["tests (Cart)"] == ["SHOP-105", "SHOP-106"]
    assert sorted(folders(emulator, cycle_id)) == ["Auth", "Cart", "Old"]

    updated = play([cycle_task(**SECOND)]).task("cycle")
    assert updated["changed"] is True, updated
    assert updated["cycle"]["tests"]["cycle"]["removed"] == ["SHOP-102"]
    after = folders(emulator, cycle_id)
    assert sorted(after) == ["Cart", "Login"]
    assert after["Login"]["folderId"] == found["Auth"]["folderId"]  # renamed, not re-created
    assert after["Login"]["folderDescription"] == "sign-in flows"
    assert keys_of(executions(emulator, cycle_id, after["Login"]["folderId"])) == ["SHOP-101", "SHOP-102"]
    assert keys_of(executions(emulator, cycle_id, after["Cart"]["folderId"])) == ["SHOP-105", "SHOP-106"]
    assert keys_of(executions(emulator, cycle_id)) == ["SHOP-101"]

    emulator.clear_requests()
    assert play([cycle_task(**SECOND)]).task("cycle")["changed"] is False
    assert writes(emulator) == []


def test_saved_filter_tests_from_cycle_and_clone(emulator, play):
    saved = ok(emulator.api("POST", "/rest/api/2/filter", {"name": "logins", "jql": "summary ~ Login"}))
    tasks = [
        cycle_task("filtered", name="Filtered", tests_filter=saved["id"], folders=[
            {"name": "Checkout", "tests": ["SHOP-103", "SHOP-104"]}]),
        cycle_task("copied", name="Copied", tests_from_cycle={"name": "Filtered", "folder": "Checkout"}),
        cycle_task("cloned", name="Regression 2.5.0", version="2.5.0", clone_from="Filtered",
                   clone_from_version="2.4.0", description="from 2.4.0"),
    ]
    run = play(tasks)
    for name in ("filtered", "copied", "cloned"):
        assert run.task(name)["changed"] is True, run.task(name)
    adds = [r for r in emulator.requests() if r["path"].endswith("/execution/addTestsToCycle")]
    assert len(adds) == 3  # filter (method 2), its folder (method 1), from the folder (method 3)
    mine = cycles(emulator)
    assert keys_of(executions(emulator, mine["Filtered"]["id"])) == ["SHOP-101", "SHOP-102"]
    assert keys_of(executions(emulator, mine["Copied"]["id"])) == ["SHOP-103", "SHOP-104"]
    clone = cycles(emulator, V250)["Regression 2.5.0"]
    assert clone["description"] == "from 2.4.0" and run.task("cloned")["cycle"]["id"] == clone["id"]
    assert keys_of(executions(emulator, clone["id"], version=V250)) == ["SHOP-101", "SHOP-102"]
    cloned_folder = folders(emulator, clone["id"], V250)["Checkout"]
    assert keys_of(executions(emulator, clone["id"], cloned_folder["folderId"], V250)) == ["SHOP-103", "SHOP-104"]

    emulator.clear_requests()
    rerun = play(tasks)
    assert [rerun.task(n)["changed"] for n in ("filtered", "copied", "cloned")] == [False, False, False]
    assert writes(emulator) == []


@pytest.fixture
def quick_expiry(emulator):
    """Jobs that outlive one poll and are forgotten the moment they finish."""
    emulator.settings(job_delay=0.5, job_expiry=0.0)
    yield emulator
    emulator.settings(job_delay=0.05, job_expiry=30.0)


def test_expired_job_is_verified_by_listing(quick_expiry, play):
    emulator = quick_expiry
    task = play([cycle_task(tests=["SHOP-101", "SHOP-102", "SHOP-103"])]).task("cycle")
    assert task["changed"] is True, task
    polls = [r for r in emulator.requests() if "/jobProgress/" in r["path"]]
    assert polls, "the job was polled"
    token = polls[-1]["path"].rsplit("/", 1)[1]
    assert emulator.api("GET", "/rest/zapi/latest/execution/jobProgress/%s" % token) == (200, None)
    assert keys_of(executions(emulator, task["cycle"]["id"])) == ["SHOP-101", "SHOP-102", "SHOP-103"]


def test_bad_input_names_the_option_and_writes_nothing(emulator, play):
    body = {"name": "Regression", "projectId": "10000", "versionId": V240}
    ok(emulator.api("POST", "/rest/zapi/latest/cycle", body))
    emulator.clear_requests()
    run = play([
        cycle_task("unknown key", tests=["SHOP-101", "SHOP-4242"]),
        cycle_task("not a key", tests=["login test"]),
        cycle_task("bad jql", tests_jql="summary ~~ x"),
        cycle_task("unknown filter", tests_filter="77777"),
        cycle_task("unknown source", tests_from_cycle={"name": "Nope"}),
        cycle_task("unknown source folder", folders=[{"name": "A", "tests_from_cycle": {
            "name": "Regression", "folder": "Nope"}}]),
        cycle_task("unknown clone", name="Fresh", clone_from="Nope"),
        cycle_task("unknown clone version", name="Fresh", clone_from="Regression", clone_from_version="9.9"),
        cycle_task("unknown version", version="9.9.9"),
        cycle_task("iso date expected", start_date="1/Dec/26"),
        cycle_task("phases are Enterprise", phases=[{"name": "x"}]),
        cycle_task("folder twice", folders=[{"name": "A"}, {"name": "A"}]),
    ])
    failed_cleanly(run.task("unknown key"), "tests", "SHOP-4242")
    failed_cleanly(run.task("not a key"), "tests", "not an issue key")
    failed_cleanly(run.task("bad jql"), "tests_jql")
    failed_cleanly(run.task("unknown filter"), "tests_filter", "77777")
    failed_cleanly(run.task("unknown source"), "tests_from_cycle", "'Nope' not found")
    failed_cleanly(run.task("unknown source folder"), "folders[A].tests_from_cycle", "folder 'Nope'")
    failed_cleanly(run.task("unknown clone"), "clone_from", "not found")
    failed_cleanly(run.task("unknown clone version"), "clone_from_version", "9.9")
    failed_cleanly(run.task("unknown version"), "version", "not found")
    failed_cleanly(run.task("iso date expected"), "start_date", "YYYY-MM-DD")
    assert "phases" in run.task("phases are Enterprise")["msg"]
    failed_cleanly(run.task("folder twice"), "folders[1].name", "twice")
    assert writes(emulator) == []


def test_new_folder_on_existing_cycle_gets_tests_the_cycle_level_already_has(emulator, play):
    """A folder created on an existing cycle starts empty: the cycle's own executions are not its own."""
    first = play([cycle_task(tests=["SHOP-101"])]).task("cycle")
    assert first["changed"] is True, first
    cycle_id = first["cycle"]["id"]
    second = play([cycle_task(tests=["SHOP-101"], folders=[{"name": "Fresh", "tests": ["SHOP-101"]}])]).task("cycle")
    assert second["changed"] is True, second
    fresh = folders(emulator, cycle_id)["Fresh"]
    assert keys_of(executions(emulator, cycle_id, fresh["folderId"])) == ["SHOP-101"]
    assert keys_of(executions(emulator, cycle_id)) == ["SHOP-101"]
    emulator.clear_requests()
    third = play([cycle_task(tests=["SHOP-101"], folders=[{"name": "Fresh", "tests": ["SHOP-101"]}])]).task("cycle")
    assert third["changed"] is False and writes(emulator) == []
