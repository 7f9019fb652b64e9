"""ZAPI folders inside a cycle: create (names unique in the cycle; clone is a job), list, update,
delete (a job that removes the folder's executions too)."""

from flask import jsonify, request

from tests.emulator.products.common import as_int, body_json, store
from tests.emulator.products.zapi.common import error, field_error, ident, route, start_job, user
from tests.emulator.products.zapi.cycles import summaries
from tests.emulator.products.zapi.model import (
    CYCLE,
    EXECUTION,
    FOLDER,
    create_executions,
    delete_executions,
    exec_ref,
    folder_executions,
)

MAX_NAME = 210


def _cycle_of(cycle_id, status=406):
    if ident(cycle_id) == -1:
        error(400, "Folders can not be created in the Ad hoc cycle.")
    cycle = store().get(CYCLE, ident(cycle_id)) if ident(cycle_id) is not None else None
    if not cycle:
        field_error(status, "Error", "Cycle %s does not exist." % (cycle_id,))
    return cycle


def _check_name(cycle, name, folder_id=None):
    name = (name or "").strip() if isinstance(name, str) else ""
    if not name:
        error(400, "Folder name is required.")
    if len(name) > MAX_NAME:
        error(400, "Folder name can not exceed %d characters." % MAX_NAME)
    for other in store().find(FOLDER, ref=cycle["id"]):
        if other["name"] == name and int(other["id"]) != int(folder_id or 0):
            error(400, "Folder with name %s already exists in this cycle." % name)
    return name


def _check_mapping(cycle, data):
    """projectId/versionId, when given, must be the cycle's own."""
    if data.get("projectId") not in (None, "") and ident(data["projectId"]) != int(cycle["projectId"]):
        error(400, "Project %s does not match the cycle's project." % data["projectId"])
    if data.get("versionId") not in (None, "") and ident(data["versionId"]) != int(cycle["versionId"]):
        error(400, "Version %s does not match the cycle's version." % data["versionId"])


def folder_json(folder, cycle):
    proj = store().get("project", cycle["projectId"]) or {}
    version = store().get("version", cycle["versionId"]) if int(cycle["versionId"]) != -1 else None
    execs = folder_executions(store(), cycle, folder["id"])
    return {"folderId": folder["id"], "folderName": folder["name"],
            "folderDescription": folder.get("description") or "", "cycleId": int(cycle["id"]),
            "cycleName": cycle["name"], "projectId": int(cycle["projectId"]), "projectKey": proj.get("key"),
            "versionId": int(cycle["versionId"]), "versionName": version["name"] if version else "Unscheduled",
            "sprintId": cycle.get("sprintId"), "totalExecutions": len(execs),
            "totalExecuted": len([e for e in execs if str(e["executionStatus"]) != "-1"]),
            "executionSummaries": summaries(execs)}


@route("/folder/create", methods=["POST"])
def create_folder():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if data.get("cycleId") in (None, ""):
        error(400, "Cycle Id is required.")
    cycle = _cycle_of(data["cycleId"])
    _check_mapping(cycle, data)
    name = _check_name(cycle, data.get("name"))
    source = None
    cloned = ident(data.get("clonedFolderId"))
    if cloned not in (None, -1):
        source = store().get(FOLDER, cloned)
        if not source:
            error(400, "Folder %s to clone does not exist." % data["clonedFolderId"])
    folder = store().insert(FOLDER, {"name": name, "description": data.get("description") or "",
                                     "cycleId": int(cycle["id"]), "projectId": int(cycle["projectId"]),
                                     "versionId": int(cycle["versionId"]), "createdBy": who["name"]},
                            ref=cycle["id"])
    if source is not None:
        source_cycle = store().get(CYCLE, source["cycleId"])

        def work(s):
            issues = [{"id": e["issueId"], "key": e["issueKey"]}
                      for e in folder_executions(s, source_cycle, source["id"])]
            create_executions(s, issues, cycle["projectId"], cycle["versionId"], cycle["id"], folder["id"],
                              who["name"])
            return "Folder %s created successfully" % name, ""

        return start_job("folder_clone_job_progress", work)
    proj = store().get("project", cycle["projectId"]) or {}
    version = store().get("version", cycle["versionId"]) if int(cycle["versionId"]) != -1 else None
    return jsonify({"id": folder["id"], "responseMessage": "Folder %s created successfully" % name,
                    "projectId": int(cycle["projectId"]), "versionId": int(cycle["versionId"]),
                    "projectKey": proj.get("key"), "versionName": version["name"] if version else "Unscheduled",
                    "cycleId": int(cycle["id"]), "cycleName": cycle["name"]})


@route("/cycle/<cycle_id>/folders")
def list_folders(cycle_id):
    user()
    if ident(cycle_id) == -1:
        field_error(406, "Error", "Ad hoc cycle has no folders.")
    cycle = _cycle_of(cycle_id)
    _check_mapping(cycle, request.args)
    folders = store().find(FOLDER, ref=cycle["id"])
    offset = max(0, as_int(request.args.get("offset"), 0))
    limit = as_int(request.args.get("limit"), None)
    page = folders[offset:] if limit is None else folders[offset:offset + max(0, limit)]
    return jsonify([folder_json(f, cycle) for f in page])


@route("/folder/<folder_id>", methods=["PUT"])
def update_folder(folder_id):
    user()
    folder = store().get(FOLDER, ident(folder_id))
    if not folder:
        error(400, "Folder %s does not exist." % folder_id)
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    if data.get("cycleId") in (None, ""):
        error(400, "Cycle Id is required.")
    if ident(data["cycleId"]) != int(folder["cycleId"]):
        error(400, "Folder %s does not belong to cycle %s." % (folder_id, data["cycleId"]))
    cycle = _cycle_of(folder["cycleId"])
    _check_mapping(cycle, data)
    folder["name"] = _check_name(cycle, data.get("name"), folder["id"])
    if data.get("description") is not None:
        folder["description"] = data["description"]
    store().update(FOLDER, folder)
    return jsonify({"id": folder["id"], "responseMessage": "Folder %s updated successfully" % folder["name"],
                    "projectId": int(cycle["projectId"]), "versionId": int(cycle["versionId"]),
                    "cycleId": int(cycle["id"]), "cycleName": cycle["name"]})


@route("/folder/<folder_id>", methods=["DELETE"])
def delete_folder(folder_id):
    user()
    folder = store().get(FOLDER, ident(folder_id))
    if not folder:
        error(400, "Folder %s does not exist." % folder_id)
    cycle = _cycle_of(folder["cycleId"])
    if request.args.get("cycleId") not in (None, "") and ident(request.args["cycleId"]) != int(cycle["id"]):
        error(400, "Folder %s does not belong to cycle %s." % (folder_id, request.args["cycleId"]))
    _check_mapping(cycle, request.args)

    def work(s):
        ref = exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"])
        delete_executions(s, [e for e in s.find(EXECUTION, ref=ref) if e.get("folderId") == int(folder["id"])])
        s.delete(FOLDER, folder["id"])
        return "Folder %s successfully deleted" % folder["name"], ""

    return start_job("folder_delete_job_progress", work)
