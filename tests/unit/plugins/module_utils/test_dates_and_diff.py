import datetime

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields, field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError


def test_iso_to_jira_picker_and_back():
    day = dates.parse_iso("2026-12-01", "start_date")
    assert dates.to_jira_picker(day) == "1/Dec/26"
    assert dates.from_jira_picker("01/Dec/26") == "2026-12-01"
    assert dates.from_jira_picker("4/Dec/2012") == "2012-12-04"
    assert dates.from_jira_picker("") is None and dates.from_jira_picker("junk") is None


def test_enterprise_formats():
    day = datetime.date(2026, 3, 7)
    assert dates.to_us(day) == "03/07/2026" and dates.from_us("03/07/2026") == "2026-03-07"
    assert dates.from_epoch_ms(dates.to_epoch_ms(day)) == "2026-03-07"


@pytest.mark.parametrize("value", ["01/12/2026", "2026-13-01", "tomorrow"])
def test_bad_dates_name_the_option(value):
    with pytest.raises(InputError) as err:
        dates.parse_iso(value, "end_date")
    assert str(err.value).startswith("end_date:") and "YYYY-MM-DD" in str(err.value)


def test_end_before_start():
    with pytest.raises(InputError) as err:
        dates.check_order(datetime.date(2026, 2, 2), datetime.date(2026, 2, 1))
    assert "end_date" in str(err.value)


def test_changed_fields_ignores_unmanaged_and_empty_equivalents():
    current = {"name": "A", "description": "", "build": "1"}
    assert changed_fields(current, {"name": "A", "description": None, "build": "1"}) == {}
    assert changed_fields(current, {"description": ""}) == {}
    assert changed_fields(current, {"build": "2"}) == {"build": "2"}


def test_field_diff_limits_to_managed_fields():
    diff = field_diff({"a": 1, "b": 2}, {"a": 1, "b": 3}, ["b"])
    assert diff == {"before": {"b": 2}, "after": {"b": 3}}
    assert field_diff({"a": 1}, {"a": 1}) is None
