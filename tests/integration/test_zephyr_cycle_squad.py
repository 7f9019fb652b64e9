"""zephyr_cycle on Zephyr Squad, over real HTTP against the emulator."""

CYCLE = {"project": "SHOP", "version": "2.4.0", "name": "Regression 2.4.0", "description": "before release",
         "build": "b-17", "environment": "staging", "start_date": "2026-12-01", "end_date": "2026-12-05"}


def cycle_task(task_name="cycle", **overrides):
    args = dict(CYCLE, **overrides)
    return {"name": task_name, "testops.testmgmt.zephyr_cycle": args, "register": "out"}


def squad_cycles(emulator, version="10100"):
    status, body = emulator.api("GET", "/rest/zapi/latest/cycle?projectId=10000&versionId=%s" % version)
    assert status == 200
    return dict((k, v) for k, v in body.items() if k not in ("-1", "recordsCount"))


def test_create_then_rerun_is_unchanged_and_sends_no_write(emulator, play):
    first = play([cycle_task()])
    assert first.failed == 0, first.stdout
    result = first.task("cycle")
    assert result["changed"] is True
    cycle = result["cycle"]
    assert cycle["id"] and cycle["name"] == "Regression 2.4.0"
    assert cycle["start_date"] == "2026-12-01" and cycle["end_date"] == "2026-12-05"
    stored = squad_cycles(emulator)
    assert list(stored) == [cycle["id"]]
    # ISO dates went over the wire in Jira's date-picker format
    assert stored[cycle["id"]]["startDate"] == "01/Dec/26"
    assert stored[cycle["id"]]["build"] == "b-17"

    emulator.clear_requests()
    second = play([cycle_task()])
    assert second.task("cycle")["changed"] is False
    assert second.task("cycle")["cycle"]["id"] == cycle["id"]
    assert emulator.writes() == []
    assert len(squad_cycles(emulator)) == 1


def test_check_mode_reports_change_without_writing_and_diff_shows_fields(emulator, play):
    play([cycle_task()])
    emulator.clear_requests()
    checked = play([cycle_task(description="new words")], check=True, diff=True)
    result = checked.task("cycle")
    assert result["changed"] is True
    assert result["diff"]["before"]["description"] == "before release"
    assert result["diff"]["after"]["description"] == "new words"
    assert emulator.writes() == [], emulator.writes()
    assert all(r["method"] == "GET" for r in emulator.requests())
    assert next(iter(squad_cycles(emulator).values()))["description"] == "before release"

    applied = play([cycle_task(description="new words")], diff=True)
    assert applied.task("cycle")["changed"] is True
    assert next(iter(squad_cycles(emulator).values()))["description"] == "new words"
    emulator.clear_requests()
    again = play([cycle_task(description="new words")])
    assert again.task("cycle")["changed"] is False
    assert emulator.writes() == []


def test_check_mode_create_writes_nothing(emulator, play):
    checked = play([cycle_task()], check=True)
    assert checked.task("cycle")["changed"] is True
    assert checked.task("cycle")["cycle"]["id"] is None
    assert emulator.writes() == []
    assert squad_cycles(emulator) == {}


def test_unscheduled_version_and_absent(emulator, play):
    created = play([cycle_task(version="Unscheduled", name="Scratch", start_date=None, end_date=None)])
    assert created.task("cycle")["cycle"]["version_id"] == "-1"
    assert len(squad_cycles(emulator, "-1")) == 1
    removed = play([cycle_task(version="Unscheduled", name="Scratch", state="absent", start_date=None, end_date=None)])
    assert removed.task("cycle")["changed"] is True
    assert squad_cycles(emulator, "-1") == {}
    emulator.clear_requests()
    gone = play([cycle_task(version="Unscheduled", name="Scratch", state="absent", start_date=None, end_date=None)])
    assert gone.task("cycle")["changed"] is False
    assert emulator.writes() == []


def test_session_auth_and_token_auth(emulator, play):
    token_env = {"ZEPHYR_USERNAME": "", "ZEPHYR_PASSWORD": "", "ZEPHYR_TOKEN": "demo-token"}
    by_token = play([cycle_task(name="token cycle")], env=token_env)
    assert by_token.task("cycle")["changed"] is True
    by_session = play([cycle_task(name="session cycle", auth_method="session")])
    assert by_session.task("cycle")["changed"] is True
    assert any(r["path"] == "/rest/auth/1/session" for r in emulator.requests())


def _fails_cleanly(emulator, run, option, words):
    task = run.task("cycle")
    assert task.get("failed") is True
    message = task["msg"]
    assert "\n" not in message and option in message and words in message, message
    assert emulator.writes() == []


def test_bad_input_fails_with_one_line_and_writes_nothing(emulator, play):
    cases = [
        ({"project": "NOPE"}, "project", "not found"),
        ({"version": "9.9.9"}, "version", "not found"),
        ({"start_date": "01/12/2026"}, "start_date", "YYYY-MM-DD"),
        ({"end_date": "2026-11-01"}, "end_date", "before"),
        ({"name": " "}, "name", "must not be empty"),
    ]
    for overrides, option, words in cases:
        emulator.clear_requests()
        _fails_cleanly(emulator, play([cycle_task(**overrides)]), option, words)


def test_wrong_password_is_a_clear_401(emulator, play):
    run = play([cycle_task()], env={"ZEPHYR_PASSWORD": "wrong"})
    task = run.task("cycle")
    assert task["failed"] and "401" in task["msg"] and "wrong" not in task["msg"]


def test_ambiguous_name_lists_both_ids(emulator, play):
    twin = {"name": "Twin", "projectId": "10000", "versionId": "10100"}
    for _attempt in range(2):
        status, _body = emulator.api("POST", "/rest/zapi/latest/cycle", twin)
        assert status == 200
    emulator.clear_requests()
    run = play([cycle_task(name="Twin")])
    task = run.task("cycle")
    assert task["failed"] and "2 cycles are named 'Twin'" in task["msg"]
    assert emulator.writes() == []
