#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_execution
short_description: Set the results of tests in a Zephyr cycle
version_added: 0.1.0
description:
  - Sets status, comment, defects and step results of the executions of tests in a cycle (Zephyr Squad - or in
    one folder of it), from O(results), from automated result files (O(results_file)), or both.
  - Zephyr Enterprise - the executions of one O(phase) of the cycle; tests are test cases, named by their exact name
    (result files - C(<class or suite>.<test name>), as Zephyr Enterprise's own automation names them).
  - Statuses are changed in bulk, one request per status, so a task for 2,000 tests costs about as many requests
    as one for 20 (plus paging). Executions that already have the wanted state are not touched, so a re-run
    changes nothing.
  - Tests that are not in the cycle yet are added first (O(add_tests)); result-file entries whose test cannot be
    found are reported in RV(execution.unmapped) and skipped.
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
    description: Shows, for each execution that changes, its status, comment and defects before and after.
options:
  project:
    description:
      - The project, by key (V(SHOP)), id or name.
    type: str
    required: true
  version:
    description:
      - Zephyr Squad - the Jira version of the cycle, by name or id; default V(Unscheduled).
    type: str
  release:
    description:
      - Zephyr Enterprise release; an alias of O(version) for readability.
    type: str
  cycle:
    description:
      - The cycle, by exact name.
    type: str
    required: true
  folder:
    description:
      - Zephyr Squad - a folder of the cycle, by name. Without it the cycle's own executions (outside folders)
        are meant.
    type: str
  phase:
    description:
      - Zephyr Enterprise - the cycle phase, by name. Required there, since Enterprise executions live in phases.
    type: str
  results:
    description:
      - Wanted results, one per test. They win over O(results_file) for the same test.
    type: list
    elements: dict
    suboptions:
      test:
        description: The test's key (Zephyr Enterprise - the test case's name).
        type: str
        required: true
      status:
        description:
          - The status - the product's own name (Zephyr Squad V(PASS), V(FAIL), V(WIP), V(BLOCKED),
            V(UNEXECUTED), or any custom status of the server) or a portable name (V(pass), V(fail), V(skip),
            V(blocked), V(todo), V(in_progress)).
        type: str
      comment:
        description: The execution's comment (at most 750 characters).
        type: str
      defects:
        description: Keys of the defect issues linked to the execution (the whole set; V([]) unlinks all).
        type: list
        elements: str
      steps:
        description:
          - Step results in step order - each a status name, a dict with C(status) and C(comment), or
            V(null) to leave that step alone.
        type: list
        elements: raw
  results_file:
    description:
      - Result files (paths or globs) of an automated run - JUnit/xUnit XML, Robot output, Cucumber/behave JSON,
        TestNG, NUnit, xUnit.net. Each test case is mapped to a test by the key in its properties, tags or name
        (see O(key_pattern)); several cases of one test are folded, the worst status winning.
      - Statuses map as passed -> V(pass), failed and error -> V(fail), skipped -> V(skip) (Zephyr Squad
        V(UNEXECUTED)); change that with O(statuses).
    type: list
    elements: str
  format:
    description:
      - Format of O(results_file); V(auto) detects it from the content.
    type: str
    choices: [auto, junit, robot, cucumber, behave, testng, nunit, xunit]
    default: auto
  key_pattern:
    description:
      - Regular expression that finds a test key in names and tags (a capture group, if any, is the key).
      - Default is a Jira key such as C(SHOP-101).
    type: str
  statuses:
    description:
      - "Status to publish per result status of O(results_file), for example C({skipped: BLOCKED}). Keys are
        C(passed), C(failed), C(error), C(skipped); values are portable or product status names."
    type: dict
  file_comments:
    description:
      - Put the failure messages of failed O(results_file) cases into the execution comment.
    type: bool
    default: true
  add_tests:
    description:
      - Add tests that are not in the cycle (or folder) yet, in one bulk job, before setting their results.
      - When false, such tests are an error for O(results) and unmapped for O(results_file).
    type: bool
    default: true
  attachments:
    description:
      - Files to attach to executions (logs, screenshots). A file already attached under the same name and size
        is not uploaded again.
    type: list
    elements: dict
    suboptions:
      test:
        description: The test whose execution gets the file.
        type: str
        required: true
      path:
        description: The file on the machine running the module.
        type: path
        required: true
      name:
        description: The attachment's name; default the file's name.
        type: str
notes:
  - Comments, defects and step results have no bulk call in Zephyr Squad; they cost one request per execution
    (and per changed step result) whose value differs. Statuses alone stay at one request per status.
  - Bulk status changes are asynchronous; the module waits for each job and verifies the statuses by listing.
