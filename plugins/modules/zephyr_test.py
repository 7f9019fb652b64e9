#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_test
short_description: Manage a Zephyr test and its steps
version_added: 0.1.0
description:
  - Creates, updates or deletes a test and its ordered steps.
  - Zephyr Squad - a test is a Jira issue of the Test type; it is found by O(key), or by its exact O(summary) in
    the project (a new one is created when none has that summary).
  - Zephyr Enterprise - a test case lives in a repository O(folder) of a O(release), both required there; it is
    found by O(key) (its id) or by its exact name in that folder. Missing folders are created.
  - Only the options given are managed. Steps are reconciled in place, by position - unchanged steps are left
    alone, changed ones are updated, missing ones are added and extra ones removed - so step ids, and the step
    results that executions keep for them, survive a re-run.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.zephyr
  - testops.testmgmt.zephyr_scope
  - testops.testmgmt.zephyr_scope.repository
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would change.
  diff_mode:
    support: full
    description: Shows the managed fields and the steps before and after.
options:
  key:
    description:
      - Zephyr Squad - the test's issue key. The test must exist; with O(summary) too, the test is renamed.
      - Zephyr Enterprise - the test case id (its id in the folder).
    type: str
  summary:
    description:
      - The test's summary (Zephyr Enterprise - its name). Without O(key) it identifies the test - exact match
        in the project - and the test is created when no test has it.
      - When several tests share the summary the module fails and lists their keys.
    type: str
    aliases: [name]
  description:
    description:
      - The test's description.
    type: str
  labels:
    description:
      - Labels of the test (the whole set; order does not matter). Jira labels contain no spaces.
    type: list
    elements: str
  components:
    description:
      - Components of the test, by name (the whole set).
    type: list
    elements: str
  priority:
    description:
      - Priority, by name (V(High), V(Medium)...).
    type: str
  fix_versions:
    description:
      - Zephyr Squad - fix versions of the test issue, by name (the whole set).
    type: list
    elements: str
  steps:
    description:
      - The test's steps, in order. Each is a dict with C(step) (the action), C(data) (test data) and C(result)
        (expected result); a plain string is taken as C(step).
      - V([]) removes every step; leaving the option out leaves the steps alone.
    type: list
    elements: raw
  state:
    description:
      - V(present) creates or updates the test, V(absent) deletes it (with its executions).
    type: str
    choices: [present, absent]
    default: present
notes:
  - Updating N steps sends N requests (the product has no bulk step update); unchanged steps cost nothing.
seealso:
  - module: testops.testmgmt.zephyr_test_info
  - module: testops.testmgmt.zephyr_cycle
"""

EXAMPLES = r"""
- name: A login test with its steps
  testops.testmgmt.zephyr_test:
    project: SHOP
    summary: Login succeeds
    description: A registered user signs in.
    labels: [smoke, auth]
    priority: High
    steps:
      - step: Open the login page
        result: The form is shown
      - step: Sign in
        data: "user: alice"
        result: The dashboard is shown

- name: A Zephyr Enterprise test case in a repository folder
  testops.testmgmt.zephyr_test:
    edition: enterprise
    project: Shop
    release: Release 1.0
    folder: Regression > Cart
    name: Coupon applies a discount
    labels: [cart, regression]
    priority: "2"
    steps:
      - step: Add an item and a coupon
        result: The total shows the discount

- name: Rename a test and drop its steps
  testops.testmgmt.zephyr_test:
    project: SHOP
    key: SHOP-101
    summary: Login with a valid password succeeds
    steps: []
