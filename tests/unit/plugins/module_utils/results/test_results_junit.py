# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JUnit dialects not in the samples: reruns, xpass, nested suites, gtest, Xray properties."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.junit import seconds, split_names
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results, read_results


def junit(tmp_path, body, name="report.xml"):
    path = tmp_path / name
    path.write_text(u'<?xml version="1.0" encoding="UTF-8"?>\n' + body, encoding="utf-8")
    return str(path)


def read(tmp_path, body, **kwargs):
    return list(read_results(junit(tmp_path, body), **kwargs))


FAIL = '<failure message="boom">trace</failure>'


def test_pytest_rerunfailures_repeats_fold_into_the_last_outcome(tmp_path):
    results = read(tmp_path, """<testsuites><testsuite name="pytest" tests="6">
      <testcase classname="t" name="test_a" time="1.0">%s</testcase>
      <testcase classname="t" name="test_a" time="1.0">%s</testcase>
      <testcase classname="t" name="test_a" time="0.5"/>
      <testcase classname="t" name="test_b" time="1">%s</testcase>
      <testcase classname="t" name="test_b" time="1">%s</testcase>
      <testcase classname="t" name="test_c" time="1"/>
    </testsuite></testsuites>""" % (FAIL, FAIL, FAIL, FAIL))
    assert [(r.name, r.status, r.flaky, r.attempts, r.detail) for r in results] == [
        ("test_a", "passed", True, 3, "flaky"),
        ("test_b", "failed", False, 2, None),
        ("test_c", "passed", False, 1, None),
    ]
    assert results[0].duration == pytest.approx(2.5)
    assert results[0].message == "boom"  # what failed before the pass


def test_repeats_apart_from_each_other_fold_in_load_results(tmp_path):
    path = junit(tmp_path, """<testsuite name="s">
      <testcase classname="t" name="test_a">%s</testcase>
      <testcase classname="t" name="test_b"/>
      <testcase classname="t" name="test_a"/>
    </testsuite>""" % FAIL)
    assert [r.name for r in read_results(path)] == ["test_a", "test_b", "test_a"]
    results, summary = load_results(path)
    assert [(r.name, r.status, r.flaky, r.attempts) for r in results] == [
        ("test_a", "passed", True, 2), ("test_b", "passed", False, 1)]
    assert summary["total"] == 2 and summary["flaky"] == 1


def test_same_name_in_another_class_is_not_a_rerun(tmp_path):
    results = read(tmp_path, """<testsuite name="s">
      <testcase classname="A" name="test_x"/><testcase classname="B" name="test_x"/></testsuite>""")
    assert [r.full_name for r in results] == ["A.test_x", "B.test_x"]


def test_pytest_xpass_strict_and_legacy_xpass(tmp_path):
    results = read(tmp_path, """<testsuite name="s">
      <testcase classname="t" name="strict"><failure message="[XPASS(strict)] known bug">[XPASS(strict)] known bug</failure></testcase>
      <testcase classname="t" name="legacy"><skipped message="xfail-marked test passes unexpectedly"/></testcase>
      <testcase classname="t" name="xfail"><skipped type="pytest.xfail" message="bug 1"/></testcase>
    </testsuite>""")
    assert [(r.status, r.detail) for r in results] == [("failed", "xpass"), ("failed", "xpass"), ("skipped", "xfail")]


def test_nested_testsuites_use_the_innermost_suite_name(tmp_path):
    results = read(tmp_path, """<testsuites name="all">
      <testsuite name="outer">
        <testcase name="first"/>
        <testsuite name="inner"><testcase name="deep"/></testsuite>
        <testcase name="after"/>
      </testsuite>
      <testcase name="top"/>
    </testsuites>""")
    assert [(r.suite, r.full_name) for r in results] == [
        ("outer", "outer.first"), ("inner", "inner.deep"), ("outer", "outer.after"), ("all", "all.top")]
    assert [r.classname for r in results] == [None] * 4


def test_status_attributes_of_gtest_ctest_and_behave(tmp_path):
    results = read(tmp_path, """<testsuites><testsuite name="g">
      <testcase name="Disabled" status="notrun" classname="Math"/>
      <testcase name="Skip" status="run" result="skipped" classname="Math"/>
      <testcase name="Ran" status="run" result="completed" classname="Math"/>
      <testcase name="CtestFail" status="fail" classname="ctest"/>
      <testcase name="Untested" status="untested" classname="feature"/>
    </testsuite></testsuites>""")
    assert [r.status for r in results] == ["skipped", "skipped", "passed", "failed", "skipped"]


