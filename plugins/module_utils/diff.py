# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Field-level comparison of what is with what is wanted, and the --diff it shows."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def changed_fields(current, wanted):
    """Fields of ``wanted`` (None = not managed) whose value differs from ``current``."""
    changes = {}
    for field, value in wanted.items():
        if value is None:
            continue
        if _norm(current.get(field)) != _norm(value):
            changes[field] = value
    return changes


def field_diff(before, after, fields=None):
    """{'before': ..., 'after': ...} limited to the managed fields, or None when equal."""
    keys = fields if fields is not None else sorted(set(before or {}) | set(after or {}))
    b = dict((k, (before or {}).get(k)) for k in keys)
    a = dict((k, (after or {}).get(k)) for k in keys)
    return None if b == a else {"before": b, "after": a}


def _norm(value):
    # Products echo "" for unset text fields; treat both as empty.
    if value is None or value == "":
        return ""
    if isinstance(value, (list, tuple)):
        return [_norm(v) for v in value]
    return value
