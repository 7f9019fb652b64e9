"""The bad-input matrix: every module given a wrong type, an unknown project/version/cycle/test, a bad
date, an empty name. Each case fails with one line that names the option, and nothing is written.

One playbook per module (every case a task with ignore_errors), so the whole matrix costs a few
ansible-playbook runs; the request log of the run must hold no write at all.
"""

import pytest

from tests.integration.playbook import run_tasks

SQUAD = "squad"
ZE = "enterprise"
XRAY = "xray"

# module -> (connection, valid base arguments, [(case, overrides, option named in the message)])
MATRIX = {
    "zephyr_cycle": (SQUAD, {"project": "SHOP", "version": "2.4.0", "name": "Matrix"}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("unknown version", {"version": "9.9.9"}, "version"),
        ("impossible date", {"start_date": "2026-02-30"}, "start_date"),
        ("date in another format", {"end_date": "31/12/2026"}, "end_date"),
        ("empty name", {"name": "  "}, "name"),
        ("wrong type bool", {"purge_tests": "maybe"}, "purge_tests"),
        ("unknown test", {"tests": ["SHOP-999"]}, "tests"),
        ("unknown clone source", {"clone_from": "No such cycle"}, "clone_from"),
        ("bad choice", {"state": "gone"}, "state"),
    ]),
    "zephyr_cycle_info": (SQUAD, {"project": "SHOP", "version": "2.4.0"}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("unknown version", {"version": "9.9.9"}, "version"),
        ("wrong type bool", {"executions": "often"}, "executions"),
    ]),
    "zephyr_test": (SQUAD, {"project": "SHOP", "summary": "Matrix test"}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("unknown key", {"key": "SHOP-999", "summary": None}, "key"),
        ("empty summary", {"summary": ""}, "summary"),
        ("wrong type list", {"labels": {"a": 1}}, "labels"),
        ("bad choice", {"state": "gone"}, "state"),
    ]),
    "zephyr_test_info": (SQUAD, {"project": "SHOP"}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("wrong type bool", {"steps": "some"}, "steps"),
    ]),
    "zephyr_execution": (SQUAD, {"project": "SHOP", "version": "2.4.0", "cycle": "Matrix",
                                 "results": [{"test": "SHOP-101", "status": "pass"}]}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("unknown version", {"version": "9.9.9"}, "version"),
        ("unknown cycle", {"cycle": "No such cycle"}, "cycle"),
        ("unknown test", {"results": [{"test": "SHOP-999", "status": "pass"}]}, "results"),
        ("unknown status", {"results": [{"test": "SHOP-101", "status": "sideways"}]}, "status"),
        ("missing result file", {"results": None, "results_file": ["/nonexistent/junit.xml"]}, "results_file"),
        ("empty test key", {"results": [{"test": "", "status": "pass"}]}, "test"),
    ]),
    "zephyr_automation_job": (ZE, {"project": "Shop", "release": "Release 1.0", "name": "Matrix job",
                                   "framework": "junit", "cycle": "Matrix", "phase": "Matrix"}, [
        ("unknown project", {"project": "Nope"}, "project"),
        ("unknown release", {"release": "Release 9"}, "release"),
        ("impossible date", {"cycle_start_date": "2026-13-01"}, "cycle_start_date"),
        ("empty name", {"name": ""}, "name"),
        ("unknown framework", {"framework": "nosuch"}, "framework"),
        ("missing result file", {"results_file": "/nonexistent/junit.xml"}, "results_file"),
        ("wrong type int", {"wait_timeout": "soon"}, "wait_timeout"),
    ]),
    "zephyr_automation_job_info": (ZE, {"project": "Shop", "release": "Release 1.0"}, [
        ("unknown project", {"project": "Nope"}, "project"),
        ("unknown release", {"release": "Release 9"}, "release"),
    ]),
    "xray_test_execution": (XRAY, {"project": "SHOP", "summary": "Matrix",
                                   "results": [{"test": "SHOP-101", "status": "pass"}]}, [
        ("unknown project", {"project": "NOPE"}, "project"),
        ("unknown execution key", {"key": "SHOP-9999", "summary": None}, "key"),
        ("unknown test", {"results": [{"test": "SHOP-999", "status": "pass"}]}, "SHOP-999"),
        ("unknown status", {"results": [{"test": "SHOP-101", "status": "sideways"}]}, "status"),
        ("unknown test plan", {"test_plan": "SHOP-9999"}, "test_plan"),
        ("missing result file", {"results": None, "results_file": ["/nonexistent/junit.xml"], "format": "junit"},
         "results_file"),
        ("empty summary", {"summary": ""}, "summary"),
        ("wrong type bool", {"purge_tests": "perhaps"}, "purge_tests"),
        ("bad format", {"results_file": ["/nonexistent.xml"], "format": "excel"}, "format"),
    ]),
    "xray_test_execution_info": (XRAY, {"project": "SHOP", "summary": "Matrix"}, [
        ("unknown execution key", {"key": "SHOP-9999", "summary": None}, "key"),
        ("unknown project", {"project": "NOPE"}, "project"),
    ]),
}


