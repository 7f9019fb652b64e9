# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Every real result file in shared/samples, read case by case."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results, read_results

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__)))))))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(REPO), "shared", "samples")

# The README's per-file case counts.
COUNTS = {
    "pytest-xunit2.xml": 14,
    "pytest-legacy.xml": 14,
    "robot-xunit.xml": 4,
    "robot-output.xml": 4,
    "behave-junit.xml": 3,
    "behave.json": 3,
    "cucumber-js.json": 2,
    "jest-junit.xml": 5,
    "mocha-junit.xml": 4,
    "surefire-TEST-com.shop.CartServiceTest.xml": 6,
}

PYTEST_CASES = [
    # (full name, status, detail, key)
    ("test_shop.test_login_succeeds", "passed", None, "SHOP-101"),
    ("test_shop.test_login_rejects_bad_password", "passed", None, "SHOP-102"),
    ("test_shop.test_checkout_total", "failed", None, "SHOP-103"),
    ("test_shop.test_payment_gateway_timeout", "failed", None, None),
    ("test_shop.test_gift_cards", "skipped", None, None),
    ("test_shop.test_currency_rounding", "skipped", "xfail", None),
    ("test_shop.test_shipping_zones[DE]", "passed", None, None),
    ("test_shop.test_shipping_zones[FR]", "passed", None, None),
    ("test_shop.test_shipping_zones[JP]", "passed", None, None),
    ("test_shop.test_shipping_zones[BR]", "failed", None, None),
    (u"test_shop.test_unicode_name_größe_überprüfen", "passed", None, None),
    ("test_shop.test_order_history", "error", None, None),
    ("test_shop.TestSearch.test_search_by_sku", "passed", None, None),
    ("test_shop.TestSearch.test_search_empty_query_shows_hint", "passed", None, None),
]


def sample(name):
    path = os.path.join(SAMPLES, name)
    if not os.path.exists(path):
        pytest.fail("sample %s not found; set TESTMGMT_SAMPLES to the shared/samples directory" % path)
    return path


def read(name, **kwargs):
    return list(read_results(sample(name), **kwargs))


def table(results):
    return [(r.full_name, r.status, r.detail, r.key) for r in results]


@pytest.mark.parametrize("name", sorted(COUNTS))
def test_case_counts_match_the_readme(name):
    results = read(name)
    assert len(results) == COUNTS[name]
    for result in results:
        assert result.file == sample(name)
        assert result.status in ("passed", "failed", "error", "skipped")
        assert result.attempts >= 1


def test_every_sample_is_covered():
    on_disk = set(os.listdir(SAMPLES)) - {"README.md"}
    assert on_disk == set(COUNTS)


@pytest.mark.parametrize("name", ["pytest-xunit2.xml", "pytest-legacy.xml"])
def test_pytest_statuses_details_and_test_key_properties(name):
    results = read(name)
    assert table(results) == PYTEST_CASES
    assert results[0].properties == {"test_key": "SHOP-101"}
    checkout = results[2]
    assert checkout.message == "AssertionError: basket total is wrong\nassert 15.0 == 16.0"
    assert "test_shop.py:17: AssertionError" in checkout.output
    assert results[4].message == "feature flag off in this release"
    # the reason of an xfail names a bug, not the test: no key from it
    assert results[5].message == "known bug SHOP-77"
    assert results[11].message == 'failed on setup with "RuntimeError: database fixture failed to start"'


def test_pytest_suites_and_legacy_file_lines():
    xunit2 = read("pytest-xunit2.xml")
    legacy = read("pytest-legacy.xml")
    assert {r.suite for r in xunit2} == {"shop-api"}
    assert {r.suite for r in legacy} == {"pytest"}
    assert [r.line for r in xunit2] == [None] * 14
    assert [r.line for r in legacy] == [3, 8, 13, 19, 23, 28, 33, 33, 33, 33, 38, 47, 52, 55]
    assert xunit2[0].duration == pytest.approx(0.001)