def test_xray_style_properties_tags_and_evidence(tmp_path):
    results = read(tmp_path, """<testsuite name="s"><testcase classname="c" name="n">
      <properties>
        <property name="test_key" value="CALC-1"/>
        <property name="tags" value="ui, smoke"/>
        <property name="test_description">multi
line</property>
        <property name="testrun_evidence"><item name="shot.png">iVBORw0KGgo=</item></property>
      </properties></testcase></testsuite>""")
    result = results[0]
    assert result.key == "CALC-1"
    assert result.tags == ["ui", "smoke"]
    assert result.properties["test_description"] == "multi\nline"
    assert result.properties["testrun_evidence"] == [{"name": "shot.png", "content": "iVBORw0KGgo="}]


def test_test_id_property_is_taken_as_written(tmp_path):
    results = read(tmp_path, """<testsuite name="s"><testcase classname="c" name="SHOP-9 in name">
      <properties><property name="test_id" value="1234"/></properties></testcase></testsuite>""")
    assert results[0].key == "1234"


def test_surefire_flaky_error_and_rerun_error(tmp_path):
    results = read(tmp_path, """<testsuite name="com.x.T">
      <testcase classname="com.x.T" name="a"><flakyError message="npe" type="NPE"><stackTrace>at x</stackTrace></flakyError>
        <flakyError message="npe2" type="NPE"/></testcase>
      <testcase classname="com.x.T" name="b"><error message="io" type="IO">trace</error>
        <rerunError message="io" type="IO"/></testcase>
    </testsuite>""")
    assert [(r.status, r.flaky, r.attempts, r.detail, r.message) for r in results] == [
        ("passed", True, 3, "flaky", "npe"), ("error", False, 2, None, "io")]
    assert "at x" in results[0].output


def test_failure_and_error_together_is_a_failure_with_both_texts(tmp_path):
    results = read(tmp_path, """<testsuite name="s"><testcase classname="c" name="n">
      <failure message="assert">first</failure><error message="teardown">second</error></testcase></testsuite>""")
    assert (results[0].status, results[0].message) == ("failed", "assert")
    assert "first" in results[0].output and "second" in results[0].output


def test_message_falls_back_to_the_first_line_of_the_failure_text(tmp_path):
    results = read(tmp_path, """<testsuite name="s"><testcase classname="c" name="n"><failure>
Error: expected 1
    at foo</failure></testcase></testsuite>""")
    assert results[0].message == "Error: expected 1"


@pytest.mark.parametrize("text, expected", [("1.5", 1.5), ("1,5", 1.5), ("", 0.0), (None, 0.0), ("n/a", 0.0)])
def test_seconds(text, expected):
    assert seconds(text) == expected


def test_time_attribute_with_a_decimal_comma(tmp_path):
    results = read(tmp_path, '<testsuite name="s"><testcase name="n" time="0,25"/><testcase name="m"/></testsuite>')
    assert [r.duration for r in results] == [0.25, 0.0]


def test_names_are_stripped_and_unnamed_cases_get_a_placeholder(tmp_path):
    results = read(tmp_path, '<testsuite name=" s "><testcase classname=" c " name=" n "/><testcase/></testsuite>')
    assert [(r.suite, r.classname, r.name) for r in results] == [("s", "c", "n"), ("s", None, "(unnamed)")]


def test_output_is_bounded(tmp_path):
    results = read(tmp_path, '<testsuite name="s"><testcase name="n"><failure message="m">%s</failure>'
                             '<system-out>%s</system-out></testcase></testsuite>' % ("x" * 5000, "y" * 5000),
                   max_output=1000)
    output = results[0].output
    assert len(output) <= 1000
    assert output.startswith("xxx") and output.endswith("characters truncated]")


def test_system_out_is_labelled(tmp_path):
    results = read(tmp_path, '<testsuite name="s"><testcase name="n"><failure message="m">trace</failure>'
                             '<system-out>hello</system-out><system-err>oops</system-err></testcase></testsuite>')
    assert results[0].output == "trace\n\n[system-out]\nhello\n\n[system-err]\noops"


