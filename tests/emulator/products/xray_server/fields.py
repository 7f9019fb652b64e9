"""Xray's Jira custom fields and Jira's field list (GET /rest/api/2/field).

On Xray Server/DC the Test Execution's environments, revision and Test Plans, and a Test's type,
Generic definition and Cucumber scenario are Jira custom fields whose ids differ per instance;
clients find them by name in /rest/api/2/field. The emulator keeps them in the issue's fields so
Jira REST, JQL and Xray REST all see one truth.
"""

from flask import jsonify

ENVIRONMENTS = "customfield_10200"
REVISION = "customfield_10201"
TEST_PLANS = "customfield_10202"      # on Test Executions: keys of the Test Plans it belongs to
TEST_TYPE = "customfield_10203"       # {"value": "Manual" | "Generic" | "Cucumber"}
DEFINITION = "customfield_10204"      # Generic Test Definition
SCENARIO = "customfield_10205"        # Cucumber Scenario
SCENARIO_TYPE = "customfield_10206"   # {"value": "Scenario" | "Scenario Outline"}

_XRAY = "com.xpandit.plugins.xray:"
CUSTOM = [
    (ENVIRONMENTS, "Test Environments", "array", _XRAY + "test-environments-custom-field"),
    (REVISION, "Revision", "string", _XRAY + "testexec-revision-custom-field"),
    (TEST_PLANS, "Test Plan", "array", _XRAY + "test-plan-custom-field"),
    (TEST_TYPE, "Test Type", "option", _XRAY + "test-type-custom-field"),
    (DEFINITION, "Generic Test Definition", "string", _XRAY + "path-type-custom-field"),
    (SCENARIO, "Cucumber Scenario", "string", _XRAY + "steps-editor-custom-field"),
    (SCENARIO_TYPE, "Cucumber Test Type", "option", _XRAY + "automated-test-type-custom-field"),
]
SYSTEM = [("summary", "Summary", "string"), ("description", "Description", "string"),
          ("issuetype", "Issue Type", "issuetype"), ("project", "Project", "project"),
          ("labels", "Labels", "array"), ("fixVersions", "Fix Version/s", "array"),
          ("components", "Component/s", "array"), ("priority", "Priority", "priority"),
          ("status", "Status", "status"), ("environment", "Environment", "string")]


def field_list():
    out = [{"id": fid, "key": fid, "name": name, "custom": False, "orderable": True, "navigable": True,
            "searchable": True, "clauseNames": [fid], "schema": {"type": kind, "system": fid}}
           for fid, name, kind in SYSTEM]
    for fid, name, kind, custom in CUSTOM:
        number = int(fid.split("_")[1])
        out.append({"id": fid, "key": fid, "name": name, "custom": True, "orderable": True, "navigable": True,
                    "searchable": True, "clauseNames": ["cf[%d]" % number, name],
                    "schema": {"type": kind, "custom": custom, "customId": number}})
    return out


def register_field_route(app):
    """Jira's field list, unless the Jira blueprint already serves it."""
    if any(rule.rule == "/rest/api/2/field" for rule in app.url_map.iter_rules()):
        return
    from tests.emulator.products.common import jira_unauthorized, require_user

    def fields():
        require_user("jira", jira_unauthorized)
        return jsonify(field_list())

    for prefix in ("/rest/api/2", "/rest/api/latest"):
        app.add_url_rule(prefix + "/field", endpoint="xray_jira_field" + prefix.replace("/", "_"), view_func=fields)
