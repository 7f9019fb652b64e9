#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_cycle
short_description: Manage a Zephyr test cycle
version_added: 0.1.0
description:
  - Creates, updates or deletes a test cycle in a Zephyr Squad project version or a Zephyr Enterprise release.
  - The cycle is found by its exact O(name) within the project and version (release). Cycle names are not unique in
    Zephyr; when several cycles share the name the module fails and lists their ids instead of picking one.
  - Only the options given are managed; the others are left as they are. Nothing is sent when the cycle already
    matches, so a second run reports no change.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.zephyr
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would change.
  diff_mode:
    support: full
    description: Shows the cycle's managed fields before and after.
options:
  project:
    description:
      - The project, by key (V(SHOP)), id, or (Enterprise) name.
    type: str
    required: true
  version:
    description:
      - Zephyr Squad - the Jira version, by name or id. V(Unscheduled) (or V(-1)) is Zephyr's unscheduled version.
      - Zephyr Enterprise - the release, by name or id (same as O(release)).
      - Zephyr Squad uses V(Unscheduled) when neither this nor O(release) is given.
    type: str
  release:
    description:
      - Zephyr Enterprise release, by name or id. An alias of O(version) for readability.
    type: str
  name:
    description:
      - The cycle's name; it identifies the cycle.
    type: str
    required: true
  description:
    description:
      - The cycle's description.
    type: str
  build:
    description:
      - Build the cycle tests.
    type: str
  environment:
    description:
      - Environment the cycle runs in.
    type: str
  start_date:
    description:
      - First day, as an ISO date V(YYYY-MM-DD). Converted to the product's format (Squad's date picker
        C(d/MMM/yy)).
    type: str
  end_date:
    description:
      - Last day, as an ISO date V(YYYY-MM-DD); not before O(start_date).
    type: str
  state:
    description:
      - V(present) creates or updates the cycle, V(absent) deletes it with its executions.
    type: str
    choices: [present, absent]
    default: present
notes:
  - Dates are sent in Jira's default date-picker format C(d/MMM/yy); a Jira whose users use another date format
    answers HTTP 406 with the product's message.
seealso:
  - module: testops.testmgmt.zephyr_cycle_info
"""

EXAMPLES = r"""
- name: Provision the regression cycle of release 2.5.0
  testops.testmgmt.zephyr_cycle:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    project: SHOP
    version: 2.5.0
    name: Regression 2.5.0
    description: Full regression before the 2.5.0 release
    build: "{{ build_number }}"
    environment: staging
    start_date: "2026-12-01"
    end_date: "2026-12-05"

- name: Remove an obsolete cycle
  testops.testmgmt.zephyr_cycle:
    project: SHOP
    version: Unscheduled
    name: Scratch
    state: absent
"""

RETURN = r"""
cycle:
  description: The cycle as it is after the task (as it would be, in check mode). Empty when absent.
  returned: always
  type: dict
  contains:
    id:
      description: The cycle id (null in check mode for a cycle that would be created).
      type: str
      sample: "1506"
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
      sample: "2026-12-01"
    end_date:
      description: Last day, ISO.
      type: str
    project_id:
      description: Project id.
      type: str
    version_id:
      description: Version (Squad) or release (Enterprise) id.
      type: str
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 4, "writes": 0, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields, field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS, zephyr_backend

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    version=dict(type="str"),
    release=dict(type="str"),
    name=dict(type="str", required=True),
    description=dict(type="str"),
    build=dict(type="str"),
    environment=dict(type="str"),
    start_date=dict(type="str"),
    end_date=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def wanted_fields(params):
    """The managed fields as the user asked for them; validated before any request."""
    if not (params["name"] or "").strip():
        raise InputError("name", "must not be empty", "give the cycle a name")
    start = dates.parse_iso(params["start_date"], "start_date")
    end = dates.parse_iso(params["end_date"], "end_date")
    dates.check_order(start, end)
    wanted = dict((field, params.get(field)) for field in CYCLE_FIELDS)
    wanted["start_date"] = start.isoformat() if start else None
    wanted["end_date"] = end.isoformat() if end else None
    return wanted


def run(module, client):
    params = module.params
    wanted = wanted_fields(params)
    backend = zephyr_backend(params["edition"], client)
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    current = backend.find_cycle(scope, wanted["name"])
    managed = [f for f in CYCLE_FIELDS if wanted[f] is not None]

    if params["state"] == "absent":
        if current is None:
            return False, {}, None
        backend.delete_cycle(scope, current)
        return True, {}, field_diff(current, {}, managed)

    if current is None:
        cycle = backend.create_cycle(scope, wanted)
        return True, cycle, field_diff({}, wanted, managed)

    changes = changed_fields(current, wanted)
    if not changes:
        return False, current, None
    cycle = backend.update_cycle(scope, current, changes)
    return True, cycle, field_diff(current, dict(current, **changes), managed)


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "cycle")


if __name__ == "__main__":
    main()
