"""Xray Server/DC REST under /rest/raven/{1.0,2.0,latest}/api: Test Executions, Test Runs, Tests,
Test Plans and settings. Errors are 400 text/plain with Xray's message (404 for an unknown run)."""

from flask import Blueprint, jsonify, request

from tests.emulator.products import jira
from tests.emulator.products.common import as_int, body_json, fail_text, jira_unauthorized, require_user, store
from tests.emulator.products.xray_server import fields as F
from tests.emulator.products.xray_server import model
from tests.emulator.products.xray_server.model import EXECUTION, PLAN, TEST, XrayError

bp = Blueprint("xray_server_rest", __name__)
PREFIXES = ("/rest/raven/1.0/api", "/rest/raven/2.0/api", "/rest/raven/latest/api")
MAX_LIMIT = 1000


def route(rule, methods=("GET",)):
    def wrap(view):
        for prefix in PREFIXES:
            endpoint = "xr_%s_%s" % (prefix.split("/")[3].replace(".", "_"), view.__name__)
            bp.add_url_rule(prefix + rule, endpoint=endpoint, view_func=view, methods=list(methods))
        return view
    return wrap


@bp.before_request
def _auth():
    require_user("jira", jira_unauthorized)


def _typed(key, wanted, label=None):
    issue = model.find_typed(key, wanted)
    if issue is None:
        fail_text(400, "%s with key %s not found" % (label or wanted, key))
    return issue


def _json_list_body():
    data = body_json()
    if not isinstance(data, dict):
        fail_text(400, "Invalid body: expected {\"add\": [keys], \"remove\": [keys]}")
    for name in ("add", "remove"):
        if not isinstance(data.get(name, []), list):
            fail_text(400, "Invalid body: '%s' must be an array of issue keys" % name)
    return data.get("add") or [], data.get("remove") or []


def _defect_json(key):
    issue = jira.find_issue(key)
    if not issue:
        return {"key": key}
    return {"id": issue["id"], "key": issue["key"], "summary": issue["fields"].get("summary"),
            "status": (issue["fields"].get("status") or {}).get("name")}


def _evidence_json(evidence):
    return dict((k, evidence[k]) for k in ("id", "fileName", "fileSize", "created", "author", "fileURL"))


def run_json(run, execution_key=None, detailed=True):
    out = {"id": run["id"], "status": run["status"], "testKey": run["testKey"],
           "testExecKey": execution_key or (store().get("issue", run["execId"]) or {}).get("key")}
    if detailed:
        out.update({"assignee": run.get("assignee"), "executedBy": run.get("executedBy"),
                    "startedOn": run.get("startedOn"), "finishedOn": run.get("finishedOn"),
                    "duration": None, "defects": [_defect_json(k) for k in run.get("defects") or []],
                    "evidences": [_evidence_json(e) for e in run.get("evidences") or []],
                    "comment": run.get("comment") or "", "examples": run.get("examples") or [],
                    "steps": run.get("steps") or [], "scenarioOutline": None,
                    "customFields": run.get("customFields") or []})
    return out


# -- Test Execution <-> Tests --------------------------------------------------------------------
@route("/testexec/<key>/test")
def exec_tests(key):
    execution = _typed(key, EXECUTION)
    detailed = (request.args.get("detailed") or "").lower() == "true"
    if "limit" in request.args or "page" in request.args:
        limit = as_int(request.args.get("limit"), MAX_LIMIT)
        page = as_int(request.args.get("page"), 1)
        if limit is None or limit < 0 or limit > MAX_LIMIT or page is None or page < 1:
            fail_text(400, "Invalid pagination: limit must be between 0 and %d and page at least 1" % MAX_LIMIT)
        runs = model.runs_page(execution, (page - 1) * limit, limit)  # only the page is read
    else:
        runs = model.runs_of(execution)
    out = []
    for run in runs:
        item = {"id": run["id"], "status": run["status"], "key": run["testKey"], "rank": run["rank"]}
        if detailed:
            full = run_json(run, execution["key"])
            for name in ("assignee", "executedBy", "startedOn", "finishedOn", "defects", "evidences", "comment",
                         "examples"):
                item[name] = full[name]
        out.append(item)
    return jsonify(out)


