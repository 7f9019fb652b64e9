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
  - Zephyr Squad - also the cycle's folders and the tests the cycle and each folder hold (by keys, a JQL query, a
    saved filter or another cycle's tests), added in bulk and, with O(purge_tests), trimmed; a new cycle can start
    as a clone of another (O(clone_from)).
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.zephyr
  - testops.testmgmt.zephyr_scope
  - testops.testmgmt.zephyr_scope.cycle
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would change.
  diff_mode:
    support: full
    description: Shows the cycle's managed fields before and after.
options:
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
  folders:
    description:
      - Zephyr Squad - folders the cycle must have, each with the tests it must hold.
      - Folders are found by name. Folders not listed are left alone unless O(purge_folders=true).
    type: list
    elements: dict
    suboptions:
      name:
        description: The folder's name (unique in the cycle).
        type: str
        required: true
      description:
        description: The folder's description.
        type: str
      rename_from:
        description:
          - The folder's previous name. When no folder is named O(folders[].name) but one is named this, that
            folder is renamed (its executions stay).
        type: str
      tests:
        description: Keys of the Test issues the folder must hold.
        type: list
        elements: str
      tests_jql:
        description: A JQL query; its Test issues of the project are the ones the folder must hold.
        type: str
      tests_filter:
        description: A Jira saved filter (id, or name among your favourites) whose Test issues the folder must hold.
        type: str
      tests_from_cycle:
        description: Take the tests of another cycle (or of one of its folders).
        type: dict
        suboptions:
          name:
            description: The other cycle's name.
            type: str
            required: true
          version:
            description: Its version, when not O(version).
            type: str
          folder:
            description: One folder of that cycle, instead of the cycle's own tests.
            type: str
      purge_tests:
        description: Remove executions of tests not in the folder's test set. Defaults to O(purge_tests).
        type: bool
  purge_folders:
    description:
      - Delete folders (with their executions) that O(folders) does not list.
    type: bool
    default: false
  phases:
    description:
      - Zephyr Enterprise - phases the cycle must have, found by name. Phases not listed are left alone unless
        O(purge_phases=true).
      - A phase with O(phases[].folder) mirrors that repository folder; when created, every test case of the folder
        gets an execution, assigned to the connecting user. Without it the phase is free form and holds the tests
        O(phases[].tests) lists.
    type: list
    elements: dict
    suboptions:
      name:
        description: The phase's name (unique in the cycle).
        type: str
        required: true
      description:
        description: The phase's description.
        type: str
      folder:
        description:
          - The repository folder the phase mirrors, as folder names joined by C( > ) (V(Regression > Cart)). Fixed
            once the phase exists; a different folder for an existing phase is an error.
        type: str
      start_date:
        description: First day of the phase, ISO V(YYYY-MM-DD) (the cycle's when left out on creation).
        type: str
      end_date:
        description: Last day of the phase, ISO V(YYYY-MM-DD).
        type: str
      rename_from:
        description: The phase's previous name; that phase is renamed when none has O(phases[].name).
        type: str
      tests:
        description:
          - Test cases the phase must hold - ids, repository paths ending in the name (V(Regression > Cart >
            Coupon applies)) or names that are unique in the release.
        type: list
        elements: str
      tests_from_cycle:
        description: Take the tests of another cycle (or of one of its phases).
        type: dict
        suboptions:
          name:
            description: The other cycle's name.
            type: str
            required: true
          version:
            description: Its release, when not O(release).
            type: str
          folder:
            description: One phase of that cycle, instead of all of them.
            type: str
      purge_tests:
        description: Remove executions of tests not in the phase's test set. Defaults to O(purge_tests).
        type: bool
  purge_phases:
    description:
      - Zephyr Enterprise - delete phases (with their executions) that O(phases) does not list.
    type: bool
    default: false
  tests:
    description:
      - Keys of the Test issues the cycle itself (outside its folders) must hold. Missing ones are added in one
        asynchronous bulk job, waited for and verified; tests already there are left alone.
      - Only one of O(tests), O(tests_jql), O(tests_filter) and O(tests_from_cycle) may be given.
    type: list
    elements: str
  tests_jql:
    description:
      - A JQL query; the Test issues of the project it finds are the ones the cycle must hold.
    type: str
  tests_filter:
    description:
      - A Jira saved filter, by id (or name among your favourite filters). Zephyr Squad adds its tests with its
        own saved-filter route.
    type: str
  tests_from_cycle:
    description:
      - The tests of another cycle (or of one of its folders). Zephyr Squad copies them with its
        add-from-cycle route; the new executions start unexecuted.
    type: dict
    suboptions:
      name:
        description: The other cycle's name.
        type: str
        required: true
      version:
        description: Its version, when not O(version).
        type: str
      folder:
        description: One folder of that cycle, instead of the cycle's own tests.
        type: str
  purge_tests:
    description:
      - Remove the executions of tests that are not in the given test set (of the cycle, and of the folders that
        do not set their own O(folders[].purge_tests)). Without a test set nothing is removed.
    type: bool
    default: false
  clone_from:
    description:
      - When the cycle does not exist yet, create it as a copy of this cycle (name or id), with its folders and
        tests (as new, unexecuted executions). An existing cycle is never cloned over.
    type: str
  clone_from_version:
    description:
      - The version of O(clone_from), when it is not O(version) (e.g. the previous release).
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
  - Adding tests, deleting executions, deleting folders and cloning are asynchronous jobs in Zephyr Squad; the
    module waits for each job and then verifies the result by listing, because the listing can lag the job.
  - The requests a task sends do not grow with the number of tests beyond paging (1000 executions a page,
    250 keys per Jira search); the cost is in RV(api_calls).
seealso:
  - module: testops.testmgmt.zephyr_cycle_info
  - module: testops.testmgmt.zephyr_execution
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

- name: A cycle whose folders hold exactly the tests of their queries
  testops.testmgmt.zephyr_cycle:
    project: SHOP
    version: 2.5.0
    name: Regression 2.5.0
    tests_filter: "10200"
    folders:
      - name: Checkout
        tests_jql: labels = checkout
        purge_tests: true
      - name: Login
        rename_from: Auth
        tests: [SHOP-101, SHOP-102]
    purge_folders: true

- name: Start 2.6.0 from the 2.5.0 regression (folders and tests copied, statuses reset)
  testops.testmgmt.zephyr_cycle:
    project: SHOP
    version: 2.6.0
    name: Regression 2.6.0
    clone_from: Regression 2.5.0
    clone_from_version: 2.5.0

- name: A Zephyr Enterprise cycle with a phase per repository folder and a free-form one
  testops.testmgmt.zephyr_cycle:
    edition: enterprise
    project: Shop
    release: Release 1.0
    name: Regression 1.0
    build: "{{ build_number }}"
    environment: staging
    start_date: "2026-12-01"
    end_date: "2026-12-05"
    phases:
      - name: Cart
        folder: Regression > Cart
      - name: Hotfixes
        tests:
          - Regression > Login > Login succeeds
          - "4711"
        purge_tests: true

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
    folders:
      description: The folders O(folders) manages, after the task (id null for one that would be created).
      type: list
      elements: dict
      sample: [{"id": "12", "name": "Checkout", "description": ""}]
    phases:
      description:
        - Zephyr Enterprise - the phases O(phases) manages, after the task, with their repository C(folder)
          (null for a free-form phase) and dates.
      type: list
      elements: dict
      sample: [{"id": "3", "name": "Cart", "description": "", "folder": "Regression > Cart",
                "start_date": "2026-12-01", "end_date": "2026-12-05"}]
    tests:
      description:
        - Per managed test set (V(cycle), or a folder's name), the number of tests it holds and the keys of the
          tests added and removed.
      type: dict
      sample: {"cycle": {"total": 120, "added": ["SHOP-130"], "removed": []}}
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 4, "writes": 0, "retries": 0}
progress:
  description:
    - What took time, in order, when anything did; C(ansible-playbook -v) prints it. Each entry has C(kind),
      C(message), C(time) (UTC) and C(seconds) since the task started.
    - C(kind=job) is a Zephyr Squad asynchronous job (adding tests, deleting, cloning) seen at a new progress value
      (C(job) type, C(progress) from 0 to 1, C(waited) seconds); C(kind=retry) a request that was retried
      (C(attempt)).
  returned: when something was waited for or retried
  type: list
  elements: dict
  sample:
    - {"kind": "job", "job": "add_tests_to_cycle_job_progress", "progress": 1.0, "waited": 0.21, "seconds": 1.4,
       "time": "2026-12-01T10:00:01.40Z", "message": "ZAPI job add_tests_to_cycle_job_progress (250 tests): done after 0.21s"}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_apply import apply_plan, delete_cycle
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_cycle_plan import find_cycle, plan_changes

FROM_CYCLE = dict(type="dict", options=dict(name=dict(type="str", required=True), version=dict(type="str"),
                                            folder=dict(type="str")))
TEST_SOURCES = ["tests", "tests_jql", "tests_filter", "tests_from_cycle"]

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
    folders=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        rename_from=dict(type="str"),
        tests=dict(type="list", elements="str"),
        tests_jql=dict(type="str"),
        tests_filter=dict(type="str"),
        tests_from_cycle=FROM_CYCLE,
        purge_tests=dict(type="bool"),
    ), mutually_exclusive=[TEST_SOURCES]),
    purge_folders=dict(type="bool", default=False),
    phases=dict(type="list", elements="dict", options=dict(
        name=dict(type="str", required=True),
        description=dict(type="str"),
        folder=dict(type="str"),
        start_date=dict(type="str"),
        end_date=dict(type="str"),
        rename_from=dict(type="str"),
        tests=dict(type="list", elements="str"),
        tests_from_cycle=FROM_CYCLE,
        purge_tests=dict(type="bool"),
    ), mutually_exclusive=[["tests", "tests_from_cycle"]]),
    purge_phases=dict(type="bool", default=False),
    tests=dict(type="list", elements="str"),
    tests_jql=dict(type="str"),
    tests_filter=dict(type="str"),
    tests_from_cycle=FROM_CYCLE,
    purge_tests=dict(type="bool", default=False),
    clone_from=dict(type="str"),
    clone_from_version=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
MUTUALLY_EXCLUSIVE = [TEST_SOURCES]


def run(module, client):
    backend = zephyr_backend(module.params["edition"], client)
    backend.check_supported(module.params)
    plan = find_cycle(backend, module.params)
    if module.params["state"] == "absent":
        return delete_cycle(backend, plan)
    plan_changes(backend, plan)  # reads only: nothing is written before all input is known to be good
    return apply_plan(backend, plan)


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "cycle", mutually_exclusive=MUTUALLY_EXCLUSIVE)


if __name__ == "__main__":
    main()
