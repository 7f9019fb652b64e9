"""playbooks/publish_results.yml cut short - the process killed, the server crashed - then run again:
the final state equals one clean publish (no duplicate folders, executions, test runs or Tests)."""

import json
import os
import time


from tests.bench.reports import write_junit
from tests.integration.playbook import ROOT, run_playbook
from tests.integration.support_faults import KillablePlaybook, RestartableEmulator, wait_for_request
from tests.integration.zephyr_squad_support import Z, cycles, executions, folders, make_cycle

PLAYBOOK = os.path.join(ROOT, "playbooks", "publish_results.yml")
KEYS = ["SHOP-%d" % n for n in range(101, 111)]
NO_TARGETS = {"publish_results_zephyr_squad": {}, "publish_results_zephyr_enterprise": {}, "publish_results_xray": {}}


def extra_vars(tmp_path, report, run_id, **target):
    values = dict(NO_TARGETS, publish_results_files=[report], publish_results_run_id=run_id,
                  publish_results_quarantine=[], publish_results_set_stats=False)
    values.update(target)
    path = tmp_path / ("vars-%s-%d.json" % (run_id, len(list(tmp_path.iterdir()))))
    path.write_text(json.dumps(values))
    return ["-e", "@%s" % path]


def publish(env, args):
    run = run_playbook(PLAYBOOK, env=env, extra_args=args)
    assert "Traceback" not in run.stdout + run.stderr
    assert run.rc == 0, run.stdout[-3000:]
    return run


def killable_publish(env, args):
    return KillablePlaybook(env=env, playbook=PLAYBOOK, extra_args=args)


def squad_state(emulator, cycle_name, folder_name):
    cycle = cycles(emulator)[cycle_name]
    folder = folders(emulator, cycle["id"])[folder_name]
    per_key = {}
    for execution in executions(emulator, cycle["id"], folder["folderId"]):
        per_key.setdefault(execution["issueKey"], []).append(
            (execution["executionStatus"], execution.get("comment") or ""))
    return per_key


def test_squad_publish_killed_part_way_converges_to_one_clean_publish(emulator, zephyr_env, tmp_path):
    report = write_junit(str(tmp_path / "r.xml"), len(KEYS), key_of=lambda i: KEYS[i])
    make_cycle(emulator, "Nightly")
    args = extra_vars(tmp_path, report, "r1", publish_results_zephyr_squad={
        "project": "SHOP", "version": "2.4.0", "cycle": "Nightly"})
    emulator.fault(delay=2.0, count=1, path=Z + "/execution/jobProgress")  # tests added, no status yet
    killable = killable_publish(zephyr_env, args)
    try:
        wait_for_request(emulator, "POST", Z + "/execution/addTestsToCycle", timeout=60)
        time.sleep(0.5)
    finally:
        killable.kill()
    partial = squad_state(emulator, "Nightly", "Run r1")
    assert sorted(partial) == KEYS and set(s for v in partial.values() for s, _c in v) == {"-1"}

    publish(zephyr_env, args)
    emulator.clear_requests()
    again = publish(zephyr_env, args)
    assert emulator.writes() == [], emulator.writes()
    assert '"changed": true' not in again.stdout

    make_cycle(emulator, "Clean")
    publish(zephyr_env, extra_vars(tmp_path, report, "r1", publish_results_zephyr_squad={
        "project": "SHOP", "version": "2.4.0", "cycle": "Clean"}))
    got, want = squad_state(emulator, "Nightly", "Run r1"), squad_state(emulator, "Clean", "Run r1")
    assert all(len(v) == 1 for v in got.values()), got
    assert got == want
    nightly = cycles(emulator)["Nightly"]["id"]
    assert list(folders(emulator, nightly)) == ["Run r1"]  # one folder for the run, not two


def xray_runs(emulator, summary):
    status, body = emulator.api("GET", "/rest/api/2/search?jql=%s&maxResults=50" % (
        'project = SHOP AND issuetype = "Test Execution"'.replace(" ", "+")))
    assert status == 200, body
    keys = [i["key"] for i in body["issues"] if i["fields"]["summary"] == summary]
    assert len(keys) == 1, keys  # exactly one execution for the run
    status, runs = emulator.api("GET", "/rest/raven/1.0/api/testexec/%s/test?detailed=true" % keys[0])
    assert status == 200, runs
    found = {}
    for run in runs:
        found.setdefault(run["key"], []).append(run["status"])
    assert all(len(v) == 1 for v in found.values()), found
    return keys[0], dict((k, v[0]) for k, v in found.items())


def test_xray_publish_with_a_server_crash_converges_after_restart(tmp_path):
    server = RestartableEmulator(str(tmp_path))
    try:
        env = {"XRAY_URL": server.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin", "XRAY_RETRIES": "1"}
        report = write_junit(str(tmp_path / "r.xml"), 12, classname="crash.suite")
        args = extra_vars(tmp_path, report, "c1", publish_results_xray={"project": "SHOP"})
        server.fault(delay=2.0, count=1, path="/rest/raven/1.0/import/execution", method="POST")
        killable = killable_publish(env, args)
        try:
            wait_for_request(server, "GET", "/rest/api/2/search", timeout=60)
            time.sleep(0.8)
            server.crash()  # the import dies with the server, unapplied
            code = killable.wait(120)
            output = killable.proc.stdout.read()
        finally:
            if killable.proc.poll() is None:
                killable.kill()
        assert "Traceback" not in output and code != 0, output[-3000:]
        server.start()
        publish(env, args)
        server.clear_requests()
        publish(env, args)
        assert [w for w in server.writes() if not w["path"].endswith("/search")] == []
        key, runs = xray_runs(server, "Run c1")
        clean = extra_vars(tmp_path, report, "c2", publish_results_xray={"project": "SHOP"})
        publish(env, clean)
        _clean_key, clean_runs = xray_runs(server, "Run c2")
        assert runs == clean_runs
    finally:
        server.stop()