@route("/testexec/<key>/test", methods=("POST",))
def exec_add_remove(key):
    execution = _typed(key, EXECUTION)
    add, remove = _json_list_body()
    errors, tests = [], []
    for test_key in add:
        test = model.find_typed(str(test_key), TEST)
        if test is None:
            issue = jira.find_issue(str(test_key))
            errors.append("Issue with key %s is not a Test or a Test Set." % test_key if issue
                          else "Test with key %s was not found." % test_key)
            continue
        tests.append(test)
    model.add_tests(execution, tests)
    for test_key in remove:
        test = model.find_typed(str(test_key), TEST)
        if test is None or not model.remove_test(execution, test):
            errors.append("Test with key %s is not associated with Test Execution %s." % (test_key, execution["key"]))
    return jsonify(errors)


@route("/testexec/<key>/test/<test_key>", methods=("DELETE",))
def exec_remove_one(key, test_key):
    execution = _typed(key, EXECUTION)
    test = _typed(test_key, TEST)
    if not model.remove_test(execution, test):
        fail_text(400, "Test with key %s is not associated with Test Execution %s." % (test_key, execution["key"]))
    return "", 200


# -- Test Runs -----------------------------------------------------------------------------------
def _run_or_404(run_id):
    run = model.get_run(run_id)
    if run is None:
        fail_text(404, "Test Run with id %s not found" % run_id)
    return run


@route("/testrun")
def run_by_keys():
    execution = _typed(request.args.get("testExecIssueKey") or "", EXECUTION)
    test = _typed(request.args.get("testIssueKey") or "", TEST)
    run = model.run_for(execution, test)
    if run is None:
        fail_text(404, "Test %s is not associated with Test Execution %s" % (test["key"], execution["key"]))
    return jsonify(run_json(run, execution["key"]))


@route("/testrun/<run_id>")
def get_run(run_id):
    return jsonify(run_json(_run_or_404(run_id)))


def _apply_status(run, name):
    try:
        model.set_status(run, model.canonical_status(name, "server"))
    except XrayError as exc:
        fail_text(400, str(exc))


def _apply_add_remove(run, data, field, add_one, remove_one):
    change = data.get(field)
    if change is None:
        return
    if not isinstance(change, dict):
        fail_text(400, "Invalid body: '%s' must be {\"add\": [...], \"remove\": [...]}" % field)
    for item in change.get("add") or []:
        add_one(item)
    for item in change.get("remove") or []:
        remove_one(item)


@route("/testrun/<run_id>", methods=("PUT",))
def update_run(run_id):
    run = _run_or_404(run_id)
    data = body_json()
    if not isinstance(data, dict):
        fail_text(400, "Invalid body: expected a JSON object")
    if "status" in data:
        _apply_status(run, data["status"])
    if "comment" in data:
        run["comment"] = data["comment"] or ""
    if "assignee" in data:
        run["assignee"] = data["assignee"]

    def add_defect(key):
        if jira.find_issue(str(key)) is None:
            fail_text(400, "Issue with key %s does not exist" % key)
        if key not in run["defects"]:
            run["defects"].append(key)

    def remove_defect(key):
        if key in run["defects"]:
            run["defects"].remove(key)

    def add_evidence(item):
        try:
            model.add_evidence(run, item if isinstance(item, dict) else {})
        except XrayError as exc:
            fail_text(400, str(exc))

    def remove_evidence(ident):
        run["evidences"] = [e for e in run["evidences"] if str(e["id"]) != str(ident) and e["fileName"] != ident]

    _apply_add_remove(run, data, "defects", add_defect, remove_defect)
    _apply_add_remove(run, data, "evidences", add_evidence, remove_evidence)
    for example in data.get("examples") or []:
        for have in run["examples"]:
            if str(have["id"]) == str(example.get("id")):
                have["status"] = model.canonical_status(example.get("status"), "server")
    for step in data.get("steps") or []:
        for have in run["steps"]:
            if str(have.get("id")) == str(step.get("id")):
                have.update(dict((k, step[k]) for k in ("status", "comment", "actualResult") if k in step))
    store().update("xray_run", run)
    return "", 200


