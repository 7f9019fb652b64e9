"""Pure planning behind the Zephyr modules: test sets, folders, steps, result folding, statuses."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import _resolve
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import (
    as_option,
    diff_tests,
    folder_specs,
    normalize_steps,
    plan_folders,
    source_spec,
    worse,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import (
    from_file_results,
    from_params,
    merge,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_tests import plan_steps

SQUAD = {"UNEXECUTED": "-1", "PASS": "1", "FAIL": "2", "WIP": "3", "BLOCKED": "4", "PENDING": "5"}


def test_source_spec_takes_one_source():
    assert source_spec({"tests": None}) is None
    option, spec = source_spec({"tests": [" SHOP-1 "], "tests_jql": None})
    assert option == "tests" and spec["keys"] == ["SHOP-1"] and spec["query"] is None
    option, spec = source_spec({"tests_from_cycle": {"name": "A", "folder": "F"}}, "folders[X].")
    assert option == "folders[X].tests_from_cycle"
    assert spec["from_cycle"] == {"name": "A", "version": None, "group": "F"}
    with pytest.raises(InputError, match="^tests_jql: cannot be combined with tests"):
        source_spec({"tests": ["A-1"], "tests_jql": "x"})
    with pytest.raises(InputError, match="^tests_filter: must not be empty"):
        source_spec({"tests_filter": " "})


def test_folders_are_matched_by_name_then_renamed_and_purged():
    groups = [{"id": "1", "name": "Auth", "description": ""}, {"id": "2", "name": "Cart", "description": "c"},
              {"id": "3", "name": "Old", "description": ""}]
    specs = folder_specs([{"name": "Login", "rename_from": "Auth"}, {"name": "Cart", "description": "c"},
                          {"name": "New", "purge_tests": True, "tests": ["A-1"]}], purge_default=False)
    assert specs[2]["purge"] is True and specs[0]["purge"] is False and specs[2]["tests"][0] == "folders[New].tests"
    pairs, deletes = plan_folders(groups, specs, purge=True)
    assert [(s["name"], g and g["id"], c) for s, g, c in pairs] == [
        ("Login", "1", {"name": "Login"}), ("Cart", "2", {}), ("New", None, {})]
    assert [g["id"] for g in deletes] == ["3"]
    assert plan_folders(groups, specs, purge=False)[1] == []
    with pytest.raises(InputError, match=r"^folders\[1\]\.name: folder 'A' is listed twice"):
        folder_specs([{"name": "A"}, {"name": "A"}], False)


def test_rename_from_does_not_steal_a_folder_that_is_listed_itself():
    groups = [{"id": "1", "name": "A", "description": ""}]
    pairs, _deletes = plan_folders(groups, folder_specs([{"name": "B", "rename_from": "A"}, {"name": "A"}], False), False)
    assert [(s["name"], g and g["id"]) for s, g, _c in pairs] == [("B", None), ("A", "1")]


def test_diff_tests_missing_and_purged():
    executions = [{"id": "e1", "test_id": "1"}, {"id": "e2", "test_id": "2"}]
    tests = [{"id": "2", "key": "A-2"}, {"id": "3", "key": "A-3"}]
    assert diff_tests(executions, tests, purge=False) == ([tests[1]], [])
    assert diff_tests(executions, tests, purge=True) == ([tests[1]], [executions[0]])


def test_steps_are_normalized_and_reconciled_by_position():
    steps = normalize_steps(["open", {"step": "pay", "data": 5}])
    assert steps == [{"step": "open", "data": "", "result": ""}, {"step": "pay", "data": "5", "result": ""}]
    with pytest.raises(InputError, match=r"^steps\[0\]: has no text"):
        normalize_steps([{"step": " "}])
    with pytest.raises(InputError, match=r"^steps\[0\]: unknown key expected"):
        normalize_steps([{"step": "x", "expected": "y"}])
    current = [{"id": "1", "step": "open", "data": "", "result": ""},
               {"id": "2", "step": "pay", "data": "", "result": ""},
               {"id": "3", "step": "leave", "data": "", "result": ""}]
    assert plan_steps(current, steps) == ([("2", {"data": "5"})], [], ["3"])
    assert plan_steps(current[:1], steps) == ([], [steps[1]], [])
    assert plan_steps(current, []) == ([], [], ["1", "2", "3"])


def test_status_names_portable_native_custom_and_unknown():
    assert _resolve(SQUAD, "pass", "status", "zephyr_squad") == "1"
    assert _resolve(SQUAD, "skip", "status", "zephyr_squad") == "-1"
    assert _resolve(SQUAD, "in_progress", "status", "zephyr_squad") == "3"
    assert _resolve(SQUAD, "Blocked", "status", "zephyr_squad") == "4"
    assert _resolve(SQUAD, "pending", "status", "zephyr_squad") == "5"
    assert _resolve(SQUAD, "2", "status", "zephyr_squad") == "2"
    with pytest.raises(InputError, match="^results\\[0\\].status: unknown status 'DONE'; .*PENDING"):
        _resolve(SQUAD, "DONE", "results[0].status", "zephyr_squad")


def test_results_from_params_validate_and_merge_over_file():
    explicit = from_params([{"test": "shop-1", "status": "pass", "defects": ["b-2", "B-1", "b-2"]},
                            {"test": "SHOP-2", "steps": ["pass", None, {"status": "fail", "comment": "x"}]}])
    assert explicit["SHOP-1"].defects == ["B-1", "B-2"] and explicit["SHOP-1"].option == "results[0]"
    assert explicit["SHOP-2"].steps == [{"status": "pass", "comment": None}, None,
                                        {"status": "fail", "comment": "x"}]
    with pytest.raises(InputError, match=r"^results\[0\]: sets nothing for A-1"):
        from_params([{"test": "A-1"}])
    with pytest.raises(InputError, match=r"^results\[0\]\.comment: is 751 characters long"):
        from_params([{"test": "A-1", "comment": "x" * 751}])
    results = [TestResult("s", "c", "a", "passed", key="SHOP-1", publish_status="pass"),
               TestResult("s", "c", "b[1]", "failed", key="SHOP-3", message="boom", publish_status="fail"),
               TestResult("s", "c", "b[2]", "passed", key="SHOP-3", publish_status="pass"),
               TestResult("s", "c", "nokey", "passed", publish_status="pass")]
    from_file, unmapped = from_file_results(results)
    assert unmapped == ["c.nokey"]
    assert from_file["SHOP-3"].status == "fail" and from_file["SHOP-3"].comment == "b[1]: boom"
    merged = merge(from_file, from_params([{"test": "SHOP-1", "comment": "by hand"}]))
    assert merged["SHOP-1"].status == "pass" and merged["SHOP-1"].comment == "by hand" and merged["SHOP-1"].explicit
    assert from_file_results(results, comments=False)[0]["SHOP-3"].comment is None


def test_worse_status_wins_and_as_option_renames():
    assert worse("pass", "fail") == "fail" and worse("blocked", "pass") == "blocked" and worse("skip", "pass") == "pass"

    def boom():
        raise InputError("name", "2 cycles are named 'X'", "rename one")

    with pytest.raises(InputError, match="^cycle: 2 cycles are named 'X'; rename one$"):
        as_option("cycle", boom)