seealso:
  - module: testops.testmgmt.zephyr_cycle
  - module: testops.testmgmt.zephyr_cycle_info
"""

EXAMPLES = r"""
- name: Publish a pytest run into the regression cycle
  testops.testmgmt.zephyr_execution:
    project: SHOP
    version: 2.5.0
    cycle: Regression 2.5.0
    results_file: reports/*.xml
    statuses:
      skipped: BLOCKED

- name: Record a manual verdict with a defect and step results
  testops.testmgmt.zephyr_execution:
    project: SHOP
    version: 2.5.0
    cycle: Regression 2.5.0
    folder: Checkout
    results:
      - test: SHOP-103
        status: fail
        comment: Total is off by one cent
        defects: [SHOP-900]
        steps: [pass, pass, {status: fail, comment: "expected 10.00"}]
    attachments:
      - test: SHOP-103
        path: logs/checkout.log
"""

RETURN = r"""
execution:
  description: What the task did to the executions of the cycle (or folder).
  returned: always
  type: dict
  contains:
    cycle_id:
      description: The cycle id.
      type: str
    group_id:
      description: The folder id, or null for the cycle itself.
      type: str
    total:
      description: Results handled (tests with a wanted state).
      type: int
    changed:
      description: Executions that changed (or would change, in check mode).
      type: int
    unchanged:
      description: Executions that already had the wanted state.
      type: int
    added:
      description: Keys of tests added to the cycle first.
      type: list
      elements: str
    unmapped:
      description: Result-file cases without a key, and keys that name no test; they were skipped.
      type: list
      elements: str
    changes:
      description: One entry per changed execution - test key, execution id and what changed.
      type: list
      elements: dict
      sample: [{"test": "SHOP-103", "id": "17", "status": ["PASS", "FAIL"], "comment": true,
                "defects": false, "steps": 1}]
    attachments:
      description: Names of the files uploaded.
      type: list
      elements: str
    summary:
      description: Counts of the result files read (total, passed, failed, error, skipped, flaky, unmapped...).
      type: dict
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 9, "writes": 2, "retries": 0}
"""

import os

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import (
    from_file_results,
    from_params,
    merge,
)

FORMATS = ["auto", "junit", "robot", "cucumber", "behave", "testng", "nunit", "xunit"]

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    version=dict(type="str"),
    release=dict(type="str"),
    cycle=dict(type="str", required=True),
    folder=dict(type="str"),
    phase=dict(type="str"),
    results=dict(type="list", elements="dict", options=dict(
        test=dict(type="str", required=True),
        status=dict(type="str"),
        comment=dict(type="str"),
        defects=dict(type="list", elements="str"),
        steps=dict(type="list", elements="raw"),
    )),
    results_file=dict(type="list", elements="str"),
    format=dict(type="str", choices=FORMATS, default="auto"),
    key_pattern=dict(type="str", no_log=False),
    statuses=dict(type="dict"),
    file_comments=dict(type="bool", default=True),
    add_tests=dict(type="bool", default=True),
    attachments=dict(type="list", elements="dict", options=dict(
        test=dict(type="str", required=True),
        path=dict(type="path", required=True),
        name=dict(type="str"),
    )),
)


def read_files(params, by_name=False):
    """({KEY: Wanted}, unmapped names, summary) from results_file; file problems name the option.

    ``by_name``: the edition matches results to tests by name (Zephyr Enterprise: ``<class>.<name>``),
    unless a ``key_pattern`` says where ids are written."""
    if not params["results_file"]:
        return {}, [], None
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results

    try:
        results, summary = load_results(params["results_file"], fmt=params["format"],
                                        key_pattern=params["key_pattern"], statuses=params["statuses"])
    except ResultFileError as exc:
        raise InputError("results_file", str(exc))
    except ValueError as exc:
        option = "statuses" if "statuses" in str(exc) else "key_pattern" if "key_pattern" in str(exc) else "format"
        raise InputError(option, str(exc))
    if by_name and not params["key_pattern"]:
        for result in results:
            result.key = result.full_name
    wanted, unmapped = from_file_results(results, params["file_comments"])
    return wanted, unmapped, summary


def check_attachments(attachments):
    for index, item in enumerate(attachments or []):
        if not os.path.isfile(item["path"]):
            raise InputError("attachments[%d].path" % index, "%s is not a readable file" % item["path"],
                             "give the path of an existing file")


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    explicit = from_params(params["results"])
    from_file, unmapped, summary = read_files(params, by_name=getattr(backend, "results_by_name", False))
    wanted = merge(from_file, explicit)
    check_attachments(params["attachments"])
    if not wanted and not params["attachments"]:
        raise InputError("results", "no results given", "give results, results_file or attachments")

    # -- reads and validation: nothing is written before all input is known to be good ------------
    step_status = resolve_statuses(backend, wanted)
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    defects = sorted(set(d for item in wanted.values() for d in item.defects or []))
    if defects:
        backend.check_defects(scope, defects, "results")
    cycle, group = find_place(backend, scope, params)
    by_key = keyed(backend.list_executions(scope, cycle, group))
    attach_keys = [str(a["test"]).strip().upper() for a in params["attachments"] or []]
    to_add = tests_to_add(backend, scope, params, wanted, explicit, attach_keys, by_key, unmapped)
    for key in unmapped:
        wanted.pop(key, None)
    current_steps = read_steps(backend, scope, wanted, by_key, to_add)

    # -- writes ----------------------------------------------------------------------------------
    if to_add:
        listed = backend.add_tests(scope, cycle, group, to_add)
        by_key.update(keyed(listed) if listed is not None else predicted(backend, cycle, group, to_add))
        for key, item in wanted.items():
            if item.steps and key not in current_steps and by_key[key]["id"] is not None:
                current_steps[key] = backend.get_step_results(scope, by_key[key])
    plan = make_plan(backend, scope, wanted, by_key)
    bulk = [(by_key[key], item.status) for key, item, change in plan if change["status"] and not change["execute"]]
    if bulk:
        backend.set_statuses(scope, bulk)
    names = dict((v, k) for k, v in backend.statuses().items())
    changes, before, after = [], {}, {}
    for key, item, change in plan:
        execution = by_key[key]
        if change["execute"]:
            target = dict(execution, status_id=item.status if item.status is not None else execution["status_id"])
            backend.update_execution(scope, target, comment=item.comment if change["comment"] else None,
                                     defects=item.defects if change["defects"] else None)
        step_writes = 0
        if item.steps and key in current_steps:
            wanted_steps = [None if s is None else {"status_id": step_status.get(s.get("status")),
                                                    "comment": s.get("comment")} for s in item.steps]
            step_writes = backend.set_step_results(scope, execution, wanted_steps, current=current_steps[key])
        if change["status"] or change["execute"] or step_writes:
            new_status = names.get(item.status, item.status) if change["status"] else execution["status"]
            changes.append({"test": execution["test_key"] or execution["test_name"], "id": execution["id"],
                            "status": [execution["status"], new_status] if change["status"] else None,
                            "comment": change["comment"], "defects": change["defects"], "steps": step_writes})
            before[key] = dict(change["before"], status=execution["status"])
            after[key] = {"status": new_status, "comment": item.comment if change["comment"] else
                          change["before"]["comment"]}
            if "defects" in change["before"]:
                after[key]["defects"] = item.defects if change["defects"] else change["before"]["defects"]
            if step_writes:
                after[key]["step_results_changed"] = step_writes
    uploaded = attach(backend, scope, params["attachments"], by_key)

    report = {"cycle_id": cycle["id"], "group_id": group["id"] if group else None, "total": len(wanted),
              "changed": len(changes), "unchanged": len(wanted) - len(changes),
              "added": sorted(t["key"] or t["name"] for t in to_add), "unmapped": unmapped, "changes": changes,
              "attachments": uploaded}
    if summary is not None:
        report["summary"] = summary
    changed = bool(changes or to_add or uploaded)
    if not changed:
        return False, report, None
    for test in to_add:
        before.setdefault((test["key"] or test["name"]).upper(), None)
    if uploaded:
        before["attachments"], after["attachments"] = [], uploaded
    return True, report, {"before": before, "after": after}


def resolve_statuses(backend, wanted):
    """Statuses become ids in place; -> {step status name: id}. Unknown names fail here."""
    step_status = {}
    for item in wanted.values():
        if item.status is not None:
            # a file's statuses are portable unless the ``statuses`` option renamed them
            item.status = backend.resolve_status(item.status, item.option + ".status" if item.explicit else "statuses")
        for index, step in enumerate(item.steps or []):
            name = step.get("status") if step is not None else None
            if name is not None and name not in step_status:
                step_status[name] = backend.resolve_step_status(name, "%s.steps[%d]" % (item.option, index))
    return step_status


def find_place(backend, scope, params):
    cycle = as_option("cycle", backend.find_cycle, scope, params["cycle"])
    if cycle is None:
        raise InputError("cycle", "cycle %r not found in %s %s" % (
            params["cycle"], scope.project.get("key"), scope.version.get("name")), "create it with zephyr_cycle")
    group = None
    option = "phase" if params["phase"] else "folder"  # Enterprise phase; Squad folder
    if params[option]:
        group = backend.find_group(scope, cycle, params[option], option=option)
        if group is None:
            raise InputError(option, "%s %r not found in cycle %r" % (option, params[option], params["cycle"]),
                             "create it with zephyr_cycle (%ss)" % option)
    return cycle, group


def keyed(executions):
    # Zephyr Enterprise test cases have no key: their name identifies them
    return dict(((e["test_key"] or e["test_name"] or "").upper(), e) for e in executions)


def tests_to_add(backend, scope, params, wanted, explicit, attach_keys, by_key, unmapped):
    """Tests to add first. Keys the user wrote must exist (else an error naming the option); keys read
    from a file that name no test of the project are reported unmapped."""
    missing = sorted(set(k for k in list(wanted) + attach_keys if k not in by_key))
    if not missing:
        return []
    named = [k for k in missing if k in explicit or k in attach_keys]
    if named:
        option = _option_of(named[0], explicit, attach_keys)
        if not params["add_tests"]:
            raise InputError(option, "%s is not in cycle %r" % (named[0], params["cycle"]),
                             "add it with zephyr_cycle, or set add_tests")
        backend.resolve_test_set(scope, {"keys": named, "query": None, "filter": None, "from_cycle": None}, option)
    found = backend.find_tests(scope, missing) if params["add_tests"] else {}
    unmapped.extend(k for k in missing if k not in found)
    return [found[k] for k in missing if k in found]


def predicted(backend, cycle, group, tests):
    """Check mode: the executions the add would create."""
    todo = backend.resolve_status("todo")
    names = dict((v, k) for k, v in backend.statuses().items())
    return dict(((t["key"] or t["name"]).upper(), {
        "id": None, "test_id": t["id"], "test_key": t["key"], "test_name": t.get("name"), "cycle_id": cycle["id"],
        "group_id": group["id"] if group else None, "status": names.get(todo, todo), "status_id": todo,
        "comment": "", "defects": [], "defect_count": 0}) for t in tests)


def read_steps(backend, scope, wanted, by_key, to_add):
    """Current step results of executions that get step results; too many given is an error."""
    current = {}
    tests = dict(((t["key"] or t["name"]).upper(), t) for t in to_add)
    for key, item in sorted(wanted.items()):
        if not item.steps:
            continue
        if key in by_key:
            current[key] = backend.get_step_results(scope, by_key[key])
            count = len(current[key])
        else:
            count = len(backend.get_steps(scope, tests[key]))
        if len(item.steps) > count:
            raise InputError(item.option + (".steps" if item.explicit else ""), "%s has %d steps, %d step results "
                             "were given" % (key, count, len(item.steps)), "give one entry per step")
    return current


def _option_of(key, explicit, attach_keys):
    if key in explicit:
        return explicit[key].option + ".test"
    return "attachments[%d].test" % attach_keys.index(key)


def make_plan(backend, scope, wanted, by_key):
    """[(key, wanted, change)]: which executions need a bulk status, and which an execute call."""
    plan = []
    for key, item in sorted(wanted.items()):
        execution = by_key[key]
        change = {"status": item.status is not None and item.status != execution["status_id"],
                  "comment": item.comment is not None and item.comment != (execution.get("comment") or ""),
                  "defects": False, "before": {"comment": execution.get("comment") or ""}}
        if item.defects is not None:
            have = execution.get("defects")
            if have is None:  # listings carry a count; read the keys only where there are some
                have = backend.execution_defects(scope, execution) if execution.get("defect_count") else []
            have = sorted(set(str(d).upper() for d in have))
            change["defects"] = have != item.defects
            change["before"]["defects"] = have
        change["execute"] = change["comment"] or change["defects"]
        plan.append((key, item, change))
    return plan


def attach(backend, scope, attachments, by_key):
    uploaded = []
    for item in attachments or []:
        execution = by_key[str(item["test"]).strip().upper()]
        name = item.get("name") or os.path.basename(item["path"])
        size = os.path.getsize(item["path"])
        if execution["id"] is not None and any(
                a["name"] == name and a["size"] in (None, size) for a in backend.list_attachments(scope, execution)):
            continue
        backend.attach(scope, execution, item["path"], name)
        uploaded.append(name)
    return uploaded


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "execution")


if __name__ == "__main__":
    main()
