"""Attachments in two steps: upload the files (``/flex/upload/document/genericattachment``, outside
the REST base) to temporary paths, then link them to items (``POST attachment/list``).
Item types are case-sensitive: ``releaseTestSchedule``, ``testcase``, ``requirement``."""

import base64
import uuid
from urllib.parse import quote

from flask import jsonify, make_response, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    ATTACHMENT,
    RTS,
    TESTCASE,
    UPLOAD,
    error,
    flag,
    ident,
    json_list,
    now_ms,
    raw_route,
    route,
    user,
)

ITEM_TYPES = {"releaseTestSchedule": RTS, "testcase": TESTCASE, "requirement": None}


def attachment_json(doc):
    return {"id": doc["id"], "name": doc["name"], "contentType": doc["contentType"], "fileSize": doc["fileSize"],
            "itemId": doc["itemId"], "itemType": doc["itemType"], "refId": doc["refId"],
            "createdBy": doc["createdBy"], "timeStamp": doc["timeStamp"], "isLink": False}


def item_type_of(field_name):
    """Part names are the item type, optionally with an index (``testcase0``)."""
    base = field_name.rstrip("0123456789")
    return base if base in ITEM_TYPES else None


def save_upload(storage, who):
    data = storage.read()
    temp = "/opt/zephyr/tomcat/temp/%s_%s" % (uuid.uuid4().hex, storage.filename)
    store().insert(UPLOAD, {"tempFilePath": temp, "name": storage.filename, "contentType": storage.mimetype or
                            "application/octet-stream", "size": len(data),
                            "content": base64.b64encode(data).decode("ascii"), "user": who["id"]}, ref=temp)
    return temp, data


@raw_route("/flex/upload/document/genericattachment", methods=["POST"])
def upload():
    who = user()
    if not request.files:
        error(400, "No file in the request.")
    out = []
    for field_name, storage in request.files.items(multi=True):
        if item_type_of(field_name) is None:
            error(400, "Unknown attachment item type %s." % field_name)
        temp, _data = save_upload(storage, who)
        out.append({"fileName": quote(storage.filename), "fieldName": field_name, "tempFilePath": temp,
                    "contentType": storage.mimetype or "application/octet-stream"})
    return jsonify(out)


def link(item, who):
    if not isinstance(item, dict):
        error(400, "Each attachment must be an object.")
    item_type = item.get("itemType")
    if item_type not in ITEM_TYPES:
        error(400, "Unknown itemType %s (types are case-sensitive)." % (item_type,))
    kind = ITEM_TYPES[item_type]
    if kind and store().get(kind, ident(item.get("itemId"))) is None:
        error(400, "%s with id %s does not exist." % (item_type, item.get("itemId")))
    upload_doc = store().find_one(UPLOAD, ref=item.get("tempPath")) if item.get("tempPath") else None
    if upload_doc is None:
        error(400, "No uploaded file at tempPath %s." % (item.get("tempPath"),))
    doc = store().insert(ATTACHMENT, {
        "name": item.get("name") or upload_doc["name"], "contentType": item.get("contentType") or
        upload_doc["contentType"], "fileSize": upload_doc["size"], "itemId": ident(item.get("itemId")),
        "itemType": item_type, "refId": uuid.uuid4().hex, "content": upload_doc["content"],
        "createdBy": who["id"], "timeStamp": now_ms()}, ref="%s:%s" % (item_type, ident(item.get("itemId"))))
    store().delete(UPLOAD, upload_doc["id"])
    return doc


@route("/attachment/list", methods=["POST"])
def link_many():
    who = user()
    return jsonify([attachment_json(link(item, who)) for item in json_list()])


@route("/attachment")
def item_attachments():
    user()
    item_type = request.args.get("type")
    if item_type not in ITEM_TYPES:
        error(400, "Unknown type %s (types are case-sensitive)." % (item_type,))
    if ident(request.args.get("itemid")) is None:
        error(400, "itemid is required.")
    rows = store().find(ATTACHMENT, ref="%s:%s" % (item_type, ident(request.args["itemid"])))
    if flag(request.args.get("isLink")) is True:
        rows = []
    return jsonify([attachment_json(r) for r in rows])


@route("/attachment/<attachment_id>")
def one_attachment(attachment_id):
    user()
    doc = store().get(ATTACHMENT, ident(attachment_id)) if ident(attachment_id) is not None else None
    if doc is None:
        error(400, "Attachment with id %s does not exist." % attachment_id)
    return jsonify(attachment_json(doc))


@route("/attachment/<attachment_id>", methods=["DELETE"])
def remove_attachment(attachment_id):
    user()
    if ident(attachment_id) is None or not store().delete(ATTACHMENT, ident(attachment_id)):
        error(400, "Attachment with id %s does not exist." % attachment_id)
    return jsonify(True)


@raw_route("/flex/download")
def download():
    user()
    if request.args.get("action") != "download" or not request.args.get("fileId"):
        error(400, "action=download and fileId are required.")
    doc = store().find_one(ATTACHMENT, refId=request.args["fileId"])
    if doc is None:
        error(400, "No file with id %s." % request.args["fileId"])
    response = make_response(base64.b64decode(doc["content"]))
    response.headers["Content-Type"] = doc["contentType"]
    response.headers["Content-Disposition"] = 'attachment; filename="%s"' % doc["name"]
    return response
