"""Predicting how Xray maps a report's results to Tests (pure logic, real sample files)."""

import json
import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import XrayBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import (
    RunIndex,
    combine,
    detect_format,
    read_outcomes,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_split import FileEntries, import_size
from tests.shared_samples import SAMPLES as _SAMPLES

SAMPLES = _SAMPLES


def sample(name):
    return os.path.join(SAMPLES, name)


@pytest.mark.parametrize("statuses, expected", [
    (["pass", "pass"], "pass"), (["pass", "fail"], "fail"), (["todo", "fail", "pass"], "fail"),
    (["pass", "todo"], "todo"), (["todo"], "todo"), ([], "todo"),
])
def test_combine_follows_xray(statuses, expected):
    assert combine(statuses) == expected


def test_junit_keys_definitions_and_statuses_per_product():
    server = read_outcomes(sample("pytest-xunit2.xml"), "junit", "xray_server")
    assert [o.identity for o in server[:3]] == [("key", "SHOP-101"), ("key", "SHOP-102"), ("key", "SHOP-103")]
    assert all(o.explicit for o in server[:3])
    generic = server[3]
    assert generic.identity == ("Generic", "test_shop.test_payment_gateway_timeout") and not generic.explicit
    assert [o.status for o in server[:4]] == ["PASS", "PASS", "FAIL", "FAIL"]
    assert len(server) == 14
    skipped = [o for o in server if o.identity == ("Generic", "test_shop.test_gift_cards")][0]
    assert skipped.status == "TODO"
    cloud = read_outcomes(sample("pytest-xunit2.xml"), "junit", "xray_cloud")
    assert [o.status for o in cloud[:4]] == ["PASSED", "PASSED", "FAILED", "FAILED"]


def test_robot_tags_are_candidate_keys_not_explicit_ones():
    outcomes = read_outcomes(sample("robot-output.xml"), "robot", "xray_server")
    assert outcomes[0].identity == ("Generic", "Checkout.Guest Can Checkout")
    assert outcomes[0].keys == ["SHOP-201"] and not outcomes[0].explicit
    xunit = read_outcomes(sample("robot-xunit.xml"), "junit", "xray_server")
    assert [o.identity for o in xunit] == [o.identity for o in outcomes]  # both spellings, same Tests


def test_behave_outline_rows_combine_into_one_cucumber_test():
    outcomes = read_outcomes(sample("behave.json"), "behave", "xray_server")
    assert [o.identity for o in outcomes] == [("Cucumber", "Add an item"), ("Cucumber", "Remove items")]
    assert outcomes[1].status == "FAIL" and outcomes[1].count == 2
    assert outcomes[1].scenario.startswith("Given")


def test_xray_json_last_result_of_a_test_wins(tmp_path):
    path = tmp_path / "x.json"
    path.write_text(json.dumps({"tests": [
        {"testKey": "SHOP-1", "status": "PASS"}, {"testKey": "SHOP-1", "status": "FAIL"},
        {"testInfo": {"summary": "New", "type": "Manual"}, "status": "pass"},
        {"testInfo": {"definition": "a.b"}, "status": "EXECUTING"}]}))
    outcomes = read_outcomes(str(path), "xray", "xray_cloud")
    assert [(o.identity, o.status) for o in outcomes] == [
        (("key", "SHOP-1"), "FAILED"), (("Manual", "New"), "PASSED"), (("Generic", "a.b"), "EXECUTING")]
    path.write_text("[1, 2]")
    with pytest.raises(ResultFileError):
        read_outcomes(str(path), "xray", "xray_server")
    path.write_text(json.dumps({"tests": [{"status": "PASS"}]}))
    with pytest.raises(ResultFileError, match="testKey"):
        read_outcomes(str(path), "xray", "xray_server")


def test_run_index_matches_the_ways_xray_finds_tests():
    runs = [
        {"test_key": "SHOP-101", "test_id": "10101", "test": {"type": "Manual", "summary": "Login"}},
        {"test_key": "SHOP-111", "test_id": "2", "test": {"type": "Generic", "definition": "test_shop.test_x"}},
        {"test_key": "SHOP-112", "test_id": "3", "test": {"type": "Cucumber", "summary": "Remove items"}},
    ]
    index = RunIndex(runs)
    outcomes = read_outcomes(sample("behave.json"), "behave", "xray_server")
    assert index.match(outcomes[1])["test_key"] == "SHOP-112"
    assert index.match(outcomes[0]) is None

    class Stub:
        def __init__(self, identity, keys):
            self.identity, self.keys = identity, keys

    assert index.match(Stub(("Generic", "test_shop.test_x"), []))["test_key"] == "SHOP-111"
    assert index.match(Stub(("Generic", "other"), ["SHOP-101"]))["test_key"] == "SHOP-101"  # a tag naming a run's Test
    assert index.match(Stub(("key", "SHOP-999"), ["SHOP-999"])) is None
    assert index.match(Stub(("id", "10101"), []))["test_key"] == "SHOP-101"


def cucumber_entries(outcomes, index, known, project, entry_for):
    item = {"path": "x.json", "format": "cucumber", "outcomes": outcomes}
    return FileEntries(index, known, project, lambda key, status, *rest: entry_for(key, status)).of(item, "xray_cloud")


def test_cucumber_entries_for_an_existing_execution():
    outcomes = read_outcomes(sample("cucumber-js.json"), "cucumber", "xray_cloud")
    runs = [{"test_key": "SHOP-700", "test_id": "7", "test": {"type": "Cucumber", "summary": "Successful login"}}]
    entries = cucumber_entries(outcomes, RunIndex(runs), {"SHOP-602": {"key": "SHOP-602"}}, "SHOP",
                               lambda key, status: {"testKey": key, "status": status})
    assert entries == [{"testKey": "SHOP-700", "status": "PASSED"}, {"testKey": "SHOP-602", "status": "FAILED"}]
    entries = cucumber_entries(outcomes, RunIndex([]), {}, "SHOP", lambda key, status: {"testKey": key})
    assert entries[0]["testInfo"]["summary"] == "Successful login" and entries[0]["testInfo"]["type"] == "Cucumber"
    assert entries[0]["testInfo"]["projectKey"] == "SHOP" and entries[0]["status"] == "PASSED"


def test_xml_entries_find_tests_like_the_xml_import(tmp_path):
    report = tmp_path / "r.xml"
    report.write_text('<testsuite name="s">'
                      '<testcase classname="c" name="keyed"><properties><property name="test_key" value="SHOP-101"/>'
                      '<property name="testrun_comment" value="see log"/></properties></testcase>'
                      '<testcase classname="c" name="new"><properties><property name="test_summary" value="New one"/>'
                      '<property name="tags" value="api,smoke"/></properties><failure/></testcase>'
                      '<testcase classname="c" name="mine"/></testsuite>')
    outcomes = read_outcomes(str(report), "junit", "xray_server")
    item = {"path": str(report), "format": "junit", "outcomes": outcomes}
    assert import_size(item) == 3 and len(outcomes) == 3
    runs = [{"test_key": "SHOP-120", "test_id": "120", "test": {"type": "Generic", "definition": "c.mine"}}]
    backend = XrayBackend(None)
    entries = FileEntries(RunIndex(runs), {}, "SHOP", backend.result_entry,
                          comment_for=lambda key, ours: "old\n\n" + ours).of(item, "xray_server")
    assert entries == [
        {"testKey": "SHOP-101", "status": "PASS", "comment": "old\n\nsee log"},
        {"status": "FAIL", "testInfo": {"projectKey": "SHOP", "type": "Generic", "testType": "Generic",
                                        "definition": "c.new", "summary": "New one", "labels": ["api", "smoke"]}},
        {"testKey": "SHOP-120", "status": "PASS"}]
    skipped = FileEntries(RunIndex(runs), {}, "SHOP", backend.result_entry, skip={"SHOP-120", "SHOP-101"})
    assert [e["status"] for e in skipped.of(item, "xray_server")] == ["FAIL"]


def test_detect_format_tells_xray_and_behave_json_apart(tmp_path):
    xray_json = tmp_path / "x.json"
    xray_json.write_text(json.dumps({"testExecutionKey": "SHOP-1", "tests": []}))
    assert detect_format(str(xray_json)) == "xray"
    assert detect_format(sample("behave.json")) == "behave"
    assert detect_format(sample("cucumber-js.json")) == "cucumber"
    assert detect_format(sample("robot-output.xml")) == "robot"
    assert detect_format(sample("pytest-xunit2.xml")) == "junit"
    other = tmp_path / "o.json"
    other.write_text('{"numTotalTests": 3}')
    with pytest.raises(ResultFileError):
        detect_format(str(other))
