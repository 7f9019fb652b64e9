# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Status names: result status -> portable -> each product."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.status_map import (
    PORTABLE, PRODUCTS, check_overrides, is_portable, to_portable, to_product,
)

TABLE = {
    # portable: (zephyr_squad, zephyr_enterprise, xray_server, xray_cloud)
    "pass": ("PASS", "1", "PASS", "PASSED"),
    "fail": ("FAIL", "2", "FAIL", "FAILED"),
    "skip": ("UNEXECUTED", "10", "TODO", "TODO"),
    "blocked": ("BLOCKED", "4", "BLOCKED", "BLOCKED"),
    "todo": ("UNEXECUTED", "10", "TODO", "TODO"),
    "in_progress": ("WIP", "3", "EXECUTING", "EXECUTING"),
}
PRODUCT_ORDER = ("zephyr_squad", "zephyr_enterprise", "xray_server", "xray_cloud")


@pytest.mark.parametrize("portable", sorted(TABLE))
@pytest.mark.parametrize("index, product", list(enumerate(PRODUCT_ORDER)))
def test_portable_to_each_product(portable, index, product):
    assert to_product(portable, product) == TABLE[portable][index]
    assert to_product(portable.upper(), product) == TABLE[portable][index]


def test_the_table_covers_all_products_and_names():
    assert set(PRODUCTS) == set(PRODUCT_ORDER)
    assert set(PORTABLE) == set(TABLE)
    for product in PRODUCTS:
        assert set(PRODUCTS[product]) == set(PORTABLE)


@pytest.mark.parametrize("product, native, expected", [
    ("zephyr_squad", "wip", "WIP"),
    ("zephyr_squad", "UNEXECUTED", "UNEXECUTED"),
    ("zephyr_enterprise", "4", "4"),
    ("zephyr_enterprise", " 10 ", "10"),
    ("xray_server", "executing", "EXECUTING"),
    ("xray_cloud", "PASS", "PASSED"),
    ("xray_cloud", "fail", "FAILED"),  # portable name wins, same result
    ("xray_cloud", "Failed", "FAILED"),
    ("zephyr_enterprise", "PASS", "1"),  # the portable name, whatever its case
])
def test_native_names_pass_through(product, native, expected):
    assert to_product(native, product) == expected


@pytest.mark.parametrize("product, name", [
    ("zephyr_squad", "PASSED"),
    ("xray_server", "PASSED"),
    ("zephyr_enterprise", "PASSED"),
    ("zephyr_enterprise", "5"),
    ("xray_cloud", "flaky"),
    ("zephyr_squad", ""),
])
def test_unknown_names_raise_one_line_listing_the_accepted_ones(product, name):
    with pytest.raises(ValueError) as caught:
        to_product(name, product)
    text = str(caught.value)
    assert "\n" not in text
    if name:
        assert "pass, fail, skip, blocked, todo, in_progress" in text


def test_unknown_product():
    with pytest.raises(ValueError, match="unknown product"):
        to_product("pass", "testrail")


def test_overrides_for_a_call():
    assert to_product("skip", "zephyr_squad", overrides={"skip": "BLOCKED"}) == "BLOCKED"
    assert to_product("SKIP", "xray_cloud", overrides={"skip": "blocked"}) == "BLOCKED"


@pytest.mark.parametrize("status, portable", [
    ("passed", "pass"), ("failed", "fail"), ("error", "fail"), ("skipped", "skip")])
def test_result_status_to_portable(status, portable):
    assert to_portable(status) == portable


def test_result_status_overrides_may_name_custom_statuses():
    assert to_portable("error", {"error": "blocked"}) == "blocked"
    assert to_portable("skipped", {"skipped": "NOT APPLICABLE"}) == "NOT APPLICABLE"
    assert to_portable("passed", {"error": "blocked"}) == "pass"
    with pytest.raises(ValueError):
        to_portable("flaky")


def test_is_portable():
    assert is_portable("pass") and is_portable("IN_PROGRESS") and is_portable(" todo ")
    assert not is_portable("PASSED") and not is_portable("NOT APPLICABLE") and not is_portable(None)


def test_check_overrides():
    assert check_overrides(None) == {}
    assert check_overrides({"error": "blocked"}) == {"error": "blocked"}
    with pytest.raises(ValueError, match="unknown result status 'flaky'"):
        check_overrides({"flaky": "fail"})
    with pytest.raises(ValueError):
        check_overrides({"error": ""})
    with pytest.raises(ValueError):
        check_overrides(["error"])
