# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: which test each result is for, and the tests to add to the cycle (or create).

Results are keyed by test key (Zephyr Enterprise: test case name); results a key does not map are
matched by test name (map_by_name), and what stays unmapped follows on_unmapped.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import cut, fold, fold_item


LISTED = 20  # unmapped names an error message lists


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


def _option_of(key, explicit, attach_keys):
    if key in explicit:
        return explicit[key].option + ".test"
    return "attachments[%d].test" % attach_keys.index(key)


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
