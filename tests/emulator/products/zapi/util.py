"""ZAPI util resources: statuses, the Test issue type (with its 200 + errorDesc oddity)."""

from flask import jsonify

from tests.emulator import auth
from tests.emulator.products.common import store
from tests.emulator.products.zapi.common import route, user

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
