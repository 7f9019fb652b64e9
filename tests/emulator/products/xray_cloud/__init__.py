"""Xray Cloud under /api/v2 (and /api/v1): authenticate, the import endpoints, GraphQL, and the
documented rate limit. It shares the Xray model (and the Jira issues) with Xray Server."""

import json
import math
import time
from collections import deque

from flask import Blueprint, current_app, g, jsonify, make_response, request

from tests.emulator import auth
from tests.emulator.products.common import require_user, settings, store
from tests.emulator.products.xray_cloud import graphql, schema
from tests.emulator.products.xray_server import import_requests, model
from tests.emulator.products.xray_server.model import XrayError
from tests.emulator.products.xray_server.reports import JSON_FORMATS, XML_FORMATS

bp = Blueprint("xray_cloud", __name__)
PREFIXES = ("/api/v2", "/api/v1")
FORMATS = XML_FORMATS + JSON_FORMATS
RATE_KEY = "XRAY_CLOUD_RATE"


# -- rate limit: N requests per window per instance, 429 + Retry-After beyond ---------------------
def _reset_rate(app):
    app.config[RATE_KEY] = deque()


@bp.before_request
def _rate_limit():
    stamps = current_app.config.setdefault(RATE_KEY, deque())
    limit, window = int(settings()["cloud_rate_limit"]), float(settings()["cloud_rate_window"])
    now = time.time()
    while stamps and stamps[0] <= now - window:
        stamps.popleft()
    if limit > 0 and len(stamps) >= limit:
        wait = max(1, int(math.ceil(stamps[0] + window - now)))
        text = "Too many requests: the limit is %d requests per %d seconds." % (limit, window)
        resp = make_response(jsonify({"error": text}), 429)
        resp.headers["Retry-After"] = str(wait)
        return resp
    stamps.append(now)
    return None


def _unauthorized():
    if g.get("auth_failed"):
        text = "Authentication token has expired or is invalid. Please authenticate again."
    else:
        text = "Authentication required: send Authorization: Bearer <token> from /api/v2/authenticate."
    return jsonify({"error": text}), 401


# -- authenticate ----------------------------------------------------------------------------------
def authenticate():
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict) or not isinstance(data.get("client_id"), str) \
            or not isinstance(data.get("client_secret"), str):
        return make_response("Wrong request syntax", 400, {"Content-Type": "text/plain;charset=UTF-8"})
    client = store().find_one("cloud_client", client_id=data["client_id"])
    if client is None or client.get("client_secret") != data["client_secret"]:
        return jsonify({"error": "Authentication failed. Invalid client credentials!"}), 401
    user = store().find_one("user", name=client.get("user") or "admin")
    token = auth.new_session(store(), "cloud", user, settings()["cloud_token_ttl"])
    return current_app.response_class(json.dumps(token), mimetype="application/json")


# -- imports ---------------------------------------------------------------------------------------
def _import(fmt, multipart):
    require_user("cloud", _unauthorized)
    try:
        execution, _tests = import_requests.run_import("cloud", fmt, multipart)
    except XrayError as exc:
        return jsonify({"error": str(exc)}), 400
    return jsonify(model.issue_ref(execution))


def import_xray():
    return _import(None, False)


def import_format(fmt):
    if fmt == "multipart":
        return _import(None, True)
    if fmt not in FORMATS:
        return jsonify({"error": "Unsupported format: %s" % fmt}), 404
    return _import(fmt, False)


def import_format_multipart(fmt):
    if fmt not in FORMATS:
        return jsonify({"error": "Unsupported format: %s" % fmt}), 404
    return _import(fmt, True)


# -- GraphQL ---------------------------------------------------------------------------------------
def graphql_endpoint():
    require_user("cloud", _unauthorized)
    data = request.get_json(force=True, silent=True)
    if not isinstance(data, dict):
        return jsonify({"errors": [{"message": "POST body must be JSON: {\"query\": ..., \"variables\": ...}"}]}), 400
    variables = data.get("variables") or {}
    if not isinstance(variables, dict):
        return jsonify({"errors": [{"message": "Variables must be an object."}]}), 400
    body, status = graphql.execute(data.get("query"), variables, data.get("operationName"), schema.ROOTS)
    return jsonify(body), status


for _prefix in PREFIXES:
    _name = _prefix.replace("/", "_")
    bp.add_url_rule(_prefix + "/authenticate", endpoint="auth" + _name, view_func=authenticate, methods=["POST"])
    bp.add_url_rule(_prefix + "/import/execution", endpoint="xray" + _name, view_func=import_xray, methods=["POST"])
    bp.add_url_rule(_prefix + "/import/execution/<fmt>", endpoint="fmt" + _name, view_func=import_format,
                    methods=["POST"])
    bp.add_url_rule(_prefix + "/import/execution/<fmt>/multipart", endpoint="fmt_mp" + _name,
                    view_func=import_format_multipart, methods=["POST"])
    bp.add_url_rule(_prefix + "/graphql", endpoint="graphql" + _name, view_func=graphql_endpoint, methods=["POST"])


def register(app):
    app.register_blueprint(bp)
    _reset_rate(app)
    app.config.setdefault("RESET_HOOKS", []).append(_reset_rate)
