# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: the cycle as the result and the diff show it, before and after the task."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS


def final_names(groups, pairs, purged):
    """Folder names after the task: the existing ones, renamed, purged and created as planned."""
    names = dict((g["id"], g["name"]) for g in groups)
    for group in purged:
        names.pop(group["id"], None)
    created = []
    for spec, group, _changes in pairs:
        if group is None or group.get("id") not in names:
            created.append(spec["name"])
        else:
            names[group["id"]] = spec["name"]
    return list(names.values()) + created


def group_view(group):
    view = {"id": group.get("id"), "name": group.get("name"), "description": group.get("description") or ""}
    view.update((k, group.get(k)) for k in ("folder", "start_date", "end_date") if k in group)  # phases
    return view


def before_view(cycle, groups, targets, pairs, label="folders"):
    if cycle is None:
        return {}
    view = dict((f, cycle.get(f)) for f in CYCLE_FIELDS)
    if pairs or groups:
        view[label] = sorted(g["name"] for g in groups)
    for target in targets:
        view["tests (%s)" % target.label] = sorted(e["test_key"] or e["test_id"] for e in target.executions)
    return view


def after_view(cycle, names, targets, report, folders_managed, label="folders"):
    view = dict((f, cycle.get(f)) for f in CYCLE_FIELDS)
    if folders_managed:
        view[label] = sorted(names)
    for target in targets:
        keys = set(e["test_key"] or e["test_id"] for e in target.executions)
        keys.update(report[target.label]["added"])
        keys.difference_update(report[target.label]["removed"])
        view["tests (%s)" % target.label] = sorted(keys)
    return view
