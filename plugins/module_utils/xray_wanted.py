# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xray_test_execution's options checked and put in portable form, before any request is sent."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import base64
import mimetypes
import os
import re

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.results import status_map
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import FILE_FORMATS
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_merge import KEEP, MODES

KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
CUSTOM_STATUS = re.compile(r"^[A-Za-z0-9_/]{2,18}$")
MAX_EVIDENCE = 20 * 1024 * 1024
# Results per import request (import_batch_size). Xray documents no exact maximum for execution
# imports; its troubleshooting page gives 1000 Tests per request for the bulk Test import, and large
# imports time out after 60 s in CI tools (xray-action #653, #845). 1000 stays within both.
DEFAULT_BATCH = 1000


class Wanted:
    """fields (execution), tests, purge, results [{test, status, comment, defects, evidence}], files
    [(path, format)], merge (keep/replace), publisher, batch_size (results per import)."""

    def __init__(self):
        self.key = None
        self.fields = {}
        self.tests = []
        self.purge = False
        self.results = []
        self.files = []
        self.custom_statuses = []
        self.merge = KEEP
        self.publisher = None
        self.batch_size = DEFAULT_BATCH


def issue_key(value, option):
    text = str(value or "").strip()
    if not KEY.match(text):
        raise InputError(option, "%r is not an issue key" % (value,), "use keys such as SHOP-101")
    return text


def wanted_from(params, product):
    w = Wanted()
    w.key = issue_key(params["key"], "key") if params.get("key") else None
    if not w.key and not (params.get("project") and (params.get("summary") or "").strip()):
        raise InputError("summary", "the execution is found by key, or by project and summary",
                         "give key, or project and summary")
    summary = params.get("summary")
    if summary is not None and (not summary.strip() or len(summary) > 255):
        raise InputError("summary", "must be 1 to 255 characters", "give the execution a short name")
    w.fields = {"project": params.get("project"), "summary": summary, "description": params.get("description"),
                "fix_version": params.get("fix_version"), "revision": params.get("revision"),
                "environments": _names(params.get("environments"), "environments"),
                "labels": jira_labels(params.get("labels")),
                "test_plan": issue_key(params["test_plan"], "test_plan") if params.get("test_plan") else None}
    w.tests = [issue_key(k, "tests") for k in params.get("tests") or []]
    w.purge = bool(params.get("purge_tests"))
    if w.purge and params.get("tests") is None:
        raise InputError("purge_tests", "needs tests (the Tests to keep)", "list the Tests that belong in the execution")
    w.results = [_result(item, i, product, w) for i, item in enumerate(params.get("results") or [])]
    keys = [r["test"] for r in w.results]
    doubles = sorted(set(k for k in keys if keys.count(k) > 1))
    if doubles:
        raise InputError("results", "%s listed more than once" % ", ".join(doubles), "give one result per test")
    w.merge = params.get("merge") or KEEP
    if w.merge not in MODES:
        raise InputError("merge", "must be keep or replace, not %r" % (w.merge,))
    w.publisher = (params.get("publisher") or "").strip() or None
    w.batch_size = DEFAULT_BATCH if params.get("import_batch_size") is None else params["import_batch_size"]
    if not isinstance(w.batch_size, int) or w.batch_size < 1:
        raise InputError("import_batch_size", "must be a positive number of results, not %r" % (w.batch_size,),
                         "leave it unset (%d) or give the most results your Xray takes per import" % DEFAULT_BATCH)
    w.files = _files(params)
    return w


def _names(values, option):
    if values is None:
        return None
    out = []
    for value in values:
        text = str(value).strip()
        if not text:
            raise InputError(option, "empty names are not allowed")
        if text not in out:
            out.append(text)
    return out


def jira_labels(values):
    labels = _names(values, "labels")
    for label in labels or []:
        if " " in label:
            raise InputError("labels", "Jira labels cannot contain spaces (%r)" % label, "use dashes or underscores")
    return labels


def native_status(name, product, option="results"):
    """(product's status name, True if it is a custom status to check against the server)."""
    try:
        return status_map.to_product(name, product), False
    except ValueError:
        text = str(name or "").strip()
        if not CUSTOM_STATUS.match(text):
            raise InputError(option, "status %r is not valid" % (name,),
                             "use pass, fail, skip, blocked, todo, in_progress or a status of your Xray")
        return text.upper(), True


def _result(item, index, product, wanted):
    where = "results[%d]" % index
    test = issue_key(item.get("test"), where + ".test")
    status, custom = native_status(item.get("status"), product, where + ".status")
    if custom:
        wanted.custom_statuses.append((status, where + ".status"))
    defects = [issue_key(d, where + ".defects") for d in item.get("defects") or []]
    evidence = [_evidence(path, where + ".evidence") for path in item.get("evidence") or []]
    names = [e["filename"] for e in evidence]
    if len(set(names)) != len(names):
        raise InputError(where + ".evidence", "two files have the same name", "Xray identifies evidence by file name")
    return {"test": test, "status": status, "comment": item.get("comment"), "defects": defects,
            "evidence": evidence}


def _evidence(path, option):
    if not os.path.isfile(path):
        raise InputError(option, "evidence file %s not found" % path, "give the path of a readable file")
    if os.path.getsize(path) > MAX_EVIDENCE:
        raise InputError(option, "evidence file %s is larger than %d bytes" % (path, MAX_EVIDENCE))
    with open(path, "rb") as handle:
        data = base64.b64encode(handle.read()).decode("ascii")
    return {"data": data, "filename": os.path.basename(path),
            "contentType": mimetypes.guess_type(path)[0] or "application/octet-stream"}


def _files(params):
    """[(path, format)] of results_file, in order; format auto tells each file's format from its content."""
    paths = params.get("results_file") or []
    if not paths:
        return []
    fmt = params.get("format") or "auto"
    if fmt not in FILE_FORMATS + ("auto",):
        raise InputError("format", "%r is not a report format" % (fmt,), "set format to auto or one of: %s"
                         % ", ".join(FILE_FORMATS))
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import expand_paths
    from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import detect_format

    try:
        found = expand_paths(paths)
        return [(path, detect_format(path) if fmt == "auto" else fmt) for path in found]
    except ResultFileError as exc:
        raise InputError("results_file", str(exc), "give existing report files (globs are allowed)")
