# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Xray Server/Data Center REST (/rest/raven/1.0) calls: runs, tests, plans, statuses, imports."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import open_report, report_name

RAVEN = "/rest/raven/1.0"
API = RAVEN + "/api"
RUN_PAGE = 100
KEYS_PER_GET = 250  # keys per GET /api/test?keys=: the URL stays well under 8 KB
XML_TYPES = {"robot": "application/xml"}


class XrayServerApi:
    def __init__(self, client):
        self.client = client

    # -- Test Execution <-> Tests ----------------------------------------------------------------
    def execution_tests(self, key):
        """Every run of an execution, detailed, page by page (``page`` starts at 1)."""
        def fetch(offset, limit):
            items = self.client.get(API + "/testexec/%s/test" % key, params={
                "detailed": "true", "limit": limit, "page": offset // limit + 1}) or []
            return items, None
        return list(self.client.paged(fetch, RUN_PAGE))

    def change_execution_tests(self, key, add, remove):
        """POST {add, remove}; Xray answers an array of error strings ([] when all went well)."""
        body = {}
        if add:
            body["add"] = list(add)
        if remove:
            body["remove"] = list(remove)
        errors = self.client.post(API + "/testexec/%s/test" % key, json=body, simulate=[])
        self._no_errors(errors, "POST", API + "/testexec/%s/test" % key)

    def _no_errors(self, errors, method, path):
        if errors:
            raise ApiError("; ".join(str(e) for e in errors), method=method, url=self.client.url(path))

    def test_run(self, run_id):
        return self.client.get(API + "/testrun/%s" % run_id)

    def update_run(self, run_id, body):
        """PUT /api/testrun/{id}: comment, defects {add, remove}, evidences {add}; 200 with no body."""
        self.client.put(API + "/testrun/%s" % run_id, json=body, simulate=None)

    # -- Tests -----------------------------------------------------------------------------------
    def tests(self, keys):
        """GET /api/test?keys=A;B for many keys, in chunks that keep URLs short."""
        keys = list(keys)
        found = []
        for start in range(0, len(keys), KEYS_PER_GET):
            found.extend(self.client.get(API + "/test", params={"keys": ";".join(keys[start:start + KEYS_PER_GET])})
                         or [])
        return found

    # -- Test Plans ------------------------------------------------------------------------------
    def plan_tests(self, key):
        return self.client.get(API + "/testplan/%s/test" % key) or []

    def plan_executions(self, key):
        return self.client.get(API + "/testplan/%s/testexecution" % key) or []

    def change_plan(self, kind, key, add, remove):
        """POST /api/testplan/{key}/{test|testexecution} {add, remove}; answers [] or error strings."""
        path = API + "/testplan/%s/%s" % (key, kind)
        body = {}
        if add:
            body["add"] = list(add)
        if remove:
            body["remove"] = list(remove)
        self._no_errors(self.client.post(path, json=body, simulate=[]), "POST", path)

    def add_plan_tests(self, key, test_keys):
        path = API + "/testplan/%s/test" % key
        self._no_errors(self.client.post(path, json={"add": list(test_keys)}, simulate=[]), "POST", path)

    def add_plan_executions(self, key, exec_keys):
        path = API + "/testplan/%s/testexecution" % key
        self._no_errors(self.client.post(path, json={"add": list(exec_keys)}, simulate=[]), "POST", path)

    # -- settings --------------------------------------------------------------------------------
    def statuses(self):
        return self.client.get(API + "/settings/teststatuses") or []

    # -- imports ---------------------------------------------------------------------------------
    def import_json(self, document):
        return self.client.post(RAVEN + "/import/execution", json=document, simulate=_SIMULATED)

    def import_xml(self, fmt, path, params):
        with open_report(path) as handle:  # uncompressed, when the report is gzipped
            files = {"file": (report_name(path), handle, XML_TYPES.get(fmt, "application/xml"))}
            return self.client.post(RAVEN + "/import/execution/%s" % fmt, params=params, files=files,
                                    simulate=_SIMULATED)

    def import_multipart(self, fmt, path, info):
        """/import/execution/{fmt}/multipart: the report in ``file`` (XML) or ``result`` (JSON)."""
        import json

        part = "file" if fmt not in ("cucumber", "behave") else "result"
        ctype = "application/json" if part == "result" else "application/xml"
        with open_report(path) as handle:  # uncompressed, when the report is gzipped
            files = {part: (report_name(path), handle, ctype),
                     "info": ("info.json", json.dumps(info), "application/json")}
            return self.client.post(RAVEN + "/import/execution/%s/multipart" % fmt, files=files,
                                    simulate=_SIMULATED)


_SIMULATED = {"testExecIssue": {"id": None, "key": None}, "testIssues": {"success": []}, "infoMessages": []}