def test_robot_output_tags_give_keys_and_keywords_give_steps():
    results = read("robot-output.xml")
    assert table(results) == [
        ("Checkout.Guest Can Checkout", "passed", None, "SHOP-201"),
        ("Checkout.Registered User Gets Discount", "failed", None, "SHOP-202"),
        ("Checkout.Checkout Without Stock Is Refused", "passed", None, "SHOP-203"),
        ("Checkout.Express Shipping", "skipped", None, "SHOP-204"),
    ]
    guest, discount, stock, express = results
    assert guest.tags == ["release-2.4", "SHOP-201", "smoke"]
    assert guest.steps == [{"name": "Should Be Equal", "status": "passed", "message": None}]
    assert guest.duration == pytest.approx(0.002554)
    assert [r.line for r in results] == [6, 10, 14, 19]
    assert discount.message == "discount not applied: 10.0 != 9.0"
    assert discount.steps == [{"name": "Should Be Equal As Numbers", "status": "failed",
                               "message": "discount not applied: 10.0 != 9.0"}]
    assert [s["name"] for s in stock.steps] == ["Log", "Should Contain"]
    assert "robot:skip" in express.tags
    assert express.message == "Test skipped using 'robot:skip' tag."
    assert express.steps == []


def test_robot_xunit_has_no_keys_but_the_same_names_as_output_xml():
    xunit = read("robot-xunit.xml")
    output = read("robot-output.xml")
    assert [r.full_name for r in xunit] == [r.full_name for r in output]
    assert [r.status for r in xunit] == [r.status for r in output]
    assert [r.key for r in xunit] == [None] * 4
    assert xunit[1].message == "discount not applied: 10.0 != 9.0"


@pytest.mark.parametrize("name", ["behave-junit.xml", "behave.json"])
def test_behave_outline_rows_are_separate_cases_with_scenario_tag_keys(name):
    results = read(name)
    assert table(results) == [
        ("cart.Shopping cart.Add an item", "passed", None, "SHOP-301"),
        ("cart.Shopping cart.Remove items -- @1.1", "passed", None, "SHOP-302"),
        ("cart.Shopping cart.Remove items -- @1.2", "failed", None, "SHOP-302"),
    ]
    failed = results[2]
    assert failed.tags == ["SHOP-302"]
    assert [s["status"] for s in failed.steps] == ["passed", "passed", "failed"]
    assert failed.steps[2]["name"] == "Then the cart holds 1 items"
    assert "cart holds 0, expected 1" in failed.message
    assert "cart holds 0, expected 1" in failed.steps[2]["message"]
    assert results[0].steps[1]["name"] == 'When I add 2 "apples"'


def test_behave_json_durations_are_seconds_and_lines_come_from_locations():
    results = read("behave.json")
    assert results[0].duration == pytest.approx(0.00030303 + 0.00018573 + 0.00013614, rel=1e-3)
    assert [r.line for r in results] == [3, 16, 17]


def test_cucumber_js_scenario_tags_are_keys_feature_tags_are_not():
    results = read("cucumber-js.json")
    assert table(results) == [
        ("Login.Successful login", "passed", None, "SHOP-601"),
        ("Login.Locked account", "failed", None, "SHOP-602"),
    ]
    login, locked = results
    assert login.tags == ["REQ-SHOP-10", "SHOP-601"]
    assert login.duration == pytest.approx((2006122 + 211776 + 143399) / 1e9)
    assert login.line == 4
    assert locked.message == "AssertionError [ERR_ASSERTION]: lock threshold is 5"
    assert locked.steps[-1]["name"] == "Then his account is locked"
    assert locked.steps[-1]["status"] == "failed"
    assert "3 !== 5" in locked.steps[-1]["message"]
    assert "steps.js:7:52" in locked.output
    assert [s["status"] for s in locked.steps] == ["passed", "passed", "failed"]


def test_jest_keys_in_names_skipped_and_todo():
    results = read("jest-junit.xml")
    assert table(results) == [
        ("Cart [SHOP-401].adds an item SHOP-401", "passed", None, "SHOP-401"),
        ("Cart [SHOP-401].applies coupon SHOP-402", "failed", None, "SHOP-402"),
        ("Cart [SHOP-401].persists across sessions", "skipped", None, None),
        ("Cart [SHOP-401].shares a cart link", "skipped", "todo", None),
        ("Cart [SHOP-401].Wishlist moves item to cart", "passed", None, None),
    ]
    assert results[1].message == "Error: expect(received).toBe(expected) // Object.is equality"
    assert "Received: 0.30000000000000004" in results[1].output
    assert results[4].classname is None and results[4].suite == "Cart [SHOP-401]"


