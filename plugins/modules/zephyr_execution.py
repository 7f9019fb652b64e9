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


from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.upload import check_upload
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS, zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import (
    MAX_COMMENT,
    TRAILER_LENGTH,
    cap_comments,
    cut,
    fold,
    fold_item,
    from_params,
    is_signed,
    merge,
    signed,
    split_file_results,
)

FORMATS = ["auto", "junit", "robot", "cucumber", "behave", "testng", "nunit", "xunit"]
LISTED = 20  # unmapped names an error message lists

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


class FileResults(object):
    """What the result files say: entries by key, entries without one (by test name), the summary."""

    def __init__(self, limit):
        self.by_key, self.by_name, self.summary, self.given = {}, {}, None, False
        self.position = {}  # id(result) -> its index in the files: which failures are commented first
        self.keys_are_names = False  # Zephyr Enterprise maps results by test case name
        self.limit = limit


def read_files(params, backend, limit):
    """FileResults of results_file; file problems name the option.

    An edition that matches results to tests by name (Zephyr Enterprise: ``<class>.<name>``) keys
    every result by its name, unless a ``key_pattern`` says where ids are written."""
    files = FileResults(limit)
    if not params["results_file"]:
        return files
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
    if getattr(backend, "results_by_name", False) and not params["key_pattern"]:
        files.keys_are_names = True
        for result in results:
            result.key = backend.test_name(result.full_name)
    files.by_key, files.by_name = split_file_results(results, params["file_comments"], limit, backend.test_name)
    files.position = dict((id(result), index) for index, result in enumerate(results))
    files.summary, files.given = summary, True
    return files


def check_options(backend, params):
    if params["comment_limit"] < 0:
        raise InputError("comment_limit", "is %d" % params["comment_limit"],
                         "give how many failures may get a comment (0 = none)")
    if params["on_unmapped"] == "create" and not params["add_tests"]:
        raise InputError("on_unmapped", "create adds the tests it creates to the cycle, but add_tests is false",
                         "set add_tests to true, or on_unmapped to skip or fail")
    if params["create_folder"] and not getattr(backend, "test_folders", False):
        raise InputError("create_folder", "is for Zephyr Enterprise, whose test cases live in repository folders",
                         "remove it (Zephyr Squad tests are Jira issues of the project)")


