#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: xray_test_plan
short_description: Manage an Xray Test Plan, its Tests and its Test Executions
version_added: 0.1.0
description:
  - Finds a Test Plan by O(key), or by its exact O(summary) within O(project), and creates it when it does not
    exist. Works on Xray Server/Data Center and on Xray Cloud (O(deployment)).
  - Creating the plan needs O(project) and O(summary). A plan found by O(key) is renamed to a different O(summary).
  - Makes the plan hold the Tests in O(tests) and the Test Executions in O(test_executions) (with O(purge_tests) and
    O(purge_test_executions), the ones not listed are removed), with one request per kind of change.
  - Every key is checked before anything is written. A plan that already matches gets no write.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.xray
  - testops.testmgmt.xray_scope
  - testops.testmgmt.xray_scope.fields
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would be created, changed, added or removed.
  diff_mode:
    support: full
    description: Shows the plan's fields, Tests and Test Executions before and after.
options:
  tests:
    description:
      - Keys of Tests the plan must hold. Tests already in the plan stay (see O(purge_tests)).
    type: list
    elements: str
  purge_tests:
    description:
      - Remove from the plan every Test that is not in O(tests).
    type: bool
    default: false
  test_executions:
    description:
      - Keys of Test Executions the plan must hold. Executions already in the plan stay (see O(purge_test_executions)).
    type: list
    elements: str
  purge_test_executions:
    description:
      - Remove from the plan every Test Execution that is not in O(test_executions).
    type: bool
    default: false
  state:
    description:
      - V(present) finds or creates the plan and sets what it holds; V(absent) deletes the plan (its Tests and Test
        Executions stay).
    type: str
    choices: [present, absent]
    default: present
notes:
  - On Xray Cloud the API creates a plan with its summary, description, fix version and labels, but cannot change them
    afterwards; when they differ on an existing plan the task warns and leaves them.
  - A Test Execution that names a plan (the C(test_plan) option of M(testops.testmgmt.xray_test_execution)) joins it
    with its Tests; this module sets the plan's own lists.
seealso:
  - module: testops.testmgmt.xray_test_execution
  - plugin: testops.testmgmt.xray
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: The release's test plan, with its regression Tests
  testops.testmgmt.xray_test_plan:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    project: SHOP
    summary: Release 2.5.0
    fix_version: 2.5.0
    labels: [release]
    tests: "{{ query('testops.testmgmt.xray', jql='project = SHOP AND labels = regression') | map(attribute='key') }}"
    purge_tests: true
  register: plan

- name: Add the nightly execution to the plan on Xray Cloud
  testops.testmgmt.xray_test_plan:
    deployment: cloud
    client_id: "{{ xray_client_id }}"
    client_secret: "{{ xray_client_secret }}"
    key: SHOP-200
    test_executions: [SHOP-321]
"""

RETURN = r"""
plan:
  description: The Test Plan as it is after the task (as it would be, in check mode). Empty when absent.
  returned: always
  type: dict
  contains:
    key:
      description: Issue key (null in check mode for a plan that would be created).
      type: str
      sample: SHOP-200
    id:
      description: Issue id.
      type: str
    url:
      description: Jira page of the plan (Server/DC; null on Cloud, whose API does not tell the Jira site).
      type: str
      sample: https://jira.example.com/browse/SHOP-200
    project:
      description: Project key.
      type: str
    summary:
      description: Summary.
      type: str
    description:
      description: Description.
      type: str
    fix_version:
      description: Fix version name.
      type: str
    labels:
      description: Labels.
      type: list
      elements: str
    tests:
      description: Keys of the Tests in the plan.
      type: list
      elements: str
    test_executions:
      description: Keys of the Test Executions in the plan.
      type: list
      elements: str
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 4, "writes": 1, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import xray_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_plan import PlanSync, WantedPlan
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_plan_backend import plan_backend

ARGUMENT_SPEC = dict(
    project=dict(type="str"),
    key=dict(type="str", no_log=False),
    summary=dict(type="str"),
    description=dict(type="str"),
    fix_version=dict(type="str"),
    labels=dict(type="list", elements="str"),
    tests=dict(type="list", elements="str"),
    purge_tests=dict(type="bool", default=False),
    test_executions=dict(type="list", elements="str"),
    purge_test_executions=dict(type="bool", default=False),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def run(module, client):
    backend = xray_backend(module.params["deployment"], client)
    sync = PlanSync(plan_backend(backend), backend, WantedPlan(module.params), check_mode=module.check_mode,
                    warn=module.warn)
    if module.params["state"] == "absent":
        return sync.absent()
    return sync.present()


def main():
    run_module("xray", ARGUMENT_SPEC, run, "plan")


if __name__ == "__main__":
    main()
