# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What a result file will do to an execution, predicted the way Xray maps results to Tests.

Reading a file before importing it lets the module compare it with the execution's runs and send
nothing when they already agree (a second publish is a no-op), and report unknown test keys before
anything is written. Xray's rules (Import Execution Results docs, "How results are mapped"):

- JUnit-style XML: a ``test_key`` (or ``test_id``) property links that Test; otherwise
  ``classname.name`` (suite name without classname) is the Generic Test Definition; a tag that is
  a Test's key (Robot tags, NUnit categories) links that Test.
- Cucumber / behave JSON: a scenario tag naming a Test links it, otherwise the Cucumber Test with
  the scenario's name (outline rows, behave's `` -- @1.1``, belong to their outline).
- Xray JSON: ``testKey``, or ``testInfo`` (definition for Generic Tests, summary otherwise).
- Several results of one Test combine: all pass -> pass, any fail -> fail, else todo.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import re

from ansible_collections.testops.testmgmt.plugins.module_utils.results import status_map
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import JSON_FORMATS

KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
_PORTABLE = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "todo"}
_OUTLINE_ROW = re.compile(r" -- @\d+(\.\d+)*( .*)?$")
MAX_JSON = 64 * 1024 * 1024


class Outcome:
    """One Test's result in a file: ``identity`` says how Xray finds the Test."""

    __slots__ = ("identity", "keys", "explicit", "summary", "definition", "scenario", "status", "count")

    def __init__(self, identity, keys, explicit, summary, definition, scenario, status):
        self.identity = identity          # ("key", K) | ("id", N) | (test type, definition or summary)
        self.keys = keys                  # candidate Test keys: the explicit one, or key-like tags
        self.explicit = explicit          # True: the key must exist (unknown = Xray refuses the file)
        self.summary = summary
        self.definition = definition
        self.scenario = scenario
        self.status = status              # the product's status name
        self.count = 1

    @property
    def label(self):
        kind, value = self.identity
        return value if kind in ("key", "id") else "%s (%s Test)" % (value, kind)


def combine(statuses):
    """All equal -> that status; any fail -> fail; otherwise todo (portable names)."""
    statuses = list(statuses)
    if "fail" in statuses:
        return "fail"
    if statuses and all(s == statuses[0] for s in statuses):
        return statuses[0]
    return "todo"


def read_outcomes(path, fmt, product):
    """Outcomes of one file, one per Test, in file order; ResultFileError for a bad file."""
    if fmt == "xray":
        return _xray_outcomes(path, product)
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results

    grouped, order = {}, []
    for result in read_results(path, fmt):
        if fmt in JSON_FORMATS:
            outcome = _cucumber_outcome(result)
        else:
            outcome = _xml_outcome(result)
        portable = _PORTABLE[result.status]
        if outcome.identity in grouped:
            grouped[outcome.identity].append(portable)
        else:
            grouped[outcome.identity] = [portable]
            order.append(outcome)
    for outcome in order:
        statuses = grouped[outcome.identity]
        outcome.status = status_map.to_product(combine(statuses), product)
        outcome.count = len(statuses)
    return order


def _xml_outcome(result):
    props = result.properties or {}
    tags = [t for t in result.tags if KEY.match(t)]
    key = props.get("test_key")
    if not key and isinstance(props.get("test"), str) and KEY.match(props["test"].strip()):
        key = props["test"]
    if isinstance(key, str) and key.strip():
        key = key.strip()
        return Outcome(("key", key), [key], True, result.name, result.full_name, None, None)
    if props.get("test_id"):
        return Outcome(("id", str(props["test_id"]).strip()), [], True, result.name, result.full_name, None, None)
    return Outcome(("Generic", result.full_name), tags, False, props.get("test_summary") or result.name,
                   result.full_name, None, None)


