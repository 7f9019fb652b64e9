# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The digest the publish_results role reads results as (test_results lookup, digest=true)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.results.summary import summarize
from ansible_collections.testops.testmgmt.plugins.plugin_utils.result_digest import COMMENT_CHARS, ResultDigest

PORTABLE = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "skip"}


def result(name, status="passed", key=None, message=None, publish_status=None, **fields):
    return TestResult("suite", "cls", name, status=status, key=key, message=message,
                      publish_status=publish_status or PORTABLE[status], **fields)


def digest_of(*terms):
    digest = ResultDigest()
    for results in terms:
        digest.add(results, summarize(results, ["/r/%d.xml" % len(results)]))
    return digest.as_dict()


def test_the_worst_status_of_a_key_wins_and_ties_keep_the_first():
    out = digest_of([
        result("a1", key="K-1"), result("a2", "skipped", key="K-1"),
        result("b1", key="K-2", publish_status="CUSTOM1"), result("b2", key="K-2", publish_status="CUSTOM2"),
        result("b3", key="K-2"),
        result("c1", key="K-3", publish_status="todo"), result("c2", key="K-3", publish_status="blocked"),
        result("c3", "failed", key="K-3", message="boom"), result("c4", key="K-3", publish_status="in_progress"),
    ])
    assert [(k["test"], k["status"]) for k in out["keyed"]] == [("K-1", "skip"), ("K-2", "pass"), ("K-3", "fail")]


def test_custom_statuses_rank_after_the_portable_ones_in_read_order():
    out = digest_of([result("a", key="K-1", publish_status="RETEST"), result("b", key="K-1", publish_status="WAIVED")])
    assert out["keyed"] == [{"test": "K-1", "status": "RETEST", "comment": None}]


def test_the_comment_is_the_first_failure_message_cut_to_its_limit():
    long_message = "x" * (COMMENT_CHARS + 50)
    out = digest_of([
        result("a1", "skipped", key="K-1", message="skipped: not on CI"),
        result("a2", "failed", key="K-1", message=None),
        result("a3", "error", key="K-1", message=long_message),
        result("a4", "failed", key="K-1", message="later failure"),
        result("b1", key="K-2", message="a passed result's message is no comment"),
    ])
    assert out["keyed"][0] == {"test": "K-1", "status": "fail", "comment": "x" * COMMENT_CHARS}
    assert out["keyed"][1]["comment"] is None
    assert COMMENT_CHARS == 1000


def test_keys_once_in_read_order_across_terms_and_keyless_by_full_name():
    out = digest_of([result("a", key="K-2"), result("b"), result("c", key="K-1")],
                    [result("d", key="K-1"), result("e", key="K-3"), result("f", key="")])
    assert out["keys"] == ["K-2", "K-1", "K-3"]
    assert [k["test"] for k in out["keyed"]] == out["keys"]
    assert out["keyless"] == ["cls.b", "cls.f"]


def test_xray_keys_are_the_keys_xray_reads_from_the_file_itself():
    out = digest_of([
        result("named K-1 only", key="K-1"),
        result("prop", key="K-2", properties={"test_key": "K-2"}),
        result("id", key="K-3", properties={"test_id": "K-3"}),
        result("tag", key="K-4", tags=["smoke", "K-4"]),
        result("other tag", key="K-5", tags=["K-50"]),
    ])
    assert out["xray_keys"] == ["K-2", "K-3", "K-4"]


def test_the_first_result_of_a_key_tells_whether_it_is_quarantined():
    out = digest_of([
        result("a1", "failed", key="K-1", quarantined=True, publish_status="blocked"),
        result("a2", "failed", key="K-1"),
        result("b1", key="K-2"),
        result("b2", "failed", key="K-2", quarantined=True, publish_status="skip"),
        result("c", "failed", quarantined=True, publish_status="skip"),
    ])
    assert out["quarantined"] == [{"test": "K-1", "status": "blocked"}]
    # a quarantined result's publish status still ranks with the others
    assert [k["status"] for k in out["keyed"]] == ["fail", "skip"]


def test_summaries_per_term_without_failures_and_files_and_failures_by_name():
    out = digest_of([result("a", "failed", key="K-1", message="m"), result("b", "error")],
                    [result("c", "failed", quarantined=True, publish_status="skip"), result("d")])
    assert len(out["summaries"]) == 2
    assert out["summaries"][0] == {"total": 2, "passed": 0, "failed": 1, "error": 1, "skipped": 0, "flaky": 0,
                                   "unmapped": 1, "quarantined": 0, "duration": 0.0}
    assert out["summaries"][1]["quarantined"] == 1 and out["summaries"][1]["passed"] == 1
    assert out["failures"] == ["cls.a", "cls.b"]


def test_nothing_read_gives_empty_lists():
    assert ResultDigest().as_dict() == {"summaries": [], "failures": [], "keyless": [], "keys": [], "xray_keys": [],
                                        "quarantined": [], "keyed": []}
