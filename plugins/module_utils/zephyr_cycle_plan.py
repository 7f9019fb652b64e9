# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: every read and every check, before anything is written.

find_cycle() validates the options and finds the cycle; plan_changes() reads what the cycle (or the
cycle to clone) holds and works out the folders (phases) and test sets to create, change and remove.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_clone import clone_source
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_targets import cycle_targets, read_targets
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_view import before_view, final_names
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_wanted import group_specs, wanted_fields
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_phases import group_changes
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import plan_folders


class CyclePlan:
    """What the task found and means to do; apply_plan() in zephyr_cycle_apply.py carries it out."""

    def __init__(self, params, group_option):
        self.params = params
        self.group_option = group_option  # folders (Squad) or phases (Enterprise)
        self.groups_given = params[group_option] is not None
        self.wanted = None
        self.specs = None
        self.scope = None
        self.current = None
        self.managed = []
        self.source = None  # the cycle to clone, when the cycle is new and clone_from is given
        self.pairs = []  # (spec, existing group or None, changes) per listed folder
        self.purged = []  # existing groups to delete
        self.targets = []
        self.before = {}
        self.final_names = []


def find_cycle(backend, params):
    """Validates the options, resolves project and version, and finds the cycle (None when absent)."""
    plan = CyclePlan(params, backend.group_option)
    plan.wanted = wanted_fields(params)
    plan.specs = group_specs(params, plan.group_option)
    plan.scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    plan.current = backend.find_cycle(plan.scope, plan.wanted["name"])
    plan.managed = [f for f in CYCLE_FIELDS if plan.wanted[f] is not None]
    return plan


def plan_changes(backend, plan):
    """Reads the groups and executions to compare with, resolves every test set, and plans the groups."""
    params, scope, current = plan.params, plan.scope, plan.current
    source_scope = None
    if current is None and params["clone_from"]:
        source_scope, plan.source = clone_source(backend, params)
    basis_scope, basis = (scope, current) if current is not None else (source_scope, plan.source)
    groups = backend.list_groups(basis_scope, basis) if basis is not None and plan.groups_given else []
    pairs, plan.purged = plan_folders(groups, plan.specs, params["purge_" + plan.group_option] and plan.groups_given)
    plan.pairs = [(spec, group, dict(changes, **group_changes(scope, spec, group))) for spec, group, changes in pairs]
    plan.targets = cycle_targets(params, plan.pairs)
    read_targets(backend, scope, basis_scope, basis, plan.targets)
    plan.before = before_view(current, groups if current is not None else [],
                              plan.targets if current is not None else [], plan.pairs, plan.group_option)
    plan.final_names = final_names(groups, plan.pairs, plan.purged)
    return plan
