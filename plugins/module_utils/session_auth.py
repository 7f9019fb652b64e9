# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Session logins of the three products. The client logs in lazily and once more on a 401.

The session is sent as an explicit Cookie/Authorization header rather than through the cookie
jar: Zephyr Enterprise marks its cookie ``Secure``, which a jar would withhold over plain HTTP.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import BasicAuth, SessionAuth


class JiraSessionAuth(SessionAuth):
    """Jira (Zephyr Squad, Xray Server): POST /rest/auth/1/session -> JSESSIONID."""

    def __init__(self, username, password):
        super(JiraSessionAuth, self).__init__()
        self.username = username
        self.password = password
        self.cookie = None

    def headers(self):
        return {"Cookie": self.cookie} if self.cookie else {}

    def login(self, client):
        self.cookie = None
        body = client.request("POST", "/rest/auth/1/session", idempotent=True, auth=False,
                              json={"username": self.username, "password": self.password})
        session = (body or {}).get("session") or {}
        if not session.get("value"):
            raise ApiError("Jira session login gave no session", method="POST",
                           url=client.url("/rest/auth/1/session"))
        self.cookie = "%s=%s" % (session.get("name") or "JSESSIONID", session["value"])
        client.session.cookies.clear()
        self.logged_in = True


class ZephyrEnterpriseSessionAuth(SessionAuth):
    """Zephyr Enterprise: GET .../latest/manifest with Basic -> ``token`` cookie (90 minutes)."""

    path = "/flex/services/rest/latest/manifest"

    def __init__(self, username, password):
        super(ZephyrEnterpriseSessionAuth, self).__init__()
        self.basic = BasicAuth(username, password)
        self.cookie = None

    def headers(self):
        return {"Cookie": self.cookie} if self.cookie else {}

    def login(self, client):
        self.cookie = None
        response = client.request("GET", self.path, headers=self.basic.headers(), auth=False, raw=True)
        token = response.cookies.get("token")
        if not token:
            raise ApiError("login answered without a token cookie", method="GET", url=client.url(self.path))
        self.cookie = "token=%s" % token
        client.session.cookies.clear()
        self.logged_in = True


class XrayCloudAuth(SessionAuth):
    """Xray Cloud: POST /api/v2/authenticate {client_id, client_secret} -> "quoted token"."""

    path = "/api/v2/authenticate"

    def __init__(self, client_id, client_secret):
        super(XrayCloudAuth, self).__init__()
        self.client_id = client_id
        self.client_secret = client_secret
        self.token = None

    def headers(self):
        return {"Authorization": "Bearer " + self.token} if self.token else {}

    def login(self, client):
        self.token = None
        body = client.request("POST", self.path, idempotent=True, auth=False,
                              json={"client_id": self.client_id, "client_secret": self.client_secret})
        token = body.strip().strip('"') if isinstance(body, str) else None
        if not token:
            raise ApiError("authenticate answered without a token", method="POST", url=client.url(self.path))
        self.token = token
        self.logged_in = True
