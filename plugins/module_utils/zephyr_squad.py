# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Zephyr interface on Zephyr Squad Server (Jira projects/versions + ZAPI): scope, cycles and
folders here; tests and steps in zephyr_squad_tests.py; executions in zephyr_squad_executions.py."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError
from ansible_collections.testops.testmgmt.plugins.module_utils.jira_api import JiraApi
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import ZephyrBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_api import ZephyrSquadApi
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_executions import SquadExecutions
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_tests import SquadTests

# portable field -> ZAPI field
_TEXT_FIELDS = {"name": "name", "description": "description", "build": "build", "environment": "environment"}


class Scope:
    def __init__(self, project, version):
        self.project = project
        self.version = version


class ZephyrSquadBackend(SquadTests, SquadExecutions, ZephyrBackend):
    edition = "squad"
    product = "zephyr_squad"
    version_option = "version"
    group_option = "folders"
    unsupported = ("phases", "phase")

    def __init__(self, client):
        super(ZephyrSquadBackend, self).__init__(client)
        self.jira = JiraApi(client)
        self.zapi = ZephyrSquadApi(client)
        self._cache = {}

    def resolve_scope(self, project, version, project_option="project", version_option="version"):
        proj = self.jira.project(project, option=project_option)
        ver = self.jira.version(proj, version if version is not None else "Unscheduled", option=version_option)
        return Scope(proj, ver)

    def wait_until(self, check, timeout=None):
        """Re-read until ``check()`` is true: ZAPI lists can lag a finished job. -> last check()."""
        deadline = time.monotonic() + (self.zapi.job_timeout if timeout is None else timeout)
        delay = self.zapi.poll_interval
        while True:
            result = check()
            if result or time.monotonic() > deadline:
                return result
            time.sleep(delay)
            delay = min(delay * 2, 5.0)

    # -- cycles --------------------------------------------------------------------------------
    def list_cycles(self, scope):
        return [self._portable(c) for c in self.zapi.list_cycles(scope.project["id"], scope.version["id"])]

    def find_cycle(self, scope, name, option="name"):
        matches = [c for c in self.list_cycles(scope) if c.get("name") == name]
        if len(matches) > 1:
            raise AmbiguousError(option, "%d cycles are named %r in %s %s (ids %s)" % (
                len(matches), name, scope.project.get("key"), scope.version.get("name"),
                ", ".join(sorted(str(c["id"]) for c in matches))), "rename or delete the duplicates")
        return matches[0] if matches else None

    def create_cycle(self, scope, fields):
        body = self._zapi_fields(fields)
        body.update({"projectId": scope.project["id"], "versionId": scope.version["id"], "clonedCycleId": ""})
        created = self.zapi.create_cycle(body)
        if created.get("id") is None:  # check mode: predicted
            return self._predicted(scope, fields)
        return self._portable(self.zapi.get_cycle(created["id"]), created["id"])

    def clone_cycle(self, scope, source, fields):
        """POST cycle with clonedCycleId answers a job; the copy is verified by listing: the new cycle
        (the only one of that name: callers create only when none exists) holds the source's count."""
        body = self._zapi_fields(fields)
        body.update({"projectId": scope.project["id"], "versionId": scope.version["id"],
                     "clonedCycleId": source["id"]})
        answer = self.zapi.create_cycle(body)
        if self.client.check_mode:
            return self._predicted(scope, fields)
        if isinstance(answer, dict) and answer.get("id") is not None:
            created_id = str(answer["id"])  # servers that clone synchronously
        else:
            job = self.zapi.wait_job(answer, "clone_cycle_job_progress")
            created_id = None
        expected = source.get("total_executions")

        def copied():
            for cycle in self.list_cycles(scope):
                if (cycle["id"] == created_id or (created_id is None and cycle["name"] == fields["name"])) and (
                        expected is None or (cycle.get("total_executions") or 0) >= expected):
                    return cycle
            return None

        cycle = self.wait_until(copied)
        if cycle is None:
            raise ApiError("cloning cycle %s into %r did not finish (job: %s)" % (
                source["id"], fields["name"], _job_message(job if created_id is None else answer)))
        return cycle

    def update_cycle(self, scope, cycle, changes):
        body = self._zapi_fields(changes)
        body.update({"id": cycle["id"], "projectId": scope.project["id"], "versionId": scope.version["id"]})
        self.zapi.update_cycle(body)
        if self.client.check_mode:
            return dict(cycle, **changes)
        return self._portable(self.zapi.get_cycle(cycle["id"]), cycle["id"])

    def delete_cycle(self, scope, cycle):
        self.zapi.delete_cycle(cycle["id"])
        if not self.client.check_mode:
            gone = self.wait_until(lambda: all(c["id"] != cycle["id"] for c in self.list_cycles(scope)))
            if not gone:
                raise ApiError("cycle %s is still listed after its delete job" % cycle["id"])

    # -- folders -------------------------------------------------------------------------------
    def list_groups(self, scope, cycle):
        if cycle.get("id") is None:
            return []
        raw = self.zapi.list_folders(cycle["id"], scope.project["id"], scope.version["id"])
        return [self._folder(f) for f in raw]

    def create_group(self, scope, cycle, spec):
        body = {"cycleId": cycle["id"], "name": spec["name"], "description": spec.get("description") or "",
                "projectId": scope.project["id"], "versionId": scope.version["id"]}
        if cycle.get("id") is None:
            created = {"id": None}
        else:
            created = self.zapi.create_folder(body)
        return _group(created.get("id"), spec["name"], spec.get("description") or "")

    def update_group(self, scope, cycle, group, changes):
        merged = dict(group, **changes)
        self.zapi.update_folder(group["id"], {
            "name": merged["name"], "description": merged.get("description") or "", "cycleId": cycle["id"],
            "projectId": scope.project["id"], "versionId": scope.version["id"]})
        return merged

    def delete_group(self, scope, cycle, group):
        self.zapi.delete_folder(group["id"], scope.project["id"], scope.version["id"], cycle["id"])
        if not self.client.check_mode:
            gone = self.wait_until(lambda: all(g["id"] != group["id"] for g in self.list_groups(scope, cycle)))
            if not gone:
                raise ApiError("folder %s is still listed after its delete job" % group["id"])

    # -- conversions ---------------------------------------------------------------------------
    @staticmethod
    def _zapi_fields(fields):
        body = {}
        for portable, zapi in _TEXT_FIELDS.items():
            if fields.get(portable) is not None:
                body[zapi] = fields[portable]
        for portable, zapi in (("start_date", "startDate"), ("end_date", "endDate")):
            if fields.get(portable):
                body[zapi] = dates.to_jira_picker(dates.parse_iso(fields[portable], portable))
        return body

    @staticmethod
    def _predicted(scope, fields):
        return dict(fields, id=None, project_id=scope.project["id"], version_id=scope.version["id"])

    @staticmethod
    def _portable(raw, cycle_id=None):
        cycle = {
            "id": str(cycle_id if cycle_id is not None else raw.get("id")),
            "name": raw.get("name"),
            "description": raw.get("description") or "",
            "build": raw.get("build") or "",
            "environment": raw.get("environment") or "",
            "start_date": dates.from_jira_picker(raw.get("startDate")),
            "end_date": dates.from_jira_picker(raw.get("endDate")),
            "project_id": str(raw.get("projectId")) if raw.get("projectId") is not None else None,
            "version_id": str(raw.get("versionId")) if raw.get("versionId") is not None else None,
        }
        if raw.get("totalExecutions") is not None:
            cycle["total_executions"] = int(raw["totalExecutions"])
            cycle["total_executed"] = int(raw.get("totalExecuted") or 0)
        return cycle

    @staticmethod
    def _folder(raw):
        group = _group(raw.get("folderId"), raw.get("folderName"), raw.get("folderDescription") or "")
        if raw.get("totalExecutions") is not None:
            group["total_executions"] = int(raw["totalExecutions"])
        return group


def _group(group_id, name, description):
    return {"id": str(group_id) if group_id is not None else None, "name": name, "description": description,
            "folder": None, "start_date": None, "end_date": None}


def _job_message(job):
    if not isinstance(job, dict):
        return "no job record (expired)"
    return (job.get("message") or job.get("errorMessage") or "no message").replace("<br/>", "; ")
