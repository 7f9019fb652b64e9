"""Login and users: GET manifest (Basic -> ``token`` cookie), user/current, user/{id}, user lists."""

import datetime
import time

from flask import jsonify, make_response

from tests.emulator import auth
from tests.emulator.products.common import settings, store
from tests.emulator.products.zephyr_enterprise.common import error, ident, route, user
from tests.emulator.products.zephyr_enterprise.model import project_for, user_json


@route("/manifest", versions=("latest",))
def manifest():
    """Any accepted credential gets a fresh ``token`` cookie (Max-Age from ``ze_session_ttl``)."""
    who = user()
    ttl = int(settings()["ze_session_ttl"])
    value = auth.new_session(store(), "ze", who, ttl)
    response = make_response(jsonify({"product": "Zephyr Enterprise", "version": "8.2.0", "build": "8.2.0.17",
                                      "user": who["name"]}))
    expires = datetime.datetime.fromtimestamp(time.time() + ttl, datetime.timezone.utc)
    response.headers.add("Set-Cookie", "token=%s; Max-Age=%d; Expires=%s; Path=/flex; Secure; HttpOnly" % (
        value, ttl, expires.strftime("%a, %d %b %Y %H:%M:%S GMT")))
    return response


@route("/user/current")
def current_user():
    return jsonify(user_json(user()))


@route("/user/<user_id>")
def one_user(user_id):
    user()
    doc = store().get("user", ident(user_id)) if ident(user_id) is not None else None
    if doc is None:
        error(400, "User with id %s does not exist." % user_id)
    return jsonify(user_json(doc))


@route("/user/filter")
def all_users():
    user()
    return jsonify([user_json(u) for u in store().find("user")])


@route("/user/project/<project_id>")
def project_users(project_id):
    project = project_for(project_id, user())
    return jsonify([user_json(u) for u in store().find("user")
                    if project.get("members") is None or u["name"] in project["members"]])
