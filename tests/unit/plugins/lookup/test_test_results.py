# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The testops.testmgmt.test_results lookup."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import os
import shutil

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader

from ansible_collections.testops.testmgmt.plugins.lookup import test_results as plugin
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.plugin_utils.result_digest import ResultDigest

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.realpath(__file__))))))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(REPO), "shared", "samples")
NAME = "testops.testmgmt.test_results"


@pytest.fixture
def lookup(tmp_path):
    """The plugin as the plugin loader would set it up, with the playbook directory in tmp_path."""
    documentation = yaml.safe_load(plugin.DOCUMENTATION)
    loader = DataLoader()
    loader.set_basedir(str(tmp_path))
    instance = plugin.LookupModule(loader=loader)
    instance._load_name = NAME
    C.config.initialize_plugin_configuration_definitions("lookup", NAME, documentation["options"])
    return instance


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in ("pytest-xunit2.xml", "surefire-TEST-com.shop.CartServiceTest.xml", "cucumber-js.json"):
        shutil.copy(os.path.join(SAMPLES, name), str(folder / name))
    return folder


def test_documentation_is_valid_yaml_with_the_lookup_conventions():
    documentation = yaml.safe_load(plugin.DOCUMENTATION)
    assert documentation["name"] == "test_results"
    assert documentation["version_added"] == "0.1.0"
    assert documentation["author"] and documentation["short_description"] and documentation["description"]
    assert documentation["options"]["_terms"]["required"] is True
    assert documentation["options"]["format"]["choices"] == [
        "auto", "junit", "robot", "cucumber", "behave", "testng", "nunit", "xunit"]
    assert yaml.safe_load(plugin.EXAMPLES)
    returned = yaml.safe_load(plugin.RETURN)
    assert set(returned["_raw"]["contains"]) == {"results", "summary", "summaries", "failures", "keyless", "keys",
                                                 "xray_keys", "quarantined", "keyed"}
    assert documentation["options"]["digest"]["default"] is False
    assert set(returned["_raw"]["contains"]["summary"]["contains"]) >= {
        "total", "passed", "failed", "error", "skipped", "flaky", "unmapped", "duration", "failures"}


def test_one_entry_per_term_with_results_and_summary(lookup):
    entries = lookup.run([os.path.join(SAMPLES, "pytest-xunit2.xml"), os.path.join(SAMPLES, "robot-output.xml")],
                         variables={})
    assert len(entries) == 2
    pytest_entry, robot_entry = entries
    assert set(pytest_entry) == {"results", "summary"}
    summary = pytest_entry["summary"]
    assert {k: summary[k] for k in ("total", "passed", "failed", "error", "skipped", "flaky", "unmapped")} == {
        "total": 14, "passed": 8, "failed": 3, "error": 1, "skipped": 2, "flaky": 0, "unmapped": 11}
    assert summary["duration"] == pytest.approx(0.013, abs=0.001)
    assert {"name": "test_shop.test_checkout_total", "key": "SHOP-103",
            "message": "AssertionError: basket total is wrong\nassert 15.0 == 16.0"} in summary["failures"]
    first = pytest_entry["results"][0]
    assert first["full_name"] == "test_shop.test_login_succeeds"
    assert (first["key"], first["status"], first["publish_status"]) == ("SHOP-101", "passed", "pass")
    assert [r["key"] for r in robot_entry["results"]] == ["SHOP-201", "SHOP-202", "SHOP-203", "SHOP-204"]


def test_a_relative_glob_is_found_from_the_playbook_directory(lookup, reports):
    entry = lookup.run(["reports/*.xml"], variables={})[0]
    assert entry["summary"]["total"] == 14 + 6
    assert [os.path.basename(f) for f in entry["summary"]["files"]] == [
        "pytest-xunit2.xml", "surefire-TEST-com.shop.CartServiceTest.xml"]
    flaky = [r for r in entry["results"] if r["flaky"]]
    assert [(r["name"], r["attempts"]) for r in flaky] == [("reservesStock", 2)]


def test_files_subdirectory_and_search_path(lookup, tmp_path):
    files = tmp_path / "role" / "files"
    files.mkdir(parents=True)
    shutil.copy(os.path.join(SAMPLES, "behave.json"), str(files / "behave.json"))
    entry = lookup.run(["behave.json"], variables={"ansible_search_path": [str(tmp_path / "role")]})[0]
    assert [r["key"] for r in entry["results"]] == ["SHOP-301", "SHOP-302", "SHOP-302"]


def test_gzip_and_format_option(lookup, tmp_path):
    with open(os.path.join(SAMPLES, "cucumber-js.json"), "rb") as handle:
        (tmp_path / "cucumber.json.gz").write_bytes(gzip.compress(handle.read()))
    entry = lookup.run(["cucumber.json.gz"], variables={}, format="cucumber")[0]
    assert [r["key"] for r in entry["results"]] == ["SHOP-601", "SHOP-602"]
    with pytest.raises(AnsibleError, match="format junit was asked for"):
        lookup.run(["cucumber.json.gz"], variables={}, format="junit")


