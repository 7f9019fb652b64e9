# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jira core REST (/rest/api/2) calls that Zephyr Squad and Xray Server modules need."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

API = "/rest/api/2"
SEARCH_PAGE = 250
UNSCHEDULED = {"id": "-1", "name": "Unscheduled"}


class JiraApi:
    def __init__(self, client):
        self.client = client
        self._projects = {}
        self._versions = {}

    def server_info(self):
        return self.client.get(API + "/serverInfo")

    def myself(self):
        return self.client.get(API + "/myself")

    def project(self, key_or_id, option="project"):
        """The project by key or id; a 404 becomes an InputError naming the option."""
        key = str(key_or_id).strip()
        if key not in self._projects:
            try:
                self._projects[key] = self.client.get(API + "/project/" + key)
            except ApiError as exc:
                if exc.status == 404:
                    raise InputError(option, "project %r not found (or not visible to this user)" % key,
                                     "give an existing project key or id")
                raise
        return self._projects[key]

    def versions(self, project_id):
        pid = str(project_id)
        if pid not in self._versions:
            self._versions[pid] = self.client.get(API + "/project/%s/versions" % pid) or []
        return self._versions[pid]

    def version(self, project, name_or_id, option="version"):
        """A version by name or id; ``Unscheduled`` (or -1) is Zephyr's version -1."""
        wanted = str(name_or_id).strip()
        if wanted in ("-1", "Unscheduled", "unscheduled"):
            return dict(UNSCHEDULED)
        matches = [v for v in self.versions(project["id"]) if str(v.get("id")) == wanted or v.get("name") == wanted]
        if not matches:
            names = ", ".join(sorted(v.get("name", "") for v in self.versions(project["id"])))
            raise InputError(option, "version %r not found in project %s" % (wanted, project.get("key")),
                             "use one of: Unscheduled, %s" % names if names else "create the version first")
        return matches[0]

    def search(self, jql, fields=("summary",), page_size=SEARCH_PAGE):
        """All issues of a JQL query, paged with startAt."""
        def fetch(offset, limit):
            body = self.client.post(API + "/search", idempotent=True, json={
                "jql": jql, "startAt": offset, "maxResults": limit, "fields": list(fields)})
            return body.get("issues") or [], body.get("total")

        return list(self.client.paged(fetch, page_size))

    def issue(self, key, fields=None):
        params = {"fields": ",".join(fields)} if fields else None
        return self.client.get(API + "/issue/" + key, params=params)

    def create_issue(self, fields):
        return self.client.post(API + "/issue", json={"fields": fields},
                                simulate={"id": None, "key": None, "self": None})

    def create_issues(self, field_list, batch=50):
        """Bulk create; Jira answers 201 even when some fail, so errors are checked here."""
        created = []
        for start in range(0, len(field_list), batch):
            chunk = field_list[start:start + batch]
            body = self.client.post(API + "/issue/bulk", json={"issueUpdates": [{"fields": f} for f in chunk]},
                                    simulate={"issues": [{"id": None, "key": None} for _f in chunk], "errors": []})
            if body.get("errors"):
                raise ApiError("bulk create failed for %d issue(s): %s" % (len(body["errors"]), body["errors"][0]),
                               method="POST", url=self.client.url(API + "/issue/bulk"))
            created.extend(body.get("issues") or [])
        return created

    def update_issue(self, key, fields):
        return self.client.put(API + "/issue/" + key, json={"fields": fields})

    def issue_types(self):
        return self.client.get(API + "/issuetype") or []
