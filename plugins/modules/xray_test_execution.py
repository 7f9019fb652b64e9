#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: xray_test_execution
short_description: Manage an Xray Test Execution and publish test results to it
version_added: 0.1.0
description:
  - Finds a Test Execution by O(key), or by its exact O(summary) within O(project), and creates it when it does not
    exist. Works on Xray Server/Data Center and on Xray Cloud (O(deployment)).
  - Creating the execution needs O(project) and O(summary). An execution found by O(key) is renamed to a different
    O(summary). O(fix_version) names one version only, as in Xray's imports.
  - Makes the Tests of the execution match O(tests) (with O(purge_tests), Tests not listed are removed), and publishes
    results given inline (O(results)) and/or as report files (O(results_file) with O(format)).
  - Results are compared with the execution's runs first; only runs that differ are written, through Xray's bulk
    import endpoints (one request per O(import_batch_size) results, plus one per report file that changes
    something). So publishing the same results again reports no change and sends no write.
  - A report with more results than O(import_batch_size) is sent in pieces (as Xray JSON, first piece creating or
    naming the execution, the others naming it), so it still lands in one execution.
  - What people changed on the runs is kept or replaced as O(merge) says.
  - Every Test key is checked before anything is written; an unknown key fails the task and leaves the execution
    untouched.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection.xray
  - testops.testmgmt.xray_scope
  - testops.testmgmt.xray_scope.fields
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would be created, added, removed or published.
  diff_mode:
    support: full
    description: Shows the Tests and their statuses (and changed fields) before and after.
options:
  revision:
    description:
      - Source code revision (for example a commit id) the tests ran against.
      - On Xray Cloud the revision can only be set when the execution is created (through an Xray JSON import); it
        cannot be read back, so it is not compared afterwards.
    type: str
  environments:
    description:
      - Test Environments of the execution (for example V(chrome), V(staging)). The list given replaces the current one.
    type: list
    elements: str
  test_plan:
    description:
      - Key of a Test Plan. The execution and all its Tests are added to the plan (nothing is removed from it).
    type: str
  tests:
    description:
      - Keys of Tests that must be in the execution. Tests already there keep their runs and statuses.
    type: list
    elements: str
  purge_tests:
    description:
      - Remove from the execution every Test that is not in O(tests), O(results) or O(results_file).
    type: bool
    default: false
  results:
    description:
      - Results to publish, one per Test. A Test that is not in the execution yet is added.
    type: list
    elements: dict
    suboptions:
      test:
        description: Key of the Test.
        type: str
        required: true
      status:
        description:
          - V(pass), V(fail), V(skip), V(blocked), V(todo) or V(in_progress), mapped for the deployment (see notes),
            or the product's own name (V(PASS), V(EXECUTING), V(PASSED) on Cloud, or a custom status).
        type: str
        required: true
      comment:
        description: Comment of the Test Run.
        type: str
      defects:
        description: Keys of defects to link to the run (added; existing links are kept).
        type: list
        elements: str
      evidence:
        description:
          - Paths of files to attach to the run as evidence. A file whose name is already attached is not sent again.
        type: list
        elements: path
  results_file:
    description:
      - Report files (paths or globs, gzip-compressed ones too) imported into the execution in order, each through
        the import endpoint of its format (see O(format)); files of different formats can be mixed.
      - When the execution does not exist yet, the first file creates it (the format's multipart endpoint, with the
        execution's fields); the next files are imported into it. Where two files report the same Test, the later
        one wins.
      - Xray maps each test case to a Test (a C(test_key) property or a tag naming a Test, else the Generic Test
        Definition C(classname.name), the Cucumber scenario name) and creates the Tests it does not find.
      - A file is sent as Xray JSON entries instead of whole when it has more results than O(import_batch_size),
        or when it names a run whose status a person set (O(merge=keep) leaves that run out). The entries carry the
        status and Xray's JUnit extension properties (C(testrun_comment), C(test_summary), C(test_description),
        C(tags), C(testrun_evidence)).
      - Xray JSON has no place for the failure output Xray shows for a whole XML import, so in entries a failed or
        errored case without a C(testrun_comment) carries it as its run's comment instead - C(Failed:) or
        C(Error:), the failure message, then the head of the failure text, at most 2000 characters in all. The
        text depends only on the report, so publishing it again compares equal and writes nothing; with
        O(merge=keep) it goes below a comment someone else wrote, and not at all on a run a person owns. A file
        imported whole leaves the failure output to Xray's import of its format (no comment is added or
        compared).
    type: list
    elements: path
  format:
    description:
      - Format of O(results_file). V(auto) tells each file's format from its content (XML root element; Cucumber,
        behave or Xray JSON from its shape), so one task can import files of several formats.
      - V(junit) also covers pytest, Maven Surefire, jest-junit, mocha-junit-reporter and Robot C(--xunit) reports;
        V(robot) is Robot Framework's C(output.xml); V(cucumber) and V(behave) are their JSON reports; V(xray) is
        Xray JSON.
    type: str
    choices: [auto, junit, xray, testng, nunit, xunit, robot, cucumber, behave]
    default: auto
  import_batch_size:
    description:
      - Most results sent in one import request. Larger reports and result lists are split into several imports
        into the same execution.
      - Xray documents no exact maximum for execution imports; its troubleshooting page gives 1000 Tests per
        request for the bulk Test import, and large imports are known to time out. Lower it if your Xray refuses
        or times out on large imports.
      - A report over this size goes as Xray JSON entries, whose failed cases carry their failure message as the
        run's comment (see O(results_file)).
    type: int
    default: 1000
  merge:
    description:
      - What a publish does to what people changed on the runs.
      - A run's status was set by a person when its executor (who set the status, as Xray records it) is not the
        account this task publishes with. TODO counts as no result.
      - V(keep) never overwrites such a status (the run is listed in RV(execution.kept)); the task's comment is
        appended below a comment someone else wrote (unless it is already there); defects and evidence are only
        added. Comments, defects and evidence for a person's run go through the run's own update, which keeps its
        status and executor.
      - V(replace) publishes statuses and comments over what is there; on Server/DC the O(results[].defects) become
        the run's only defects.
    type: str
    choices: [keep, replace]
    default: keep
  publisher:
    description:
      - The account this task publishes with, as Xray records a run's executor. On Server/DC it defaults to the
        connecting user.
      - On Cloud give the account id of the API key's user (Xray Cloud's API cannot tell it); without it,
        O(merge=keep) cannot tell people's statuses from the task's own, publishes over them and warns.
    type: str
  state:
    description:
      - V(present) finds or creates the execution and publishes; V(absent) deletes the execution (and its runs).
    type: str
    choices: [present, absent]
    default: present
