"""zephyr_cycle's before/after views: folder names after renames, purges and creations, and test keys."""

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_targets import Target
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_view import (
    after_view,
    before_view,
    final_names,
    group_view,
)

UI = {"id": "1", "name": "UI"}
API = {"id": "2", "name": "API"}
OLD = {"id": "3", "name": "Old"}


def test_final_names_rename_purge_and_create():
    pairs = [({"name": "Frontend"}, UI, {"name": "Frontend"}), ({"name": "API"}, API, {}), ({"name": "New"}, None, {})]
    assert sorted(final_names([UI, API, OLD], pairs, [OLD])) == ["API", "Frontend", "New"]


def test_group_view_keeps_phase_fields_only_for_phases():
    assert group_view({"id": "1", "name": "UI", "description": None}) == {"id": "1", "name": "UI", "description": ""}
    phase = group_view({"id": "3", "name": "Cart", "folder": "Regression > Cart", "start_date": "2026-12-01"})
    assert phase["folder"] == "Regression > Cart" and phase["start_date"] == "2026-12-01" and "end_date" not in phase


def test_views_show_tests_before_and_after():
    target = Target("cycle", ("tests", {"keys": ["SHOP-1", "SHOP-2"]}), True)
    target.executions = [{"test_key": "SHOP-1", "test_id": "11"}, {"test_key": "SHOP-9", "test_id": "19"}]
    cycle = {"id": "7", "name": "Regression"}
    before = before_view(cycle, [UI], [target], [], "folders")
    assert before["folders"] == ["UI"] and before["tests (cycle)"] == ["SHOP-1", "SHOP-9"]
    report = {"cycle": {"total": 2, "added": ["SHOP-2"], "removed": ["SHOP-9"]}}
    after = after_view(cycle, ["UI", "New"], [target], report, True, "folders")
    assert after["folders"] == ["New", "UI"] and after["tests (cycle)"] == ["SHOP-1", "SHOP-2"]
    assert before_view(None, [UI], [target], [], "folders") == {}
    assert "phases" not in after_view(cycle, [], [], {}, False, "phases")
