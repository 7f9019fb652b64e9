"""Who is calling: the same three ways the products accept (basic, bearer, session cookie).

Realms: ``jira`` (Jira core, ZAPI, Xray Server), ``ze`` (Zephyr Enterprise), ``cloud`` (Xray Cloud).
Sessions and cloud tokens live in the store with an expiry so the control API can expire them.
"""

import base64
import time
import uuid

from flask import current_app, g, request

SESSION = "session"


def users(store):
    return store.find("user")


def user_by_password(store, name, password):
    user = store.find_one("user", name=name)
    return user if user and user.get("password") == password else None


def user_by_token(store, token):
    return store.find_one("user", token=token) if token else None


def basic_credentials():
    header = request.headers.get("Authorization", "")
    if not header.startswith("Basic "):
        return None
    try:
        raw = base64.b64decode(header[6:].strip()).decode("utf-8")
    except (ValueError, UnicodeDecodeError):
        return ("", "")
    name, _sep, password = raw.partition(":")
    return name, password


def bearer_token():
    header = request.headers.get("Authorization", "")
    return header[7:].strip() if header.startswith("Bearer ") else None


def new_session(store, realm, user, ttl):
    value = uuid.uuid4().hex.upper() if realm == "jira" else str(uuid.uuid4())
    store.insert(SESSION, {"realm": realm, "value": value, "user": user["name"],
                           "expires": time.time() + ttl}, ref=value)
    return value


def session_user(store, realm, value):
    if not value:
        return None
    for session in store.find(SESSION, ref=value):
        if session["realm"] == realm and session["expires"] > time.time():
            return store.find_one("user", name=session["user"])
    return None


def expire_all(store):
    for session in store.find(SESSION):
        session["expires"] = 0
        store.update(SESSION, session)


def identify(realm):
    """The calling user or None; ``g.auth_failed`` tells a wrong credential from none at all."""
    store = current_app.config["STORE"]
    g.auth_failed = False
    basic = basic_credentials()
    if basic is not None and realm != "cloud":
        user = user_by_password(store, *basic)
        g.auth_failed = user is None
        return user
    token = bearer_token()
    if token is not None:
        if realm == "cloud":
            user = session_user(store, "cloud", token)
        else:
            user = user_by_token(store, token)
        g.auth_failed = user is None
        return user
    cookie = request.cookies.get("JSESSIONID" if realm == "jira" else "token")
    if cookie and realm != "cloud":
        user = session_user(store, realm, cookie)
        g.auth_failed = user is None
        return user
    return None
