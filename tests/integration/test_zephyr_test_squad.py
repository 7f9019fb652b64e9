"""zephyr_test and zephyr_test_info on Zephyr Squad: Test issues and their steps, over HTTP."""

from tests.integration.zephyr_squad_support import Z, failed_cleanly, ok, writes

STEPS = [{"step": "Open the login page", "result": "The form is shown"},
         {"step": "Sign in", "data": "user: alice", "result": "The dashboard is shown"},
         {"step": "Sign out"}]
TEST = {"project": "SHOP", "summary": "Login remembers the user", "description": "Remember me",
        "labels": ["smoke", "auth"], "priority": "High", "fix_versions": ["2.5.0"], "steps": STEPS}


def zt_task(task_name="test", **args):
    return {"name": task_name, "testops.testmgmt.zephyr_test": dict(TEST, **args), "ignore_errors": True}


def steps_of(emulator, issue_id):
    return ok(emulator.api("GET", Z + "/teststep/%s" % issue_id))["stepBeanCollection"]


def test_create_rerun_check_update_and_delete(emulator, play):
    created = play([zt_task()], diff=True).task("test")
    assert created["changed"] is True, created
    test = created["test"]
    assert test["key"] == "SHOP-111" and test["labels"] == ["auth", "smoke"]
    assert created["diff"]["after"]["steps"][1]["data"] == "user: alice"
    issue = ok(emulator.api("GET", "/rest/api/2/issue/SHOP-111"))["fields"]
    assert issue["issuetype"]["name"] == "Test" and issue["priority"]["name"] == "High"
    assert [v["name"] for v in issue["fixVersions"]] == ["2.5.0"]
    before = steps_of(emulator, test["id"])
    assert [s["step"] for s in before] == ["Open the login page", "Sign in", "Sign out"]

    emulator.clear_requests()
    again = play([zt_task(), zt_task("by key", key="SHOP-111", summary=None)]).task("test")
    assert again["changed"] is False and writes(emulator) == []

    new_steps = [STEPS[0], dict(STEPS[1], data="user: bob")]
    checked = play([zt_task(steps=new_steps, labels=["smoke"])], check=True, diff=True).task("test")
    assert checked["changed"] is True and writes(emulator) == []
    assert checked["diff"]["before"]["labels"] == ["auth", "smoke"] and checked["diff"]["after"]["labels"] == ["smoke"]
    assert len(checked["diff"]["before"]["steps"]) == 3 and len(checked["diff"]["after"]["steps"]) == 2

    emulator.clear_requests()
    updated = play([zt_task(steps=new_steps, labels=["smoke"])]).task("test")
    assert updated["changed"] is True
    after = steps_of(emulator, test["id"])
    assert [s["id"] for s in after] == [s["id"] for s in before[:2]]  # reconciled in place
    assert after[1]["data"] == "user: bob"
    assert sorted(w[0] for w in writes(emulator)) == ["DELETE", "PUT", "PUT"]  # issue labels, step 2, step 3 gone

    renamed = play([zt_task("rename", key="SHOP-111", summary="Login keeps the session", steps=None)])
    assert renamed.task("rename")["changed"] is True
    assert ok(emulator.api("GET", "/rest/api/2/issue/SHOP-111"))["fields"]["summary"] == "Login keeps the session"

    removed = play([zt_task("absent", key="SHOP-111", summary=None, steps=None, state="absent")])
    assert removed.task("absent")["changed"] is True
    assert emulator.api("GET", "/rest/api/2/issue/SHOP-111")[0] == 404


def test_info_and_bad_input(emulator, play):
    ok(emulator.api("POST", Z + "/teststep/10101", {"step": "open", "result": "shown"}))
    for summary, kind in (("Twin", "Test"), ("Twin", "Test"), ("A bug", "Bug")):
        ok(emulator.api("POST", "/rest/api/2/issue", {"fields": {
            "project": {"key": "SHOP"}, "summary": summary, "issuetype": {"name": kind}}}))
    emulator.clear_requests()
    info = {"project": "SHOP"}
    run = play([
        {"name": "by keys", "testops.testmgmt.zephyr_test_info": dict(info, keys=["SHOP-102", "SHOP-101"]),
         "ignore_errors": True},
        {"name": "by jql", "testops.testmgmt.zephyr_test_info": dict(info, query="summary ~ Login", steps=False),
         "ignore_errors": True},
        {"name": "info unknown", "testops.testmgmt.zephyr_test_info": dict(info, keys=["SHOP-4242"]),
         "ignore_errors": True},
        zt_task("unknown key", key="SHOP-4242"),
        zt_task("a bug", key="SHOP-113"),
        zt_task("twins", summary="Twin"),
        zt_task("unknown fix version", fix_versions=["9.9"]),
        zt_task("empty step", steps=[{"step": "", "data": None}]),
        zt_task("label with space", labels=["two words"]),
        zt_task("unknown project", project="NOPE"),
    ])
    tests = run.task("by keys")["tests"]
    assert [t["key"] for t in tests] == ["SHOP-102", "SHOP-101"]
    assert tests[1]["steps"][0]["step"] == "open" and tests[0]["steps"] == []
    assert sorted(t["key"] for t in run.task("by jql")["tests"]) == ["SHOP-101", "SHOP-102"]
    failed_cleanly(run.task("info unknown"), "keys", "SHOP-4242")
    failed_cleanly(run.task("unknown key"), "key", "not found")
    failed_cleanly(run.task("a bug"), "key", "not a Test")
    failed_cleanly(run.task("twins"), "summary", "SHOP-111, SHOP-112")
    failed_cleanly(run.task("unknown fix version"), "fix_versions", "9.9")
    failed_cleanly(run.task("empty step"), "steps[0]", "no text")
    failed_cleanly(run.task("label with space"), "labels", "space")
    failed_cleanly(run.task("unknown project"), "project", "not found")
    assert writes(emulator) == []
