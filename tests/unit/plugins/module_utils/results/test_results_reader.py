# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""load_results(): globs, quarantine, status overrides, argument errors; streaming memory."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import shutil
import tracemalloc

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import (
    FORMATS, expand_paths, load_results, read_results,
)

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__)))))))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(REPO), "shared", "samples")


def sample(name):
    return os.path.join(SAMPLES, name)


@pytest.fixture
def reports(tmp_path):
    """A reports/ tree: two JUnit files at the top, a Cucumber JSON one level down."""
    top = tmp_path / "reports"
    (top / "bdd").mkdir(parents=True)
    shutil.copy(sample("pytest-xunit2.xml"), str(top / "TEST-pytest.xml"))
    shutil.copy(sample("surefire-TEST-com.shop.CartServiceTest.xml"), str(top / "TEST-surefire.xml"))
    shutil.copy(sample("cucumber-js.json"), str(top / "bdd" / "cucumber.json"))
    return top


def test_globs_recursive_globs_and_duplicates(reports):
    top = str(reports)
    assert [os.path.basename(p) for p in expand_paths(os.path.join(top, "*.xml"))] == [
        "TEST-pytest.xml", "TEST-surefire.xml"]
    files = expand_paths([os.path.join(top, "**", "*"), os.path.join(top, "TEST-pytest.xml")])
    assert [os.path.relpath(p, top) for p in files] == [
        "TEST-pytest.xml", "TEST-surefire.xml", os.path.join("bdd", "cucumber.json")]
    results, summary = load_results([os.path.join(top, "**", "*")])
    assert summary["total"] == 14 + 6 + 2
    assert summary["files"] == files


def test_a_term_matching_nothing_is_an_error_naming_it(reports):
    term = os.path.join(str(reports), "*.trx")
    with pytest.raises(ResultFileError) as caught:
        load_results([os.path.join(str(reports), "*.xml"), term])
    assert str(caught.value) == "%s: no result file matches this glob" % term
    with pytest.raises(ResultFileError, match="no such result file"):
        load_results(os.path.join(str(reports), "missing.xml"))
    with pytest.raises(ResultFileError, match="is a directory"):
        load_results(str(reports))


def test_a_file_whose_path_has_wildcard_characters_is_read_as_it_is(tmp_path):
    odd = tmp_path / "run[1]"
    odd.mkdir()
    shutil.copy(sample("mocha-junit.xml"), str(odd / "TEST-*.xml"))
    path = str(odd / "TEST-*.xml")
    assert expand_paths([path]) == [path]
    assert load_results([path])[1]["files"] == [path]


def test_quarantine_by_key_name_full_name_and_pattern():
    results, summary = load_results(sample("pytest-xunit2.xml"), quarantine=[
        "SHOP-103",                              # key
        "test_payment_gateway_timeout",          # name
        "test_shop.test_shipping_zones[[]BR[]]",  # full name as a pattern ([ ] escaped)
        "test_shop.TestSearch.*",                # pattern
    ], quarantine_status="blocked")
    quarantined = [r.name for r in results if r.quarantined]
    assert quarantined == ["test_checkout_total", "test_payment_gateway_timeout", "test_shipping_zones[BR]",
                           "test_search_by_sku", "test_search_empty_query_shows_hint"]
    assert {r.publish_status for r in results if r.quarantined} == {"blocked"}
    # real outcomes are kept, the gate does not see them
    assert [r.status for r in results if r.quarantined] == ["failed", "failed", "failed", "passed", "passed"]
    assert (summary["failed"], summary["error"], summary["quarantined"], summary["total"]) == (0, 1, 5, 14)
    assert [f["name"] for f in summary["failures"]] == ["test_shop.test_order_history"]


def test_quarantine_status_accepts_result_statuses_and_custom_names():
    results, _summary = load_results(sample("robot-output.xml"), quarantine=["SHOP-202"], quarantine_status="skipped")
    assert [r.publish_status for r in results] == ["pass", "skip", "pass", "skip"]
    results, _summary = load_results(sample("robot-output.xml"), quarantine=["SHOP-202"],
                                     quarantine_status="KNOWN ISSUE")
    assert results[1].publish_status == "KNOWN ISSUE"


def test_status_overrides():
    results, summary = load_results(sample("surefire-TEST-com.shop.CartServiceTest.xml"),
                                    statuses={"error": "blocked", "skipped": "todo"})
    assert [(r.status, r.publish_status) for r in results] == [
        ("passed", "pass"), ("failed", "fail"), ("passed", "pass"), ("error", "blocked"), ("skipped", "todo"),
        ("passed", "pass")]
    assert summary["error"] == 1  # the gate still counts by result status


