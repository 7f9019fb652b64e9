#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_cycle_info
short_description: Read Zephyr test cycles, their folders and executions
version_added: 0.1.0
description:
  - Lists the test cycles of a project version (Zephyr Squad) or release, or reads one cycle by name, with its
    folders and, on request, its executions and their statuses.
  - Never changes anything.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.zephyr
  - testops.testmgmt.zephyr_scope
  - testops.testmgmt.zephyr_scope.cycle
attributes:
  check_mode:
    support: full
    description: Reads only, with or without check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is nothing to diff.
options:
  name:
    description:
      - Only the cycle with this exact name (the module fails when it does not exist).
    type: str
  folders:
    description:
      - Include each cycle's folders (one request per cycle); on Zephyr Enterprise, its phases.
    type: bool
    default: true
  executions:
    description:
      - Include each cycle's executions (the cycle's own and its folders', paged) and a count per status.
    type: bool
    default: false
seealso:
  - module: testops.testmgmt.zephyr_cycle
"""

EXAMPLES = r"""
- name: The cycles of 2.5.0
  testops.testmgmt.zephyr_cycle_info:
    project: SHOP
    version: 2.5.0
  register: cycles

- name: Status of the regression
  testops.testmgmt.zephyr_cycle_info:
    project: SHOP
    version: 2.5.0
    name: Regression 2.5.0
    executions: true
  register: regression

- name: Fail the pipeline when something failed
  ansible.builtin.assert:
    that: regression.cycles[0].status_counts.FAIL | default(0) == 0
"""

RETURN = r"""
cycles:
  description: The cycles, in the product's order.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Cycle id.
      type: str
    name:
      description: Name.
      type: str
    description:
      description: Description.
      type: str
    build:
      description: Build.
      type: str
    environment:
      description: Environment.
      type: str
    start_date:
      description: First day, ISO.
      type: str
    end_date:
      description: Last day, ISO.
      type: str
    folders:
      description: Folders (with O(folders)) - id, name, description; on Zephyr Enterprise the cycle's phases.
      type: list
      elements: dict
    executions:
      description:
        - Executions (with O(executions)) - id, test_id, test_key, test_name, group_id (folder), status, status_id,
          comment, defect_count.
      type: list
      elements: dict
    status_counts:
      description: Number of executions per status name (with O(executions)).
      type: dict
      sample: {"PASS": 12, "FAIL": 1, "UNEXECUTED": 3}
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 5, "writes": 0, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    version=dict(type="str"),
    release=dict(type="str"),
    name=dict(type="str"),
    folders=dict(type="bool", default=True),
    executions=dict(type="bool", default=False),
)


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    # no check_supported(): every option here reads on both editions, and O(folders) is a flag here (the
    # cycle's folders on Squad, its phases on Enterprise), not zephyr_cycle's list of folders to create
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    if params["name"] is not None:
        cycle = backend.find_cycle(scope, params["name"])
        if cycle is None:
            raise InputError("name", "cycle %r not found in %s %s" % (
                params["name"], scope.project.get("key"), scope.version.get("name")), "check the name and version")
        cycles = [cycle]
    else:
        cycles = backend.list_cycles(scope)
    out = []
    for cycle in cycles:
        item = dict(cycle)
        if params["folders"]:
            item["folders"] = [dict((k, g.get(k)) for k in ("id", "name", "description"))
                               for g in backend.list_groups(scope, cycle)]
        if params["executions"]:
            executions = backend.list_all_executions(scope, cycle)
            item["executions"] = executions
            counts = {}
            for execution in executions:
                counts[execution["status"]] = counts.get(execution["status"], 0) + 1
            item["status_counts"] = counts
        out.append(item)
    return False, out, None


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "cycles")


if __name__ == "__main__":
    main()
