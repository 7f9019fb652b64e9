#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_test_info
short_description: Read Zephyr tests and their steps
version_added: 0.1.0
description:
  - Reads tests by key, by exact summary, or by a query (Zephyr Squad - JQL, restricted to the project's Test
    issues; Zephyr Enterprise - a repository folder path), optionally with their steps.
  - Zephyr Enterprise - test cases live in the repository of a O(release); O(summary) is looked up in O(folder).
  - Never changes anything.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.zephyr
  - testops.testmgmt.zephyr_scope
  - testops.testmgmt.zephyr_scope.repository
attributes:
  check_mode:
    support: full
    description: Reads only, with or without check mode.
  diff_mode:
    support: none
    description: Nothing changes, so there is nothing to diff.
options:
  keys:
    description:
      - Tests by key (Zephyr Enterprise - test case ids); the module fails naming the ones that are not tests of
        the project.
    type: list
    elements: str
  summary:
    description:
      - The test with this exact summary (Zephyr Enterprise - name).
    type: str
    aliases: [name]
  query:
    description:
      - Zephyr Squad - a JQL query; the project's Test issues it finds.
      - Zephyr Enterprise - a repository folder path; the test cases in that folder.
    type: str
  steps:
    description:
      - Include each test's steps (one request per test).
    type: bool
    default: true
seealso:
  - module: testops.testmgmt.zephyr_test
"""

EXAMPLES = r"""
- name: Two tests with their steps
  testops.testmgmt.zephyr_test_info:
    project: SHOP
    keys: [SHOP-101, SHOP-102]
  register: found

- name: Every smoke test, without steps
  testops.testmgmt.zephyr_test_info:
    project: SHOP
    query: labels = smoke
    steps: false
"""

RETURN = r"""
tests:
  description: The tests found (for O(keys) in the order given).
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Issue id.
      type: str
    key:
      description: Issue key.
      type: str
    name:
      description: Summary.
      type: str
    description:
      description: Description.
      type: str
    labels:
      description: Labels.
      type: list
      elements: str
    components:
      description: Component names.
      type: list
      elements: str
    priority:
      description: Priority name.
      type: str
    fix_versions:
      description: Fix version names.
      type: list
      elements: str
    steps:
      description: Steps (with O(steps)) - id, step, data, result.
      type: list
      elements: dict
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 5, "writes": 0, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    release=dict(type="str"),
    folder=dict(type="str"),
    keys=dict(type="list", elements="str", no_log=False),
    summary=dict(type="str", aliases=["name"]),
    query=dict(type="str"),
    steps=dict(type="bool", default=True),
)


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    scope = backend.resolve_scope(params["project"], params["release"])
    if params["keys"] is not None:
        keys = [k.strip() for k in params["keys"]]
        found = as_option("keys", backend.find_tests, scope, keys)
        missing = [k for k in keys if k not in found]
        if missing:
            raise InputError("keys", "not Tests of %s: %s" % (scope.project.get("key"), ", ".join(missing[:20])),
                             "give keys of existing Test issues")
        tests = [found[k] for k in keys]
    elif params["summary"] is not None:
        test = as_option("summary", backend.find_test, scope, name=params["summary"], folder=params["folder"])
        tests = [test] if test else []
    elif params["query"] is not None:
        tests = as_option("query", backend.search_tests, scope, params["query"])
    else:
        raise InputError("keys", "no tests asked for", "give keys, summary or query")
    for test in tests:
        if params["steps"]:
            test["steps"] = backend.get_steps(scope, test)
    return False, tests, None


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "tests", mutually_exclusive=[["keys", "summary", "query"]])


if __name__ == "__main__":
    main()
