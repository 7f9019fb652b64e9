"""zephyr_cycle on Zephyr Enterprise: cycles with build, environment, dates and phases (bound to
repository folders or free form, with their tests), over real HTTP against the emulator."""

import pytest

REST = "/flex/services/rest/latest"
CYCLE = {"project": "Shop", "release": "Release 1.0", "name": "Regression 1.0", "description": "before release",
         "build": "b-17", "environment": "staging", "start_date": "2026-12-01", "end_date": "2026-12-05"}
ENV = {"ZEPHYR_EDITION": "enterprise"}


@pytest.fixture
def run(play):
    def _run(tasks, **kwargs):
        return play(tasks, env=ENV, **kwargs)
    return _run


def cycle_task(task_name="cycle", **overrides):
    args = dict(CYCLE, **overrides)
    return {"name": task_name, "testops.testmgmt.zephyr_cycle": dict((k, v) for k, v in args.items() if v is not None)}


def cycles(emulator):
    status, body = emulator.api("GET", REST + "/cycle/release/1")
    assert status == 200
    return body


def executions(emulator, phase_id):
    status, body = emulator.api("GET", REST + "/execution?cyclephaseid=%s&pagesize=0" % phase_id)
    assert status == 200
    return sorted(r["tcrTreeTestcase"]["testcase"]["name"] for r in body["results"])


def seed_tests(emulator, folder_names, tests):
    """Test cases straight through the ZE API: a folder path and its test case names."""
    status, tree = emulator.api("GET", REST + "/testcasetree?type=Phase&revisionid=0&releaseid=1")
    parent, nodes = 0, tree["results"]
    for name in folder_names:
        node = next((n for n in nodes if n["name"] == name), None)
        if node is None:
            status, node = emulator.api("POST", REST + "/testcasetree?parentid=%s" % parent,
                                        {"name": name, "releaseId": 1})
            assert status == 200, node
        parent, nodes = node["id"], node.get("categories") or []
    status, created = emulator.api("POST", REST + "/testcase/bulk", [
        {"tcrCatalogTreeId": parent, "testcase": {"name": t, "customProperties": {}}} for t in tests])
    assert status == 200, created
    return dict((c["testcase"]["name"], c["id"]) for c in created)


def test_create_then_rerun_is_unchanged_and_sends_no_write(emulator, run):
    first = run([cycle_task()]).task("cycle")
    assert first["changed"] is True, first
    cycle = first["cycle"]
    assert cycle["id"] and cycle["start_date"] == "2026-12-01" and cycle["version_id"] == "1"
    stored = cycles(emulator)
    assert [c["id"] for c in stored] == [int(cycle["id"])]
    # ISO in, MM/dd/yyyy and epoch ms on the wire
    assert stored[0]["cycleStartDate"] == "12/01/2026" and stored[0]["endDate"] == 1796428800000
    assert stored[0]["build"] == "b-17" and stored[0]["environment"] == "staging"
    emulator.clear_requests()
    second = run([cycle_task()]).task("cycle")
    assert second["changed"] is False and second["cycle"]["id"] == cycle["id"]
    assert emulator.writes() == []


def test_update_with_diff_check_mode_and_delete(emulator, run):
    run([cycle_task()])
    emulator.clear_requests()
    checked = run([cycle_task(build="b-18")], check=True, diff=True).task("cycle")
    assert checked["changed"] is True and checked["diff"]["after"]["build"] == "b-18"
    assert emulator.writes() == [] and cycles(emulator)[0]["build"] == "b-17"
    run([cycle_task(build="b-18", end_date="2026-12-09")])
    assert cycles(emulator)[0]["build"] == "b-18" and cycles(emulator)[0]["cycleEndDate"] == "12/09/2026"
    removed = run([cycle_task(state="absent")]).task("cycle")
    assert removed["changed"] is True and cycles(emulator) == []
    emulator.clear_requests()
    assert run([cycle_task(state="absent")]).task("cycle")["changed"] is False and emulator.writes() == []


