# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Key finding and the TestResult model."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.fold import fold_duplicates, merge_attempts
from ansible_collections.testops.testmgmt.plugins.module_utils.results.keys import KeyFinder
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import FIELDS, TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.results.summary import summarize
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import clip, first_line


def test_property_beats_tag_beats_name():
    keys = KeyFinder()
    assert keys.find({"test_key": "SHOP-1"}, ["SHOP-2"], "SHOP-3 name") == "SHOP-1"
    assert keys.find({}, ["smoke", "SHOP-2"], "SHOP-3 name") == "SHOP-2"
    assert keys.find(None, ["smoke"], "name SHOP-3 and SHOP-4") == "SHOP-3"
    assert keys.find(None, None, "no key here") is None


def test_property_names_and_values():
    keys = KeyFinder()
    assert keys.find({"TestKey": " SHOP-1 , SHOP-2"}, None, "x") == "SHOP-1"
    assert keys.find({"test_id": "4711"}, None, "x") == "4711"
    # loose names need a value that looks like a key
    assert keys.find({"test": "SHOP-5"}, None, "x") == "SHOP-5"
    assert keys.find({"test": "yes"}, None, "x") is None
    assert keys.find({"owner": "SHOP-6"}, None, "x") is None


def test_tags_must_be_whole_keys():
    keys = KeyFinder()
    assert keys.in_tags(["REQ-SHOP-10"]) is None
    assert keys.in_tags(["release-2.4", "robot:skip"]) is None
    assert keys.in_tags(["TEST_SHOP-9"]) == "SHOP-9"
    assert keys.in_tags(["REQ_SHOP-9"]) is None
    assert keys.in_tags(["SHOP_QA-12"]) == "SHOP_QA-12"


def test_inherited_keys_only_when_asked():
    assert KeyFinder().find(None, None, "plain", ["SHOP-1"], ["Cart SHOP-2"]) is None
    inherit = KeyFinder(inherit=True)
    assert inherit.find(None, None, "plain", ["SHOP-1"], ["Cart SHOP-2"]) == "SHOP-1"
    assert inherit.find(None, None, "plain", None, [None, "Cart SHOP-2"]) == "SHOP-2"
    assert inherit.find(None, None, "own SHOP-3", ["SHOP-1"], None) == "SHOP-3"


def test_custom_patterns():
    assert KeyFinder(r"TC-\d+").find(None, None, "TC-12 SHOP-1") == "TC-12"
    assert KeyFinder(r"#(\d+)").find(None, ["#77"], "x") == "77"
    with pytest.raises(ValueError, match="not a valid regular expression"):
        KeyFinder("([")


def make(name="n", status="passed", **kwargs):
    return TestResult("suite", kwargs.pop("classname", "pkg.C"), name, status, **kwargs)


def test_full_name():
    assert make().full_name == "pkg.C.n"
    assert make(classname=None).full_name == "suite.n"
    assert TestResult(None, None, "n").full_name == "n"


def test_as_dict_and_back():
    result = make(key="SHOP-1", tags=["a"], properties={"p": "v"}, steps=[{"name": "s", "status": "passed",
                                                                           "message": None}], line=3)
    data = result.as_dict()
    assert set(data) == set(FIELDS) | {"full_name"}
    assert data["full_name"] == "pkg.C.n" and data["tags"] == ["a"] and data["line"] == 3
    data["tags"].append("b")
    assert result.tags == ["a"]  # a copy
    assert TestResult.from_dict(result.as_dict()) == result
    assert TestResult.from_dict({"name": "only"}).status == "passed"


def test_defaults_are_fresh_lists():
    first, second = make(), make()
    first.tags.append("x")
    assert second.tags == [] and second.properties == {} and second.steps == []


def test_merge_attempts():
    failed = make(status="failed", message="boom", duration=1.0)
    passed = make(duration=2.0)
    merged = merge_attempts(failed, passed)
    assert (merged.status, merged.flaky, merged.detail, merged.attempts, merged.duration, merged.message) == (
        "passed", True, "flaky", 2, 3.0, "boom")
    again = merge_attempts(make(status="failed"), make(status="failed"))
    assert (again.status, again.flaky, again.attempts) == ("failed", False, 2)


def test_fold_duplicates_keeps_first_positions():
    results = fold_duplicates([make("a", "failed"), make("b"), make("a"), make("c", classname=None)])
    assert [(r.name, r.status, r.attempts) for r in results] == [("a", "passed", 2), ("b", "passed", 1),
                                                                 ("c", "passed", 1)]


def test_summarize():
    results = [make("a"), make("b", "failed", key="SHOP-1", message="m"), make("c", "error"),
               make("d", "skipped", detail="xfail"), make("e", flaky=True, key="SHOP-2"),
               make("f", "failed", duration=1.5, quarantined=True)]
    summary = summarize(results)
    assert summary == {
        "total": 6, "passed": 2, "failed": 1, "error": 1, "skipped": 1, "flaky": 1, "unmapped": 4,
        "quarantined": 1, "duration": 1.5,
        "failures": [{"name": "pkg.C.b", "key": "SHOP-1", "message": "m"},
                     {"name": "pkg.C.c", "key": None, "message": None}],
    }


def test_text_helpers():
    assert clip("abc", 10) == "abc"
    clipped = clip("x" * 100, 50)
    assert len(clipped) <= 50 and clipped.endswith("[81 characters truncated]")
    assert clipped.startswith("x" * 19 + "\n")
    assert clip("", 5) is None
    assert first_line("\n\n  first \nsecond") == "first"
