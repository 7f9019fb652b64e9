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
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_failure import failure_comment

KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
_PORTABLE = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "todo"}
_OUTLINE_ROW = re.compile(r" -- @\d+(\.\d+)*( .*)?$")
MAX_JSON = 64 * 1024 * 1024


class Outcome:
    """One Test's result in a file: ``identity`` says how Xray finds the Test."""

    __slots__ = ("identity", "keys", "explicit", "summary", "definition", "scenario", "status", "count", "extra")

    def __init__(self, identity, keys, explicit, summary, definition, scenario, status, extra=None):
        self.identity = identity          # ("key", K) | ("id", N) | (test type, definition or summary)
        self.keys = keys                  # candidate Test keys: the explicit one, or key-like tags
        self.explicit = explicit          # True: the key must exist (unknown = Xray refuses the file)
        self.summary = summary
        self.definition = definition
        self.scenario = scenario
        self.status = status              # the product's status name
        self.count = 1                    # results in the file for this Test (what an import counts)
        # What an XML import would also carry (Xray's JUnit extension properties), only when present:
        # {"comment", "labels", "description", "evidence": [{data, filename, contentType}]}; "failure":
        # the failure output as a run comment, for when the file goes as Xray JSON (xray_failure.py)
        self.extra = extra

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
        first = grouped.get(outcome.identity)
        if first is not None:
            first[1].append(portable)
            first[0].extra = _merge_extra(first[0].extra, outcome.extra)
        else:
            grouped[outcome.identity] = (outcome, [portable])
            order.append(outcome)
    for outcome in order:
        statuses = grouped[outcome.identity][1]
        outcome.status = status_map.to_product(combine(statuses), product)
        outcome.count = len(statuses)
    return order


def _xml_outcome(result):
    props = result.properties or {}
    tags = [t for t in result.tags if KEY.match(t)]
    extra = _xml_extra(props)
    failure = failure_comment(result) if result.status in ("failed", "error") else None
    if failure:
        extra = dict(extra or {}, failure=failure)
    key = props.get("test_key")
    if not key and isinstance(props.get("test"), str) and KEY.match(props["test"].strip()):
        key = props["test"]
    if isinstance(key, str) and key.strip():
        key = key.strip()
        return Outcome(("key", key), [key], True, result.name, result.full_name, None, None, extra)
    if props.get("test_id"):
        return Outcome(("id", str(props["test_id"]).strip()), [], True, result.name, result.full_name, None, None,
                       extra)
    return Outcome(("Generic", result.full_name), tags, False, props.get("test_summary") or result.name,
                   result.full_name, None, None, extra)


def _xml_extra(props):
    """The Xray JUnit extension properties an XML import applies, or None (the usual case)."""
    extra = {}
    if props.get("testrun_comment"):
        extra["comment"] = str(props["testrun_comment"])
    if props.get("test_description"):
        extra["description"] = str(props["test_description"])
    if isinstance(props.get("tags"), str) and props["tags"].strip():
        labels = [t.strip() for t in props["tags"].split(",") if t.strip() and " " not in t.strip()]
        if labels:
            extra["labels"] = labels
    evidence = []
    for item in props.get("testrun_evidence") if isinstance(props.get("testrun_evidence"), list) else []:
        if isinstance(item, dict) and item.get("content") is not None:
            evidence.append({"data": "".join(str(item["content"]).split()), "filename": item.get("name") or "evidence",
                             "contentType": "application/octet-stream"})
    if evidence:
        extra["evidence"] = evidence
    return extra or None


def _merge_extra(first, later):
    """Several results of one Test: the last comment (and failure) wins, evidence adds up (as Xray combines them)."""
    if not later:
        return first
    merged = dict(first or {})
    for name in ("comment", "failure"):
        if later.get(name):
            merged[name] = later[name]
    for name in ("description", "labels"):  # the Test's fields: the first result's
        if later.get(name) and name not in merged:
            merged[name] = later[name]
    if later.get("evidence"):
        merged["evidence"] = list(merged.get("evidence") or []) + later["evidence"]
    return merged


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
        outcome = xray_json_outcome(test, index, path, product)
        if outcome.identity in seen:
            first = seen[outcome.identity]  # Xray keeps one run per Test: the last one wins
            first.status = outcome.status
            first.extra = _merge_extra(first.extra, outcome.extra)
            first.count += 1
            continue
        seen[outcome.identity] = outcome
        outcomes.append(outcome)
    return outcomes


def xray_json_outcome(test, index, path, product):
    """The Outcome of one Xray JSON ``tests[]`` item; ResultFileError if it names no Test."""
    if not isinstance(test, dict):
        raise ResultFileError(path, None, "tests[%d] is not an object" % index)
    status = _native(test.get("status") or "TODO", product)
    key = test.get("testKey")
    info = test.get("testInfo") or {}
    extra = {"comment": test["comment"]} if isinstance(test.get("comment"), str) else None
    if isinstance(key, str) and key.strip():
        return Outcome(("key", key.strip()), [key.strip()], True, None, None, None, status, extra)
    if info:
        kind = info.get("type") or info.get("testType") or ("Generic" if info.get("definition") else "Manual")
        kind = str(kind).capitalize()
        value = info.get("definition") if kind == "Generic" else info.get("summary")
        return Outcome((kind, value), [], False, info.get("summary"), info.get("definition"), info.get("scenario"),
                       status, extra)
    raise ResultFileError(path, None, "tests[%d] has neither a testKey (string) nor a testInfo" % index)


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


def detect_format(path):
    """The import format of a report (format auto), told from its content: the result reader's
    detection, plus Xray JSON (an object with ``tests``) and behave JSON (vs Cucumber JSON), which
    Xray imports through endpoints of their own. ResultFileError when it is no report."""
    from ansible_collections.testops.testmgmt.plugins.module_utils.results import detect

    try:
        fmt = detect.detect_format(path)
    except ResultFileError:
        if _looks_like_xray_json(path):
            return "xray"
        raise
    if fmt == "cucumber" and _looks_like_behave(path):
        return "behave"
    return fmt


def _head(path, size=64 * 1024):
    from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import open_report

    with open_report(path) as handle:  # uncompressed, when the report is gzipped
        return handle.read(size).decode("utf-8-sig", "replace")


_XRAY_JSON_KEY = re.compile(r'"(tests|testExecutionKey|info)"\s*:')


def _looks_like_xray_json(path):
    head = _head(path).lstrip()
    return head.startswith("{") and bool(_XRAY_JSON_KEY.search(head))


def _looks_like_behave(path):
    """behave -f json writes ``step_type`` on steps and a feature ``location`` without ``uri``."""
    from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import open_report

    if os.path.getsize(path) > MAX_JSON:
        return False  # the reader refuses it with its own message
    try:
        with open_report(path) as handle:
            data = json.loads(handle.read().decode("utf-8-sig"))
    except (ValueError, UnicodeDecodeError):
        return False  # not JSON: the reader says why
    for feature in data if isinstance(data, list) else []:
        if not isinstance(feature, dict):
            continue
        if "location" in feature and "uri" not in feature:
            return True
        for element in feature.get("elements") or []:
            for step in (element.get("steps") or []) if isinstance(element, dict) else []:
                if isinstance(step, dict) and "step_type" in step:
                    return True
    return False
