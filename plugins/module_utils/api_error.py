# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One error type for every product, and the extraction of the product's own message.

Products disagree on error bodies: Jira ``errorMessages``/``errors``, ZAPI ``{"error"}``,
``{"Error"}``, field maps such as ``{"date": "..."}`` and 200 answers carrying ``errorDesc``;
Xray ``{"error"}`` or text/plain; Zephyr Enterprise ``message`` (sometimes JSON inside JSON).
A failing task must say why in one line, so all of these become one sentence here.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import re

MAX_MESSAGE = 400


class ApiError(Exception):
    """A failed call: method, URL (never credentials), status and the product's message."""

    def __init__(self, message, method=None, url=None, status=None, body=None):
        super(ApiError, self).__init__(message)
        self.message = message
        self.method = method
        self.url = redact_url(url) if url else url
        self.status = status
        self.body = body

    def __str__(self):
        where = ""
        if self.method and self.url:
            where = "%s %s" % (self.method, self.url)
        if self.status is not None:
            where = "%s -> HTTP %s" % (where, self.status) if where else "HTTP %s" % self.status
        return "%s: %s" % (where, self.message) if where else self.message

    def as_result(self):
        return {"method": self.method, "url": self.url, "status": self.status}

    @property
    def not_found(self):
        return self.status == 404


def redact_url(url):
    """Drop user:password@ from a URL; everything else (paths, JQL) stays readable."""
    return re.sub(r"(?<=://)[^/@]+@", "", url or "")


def error_from_response(method, url, response):
    body = _body(response)
    message = product_message(body, response)
    return ApiError(message, method=method, url=url, status=response.status_code,
                    body=body if isinstance(body, (dict, list)) else None)


def product_message(body, response=None):
    """The product's own words, as one line."""
    message = None
    if isinstance(body, dict):
        message = _from_dict(body)
    elif isinstance(body, list) and body and all(isinstance(x, str) for x in body):
        message = "; ".join(body)
    elif isinstance(body, str) and body.strip():
        message = _from_text(body, response)
    if not message and response is not None:
        message = response.reason or "no error message in the answer"
        if response.status_code in (401,):
            message += " (check the credentials or token; sessions and tokens expire)"
    return _one_line(message or "unknown error")


def embedded_error(body):
    """ZAPI answers some failures with 200: ``errorDesc`` (bad credentials) or a lone ``error``."""
    if not isinstance(body, dict):
        return None
    if body.get("errorDesc") and str(body.get("errorId", "ERROR")).upper() == "ERROR":
        return _one_line(str(body["errorDesc"]))
    if set(body) == {"error"} and body["error"]:
        return _one_line(_stringify(body["error"]))
    return None


def _from_dict(body):
    for key in ("error", "Error", "errorDesc", "errorMessage"):
        if body.get(key):
            return _stringify(body[key])
    parts = []
    if body.get("errorMessages"):
        parts.extend(str(m) for m in body["errorMessages"])
    if isinstance(body.get("errors"), dict) and body["errors"]:
        parts.extend("%s: %s" % (k, v) for k, v in sorted(body["errors"].items()))
    if parts:
        return "; ".join(parts)
    if body.get("message"):
        return _stringify(body["message"])
    # ZAPI field maps: {"date": "...", "dateSequenceError": "..."} / {"Invalid Issue": "..."}
    scalar = [(k, v) for k, v in body.items() if isinstance(v, str) and v]
    if scalar:
        return "; ".join("%s: %s" % (k, v) for k, v in scalar)
    return None


def _stringify(value):
    if isinstance(value, str):
        # Zephyr Enterprise nests JSON inside ``message``.
        stripped = value.strip()
        if stripped.startswith("{"):
            try:
                inner = json.loads(stripped)
            except ValueError:
                return value
            if isinstance(inner, dict):
                return _from_dict(inner) or value
        return value
    if isinstance(value, dict):
        return _from_dict(value) or json.dumps(value, sort_keys=True)
    if isinstance(value, list):
        return "; ".join(_stringify(v) for v in value)
    return str(value)


def _from_text(text, response):
    content_type = response.headers.get("Content-Type", "") if response is not None else ""
    if "html" in content_type or text.lstrip().lower().startswith(("<!doctype", "<html")):
        title = re.search(r"<title>(.*?)</title>", text, re.I | re.S)
        hint = " (%s)" % title.group(1).strip() if title else ""
        return "the server answered with an HTML page%s, not the API; check url" % hint
    return text.strip()


def _body(response):
    if not response.content:
        return None
    try:
        return response.json()
    except ValueError:
        return response.text


def _one_line(text):
    line = " ".join(str(text).split())
    return line if len(line) <= MAX_MESSAGE else line[:MAX_MESSAGE - 3] + "..."
