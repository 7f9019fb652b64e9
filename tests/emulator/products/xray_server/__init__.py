"""Xray Server/Data Center on the emulator's Jira: imports under /rest/raven/{1.0,2.0,2.0/api,latest}
and the REST API under /rest/raven/{1.0,2.0,latest}/api. Tests, Test Executions and Test Plans are
Jira issues (create them with POST /rest/api/2/issue); see model.py for Xray's own records."""

from flask import Blueprint, jsonify

from tests.emulator.products.common import jira_unauthorized, require_user
from tests.emulator.products.xray_server import fields, import_requests, model, rest
from tests.emulator.products.xray_server.model import XrayError
from tests.emulator.products.xray_server.reports import JSON_FORMATS, XML_FORMATS

imports_bp = Blueprint("xray_server_imports", __name__)
IMPORT_PREFIXES = ("/rest/raven/1.0", "/rest/raven/2.0", "/rest/raven/2.0/api", "/rest/raven/latest",
                   "/rest/raven/1.0/api")
FORMATS = XML_FORMATS + JSON_FORMATS


def _answer(execution, tests):
    return jsonify({"testExecIssue": model.issue_ref(execution),
                    "testIssues": {"success": [model.issue_ref(t) for t in tests]},
                    "infoMessages": []})


def _import(fmt, multipart):
    require_user("jira", jira_unauthorized)
    try:
        execution, tests = import_requests.run_import("server", fmt, multipart)
    except XrayError as exc:
        return jsonify({"error": str(exc)}), 400
    return _answer(execution, tests)


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


for _prefix in IMPORT_PREFIXES:
    _name = _prefix.replace("/", "_").replace(".", "_")
    imports_bp.add_url_rule(_prefix + "/import/execution", endpoint="xray" + _name, view_func=import_xray,
                            methods=["POST"])
    imports_bp.add_url_rule(_prefix + "/import/execution/<fmt>", endpoint="fmt" + _name, view_func=import_format,
                            methods=["POST"])
    imports_bp.add_url_rule(_prefix + "/import/execution/<fmt>/multipart", endpoint="fmt_mp" + _name,
                            view_func=import_format_multipart, methods=["POST"])


def register(app):
    # the per-import maximum of test results (POST /_emulator/settings {"xray_import_max_tests": N}, 0 = none)
    app.config["SETTINGS"].setdefault(import_requests.MAX_TESTS_SETTING, import_requests.DEFAULT_MAX_TESTS)
    app.register_blueprint(imports_bp)
    app.register_blueprint(rest.bp)
    fields.register_field_route(app)
    app.config.setdefault("ISSUE_DELETED_HOOKS", []).append(model.on_issue_deleted)
