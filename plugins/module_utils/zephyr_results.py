# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What zephyr_execution must make true, per test key: from ``results`` and from result files.

Edition-agnostic and free of requests: statuses stay names here; the backend resolves them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import worse

MAX_COMMENT = 750   # ZAPI's execution comment limit


class Wanted(object):
    """The wanted state of one test's execution; None = not managed."""

    __slots__ = ("key", "status", "comment", "defects", "steps", "option", "explicit")

    def __init__(self, key, option, explicit):
        self.key = key
        self.status = self.comment = self.defects = self.steps = None
        self.option = option
        self.explicit = explicit


def from_params(results):
    """``results`` entries -> {KEY: Wanted}; every entry must say something about its test."""
    wanted = {}
    for index, entry in enumerate(results or []):
        option = "results[%d]" % index
        key = str(entry.get("test") or "").strip().upper()
        if not key:
            raise InputError(option + ".test", "is empty", "give the test's key")
        if all(entry.get(f) is None for f in ("status", "comment", "defects", "steps")):
            raise InputError(option, "sets nothing for %s" % key, "give status, comment, defects or steps")
        item = wanted.get(key) or Wanted(key, option, True)
        for field in ("status", "comment", "defects", "steps"):
            if entry.get(field) is not None:
                setattr(item, field, entry[field])
        if item.comment is not None and len(item.comment) > MAX_COMMENT:
            raise InputError(option + ".comment", "is %d characters long" % len(item.comment),
                             "keep comments within %d characters" % MAX_COMMENT)
        if item.defects is not None:
            item.defects = sorted(set(str(d).strip().upper() for d in item.defects if str(d).strip()))
        if item.steps is not None:
            item.steps = [_step(s, "%s.steps[%d]" % (option, i)) for i, s in enumerate(item.steps)]
        wanted[key] = item
    return wanted


def _step(value, option):
    """A step result: a status name, a dict {status, comment}, or None (leave that step alone)."""
    if value is None:
        return None
    if isinstance(value, str):
        return {"status": value, "comment": None}
    if isinstance(value, dict):
        unknown = sorted(set(value) - {"status", "comment"})
        if unknown:
            raise InputError(option, "unknown key %s" % ", ".join(unknown), "use status and comment")
        return {"status": value.get("status"), "comment": value.get("comment")}
    raise InputError(option, "must be a status name or a dict with status and comment")


def from_file_results(results, comments=True):
    """TestResults (load_results) -> ({KEY: Wanted}, [names of results without a key]).

    Several results of one key fold into one: the worse status wins, failure messages are joined.
    """
    wanted, unmapped = {}, []
    for result in results:
        if not result.key:
            unmapped.append(result.full_name)
            continue
        key = result.key.strip().upper()
        item = wanted.get(key)
        if item is None:
            item = wanted[key] = Wanted(key, "results_file", False)
            item.status = result.publish_status
        else:
            item.status = worse(item.status, result.publish_status)
        if comments and result.status in ("failed", "error") and result.message:
            text = "%s: %s" % (result.name, result.message)
            item.comment = text if item.comment is None else item.comment + "\n" + text
    for item in wanted.values():
        if item.comment is not None and len(item.comment) > MAX_COMMENT:
            item.comment = item.comment[:MAX_COMMENT - 3] + "..."
    return wanted, unmapped


def merge(from_file, explicit):
    """Explicit ``results`` win over the file, field by field."""
    merged = dict(from_file)
    for key, item in explicit.items():
        base = merged.get(key)
        if base is None:
            merged[key] = item
            continue
        for field in ("status", "comment", "defects", "steps"):
            if getattr(item, field) is not None:
                setattr(base, field, getattr(item, field))
        base.option, base.explicit = item.option, True
    return merged
