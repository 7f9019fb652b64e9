"""zephyr_cycle when the server misbehaves, over real HTTP with the emulator's fault injection.

Every run either converges or fails with one line after its retry budget, never a traceback; a read
that failed is never taken for "not found", and a run cut short converges when run again.
"""

import time

import pytest

from tests.integration.support_faults import (
    FAST,
    KillablePlaybook,
    RestartableEmulator,
    assert_clean_failure,
    assert_no_traceback,
    wait_for_request,
    writes,
)
from tests.integration.playbook import run_tasks

CYCLES = "/rest/zapi/latest/cycle"
PROJECT = "/rest/api/2/project"
CYCLE = {"project": "SHOP", "version": "2.4.0", "name": "Nightly", "description": "faults"}


def cycle_task(name="cycle", **overrides):
    args = dict(CYCLE, **FAST)
    args.update(overrides)
    return {"name": name, "testops.testmgmt.zephyr_cycle": args}


def nightly_ids(emulator, name="Nightly"):
    status, body = emulator.api("GET", CYCLES + "?projectId=10000&versionId=10100")
    assert status == 200, body
    return sorted(k for k, v in body.items() if isinstance(v, dict) and v.get("name") == name)


def rerun_tasks():
    """Run again twice in one playbook: the first converges, the second has nothing left to do."""
    return [cycle_task("rerun"), cycle_task("again")]


def assert_converged(emulator, run):
    assert_no_traceback(run)
    again = run.task("again")
    assert again["changed"] is False, again
    assert again["api_calls"]["writes"] == 0
    assert len(nightly_ids(emulator)) == 1


def converged(emulator, play):
    """A plain re-run: exactly one cycle, and nothing left to change."""
    run = play(rerun_tasks())
    assert_converged(emulator, run)
    return run


# -- throttling and bursts of gateway errors ------------------------------------------------------
def test_429_with_retry_after_is_waited_out(emulator, play):
    emulator.fault(status=429, count=2, retry_after=0.3, path=CYCLES, method="GET")
    emulator.fault(status=429, count=1, retry_after=0.3, path=CYCLES, method="POST")
    run = play([cycle_task()])
    assert_no_traceback(run)
    task = run.task("cycle")
    assert task["changed"] is True and task["api_calls"]["retries"] == 3, task
    assert any("HTTP 429" in w and "0.3s" in w for w in task["warnings"]), task["warnings"]
    statuses = [(r["method"], r["status"]) for r in emulator.requests() if r["path"] == CYCLES]
    assert statuses == [("GET", 429), ("GET", 429), ("GET", 200), ("POST", 429), ("POST", 200)]
    assert len(nightly_ids(emulator)) == 1


def test_429_beyond_the_retry_budget_fails_cleanly_and_writes_nothing(emulator, play):
    emulator.fault(status=429, count=10, retry_after=0.1, path=CYCLES, method="GET")
    run = play([cycle_task()])
    assert_clean_failure(run, "cycle", "HTTP 429", "GET")
    assert emulator.writes() == []


def test_a_burst_of_gateway_errors_on_reads_is_retried(emulator, play):
    emulator.fault(status=502, count=1, path=PROJECT + "/SHOP")
    emulator.fault(status=503, count=2, path=PROJECT + "/10000/versions")
    emulator.fault(status=504, count=1, path=CYCLES, method="GET")
    run = play([cycle_task()])
    assert_no_traceback(run)
    assert run.task("cycle")["changed"] is True
    assert run.task("cycle")["api_calls"]["retries"] == 4
    assert sorted(r["status"] for r in emulator.requests() if r["status"] >= 500) == [502, 503, 503, 504]
    assert len(nightly_ids(emulator)) == 1


@pytest.mark.parametrize("status", [502, 504])
def test_a_gateway_error_on_the_create_fails_once_and_the_rerun_converges(emulator, play, status):
    # a creating POST is not repeated on 5xx: the server may have applied it before the gateway gave up
    emulator.fault(status=status, count=1, path=CYCLES, method="POST")
    run = play([dict(cycle_task("faulted"), ignore_errors=True)] + rerun_tasks())
    assert_clean_failure(run, "faulted", "HTTP %d" % status, "POST")
    assert run.task("rerun")["changed"] is True
    assert_converged(emulator, run)
    assert [r["status"] for r in writes(emulator, CYCLES)] == [status, 200]


def test_a_burst_of_server_errors_on_an_update_is_retried(emulator, play):
    play([cycle_task()])
    emulator.fault(status=503, count=2, path=CYCLES, method="PUT")  # PUT is idempotent: safe to repeat
    run = play([cycle_task(description="changed")])
    assert_no_traceback(run)
    assert run.task("cycle")["changed"] is True and run.task("cycle")["cycle"]["description"] == "changed"


# -- connections dropped, servers slower than the timeout -----------------------------------------
def test_a_dropped_connection_on_a_read_is_retried(emulator, play):
    emulator.fault(drop=True, count=2, path=CYCLES, method="GET")
    run = play([cycle_task()])
    assert_no_traceback(run)
    assert run.task("cycle")["changed"] is True
    assert len(nightly_ids(emulator)) == 1


def test_a_dropped_create_fails_cleanly_and_the_rerun_converges(emulator, play):
    emulator.fault(drop=True, count=1, path=CYCLES, method="POST")
    run = play([dict(cycle_task("faulted"), ignore_errors=True)] + rerun_tasks())
    assert_clean_failure(run, "faulted", "not retried", "POST")
    assert_converged(emulator, run)


def test_a_slow_read_times_out_and_is_retried(emulator, play):
    emulator.fault(delay=1.5, count=1, path=CYCLES, method="GET")
    run = play([cycle_task(timeout=0.5)])
    assert_no_traceback(run)
    task = run.task("cycle")
    assert task["changed"] is True
    assert any("read timeout" in w for w in task["warnings"]), task["warnings"]


