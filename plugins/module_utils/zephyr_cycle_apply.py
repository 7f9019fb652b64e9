# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: the writes of a checked plan (zephyr_cycle_plan.py), and the result and diff they give.

Each write is sent only when something differs, so a second run sends none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields, field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_clone import rebase
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_view import after_view, group_view
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import diff_tests


def delete_cycle(backend, plan):
    """state=absent: deletes the cycle (with its executions) when it exists."""
    if plan.current is None:
        return False, {}, None
    backend.delete_cycle(plan.scope, plan.current)
    return True, {}, field_diff(plan.current, {}, plan.managed)


def apply_plan(backend, plan):
    """state=present: cycle, then folders (phases), then test sets, then purged folders -> (changed, cycle, diff)."""
    changed, cycle = _write_cycle(backend, plan)
    folders, groups_changed = _write_groups(backend, plan, cycle)
    report, tests_changed = _write_tests(backend, plan, cycle)
    for group in plan.purged:
        backend.delete_group(plan.scope, cycle, group)
    changed = changed or groups_changed or tests_changed or bool(plan.purged)

    result = dict(cycle)
    if plan.groups_given:
        result[plan.group_option] = [group_view(g) for g in folders]
    if plan.targets:
        result["tests"] = report
    after = after_view(cycle, plan.final_names, plan.targets, report, plan.groups_given, plan.group_option)
    diff = field_diff(plan.before, after, sorted(set(plan.before) | set(after))) if changed else None
    return changed, result, diff


def _write_cycle(backend, plan):
    """Creates (or clones) the cycle, or updates the fields that differ -> (changed, cycle)."""
    scope, current = plan.scope, plan.current
    if current is not None:
        changes = changed_fields(current, plan.wanted)
        return bool(changes), backend.update_cycle(scope, current, changes) if changes else current
    if plan.source is None:
        return True, backend.create_cycle(scope, plan.wanted)
    cycle = backend.clone_cycle(scope, plan.source, plan.wanted)
    if cycle.get("id") is not None:  # cloned for real: plan against the copy
        plan.purged = rebase(backend, scope, cycle, plan.pairs, plan.targets, plan.purged)
    return True, cycle


def _write_groups(backend, plan, cycle):
    """Creates the missing folders (phases) and updates the changed ones -> (groups in spec order, changed)."""
    folders = []
    changed = False
    for spec, group, changes in plan.pairs:
        if group is None:
            group = backend.create_group(plan.scope, cycle, spec)
            changed = True
        elif changes:
            group = backend.update_group(plan.scope, cycle, group, changes)
            changed = True
        folders.append(group)
        for target in plan.targets:
            if target.folder_spec is spec:
                target.group = group
    return folders, changed


def _write_tests(backend, plan, cycle):
    """Adds the missing tests and (with purge) removes the extra executions -> (report per target, changed)."""
    report = {}
    changed = False
    for target in plan.targets:
        missing, extra = diff_tests(target.executions, target.test_set["tests"], target.purge)
        if missing:
            backend.add_test_set(plan.scope, cycle, target.group, target.test_set, missing)
        if extra:
            backend.remove_executions(plan.scope, cycle, extra)
        changed = changed or bool(missing or extra)
        report[target.label] = {"total": len(target.test_set["tests"]),
                                "added": sorted(t["key"] or t["id"] for t in missing),
                                "removed": sorted(e["test_key"] or e["test_id"] for e in extra)}
    return report, changed