def test_phases_bound_to_folders_and_free_form_with_tests(emulator, run):
    cart = seed_tests(emulator, ["Regression", "Cart"], ["Adds item", "Applies coupon", "Removes item"])
    seed_tests(emulator, ["Regression", "Login"], ["Login succeeds", "Login fails"])
    phases = [{"name": "Cart", "folder": "Release 1.0 > Regression > Cart", "start_date": "2026-12-02"},
              {"name": "Hotfixes", "description": "picked by hand",
               "tests": ["Regression > Login > Login succeeds", cart["Applies coupon"]]}]
    first = run([cycle_task(phases=phases)], diff=True).task("cycle")
    assert first["changed"] is True, first
    by_name = dict((p["name"], p) for p in first["cycle"]["phases"])
    assert by_name["Cart"]["folder"] == "Regression > Cart" and by_name["Hotfixes"]["folder"] is None
    assert by_name["Cart"]["start_date"] == "2026-12-02"
    assert first["diff"]["after"]["phases"] == ["Cart", "Hotfixes"]
    stored = cycles(emulator)[0]
    phase_ids = dict((p["name"], p["id"]) for p in stored["cyclePhases"])
    assert executions(emulator, phase_ids["Cart"]) == ["Adds item", "Applies coupon", "Removes item"]
    assert executions(emulator, phase_ids["Hotfixes"]) == ["Applies coupon", "Login succeeds"]

    # zephyr_cycle_info reads the cycle back with its phases as folders (its default) and its executions
    emulator.clear_requests()
    info = run([{"name": "info", "testops.testmgmt.zephyr_cycle_info": {
        "project": "Shop", "release": "Release 1.0", "name": "Regression 1.0", "executions": True}}]).task("info")
    assert info.get("failed") is not True and emulator.writes() == [], info
    assert [g["name"] for g in info["cycles"][0]["folders"]] == ["Cart", "Hotfixes"]
    assert sum(info["cycles"][0]["status_counts"].values()) == 5, info["cycles"][0]

    emulator.clear_requests()
    again = run([cycle_task(phases=phases)]).task("cycle")
    assert again["changed"] is False and emulator.writes() == [], emulator.writes()

    # the free-form phase now holds exactly one test; Cart is not listed and gets purged
    emulator.clear_requests()
    trimmed = [{"name": "Hotfixes", "tests": ["Login succeeds"], "purge_tests": True, "end_date": "2026-12-04"}]
    checked = run([cycle_task(phases=trimmed, purge_phases=True)], check=True, diff=True).task("cycle")
    assert checked["changed"] is True and emulator.writes() == []
    assert checked["diff"]["before"]["phases"] == ["Cart", "Hotfixes"] and checked["diff"]["after"]["phases"] == [
        "Hotfixes"]
    applied = run([cycle_task(phases=trimmed, purge_phases=True)]).task("cycle")
    assert applied["changed"] is True
    assert applied["cycle"]["tests"]["Hotfixes"]["removed"] == [str(cart["Applies coupon"])]
    stored = cycles(emulator)[0]
    assert [p["name"] for p in stored["cyclePhases"]] == ["Hotfixes"]
    assert stored["cyclePhases"][0]["phaseEndDate"] == "12/04/2026"
    assert executions(emulator, stored["cyclePhases"][0]["id"]) == ["Login succeeds"]


def test_bad_input_fails_with_one_line_and_writes_nothing(emulator, run):
    seed_tests(emulator, ["Regression", "Cart"], ["Adds item"])
    run([cycle_task(phases=[{"name": "Cart", "folder": "Regression > Cart"}])])
    emulator.clear_requests()
    cases = [
        ({"release": "Release 7"}, "release", "no release named or numbered 'Release 7'"),
        ({"release": None}, "release", "is required on Zephyr Enterprise"),
        ({"start_date": "12/01/2026"}, "start_date", "YYYY-MM-DD"),
        ({"folders": [{"name": "x"}]}, "folders", "use phases"),
        ({"tests": ["Adds item"]}, "tests", "phases[].tests"),
        ({"phases": [{"name": "New", "folder": "Regression > Nope"}]}, "phases", "does not exist"),
        ({"phases": [{"name": "Cart", "folder": "Regression"}]}, "phases", "a phase cannot be moved"),
        ({"phases": [{"name": "X", "tests": ["Missing test"]}]}, "phases[X].tests", "not found"),
        ({"phases": [{"name": "X", "end_date": "2026-13-01"}]}, "phases[0].end_date", "not an ISO date"),
    ]
    tasks = [dict(cycle_task("case %d" % i, **overrides), ignore_errors=True)
             for i, (overrides, _o, _w) in enumerate(cases)]
    result = run(tasks)
    for index, (_overrides, option, words) in enumerate(cases):
        task = result.task("case %d" % index)
        assert task.get("failed") is True, task
        assert "\n" not in task["msg"] and task["msg"].startswith(option) and words in task["msg"], task["msg"]
    assert emulator.writes() == []