@route("/testrun/<run_id>/status")
def run_status(run_id):
    return jsonify(_run_or_404(run_id)["status"])


@route("/testrun/<run_id>/status", methods=("PUT",))
def set_run_status(run_id):
    run = _run_or_404(run_id)
    name = request.args.get("status")
    if not name:
        fail_text(400, "The status query parameter is required")
    _apply_status(run, name)
    store().update("xray_run", run)
    return "", 200


@route("/testrun/<run_id>/defect")
def run_defects(run_id):
    return jsonify([_defect_json(k) for k in _run_or_404(run_id)["defects"]])


# -- Tests ---------------------------------------------------------------------------------------
def test_json(test):
    kind = model.test_type(test)
    out = {"id": test["id"], "key": test["key"], "self": jira.base_url() + "/rest/api/2/issue/%s" % test["id"],
           "reporter": test["fields"].get("reporter") or "admin", "precondition": [], "type": kind, "status": []}
    if kind == "Generic":
        out["definition"] = test["fields"].get(F.DEFINITION) or ""
    elif kind == "Cucumber":
        out["definition"] = test["fields"].get(F.SCENARIO) or ""
        out["scenarioType"] = ((test["fields"].get(F.SCENARIO_TYPE) or {}).get("value") or "Scenario").lower()
    else:
        out["definition"] = {"steps": [step_json(s) for s in model.steps_of(test)]}
    return out


@route("/test")
def tests_by_keys():
    if request.args.get("keys"):
        found = [model.find_typed(k.strip(), TEST) for k in request.args["keys"].split(";") if k.strip()]
        found = [t for t in found if t is not None]
    elif request.args.get("jql"):
        found = [i for i in jira.run_jql(request.args["jql"]) if model.type_name(i) == TEST]
    else:
        fail_text(400, "One of keys, jql or filter is required")
    return jsonify([test_json(t) for t in found])


def _test_links(test, kind):
    out = []
    for run in store().find("xray_run", testId=test["id"]):
        execution = store().get("issue", run["execId"])
        if execution is None:
            continue
        if kind == "testruns":
            out.append(run_json(run, execution["key"], detailed=False))
        else:
            out.append(model.issue_ref(execution))
    return out


@route("/test/<key>/testruns")
def test_runs(key):
    return jsonify(_test_links(_typed(key, TEST), "testruns"))


@route("/test/<key>/testexecutions")
def test_executions(key):
    return jsonify(_test_links(_typed(key, TEST), "testexecutions"))


@route("/test/<key>/testplans")
def test_plans(key):
    test = _typed(key, TEST)
    plans = [store().get("issue", p["planId"]) for p in store().find("xray_plan_test", testId=test["id"])]
    return jsonify([model.issue_ref(p) for p in plans if p])


# -- steps ---------------------------------------------------------------------------------------
def _rich(text):
    return {"raw": text or "", "rendered": text or ""}


def step_json(step):
    return {"id": step["id"], "index": step["index"], "step": _rich(step.get("step")), "data": _rich(step.get("data")),
            "result": _rich(step.get("result")), "attachments": step.get("attachments") or []}


def _step_or_404(test, step_id):
    for step in model.steps_of(test):
        if str(step["id"]) == str(step_id):
            return step
    fail_text(404, "Test Step with id %s not found in Test %s" % (step_id, test["key"]))


@route("/test/<key>/step")
def list_steps(key):
    return jsonify([step_json(s) for s in model.steps_of(_typed(key, TEST))])


@route("/test/<key>/step/<step_id>")
def get_step(key, step_id):
    return jsonify(step_json(_step_or_404(_typed(key, TEST), step_id)))


@route("/test/<key>/step", methods=("PUT",))
def create_step(key):
    test = _typed(key, TEST)
    data = body_json()
    if not isinstance(data, dict) or not str(data.get("step") or "").strip():
        fail_text(400, "The step field is required")
    index = len(model.steps_of(test)) + 1
    step = store().insert("xray_step", {"testId": test["id"], "index": index, "step": data.get("step"),
                                        "data": data.get("data") or "", "result": data.get("result") or "",
                                        "attachments": []}, ref=test["id"], start=1000)
    return jsonify(step_json(step))


