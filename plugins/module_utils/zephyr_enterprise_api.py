# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Enterprise calls ({server}/flex/services/rest/...), shaped as the product answers them.

Writes pass a ``simulate`` value: in check mode the client returns it instead of sending.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import open_report

REST = "/flex/services/rest/latest"
V3 = "/flex/services/rest/v3"
V4 = "/flex/services/rest/v4"
JOBS = V4 + "/upload-file/automation"
STATUS_LOV = "testresult.testresultStatus.LOV"
BULK_SIZE = 500  # the Jenkins plugin's batch size: larger batches failed on real servers
PAGE_SIZE = 500


def results_of(body):
    """Rows of a list that is a bare array on some versions and ``{results: [...]}`` on others."""
    if isinstance(body, dict):
        for key in ("results", "nodes"):
            if isinstance(body.get(key), list):
                return body[key]
        return []
    return body if isinstance(body, list) else []


class ZephyrEnterpriseApi:
    def __init__(self, client):
        self.client = client

    # -- users, projects, releases ----------------------------------------------------------------
    def projects(self):
        return results_of(self.client.get(REST + "/project/lite"))

    def releases(self, project_id):
        return results_of(self.client.get(REST + "/release/project/%s" % project_id))

    def users(self):
        return results_of(self.client.get(REST + "/user/filter", params={"includeDashboardUser": "true"}))

    def current_user(self):
        return self.client.get(REST + "/user/current")

    # -- cycles and phases ------------------------------------------------------------------------
    def cycles(self, release_id):
        return results_of(self.client.get(REST + "/cycle/release/%s" % release_id))

    def get_cycle(self, cycle_id):
        return self.client.get(REST + "/cycle/%s" % cycle_id)

    def create_cycle(self, body):
        return self.client.post(REST + "/cycle", json=body, simulate=dict(body, id=None, cyclePhases=[]))

    def update_cycle(self, cycle_id, body):
        return self.client.put(REST + "/cycle/%s" % cycle_id, json=body, simulate=body)

    def delete_cycle(self, cycle_id):
        return self.client.delete(REST + "/cycle/%s" % cycle_id, simulate=True)

    def create_phase(self, cycle_id, body):
        return self.client.post(REST + "/cycle/%s/phase" % cycle_id, json=body, simulate=dict(body, id=None))

    def update_phase(self, cycle_id, body):
        return self.client.put(REST + "/cycle/%s/phase" % cycle_id, json=body, simulate=body)

    def delete_phase(self, cycle_id, phase_id):
        return self.client.delete(REST + "/cycle/%s/phase/%s" % (cycle_id, phase_id), simulate=True)

    # -- repository tree --------------------------------------------------------------------------
    def tree(self, release_id):
        """Root folders with nested ``categories``; a bare array before ZE 8.1, ``{results}`` after."""
        return results_of(self.client.get(REST + "/testcasetree", params={
            "type": "Phase", "revisionid": 0, "releaseid": release_id}))

    def tree_node(self, node_id):
        return self.client.get(REST + "/testcasetree/%s" % node_id)

    def create_node(self, parent_id, release_id, name, description=""):
        body = {"name": name, "description": description or "", "releaseId": release_id,
                "type": "Module" if parent_id else "Phase"}
        return self.client.post(REST + "/testcasetree", params={"parentid": parent_id or 0}, json=body,
                                simulate=dict(body, id=None, categories=[]))

    # -- test cases and steps ---------------------------------------------------------------------
    def testcases(self, tree_id):
        """Tree-testcases of one folder, all pages."""
        def fetch(offset, limit):
            body = self.client.get(REST + "/testcase/tree/%s" % tree_id, params={
                "offset": offset, "pagesize": limit, "dbsearch": "true", "isascorder": "true", "order": "orderId",
                "frozen": "false", "is_cfield": "false"})
            return results_of(body), (body or {}).get("resultSize") if isinstance(body, dict) else None
        return list(self.client.paged(fetch, PAGE_SIZE))

    def testcase(self, tct_id):
        """One tree-testcase by its (tct) id."""
        return self.client.get(REST + "/testcase/detail/%s" % tct_id)

    def create_testcases(self, items):
        created = []
        for start in range(0, len(items), BULK_SIZE):
            chunk = items[start:start + BULK_SIZE]
            simulated = [dict(item, id=None, testcase=dict(item["testcase"], id=None, testcaseId=None))
                         for item in chunk]
            created.extend(results_of(self.client.post(REST + "/testcase/bulk", json=chunk, simulate=simulated)))
        return created

    def update_testcase(self, tcv_id, body):
        return self.client.put(REST + "/testcase/%s" % tcv_id, json=body, simulate=body)

    def delete_testcase(self, tct_id):
        return self.client.delete(REST + "/testcase/%s" % tct_id, simulate=True)

    def steps(self, tcv_id):
        return self.client.get(REST + "/testcase/%s/teststep" % tcv_id) or {}

    def save_steps(self, tcv_id, tct_id, body, exists):
        method = self.client.put if exists else self.client.post
        return method(REST + "/testcase/%s/teststep/detail/%s" % (tcv_id, tct_id), json=body, simulate=body)

    # -- executions -------------------------------------------------------------------------------
    def statuses(self):
        """Active execution statuses [{id, value, ...}] from the customisable status list."""
        body = self.client.get(REST + "/admin/preference", params={"key": STATUS_LOV}) or {}
        try:
            rows = json.loads(body.get("value") or "[]")
        except ValueError:
            rows = []
        return [r for r in rows if isinstance(r, dict) and r.get("active", True) is not False]

    def executions(self, phase_id):
        def fetch(offset, limit):
            body = self.client.get(REST + "/execution", params={"cyclephaseid": phase_id, "offset": offset,
                                                                "pagesize": limit})
            return results_of(body), (body or {}).get("resultSize") if isinstance(body, dict) else None
        return list(self.client.paged(fetch, PAGE_SIZE))

    def plan(self, phase_id, tree_id, tct_ids):
        body = [{"treeid": tree_id, "tctIds": tct_ids, "isExclusion": True}]
        return self.client.post(REST + "/assignmenttree/%s/assign/bytree/%s" % (phase_id, tree_id),
                                params={"includehierarchy": "false"}, json=body, simulate={})

    def assign_all(self, phase_id):
        """Executions for everything planned in the phase, assigned to the caller -> their count."""
        return self.client.post(REST + "/assignmenttree/%s/assign" % phase_id, simulate=0)

    def create_executions(self, phase_id, tree_id, tct_ids, tester_id):
        created = []
        for start in range(0, len(tct_ids), BULK_SIZE):
            chunk = tct_ids[start:start + BULK_SIZE]
            body = {"selectedAll": 1, "testerId": tester_id, "cyclePhaseId": phase_id, "tcrCatalogTreeId": tree_id,
                    "createRTSList": [{"cyclePhaseId": phase_id, "tctId": t, "testerId": tester_id} for t in chunk]}
            created.extend(results_of(self.client.post(REST + "/execution/modify", json=body, simulate=[])))
        return created

    def bulk_status(self, ids, status_id, tester_id):
        done = []
        for start in range(0, len(ids), BULK_SIZE):
            chunk = ids[start:start + BULK_SIZE]
            done.extend(results_of(self.client.put(
                REST + "/execution/bulk", params={"status": status_id, "testerid": tester_id,
                                                  "allExecutions": "false", "includeanyoneuser": "true"},
                json={"ids": chunk, "serachView": False}, simulate=[])))
        return done

    def update_execution(self, rts_id, notes=None, status_id=None, tester_id=None):
        """Execute one (``status``) and/or set its notes."""
        params = {"allExecutions": "false", "includeanyoneuser": "true"}
        if status_id is not None:
            params["status"] = status_id
        if tester_id is not None:
            params["testerid"] = tester_id
        body = {} if notes is None else {"notes": notes}
        return self.client.put(REST + "/execution/%s" % rts_id, params=params, json=body, simulate={})

    def executions_expanded(self, ids):
        """Executions with their step results (``testStepResults``)."""
        return results_of(self.client.get(REST + "/execution/expanded", params={
            "ids": ",".join(str(i) for i in ids), "stepresults": "true", "resulthistory": "false"}))

    def save_step_results(self, rows):
        return self.client.post(REST + "/execution/teststepresult/saveorupdate", json=rows, simulate=rows)

    def upload_attachment(self, item_type, name, path, content_type):
        """Step 1 of 2: the file goes to a temporary path (outside the REST base) -> its temp path."""
        with open(path, "rb") as handle:
            answer = self.client.post("/flex/upload/document/genericattachment",
                                      files=[(item_type, (name, handle.read(), content_type))],
                                      simulate=[{"tempFilePath": None}])
        return (results_of(answer) or [{}])[0].get("tempFilePath")

    def link_attachments(self, rows):
        """Step 2 of 2: attach uploaded files to items."""
        return results_of(self.client.post(REST + "/attachment/list", json=rows, simulate=rows))

    def attachments(self, item_type, item_id):
        return results_of(self.client.get(REST + "/attachment", params={"itemid": item_id, "type": item_type}))

    def remove_executions(self, ids):
        return self.client.delete(REST + "/execution", params={"ids": ",".join(str(i) for i in ids)}, simulate=True)

    # -- automation jobs --------------------------------------------------------------------------
    def jobs(self, project_id, release_id):
        return results_of(self.client.get(JOBS + "/file-upload-job/list", params={"projectId": project_id,
                                                                                  "releaseId": release_id}))

    def job(self, job_id):
        return self.client.get(V3 + "/automation/job/detail", params={"jobid": job_id})

    def create_job(self, detail, result_file=None):
        return self.client.post(JOBS + "/create-job-detail", files=_parts(detail, result_file),
                                simulate=dict(detail, id=None))

    def create_and_execute_job(self, detail, result_file):
        return self.client.post(JOBS + "/create-and-execute-job", files=_parts(detail, result_file),
                                simulate={"id": None, "status": "new"})

    def update_job(self, detail, result_file=None):
        return self.client.post(JOBS + "/update-execute-job", files=_parts(detail, result_file), simulate=detail)

    def execute_jobs(self, job_ids):
        return results_of(self.client.post(JOBS + "/execute-job", json={"ids": job_ids},
                                           simulate=[{"id": None, "status": "new"} for _i in job_ids]))

    def progress(self, job_id):
        """The job's latest run, or None when it never ran."""
        body = self.client.get(JOBS + "/schedule/get-latest-job-progress", params={"jobid": job_id})
        return body if isinstance(body, dict) and body else None

    def cancel_run(self, run_id):
        return self.client.post(JOBS + "/cancel/%s" % run_id, simulate=True)

    def delete_jobs(self, job_ids):
        return self.client.post(V3 + "/automation/job/delete", json={"ids": job_ids}, simulate=True)


def _parts(detail, upload):
    """The multipart body clients send: ``fileName`` (the result file), ``automationJobDetail`` (JSON text).

    ``upload`` is a checked upload.Upload; its bytes are read here so a retried request resends them.
    """
    parts = [("automationJobDetail", (None, json.dumps(detail), "text/plain"))]
    if upload is not None:
        with open_report(upload.path) as handle:  # uncompressed, when the report is gzipped
            parts.insert(0, ("fileName", (upload.name, handle.read(), upload.content_type)))
    return parts