def check_attachments(attachments):
    """Every attachment checked (readable, within the upload limit) before anything is written; the
    name each is sent under is the sanitized one the server keeps, so re-runs compare like with like."""
    return [check_upload(item["path"], "attachments[%d].path" % index, name=item.get("name"))
            for index, item in enumerate(attachments or [])]


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    check_options(backend, params)
    keep = params["merge"] == "keep"
    limit = MAX_COMMENT - TRAILER_LENGTH if keep else MAX_COMMENT  # keep signs the comments it writes
    explicit = from_params(params["results"], limit)
    files = read_files(params, backend, limit)
    uploads = check_attachments(params["attachments"])
    if not explicit and not files.given and not params["attachments"]:
        raise InputError("results", "no results given", "give results, results_file or attachments")

    # -- reads and validation: nothing is written before all input is known to be good ------------
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    defects = sorted(set(d for item in explicit.values() for d in item.defects or []))
    if defects:
        backend.check_defects(scope, defects, "results")
    cycle, group, new_place = find_place(backend, scope, params)
    by_key = keyed(backend.list_executions(scope, cycle, group))
    attach_keys = [str(a["test"]).strip().upper() for a in params["attachments"] or []]
    to_add, lost = tests_to_add(backend, scope, params, explicit, files.by_key, attach_keys, by_key)
    unmapped, to_create = map_by_name(backend, scope, params, files, lost, by_key, to_add)
    # explicit comments are not capped: only the file's failure comments (one request each)
    from_files = [item for key, item in files.by_key.items() if key not in explicit or explicit[key].comment is None]
    uncommented = cap_comments(from_files + to_create, params["comment_limit"], files.position)
    if uncommented:
        module.warn("%d failed result(s) got no failure comment: comment_limit is %d, and each comment costs one "
                    "request (Zephyr has no bulk comment call); raise comment_limit to comment more"
                    % (uncommented, params["comment_limit"]))
    wanted = merge(files.by_key, explicit)
    step_status = resolve_statuses(backend, list(wanted.values()) + to_create)
    current_steps = read_steps(backend, scope, wanted, by_key, to_add)

    # -- writes ----------------------------------------------------------------------------------
    cycle, group = create_place(backend, scope, params, new_place, cycle, group)
    created = create_tests(backend, scope, params, to_create, wanted, to_add)
    if to_add:
        listed = backend.add_tests(scope, cycle, group, to_add)
        # check mode, or a place create_cycle would create: nothing was added, the executions are predicted
        real = listed is not None and cycle["id"] is not None and (group is None or group["id"] is not None)
        by_key.update(keyed(listed) if real else predicted(backend, cycle, group, to_add))
        for key, item in wanted.items():
            if item.steps and key not in current_steps and by_key[key]["id"] is not None:
                current_steps[key] = backend.get_step_results(scope, by_key[key])
    plan = make_plan(backend, scope, wanted, by_key, keep)
    bulk = [(by_key[key], item.status) for key, item, change in plan if change["status"] and not change["execute"]]
    if bulk:
        backend.set_statuses(scope, bulk)
    names = dict((v, k) for k, v in backend.statuses().items()) if plan else {}
    changes, kept, before, after = [], [], {}, {}
    for key, item, change in plan:
        execution = by_key[key]
        label = execution["test_key"] or execution["test_name"]
        if change["execute"]:
            target = dict(execution, status_id=item.status if change["status"] else execution["status_id"])
            backend.update_execution(scope, target, comment=change["comment_text"] if change["comment"] else None,
                                     defects=change["defects_set"] if change["defects"] else None)
        step_writes = 0
        if item.steps and key in current_steps:
            if change["manual"]:
                change["kept"].append("steps")
            else:
                wanted_steps = [None if s is None else {"status_id": step_status.get(s.get("status")),
                                                        "comment": s.get("comment")} for s in item.steps]
                step_writes = backend.set_step_results(scope, execution, wanted_steps, current=current_steps[key])
        if change["kept"]:
            kept.append({"test": label, "id": execution["id"], "fields": change["kept"],
                         "executed_by": execution.get("executed_by") if change["manual"] else None})
        if change["status"] or change["execute"] or step_writes:
            new_status = names.get(item.status, item.status) if change["status"] else execution["status"]
            changes.append({"test": label, "id": execution["id"],
                            "status": [execution["status"], new_status] if change["status"] else None,
                            "comment": change["comment"], "defects": change["defects"], "steps": step_writes})
            before[key] = dict(change["before"], status=execution["status"])
            after[key] = {"status": new_status, "comment": change["comment_text"] if change["comment"] else
                          change["before"]["comment"]}
            if "defects" in change["before"]:
                after[key]["defects"] = change["defects_set"] if change["defects"] else change["before"]["defects"]
            if step_writes:
                after[key]["step_results_changed"] = step_writes
    uploaded = attach(backend, scope, params["attachments"], uploads, by_key)

    report = {"cycle_id": cycle["id"], "group_id": group["id"] if group else None, "total": len(wanted),
              "changed": len(changes), "unchanged": len(wanted) - len(changes),
              "added": sorted(t["key"] or t["name"] for t in to_add), "created": created, "unmapped": unmapped,
              "kept": kept, "changes": changes, "attachments": uploaded, "uncommented": uncommented,
              "place_created": new_place}
    if files.summary is not None:
        # the counts: the failures list repeats the files (a name and message per failure, MBs at scale)
        report["summary"] = dict((k, v) for k, v in files.summary.items() if k != "failures")
    changed = bool(changes or to_add or uploaded or new_place)
    if not changed:
        return False, report, None
    for what in new_place:
        before[what], after[what] = None, params[what]
    for test in to_add:
        before.setdefault((test["key"] or test["name"]).upper(), None)
    if uploaded:
        before["attachments"], after["attachments"] = [], uploaded
    return True, report, {"before": before, "after": after}


def resolve_statuses(backend, items):
    """Statuses become ids in place; -> {step status name: id}. Unknown names fail here."""
    step_status = {}
    for item in items:
        if item.status is not None:
            # a file's statuses are portable unless the ``statuses`` option renamed them
            item.status = backend.resolve_status(item.status, item.option + ".status" if item.explicit else "statuses")
        for index, step in enumerate(item.steps or []):
            name = step.get("status") if step is not None else None
            if name is not None and name not in step_status:
                step_status[name] = backend.resolve_step_status(name, "%s.steps[%d]" % (item.option, index))
    return step_status


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


