# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Xray Cloud calls: GraphQL (/api/v2/graphql) and the REST imports (/api/v2/import/...).

GraphQL answers 200 with an ``errors`` array when something is refused; that becomes an ApiError.
Queries are reads (sent in check mode, retried); mutations are writes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import open_report, report_name

GRAPHQL = "/api/v2/graphql"
IMPORT = "/api/v2/import/execution"
PAGE = 100  # the most any GraphQL connection returns at once


class XrayCloudApi:
    def __init__(self, client):
        self.client = client

    def query(self, text, variables=None):
        return self._graphql(text, variables, write=False)

    def mutate(self, text, variables=None, simulate=None):
        return self._graphql(text, variables, write=True, simulate=simulate)

    def _graphql(self, text, variables, write, simulate=None):
        body = {"query": text, "variables": variables or {}}
        if write:
            answer = self.client.post(GRAPHQL, json=body, simulate={"data": simulate})
        else:
            answer = self.client.post(GRAPHQL, json=body, idempotent=True)
        if not isinstance(answer, dict):
            raise ApiError("GraphQL answered without JSON", method="POST", url=self.client.url(GRAPHQL))
        if answer.get("errors"):
            messages = "; ".join(str(e.get("message") if isinstance(e, dict) else e) for e in answer["errors"])
            raise ApiError(messages, method="POST", url=self.client.url(GRAPHQL))
        return answer.get("data") or {}

    def paged(self, text, variables, pick):
        """Every item of a connection: ``pick(data)`` returns the {total, results} of one page."""
        def fetch(offset, limit):
            page = pick(self.query(text, dict(variables, start=offset, limit=limit))) or {}
            return page.get("results") or [], page.get("total")
        return list(self.client.paged(fetch, PAGE))

    # -- imports ---------------------------------------------------------------------------------
    def import_json(self, document):
        return self.client.post(IMPORT, json=document, simulate=_SIMULATED)

    def import_xml(self, fmt, path, params):
        """XML reports go as the raw body on Cloud."""
        with open_report(path) as handle:  # uncompressed, when the report is gzipped
            return self.client.post(IMPORT + "/%s" % fmt, params=params, data=handle.read(),
                                    headers={"Content-Type": "application/xml"}, simulate=_SIMULATED)

    def import_multipart(self, fmt, path, info):
        """Cloud's /multipart endpoints take the report in ``results`` for every format."""
        ctype = "application/json" if fmt in ("cucumber", "behave", None) else "application/xml"
        suffix = "/%s/multipart" % fmt if fmt else "/multipart"
        with open_report(path) as handle:  # uncompressed, when the report is gzipped
            files = {"results": (report_name(path), handle, ctype),
                     "info": ("info.json", json.dumps(info), "application/json")}
            return self.client.post(IMPORT + suffix, files=files, simulate=_SIMULATED)


_SIMULATED = {"id": None, "key": None, "self": None}
