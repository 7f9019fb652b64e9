"""ZAPI step results (execution x step): list by execution, get/update by the stepResult's own id,
create one, defects."""

from flask import jsonify, request

from tests.emulator.products.common import as_int, body_json, store
from tests.emulator.products.zapi.common import error, ident, route, user
from tests.emulator.products.zapi.executions import check_defects, find_execution, status_ids
from tests.emulator.products.zapi.model import EXECUTION, STEP, STEP_RESULT, new_step_result, now_ms, status_map
from tests.emulator.products.zapi.util import STEP_STATUSES


def result_json(result, execution=None):
    import html

    comment = result.get("comment") or ""
    out = {"id": result["id"], "executionId": int(result["executionId"]), "stepId": int(result["stepId"]),
           "issueId": int(result["issueId"]), "status": str(result["status"]), "comment": comment,
           "htmlComment": html.escape(comment).replace("\n", "<br/>"), "defects": [
               {"key": k} for k in result.get("defects") or []],
           "executedBy": result.get("executedBy"), "modifiedBy": result.get("modifiedBy"),
           "executedOn": result.get("executedOn")}
    if execution is not None:
        out["executionDefectCount"] = len(execution.get("defects") or [])
        out["stepDefectCount"] = execution.get("stepDefectCount", 0)
        out["totalDefectCount"] = out["executionDefectCount"] + out["stepDefectCount"]
    return out


def _ordered_results(execution):
    steps = dict((int(s["id"]), s["orderId"]) for s in store().find(STEP, ref=execution["issueId"]))
    results = [r for r in store().find(STEP_RESULT, ref=execution["id"]) if int(r["stepId"]) in steps]
    return sorted(results, key=lambda r: steps[int(r["stepId"])])


@route("/stepResult")
def list_step_results():
    user()
    execution = find_execution(request.args.get("executionId"))
    if not execution:
        error(400, "Execution %s does not exist." % request.args.get("executionId"))
    results = _ordered_results(execution)
    offset = max(0, as_int(request.args.get("offset"), 0))
    limit = as_int(request.args.get("limit"), None)
    page = results[offset:] if limit is None else results[offset:offset + max(0, limit)]
    out = [result_json(r) for r in page]
    if "executionStatus" in (request.args.get("expand") or ""):
        statuses = status_map(STEP_STATUSES)
        for item in out:
            item["executionStatus"] = statuses.get(item["status"])
    return jsonify(out)


@route("/stepResult/stepDefects")
def step_defects():
    user()
    execution = find_execution(request.args.get("executionId"))
    if not execution:
        error(400, "Execution %s does not exist." % request.args.get("executionId"))
    return jsonify({"stepDefects": dict((str(r["id"]), r.get("defects") or [])
                                        for r in _ordered_results(execution))})


def _result(result_id):
    result = store().get(STEP_RESULT, ident(result_id)) if ident(result_id) is not None else None
    if not result:
        error(400, "Step result %s does not exist." % result_id)
    return result


@route("/stepResult/<result_id>")
def get_step_result(result_id):
    user()
    return jsonify(result_json(_result(result_id)))


@route("/stepResult/<result_id>/defects")
def get_step_result_defects(result_id):
    user()
    return jsonify([{"key": k} for k in _result(result_id).get("defects") or []])


@route("/stepResult/<result_id>", methods=["PUT"])
def update_step_result(result_id):
    who = user()
    result = _result(result_id)
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if data.get("status") not in (None, ""):
        if str(data["status"]) not in status_ids(STEP_STATUSES):
            error(400, "Invalid step status %s." % data["status"])
        result["status"] = str(data["status"])
        result["executedBy"] = who["name"] if result["status"] != "-1" else None
        result["executedOn"] = now_ms() if result["status"] != "-1" else None
    if data.get("comment") is not None:
        result["comment"] = str(data["comment"])
    execution = store().get(EXECUTION, result["executionId"])
    if str(data.get("updateDefectList", "")).lower() == "true":
        before = len(result.get("defects") or [])
        result["defects"] = check_defects(data.get("defectList"))
        if execution:
            execution["stepDefectCount"] = max(0, execution.get("stepDefectCount", 0) - before + len(result["defects"]))
            store().update(EXECUTION, execution)
    result["modifiedBy"] = who["name"]
    store().update(STEP_RESULT, result)
    out = result_json(result, execution)
    out["totalStepResultsCount"] = store().count(STEP_RESULT, ref=result["executionId"])
    return jsonify(out)


@route("/stepResult", methods=["POST"])
def create_step_result():
    user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    execution = find_execution(data.get("executionId"))
    if not execution:
        error(400, "Execution %s does not exist." % data.get("executionId"))
    step = store().get(STEP, ident(data.get("stepId"))) if ident(data.get("stepId")) else None
    if not step or int(step["issueId"]) != int(execution["issueId"]):
        error(400, "Step %s does not belong to the execution's Test." % data.get("stepId"))
    if store().find_one(STEP_RESULT, ref=execution["id"], stepId=step["id"]):
        error(400, "Step result already exists for step %s in execution %s." % (step["id"], execution["id"]))
    result = new_step_result(execution, step)
    if data.get("status") not in (None, ""):
        if str(data["status"]) not in status_ids(STEP_STATUSES):
            error(400, "Invalid step status %s." % data["status"])
        result["status"] = str(data["status"])
    store().insert(STEP_RESULT, result, ref=execution["id"])
    return jsonify(result_json(result, execution))