def _cucumber_outcome(result):
    summary = _OUTLINE_ROW.sub("", result.name)
    tags = [t for t in result.tags if KEY.match(t)]
    scenario = "\n".join(step["name"] for step in result.steps)
    return Outcome(("Cucumber", summary), tags, False, summary, None, scenario, None)


def load_xray_json(path):
    """The Xray JSON document of a file; ResultFileError if it is not one."""
    if not os.path.isfile(path):
        raise ResultFileError(path, None, "no such result file")
    if os.path.getsize(path) > MAX_JSON:
        raise ResultFileError(path, None, "larger than %d bytes" % MAX_JSON)
    try:
        with open(path, "rb") as handle:
            raw = handle.read()
        doc = json.loads(raw.decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise ResultFileError(path, 1, "not valid Xray JSON (%s)" % exc)
    if not isinstance(doc, dict) or not isinstance(doc.get("tests", []), list):
        raise ResultFileError(path, 1, "not Xray JSON: expected an object with a 'tests' array")
    return doc


def _xray_outcomes(path, product):
    doc = load_xray_json(path)
    outcomes, seen = [], {}
    for index, test in enumerate(doc.get("tests") or []):
        if not isinstance(test, dict):
            raise ResultFileError(path, None, "tests[%d] is not an object" % index)
        status = _native(test.get("status") or "TODO", product)
        key = test.get("testKey")
        info = test.get("testInfo") or {}
        if isinstance(key, str) and key.strip():
            outcome = Outcome(("key", key.strip()), [key.strip()], True, None, None, None, status)
        elif info:
            kind = info.get("type") or info.get("testType") or ("Generic" if info.get("definition") else "Manual")
            kind = str(kind).capitalize()
            value = info.get("definition") if kind == "Generic" else info.get("summary")
            outcome = Outcome((kind, value), [], False, info.get("summary"), info.get("definition"),
                              info.get("scenario"), status)
        else:
            raise ResultFileError(path, None, "tests[%d] has neither a testKey (string) nor a testInfo" % index)
        if outcome.identity in seen:
            seen[outcome.identity].status = status  # Xray keeps one run per Test: the last one wins
            continue
        seen[outcome.identity] = outcome
        outcomes.append(outcome)
    return outcomes


def _native(name, product):
    try:
        return status_map.to_product(str(name), product)
    except ValueError:
        return str(name).strip().upper()


class RunIndex:
    """The execution's runs, found the ways Xray finds Tests."""

    def __init__(self, runs):
        self.by_key, self.by_id, self.by_natural = {}, {}, {}
        for run in runs:
            self.by_key[run["test_key"]] = run
            if run.get("test_id"):
                self.by_id[str(run["test_id"])] = run
            test = run.get("test") or {}
            kind = test.get("type")
            if kind == "Generic" and test.get("definition"):
                self.by_natural.setdefault(("Generic", test["definition"]), run)
            elif kind and test.get("summary"):
                self.by_natural.setdefault((kind, test["summary"]), run)

    def match(self, outcome):
        """The run this outcome lands on, or None (the Test is new to the execution)."""
        kind, value = outcome.identity
        if kind == "id":
            return self.by_id.get(value)
        for key in outcome.keys:
            if key in self.by_key:
                return self.by_key[key]
        if kind == "key":
            return None
        return self.by_natural.get(outcome.identity)


def cucumber_entries(outcomes, index, known_tests, project, entry_for):
    """Cucumber/behave outcomes as Xray JSON entries for an existing execution (its /cucumber
    endpoints take no testExecKey): a run's or a tagged Test's key, else the scenario by name."""
    entries = []
    for outcome in outcomes:
        run = index.match(outcome)
        key = run["test_key"] if run else next((k for k in outcome.keys if k in known_tests), None)
        if key:
            entries.append(entry_for(key, outcome.status))
            continue
        entries.append({"testInfo": {"projectKey": project, "summary": outcome.summary, "type": "Cucumber",
                                     "testType": "Cucumber", "scenario": outcome.scenario or ""},
                        "status": outcome.status})
    return entries
