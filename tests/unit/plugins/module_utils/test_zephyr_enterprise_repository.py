"""Zephyr Enterprise helpers: repository paths, both date conventions, picking by name or id."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise import day_of, pick
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_repository import (
    join_path,
    split_path,
)


def test_paths_drop_a_leading_release_name_and_normalize_spaces():
    assert split_path("Release 1.0 > new", "Release 1.0") == ["new"]
    assert split_path("Release 1.0>API >  Cart ", "Release 1.0") == ["API", "Cart"]
    assert split_path("Release 1.0", "Release 1.0") == ["Release 1.0"]  # a folder named like the release
    assert join_path(split_path("A>B")) == "A > B"
    assert split_path("", "R") == []


def test_day_of_prefers_the_us_string_and_falls_back_to_epoch_ms():
    assert day_of("12/01/2026", 0) == "2026-12-01"
    assert day_of(None, 1796083200000) == "2026-12-01"
    assert day_of(None, 1796083200000 + 5 * 3600 * 1000) == "2026-12-01"  # a server west of UTC
    assert day_of(None, None) is None and day_of("junk", None) is None


ROWS = [{"id": 1, "name": "Shop"}, {"id": 2, "name": "Admin"}, {"id": 3, "name": "shop tools"},
        {"id": 4, "name": "12"}, {"id": 5, "name": "Twin"}, {"id": 6, "name": "Twin"}]


def test_pick_by_id_then_exact_name_then_unique_name_in_any_case():
    assert pick(ROWS, "2", "project", "project", "")["name"] == "Admin"
    assert pick(ROWS, "Shop", "project", "project", "")["id"] == 1
    assert pick(ROWS, "SHOP TOOLS", "project", "project", "")["id"] == 3
    assert pick(ROWS, "12", "project", "project", "")["id"] == 4  # no project 12: the one named "12"


def test_pick_failures_name_the_option_and_the_choices():
    with pytest.raises(AmbiguousError) as err:
        pick(ROWS, "Twin", "release", "release", " in project Shop")
    assert str(err.value).startswith("release: 2 releases are named 'Twin' in project Shop (ids 5, 6)")
    with pytest.raises(InputError) as err:
        pick(ROWS, "Nope", "project", "project", "")
    assert str(err.value).startswith("project: no project named or numbered 'Nope'") and "Shop (id 1)" in str(err.value)
