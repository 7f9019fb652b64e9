# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Squad Server (ZAPI, {jira}/rest/zapi/latest) calls, shaped as the product answers them.

Odd parts handled here, once: list answers keyed by id strings; two list shapes of step lists;
asynchronous jobs (``jobProgressToken``) polled to progress 1.0, whose record may already be gone
(a ``null`` body) when the job was quick; ``method`` of addTestsToCycle sent as a string; DELETE
with a JSON body; multipart uploads that need ``X-Atlassian-Token: nocheck``.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.progress import reporter_of

ZAPI = "/rest/zapi/latest"
EXECUTION_PAGE = 1000    # ZAPI's MAX_LIMIT
FOLDER_PAGE = 1000       # ZAPI's MAX_LIMIT too
FIRST_POLL = 0.05        # seconds before a job's first poll (then as long as the last job of its type took)


class ZapiJobError(ApiError):
    pass


class ZephyrSquadApi:
    def __init__(self, client, poll_interval=0.2, job_timeout=600.0):
        self.client = client
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout
        self._took = {}  # job type -> how long the last one took: when to poll the next one first

    # -- cycles --------------------------------------------------------------------------------
    def list_cycles(self, project_id, version_id):
        """Cycles of a version as a list; the answer is an object keyed by cycle id strings."""
        body = self.client.get(ZAPI + "/cycle", params={"projectId": project_id, "versionId": version_id}) or {}
        cycles = []
        for key, value in body.items():
            if key == "recordsCount" or key == "-1" or not isinstance(value, dict):
                continue
            cycle = dict(value)
            cycle["id"] = key
            cycles.append(cycle)
        return cycles

    def get_cycle(self, cycle_id):
        return self.client.get(ZAPI + "/cycle/%s" % cycle_id)

    def create_cycle(self, body):
        """-> {"id", "responseMessage"}; a clone (clonedCycleId set) answers a job token instead."""
        return self.client.post(ZAPI + "/cycle", json=body, simulate={"id": None})

    def update_cycle(self, body):
        return self.client.put(ZAPI + "/cycle", json=body, simulate=body)

    def delete_cycle(self, cycle_id):
        body = self.client.delete(ZAPI + "/cycle/%s" % cycle_id, simulate={})
        self.wait_job(body, "cycle_delete_job_progress")
        return body

    # -- folders -------------------------------------------------------------------------------
    def list_folders(self, cycle_id, project_id, version_id, page_size=FOLDER_PAGE):
        """Every folder of a cycle. A cycle that gets a folder per run outgrows one page in time: paged
        with offset/limit until a short page (the answer carries no total). A server that ignores
        ``limit`` or ``offset`` answers them all at once; a page already seen ends the loop."""
        folders, seen = [], set()
        while True:
            page = self.client.get(ZAPI + "/cycle/%s/folders" % cycle_id, params={
                "projectId": project_id, "versionId": version_id, "offset": len(folders), "limit": page_size}) or []
            first = page[0].get("folderId") if page and isinstance(page[0], dict) else None
            if first is not None and first in seen:
                return folders
            seen.update(f.get("folderId") for f in page if isinstance(f, dict))
            folders.extend(page)
            if len(page) != page_size:
                return folders

    def create_folder(self, body):
        return self.client.post(ZAPI + "/folder/create", json=body, simulate={"id": None})

    def update_folder(self, folder_id, body):
        return self.client.put(ZAPI + "/folder/%s" % folder_id, json=body, simulate=body)

    def delete_folder(self, folder_id, project_id, version_id, cycle_id):
        body = self.client.delete(ZAPI + "/folder/%s" % folder_id, simulate={}, params={
            "projectId": project_id, "versionId": version_id, "cycleId": cycle_id})
        self.wait_job(body, "folder_delete_job_progress")
        return body

    # -- executions ----------------------------------------------------------------------------
    def list_executions(self, cycle_id, project_id, version_id, folder_id=None, page_size=EXECUTION_PAGE):
        """Every execution of a cycle (or folder), paged with offset/limit until recordsCount.

        -> (executions, {status id: status name}) from the ``status`` map the answer carries.
        """
        params = {"cycleId": cycle_id, "projectId": project_id, "versionId": version_id,
                  "sorter": "OrderId:ASC", "action": "expand"}
        if folder_id is not None:
            params["folderId"] = folder_id
        names = {}

        def fetch(offset, limit):
            body = self.client.get(ZAPI + "/execution", params=dict(params, offset=offset, limit=limit)) or {}
            for status_id, status in (body.get("status") or {}).items():
                if isinstance(status, dict) and status.get("name"):
                    names[str(status_id)] = status["name"]
            return body.get("executions") or [], body.get("recordsCount")

        return list(self.client.paged(fetch, page_size)), names

    def status_counts(self, cycle_id, project_id, version_id, folder_id=None):
        """{status id: executions} of a whole cycle (or folder) from one listing request (its
        ``executionSummaries``), or None when the answer carries no usable counts."""
        params = {"cycleId": cycle_id, "projectId": project_id, "versionId": version_id, "offset": 0, "limit": 1,
                  "sorter": "OrderId:ASC", "action": "expand"}
        if folder_id is not None:
            params["folderId"] = folder_id
        body = self.client.get(ZAPI + "/execution", params=params) or {}
        summary = (body.get("executionSummaries") or {}) if isinstance(body, dict) else {}
        rows = summary.get("executionSummary") if isinstance(summary, dict) else None
        if not isinstance(rows, list):
            return None
        counts = {}
        for row in rows:
            if not isinstance(row, dict) or row.get("statusKey") is None:
                return None
            counts[str(row["statusKey"])] = counts.get(str(row["statusKey"]), 0) + int(row.get("count") or 0)
        if body.get("recordsCount") is not None and sum(counts.values()) != int(body["recordsCount"]):
            return None
        return dict((k, n) for k, n in counts.items() if n)

    def get_execution(self, execution_id, checksteps=False):
        params = {"expand": "checksteps"} if checksteps else None
        return (self.client.get(ZAPI + "/execution/%s" % execution_id, params=params) or {}).get("execution")

    def add_tests(self, body):
        """addTestsToCycle (method 1, 2 or 3, sent as a string) -> the finished job (or None).

        ZAPI runs one add job per cycle/folder at a time and fails a second one with "... already in
        progress, please try again later" (another publish into the same cycle): wait and submit again.
        Tests the other job added meanwhile come back as ``existing``, so nothing is duplicated.
        """
        body = dict(body, method=str(body["method"]))
        what = "%d tests" % len(body["issues"]) if body.get("issues") else None
        deadline = time.monotonic() + self.job_timeout
        pause = max(self.poll_interval, 0.5)
        while True:
            answer = self.client.post(ZAPI + "/execution/addTestsToCycle", json=body, simulate={})
            try:
                return self.wait_job(answer, "add_tests_to_cycle_job_progress", what=what)
            except ZapiJobError as exc:
                if "in progress" not in str(exc) or time.monotonic() + pause > deadline:
                    raise
                reporter_of(self.client).note("another add-tests job runs on this cycle; trying again in %.1fs"
                                              % pause, kind="job")
                time.sleep(pause)
                pause = min(pause * 2, 10.0)

    def execute(self, execution_id, body):
        return self.client.put(ZAPI + "/execution/%s/execute" % execution_id, json=body, simulate=body)

    def start_bulk_status(self, execution_ids, status_id):
        """updateBulkStatus -> its answer (a job token); wait with wait_job()."""
        return self.client.put(ZAPI + "/execution/updateBulkStatus", simulate={}, json={
            "executions": [str(i) for i in execution_ids], "status": str(status_id),
            "clearDefectMappingFlag": False, "testStepStatusChangeFlag": False})

    def delete_executions(self, execution_ids):
        answer = self.client.delete(ZAPI + "/execution/deleteExecutions", simulate={},
                                    json={"executions": [str(i) for i in execution_ids]})
        return self.wait_job(answer, "bulk_executions_delete_job_progress")

    def execution_defects(self, execution_id):
        body = self.client.get(ZAPI + "/execution/%s/defects" % execution_id) or {}
        inner = body.get(str(execution_id)) or {}
        return sorted(inner) if isinstance(inner, dict) else []

    # -- test steps ----------------------------------------------------------------------------
    def list_steps(self, issue_id):
        """Steps in order. Current servers wrap them in ``stepBeanCollection``, older ones answer a list."""
        body = self.client.get(ZAPI + "/teststep/%s" % issue_id)
        steps = body.get("stepBeanCollection") if isinstance(body, dict) else body
        return sorted(steps or [], key=lambda s: (s.get("orderId") or 0, s.get("id") or 0))

    def create_step(self, issue_id, body):
        return self.client.post(ZAPI + "/teststep/%s" % issue_id, json=body, simulate=dict(body, id=None))

    def update_step(self, issue_id, step_id, body):
        return self.client.put(ZAPI + "/teststep/%s/%s" % (issue_id, step_id), json=body, simulate=body)

    def delete_step(self, issue_id, step_id):
        return self.client.delete(ZAPI + "/teststep/%s/%s" % (issue_id, step_id), simulate={})

    # -- step results --------------------------------------------------------------------------
    def list_step_results(self, execution_id):
        return self.client.get(ZAPI + "/stepResult", params={"executionId": execution_id}) or []

    def update_step_result(self, result_id, body):
        """The path id is the stepResult's own id, not the step's."""
        return self.client.put(ZAPI + "/stepResult/%s" % result_id, json=body, simulate=body)

    # -- attachments ---------------------------------------------------------------------------
    def list_attachments(self, entity_type, entity_id):
        body = self.client.get(ZAPI + "/attachment/attachmentsByEntity",
                               params={"entityId": entity_id, "entityType": entity_type}) or {}
        return body.get("data") or []

    def upload(self, entity_type, entity_id, path, name):
        with open(path, "rb") as handle:
            return self.client.post(ZAPI + "/attachment", params={"entityId": entity_id, "entityType": entity_type},
                                    files={"file": (name or os.path.basename(path), handle)},
                                    headers={"X-Atlassian-Token": "nocheck"}, simulate={})

    # -- util ----------------------------------------------------------------------------------
    def execution_statuses(self):
        return self.client.get(ZAPI + "/util/testExecutionStatus") or []

    def step_statuses(self):
        return self.client.get(ZAPI + "/util/teststepExecutionStatus") or []

    def test_issue_type_id(self):
        body = self.client.get(ZAPI + "/util/zephyrTestIssueType") or {}
        return body.get("testcaseIssueTypeId")

    # -- asynchronous jobs ---------------------------------------------------------------------
    def wait_job(self, answer, job_type, what=None, since=None):
        """Poll a jobProgressToken to 1.0. Older servers answer synchronously (no token). ``since``: when the
        job was started (time.monotonic()), for jobs started together and waited for one after the other.

        An empty answer means the job is unknown or already expired: callers verify by listing.
        Each progress value seen goes to the task's progress lines (the polls are not added to).
        """
        token = (answer or {}).get("jobProgressToken") if isinstance(answer, dict) else None
        if not token:
            return answer
        started = time.monotonic() if since is None else since
        deadline = started + self.job_timeout
        note = _JobNotes(reporter_of(self.client), job_type, what, started)
        # Jobs of one type come in runs of like size (1,000 tests, 1,000 executions): the first poll comes
        # about as long after the start as the last one took, instead of finding nearly every job at 0%.
        delay = min(max(self._took.get(job_type, FIRST_POLL) * 0.8, FIRST_POLL), 2.0)
        time.sleep(max(0.0, started + delay - time.monotonic()))
        while True:
            asked = time.monotonic()
            progress = self.client.get(ZAPI + "/execution/jobProgress/%s" % token, params={"type": job_type})
            if not isinstance(progress, dict):
                note("finished (its record is already gone)", None)
                return None
            value = float(progress.get("progress") or 0)
            if progress.get("errorMessage"):
                note("failed: %s" % progress["errorMessage"], value)
                raise ZapiJobError("job %s failed: %s" % (job_type, progress["errorMessage"]),
                                   method="GET", url=self.client.url(ZAPI + "/execution/jobProgress/" + token))
            note("done" if value >= 1.0 else "%d%%" % (value * 100), value)
            if value >= 1.0:
                # done by the time it was asked: a first poll that finds the next one done comes sooner still
                self._took[job_type] = asked - started
                return progress
            if time.monotonic() > deadline:
                raise ZapiJobError("job %s still running after %ss" % (job_type, self.job_timeout))
            time.sleep(delay)
            delay = min(delay * 1.5, 2.0)  # big jobs: fewer polls


class _JobNotes:
    """One progress line per change of a job's progress value: type, what it works on, value, elapsed."""

    def __init__(self, reporter, job_type, what, started):
        self.reporter = reporter
        self.label = "ZAPI job %s%s" % (job_type, " (%s)" % what if what else "")
        self.job_type = job_type
        self.started = started
        self.last = object()

    def __call__(self, state, value):
        if value == self.last:
            return
        self.last = value
        waited = round(time.monotonic() - self.started, 2)
        self.reporter.note("%s: %s after %ss" % (self.label, state, waited), kind="job", job=self.job_type,
                           progress=value, waited=waited)
