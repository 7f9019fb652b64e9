# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What zephyr_execution must make true, per test key: from ``results`` and from result files.

Edition-agnostic and free of requests: statuses stay names here; the backend resolves them.

Comments written with ``merge: keep`` are signed with a trailer (``[testops <digest>]``): the digest
of the text above it tells a comment this module wrote, and nobody edited since, from a person's.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import worse

MAX_COMMENT = 750   # ZAPI's execution comment limit
_TRAILER = re.compile(r"\n\[testops ([0-9a-f]{8})\]$")
TRAILER_LENGTH = len("\n[testops 01234567]")


def _digest(text):
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:8]


def signed(text):
    """``text`` with the trailer that marks it as written by this module ("" stays "")."""
    return "%s\n[testops %s]" % (text, _digest(text)) if text else ""


def is_signed(comment):
    """True for a comment this module wrote that nobody changed since."""
    found = _TRAILER.search(comment or "")
    return bool(found) and _digest(comment[:found.start()]) == found.group(1)


class Wanted(object):
    """The wanted state of one test's execution; None = not managed.

    Result-file entries also carry ``name`` (the test name they map by when there is no key) and
    ``sources`` (the results folded into them, to fold them again by name)."""

    __slots__ = ("key", "status", "comment", "defects", "steps", "option", "explicit", "name", "sources")

    def __init__(self, key, option, explicit):
        self.key = key
        self.status = self.comment = self.defects = self.steps = self.name = None
        self.option = option
        self.explicit = explicit
        self.sources = []


def from_params(results, limit=MAX_COMMENT):
    """``results`` entries -> {KEY: Wanted}; every entry must say something about its test.

    ``limit``: the longest comment accepted (shorter than ZAPI's when the module signs comments)."""
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
        if item.comment is not None and len(item.comment) > limit:
            raise InputError(option + ".comment", "is %d characters long" % len(item.comment),
                             "keep comments within %d characters" % limit + (
                                 "" if limit >= MAX_COMMENT else " (merge keep signs them), or set merge: replace"))
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


def from_file_results(results, comments=True, limit=MAX_COMMENT, name_of=None):
    """TestResults (load_results) -> ({KEY: Wanted}, [names of results without a key]).

    Several results of one key fold into one: the worse status wins, failure messages are joined.
    """
    wanted, named = split_file_results(results, comments, limit, name_of)
    return wanted, [item.name for item in named.values()]


def split_file_results(results, comments=True, limit=MAX_COMMENT, name_of=None):
    """TestResults -> ({KEY: Wanted} of results with a key, {NAME: Wanted} of those without).

    Results without a key are folded by their test name: ``name_of(full name)`` (the name the product
    stores; default the full name), upper-cased as the key. With ``comments`` the comment is managed:
    failure messages, or "" (no comment) for results that did not fail.
    """
    wanted, named = {}, {}
    for result in results:
        if result.key:
            fold(wanted, result.key.strip().upper(), result, comments, name_of)
        else:
            name = name_of(result.full_name) if name_of else result.full_name
            fold(named, name.upper(), result, comments, name_of)
    cut(wanted.values(), limit)
    cut(named.values(), limit)
    return wanted, named


def fold(target, key, result, comments=True, name_of=None):
    """Fold one result into ``target[key]`` (created on first use): the worse status wins."""
    item = target.get(key)
    if item is None:
        item = target[key] = Wanted(key, "results_file", False)
        item.name = name_of(result.full_name) if name_of else result.full_name
        item.status = result.publish_status
        item.comment = "" if comments else None
    else:
        item.status = worse(item.status, result.publish_status)
    item.sources.append(result)
    if comments and _failed(result):
        text = "%s: %s" % (result.name, result.message)
        item.comment = text if not item.comment else item.comment + "\n" + text
    return item


def fold_item(target, key, item, name_of=None):
    """Fold an already folded entry (its sources) into ``target[key]``."""
    for result in item.sources:
        fold(target, key, result, item.comment is not None, name_of)
    return target[key]


def cut(items, limit=MAX_COMMENT):
    """Comments within ``limit`` characters."""
    for item in items:
        if item.comment is not None and len(item.comment) > limit:
            item.comment = item.comment[:limit - 3] + "..."


def cap_comments(items, limit, position):
    """At most ``limit`` failure comments among result-file entries ``items``: each costs one request
    (ZAPI has no bulk comment call). The entries whose first failure comes first in the files keep
    theirs; the others want no comment (""), like a result that did not fail - the same entries on every
    run, so a re-run changes nothing. ``position``: {id(result): index in the files}. -> how many lost
    their comment."""
    commented = [item for item in items if item.comment]
    if limit is None or len(commented) <= limit:
        return 0
    end = len(position)
    commented.sort(key=lambda item: min([position.get(id(r), end) for r in item.sources if _failed(r)] or [end]))
    for item in commented[max(limit, 0):]:
        item.comment = ""
    return len(commented) - max(limit, 0)


def _failed(result):
    return result.status in ("failed", "error") and bool(result.message)


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
