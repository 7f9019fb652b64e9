from ansible_collections.testops.testmgmt.plugins.module_utils.xray_fold import fold_across_files
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import Outcome


def outcome(identity, status, keys=()):
    return Outcome(identity, list(keys), identity[0] == "key", None, None, None, status)


def test_a_test_failing_in_any_file_fails_and_the_changed_file_is_marked():
    junit = {"outcomes": [outcome(("key", "SHOP-109"), "PASS"), outcome(("key", "SHOP-101"), "PASS")]}
    cucumber = {"outcomes": [outcome(("Cucumber", "Search"), "FAIL", keys=["SHOP-109"])]}
    fold_across_files([junit, cucumber], "xray_server")
    assert [o.status for o in junit["outcomes"]] == ["FAIL", "PASS"]
    assert junit.get("folded") is True and not cucumber.get("folded")


def test_mixed_verdicts_without_failure_become_todo_and_equal_ones_stay():
    first = {"outcomes": [outcome(("key", "A-1"), "PASSED"), outcome(("key", "A-2"), "PASSED")]}
    second = {"outcomes": [outcome(("key", "A-1"), "TODO"), outcome(("key", "A-2"), "PASSED")]}
    fold_across_files([first, second], "xray_cloud")
    assert [o.status for o in first["outcomes"]] == ["TODO", "PASSED"]
    assert second["outcomes"][0].status == "TODO" and not second.get("folded")


def test_a_test_in_one_file_only_is_untouched():
    only = {"outcomes": [outcome(("Generic", "shop.test_x"), "FAIL")]}
    fold_across_files([only], "xray_server")
    assert only["outcomes"][0].status == "FAIL" and "folded" not in only
