# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: the cycle and folder (Squad) or phase (Enterprise) the results go to.

find_place() finds them (reads only); create_place() creates what create_cycle must create.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option


def find_place(backend, scope, params):
    """-> (cycle, group, [what create_cycle must create: "cycle", "folder"/"phase"]). A place still to be
    created is a stand-in with id None (it holds no executions): it is created with the other writes."""
    new = []
    cycle = as_option("cycle", backend.find_cycle, scope, params["cycle"])
    if cycle is None:
        if not params["create_cycle"]:
            raise InputError("cycle", "cycle %r not found in %s %s" % (
                params["cycle"], scope.project.get("key"), scope.version.get("name")),
                "create it with zephyr_cycle, or set create_cycle")
        cycle, new = {"id": None, "name": params["cycle"]}, ["cycle"]
    group = None
    option = "phase" if params["phase"] else "folder"  # Enterprise phase; Squad folder
    if params[option]:
        group = backend.find_group(scope, cycle, params[option], option=option) if not new else None
        if group is None:
            if not params["create_cycle"]:
                raise InputError(option, "%s %r not found in cycle %r" % (option, params[option], params["cycle"]),
                                 "create it with zephyr_cycle (%ss), or set create_cycle" % option)
            group, new = {"id": None, "name": params[option]}, new + [option]
    return cycle, group, new


def create_place(backend, scope, params, new, cycle, group):
    """Create what find_place found missing (create_cycle), by name only -> (cycle, group); in check
    mode they stay predicted (id None)."""
    if "cycle" in new:
        cycle = backend.create_cycle(scope, dict((f, params["cycle"] if f == "name" else None) for f in CYCLE_FIELDS))
    if group is not None and group["id"] is None:
        group = backend.create_group(scope, cycle, {"name": group["name"], "description": None, "folder": None,
                                                    "start_date": None, "end_date": None})
    return cycle, group