notes:
  - "Status mapping - Server/DC: pass=PASS, fail=FAIL, skip=TODO, blocked=BLOCKED, todo=TODO, in_progress=EXECUTING;
    Cloud: pass=PASSED, fail=FAILED, skip=TODO, blocked=BLOCKED, todo=TODO, in_progress=EXECUTING."
  - On Server/DC the execution's environments, revision and Test Plan are Xray custom fields, found by name in
    C(/rest/api/2/field); that list is read only when O(environments), O(revision) or O(test_plan) is given, or
    when report entries must be matched to runs by their Tests' summaries.
  - "Requests: publishing a report into a new execution sends the lookup (Server/DC: one JQL search; Cloud:
    authenticate and one GraphQL query) and the import that creates the execution, nothing more. The project is not
    looked up first: an unknown one fails the create, which Jira refuses whole, and the task names O(project).
    Nothing is read back after an import: the returned execution comes from the import answer and what was sent
    (with O(test_plan), the final runs are read to add their Tests to the plan)."
  - "Requests: a re-run with nothing to change reads the lookup and the execution's runs, one request per 100; on
    Server/DC, when report entries name no Test of the execution by key, also the Tests' definitions, which the
    run listing leaves out: one request per 250 runs (Xray's Test export; for entries matched by summary, such
    as Cucumber scenarios, a JQL search and the field list instead). Keys that are runs of the execution are not
    looked up again. The connecting user (C(/rest/api/2/myself)) is asked only when a run's executor is not the
    user name the task logs in with."
  - Xray Cloud's API changes only the Test Environments, Tests and Test Plans of an existing execution; when its
    summary, description, fix version or labels differ from the options, the task warns and leaves them.
  - On Xray Cloud O(labels) are set only when the execution is created, and not together with O(revision).
  - Xray Cloud lists a run's defects by issue id; as the module cannot map keys to ids there, a run with at least
    as many defects as O(results[].defects) counts as published.
  - Cucumber and behave reports cannot target an existing execution through their own endpoints (they take no
    execution key); into an existing execution they are sent as Xray JSON, each scenario matched by its Test key tag
    or by name.
  - Xray Cloud lists a run's defects by issue id, so O(merge=replace) does not unlink defects there.
  - Large imports are noted in RV(progress) (and the module's log) batch by batch.
seealso:
  - module: testops.testmgmt.xray_test_execution_info
  - plugin: testops.testmgmt.xray
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Publish the nightly JUnit report to the nightly execution
  testops.testmgmt.xray_test_execution:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    project: SHOP
    summary: "Nightly {{ build_number }}"
    fix_version: 2.5.0
    revision: "{{ git_sha }}"
    environments: [staging, chrome]
    test_plan: SHOP-200
    results_file:
      - reports/junit/*.xml
    format: junit

- name: Publish every report of the run, whatever its format, keeping what testers changed
  testops.testmgmt.xray_test_execution:
    url: https://jira.example.com
    token: "{{ jira_pat }}"
    project: SHOP
    summary: "Pipeline {{ pipeline_id }}"
    results_file:
      - reports/**/*.xml
      - reports/cucumber.json
    format: auto
    merge: keep
    import_batch_size: 500

- name: Record manual results on Xray Cloud
  testops.testmgmt.xray_test_execution:
    deployment: cloud
    client_id: "{{ xray_client_id }}"
    client_secret: "{{ xray_client_secret }}"
    key: SHOP-321
    tests: [SHOP-101, SHOP-102, SHOP-103]
    purge_tests: true
    results:
      - test: SHOP-101
        status: pass
      - test: SHOP-102
        status: fail
        comment: Coupon total is off by one cent
        defects: [SHOP-77]
        evidence: [screenshots/coupon.png]
"""

RETURN = r"""
execution:
  description: The Test Execution as it is after the task (as it would be, in check mode). Empty when absent.
  returned: always
  type: dict
  contains:
    key:
      description: Issue key (null in check mode for an execution that would be created).
      type: str
      sample: SHOP-321
    id:
      description: Issue id.
      type: str
    url:
      description: Jira page of the execution (Server/DC; null on Cloud, whose API does not tell the Jira site).
      type: str
      sample: https://jira.example.com/browse/SHOP-321
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
      description: Revision (null on Cloud, where it cannot be read, and on Server/DC when not read; see RV(execution.environments)).
      type: str
    environments:
      description:
        - Test Environments.
        - On Server/DC, null for an existing execution when the task was given none of O(environments),
          O(revision) and O(test_plan) (these Xray custom fields are then not read); the same holds for
          RV(execution.revision) and RV(execution.test_plans).
      type: list
      elements: str
    labels:
      description: Labels.
      type: list
      elements: str
    test_plans:
      description: Keys of the Test Plans the execution belongs to (null when not read, see RV(execution.environments)).
      type: list
      elements: str
    tests:
      description: Keys of the Tests in the execution. Tests an import would create (check mode), or created (on Cloud,
        whose import answer does not name them), are named by their definition.
      type: list
      elements: str
    counts:
      description: How many runs have each status (the product's names).
      type: dict
      sample: {"PASS": 12, "FAIL": 2, "TODO": 1}
    total:
      description: Number of runs.
      type: int
    kept:
      description:
        - Runs whose status a person set and that O(merge=keep) left as they are although the published status
          differs; C(status) is theirs, C(published) the task's, C(executed_by) who set it.
      type: list
      elements: dict
      sample: [{"test": "SHOP-103", "status": "PASS", "published": "FAIL", "executed_by": "jdoe"}]
progress:
  description: Steps of a long publish (each import batch of a split report), with times. Only when there are any.
  returned: when a report was imported in several batches, or a request was retried
  type: list
  elements: dict
  sample: [{"time": "2026-11-23T10:00:01.20Z", "seconds": 1.2, "message": "big.xml: imported batch 1 of 3 (1000
    results) into SHOP-321", "batch": 1, "batches": 3, "results": 1000}]
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 6, "writes": 1, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import FILE_FORMATS, xray_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_sync import ExecutionSync
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_wanted import DEFAULT_BATCH, wanted_from

ARGUMENT_SPEC = dict(
    project=dict(type="str"),
    key=dict(type="str", no_log=False),
    summary=dict(type="str"),
    description=dict(type="str"),
    fix_version=dict(type="str"),
    revision=dict(type="str"),
    environments=dict(type="list", elements="str"),
    test_plan=dict(type="str"),
    labels=dict(type="list", elements="str"),
    tests=dict(type="list", elements="str"),
    purge_tests=dict(type="bool", default=False),
    results=dict(type="list", elements="dict", options=dict(
        test=dict(type="str", required=True),
        status=dict(type="str", required=True),
        comment=dict(type="str"),
        defects=dict(type="list", elements="str"),
        evidence=dict(type="list", elements="path"),
    )),
    results_file=dict(type="list", elements="path"),
    format=dict(type="str", choices=["auto"] + list(FILE_FORMATS), default="auto"),
    import_batch_size=dict(type="int", default=DEFAULT_BATCH),
    merge=dict(type="str", choices=["keep", "replace"], default="keep"),
    publisher=dict(type="str"),
    state=dict(type="str", choices=["present", "absent"], default="present"),
)


def progress_of(module, client):
    """Where progress lines go: the client's reporter (log + result), else the module's log."""
    reporter = getattr(client, "progress", None)
    if reporter is not None:
        return reporter.note
    return lambda message, **data: module.log("progress: %s" % message)


def run(module, client):
    backend = xray_backend(module.params["deployment"], client)
    wanted = wanted_from(module.params, backend.product)
    sync = ExecutionSync(backend, wanted, check_mode=module.check_mode, warn=module.warn,
                         note=progress_of(module, client))
    if module.params["state"] == "absent":
        return sync.absent()
    return sync.present()


def main():
    run_module("xray", ARGUMENT_SPEC, run, "execution")


if __name__ == "__main__":
    main()