"""

RETURN = r"""
test:
  description: The test after the task (as it would be, in check mode). Empty when absent.
  returned: always
  type: dict
  contains:
    id:
      description: Issue id (null in check mode for a test that would be created).
      type: str
    key:
      description: Issue key (null in check mode for a test that would be created).
      type: str
      sample: SHOP-111
    name:
      description: Summary.
      type: str
    description:
      description: Description.
      type: str
    labels:
      description: Labels, sorted.
      type: list
      elements: str
    components:
      description: Component names, sorted.
      type: list
      elements: str
    priority:
      description: Priority name.
      type: str
    fix_versions:
      description: Fix version names, sorted.
      type: list
      elements: str
    folder:
      description: Zephyr Enterprise - the repository folder path (null on Squad).
      type: str
      sample: Regression > Cart
    steps:
      description: The steps in order (when O(steps) is managed).
      type: list
      elements: dict
      sample: [{"step": "Open the login page", "data": "", "result": "The form is shown"}]
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 4, "writes": 0, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields, field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import STEP_TEXT, normalize_steps

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    release=dict(type="str"),
    folder=dict(type="str"),
    key=dict(type="str", no_log=False),
    summary=dict(type="str", aliases=["name"]),
    description=dict(type="str"),
    labels=dict(type="list", elements="str"),
    components=dict(type="list", elements="str"),
    priority=dict(type="str"),
    fix_versions=dict(type="list", elements="str"),
    steps=dict(type="list", elements="raw"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)
# portable field -> option
OPTION_OF = {"name": "summary", "description": "description", "labels": "labels", "components": "components",
             "priority": "priority", "fix_versions": "fix_versions"}


def wanted_fields(params):
    wanted = {"name": params["summary"], "description": params["description"], "priority": params["priority"]}
    if params["summary"] is not None and not params["summary"].strip():
        raise InputError("summary", "must not be empty", "give the test a summary")
    for field in ("labels", "components", "fix_versions"):
        values = params[field]
        if values is not None:
            values = sorted(set(str(v).strip() for v in values))
            if "" in values:
                raise InputError(field, "contains an empty name", "remove it")
        wanted[field] = values
    for label in wanted["labels"] or []:
        if " " in label:
            raise InputError("labels", "label %r contains a space" % label, "Jira labels are single words")
    return wanted


def plain_steps(steps):
    return [dict((f, s.get(f) or "") for f in STEP_TEXT) for s in steps or []]


def run(module, client):
    params = module.params
    if not params["key"] and not params["summary"]:
        raise InputError("key", "neither key nor summary is given", "give the test's key, or its summary")
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    wanted = wanted_fields(params)
    steps = normalize_steps(params["steps"]) if params["steps"] is not None else None
    scope = backend.resolve_scope(params["project"], params["release"])
    current = backend.find_test(scope, key=params["key"], name=None if params["key"] else params["summary"],
                                folder=params["folder"])
    managed = [f for f in OPTION_OF if wanted[f] is not None]

    if params["state"] == "absent":
        if current is None:
            return False, {}, None
        backend.delete_test(scope, current)
        return True, {}, field_diff(_view(current, None), {}, None)

    if current is None and params["key"]:
        raise InputError("key", "test %s not found" % params["key"],
                         "leave key out and give summary to create a new test")
    backend.check_test_fields(scope, wanted, OPTION_OF)

    if current is None:
        test = backend.create_test(scope, dict(wanted, folder=params["folder"]))
        if steps:
            backend.set_steps(scope, test, steps)
        test["steps"] = steps if steps is not None else []
        return True, test, field_diff({}, _view(test, steps), None)

    before_steps = plain_steps(backend.get_steps(scope, current)) if steps is not None else None
    changes = changed_fields(current, dict((f, wanted[f]) for f in managed))
    test = backend.update_test(scope, current, changes) if changes else dict(current)
    steps_changed = steps is not None and before_steps != steps
    if steps_changed:
        backend.set_steps(scope, test, steps)
    test["steps"] = steps if steps is not None else None
    if not changes and not steps_changed:
        return False, test, None
    before = dict(_view(current, before_steps))
    return True, test, field_diff(before, _view(test, steps), None)


def _view(test, steps):
    view = dict((f, test.get(f)) for f in ("key",) + tuple(OPTION_OF))
    if steps is not None:
        view["steps"] = plain_steps(steps)
    return view


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "test")


if __name__ == "__main__":
    main()
