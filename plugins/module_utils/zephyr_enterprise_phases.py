# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Enterprise cycle phases as zephyr_cycle's ``phases`` option describes them (pure, no requests).

A phase spec is a folder spec (see zephyr_plan.folder_specs) plus ``folder`` (the repository path the
phase mirrors; None = free form) and ``start_date``/``end_date`` (ISO).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_repository import (
    join_path,
    split_path,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import source_spec


def phase_specs(phases, purge_default):
    """Validated phase specs, checked before any request."""
    specs, seen = [], set()
    for index, phase in enumerate(phases or []):
        name = (phase.get("name") or "").strip()
        where = "phases[%d]" % index
        if not name:
            raise InputError(where + ".name", "must not be empty", "give every phase a name")
        if name in seen:
            raise InputError(where + ".name", "phase %r is listed twice" % name, "phase names are unique in a cycle")
        seen.add(name)
        folder = phase.get("folder")
        if folder is not None and not split_path(folder):
            raise InputError(where + ".folder", "%r is not a repository path" % folder,
                             "write folder names joined by ' > ', or leave folder out for a free-form phase")
        start = dates.parse_iso(phase.get("start_date"), where + ".start_date")
        end = dates.parse_iso(phase.get("end_date"), where + ".end_date")
        dates.check_order(start, end, where + ".start_date", where + ".end_date")
        purge = phase.get("purge_tests")
        specs.append({"name": name, "description": phase.get("description"), "rename_from": phase.get("rename_from"),
                      "tests": source_spec(phase, "phases[%s]." % name),
                      "purge": purge_default if purge is None else purge, "folder": folder,
                      "start_date": start.isoformat() if start else None,
                      "end_date": end.isoformat() if end else None})
    return specs


def group_changes(scope, spec, group):
    """What differs besides name and description: a phase's dates. A phase cannot move to another
    folder (or between free form and a folder); asking for it is an InputError, before any write.
    Specs without these keys (Squad folders) have nothing more to change."""
    changes = {}
    if group is None:
        return changes
    for field in ("start_date", "end_date"):
        if spec.get(field) is not None and spec[field] != group.get(field):
            changes[field] = spec[field]
    if spec.get("folder") is not None:  # left out: whatever the phase mirrors is fine
        wanted = join_path(split_path(spec["folder"], scope.version["name"]))
        if wanted != group.get("folder"):
            raise InputError("phases", "phase %r mirrors %s, not %r; a phase cannot be moved" % (
                group["name"], repr(group["folder"]) if group.get("folder") else "no folder (it is free form)",
                wanted), "delete the phase first, or give the new one another name")
    return changes
