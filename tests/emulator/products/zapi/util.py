"""ZAPI util resources: statuses, the Test issue type (with its 200 + errorDesc oddity), projects,
versions (versionBoard-list) and cycle criteria."""

from flask import jsonify, request

from tests.emulator import auth
from tests.emulator.products.common import store
from tests.emulator.products.zapi.common import error, ident, route, user

EXECUTION_STATUSES = [
    {"id": -1, "name": "UNEXECUTED", "description": "The test has not yet been executed.", "color": "#A0A0A0",
     "type": 0},
    {"id": 1, "name": "PASS", "description": "Test was executed and passed successfully.", "color": "#75B000",
     "type": 0},
    {"id": 2, "name": "FAIL", "description": "Test was executed and failed.", "color": "#CC3300", "type": 0},
    {"id": 3, "name": "WIP", "description": "Test execution is a work-in-progress.", "color": "#F2B000", "type": 0},
    {"id": 4, "name": "BLOCKED", "description": "The test execution of this test was blocked for some reason.",
     "color": "#6693B0", "type": 0},
    {"id": 5, "name": "PENDING", "description": "Custom status: waiting on a dependency.", "color": "#999999",
     "type": 1},
]

STEP_STATUSES = [
    {"id": -1, "name": "UNEXECUTED", "description": "The test step has not yet been executed.", "color": "#A0A0A0",
     "type": 0},
    {"id": 1, "name": "PASS", "description": "Test step was executed and passed successfully.", "color": "#75B000",
     "type": 0},
    {"id": 2, "name": "FAIL", "description": "Test step was executed and failed.", "color": "#CC3300", "type": 0},
    {"id": 3, "name": "WIP", "description": "Test step execution is a work-in-progress.", "color": "#F2B000",
     "type": 0},
    {"id": 4, "name": "BLOCKED", "description": "The test step execution was blocked.", "color": "#6693B0",
     "type": 0},
]


@route("/util/zephyrTestIssueType")
def test_issue_type():
    # [D-CT]: wrong credentials answer 200 with errorDesc instead of 401.
    if auth.identify("jira") is None:
        return jsonify({"errorDesc": "You do not have the permission to make this request. Login Required.",
                        "errorId": "ERROR"})
    test_type = store().find_one("issuetype", name="Test")
    return jsonify({"testcaseIssueTypeId": str(test_type["id"])})


@route("/util/testExecutionStatus")
def execution_statuses():
    user()
    return jsonify(EXECUTION_STATUSES)


@route("/util/teststepExecutionStatus")
def step_statuses():
    user()
    return jsonify(STEP_STATUSES)


def _project_arg():
    pid = ident(request.args.get("projectId"))
    proj = store().get("project", pid) if pid is not None else None
    if not proj:
        error(400, "Invalid Project")
    return proj


@route("/util/project-list")
def project_list():
    user()
    return jsonify({"options": [{"label": p["name"], "value": str(p["id"]), "type": p.get("projectTypeKey"),
                                 "hasAccessToSoftware": "true"} for p in store().find("project")]})


@route("/util/versionBoard-list")
def version_board_list():
    user()
    proj = _project_arg()
    versions = store().find("version", ref=proj["id"])
    wanted = request.args.get("versionId")
    if wanted not in (None, ""):
        version = next((v for v in versions if str(v["id"]) == str(wanted)), None)
        if str(wanted) == "-1":
            version = {"id": -1, "name": "Unscheduled", "description": ""}
        if version is None:
            error(400, "Version %s does not exist in project %s." % (wanted, proj["key"]))
        return jsonify({"version": {"id": str(version["id"]), "name": version["name"],
                                    "desc": version.get("description") or ""},
                        "project": {"id": str(proj["id"]), "name": proj["name"], "desc": "", "key": proj["key"]},
                        "type": proj.get("projectTypeKey"), "hasAccessToSoftware": "true"})

    def option(v):
        return {"value": str(v["id"]), "label": v["name"], "archived": bool(v.get("archived"))}

    return jsonify({"type": proj.get("projectTypeKey"), "hasAccessToSoftware": "true",
                    "unreleasedVersions": [{"value": "-1", "label": "Unscheduled", "archived": False}]
                    + [option(v) for v in versions if not v.get("released")],
                    "releasedVersions": [option(v) for v in versions if v.get("released")]})


@route("/util/cycleCriteriaInfo")
def cycle_criteria_info():
    user()
    proj = _project_arg()
    issues = store().find("issue", ref=proj["id"])
    labels = sorted(set(label for i in issues for label in i["fields"].get("labels") or []))
    components = sorted(set(c.get("name") for i in issues for c in i["fields"].get("components") or []))
    return jsonify({"components": [{"id": c, "name": c} for c in components],
                    "labels": [{"id": label, "name": label} for label in labels],
                    "priorities": [{"id": str(n), "name": p} for n, p in enumerate(
                        ("Highest", "High", "Medium", "Low", "Lowest"), start=1)],
                    "issueStatuses": [{"id": "1", "name": "Open"}],
                    "executionStatuses": EXECUTION_STATUSES})
