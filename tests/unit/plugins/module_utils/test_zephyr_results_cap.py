"""comment_limit: which failure comments of result files are written (first in file order), the rest cleared."""

from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import cap_comments, split_file_results


def results_of(specs):
    """[(name, key, status, message)] -> TestResults in that (file) order."""
    return [TestResult("s", "c", name, status, key=key, message=message,
                       publish_status="fail" if status in ("failed", "error") else "pass")
            for name, key, status, message in specs]


def capped(results, limit):
    wanted, _named = split_file_results(results)
    position = dict((id(r), i) for i, r in enumerate(results))
    lost = cap_comments(list(wanted.values()), limit, position)
    return lost, dict((key, item.comment) for key, item in wanted.items())


def test_the_first_failures_in_file_order_keep_their_comment():
    # SHOP-9 fails first although its first case (a pass) and its key sort later than SHOP-1's
    results = results_of([("a", "SHOP-9", "passed", None), ("b", "SHOP-9", "failed", "nine"),
                          ("c", "SHOP-2", "passed", None), ("d", "SHOP-1", "error", "one"),
                          ("e", "SHOP-3", "failed", "three"), ("f", "SHOP-4", "failed", None)])
    lost, comments = capped(results, 2)
    assert lost == 1
    assert comments == {"SHOP-9": "b: nine", "SHOP-1": "d: one", "SHOP-3": "", "SHOP-2": "", "SHOP-4": ""}
    assert capped(results, 0) == (3, {"SHOP-9": "", "SHOP-1": "", "SHOP-3": "", "SHOP-2": "", "SHOP-4": ""})
    assert capped(results, 3)[0] == 0 and capped(results, 3)[1]["SHOP-3"] == "e: three"


def test_the_same_executions_are_commented_whatever_the_dict_order():
    results = results_of([("t%d" % n, "SHOP-%d" % (100 - n), "failed", "m%d" % n) for n in range(50)])
    first = capped(results, 10)[1]
    assert sorted(k for k, v in first.items() if v) == sorted("SHOP-%d" % (100 - n) for n in range(10))
    assert capped(list(results), 10)[1] == first


def test_entries_without_comments_are_neither_counted_nor_touched():
    wanted, _named = split_file_results(results_of([("a", "SHOP-1", "failed", "x")]), comments=False)
    assert cap_comments(list(wanted.values()), 0, {}) == 0 and wanted["SHOP-1"].comment is None
