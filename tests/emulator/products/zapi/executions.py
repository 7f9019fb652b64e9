"""ZAPI executions: create, get, list (offset/limit/recordsCount), execute, bulk status (a job),
delete one, bulk delete (JSON body on DELETE; a job), defects, executions by issue."""

from flask import jsonify, request

from tests.emulator.products.common import as_int, body_json, docs_by_id, store
from tests.emulator.products.zapi import queries
from tests.emulator.products.zapi.common import error, field_error, id_list, ident, route, start_job, user
from tests.emulator.products.zapi.model import (
    CYCLE,
    EXECUTION,
    FOLDER,
    MAX_LIMIT,
    STEP_RESULT,
    Lookups,
    create_executions,
    delete_executions,
    ensure_step_results,
    exec_ref,
    execution_json,
    is_test,
    set_status,
    UNEXECUTED,
    status_map,
)
from tests.emulator.products.zapi.util import EXECUTION_STATUSES, STEP_STATUSES


def status_ids(statuses=None):
    return set(str(s["id"]) for s in statuses or EXECUTION_STATUSES)


def resolve_cycle(project, version_id, cycle_id, field="Invalid Cycle"):
    """The cycle record (a stand-in for Ad hoc); 400 {"Invalid Cycle"} when unknown or elsewhere."""
    cid = ident(cycle_id if cycle_id not in (None, "") else -1)
    if cid == -1:
        return {"id": -1, "name": "Ad hoc", "projectId": int(project["id"]), "versionId": int(version_id)}
    cycle = store().get(CYCLE, cid) if cid is not None else None
    if not cycle or int(cycle["projectId"]) != int(project["id"]):
        field_error(400, field, "Cycle %s is not valid for project %s." % (cycle_id, project["key"]))
    return cycle


def resolve_folder(cycle, folder_id):
    if folder_id in (None, "", -1, "-1"):
        return None
    folder = store().get(FOLDER, ident(folder_id))
    if not folder or int(folder["cycleId"]) != int(cycle["id"]):
        error(400, "Folder %s does not exist in cycle %s." % (folder_id, cycle["id"]))
    return folder


def find_execution(execution_id):
    return store().get(EXECUTION, ident(execution_id)) if ident(execution_id) is not None else None


def check_defects(keys):
    """Defect keys must name existing issues; answers the upper-cased keys."""
    out = []
    for key in keys or []:
        issue = store().find_one("issue", key=str(key).strip().upper())
        if not issue:
            error(400, "Defect %s is not a valid issue." % key)
        out.append(issue["key"])
    return out


# -- create ----------------------------------------------------------------------------------------
@route("/execution", methods=["POST"])
def create_execution():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    issue = store().get("issue", ident(data.get("issueId"))) if ident(data.get("issueId")) else None
    if not issue or not is_test(issue):
        field_error(400, "Invalid Issue", "Issue %s is not a valid Test." % (data.get("issueId"),))
    project = store().get("project", ident(data.get("projectId"))) if ident(data.get("projectId")) else None
    if not project or int(issue["projectId"]) != int(project["id"]):
        field_error(400, "Invalid Issue", "Issue %s does not belong to project %s."
                    % (issue["key"], data.get("projectId")))
    version_id = ident(data.get("versionId") if data.get("versionId") not in (None, "") else -1)
    if version_id != -1:
        version = store().get("version", version_id)
        if not version or int(version["projectId"]) != int(project["id"]):
            field_error(400, "Invalid Version", "Version %s is not valid." % data.get("versionId"))
    cycle = resolve_cycle(project, version_id, data.get("cycleId"))
    if int(cycle["id"]) != -1:
        version_id = int(cycle["versionId"])  # the cycle's version wins
    folder = resolve_folder(cycle, data.get("folderId")) if int(cycle["id"]) != -1 else None
    look = Lookups(store())
    if int(cycle["id"]) != -1:
        where = queries.Filter(ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"]),
                               folder=folder["id"] if folder else None, any_folder=False, issue_id=issue["id"])
        for existing in queries.page(store(), where, "ID:ASC", 0, 1):
            out = execution_json(existing, look)
            out["isReturnSchedule"] = "true"
            return jsonify({str(existing["id"]): out})
    assignee = data.get("assignee") if data.get("assigneeType") == "assignee" else None
    if data.get("assigneeType") == "currentUser":
        assignee = who["name"]
    created = create_executions(store(), [issue], project["id"], version_id, cycle["id"],
                                folder["id"] if folder else None, who["name"], assignee, data.get("assigneeType"))[0]
    return jsonify({str(created["id"]): execution_json(created, look)})


