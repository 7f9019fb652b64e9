# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Dates: users write ISO ``YYYY-MM-DD``; products want their own formats."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def parse_iso(value, option):
    """``YYYY-MM-DD`` -> date, or an InputError naming the option."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.datetime.strptime(str(value).strip(), "%Y-%m-%d").date()
    except ValueError:
        raise InputError(option, "%r is not an ISO date" % (value,), "write it as YYYY-MM-DD, e.g. 2026-12-01")


def check_order(start, end, start_option="start_date", end_option="end_date"):
    if start and end and end < start:
        raise InputError(end_option, "%s is before %s %s" % (end, start_option, start), "swap or fix the dates")


def to_jira_picker(day):
    """Jira's default date-picker format ``d/MMM/yy`` (ZAPI parses cycle dates with it)."""
    return "%d/%s/%02d" % (day.day, MONTHS[day.month - 1], day.year % 100)


def from_jira_picker(text):
    """``04/Dec/12`` or ``4/Dec/2012`` -> ISO; None when unset or unreadable."""
    if not text:
        return None
    try:
        d, mon, y = str(text).split("/")
        year = int(y)
        if year < 100:
            year += 2000
        return datetime.date(year, MONTHS.index(mon[:3].title()) + 1, int(d)).isoformat()
    except (ValueError, IndexError):
        return None


def to_us(day):
    """Zephyr Enterprise ``MM/dd/yyyy``."""
    return day.strftime("%m/%d/%Y")


def from_us(text):
    try:
        return datetime.datetime.strptime(str(text), "%m/%d/%Y").date().isoformat()
    except (TypeError, ValueError):
        return None


def to_epoch_ms(day):
    start = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    return int(start.timestamp() * 1000)


def from_epoch_ms(value):
    if value in (None, ""):
        return None
    try:
        return datetime.datetime.fromtimestamp(int(value) / 1000.0, datetime.timezone.utc).date().isoformat()
    except (TypeError, ValueError, OverflowError):
        return None
