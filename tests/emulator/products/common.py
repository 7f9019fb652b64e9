"""Helpers the product blueprints share: auth guards, JSON bodies, answers in product shapes."""

from flask import abort, current_app, g, jsonify, make_response, request

from tests.emulator import auth


def store():
    return current_app.config["STORE"]


def settings():
    return current_app.config["SETTINGS"]


def body_json():
    """The JSON body, or None when missing or malformed (products answer 400 then)."""
    return request.get_json(force=True, silent=True)


def fail(status, payload):
    abort(make_response(jsonify(payload), status))


def fail_text(status, text):
    abort(make_response(text, status, {"Content-Type": "text/plain;charset=UTF-8"}))


def require_user(realm, unauthorized):
    """The caller, or abort with the product's 401 (``unauthorized`` builds the body)."""
    user = auth.identify(realm)
    if user is None:
        response = unauthorized()
        if not isinstance(response, tuple):
            response = (response, 401)
        abort(make_response(*response))
    g.user = user
    return user


def jira_unauthorized():
    reason = "AUTHENTICATED_FAILED" if g.get("auth_failed") else "AUTHENTICATION_DENIED"
    resp = make_response(jsonify({"errorMessages": [
        "You are not authenticated. Authentication required to perform this operation."], "errors": {}}), 401)
    resp.headers["X-Seraph-LoginReason"] = reason
    return resp


def as_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default