# -- read ------------------------------------------------------------------------------------------
@route("/execution/<execution_id>")
def get_execution(execution_id):
    user()
    execution = find_execution(execution_id)
    if not execution:
        error(400, "Execution %s does not exist." % execution_id)
    expand = (request.args.get("expand") or "").split(",")
    if "checksteps" in expand:
        ensure_step_results(store(), execution)
    out = {"execution": execution_json(execution, Lookups(store()))}
    if "executionStatus" in expand:
        out["status"] = status_map(EXECUTION_STATUSES)
    return jsonify(out)


@route("/execution")
def list_executions():
    user()
    args = request.args
    issue_id = ident(args.get("issueId"))
    if args.get("cycleId") in (None, "") and issue_id is not None:
        where = queries.Filter(issue_id=issue_id)
    else:
        if ident(args.get("cycleId")) == -1:
            project = store().get("project", ident(args.get("projectId"))) if ident(args.get("projectId")) else None
            if not project:
                error(400, "projectId is required for the Ad hoc cycle.")
            version_id = ident(args.get("versionId") if args.get("versionId") not in (None, "") else -1)
            where = queries.Filter(ref=exec_ref(project["id"], version_id, -1))
        else:
            cycle = store().get(CYCLE, ident(args.get("cycleId"))) if ident(args.get("cycleId")) else None
            if not cycle:
                error(400, "Cycle %s does not exist." % args.get("cycleId"))
            folder = resolve_folder(cycle, args.get("folderId"))
            # Without folderId only the cycle's own executions (outside folders) are listed.
            where = queries.Filter(ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"]),
                                   folder=folder["id"] if folder else None, any_folder=False)
        where.issue_id = issue_id
    offset = max(0, as_int(args.get("offset"), 0))
    limit = min(MAX_LIMIT, max(0, as_int(args.get("limit"), MAX_LIMIT)))
    page = queries.page(store(), where, args.get("sorter"), offset, limit)  # only the page is decoded
    counts = queries.status_counts(store(), where)
    total = sum(counts.values())
    look = Lookups(store())
    look.prime("issue", [e["issueId"] for e in page])
    return jsonify({
        "status": status_map(EXECUTION_STATUSES), "issueId": issue_id,
        "executions": [execution_json(e, look) for e in page], "recordsCount": total,
        "currentlySelectedExecutionId": "", "totalExecutions": total,
        "totalExecuted": total - counts.get(UNEXECUTED, 0),
        "executionSummaries": {"executionSummary": [{"count": n, "statusKey": int(k)}
                                                    for k, n in sorted(counts.items())]},
        "totalExecutionEstimatedTime": "0m", "totalExecutionLoggedTime": "0m", "executionsToBeLogged": 0,
        "isExecutionWorkflowEnabledForProject": False, "isTimeTrackingEnabled": False,
    })


@route("/execution/executionsByIssue")
def executions_by_issue():
    user()
    ref = request.args.get("issueIdOrKey") or ""
    issue = store().get("issue", ident(ref)) if ident(ref) else store().find_one("issue", key=ref.upper())
    if not issue:
        error(400, "Issue %s does not exist." % ref)
    where = queries.Filter(issue_id=issue["id"])
    offset = max(0, as_int(request.args.get("offset"), 0))
    limit = max(0, as_int(request.args.get("maxRecords"), 10))
    look = Lookups(store())
    return jsonify({"executions": [execution_json(e, look) for e in queries.page(store(), where, "ID:ASC", offset, limit)],
                    "totalCount": sum(queries.status_counts(store(), where).values()), "currentIndex": offset + 1,
                    "maxResultAllowed": limit})


