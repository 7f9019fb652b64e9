"""Preferences: execution statuses (a JSON string inside ``value``) and system switches such as
``cycle.environment.enabled``."""

from flask import jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import PREFERENCE, error, json_object, route, user

SYSTEM = "system"


def preference_json(doc):
    return {"id": doc["id"], "name": doc["name"], "key": doc["name"], "value": doc["value"],
            "defaultValue": doc.get("defaultValue"), "editable": True, "category": doc.get("category", SYSTEM)}


@route("/admin/preference")
def one_preference():
    user()
    key = request.args.get("key")
    if not key:
        error(400, "key is required.")
    doc = store().find_one(PREFERENCE, name=key)
    if doc is None:
        error(400, "Preference %s does not exist." % key)
    return jsonify(preference_json(doc))


@route("/admin/preference/all/system")
def system_preferences():
    user()
    rows = store().find(PREFERENCE)
    name = request.args.get("name")
    if name:
        rows = [r for r in rows if r["name"] == name]
    return jsonify([preference_json(r) for r in rows])


@route("/admin/preference", methods=["PUT"])
def put_preference():
    """Body ``{"name" (or "key"), "value"}``; administrators only. (Shape inferred: the public
    sources only read preferences.)"""
    who = user()
    if who["name"] != "admin":
        error(403, "Only administrators can change preferences.")
    data = json_object()
    name = data.get("name") or data.get("key")
    doc = store().find_one(PREFERENCE, name=name) if name else None
    if doc is None:
        error(400, "Preference %s does not exist." % (name,))
    if not isinstance(data.get("value"), str):
        error(400, "value must be a string.")
    doc["value"] = data["value"]
    store().update(PREFERENCE, doc)
    return jsonify(preference_json(doc))