@route("/test/<key>/step/<step_id>", methods=("POST",))
def update_step(key, step_id):
    step = _step_or_404(_typed(key, TEST), step_id)
    data = body_json()
    if not isinstance(data, dict):
        fail_text(400, "Invalid body: expected a JSON object")
    for name in ("step", "data", "result"):
        if name in data:
            step[name] = data[name] or ""
    store().update("xray_step", step)
    return jsonify(step_json(step))


@route("/test/<key>/step/<step_id>", methods=("DELETE",))
def delete_step(key, step_id):
    test = _typed(key, TEST)
    step = _step_or_404(test, step_id)
    store().delete("xray_step", step["id"])
    for index, rest in enumerate(model.steps_of(test), start=1):
        rest["index"] = index
        store().update("xray_step", rest)
    return "", 200


# -- Test Plans ----------------------------------------------------------------------------------
@route("/testplan/<key>/test")
def plan_tests(key):
    plan = _typed(key, PLAN)
    out = []
    for entry in model.plan_tests(plan):
        test = store().get("issue", entry["testId"])
        if test is None:
            continue
        latest = store().find("xray_run", testId=test["id"])
        status = max(latest, key=lambda r: r["id"])["status"] if latest else "TODO"
        out.append({"id": test["id"], "key": test["key"], "latestStatus": status})
    return jsonify(out)


@route("/testplan/<key>/test", methods=("POST",))
def plan_add_remove(key):
    plan = _typed(key, PLAN)
    add, remove = _json_list_body()
    errors, tests = [], []
    for test_key in add:
        test = model.find_typed(str(test_key), TEST)
        if test is None:
            errors.append("Test with key %s was not found." % test_key)
        else:
            tests.append(test)
    model.add_plan_tests(plan, tests)
    for test_key in remove:
        test = model.find_typed(str(test_key), TEST)
        if test is None or not model.remove_plan_test(plan, test):
            errors.append("Test with key %s is not associated with Test Plan %s." % (test_key, plan["key"]))
    return jsonify(errors)


@route("/testplan/<key>/test/<test_key>", methods=("DELETE",))
def plan_remove_one(key, test_key):
    plan = _typed(key, PLAN)
    if not model.remove_plan_test(plan, _typed(test_key, TEST)):
        fail_text(400, "Test with key %s is not associated with Test Plan %s." % (test_key, plan["key"]))
    return "", 200


@route("/testplan/<key>/testexecution")
def plan_executions(key):
    plan = _typed(key, PLAN)
    return jsonify([dict(model.issue_ref(e), summary=e["fields"].get("summary"))
                    for e in model.plan_executions(plan)])


@route("/testplan/<key>/testexecution", methods=("POST",))
def plan_add_remove_executions(key):
    plan = _typed(key, PLAN)
    add, remove = _json_list_body()
    errors = []
    for exec_key in add:
        execution = model.find_typed(str(exec_key), EXECUTION)
        if execution is None:
            errors.append("Test Execution with key %s was not found." % exec_key)
        else:
            model.link_plan(plan, execution)
    for exec_key in remove:
        execution = model.find_typed(str(exec_key), EXECUTION)
        if execution is None or not model.unlink_plan(plan, execution):
            errors.append("Test Execution with key %s is not associated with Test Plan %s." % (exec_key, plan["key"]))
    return jsonify(errors)


@route("/testplan/<key>/testexecution/<exec_key>", methods=("DELETE",))
def plan_remove_execution(key, exec_key):
    plan = _typed(key, PLAN)
    if not model.unlink_plan(plan, _typed(exec_key, EXECUTION)):
        fail_text(400, "Test Execution with key %s is not associated with Test Plan %s." % (exec_key, plan["key"]))
    return "", 200


# -- settings ------------------------------------------------------------------------------------
@route("/settings/teststatuses")
def test_statuses():
    return jsonify([{"id": sid, "rank": sid, "name": name, "description": text, "final": final, "color": color,
                     "requirementStatusName": req} for sid, name, text, final, color, req in model.STATUSES])