@route("/execution/<execution_id>/defects")
def execution_defects(execution_id):
    user()
    execution = find_execution(execution_id)
    if not execution:
        error(400, "Execution %s does not exist." % execution_id)
    out = {}
    for key in execution.get("defects") or []:
        issue = store().find_one("issue", key=key) or {"fields": {}}
        fields = issue["fields"]
        out[key] = {"key": key, "resolution": "", "status": (fields.get("status") or {}).get("name") or "Open",
                    "statusId": "1", "summary": fields.get("summary") or ""}
    return jsonify({str(execution["id"]): out})


# -- update ----------------------------------------------------------------------------------------
@route("/execution/<execution_id>/execute", methods=["PUT"])
def execute(execution_id):
    who = user()
    execution = find_execution(execution_id)
    if not execution:
        error(400, "Execution %s does not exist." % execution_id)
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if data.get("status") not in (None, ""):
        if str(data["status"]) not in status_ids():
            error(400, "Invalid execution status %s." % data["status"])
        set_status(execution, data["status"], who["name"])
    if data.get("comment") is not None:
        if len(str(data["comment"])) > 750:
            error(400, "Comment can not exceed 750 characters.")
        execution["comment"] = str(data["comment"])
    if str(data.get("updateDefectList", "")).lower() == "true":
        execution["defects"] = check_defects(data.get("defectList"))
    if data.get("changeAssignee"):
        execution["assigneeType"] = data.get("assigneeType")
        execution["assignee"] = who["name"] if data.get("assigneeType") == "currentUser" else data.get("assignee")
    execution["modifiedBy"] = who["name"]
    store().update(EXECUTION, execution)
    return jsonify(execution_json(execution, Lookups(store())))


@route("/execution/updateBulkStatus", methods=["PUT"])
def update_bulk_status():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    ids = id_list(data.get("executions"))
    if not ids or None in ids:
        error(400, "Please select at least one execution.")
    status = str(data.get("status", ""))
    if status not in status_ids():
        error(400, "Invalid execution status %s." % data.get("status"))
    step_status = str(data.get("stepStatus", "")) if data.get("testStepStatusChangeFlag") in (True, "true") else None
    if step_status is not None and step_status not in status_ids(STEP_STATUSES):
        error(400, "Invalid step status %s." % data.get("stepStatus"))
    clear_defects = data.get("clearDefectMappingFlag") in (True, "true")

    def work(s):
        missing, found = [], docs_by_id(EXECUTION, ids)  # read in a few statements, written in one
        for execution_id in ids:
            execution = found.get(execution_id)
            if not execution:
                missing.append(str(execution_id))
                continue
            set_status(execution, status, who["name"])
            if clear_defects:
                execution["defects"] = []
            if step_status is not None:
                for result in s.find(STEP_RESULT, ref=execution["id"]):
                    set_status_of_step(result, step_status, who["name"])
                    s.update(STEP_RESULT, result)
        s.update_many(EXECUTION, list(found.values()))
        message = "Successfully updated %d execution(s)." % (len(ids) - len(missing))
        if missing:
            message += "<br/>Executions not found: %s" % ",".join(missing)
        return message, ""

    return start_job("update_bulk_execution_status_job_progress", work)


def set_status_of_step(result, status, who):
    result["status"] = str(status)
    result["executedBy"] = who if str(status) != "-1" else None


# -- delete ----------------------------------------------------------------------------------------
@route("/execution/<execution_id>", methods=["DELETE"])
def delete_execution(execution_id):
    user()
    execution = find_execution(execution_id)
    if not execution:
        return jsonify({"error": "Execution %s does not exist." % execution_id})  # 200, as ZAPI does
    delete_executions(store(), [execution])
    return jsonify({"success": "Successfully deleted execution(s) %s" % execution["id"]})


@route("/execution/deleteExecutions", methods=["DELETE"])
def delete_many():
    user()
    data = body_json() or {}
    ids = [i for i in id_list(data.get("executions")) if i is not None]
    if not ids:
        return jsonify({"error": "Please select at least one execution to delete."})  # 200

    def work(s):
        found = [e for e in (s.get(EXECUTION, i) for i in ids) if e]
        delete_executions(s, found)
        return "Successfully deleted %d execution(s)." % len(found), ""

    return start_job("bulk_executions_delete_job_progress", work)
