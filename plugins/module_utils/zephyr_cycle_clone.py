# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_cycle: finding the cycle to clone (clone_from), and planning against the copy once it exists."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option


def clone_source(backend, params):
    """The cycle to clone, by name or id, in clone_from_version (default: the same version)."""
    version = params["clone_from_version"] or params["release"] or params["version"]
    backend.resolve_scope(params["project"], None)  # a bad project is reported as project
    scope = as_option("clone_from_version", backend.resolve_scope, params["project"], version)
    ref = params["clone_from"].strip()
    cycles = backend.list_cycles(scope)
    named = [c for c in cycles if c["name"] == ref]
    if len(named) > 1:
        raise InputError("clone_from", "%d cycles are named %r (ids %s)" % (
            len(named), ref, ", ".join(sorted(c["id"] for c in named))), "give the id of the one to clone")
    found = named or [c for c in cycles if c["id"] == ref]
    if not found:
        raise InputError("clone_from", "cycle %r not found in version %s" % (ref, scope.version.get("name")),
                         "give the name or id of an existing cycle (and clone_from_version if it is elsewhere)")
    return scope, found[0]


def rebase(backend, scope, cycle, pairs, targets, purged):
    """After a real clone: the copy's own folders and executions replace the source's -> purged copies."""
    copies = dict((g["name"], g) for g in backend.list_groups(scope, cycle))
    for index, (spec, group, changes) in enumerate(pairs):
        if group is not None:
            pairs[index] = (spec, copies.get(group["name"]), changes)
    for target in targets:
        if target.folder_spec is not None:
            group = [g for s, g, _c in pairs if s is target.folder_spec][0]
            target.group = group
            target.executions = backend.list_executions(scope, cycle, group) if group is not None else []
        else:
            target.executions = backend.list_executions(scope, cycle)
    return [copies[g["name"]] for g in purged if g["name"] in copies]
