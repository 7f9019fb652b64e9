#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: xray_test_execution_info
short_description: Read an Xray Test Execution and its Test Runs
version_added: 0.1.0
description:
  - Reads a Test Execution, by O(key) or by its exact O(summary) within O(project), with its Test Runs and how many
    runs have each status. Works on Xray Server/Data Center and Xray Cloud (O(deployment)).
  - The read-only twin of M(testops.testmgmt.xray_test_execution); it never changes anything.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.xray
  - testops.testmgmt.xray_scope
attributes:
  check_mode:
    support: full
    description: Reads only, in every mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is no diff.
options:
  runs:
    description:
      - Return the Test Runs (page by page). V(false) returns the execution's fields only.
    type: bool
    default: true
"""

EXAMPLES = r"""
- name: Read the nightly execution
  testops.testmgmt.xray_test_execution_info:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    project: SHOP
    summary: "Nightly {{ build_number }}"
  register: nightly

- name: Gate on it
  ansible.builtin.assert:
    that: nightly.execution.counts.FAIL | default(0) == 0
"""

RETURN = r"""
execution:
  description: The Test Execution; empty when it was looked up by summary and does not exist.
  returned: always
  type: dict
  contains:
    key:
      description: Issue key.
      type: str
      sample: SHOP-321
    id:
      description: Issue id.
      type: str
    url:
      description: Jira page of the execution (Server/DC).
      type: str
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
    revision:
      description: Revision (null on Cloud, where it cannot be read).
      type: str
    environments:
      description: Test Environments.
      type: list
      elements: str
    labels:
      description: Labels.
      type: list
      elements: str
    test_plans:
      description: Keys of the Test Plans the execution belongs to.
      type: list
      elements: str
    runs:
      description: The Test Runs (with O(runs)); each has C(id), C(test_key), C(status) (the product's name),
        C(comment), C(defects), C(evidence) (file names) and C(executed_by) (who set the status - a user name on
        Server/DC, an account id on Cloud; null for TODO).
      type: list
      elements: dict
    counts:
      description: How many runs have each status (with O(runs)).
      type: dict
      sample: {"PASS": 12, "FAIL": 2}
    total:
      description: Number of runs (with O(runs)).
      type: int
api_calls:
  description: How many HTTP requests the task sent.
  returned: always
  type: dict
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import xray_backend

ARGUMENT_SPEC = dict(
    project=dict(type="str"),
    key=dict(type="str", no_log=False),
    summary=dict(type="str"),
    runs=dict(type="bool", default=True),
)

RUN_FIELDS = ("id", "test_key", "status", "comment", "defects", "evidence", "executed_by")


def run(module, client):
    params = module.params
    if not params["key"] and not (params["project"] and params["summary"]):
        raise InputError("key", "the execution is found by key, or by project and summary",
                         "give key, or project and summary")
    backend = xray_backend(params["deployment"], client)
    execution = backend.find_execution(key=params["key"], project=params["project"], summary=params["summary"])
    if execution is None:
        return False, {}, None
    if params["runs"]:
        runs = [dict((k, r.get(k)) for k in RUN_FIELDS) for r in backend.list_runs(execution)]
        counts = {}
        for item in runs:
            counts[item["status"]] = counts.get(item["status"], 0) + 1
        execution.update({"runs": runs, "counts": counts, "total": len(runs)})
    return False, execution, None


def main():
    run_module("xray", ARGUMENT_SPEC, run, "execution")


if __name__ == "__main__":
    main()