def test_custom_key_pattern_with_a_group(tmp_path):
    results = read(tmp_path, '<testsuite name="s"><testcase name="test TC_42 works"/><testcase name="SHOP-1"/></testsuite>',
                   key_pattern=r"TC_(\d+)")
    assert [r.key for r in results] == ["42", None]


def test_jest_todo_is_not_guessed_when_the_counts_are_ambiguous(tmp_path):
    # two bare time="0" cases, but only one missing from tests="2": either could be the todo
    results = read(tmp_path, """<testsuites><testsuite name="S" tests="2">
      <testcase classname="S a" name="S a" time="0"/>
      <testcase classname="S b" name="S b" time="0"/>
      <testcase classname="S c" name="S c" time="0.002"/>
    </testsuite></testsuites>""")
    assert [r.status for r in results] == ["passed"] * 3
    assert [r.name for r in results] == ["a", "b", "c"]


def test_jest_todo_in_a_large_suite_keeps_order(tmp_path):
    cases = "".join('<testcase classname="S t%d" name="S t%d" time="0.001"/>' % (i, i) for i in range(1500))
    body = '<testsuites><testsuite name="S" tests="1500"><testcase classname="S z" name="S z" time="0"/>%s' \
           '</testsuite></testsuites>' % cases
    results = read(tmp_path, body)
    assert [r.name for r in results] == ["z"] + ["t%d" % i for i in range(1500)]
    assert results[0].status == "passed"


def test_testcase_inside_an_unknown_wrapper(tmp_path):
    results = read(tmp_path, '<testsuite name="s"><group><testcase name="a"/><testcase name="b"/></group>'
                             '<testcase name="c"/></testsuite>')
    assert [r.name for r in results] == ["a", "b", "c"]


@pytest.mark.parametrize("suite, classname, name, expected", [
    ("Cart", "Cart adds", "Cart adds", ("Cart", "adds")),            # jest
    ("Other", "Wish list", "Wish list", (None, "Wish list")),       # jest, test outside the suite's describe
    ("API", "lists", "API lists", ("API", "lists")),               # mocha
    ("page", "returns 2", "API page returns 2", ("API page", "returns 2")),  # mocha, nested describe
    ("Checkout", "Checkout", "Guest Can Checkout", ("Checkout", "Guest Can Checkout")),  # robot --xunit
    ("s", "pkg.Cls", "test_x", ("pkg.Cls", "test_x")),
])
def test_split_names(suite, classname, name, expected):
    assert split_names(suite, classname, name) == expected


def test_wrong_root_element_for_an_explicit_format(tmp_path):
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
    path = junit(tmp_path, '<robot><suite name="x"/></robot>')
    with pytest.raises(ResultFileError) as caught:
        read_results(path, fmt="junit")
    assert "Robot Framework output.xml" in str(caught.value) and "format robot" in str(caught.value)


@pytest.mark.parametrize("child", [
    '<failure message=" boom ">trace\nline 2</failure>',
    '<failure>Error: x\n  at y</failure>',
    '<failure message="[XPASS(strict)] r"/>',
    '<error message="setup">trace</error>',
    '<error/>',
    '<skipped/>',
    '<skipped message="later"/>',
    '<skipped type="pytest.xfail" message="bug"/>',
    '<skipped message="xfail-marked test passes unexpectedly"/>',
    '<skipped>\n  reason in text\n</skipped>',
    '<failure message="m">%s</failure>' % ("x" * 3000),
])
def test_the_lone_outcome_fast_path_agrees_with_the_general_one(child):
    import xml.etree.ElementTree as ET
    from ansible_collections.testops.testmgmt.plugins.module_utils.results import junit
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.context import ReadContext
    case = ET.fromstring('<testcase classname="c" name="test SHOP-1">%s</testcase>' % child)
    ctx = ReadContext("f.xml", max_output=1000)
    general = junit._rich_case(case, "s", "c", "test SHOP-1", 0.5, 7, ctx)
    fast = junit._outcome_case(case[0], "s", "c", "test SHOP-1", 0.5, 7, ctx)
    assert fast.as_dict() == general.as_dict()
