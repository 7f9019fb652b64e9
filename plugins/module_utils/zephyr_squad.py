# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Zephyr interface on Zephyr Squad Server (Jira projects/versions + ZAPI)."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError
from ansible_collections.testops.testmgmt.plugins.module_utils.jira_api import JiraApi
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import ZephyrBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_api import ZephyrSquadApi

# portable field -> ZAPI field
_TEXT_FIELDS = {"name": "name", "description": "description", "build": "build", "environment": "environment"}


class Scope:
    def __init__(self, project, version):
        self.project = project
        self.version = version


class ZephyrSquadBackend(ZephyrBackend):
    edition = "squad"
    product = "zephyr_squad"
    version_option = "version"
    group_option = "folders"

    def __init__(self, client):
        super(ZephyrSquadBackend, self).__init__(client)
        self.jira = JiraApi(client)
        self.zapi = ZephyrSquadApi(client)

    def resolve_scope(self, project, version):
        proj = self.jira.project(project)
        ver = self.jira.version(proj, version if version is not None else "Unscheduled")
        return Scope(proj, ver)

    def find_cycle(self, scope, name):
        matches = [c for c in self.zapi.list_cycles(scope.project["id"], scope.version["id"]) if c.get("name") == name]
        if len(matches) > 1:
            raise AmbiguousError("name", "%d cycles are named %r in %s %s (ids %s)" % (
                len(matches), name, scope.project.get("key"), scope.version.get("name"),
                ", ".join(sorted(str(c["id"]) for c in matches))), "rename or delete the duplicates")
        return self._portable(matches[0]) if matches else None

    def create_cycle(self, scope, fields):
        body = self._zapi_fields(fields)
        body.update({"projectId": scope.project["id"], "versionId": scope.version["id"], "clonedCycleId": ""})
        created = self.zapi.create_cycle(body)
        if created.get("id") is None:  # check mode: predicted
            return dict(fields, id=None, project_id=scope.project["id"], version_id=scope.version["id"])
        return self._portable(self.zapi.get_cycle(created["id"]), created["id"])

    def update_cycle(self, scope, cycle, changes):
        body = self._zapi_fields(changes)
        body.update({"id": cycle["id"], "projectId": scope.project["id"], "versionId": scope.version["id"]})
        self.zapi.update_cycle(body)
        if self.client.check_mode:
            return dict(cycle, **changes)
        return self._portable(self.zapi.get_cycle(cycle["id"]), cycle["id"])

    def delete_cycle(self, scope, cycle):
        self.zapi.delete_cycle(cycle["id"])

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
    def _portable(raw, cycle_id=None):
        return {
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