def keyed(executions):
    # Zephyr Enterprise test cases have no key: their name identifies them
    return dict((_key_of(e["test_key"], e["test_name"]), e) for e in executions)


def _key_of(key, name):
    return (key or name or "").upper()


def tests_to_add(backend, scope, params, explicit, from_file, attach_keys, by_key):
    """(tests to add first, file keys that name no test). Keys the user wrote must exist (else an error
    naming the option); keys read from a file that name no test of the project are left to map_by_name."""
    missing = sorted(set(k for k in list(explicit) + list(from_file) + attach_keys if k not in by_key))
    if not missing:
        return [], []
    named = [k for k in missing if k in explicit or k in attach_keys]
    found = {}
    if named:
        option = _option_of(named[0], explicit, attach_keys)
        if not params["add_tests"]:
            raise InputError(option, "%s is not in cycle %r" % (named[0], params["cycle"]),
                             "add it with zephyr_cycle, or set add_tests")
        resolved = backend.resolve_test_set(scope, {"keys": named, "query": None, "filter": None, "from_cycle": None},
                                            option)["tests"]
        if len(resolved) == len(named):  # one test per key, in order: not looked up a second time
            found = dict(zip(named, resolved))
    rest = [k for k in missing if k not in found]
    if rest and params["add_tests"]:
        found.update(backend.find_tests(scope, rest))
    return [found[k] for k in missing if k in found], [k for k in missing if k not in found]


def map_by_name(backend, scope, params, files, lost, by_key, to_add):
    """Results that no key maps (none in the file, or one that names no test) are matched by test name:
    first against the tests already in the cycle, then in one batched search. What stays unmapped is
    skipped, fails the task, or is created (``on_unmapped``). -> (unmapped report, [Wanted to create])."""
    name_of = backend.test_name
    pending, missing, reported_as = dict(files.by_name), {}, {}
    for key in lost:
        item = files.by_key.pop(key)
        if files.keys_are_names:  # already looked up by name
            missing[key] = item
            continue
        for result in item.sources:
            name = name_of(result.full_name).upper()
            fold(pending, name, result, item.comment is not None, name_of)
            reported_as.setdefault(name, key)
    cut(pending.values(), files.limit)
    in_cycle = {}
    for execution in by_key.values():
        if execution.get("test_name"):
            in_cycle.setdefault(name_of(execution["test_name"]), execution)
    search = [item.name for item in pending.values() if item.name not in in_cycle]
    found = backend.find_tests_by_name(scope, search, "results_file") if search and params["add_tests"] else {}
    adding = set(_key_of(t["key"], t["name"]) for t in to_add)
    for name, item in pending.items():
        if item.name in in_cycle:
            execution = in_cycle[item.name]
            key = _key_of(execution["test_key"], execution["test_name"])
        elif item.name in found:
            test = found[item.name]
            key = _key_of(test["key"], test["name"])
            if key not in by_key and key not in adding:
                adding.add(key)
                to_add.append(test)
        else:
            missing[name] = item
            continue
        fold_item(files.by_key, key, item, name_of)
    cut(files.by_key.values(), files.limit)
    if not missing:
        return [], []
    if params["on_unmapped"] == "create":
        return [], list(missing.values())
    report = []
    for name, item in missing.items():
        label = reported_as.get(name, item.name)
        if label not in report:
            report.append(label)
    if params["on_unmapped"] == "fail":
        more = " and %d more" % (len(report) - LISTED) if len(report) > LISTED else ""
        raise InputError("on_unmapped", "is fail and %d result(s) map to no test of the project: %s%s" % (
            len(report), ", ".join(report[:LISTED]), more),
            "give them test keys, create the tests, or set on_unmapped to skip or create")
    return report, []


def create_tests(backend, scope, params, to_create, wanted, to_add):
    """Create the tests of ``to_create`` in bulk (named by their results) -> their keys (or names)."""
    if not to_create:
        return []
    tests = backend.create_tests_by_name(scope, [item.name for item in to_create], params["create_folder"])
    created = []
    for item, test in zip(to_create, tests):
        item.key = _key_of(test["key"], test["name"])
        wanted[item.key] = item
        to_add.append(test)
        created.append(test["key"] or test["name"])
    return created