def test_quarantine_and_status_overrides(lookup, reports):
    entry = lookup.run(["reports/surefire-*.xml"], variables={}, quarantine=["com.shop.CartServiceTest.checksOut*"],
                       quarantine_status="blocked", statuses={"failed": "in_progress"})[0]
    summary = entry["summary"]
    assert (summary["failed"], summary["error"], summary["quarantined"]) == (1, 0, 1)
    by_name = dict((r["name"], r) for r in entry["results"])
    assert by_name["checksOutGuest"]["quarantined"] is True
    assert by_name["checksOutGuest"]["status"] == "error"
    assert by_name["checksOutGuest"]["publish_status"] == "blocked"
    assert by_name["appliesCoupon_SHOP_402"]["publish_status"] == "in_progress"


def test_key_pattern_and_inherit_keys(lookup, tmp_path):
    shutil.copy(os.path.join(SAMPLES, "jest-junit.xml"), str(tmp_path / "jest.xml"))
    plain = lookup.run(["jest.xml"], variables={})[0]
    assert plain["summary"]["unmapped"] == 3
    inherited = lookup.run(["jest.xml"], variables={}, inherit_keys=True)[0]
    assert inherited["summary"]["unmapped"] == 0
    custom = lookup.run(["jest.xml"], variables={}, key_pattern=r"\[(SHOP-\d+)\]", inherit_keys=True)[0]
    assert {r["key"] for r in custom["results"]} == {"SHOP-401"}


@pytest.mark.parametrize("term, message", [
    ("reports/*.trx", "test_results: reports/*.trx: no result file matches this glob"),
    ("missing.xml", "test_results: missing.xml: no result file matches this path"),
])
def test_terms_that_match_nothing_name_the_term(lookup, reports, term, message):
    with pytest.raises(AnsibleError) as caught:
        lookup.run([term], variables={})
    assert str(caught.value).startswith(message)


def test_bad_files_and_options_are_ansible_errors(lookup, tmp_path):
    (tmp_path / "page.xml").write_text(u"<!DOCTYPE html><html></html>")
    with pytest.raises(AnsibleError) as caught:
        lookup.run(["page.xml"], variables={})
    assert "page.xml: line 1: this is an HTML page" in str(caught.value)
    shutil.copy(os.path.join(SAMPLES, "mocha-junit.xml"), str(tmp_path / "mocha.xml"))
    with pytest.raises(AnsibleError, match="unknown result status"):
        lookup.run(["mocha.xml"], variables={}, statuses={"flaky": "fail"})
    with pytest.raises(AnsibleError, match="not a valid regular expression"):
        lookup.run(["mocha.xml"], variables={}, key_pattern="([")
    with pytest.raises(AnsibleError):
        lookup.run(["mocha.xml"], variables={}, format="trx")


def test_digest_is_one_entry_for_every_term_without_the_results(lookup, reports):
    terms = ["reports/pytest-xunit2.xml", "reports/surefire-*.xml", "reports/cucumber-js.json"]
    entries = lookup.run(terms, variables={})
    expected = ResultDigest()
    for entry in entries:
        expected.add([TestResult.from_dict(r) for r in entry["results"]], entry["summary"])
    digest = lookup.run(terms, variables={}, digest=True)
    assert digest == [expected.as_dict()]
    digest = digest[0]
    assert [s["total"] for s in digest["summaries"]] == [14, 6, 2]
    assert "failures" not in digest["summaries"][0] and "files" not in digest["summaries"][0]
    assert digest["failures"] == [f["name"] for e in entries for f in e["summary"]["failures"]]
    assert {"test": "SHOP-103", "status": "fail",
            "comment": "AssertionError: basket total is wrong\nassert 15.0 == 16.0"} in digest["keyed"]
    assert set(digest["keys"]) >= {"SHOP-101", "SHOP-103", "SHOP-601", "SHOP-602"}
    assert len(digest["keys"]) == len(set(digest["keys"])) == len(digest["keyed"])


def test_digest_follows_quarantine_and_statuses(lookup, reports):
    digest = lookup.run(["reports/pytest-xunit2.xml"], variables={}, digest=True, quarantine=["SHOP-103"],
                        quarantine_status="blocked", statuses={"passed": "todo"})[0]
    assert digest["quarantined"] == [{"test": "SHOP-103", "status": "blocked"}]
    assert digest["keyed"] == [{"test": "SHOP-101", "status": "todo", "comment": None},
                               {"test": "SHOP-102", "status": "todo", "comment": None},
                               {"test": "SHOP-103", "status": "blocked",
                                "comment": "AssertionError: basket total is wrong\nassert 15.0 == 16.0"}]
    assert digest["summaries"][0]["quarantined"] == 1
    assert "test_shop.test_checkout_total" not in digest["failures"]


def test_a_search_directory_with_wildcard_characters_in_its_name(lookup, tmp_path):
    odd = tmp_path / "build[1]"
    (odd / "files").mkdir(parents=True)
    shutil.copy(os.path.join(SAMPLES, "mocha-junit.xml"), str(odd / "files" / "mocha.xml"))
    entry = lookup.run(["*.xml"], variables={"ansible_search_path": [str(odd)]})[0]
    assert [os.path.basename(f) for f in entry["summary"]["files"]] == ["mocha.xml"]


def test_a_directory_and_a_glob_of_directories_are_no_result_files(lookup, reports):
    with pytest.raises(AnsibleError, match="test_results: reports: is a directory, not a result file"):
        lookup.run(["reports"], variables={})
    with pytest.raises(AnsibleError, match=r"test_results: rep\*: no result file matches this glob \(searched in "):
        lookup.run(["rep*"], variables={})
