"""zephyr_test on Zephyr Enterprise (test cases in repository folders, with steps), over real HTTP."""

import pytest

REST = "/flex/services/rest/latest"
TEST = {"project": "Shop", "release": "Release 1.0", "folder": "Release 1.0 > Regression > Cart",
        "name": "Coupon applies a discount", "description": "10% off", "labels": ["cart", "regression"],
        "priority": "2", "steps": [{"step": "Add an item", "result": "In the cart"},
                                   {"step": "Apply SAVE10", "data": "SAVE10", "result": "Total -10%"}]}
ENV = {"ZEPHYR_EDITION": "enterprise"}


@pytest.fixture
def run(play):
    def _run(tasks, **kwargs):
        return play(tasks, env=ENV, **kwargs)
    return _run


def case_task(task_name="test", **overrides):
    args = dict(TEST, **overrides)
    return {"name": task_name, "testops.testmgmt.zephyr_test": dict((k, v) for k, v in args.items() if v is not None)}


def folder_cases(emulator, *names):
    """Test cases of the folder at ``names`` (read over the ZE API)."""
    status, tree = emulator.api("GET", REST + "/testcasetree?type=Phase&revisionid=0&releaseid=1")
    assert status == 200
    nodes, node = tree["results"], None
    for name in names:
        node = [n for n in nodes if n["name"] == name][0]
        nodes = node["categories"]
    status, page = emulator.api("GET", REST + "/testcase/tree/%s" % node["id"])
    return page["results"]


def steps_of(emulator, case):
    status, body = emulator.api("GET", REST + "/testcase/%s/teststep" % case["testcase"]["id"])
    return [(s["step"], s["data"], s["result"]) for s in body["steps"]]


def test_create_in_a_folder_then_rerun_is_unchanged(emulator, run):
    first = run([case_task()]).task("test")
    assert first["changed"] is True, first
    test = first["test"]
    assert test["id"] and test["folder"] == "Regression > Cart" and test["key"] is None
    cases = folder_cases(emulator, "Regression", "Cart")
    assert [c["testcase"]["name"] for c in cases] == ["Coupon applies a discount"]
    assert cases[0]["testcase"]["tag"] == "cart regression" and cases[0]["testcase"]["priority"] == "2"
    assert steps_of(emulator, cases[0]) == [("Add an item", "", "In the cart"),
                                            ("Apply SAVE10", "SAVE10", "Total -10%")]
    emulator.clear_requests()
    second = run([case_task()]).task("test")
    assert second["changed"] is False and emulator.writes() == []


def test_update_fields_and_steps_with_diff_and_check_mode(emulator, run):
    run([case_task()])
    emulator.clear_requests()
    steps = [{"step": "Add an item", "result": "In the cart"}, {"step": "Apply SAVE20", "data": "SAVE20"}]
    checked = run([case_task(description="20% off", labels=["cart"], steps=steps)], check=True, diff=True)
    result = checked.task("test")
    assert result["changed"] is True and emulator.writes() == []
    assert result["diff"]["before"]["description"] == "10% off" and result["diff"]["after"]["description"] == "20% off"
    assert result["diff"]["after"]["steps"][1]["step"] == "Apply SAVE20"

    applied = run([case_task(description="20% off", labels=["cart"], steps=steps)]).task("test")
    assert applied["changed"] is True
    case = folder_cases(emulator, "Regression", "Cart")[0]
    assert case["testcase"]["description"] == "20% off" and case["testcase"]["tag"] == "cart"
    assert steps_of(emulator, case) == [("Add an item", "", "In the cart"), ("Apply SAVE20", "SAVE20", "")]
    emulator.clear_requests()
    again = run([case_task(description="20% off", labels=["cart"], steps=steps)]).task("test")
    assert again["changed"] is False and emulator.writes() == []


def test_found_by_id_and_deleted(emulator, run):
    created = run([case_task()]).task("test")["test"]
    renamed = run([case_task(folder=None, key=created["id"], name="Coupon gives 10% off")]).task("test")
    assert renamed["changed"] is True and renamed["test"]["id"] == created["id"]
    assert [c["testcase"]["name"] for c in folder_cases(emulator, "Regression", "Cart")] == ["Coupon gives 10% off"]
    removed = run([case_task(name="Coupon gives 10% off", state="absent")], diff=True).task("test")
    assert removed["changed"] is True and removed["test"] == {}
    assert folder_cases(emulator, "Regression", "Cart") == []
    emulator.clear_requests()
    gone = run([case_task(name="Coupon gives 10% off", state="absent")]).task("test")
    assert gone["changed"] is False and emulator.writes() == []


def test_check_mode_create_writes_nothing(emulator, run):
    result = run([case_task(folder="Brand > New")], check=True).task("test")
    assert result["changed"] is True and result["test"]["id"] is None and result["test"]["folder"] == "Brand > New"
    assert emulator.writes() == []


def test_bad_input_fails_with_one_line_and_writes_nothing(emulator, run):
    cases = [
        ({"folder": None}, "folder", "is required on Zephyr Enterprise"),
        ({"release": "Release 9"}, "release", "no release named or numbered 'Release 9'"),
        ({"release": None}, "release", "is required on Zephyr Enterprise"),
        ({"project": "77"}, "project", "no project named or numbered '77'"),
        ({"components": ["web"]}, "components", "is not supported by Zephyr Enterprise"),
        ({"folder": " > "}, "folder", "is not a repository path"),
    ]
    tasks = [dict(case_task("case %d" % i, **overrides), ignore_errors=True) for i, (overrides, _o, _w) in
             enumerate(cases)]
    result = run(tasks)
    for index, (_overrides, option, words) in enumerate(cases):
        task = result.task("case %d" % index)
        assert task.get("failed") is True, task
        assert "\n" not in task["msg"] and task["msg"].startswith(option) and words in task["msg"], task["msg"]
    assert emulator.writes() == []


def test_info_reads_enterprise_test_cases_by_name_folder_and_id(emulator, run):
    created = run([case_task()]).task("test")["test"]
    emulator.clear_requests()
    info = {"project": "Shop", "release": "Release 1.0"}
    read = run([
        {"name": "by name", "testops.testmgmt.zephyr_test_info": dict(info, summary=TEST["name"],
                                                                      folder="Regression > Cart")},
        {"name": "by folder", "testops.testmgmt.zephyr_test_info": dict(info, query="Regression > Cart")},
        {"name": "by id", "testops.testmgmt.zephyr_test_info": dict(info, keys=[created["id"]], steps=False)},
    ])
    by_name = read.task("by name")["tests"]
    assert [t["id"] for t in by_name] == [created["id"]]
    assert [s["step"] for s in by_name[0]["steps"]] == ["Add an item", "Apply SAVE10"]
    assert [t["name"] for t in read.task("by folder")["tests"]] == [TEST["name"]]
    assert [t["id"] for t in read.task("by id")["tests"]] == [created["id"]]
    assert emulator.writes() == []
