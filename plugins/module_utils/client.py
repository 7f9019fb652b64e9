# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one HTTP client every module and lookup of testops.testmgmt talks through.

It owns: base URL joining (context paths kept), auth sent up front, one re-login when a session
answers 401, timeouts, TLS, retries with backoff and jitter honouring Retry-After inside a time
budget, check-mode write suppression, and turning any failure into one ApiError that carries the
product's own message. Product calls live in the small *_api modules on top of it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import random
import time
import traceback

try:
    import requests
    from requests.exceptions import ConnectionError as RequestsConnectionError
    from requests.exceptions import ConnectTimeout, ReadTimeout, SSLError

    HAS_REQUESTS = True
    REQUESTS_IMPORT_ERROR = None
except ImportError:  # pragma: no cover - exercised by the missing_required_lib path
    HAS_REQUESTS = False
    REQUESTS_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import (
    ApiError,
    embedded_error,
    error_from_response,
    redact_url,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.progress import Progress
from ansible_collections.testops.testmgmt.plugins.module_utils.upload import safe_parts
from ansible_collections.testops.testmgmt.plugins.module_utils.version import USER_AGENT

RETRY_STATUSES = (429, 502, 503, 504)
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
IDEMPOTENT_METHODS = ("GET", "HEAD", "OPTIONS", "PUT", "DELETE")


class Auth:
    """Puts credentials on every request up front (Jira answers some calls anonymously)."""

    relogin = False

    def headers(self):
        return {}

    def login(self, client):
        """Session auths fetch a fresh session here; plain ones have nothing to do."""


class NoAuth(Auth):
    pass


class BasicAuth(Auth):
    def __init__(self, username, password):
        self.username = username
        self.password = password

    def headers(self):
        import base64

        raw = ("%s:%s" % (self.username, self.password)).encode("utf-8")
        return {"Authorization": "Basic " + base64.b64encode(raw).decode("ascii")}


class BearerAuth(Auth):
    def __init__(self, token):
        self.token = token

    def headers(self):
        return {"Authorization": "Bearer " + self.token}


class SessionAuth(Auth):
    """Base for cookie/token sessions: log in lazily, log in again once on 401."""

    relogin = True

    def __init__(self):
        self.logged_in = False

    def ensure(self, client):
        if not self.logged_in:
            self.login(client)
            self.logged_in = True


class Client:
    """requests.Session wrapper. ``base_url`` may carry a context path (https://host/jira)."""

    def __init__(self, base_url, auth=None, validate_certs=True, ca_path=None, timeout=30,
                 retries=5, retry_budget=120.0, check_mode=False, on_retry=None,
                 backoff=0.5, max_backoff=30.0, rate_limiter=None):
        if not HAS_REQUESTS:
            raise ImportError("requests is required")
        self.base_url = (base_url or "").rstrip("/")
        self.auth = auth or NoAuth()
        self.timeout = timeout
        self.retries = max(0, int(retries))
        self.retry_budget = float(retry_budget)
        self.check_mode = check_mode
        self.on_retry = on_retry
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.rate_limiter = rate_limiter
        self.request_count = 0
        self.write_count = 0
        self.retry_log = []
        # what a long task did, for its result; modules swap in one that also writes their log
        self.progress = Progress()
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.session.headers["Accept"] = "application/json"
        if ca_path:
            self.session.verify = ca_path
        else:
            self.session.verify = bool(validate_certs)

    # -- URL helpers -------------------------------------------------------------------------
    def url(self, path):
        if path.startswith("http://") or path.startswith("https://"):
            return path
        return self.base_url + "/" + path.lstrip("/")

    # -- the one request path ------------------------------------------------------------------
    def request(self, method, path, params=None, json=None, data=None, files=None, headers=None,
                ok=None, idempotent=None, simulate=None, raw=False, auth=True):
        """Send one logical request (with retries); return parsed JSON (or the response if raw).

        A write in check mode is never sent: ``simulate`` is returned instead, so modules can
        predict results while the server sees reads only. ``idempotent`` marks a POST that may be
        retried (searches, GraphQL queries, logins); other POSTs create things and are retried
        only where the server provably did not process them (429, connect failures).
        """
        method = method.upper()
        write = method not in SAFE_METHODS and not (method == "POST" and idempotent)
        if write and self.check_mode:
            return simulate
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        url = self.url(path)
        if auth and isinstance(self.auth, SessionAuth):
            self.auth.ensure(self)
        response = self._send_with_retries(method, url, params, json, data, files, headers,
                                           idempotent, auth)
        if response.status_code == 401 and auth and self.auth.relogin:
            self.auth.login(self)
            response = self._send_with_retries(method, url, params, json, data, files, headers,
                                               idempotent, auth)
        if write:
            self.write_count += 1
        expected = ok or (lambda status: 200 <= status < 300)
        if not expected(response.status_code):
            raise error_from_response(method, url, response)
        if raw:
            return response
        body = _json_or_text(response)
        problem = embedded_error(body)
        if problem:
            raise ApiError(problem, method=method, url=url, status=response.status_code)
        return body

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, **kwargs):
        return self.request("POST", path, **kwargs)

    def put(self, path, **kwargs):
        return self.request("PUT", path, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)

    # -- retries -------------------------------------------------------------------------------
    def _send_with_retries(self, method, url, params, json, data, files, headers, idempotent, auth):
        deadline = time.monotonic() + self.retry_budget
        attempt = 0
        while True:
            attempt += 1
            reason, wait, last_exc = None, None, None
            try:
                response = self._send_once(method, url, params, json, data, files, headers, auth)
            except SSLError as exc:
                raise ApiError("TLS verification failed (%s); set ca_path to the CA bundle, or "
                               "validate_certs=false to skip (insecure)" % _first_line(exc),
                               method=method, url=url)
            except ConnectTimeout as exc:
                reason, response = "connect timeout", None
                last_exc = exc
            except ReadTimeout as exc:
                if not idempotent:
                    raise ApiError("no answer within %ss; not retried because %s may have been "
                                   "applied" % (self.timeout, method), method=method, url=url)
                reason, response, last_exc = "read timeout", None, exc
            except RequestsConnectionError as exc:
                if not idempotent and not _never_sent(exc):
                    raise ApiError("connection lost (%s); not retried because %s may have been "
                                   "applied" % (_first_line(exc), method), method=method, url=url)
                reason, response, last_exc = "connection error", None, exc
            if response is not None:
                status = response.status_code
                # 429 means "not processed": safe to repeat even for creating POSTs.
                if status not in RETRY_STATUSES or (not idempotent and status != 429):
                    return response
                reason = "HTTP %d" % status
                wait = _retry_after(response)
            if attempt > self.retries:
                if response is not None:
                    return response
                raise ApiError("%s after %d attempts (%s)" % (reason, attempt, _first_line(last_exc)),
                               method=method, url=url)
            if wait is None:
                wait = min(self.max_backoff, self.backoff * (2 ** (attempt - 1)))
                wait = wait / 2 + random.uniform(0, wait / 2)
            if time.monotonic() + wait > deadline:
                if response is not None:
                    return response
                raise ApiError("%s; retry budget of %ss exhausted" % (reason, self.retry_budget),
                               method=method, url=url)
            note = "%s %s: %s, retry %d of %d in %.1fs" % (
                method, redact_url(url), reason, attempt, self.retries, wait)
            self.retry_log.append(note)
            self.progress.note(note, kind="retry", attempt=attempt)
            if self.on_retry:
                self.on_retry(note)
            time.sleep(wait)

    def _send_once(self, method, url, params, json, data, files, headers, auth):
        # every multipart file name sanitized and size bounded, whichever module built the parts
        files = safe_parts(files)
        if self.rate_limiter is not None:
            self.rate_limiter.acquire()
        merged = {}
        if auth:
            merged.update(self.auth.headers())
        if headers:
            merged.update(headers)
        self.request_count += 1
        if files:
            # requests rewinds nothing: reopen-safe tuples are passed by callers; seek file objects.
            for value in files.values() if isinstance(files, dict) else [v for _k, v in files]:
                handle = value[1] if isinstance(value, tuple) else value
                if hasattr(handle, "seek"):
                    handle.seek(0)
        # verify is passed per request: requests lets REQUESTS_CA_BUNDLE/CURL_CA_BUNDLE override a
        # session's CA path or verify=False, which would make ca_path and validate_certs no-ops.
        return self.session.request(method, url, params=params, json=json, data=data, files=files,
                                    headers=merged, timeout=self.timeout, verify=self.session.verify)

    # -- paging --------------------------------------------------------------------------------
    def paged(self, fetch, page_size):
        """Yield items from ``fetch(offset, limit) -> (items, total_or_None)`` until exhausted."""
        offset = 0
        while True:
            items, total = fetch(offset, page_size)
            yield from items
            offset += len(items)
            if not items or (total is not None and offset >= total) or (total is None and len(items) < page_size):
                return


def _json_or_text(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _retry_after(response):
    value = response.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        from email.utils import parsedate_to_datetime
        import datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        now = datetime.datetime.now(when.tzinfo)
        return max(0.0, (when - now).total_seconds())


def _never_sent(exc):
    """Connection refused / DNS failures happen before a byte of the request is sent."""
    text = str(exc)
    return "NewConnectionError" in text or "Connection refused" in text or "Name or service" in text


def _first_line(exc):
    text = str(exc).strip().splitlines()
    return text[0][:300] if text else exc.__class__.__name__
