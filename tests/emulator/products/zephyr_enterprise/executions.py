"""Executions (release test schedules, RTS) and assignments of a cycle phase.

Statuses are the ids of the ``testresult.testresultStatus.LOV`` preference, sent as strings; tester
id -10 means "Anyone". The bulk status body keeps the product's misspelling ``serachView``.
"""

import json

from flask import g, jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    ANYONE,
    PHASE,
    RTS,
    TCT,
    TREE,
    error,
    flag,
    get_or_400,
    ident,
    json_list,
    json_object,
    now_ms,
    page_window,
    paged_answer,
    route,
    user,
)
from tests.emulator.products.zephyr_enterprise.model import (
    check_status,
    create_rts,
    execute,
    phase_rts_index,
    project_for,
    rts_json,
    subtree_ids,
    tcts_below,
)


def phase_for(value):
    phase = get_or_400(PHASE, value, "Cycle phase")
    project_for(phase["projectId"], g.user)
    return phase


def rts_for(value):
    rts = get_or_400(RTS, value, "Execution")
    phase_for(rts["cyclePhaseId"])
    return rts


def tester(value, default):
    if value in (None, ""):
        return default
    tid = ident(value)
    if tid is None or (tid != ANYONE and store().get("user", tid) is None):
        error(400, "Tester with id %s does not exist." % (value,))
    return tid


@route("/execution")
def list_executions():
    user()
    if request.args.get("cyclephaseid") in (None, ""):
        error(400, "cyclephaseid is required.")
    phase = phase_for(request.args["cyclephaseid"])
    # One page read in SQL (the phase's ref index, in id order): paging through N executions stays linear.
    where, args = "kind = ? AND ref = ?", [RTS, str(phase["id"])]
    tester_id = ident(request.args.get("testerid"))
    if tester_id is not None:
        testers = [tester_id] + ([ANYONE] if flag(request.args.get("includeanyoneuser")) else [])
        where += " AND json_extract(data, '$.testerId') IN (%s)" % ",".join("?" * len(testers))
        args += testers
    order = "DESC" if flag(request.args.get("isascorder"), True) is False else "ASC"
    offset, size = page_window()
    with store() as s:
        total = s.db.execute("SELECT COUNT(*) FROM docs WHERE " + where, args).fetchone()[0]
        rows = s.db.execute("SELECT data FROM docs WHERE %s ORDER BY id %s LIMIT ? OFFSET ?" % (where, order),
                            args + [-1 if size is None else size, offset]).fetchall()
    return jsonify(paged_answer([rts_json(json.loads(r[0])) for r in rows], total, offset, size))


@route("/execution/ids")
def executions_by_ids():
    user()
    ids = [ident(x) for x in (request.args.get("ids") or "").split(",") if x.strip()]
    if not ids or None in ids:
        error(400, "ids must be a comma separated list of ids.")
    return jsonify([rts_json(rts_for(i)) for i in ids])


@route("/execution/<rts_id>")
def one_execution(rts_id):
    user()
    return jsonify(rts_json(rts_for(rts_id)))


@route("/execution/modify", methods=["POST"])
def modify():
    """Create (or reassign) executions: ``createRTSList`` [{cyclePhaseId, tctId, testerId}]."""
    who = user()
    data = json_object(required=("cyclePhaseId",))
    phase = phase_for(data["cyclePhaseId"])
    default_tester = tester(data.get("testerId"), ANYONE)
    out = []
    planned, index = set(phase["plan"]), phase_rts_index(phase)
    for item in data.get("createRTSList") or []:
        if not isinstance(item, dict) or item.get("tctId") in (None, ""):
            error(400, "createRTSList entries need tctId.")
        tct = get_or_400(TCT, item["tctId"], "Tree testcase")
        if item.get("cyclePhaseId") not in (None, "") and ident(item["cyclePhaseId"]) != phase["id"]:
            error(400, "createRTSList entry for another cycle phase (%s)." % item["cyclePhaseId"])
        if tct["id"] not in planned:
            planned.add(tct["id"])
            phase["plan"].append(tct["id"])
        out.append(create_rts(phase, tct["id"], tester(item.get("testerId"), default_tester), who, index=index))
    for rts_id in data.get("deleteRTSList") or []:
        rts = store().get(RTS, ident(rts_id))
        if rts and rts["cyclePhaseId"] == phase["id"]:
            store().delete(RTS, rts["id"])
    store().update(PHASE, phase)
    return jsonify([rts_json(r) for r in out])


@route("/execution/<rts_id>", methods=["PUT"])
def put_execution(rts_id):
    who = user()
    rts = rts_for(rts_id)
    data = json_object()
    status = request.args.get("status")
    last = data.get("lastTestResult") if isinstance(data.get("lastTestResult"), dict) else {}
    if status in (None, "") and last.get("executionStatus") not in (None, ""):
        status = last["executionStatus"]  # the old sample's body form
    tester_id = tester(request.args.get("testerid"), None)
    if status in (None, ""):
        if data.get("notes") is not None:
            rts["notes"] = data["notes"]
            rts["changedOn"] = now_ms()
            store().update(RTS, rts)
        if tester_id is not None:
            rts["testerId"] = tester_id
            store().update(RTS, rts)
        return jsonify(rts_json(rts))
    execute(rts, check_status(status), tester_id, who, notes=data.get("notes"),
            actual_time=ident(request.args.get("time")))
    return jsonify(rts_json(rts))


@route("/execution/bulk", methods=["PUT"])
def bulk_status():
    """``?status=1&testerid=U`` with ``{"ids": [...], "serachView": false}`` -> RTS array."""
    who = user()
    status = check_status(request.args.get("status"))
    tester_id = tester(request.args.get("testerid"), None)
    data = json_object(required=("ids",))
    if not isinstance(data["ids"], list):
        error(400, "ids must be an array.")
    rows = [rts_for(i) for i in data["ids"]]
    for rts in rows:
        execute(rts, status, tester_id, who)
    return jsonify([rts_json(r) for r in rows])


