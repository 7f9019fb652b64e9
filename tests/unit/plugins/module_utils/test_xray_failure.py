"""The run comment a failed case carries when its report goes to Xray as JSON entries (pure logic)."""

from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import XrayBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_failure import MAX_FAILURE_COMMENT, failure_comment
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import RunIndex, read_outcomes
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_split import FileEntries


def result(status, message=None, output=None):
    return TestResult("s", "c", "n", status, message=message, output=output)


def test_outcome_message_and_head_of_the_failure_text():
    assert failure_comment(result("failed", "assert 1 == 2", "Traceback\r\n  line 3\r\nAssertionError\r\n")) == \
        "Failed: assert 1 == 2\n\nTraceback\n  line 3\nAssertionError"
    assert failure_comment(result("error", "setup broke")) == "Error: setup broke"
    assert failure_comment(result("error", "setup broke", "setup broke")) == "Error: setup broke"  # not twice
    assert failure_comment(result("failed", None, "only a trace")) == "Failed\n\nonly a trace"


def test_nothing_to_say_for_passed_skipped_or_a_bare_failure():
    assert failure_comment(result("passed")) is None
    assert failure_comment(result("skipped", "not on windows")) is None
    assert failure_comment(result("failed")) is None and failure_comment(result("failed", "  ", "\n")) is None


def test_bounded_and_the_same_string_every_time():
    long = result("failed", "boom", "x" * 100000)
    first, second = failure_comment(long), failure_comment(result("failed", "boom", "x" * 100000))
    assert first == second and len(first) <= MAX_FAILURE_COMMENT
    assert first.startswith("Failed: boom\n\nxxx") and first.endswith("characters truncated]")


def test_entries_carry_the_failure_unless_the_case_has_a_comment_of_its_own(tmp_path):
    report = tmp_path / "r.xml"
    report.write_text(
        '<testsuite name="s">'
        '<testcase classname="c" name="a"><properties><property name="test_key" value="SHOP-101"/></properties>'
        '<failure message="expected 2">trace a</failure></testcase>'
        '<testcase classname="c" name="b"><properties><property name="test_key" value="SHOP-102"/>'
        '<property name="testrun_comment" value="see log"/></properties><failure message="x"/></testcase>'
        '<testcase classname="c" name="new"><error message="no db"/></testcase>'
        '<testcase classname="c" name="ok"><properties><property name="test_key" value="SHOP-103"/></properties>'
        '</testcase></testsuite>')
    item = {"path": str(report), "format": "junit", "outcomes": read_outcomes(str(report), "junit", "xray_server")}
    asked = []

    def comment_for(key, ours):
        asked.append((key, ours))
        return None if key == "SHOP-101" else ours  # SHOP-101's run already says so

    entries = FileEntries(RunIndex([]), {}, "SHOP", XrayBackend(None).result_entry,
                          comment_for=comment_for).of(item, "xray_server")
    assert asked == [("SHOP-101", "Failed: expected 2\n\ntrace a"), ("SHOP-102", "see log")]
    assert entries[0] == {"testKey": "SHOP-101", "status": "FAIL"}
    assert entries[1] == {"testKey": "SHOP-102", "status": "FAIL", "comment": "see log"}
    assert entries[2]["comment"] == "Error: no db" and entries[2]["testInfo"]["definition"] == "c.new"
    assert entries[3] == {"testKey": "SHOP-103", "status": "PASS"}


def test_several_results_of_one_test_keep_the_last_failure(tmp_path):
    report = tmp_path / "r.xml"
    case = ('<testcase classname="c" name="%s"><properties><property name="test_key" value="SHOP-101"/></properties>'
            '%s</testcase>')
    report.write_text('<testsuite name="s">%s%s%s</testsuite>' % (
        case % ("a", '<failure message="first"/>'), case % ("b", '<failure message="second"/>'), case % ("c", "")))
    (outcome,) = read_outcomes(str(report), "junit", "xray_server")
    assert outcome.status == "FAIL" and outcome.extra == {"failure": "Failed: second"}
