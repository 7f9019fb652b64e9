# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test statuses: result status -> portable name -> what each product calls it.

Portable names are what playbooks write; each product spells them differently::

    portable     zephyr_squad  zephyr_enterprise  xray_server  xray_cloud
    pass         PASS          "1"                PASS         PASSED
    fail         FAIL          "2"                FAIL         FAILED
    skip         UNEXECUTED    "10"               TODO         TODO
    blocked      BLOCKED       "4"                BLOCKED      BLOCKED
    todo         UNEXECUTED    "10"               TODO         TODO
    in_progress  WIP           "3"                EXECUTING    EXECUTING

Zephyr Enterprise statuses are ids, given as strings. A result file's statuses map to
portable names as passed -> pass, failed -> fail, error -> fail, skipped -> skip
(overridable per status, e.g. ``{"error": "blocked"}``).

to_product() also accepts a product's own name (``WIP``, ``EXECUTING``, ``"4"``...), returned as
the product spells it; for Xray Cloud ``PASS`` and ``FAIL`` are read as ``PASSED``/``FAILED``.
Any other name (a custom status) raises ValueError: callers resolve custom statuses against the
server, so check is_portable() first.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

PORTABLE = ("pass", "fail", "skip", "blocked", "todo", "in_progress")

PRODUCTS = {
    "zephyr_squad": {
        "pass": "PASS", "fail": "FAIL", "skip": "UNEXECUTED", "blocked": "BLOCKED",
        "todo": "UNEXECUTED", "in_progress": "WIP",
    },
    "zephyr_enterprise": {
        "pass": "1", "fail": "2", "in_progress": "3", "blocked": "4", "skip": "10", "todo": "10",
    },
    "xray_server": {
        "pass": "PASS", "fail": "FAIL", "skip": "TODO", "blocked": "BLOCKED", "todo": "TODO",
        "in_progress": "EXECUTING",
    },
    "xray_cloud": {
        "pass": "PASSED", "fail": "FAILED", "skip": "TODO", "blocked": "BLOCKED", "todo": "TODO",
        "in_progress": "EXECUTING",
    },
}

RESULT_TO_PORTABLE = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "skip"}

# Extra native spellings a product accepts, normalized to its own.
_ALIASES = {"xray_cloud": {"PASS": "PASSED", "FAIL": "FAILED"}}


def is_portable(name):
    """True if ``name`` is a portable status name (case-insensitive)."""
    return isinstance(name, str) and name.strip().lower() in PORTABLE


def to_portable(result_status, overrides=None):
    """Portable name (or the override's value, which may be a custom name) for a result status."""
    if overrides and result_status in overrides:
        return overrides[result_status]
    try:
        return RESULT_TO_PORTABLE[result_status]
    except KeyError:
        raise ValueError("unknown result status %r; expected one of: %s"
                         % (result_status, ", ".join(sorted(RESULT_TO_PORTABLE))))


def check_overrides(overrides):
    """Validate a ``statuses`` override dict; returns it (or {}), raises ValueError."""
    overrides = overrides or {}
    if not isinstance(overrides, dict):
        raise ValueError("statuses must be a dict of result status to status name")
    for status, name in overrides.items():
        if status not in RESULT_TO_PORTABLE:
            raise ValueError("statuses: unknown result status %r; expected one of: %s"
                             % (status, ", ".join(sorted(RESULT_TO_PORTABLE))))
        if not isinstance(name, str) or not name.strip():
            raise ValueError("statuses: %s must map to a non-empty status name" % status)
    return overrides


def _native_names(product):
    table = PRODUCTS[product]
    names = set(table.values())
    names.update(_ALIASES.get(product, {}))
    return names


def to_product(name, product, overrides=None):
    """Status as ``product`` spells it, for a portable name or a product-native name.

    ``overrides`` maps portable (or native) names to native ones for this call, e.g. a site
    where "skip" should be "BLOCKED".
    """
    if product not in PRODUCTS:
        raise ValueError("unknown product %r; expected one of: %s" % (product, ", ".join(sorted(PRODUCTS))))
    if not isinstance(name, str) or not name.strip():
        raise ValueError("status name must be a non-empty string, got %r" % (name,))
    wanted = name.strip()
    if overrides:
        for source, target in overrides.items():
            if source.strip().lower() == wanted.lower():
                return to_product(target, product)
    table = PRODUCTS[product]
    lowered = wanted.lower()
    if lowered in table:
        return table[lowered]
    native = wanted if product == "zephyr_enterprise" else wanted.upper()
    native = _ALIASES.get(product, {}).get(native, native)
    if native in table.values():
        return native
    raise ValueError("unknown %s status %r; accepted: %s (portable) or %s (native)" % (
        product, name, ", ".join(PORTABLE), ", ".join(sorted(_native_names(product)))))
