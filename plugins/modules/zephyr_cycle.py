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

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields, field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import run_module
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import CYCLE_FIELDS, zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_phases import (
    group_changes,
    phase_specs,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import (
    as_option,
    diff_tests,
    folder_specs,
    known_tests,
    plan_folders,
    source_spec,
)

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


def clone_source(backend, params):
    """The cycle to clone, by name or id, in clone_from_version (default: the same version)."""
    version = params["clone_from_version"] or params["release"] or params["version"]
    backend.resolve_scope(params["project"], None)  # a bad project is reported as project
    scope = as_option("clone_from_version", backend.resolve_scope, params["project"], version)
    ref = params["clone_from"].strip()
    cycles = backend.list_cycles(scope)
    named = [c for c in cycles if c["name"] == ref]
    if len(named) > 1:
        raise InputError("clone_from", "%d cycles are named %r (ids %s)" % (
            len(named), ref, ", ".join(sorted(c["id"] for c in named))), "give the id of the one to clone")
    found = named or [c for c in cycles if c["id"] == ref]
    if not found:
        raise InputError("clone_from", "cycle %r not found in version %s" % (ref, scope.version.get("name")),
                         "give the name or id of an existing cycle (and clone_from_version if it is elsewhere)")
    return scope, found[0]


class Target:
    """A place that holds tests: the cycle itself (group None) or one folder."""

    def __init__(self, label, spec_pair, purge, folder_spec=None):
        self.label = label
        self.option, self.spec = spec_pair
        self.purge = purge
        self.folder_spec = folder_spec
        self.group = None
        self.executions = []
        self.test_set = None


def run(module, client):
    params = module.params
    backend = zephyr_backend(params["edition"], client)
    backend.check_supported(params)
    wanted = wanted_fields(params)
    group_option = backend.group_option  # folders (Squad) or phases (Enterprise)
    groups_given = params[group_option] is not None
    if group_option == "phases":
        specs = phase_specs(params["phases"], params["purge_tests"])
    else:
        specs = folder_specs(params["folders"], params["purge_tests"])
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    current = backend.find_cycle(scope, wanted["name"])
    managed = [f for f in CYCLE_FIELDS if wanted[f] is not None]

    if params["state"] == "absent":
        if current is None:
            return False, {}, None
        backend.delete_cycle(scope, current)
        return True, {}, field_diff(current, {}, managed)

    # -- reads and validation: nothing is written before all input is known to be good ------------
    source_scope, source = (None, None)
    if current is None and params["clone_from"]:
        source_scope, source = clone_source(backend, params)
    basis_scope, basis = (scope, current) if current is not None else (source_scope, source)
    groups = backend.list_groups(basis_scope, basis) if basis is not None and groups_given else []
    pairs, purged = plan_folders(groups, specs, params["purge_" + group_option] and groups_given)
    pairs = [(spec, group, dict(changes, **group_changes(scope, spec, group))) for spec, group, changes in pairs]
    targets = _targets(params, pairs)
    for target in targets:
        # A folder that does not exist yet holds nothing (its group is None, which would mean "the cycle").
        new_folder = target.folder_spec is not None and target.group is None
        target.executions = [] if basis is None or new_folder else backend.list_executions(
            basis_scope, basis, target.group)
    known = {}
    for target in targets:
        known.update(known_tests(target.executions))
    for target in targets:
        target.test_set = backend.resolve_test_set(scope, target.spec, target.option, known=known)

    before = _view(current, groups if current is not None else [], targets if current is not None else [], pairs,
                   group_option)
    final_names = _final_names(groups, pairs, purged)

    # -- writes ----------------------------------------------------------------------------------
    changed = False
    if current is None:
        changed = True
        if source is not None:
            cycle = backend.clone_cycle(scope, source, wanted)
            if cycle.get("id") is not None:  # cloned for real: plan against the copy
                purged = _rebase(backend, scope, cycle, pairs, targets, purged)
        else:
            cycle = backend.create_cycle(scope, wanted)
    else:
        changes = changed_fields(current, wanted)
        cycle = backend.update_cycle(scope, current, changes) if changes else current
        changed = bool(changes)

    folders = []
    for spec, group, changes in pairs:
        if group is None:
            group = backend.create_group(scope, cycle, spec)
            changed = True
        elif changes:
            group = backend.update_group(scope, cycle, group, changes)
            changed = True
        folders.append(group)
        for target in targets:
            if target.folder_spec is spec:
                target.group = group

    report = {}
    for target in targets:
        missing, extra = diff_tests(target.executions, target.test_set["tests"], target.purge)
        if missing:
            backend.add_test_set(scope, cycle, target.group, target.test_set, missing)
        if extra:
            backend.remove_executions(scope, cycle, extra)
        changed = changed or bool(missing or extra)
        report[target.label] = {"total": len(target.test_set["tests"]),
                                "added": sorted(t["key"] or t["id"] for t in missing),
                                "removed": sorted(e["test_key"] or e["test_id"] for e in extra)}
    for group in purged:
        backend.delete_group(scope, cycle, group)
        changed = True

    result = dict(cycle)
    if groups_given:
        result[group_option] = [_group_view(g) for g in folders]
    if targets:
        result["tests"] = report
    after = _after_view(cycle, final_names, targets, report, groups_given, group_option)
    diff = field_diff(before, after, sorted(set(before) | set(after))) if changed else None
    return changed, result, diff


def _targets(params, pairs):
    targets = []
    spec_pair = source_spec(params)
    if spec_pair is not None:
        targets.append(Target("cycle", spec_pair, params["purge_tests"]))
    for spec, group, _changes in pairs:
        if spec["tests"] is not None:
            target = Target(spec["name"], spec["tests"], spec["purge"], folder_spec=spec)
            target.group = group
            targets.append(target)
    return targets


def _rebase(backend, scope, cycle, pairs, targets, purged):
    """After a real clone: the copy's own folders and executions replace the source's -> purged copies."""
    copies = dict((g["name"], g) for g in backend.list_groups(scope, cycle))
    for index, (spec, group, changes) in enumerate(pairs):
        if group is not None:
            pairs[index] = (spec, copies.get(group["name"]), changes)
    for target in targets:
        if target.folder_spec is not None:
            group = [g for s, g, _c in pairs if s is target.folder_spec][0]
            target.group = group
            target.executions = backend.list_executions(scope, cycle, group) if group is not None else []
        else:
            target.executions = backend.list_executions(scope, cycle)
    return [copies[g["name"]] for g in purged if g["name"] in copies]


def _final_names(groups, pairs, purged):
    """Folder names after the task: the existing ones, renamed, purged and created as planned."""
    names = dict((g["id"], g["name"]) for g in groups)
    for group in purged:
        names.pop(group["id"], None)
    created = []
    for spec, group, _changes in pairs:
        if group is None or group.get("id") not in names:
            created.append(spec["name"])
        else:
            names[group["id"]] = spec["name"]
    return list(names.values()) + created


def _group_view(group):
    view = {"id": group.get("id"), "name": group.get("name"), "description": group.get("description") or ""}
    view.update((k, group.get(k)) for k in ("folder", "start_date", "end_date") if k in group)  # phases
    return view


def _view(cycle, groups, targets, pairs, label="folders"):
    if cycle is None:
        return {}
    view = dict((f, cycle.get(f)) for f in CYCLE_FIELDS)
    if pairs or groups:
        view[label] = sorted(g["name"] for g in groups)
    for target in targets:
        view["tests (%s)" % target.label] = sorted(e["test_key"] or e["test_id"] for e in target.executions)
    return view


def _after_view(cycle, names, targets, report, folders_managed, label="folders"):
    view = dict((f, cycle.get(f)) for f in CYCLE_FIELDS)
    if folders_managed:
        view[label] = sorted(names)
    for target in targets:
        keys = set(e["test_key"] or e["test_id"] for e in target.executions)
        keys.update(report[target.label]["added"])
        keys.difference_update(report[target.label]["removed"])
        view["tests (%s)" % target.label] = sorted(keys)
    return view


def main():
    run_module("zephyr", ARGUMENT_SPEC, run, "cycle", mutually_exclusive=MUTUALLY_EXCLUSIVE)


if __name__ == "__main__":
    main()