def test_a_server_slower_than_the_timeout_every_time_fails_after_the_retries(emulator, play):
    emulator.fault(delay=1.0, count=10, path=PROJECT)
    run = play([cycle_task(timeout=0.3, retries=1)])
    assert_clean_failure(run, "cycle", "read timeout", "2 attempts")
    assert emulator.writes() == []


def test_a_create_answered_after_the_timeout_is_not_repeated_and_the_rerun_finds_it(emulator, play):
    # the server applies the POST after the client gave up: a blind retry would make a second cycle
    emulator.fault(delay=1.5, count=1, path=CYCLES, method="POST")
    settle = {"name": "let the server finish", "ansible.builtin.pause": {"seconds": 2}}
    run = play([dict(cycle_task("faulted", timeout=0.5), ignore_errors=True), settle] + rerun_tasks())
    assert_clean_failure(run, "faulted", "no answer within 0.5s", "not retried")
    assert run.task("rerun")["changed"] is False  # it was applied: found, not created again
    assert_converged(emulator, run)
    assert len(writes(emulator, CYCLES)) == 1


# -- sessions that expire mid-run -------------------------------------------------------------------
def test_a_session_that_expires_mid_run_is_renewed_once(emulator, play):
    emulator.settings(jira_session_ttl=0.6)
    try:
        emulator.fault(delay=1.0, count=1, path=CYCLES, method="GET")  # outlives the session
        run = play([cycle_task(auth_method="session")])
    finally:
        emulator.settings(jira_session_ttl=8 * 3600)
    assert_no_traceback(run)
    assert run.task("cycle")["changed"] is True
    logins = [r for r in emulator.requests() if r["path"] == "/rest/auth/1/session"]
    assert len(logins) == 2
    assert 401 in [r["status"] for r in emulator.requests() if r["path"] == CYCLES]
    assert len(nightly_ids(emulator)) == 1


def test_a_session_login_that_keeps_failing_fails_cleanly(emulator, play):
    emulator.fault(status=503, count=10, path="/rest/auth/1/session")
    run = play([cycle_task(auth_method="session")])
    assert_clean_failure(run, "cycle", "HTTP 503")
    assert emulator.writes() == [] or all(w["path"] == "/rest/auth/1/session" for w in emulator.writes())


# -- a failed read is never "not found" -------------------------------------------------------------
@pytest.mark.parametrize("path, state", [
    (CYCLES, "present"),                     # cycle list
    (PROJECT + "/SHOP", "present"),          # project
    (PROJECT + "/10000/versions", "present"),  # version list
    (CYCLES, "absent"),
])
def test_a_failed_lookup_creates_nothing(emulator, play, path, state):
    if state == "absent":
        emulator.api("POST", CYCLES, {"name": "Nightly", "projectId": "10000", "versionId": "10100"})
        emulator.clear_requests()
    emulator.fault(status=500, count=20, path=path, method="GET")
    run = play([cycle_task(state=state)])
    message = assert_clean_failure(run, "cycle", "HTTP 500")
    assert "not found" not in message
    assert emulator.writes() == []  # no POST on the strength of a failed read, no DELETE either
    emulator.control("DELETE", "faults")
    assert len(nightly_ids(emulator)) == (1 if state == "absent" else 0)


def test_an_ambiguous_name_fails_with_both_ids_and_creates_or_deletes_nothing(emulator, play):
    twin = {"name": "Nightly", "projectId": "10000", "versionId": "10100"}
    ids = sorted(str(emulator.api("POST", CYCLES, twin)[1]["id"]) for _attempt in range(2))
    emulator.clear_requests()
    run = play([dict(cycle_task("present"), ignore_errors=True),
                dict(cycle_task("absent", state="absent"), ignore_errors=True)])
    for name in ("present", "absent"):
        message = assert_clean_failure(run, name, ids[0], ids[1])
        assert message.startswith("name: ")
    assert emulator.writes() == []
    assert nightly_ids(emulator) == ids


# -- a run cut short, then run again -------------------------------------------------------------
def test_a_playbook_killed_during_the_create_converges_on_rerun(emulator, play, zephyr_env):
    emulator.fault(delay=1.5, count=1, path=CYCLES, method="POST")
    killable = KillablePlaybook([cycle_task()], env=zephyr_env)
    try:
        wait_for_request(emulator, "GET", CYCLES)  # the lookup is done: the POST is on its way
        time.sleep(0.4)
    finally:
        killable.kill()
    wait_for_request(emulator, "POST", CYCLES)  # the server finished it after the client died
    assert len(nightly_ids(emulator)) == 1
    converged(emulator, play)


def test_a_server_crash_during_the_create_converges_after_restart(tmp_path):
    server = RestartableEmulator(str(tmp_path))
    try:
        env = {"ZEPHYR_URL": server.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin"}
        server.fault(delay=2.0, count=1, path=CYCLES, method="POST")
        killable = KillablePlaybook([cycle_task()], env=env)
        try:
            wait_for_request(server, "GET", CYCLES)
            time.sleep(0.4)
            server.crash()
            assert killable.wait(60) != 0
            output = killable.proc.stdout.read()
        finally:
            if killable.proc.poll() is None:
                killable.kill()
        assert "Traceback" not in output and "MODULE FAILURE" not in output, output
        assert "connection" in output.lower(), output
        server.start()
        assert server.url == env["ZEPHYR_URL"]
        run = run_tasks(rerun_tasks(), env=env)
        assert run.task("rerun")["changed"] is True  # the crashed POST was never applied
        assert_converged(server, run)
    finally:
        server.stop()
