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
  - Tests that are not in the cycle yet are added first (O(add_tests)).
  - Result-file entries that no key maps (none in the file, or a key that names no test) are matched by test
    name - the Zephyr Squad summary or Zephyr Enterprise test case name equal to the result's full name
    (C(<class or suite>.<test name>)) - first among the cycle's tests, then in one batched search. What still
    maps to no test is skipped and reported in RV(execution.unmapped), fails the task, or is created
    (O(on_unmapped)).
  - A re-publish keeps what people did to the executions (O(merge)) - their verdicts, comments and defects -
    unless O(merge=replace) says the results are the whole truth.
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
    description: Shows, for each execution that changes, its status, comment and defects before and after.
options:
  cycle:
    description:
      - The cycle, by exact name, among the cycles of O(version) (Zephyr Enterprise - O(release)) of O(project).
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
        description:
          - The execution's comment (at most 750 characters; 731 with O(merge=keep), which adds its trailer).
        type: str
      defects:
        description:
          - Keys of the defect issues linked to the execution. With O(merge=replace) the whole set (V([]) unlinks
            all); with O(merge=keep) they are added to those linked.
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
      - Results without a key are matched by name, see O(on_unmapped).
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
      - Put the failure messages of failed O(results_file) cases into the execution comment; a test that did
        not fail gets no comment (see O(merge) for comments people wrote). At most O(comment_limit) of them.
      - V(false) leaves comments to O(results) and people - the files do not touch them at all.
    type: bool
    default: true
  comment_limit:
    description:
      - At most this many executions get a failure comment from O(results_file) in one task; V(0) = none.
        A comment costs one request per execution (Zephyr Squad has no bulk comment call), so a run with
        thousands of failures would otherwise send thousands of requests.
      - The failures that come first in the files get their comment; the others want no comment, as if they
        had passed - the same ones on every run, so a re-run changes nothing. A warning and
        RV(execution.uncommented) say how many went without; raise the limit to comment more.
      - Comments given in O(results) are not counted nor capped.
    type: int
    default: 200
  create_cycle:
    description:
      - Create O(cycle), and O(folder) (Zephyr Squad) or O(phase) (Zephyr Enterprise) in it, when missing - by
        name only, with the other writes, after every input was checked. Saves a M(testops.testmgmt.zephyr_cycle)
        task (and its reads) before publishing; use that module to set the cycle's other fields.
      - When false, a missing cycle, folder or phase is an error.
    type: bool
    default: false
  add_tests:
    description:
      - Add tests that are not in the cycle (or folder) yet, in one bulk job, before setting their results.
      - When false, such tests are an error for O(results) and unmapped for O(results_file).
    type: bool
    default: true
  on_unmapped:
    description:
      - What to do with O(results_file) entries that map to no test, neither by key nor by name.
      - V(skip) reports them in RV(execution.unmapped) and publishes the rest.
      - V(fail) fails the task before anything is written, listing (up to 20 of) them.
      - V(create) creates the missing tests, named by the results' full names, in bulk (Zephyr Squad - Test
        issues of the project, 50 per request; Zephyr Enterprise - test cases in O(create_folder), 500 per
        request), adds them to the cycle (or phase) and sets their results. A re-run finds them by name and
        creates nothing. Needs O(add_tests).
    type: str
    choices: [skip, fail, create]
    default: skip
  create_folder:
    description:
      - Zephyr Enterprise - the repository folder (C(A > B), created when missing) that O(on_unmapped=create)
        creates test cases in. Default V(Automation), where Zephyr's own automation puts them.
    type: str
  merge:
    description:
      - How a publish treats what people did to the executions since the last one.
      - "V(keep): an execution whose status another user set (the C(executedBy) of the execution is not the
        connecting user, and the status is not unexecuted) is a person's verdict and is left entirely as it is
        - status, comment, defects and step results; it is listed in RV(execution.kept). On the other
        executions a comment is written only over an empty one or over one this module wrote (comments are
        signed with a trailer line C([testops <digest>]) whose digest tells an unedited comment of ours);
        another comment is a person's and is kept. Defects are only added, never unlinked."
      - V(replace) makes every execution exactly what the results say - status, comment (empty when the
        result has none), defects (those given replace the linked ones) - whoever set them; comments are written
        as given.
      - "Publish with an account of its own (a CI user): with V(keep), what the connecting user set counts as
        the module's own."
    type: str
    choices: [keep, replace]
    default: keep
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
    Failure comments from O(results_file) are capped by O(comment_limit) for that reason.
  - Bulk status changes are asynchronous; the module waits for each job and verifies the statuses by listing.
  - Zephyr Enterprise links defects only through its defect tracker integration, which the module does not
    drive; there O(merge) is about statuses, comments (notes) and step results.
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