@pytest.mark.parametrize("kwargs, message", [
    ({"fmt": "trx"}, "format 'trx' is not supported"),
    ({"statuses": {"broken": "fail"}}, "unknown result status 'broken'"),
    ({"quarantine": [""]}, "quarantine entries"),
    ({"quarantine_status": ""}, "quarantine_status"),
    ({"key_pattern": "(["}, "not a valid regular expression"),
])
def test_bad_arguments_are_value_errors(kwargs, message):
    with pytest.raises(ValueError, match=message.replace("(", r"\(").replace("[", r"\[")):
        load_results(sample("robot-output.xml"), **kwargs)


def test_every_format_name_is_accepted_where_it_fits():
    fits = {"junit": "pytest-xunit2.xml", "robot": "robot-output.xml", "cucumber": "cucumber-js.json",
            "behave": "behave.json", "auto": "mocha-junit.xml"}
    for fmt, name in fits.items():
        assert list(read_results(sample(name), fmt=fmt))
    assert set(FORMATS) == {"auto", "junit", "robot", "cucumber", "behave", "testng", "nunit", "xunit"}


def _junit(path, cases):
    with open(path, "w") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites><testsuite name="big" tests="%d">\n' % cases)
        for index in range(cases):
            if index % 10 == 1:
                handle.write('<testcase classname="pkg.mod%d.TestX" name="test_%d" time="0.002"><failure message="boom">'
                             'Traceback\nAssertionError</failure><system-out>out %d</system-out></testcase>\n'
                             % (index % 50, index, index))
            else:
                handle.write('<testcase classname="pkg.mod%d.TestX" name="test_%d" time="0.001">'
                             '<properties><property name="test_key" value="BIG-%d"/></properties></testcase>\n'
                             % (index % 50, index, index))
        handle.write("</testsuite></testsuites>\n")


def _peak_while_streaming(path):
    tracemalloc.start()
    try:
        count = 0
        for _result in read_results(path):
            count += 1
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_streaming_memory_does_not_grow_with_the_number_of_cases(tmp_path):
    small, large = str(tmp_path / "small.xml"), str(tmp_path / "large.xml")
    _junit(small, 2000)
    _junit(large, 20000)
    count_small, peak_small = _peak_while_streaming(small)
    count_large, peak_large = _peak_while_streaming(large)
    assert (count_small, count_large) == (2000, 20000)
    # ten times the cases, about the same peak (chunk buffers and one case at a time)
    assert peak_large < peak_small * 1.5 + 64 * 1024, (peak_small, peak_large)


def _robot(path, tests):
    with open(path, "w") as handle:
        handle.write('<?xml version="1.0" encoding="UTF-8"?>\n<robot generator="Robot 7.5" schemaversion="5">\n'
                     '<suite id="s1" name="Big">\n')
        for index in range(tests):
            handle.write('<test id="s1-t%d" name="Test %d" line="%d">\n<kw name="Log" owner="BuiltIn">'
                         '<msg level="INFO">hello %d</msg><arg>hello</arg>'
                         '<status status="PASS" start="2026-11-23T07:33:32.064819" elapsed="0.001"/></kw>\n'
                         '<tag>BIG-%d</tag>\n<status status="%s" start="2026-11-23T07:33:32.063420" elapsed="0.002">'
                         '%s</status>\n</test>\n'
                         % (index, index, index, index, index, "FAIL" if index % 7 == 0 else "PASS",
                            "boom" if index % 7 == 0 else ""))
        handle.write('<status status="FAIL" start="2026-11-23T07:33:32.005561" elapsed="1.0"/>\n</suite>\n'
                     '<statistics></statistics>\n<errors></errors>\n</robot>\n')


def test_robot_output_streams_too(tmp_path):
    small, large = str(tmp_path / "small.xml"), str(tmp_path / "large.xml")
    _robot(small, 1000)
    _robot(large, 10000)
    count_small, peak_small = _peak_while_streaming(small)
    count_large, peak_large = _peak_while_streaming(large)
    assert (count_small, count_large) == (1000, 10000)
    assert peak_large < peak_small * 1.5 + 64 * 1024, (peak_small, peak_large)
    first = next(read_results(large))
    assert (first.key, first.status, first.message) == ("BIG-0", "failed", "boom")