def env_for(kind, emulator):
    if kind == SQUAD:
        return {"ZEPHYR_URL": emulator.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin"}
    if kind == ZE:
        return {"ZEPHYR_URL": emulator.url, "ZEPHYR_TOKEN": "demo-token", "ZEPHYR_EDITION": "enterprise"}
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


# A list of dicts given a string: ansible-core's no_log scan reads it first and fails with "dictionary requested,
# could not parse JSON or key=value" naming no option; module_runner checks such options before it.
ELEMENT_CASES = {
    "zephyr_cycle": (SQUAD, {"project": "SHOP", "version": "2.4.0", "name": "Matrix"}, [
        ("wrong type list of dicts", {"folders": ["UI"]}, "folders[0]"),
        ("wrong type nested dict", {"folders": [{"name": "UI", "tests_from_cycle": "Smoke"}]},
         "folders[0].tests_from_cycle"),
        ("wrong type dict", {"tests_from_cycle": "Smoke"}, "tests_from_cycle")]),
    "zephyr_execution": (SQUAD, {"project": "SHOP", "version": "2.4.0", "cycle": "Matrix"}, [
        ("wrong type list of dicts", {"results": ["SHOP-101 pass"]}, "results[0]")]),
}
SECRET = "pw-elem-31337x"


@pytest.mark.parametrize("module", sorted(ELEMENT_CASES))
def test_a_string_for_a_list_of_dicts_names_the_option(emulator, module):
    check_matrix(emulator, module, *ELEMENT_CASES[module])


def test_a_string_for_a_list_of_dicts_keeps_the_password_masked(emulator):
    """Ansible's no_log scan used to stop at the bad option, so a password given as an argument came back in
    clear in the result's invocation; now the scan runs over the other options first."""
    args = {"url": emulator.url, "username": "admin", "password": SECRET, "project": "SHOP", "version": "2.4.0",
            "name": "Matrix", "folders": ["UI"]}
    run = run_tasks([{"name": "bad folders", "testops.testmgmt.zephyr_cycle": args, "ignore_errors": True}],
                    extra_args=["-vvv"])
    assert SECRET not in run.stdout + run.stderr
    task = run.task("bad folders")
    assert task["invocation"]["module_args"]["password"] == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER"
    assert task.get("failed") and task["msg"].startswith("folders[0]: must be a dict, not a string; give each item as a dict")


@pytest.mark.parametrize("module", sorted(MATRIX))
def test_bad_input_names_the_option_and_writes_nothing(emulator, module):
    check_matrix(emulator, module, *MATRIX[module])


def check_matrix(emulator, module, kind, base, cases):
    if module == "zephyr_execution":
        emulator.api("POST", "/rest/zapi/latest/cycle", {"name": "Matrix", "projectId": "10000", "versionId": "10100"})
    tasks = []
    for case, overrides, _option in cases:
        args = dict(base)
        args.update(overrides)
        args = dict((k, v) for k, v in args.items() if v is not None)
        tasks.append({"name": case, "testops.testmgmt.%s" % module: args, "ignore_errors": True})
    emulator.clear_requests()
    run = run_tasks(tasks, env=env_for(kind, emulator))
    assert "Traceback" not in run.stdout + run.stderr
    problems = []
    for case, _overrides, option in cases:
        task = run.task(case)
        message = task.get("msg") or ""
        if not task.get("failed"):
            problems.append("%s: did not fail (changed=%s)" % (case, task.get("changed")))
        elif "\n" in message or option not in message:
            problems.append("%s: %r does not name %s on one line" % (case, message, option))
    assert not problems, "\n".join(problems)
    assert emulator.writes() == [], emulator.writes()
