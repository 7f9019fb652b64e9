"""ZAPI cycles: create (and clone), get, list (keyed by id strings, with Ad hoc and recordsCount),
update, delete (a job)."""

import time

from flask import jsonify, request

from tests.emulator.products.common import body_json, store
from tests.emulator.products.zapi.common import (
    error,
    field_error,
    format_picker_date,
    ident,
    parse_picker_date,
    route,
    start_job,
    user,
)
from tests.emulator.products.zapi.model import (
    CYCLE,
    EXECUTION,
    FOLDER,
    create_executions,
    delete_executions,
    exec_ref,
    scope_ref,
)

AD_HOC = {"id": "-1", "name": "Ad hoc"}


def project_and_version(project_id, version_id, status=406):
    """Validate a project id and a version of it (-1 = Unscheduled); abort with ZAPI's answer."""
    pid = ident(project_id)
    proj = store().get("project", pid) if pid is not None else None
    if not proj:
        field_error(status, "projectId", "Project Id %s is invalid." % (project_id,))
    vid = ident(version_id)
    if vid is None or vid == 0:
        field_error(406, "versionId", "Version Id is required.")
    if vid == -1:
        return proj, {"id": -1, "name": "Unscheduled"}
    version = store().get("version", vid)
    if not version or int(version["projectId"]) != int(proj["id"]):
        field_error(406, "versionId", "Version %s does not belong to project %s." % (version_id, proj["key"]))
    return proj, version


def parse_dates(data, current=None):
    """ISO-stored start/end from the user's date-picker strings; 406 {"date"} / {"dateSequenceError"}."""
    out = {}
    for field in ("startDate", "endDate"):
        value = data.get(field)
        if value is None:
            out[field] = (current or {}).get(field)
            continue
        if value == "":
            out[field] = None
            continue
        day = parse_picker_date(value)
        if day is None:
            field_error(406, "date", "Unparseable date: \"%s\". Please enter the date in the format d/MMM/yy."
                        % value)
        out[field] = day.isoformat()
    if out.get("startDate") and out.get("endDate") and out["endDate"] < out["startDate"]:
        field_error(406, "dateSequenceError", "Start date must be before end date.")
    return out


def check_lengths(data):
    name = data.get("name")
    if name is not None and len(name) > 255:
        field_error(406, "name", "Cycle name can not exceed 255 characters.")
    for field in ("build", "environment"):
        if data.get(field) is not None and len(str(data[field])) > 255:
            field_error(406, field, "%s can not exceed 255 characters." % field.title())


