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

KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
CUSTOM_STATUS = re.compile(r"^[A-Za-z0-9_/]{2,18}$")
MAX_EVIDENCE = 20 * 1024 * 1024


class Wanted:
    """fields (execution), tests, purge, results [{test, status, comment, defects, evidence}], files."""

    def __init__(self):
        self.key = None
        self.fields = {}
        self.tests = []
        self.purge = False
        self.results = []
        self.files = []
        self.custom_statuses = []


def _key(value, option):
    text = str(value or "").strip()
    if not KEY.match(text):
        raise InputError(option, "%r is not an issue key" % (value,), "use keys such as SHOP-101")
    return text


def wanted_from(params, product):
    w = Wanted()
    w.key = _key(params["key"], "key") if params.get("key") else None
    if not w.key and not (params.get("project") and (params.get("summary") or "").strip()):
        raise InputError("summary", "the execution is found by key, or by project and summary",
                         "give key, or project and summary")
    summary = params.get("summary")
    if summary is not None and (not summary.strip() or len(summary) > 255):
        raise InputError("summary", "must be 1 to 255 characters", "give the execution a short name")
    w.fields = {"project": params.get("project"), "summary": summary, "description": params.get("description"),
                "fix_version": params.get("fix_version"), "revision": params.get("revision"),
                "environments": _names(params.get("environments"), "environments"),
                "labels": _labels(params.get("labels")),
                "test_plan": _key(params["test_plan"], "test_plan") if params.get("test_plan") else None}
    w.tests = [_key(k, "tests") for k in params.get("tests") or []]
    w.purge = bool(params.get("purge_tests"))
    if w.purge and params.get("tests") is None:
        raise InputError("purge_tests", "needs tests (the Tests to keep)", "list the Tests that belong in the execution")
    w.results = [_result(item, i, product, w) for i, item in enumerate(params.get("results") or [])]
    keys = [r["test"] for r in w.results]
    doubles = sorted(set(k for k in keys if keys.count(k) > 1))
    if doubles:
        raise InputError("results", "%s listed more than once" % ", ".join(doubles), "give one result per test")
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


def _labels(values):
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
    test = _key(item.get("test"), where + ".test")
    status, custom = native_status(item.get("status"), product, where + ".status")
    if custom:
        wanted.custom_statuses.append((status, where + ".status"))
    defects = [_key(d, where + ".defects") for d in item.get("defects") or []]
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
    paths = params.get("results_file") or []
    if not paths:
        return []
    fmt = params.get("format")
    if fmt not in FILE_FORMATS:
        raise InputError("format", "results_file needs the report's format", "set format to one of: %s"
                         % ", ".join(FILE_FORMATS))
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import expand_paths

    try:
        return [(path, fmt) for path in expand_paths(paths)]
    except ResultFileError as exc:
        raise InputError("results_file", str(exc), "give existing report files (globs are allowed)")
