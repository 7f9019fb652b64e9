"""ZAPI test steps of a Test issue (numeric issue id): list (``stepBeanCollection``), create one,
get/update/delete one. Deleting a step removes its step results."""

from flask import jsonify, request

from tests.emulator.products.common import as_int, body_json, store
from tests.emulator.products.zapi.common import error, ident, route, user
from tests.emulator.products.zapi.model import STEP, STEP_RESULT, is_test

TEXT = ("step", "data", "result")


def _test(issue_id):
    issue = store().get("issue", ident(issue_id)) if ident(issue_id) is not None else None
    if not issue:
        error(400, "Issue %s does not exist." % issue_id)
    if not is_test(issue):
        error(400, "Issue %s is not a Test." % issue["key"])
    return issue


def _step(issue, step_id):
    step = store().get(STEP, ident(step_id)) if ident(step_id) is not None else None
    if not step or int(step["issueId"]) != int(issue["id"]):
        error(400, "Step %s does not exist for issue %s." % (step_id, issue["key"]))
    return step


def _html(text):
    import html

    return html.escape(text or "").replace("\n", "<br/>")


def step_json(step, total):
    out = {"id": step["id"], "orderId": step["orderId"], "createdBy": step.get("createdBy"),
           "modifiedBy": step.get("modifiedBy"), "totalStepCount": total, "attachmentsMap": [],
           "customFields": {}, "customFieldValuesMap": {}}
    for field in TEXT:
        out[field] = step.get(field) or ""
        out["html" + field.title()] = _html(step.get(field))
    return out


def _ordered(issue):
    return sorted(store().find(STEP, ref=issue["id"]), key=lambda s: s["orderId"])


@route("/teststep/<issue_id>")
def list_steps(issue_id):
    user()
    issue = _test(issue_id)
    steps = _ordered(issue)
    offset = max(0, as_int(request.args.get("offset"), 0))
    limit = as_int(request.args.get("limit"), None)
    page = steps[offset:] if limit is None else steps[offset:offset + max(0, limit)]
    return jsonify({"stepBeanCollection": [step_json(s, len(steps)) for s in page],
                    "isLastPage": offset + len(page) >= len(steps), "totalCount": len(steps)})


def _texts(data):
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    for field in TEXT:
        if data.get(field) is not None and not isinstance(data[field], str):
            error(400, "%s must be text." % field)
    return data


@route("/teststep/<issue_id>", methods=["POST"])
def create_step(issue_id):
    who = user()
    issue = _test(issue_id)
    data = _texts(body_json())
    if not any((data.get(f) or "").strip() for f in TEXT):
        error(400, "Step, data or result is required.")
    steps = _ordered(issue)
    step = store().insert(STEP, {"issueId": int(issue["id"]), "orderId": (steps[-1]["orderId"] + 1) if steps else 1,
                                 "step": data.get("step") or "", "data": data.get("data") or "",
                                 "result": data.get("result") or "", "createdBy": who.get("key"),
                                 "modifiedBy": who.get("key")}, ref=issue["id"])
    return jsonify(step_json(step, len(steps) + 1))


@route("/teststep/<issue_id>/<step_id>")
def get_step(issue_id, step_id):
    user()
    issue = _test(issue_id)
    return jsonify(step_json(_step(issue, step_id), len(_ordered(issue))))


@route("/teststep/<issue_id>/<step_id>", methods=["PUT"])
def update_step(issue_id, step_id):
    who = user()
    issue = _test(issue_id)
    step = _step(issue, step_id)
    data = _texts(body_json())
    for field in TEXT:
        if data.get(field) is not None:
            step[field] = data[field]
    step["modifiedBy"] = who.get("key")
    store().update(STEP, step)
    return jsonify(step_json(step, len(_ordered(issue))))


@route("/teststep/<issue_id>/<step_id>", methods=["DELETE"])
def delete_step(issue_id, step_id):
    user()
    issue = _test(issue_id)
    step = _step(issue, step_id)
    store().delete(STEP, step["id"])
    for result in store().find(STEP_RESULT, stepId=step["id"]):
        store().delete(STEP_RESULT, result["id"])
    return jsonify([step_json(s, 0) for s in _ordered(issue)])
