# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Jira core REST (/rest/api/2) calls that Zephyr Squad and Xray Server modules need."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

API = "/rest/api/2"
SEARCH_PAGE = 250
KEYS_PER_QUERY = 250     # issue keys per ``key in (...)`` GET: the URL stays well under 8 KB
KEYS_PER_POST = 1000     # more keys than one GET holds go in POST bodies: Jira's largest search page
KEY = re.compile(r"^[A-Z][A-Z0-9_]*-[0-9]+$")
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
        """The project by key, id or (one more request, only on a miss) exact name; a 404 becomes an
        InputError naming the option."""
        key = str(key_or_id).strip()
        if key not in self._projects:
            try:
                self._projects[key] = self.client.get(API + "/project/" + key)
            except ApiError as exc:
                if exc.status != 404:
                    raise
                named = [p for p in self.client.get(API + "/project") or [] if p.get("name") == key]
                if len(named) != 1:
                    raise InputError(option, "project %r not found (or not visible to this user)" % key,
                                     "give an existing project key or id")
                self._projects[key] = named[0]
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

    def search(self, jql, fields=("summary",), page_size=SEARCH_PAGE, validate="strict", post=False):
        """All issues of a JQL query, paged with startAt. GET, so a check-mode run sends reads only.

        ``validate="warn"`` makes Jira skip keys that do not exist instead of failing the query.
        ``post``: the JQL goes in a POST body (too long for a URL) - a read all the same (sent in check mode,
        retried like a GET); there Jira Server takes ``validateQuery`` as a boolean ("warn" -> false).
        """
        def fetch(offset, limit):
            if post:
                body = self.client.post(API + "/search", idempotent=True, json={
                    "jql": jql, "startAt": offset, "maxResults": limit, "fields": list(fields),
                    "validateQuery": validate == "strict"})
            else:
                body = self.client.get(API + "/search", params={
                    "jql": jql, "startAt": offset, "maxResults": limit, "fields": ",".join(fields),
                    "validateQuery": validate})
            return body.get("issues") or [], body.get("total")

        return list(self.client.paged(fetch, page_size))

    def issues_by_keys(self, keys, fields=("summary", "issuetype"), option="tests"):
        """{KEY: issue} for many keys in few searches; keys that do not exist are absent from the answer
        (validateQuery=warn). Up to 250 keys: one GET; more: POSTs of 1,000 keys (a page each), a quarter of
        the searches. A query Jira still rejects is an InputError naming ``option``."""
        wanted = sorted(set(str(k).strip().upper() for k in keys if str(k).strip()))
        for key in wanted:
            if not KEY.match(key):
                raise InputError(option, "%r is not an issue key" % key, "write keys like SHOP-101")
        found = {}
        per_query = KEYS_PER_QUERY if len(wanted) <= KEYS_PER_QUERY else KEYS_PER_POST
        for start in range(0, len(wanted), per_query):
            chunk = wanted[start:start + per_query]
            jql = "key in (%s)" % ", ".join(chunk)
            try:
                issues = self.search(jql, fields=fields, page_size=per_query, validate="warn",
                                     post=per_query == KEYS_PER_POST)
            except ApiError as exc:
                if exc.status == 400:
                    raise InputError(option, exc.message, "give existing issue keys")
                raise
            for issue in issues:
                found[issue["key"].upper()] = issue
        return found

    def search_jql(self, jql, fields=("summary", "issuetype"), option="tests_jql", page_size=SEARCH_PAGE):
        """A user's JQL; Jira's 400 (syntax, unknown field) becomes an InputError naming ``option``."""
        try:
            return self.search(jql, fields=fields, page_size=page_size)
        except ApiError as exc:
            if exc.status == 400:
                raise InputError(option, exc.message, "fix the JQL query")
            raise

    def saved_filter(self, filter_id, option="tests_filter"):
        """A saved filter by id (or by name among the user's favourites); InputError when unknown."""
        ref = str(filter_id).strip()
        if not ref.isdigit():
            matches = [f for f in self.client.get(API + "/filter/favourite") or [] if f.get("name") == ref]
            if len(matches) != 1:
                raise InputError(option, "%s favourite filters are named %r" % (len(matches) or "no", ref),
                                 "give the filter id (the number in its URL)")
            return matches[0]
        try:
            return self.client.get(API + "/filter/" + ref)
        except ApiError as exc:
            if exc.status in (400, 404):
                raise InputError(option, "saved filter %s: %s" % (ref, exc.message), "give the id of a filter you can see")
            raise

    def delete_issue(self, key):
        return self.client.delete(API + "/issue/" + key)

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


def quote(value):
    """A JQL string literal."""
    return '"%s"' % str(value).replace("\\", "\\\\").replace('"', '\\"')
