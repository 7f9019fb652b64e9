# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Pure planning for the Zephyr modules (no requests): what a cycle's folders and test sets need,
how steps are written, and how many results for one test fold into one. Edition-agnostic."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

# module option -> key of the portable test set spec (see zephyr.py)
TEST_SOURCES = (("tests", "keys"), ("tests_jql", "query"), ("tests_filter", "filter"),
                ("tests_from_cycle", "from_cycle"))
STEP_TEXT = ("step", "data", "result")
# When several results of a file name one test, the worst wins.
_RANK = {"fail": 6, "blocked": 5, "in_progress": 4, "pass": 3, "skip": 2, "todo": 1}


def source_spec(options, prefix=""):
    """(option name, spec) for the one test source given in ``options``, or None."""
    given = [(option, key) for option, key in TEST_SOURCES if options.get(option) is not None]
    if not given:
        return None
    if len(given) > 1:
        raise InputError(prefix + given[1][0], "cannot be combined with %s" % (prefix + given[0][0]),
                         "give one source of tests")
    option, key = given[0]
    value = options[option]
    name = prefix + option
    if key in ("query", "filter"):
        value = str(value).strip()
        if not value:
            raise InputError(name, "must not be empty", "give a JQL query or filter, or leave the option out")
    elif key == "from_cycle":
        if not (value.get("name") or "").strip():
            raise InputError(name, "needs the name of the cycle to take tests from")
        value = {"name": value["name"], "version": value.get("version"), "group": value.get("folder")}
    elif key == "keys":
        value = [str(k).strip() for k in value]
        if any(not k for k in value):
            raise InputError(name, "contains an empty test key", "remove it")
    spec = dict((k, None) for _o, k in TEST_SOURCES)
    spec[key] = value
    return name, spec


def folder_specs(folders, purge_default):
    """Validated folder specs: {name, description, rename_from, tests: (option, spec) or None, purge}."""
    specs, seen = [], set()
    for index, folder in enumerate(folders or []):
        name = (folder.get("name") or "").strip()
        where = "folders[%d]" % index
        if not name:
            raise InputError(where + ".name", "must not be empty", "give every folder a name")
        if name in seen:
            raise InputError(where + ".name", "folder %r is listed twice" % name, "folder names are unique in a cycle")
        seen.add(name)
        purge = folder.get("purge_tests")
        specs.append({"name": name, "description": folder.get("description"),
                      "rename_from": folder.get("rename_from"),
                      "tests": source_spec(folder, "folders[%s]." % name),
                      "purge": purge_default if purge is None else purge})
    return specs


def plan_folders(groups, specs, purge):
    """Match specs to existing groups (by name, else by rename_from).

    -> (pairs [(spec, group or None, changes)], deletes [group]); group None = to create.
    """
    by_name = dict((g["name"], g) for g in groups)
    used, pairs = set(), []
    for spec in specs:
        group = by_name.get(spec["name"])
        if group is None and spec.get("rename_from") and spec["rename_from"] not in [s["name"] for s in specs]:
            group = by_name.get(spec["rename_from"])
        changes = {}
        if group is not None:
            used.add(group["id"])
            if group["name"] != spec["name"]:
                changes["name"] = spec["name"]
            if spec.get("description") is not None and (group.get("description") or "") != spec["description"]:
                changes["description"] = spec["description"]
        pairs.append((spec, group, changes))
    deletes = [g for g in groups if g["id"] not in used] if purge else []
    return pairs, deletes


def diff_tests(executions, tests, purge):
    """-> (tests missing from the executions, executions of tests not wanted when purging)."""
    have = set(e["test_id"] for e in executions)
    wanted = set(t["id"] for t in tests)
    missing = [t for t in tests if t["id"] not in have]
    extra = [e for e in executions if e["test_id"] not in wanted] if purge else []
    return missing, extra


def known_tests(executions):
    """{KEY: test} from executions, so resolving a test set skips what a cycle already shows."""
    return dict(((e.get("test_key") or "").upper(), {"id": e["test_id"], "key": e["test_key"],
                                                     "name": e.get("test_name")})
                for e in executions if e.get("test_key"))


def normalize_steps(steps, option="steps"):
    """[{step, data, result}] with empty strings for missing parts; a step with no text is an error."""
    out = []
    for index, step in enumerate(steps or []):
        if isinstance(step, str):
            step = {"step": step}
        if not isinstance(step, dict):
            raise InputError("%s[%d]" % (option, index), "must be a dict with step, data and result")
        unknown = sorted(set(step) - set(STEP_TEXT))
        if unknown:
            raise InputError("%s[%d]" % (option, index), "unknown key %s" % ", ".join(unknown),
                             "use step, data and result")
        clean = dict((f, "" if step.get(f) is None else str(step[f])) for f in STEP_TEXT)
        if not any(v.strip() for v in clean.values()):
            raise InputError("%s[%d]" % (option, index), "has no text", "give step, data or result")
        out.append(clean)
    return out


def worse(first, second):
    """Of two portable (or product) status names, the one that should be published."""
    rank_a = _RANK.get(str(first).lower(), 4)
    rank_b = _RANK.get(str(second).lower(), 4)
    return first if rank_a >= rank_b else second


def as_option(option, call, *args, **kwargs):
    """``call(...)``, with any InputError re-worded to name ``option`` (the interface methods name
    their own defaults; modules know which option the value came from)."""
    try:
        return call(*args, **kwargs)
    except InputError as exc:
        if exc.option == option:
            raise
        raise InputError(option, str(exc).split(": ", 1)[-1])


def unique_values(values):
    """Non-empty values, each once, in order (test references both editions resolve)."""
    seen, out = set(), []
    for value in values:
        if value and value not in seen:
            seen.add(value)
            out.append(value)
    return out


def unique_tests(tests):
    """Portable tests, each once by id, in order."""
    seen, out = set(), []
    for test in tests:
        if test["id"] not in seen:
            seen.add(test["id"])
            out.append(test)
    return out