@route("/execution/bulk/execute", methods=["PUT"])
def bulk_execute():
    """[{rtsId, testerId, status, executedOn, changedOn, actualTime, notes, changeBy}] -> RTS array."""
    who = user()
    out = []
    for item in json_list():
        if not isinstance(item, dict) or item.get("rtsId") in (None, "") or item.get("status") in (None, ""):
            error(400, "Each entry needs rtsId and status.")
        rts = rts_for(item["rtsId"])
        out.append(execute(rts, check_status(item["status"]), tester(item.get("testerId"), None), who,
                           notes=item.get("notes"), executed_on=ident(item.get("executedOn")),
                           actual_time=ident(item.get("actualTime"))))
    return jsonify([rts_json(r) for r in out])


def step_result_json(rts, step_id, result):
    return {"id": result["id"], "releaseTestScheduleId": rts["id"], "cyclePhaseId": rts["cyclePhaseId"],
            "testStepId": int(step_id), "status": result["status"], "comment": result.get("comment") or "",
            "executedBy": result.get("executedBy"), "executedOn": result.get("executedOn")}


@route("/execution/teststepresult/saveorupdate", methods=["POST"])
def step_results():
    """[{cyclePhaseId, releaseTestScheduleId, testStepId, status, comment?}] -> the saved results."""
    who = user()
    out = []
    for item in json_list():
        if not isinstance(item, dict) or item.get("releaseTestScheduleId") in (None, "") \
                or ident(item.get("testStepId")) is None:
            error(400, "Each entry needs releaseTestScheduleId, testStepId and status.")
        rts = rts_for(item["releaseTestScheduleId"])
        results = rts.setdefault("stepResults", {})
        key = str(ident(item["testStepId"]))
        result = results.get(key) or {"id": store().next_id("ze_step_result")}
        result.update({"status": check_status(item.get("status")), "executedBy": who["id"], "executedOn": now_ms()})
        if item.get("comment") is not None:
            result["comment"] = str(item["comment"])
        results[key] = result
        store().update(RTS, rts)
        out.append(step_result_json(rts, key, result))
    return jsonify(out)


@route("/execution/expanded")
def executions_expanded():
    """Executions by ids, with ``testStepResults`` when ``stepresults=true``."""
    user()
    ids = [ident(x) for x in (request.args.get("ids") or "").split(",") if x.strip()]
    if not ids or None in ids:
        error(400, "ids must be a comma separated list of ids.")
    out = []
    for rts in [rts_for(i) for i in ids]:
        data = rts_json(rts)
        if flag(request.args.get("stepresults")):
            data["testStepResults"] = [step_result_json(rts, k, v) for k, v in sorted(
                (rts.get("stepResults") or {}).items(), key=lambda kv: int(kv[0]))]
        out.append(data)
    return jsonify(out)


@route("/execution", methods=["DELETE"])
def unassign():
    user()
    ids = [ident(x) for x in (request.args.get("ids") or "").split(",") if x.strip()]
    if not ids or None in ids:
        error(400, "ids must be a comma separated list of ids.")
    for rts in [rts_for(i) for i in ids]:
        store().delete(RTS, rts["id"])
    return jsonify(True)


# -- assignment tree -----------------------------------------------------------------------------------
@route("/assignmenttree/<phase_id>")
def assignment_tree(phase_id):
    user()
    phase = phase_for(phase_id)
    node = store().get(TREE, phase["tcrCatalogTreeId"])
    return jsonify({"id": node["id"], "type": node["type"], "name": phase["name"], "categories": [],
                    "releaseId": phase["releaseId"], "testcaseCount": len(phase["plan"])})


@route("/assignmenttree/<phase_id>/assign", methods=["POST"])
def assign_all(phase_id):
    """Everything planned and not yet assigned goes to the caller; answers the count."""
    who = user()
    phase = phase_for(phase_id)
    count = 0
    index = phase_rts_index(phase)
    for tct_id in phase["plan"]:
        if int(tct_id) not in index:
            create_rts(phase, tct_id, who["id"], who, index=index)
            count += 1
    return jsonify(count)


@route("/assignmenttree/<phase_id>/assign/bytree/<tree_id>", methods=["POST"])
def assign_by_tree(phase_id, tree_id):
    """Plan repository test cases in a phase: ``[{treeid, tctIds: [...], isExclusion}]`` (explicit ids as
    the Jenkins plugin sends them; none = the whole folder, with its subfolders if includehierarchy)."""
    user()
    phase = phase_for(phase_id)
    hierarchy = flag(request.args.get("includehierarchy"), False)
    added = 0
    for item in json_list():
        if not isinstance(item, dict):
            error(400, "Each entry must be an object with treeid and tctIds.")
        folder = get_or_400(TREE, item.get("treeid", tree_id), "Repository node")
        ids = item.get("tctIds") or []
        if ids:
            tcts = [get_or_400(TCT, i, "Tree testcase") for i in ids]
        elif hierarchy:
            tcts = tcts_below(folder["id"])
        else:
            tcts = store().find(TCT, ref=folder["id"])
        planned = set(phase["plan"])
        for tct in tcts:
            if tct["id"] not in planned:
                planned.add(tct["id"])
                phase["plan"].append(tct["id"])
                added += 1
    store().update(PHASE, phase)
    return jsonify({"cyclePhaseId": phase["id"], "added": added, "testcaseCount": len(phase["plan"]),
                    "treeIds": subtree_ids(phase["tcrCatalogTreeId"])})