def executions_of(cycle):
    return store().find(EXECUTION, ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"]))


def summaries(execs):
    counts = {}
    for e in execs:
        key = str(e.get("executionStatus", "-1"))
        counts[key] = counts.get(key, 0) + 1
    return {"executionSummary": [{"count": n, "statusKey": int(k)} for k, n in sorted(counts.items())]}


def cycle_json(cycle, with_summary=True):
    proj = store().get("project", cycle["projectId"])
    version = store().get("version", cycle["versionId"]) if int(cycle["versionId"]) != -1 else None
    out = {
        "id": cycle["id"], "name": cycle["name"], "description": cycle.get("description") or "",
        "build": cycle.get("build") or "", "environment": cycle.get("environment") or "",
        "projectId": int(cycle["projectId"]), "projectKey": proj["key"] if proj else None,
        "versionId": int(cycle["versionId"]), "versionName": version["name"] if version else "Unscheduled",
        "sprintId": cycle.get("sprintId"), "createdBy": cycle.get("createdBy"),
        "modifiedBy": cycle.get("modifiedBy"), "started": "", "ended": "", "expand": "executionSummaries",
    }
    for field in ("startDate", "endDate"):
        if cycle.get(field):
            out[field] = format_picker_date(cycle[field])
    if with_summary:
        execs = executions_of(cycle)
        out["totalExecutions"] = len(execs)
        out["totalExecuted"] = len([e for e in execs if str(e.get("executionStatus")) != "-1"])
        out["executionSummaries"] = summaries(execs)
    return out


@route("/cycle", methods=["POST"])
def create_cycle():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if not (data.get("name") or "").strip():
        field_error(406, "name", "Cycle name is required.")
    check_lengths(data)
    proj, version = project_and_version(data.get("projectId"), data.get("versionId"))
    dates = parse_dates(data)
    clone_from = str(data.get("clonedCycleId") or "").strip()
    source = None
    if clone_from:
        if clone_from == "-1":
            field_error(406, "clonedCycleId", "Ad hoc cycle can not be cloned.")
        source = store().get(CYCLE, ident(clone_from))
        if not source:
            field_error(406, "clonedCycleId", "Cycle %s to clone does not exist." % clone_from)
    cycle = store().insert(CYCLE, {
        "name": data["name"], "description": data.get("description") or "", "build": data.get("build") or "",
        "environment": data.get("environment") or "", "projectId": int(proj["id"]), "versionId": int(version["id"]),
        "sprintId": data.get("sprintId"), "createdBy": who["name"], "modifiedBy": who["name"],
        "created": time.time(), "startDate": dates["startDate"], "endDate": dates["endDate"],
    }, ref=scope_ref(proj["id"], version["id"]), start=1)
    if source is not None:
        # The new cycle exists at once; its folders and executions are copied by the job.
        return start_job("clone_cycle_job_progress", lambda s: clone_contents(s, source, cycle, who["name"]))
    return jsonify({"id": str(cycle["id"]), "responseMessage": "Cycle %s created successfully." % cycle["name"]})


def clone_contents(s, source, cycle, who):
    """Copy the source's folders and executions (as new UNEXECUTED executions) into ``cycle``."""
    folder_ids = {None: None}
    for folder in s.find(FOLDER, ref=source["id"]):
        copy = s.insert(FOLDER, {"name": folder["name"], "description": folder.get("description") or "",
                                 "cycleId": int(cycle["id"]), "projectId": int(cycle["projectId"]),
                                 "versionId": int(cycle["versionId"]), "createdBy": who}, ref=cycle["id"])
        folder_ids[int(folder["id"])] = copy["id"]
    source_execs = s.find(EXECUTION, ref=exec_ref(source["projectId"], source["versionId"], source["id"]))
    by_folder = {}
    for execution in source_execs:
        by_folder.setdefault(execution.get("folderId") or None, []).append(
            {"id": execution["issueId"], "key": execution["issueKey"]})
    for folder_id, issues in by_folder.items():
        create_executions(s, issues, cycle["projectId"], cycle["versionId"], cycle["id"],
                          folder_ids.get(folder_id), who)
    return "Cycle %s created successfully." % cycle["name"], ""


@route("/cycle/<cycle_id>")
def get_cycle(cycle_id):
    user()
    if str(cycle_id) == "-1":
        return jsonify(AD_HOC)
    cycle = store().get(CYCLE, ident(cycle_id))
    if not cycle:
        field_error(406, "Error", "Cycle %s does not exist." % cycle_id)
    return jsonify(cycle_json(cycle, with_summary=False))


@route("/cycle")
def list_cycles():
    user()
    pid = ident(request.args.get("projectId"))
    proj = store().get("project", pid) if pid is not None else None
    if not proj:
        error(400, "Invalid Project")
    version_id = request.args.get("versionId")
    if version_id not in (None, ""):
        return jsonify(_version_cycles(proj, ident(version_id)))
    # Without versionId: {"<versionId>": [{...cycles..., "recordsCount": n}]} for versions with cycles.
    out = {}
    version_ids = sorted(set(int(c["versionId"]) for c in store().find(CYCLE, projectId=proj["id"])))
    for vid in version_ids:
        out[str(vid)] = [_version_cycles(proj, vid)]
    return jsonify(out)


def _version_cycles(proj, version_id):
    cycles = store().find(CYCLE, ref=scope_ref(proj["id"], version_id))
    wanted = ident(request.args.get("id"))
    if wanted is not None:
        cycles = [c for c in cycles if int(c["id"]) == wanted]
    adhoc = store().find(EXECUTION, ref=exec_ref(proj["id"], version_id, -1))
    out = {"-1": {"name": "Ad hoc", "description": "", "versionId": version_id, "projectId": int(proj["id"]),
                  "projectKey": proj["key"], "totalExecutions": len(adhoc),
                  "totalExecuted": len([e for e in adhoc if str(e.get("executionStatus")) != "-1"]),
                  "expand": "executionSummaries", "executionSummaries": summaries(adhoc)}}
    for cycle in cycles:
        data = cycle_json(cycle)
        data.pop("id")
        out[str(cycle["id"])] = data
    out["recordsCount"] = len(cycles) + 1
    return out


@route("/cycle", methods=["PUT"])
def update_cycle():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if data.get("id") in (None, ""):
        field_error(406, "id", "Cycle id is required.")
    cycle = store().get(CYCLE, ident(data["id"]))
    if not cycle:
        field_error(400, "Invalid Cycle", "Cycle %s does not exist." % data["id"])
    check_lengths(data)
    if data.get("name") is not None and not str(data["name"]).strip():
        field_error(406, "name", "Cycle name is required.")
    dates = parse_dates(data, current=cycle)
    for field in ("name", "description", "build", "environment", "sprintId"):
        if data.get(field) is not None:
            cycle[field] = data[field]
    cycle.update(dates)
    new_ref = None
    if data.get("versionId") not in (None, "") and ident(data["versionId"]) != int(cycle["versionId"]):
        _proj, version = project_and_version(cycle["projectId"], data["versionId"])
        execs = executions_of(cycle)
        cycle["versionId"] = int(version["id"])
        new_ref = scope_ref(cycle["projectId"], version["id"])
        for execution in execs:  # executions (and folders) move with their cycle
            execution["versionId"] = int(version["id"])
            store().update(EXECUTION, execution)
        for folder in store().find(FOLDER, ref=cycle["id"]):
            folder["versionId"] = int(version["id"])
            store().update(FOLDER, folder)
    cycle["modifiedBy"] = who["name"]
    store().update(CYCLE, cycle, ref=new_ref)
    return jsonify({"id": str(cycle["id"]), "responseMessage": "Cycle %s updated successfully." % cycle["name"]})


@route("/cycle/<cycle_id>", methods=["DELETE"])
def delete_cycle(cycle_id):
    user()
    cycle = store().get(CYCLE, ident(cycle_id))
    if not cycle:
        error(400, "Cycle %s does not exist." % cycle_id)

    def work(s):
        delete_executions(s, s.find(EXECUTION, ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"])))
        s.delete_ref(FOLDER, cycle["id"])
        s.delete(CYCLE, cycle["id"])
        return "Cycle %s successfully deleted" % cycle["name"], ""

    return start_job("cycle_delete_job_progress", work)
