"""ZAPI attachments on executions, step results and test steps: multipart field ``file`` with the
``X-Atlassian-Token: nocheck`` header (Jira's XSRF guard answers 403 without it)."""

import base64
import time

from flask import jsonify, make_response, request

from tests.emulator.products.common import store
from tests.emulator.products.zapi.common import error, ident, route, user
from tests.emulator.products.zapi.model import ATTACHMENT, EXECUTION, STEP, STEP_RESULT, format_datetime

ENTITIES = {"execution": EXECUTION, "stepresult": STEP_RESULT, "teststep": STEP}


def _entity(entity_type, entity_id):
    kind = ENTITIES.get((entity_type or "").lower())
    if kind is None:
        error(400, "Invalid entityType %s; use execution, stepresult or TESTSTEP." % entity_type)
    if ident(entity_id) is None or not store().get(kind, ident(entity_id)):
        error(400, "%s %s does not exist." % (entity_type, entity_id))
    return "%s:%s" % (entity_type.lower(), ident(entity_id))


def attachment_json(doc):
    return {"fileId": str(doc["id"]), "fileName": doc["fileName"], "fileSize": doc["fileSize"],
            "dateCreated": format_datetime(doc["created"]), "author": doc["author"], "comment": doc.get("comment") or "",
            "fileIcon": "file.gif", "fileIconAltText": "File", "entityType": doc["entityType"],
            "entityId": doc["entityId"]}


@route("/attachment", methods=["POST"])
def upload():
    who = user()
    if request.headers.get("X-Atlassian-Token", "").lower() != "nocheck":
        return make_response("XSRF check failed", 403, {"Content-Type": "text/plain;charset=UTF-8"})
    entity_type = request.args.get("entityType")
    ref = _entity(entity_type, request.args.get("entityId"))
    files = request.files.getlist("file")
    if not files:
        error(400, "No file in the multipart field 'file'.")
    names = []
    for upload_file in files:
        content = upload_file.read()
        store().insert(ATTACHMENT, {"entityType": entity_type.lower(), "entityId": ident(request.args["entityId"]),
                                    "fileName": upload_file.filename or "file", "fileSize": len(content),
                                    "content": base64.b64encode(content).decode("ascii"), "author": who["name"],
                                    "created": int(time.time() * 1000), "comment": request.form.get("comment")},
                       ref=ref)
        names.append(upload_file.filename or "file")
    return jsonify({"success": "%s successfully uploaded" % ", ".join(names)})


@route("/attachment/attachmentsByEntity")
def by_entity():
    user()
    ref = _entity(request.args.get("entityType"), request.args.get("entityId"))
    return jsonify({"data": [attachment_json(d) for d in store().find(ATTACHMENT, ref=ref)]})


def _attachment(attachment_id):
    doc = store().get(ATTACHMENT, ident(attachment_id)) if ident(attachment_id) is not None else None
    if not doc:
        error(400, "Attachment %s does not exist." % attachment_id)
    return doc


@route("/attachment/<attachment_id>")
def get_attachment(attachment_id):
    user()
    return jsonify(attachment_json(_attachment(attachment_id)))


@route("/attachment/<attachment_id>/file")
def get_file(attachment_id):
    user()
    doc = _attachment(attachment_id)
    return make_response(base64.b64decode(doc["content"]), 200, {
        "Content-Type": "application/octet-stream",
        "Content-Disposition": "attachment; filename=\"%s\"" % doc["fileName"]})


@route("/attachment/<attachment_id>", methods=["DELETE"])
def delete_attachment(attachment_id):
    user()
    doc = _attachment(attachment_id)
    store().delete(ATTACHMENT, doc["id"])
    return jsonify({"success": "Attachment %s successfully deleted" % doc["fileName"]})
