"""zephyr_execution (Zephyr Squad) when the server misbehaves: bursts, failed reads, a publish killed
part-way and re-run, and two publishes into the same cycle at the same time."""

import time

from tests.bench.reports import write_junit
from tests.integration.support_faults import (
    KillablePlaybook,
    assert_clean_failure,
    assert_no_traceback,
    wait_for_request,
)
from tests.integration.zephyr_squad_support import Z, cycles, executions, make_cycle

KEYS = ["SHOP-%d" % n for n in range(101, 111)]
BULK = Z + "/execution/updateBulkStatus"


def report(tmp_path, name, keys):
    """A real runner's cases (pytest + Surefire: passes, failures, errors, skips), one per key."""
    return write_junit(str(tmp_path / name), len(keys), key_of=lambda i: keys[i])


def publish(cycle, files, name="publish", **args):
    body = {"project": "SHOP", "version": "2.4.0", "cycle": cycle, "results_file": files, "retries": 2}
    body.update(args)
    return {"name": name, "testops.testmgmt.zephyr_execution": body}


def state(emulator, cycle_name):
    """What a user sees: per test, status and comment; and how many executions each test has."""
    listed = executions(emulator, cycles(emulator)[cycle_name]["id"])
    per_key = {}
    for execution in listed:
        per_key.setdefault(execution["issueKey"], []).append(
            (execution["executionStatus"], execution.get("comment") or ""))
    return per_key


def assert_same_as_a_clean_run(emulator, play, cycle, files):
    """``cycle`` ended where a single clean publish of ``files`` into a fresh cycle ends."""
    make_cycle(emulator, "Clean")
    clean = play([publish("Clean", files)])
    assert clean.task("publish")["changed"] is True
    got, want = state(emulator, cycle), state(emulator, "Clean")
    assert all(len(v) == 1 for v in got.values()), got  # one execution per test: no duplicates
    assert got == want


def test_a_failed_execution_list_writes_nothing(emulator, play, tmp_path):
    make_cycle(emulator, "Nightly")
    files = [report(tmp_path, "r.xml", KEYS)]
    emulator.clear_requests()
    emulator.fault(status=500, count=20, path=Z + "/execution", method="GET")
    run = play([publish("Nightly", files, retries=1)])
    message = assert_clean_failure(run, "publish", "HTTP 500")
    assert "not found" not in message
    assert emulator.writes() == []  # nothing added or set on the strength of a failed read


def test_bursts_on_bulk_status_and_job_polls_are_retried(emulator, play, tmp_path):
    make_cycle(emulator, "Nightly")
    files = [report(tmp_path, "r.xml", KEYS)]
    emulator.fault(status=503, count=2, path=BULK, method="PUT")
    emulator.fault(drop=True, count=1, path=Z + "/execution/jobProgress")
    emulator.fault(status=502, count=1, path=Z + "/execution", method="GET")
    run = play([publish("Nightly", files)])
    assert_no_traceback(run)
    task = run.task("publish")
    assert task["changed"] is True and task["api_calls"]["retries"] == 4, task
    assert_same_as_a_clean_run(emulator, play, "Nightly", files)


def test_a_publish_killed_part_way_converges_on_rerun(emulator, play, zephyr_env, tmp_path):
    make_cycle(emulator, "Nightly")
    files = [report(tmp_path, "r.xml", KEYS)]
    # the add-tests job is polled late: the tests land in the cycle, no status is set yet
    emulator.fault(delay=2.0, count=1, path=Z + "/execution/jobProgress")
    killable = KillablePlaybook([publish("Nightly", files)], env=zephyr_env)
    try:
        wait_for_request(emulator, "POST", Z + "/execution/addTestsToCycle")
        time.sleep(0.5)
    finally:
        killable.kill()
    partial = state(emulator, "Nightly")
    assert sorted(partial) == KEYS and set(s for v in partial.values() for s, _c in v) == {"-1"}
    emulator.clear_requests()
    rerun = play([publish("Nightly", files, name="rerun"), publish("Nightly", files, name="again")])
    assert_no_traceback(rerun)
    assert rerun.task("rerun")["changed"] is True
    assert rerun.task("again")["changed"] is False and rerun.task("again")["api_calls"]["writes"] == 0
    assert not [r for r in emulator.writes() if r["path"].endswith("addTestsToCycle")]  # nothing added twice
    assert_same_as_a_clean_run(emulator, play, "Nightly", files)


def test_two_publishes_into_the_same_cycle_at_once_both_land(emulator, play, zephyr_env, tmp_path):
    make_cycle(emulator, "Nightly")
    emulator.settings(job_delay=3.0)  # the first add-tests job is still running when the second comes
    first = [report(tmp_path, "first.xml", KEYS[:5])]
    second = [report(tmp_path, "second.xml", KEYS[5:])]
    runs = [KillablePlaybook([publish("Nightly", first)], env=zephyr_env),
            KillablePlaybook([publish("Nightly", second)], env=zephyr_env)]
    outputs = []
    for run in runs:
        code = run.wait(120)
        outputs.append((code, run.proc.stdout.read()))
    emulator.settings(job_delay=0.05)
    for code, output in outputs:
        assert "Traceback" not in output and "MODULE FAILURE" not in output, output
        assert code == 0, output[-3000:]
    assert_same_as_a_clean_run(emulator, play, "Nightly", first + second)
