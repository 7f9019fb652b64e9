# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Squad Server (ZAPI, {jira}/rest/zapi/latest) calls, shaped as the product answers them."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError

ZAPI = "/rest/zapi/latest"


class ZapiJobError(ApiError):
    pass


class ZephyrSquadApi:
    def __init__(self, client, poll_interval=0.2, job_timeout=600.0):
        self.client = client
        self.poll_interval = poll_interval
        self.job_timeout = job_timeout

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
        return self.client.post(ZAPI + "/cycle", json=body, simulate={"id": None})

    def update_cycle(self, body):
        return self.client.put(ZAPI + "/cycle", json=body, simulate=body)

    def delete_cycle(self, cycle_id):
        body = self.client.delete(ZAPI + "/cycle/%s" % cycle_id, simulate={})
        self.wait_job(body, "cycle_delete_job_progress")
        return body

    # -- asynchronous jobs ---------------------------------------------------------------------
    def wait_job(self, answer, job_type):
        """Poll a jobProgressToken to 1.0. Older servers answer synchronously (no token).

        An empty answer means the job is unknown or already expired: callers verify by listing.
        """
        token = (answer or {}).get("jobProgressToken") if isinstance(answer, dict) else None
        if not token:
            return answer
        deadline = time.monotonic() + self.job_timeout
        while True:
            progress = self.client.get(ZAPI + "/execution/jobProgress/%s" % token, params={"type": job_type})
            if not isinstance(progress, dict):
                return None
            if progress.get("errorMessage"):
                raise ZapiJobError("job %s failed: %s" % (job_type, progress["errorMessage"]),
                                   method="GET", url=self.client.url(ZAPI + "/execution/jobProgress/" + token))
            if float(progress.get("progress") or 0) >= 1.0:
                return progress
            if time.monotonic() > deadline:
                raise ZapiJobError("job %s still running after %ss" % (job_type, self.job_timeout))
            time.sleep(self.poll_interval)