- name: Publish a run, creating tests for results that have none, and overwrite what people changed
  testops.testmgmt.zephyr_execution:
    project: SHOP
    version: 2.5.0
    cycle: Regression 2.5.0
    folder: Nightly
    results_file: reports/junit.xml
    on_unmapped: create
    merge: replace

- name: Publish into the run's own folder (cycle and folder created when missing), commenting 1,000 failures at most
  testops.testmgmt.zephyr_execution:
    project: SHOP
    version: 2.5.0
    cycle: Regression 2.5.0
    folder: Run 1234
    create_cycle: true
    results_file: reports/*.xml
    comment_limit: 1000

- name: Zephyr Enterprise - create missing test cases in a folder of their own
  testops.testmgmt.zephyr_execution:
    edition: enterprise
    project: Shop
    release: Release 1.0
    cycle: Regression
    phase: Nightly
    results_file: reports/junit.xml
    on_unmapped: create
    create_folder: Automation > Nightly

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
    created:
      description: Tests created for results that mapped to no test (O(on_unmapped=create)) - keys, or names
        on Zephyr Enterprise (and in check mode).
      type: list
      elements: str
    unmapped:
      description:
        - Results that map to no test and were skipped - the full name of a result without a key, or the key
          that names no test.
      type: list
      elements: str
    kept:
      description:
        - Executions where O(merge=keep) left something as a person set it - C(fields) lists what the results
          would have changed; C(executed_by) is set when the whole execution was left alone (a person's
          verdict).
      type: list
      elements: dict
      sample: [{"test": "SHOP-104", "id": "18", "fields": ["status", "comment"], "executed_by": "jdoe"}]
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
    uncommented:
      description: Failed results of O(results_file) that got no failure comment because of O(comment_limit).
      type: int
      sample: 0
    place_created:
      description: What O(create_cycle) created (or would create in check mode) - V(cycle), V(folder), V(phase).
      type: list
      elements: str
      sample: ["folder"]
    summary:
      description: Counts of the result files read (total, passed, failed, error, skipped, flaky, unmapped...).
      type: dict
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 9, "writes": 2, "retries": 0}
"""


from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_apply import apply_publish
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_inputs import read_inputs
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_plan import plan_publish

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
    comment_limit=dict(type="int", default=200),
    create_cycle=dict(type="bool", default=False),
    add_tests=dict(type="bool", default=True),
    on_unmapped=dict(type="str", choices=["skip", "fail", "create"], default="skip"),
    create_folder=dict(type="str"),
    merge=dict(type="str", choices=["keep", "replace"], default="keep"),
    attachments=dict(type="list", elements="dict", options=dict(
        test=dict(type="str", required=True),
        path=dict(type="path", required=True),
        name=dict(type="str"),
    )),
)


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    pub = read_inputs(backend, params)  # options, result files and attachments: no request yet
    plan_publish(backend, pub, module.warn)  # reads only: nothing is written before all input is known to be good
    return apply_publish(backend, pub)


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "execution")


if __name__ == "__main__":
    main()