def test_jest_describe_key_is_used_only_when_inherited():
    results = read("jest-junit.xml", inherit_keys=True)
    assert [r.key for r in results] == ["SHOP-401", "SHOP-402", "SHOP-401", "SHOP-401", "SHOP-401"]


def test_mocha_titles_are_unswapped_and_skipped_tests_are_absent():
    results = read("mocha-junit.xml")
    assert table(results) == [
        ("Orders API.creates an order (SHOP-501)", "passed", None, "SHOP-501"),
        ("Orders API.rejects an empty order (SHOP-502)", "failed", None, "SHOP-502"),
        ("Orders API.lists orders", "passed", None, None),
        ("Orders API pagination.returns page 2", "passed", None, None),
    ]
    assert not [r for r in results if r.status == "skipped"]
    assert "Root Suite" not in {r.suite for r in results}
    assert results[1].message.startswith("wrong status for empty order")
    assert "-400" in results[1].output


def test_surefire_flaky_and_rerun_failures_are_folded():
    results = read("surefire-TEST-com.shop.CartServiceTest.xml")
    by_name = dict((r.name, r) for r in results)
    assert [r.name for r in results] == [
        "addsItem", "appliesCoupon_SHOP_402", "reservesStock", "checksOutGuest", "exportsCart",
        u"mergesCarts[1] anonymous → registered"]
    assert {r.classname for r in results} == {"com.shop.CartServiceTest"}

    rerun = by_name["appliesCoupon_SHOP_402"]
    assert (rerun.status, rerun.flaky, rerun.attempts, rerun.detail) == ("failed", False, 3, None)
    assert rerun.message == "expected: <10.0> but was: <9.5>"

    flaky = by_name["reservesStock"]
    assert (flaky.status, flaky.flaky, flaky.attempts, flaky.detail) == ("passed", True, 2, "flaky")
    assert flaky.message == "Connection refused: inventory:8080"
    assert "retrying reservation for SKU-17" in flaky.output

    error = by_name["checksOutGuest"]
    assert (error.status, error.message) == ("error", "Pool exhausted")
    assert "opening guest session" in error.output

    skipped = by_name["exportsCart"]
    assert (skipped.status, skipped.message, skipped.key) == ("skipped", "disabled until SHOP-88 is fixed", None)
    assert by_name["addsItem"].status == "passed"
    # the SKU-17 in captured output and SHOP_402 in a method name are not keys
    assert [r.key for r in results] == [None] * 6
    # suite-level properties (java.version...) are not test properties
    assert all(r.properties == {} for r in results)


def test_a_glob_over_the_folder_refuses_the_readme():
    with pytest.raises(ResultFileError) as caught:
        load_results(os.path.join(SAMPLES, "*"))
    assert str(caught.value).startswith(os.path.join(SAMPLES, "README.md") + ": line 1: ")


def test_globs_load_all_xml_and_json_samples():
    results, summary = load_results([os.path.join(SAMPLES, "*.xml"), os.path.join(SAMPLES, "*.json")])
    assert summary["total"] == sum(COUNTS.values())
    assert len(summary["files"]) == len(COUNTS)


def test_all_samples_summary_counts():
    paths = [sample(name) for name in sorted(COUNTS)]
    results, summary = load_results(paths)
    assert summary["total"] == len(results) == sum(COUNTS.values())
    assert summary["passed"] + summary["failed"] + summary["error"] + summary["skipped"] == summary["total"]
    assert summary["flaky"] == 1
    assert summary["error"] == 3  # two pytest fixture errors, one Surefire error
    assert summary["files"] == paths
    names = [f["name"] for f in summary["failures"]]
    assert "com.shop.CartServiceTest.checksOutGuest" in names
    assert all(r.publish_status in ("pass", "fail", "skip") for r in results)