def predicted(backend, cycle, group, tests):
    """Check mode: the executions the add would create."""
    todo = backend.resolve_status("todo")
    names = dict((v, k) for k, v in backend.statuses().items())
    return dict((_key_of(t["key"], t["name"]), {
        "id": None, "test_id": t["id"], "test_key": t["key"], "test_name": t.get("name"), "cycle_id": cycle["id"],
        "group_id": group["id"] if group else None, "status": names.get(todo, todo), "status_id": todo,
        "comment": "", "defects": [], "defect_count": 0, "executed_by": None}) for t in tests)


def read_steps(backend, scope, wanted, by_key, to_add):
    """Current step results of executions that get step results; too many given is an error."""
    current = {}
    tests = dict((_key_of(t["key"], t["name"]), t) for t in to_add)
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


class Publisher(object):
    """Who publishes (asked once, only when an execution was executed by someone): with merge keep, an
    execution whose status another user set is a person's verdict."""

    def __init__(self, backend):
        self.backend = backend
        self._ids = None
        self._todo = None

    def manual(self, execution):
        executed_by = execution.get("executed_by")
        if not executed_by:
            return False
        if self._todo is None:
            self._todo = self.backend.resolve_status("todo")
        if execution["status_id"] == self._todo:
            return False
        if self._ids is None:
            self._ids = set(str(i) for i in self.backend.publisher_ids() if i not in (None, ""))
        return str(executed_by) not in self._ids


def comment_target(wanted, have, keep):
    """-> (text to write or None, kept). ``keep``: a comment is written over an empty one or over one this
    module wrote (signed, unedited); another comment is a person's and is kept."""
    if wanted is None:
        return None, False
    if not keep:
        return (wanted if wanted != have else None), False
    target = signed(wanted)
    if have in (wanted, target):
        return None, False
    if not have or is_signed(have):
        return target, False
    return None, bool(wanted)


def make_plan(backend, scope, wanted, by_key, keep):
    """[(key, wanted, change)]: which executions need a bulk status, which an execute call, and what
    ``merge: keep`` leaves as a person set it (``change["kept"]``)."""
    plan = []
    publisher = Publisher(backend)
    for key, item in sorted(wanted.items()):
        execution = by_key[key]
        have_comment = execution.get("comment") or ""
        change = {"status": item.status is not None and item.status != execution["status_id"],
                  "comment": False, "comment_text": None, "defects": False, "defects_set": None, "kept": [],
                  "manual": False, "before": {"comment": have_comment}}
        change["comment_text"], comment_kept = comment_target(item.comment, have_comment, keep)
        change["comment"] = change["comment_text"] is not None
        if item.defects is not None:
            have = execution.get("defects")
            if have is None:  # listings carry a count; read the keys only where there are some
                have = backend.execution_defects(scope, execution) if execution.get("defect_count") else []
            have = sorted(set(str(d).upper() for d in have))
            change["defects_set"] = sorted(set(have) | set(item.defects)) if keep else item.defects
            change["defects"] = change["defects_set"] != have
            change["before"]["defects"] = have
        touched = [f for f in ("status", "comment", "defects") if change[f] or (f == "comment" and comment_kept)]
        touched += ["steps"] if item.steps else []
        if keep and touched and publisher.manual(execution):
            # a person's verdict: any write (Squad's execute carries a status) would make it ours
            change.update(manual=True, status=False, comment=False, defects=False,
                          kept=[f for f in touched if f != "steps"])
        elif comment_kept:
            change["kept"].append("comment")
        change["execute"] = change["comment"] or change["defects"]
        plan.append((key, item, change))
    return plan


def attach(backend, scope, attachments, uploads, by_key):
    uploaded = []
    for item, upload in zip(attachments or [], uploads):
        execution = by_key[str(item["test"]).strip().upper()]
        if execution["id"] is not None and any(
                a["name"] == upload.name and a["size"] in (None, upload.size)
                for a in backend.list_attachments(scope, execution)):
            continue
        backend.attach(scope, execution, upload.path, upload.name)
        uploaded.append(upload.name)
    return uploaded


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "execution")


if __name__ == "__main__":
    main()
