"""The control API (only with --control): reset, request log, faults, users, expiry."""

from flask import Blueprint, current_app, jsonify, request

from tests.emulator import auth, seed as seeds

control_bp = Blueprint("control", __name__, url_prefix="/_emulator")


@control_bp.post("/reset")
def reset():
    store = current_app.config["STORE"]
    store.wipe()
    seeds.load(store, current_app.config["SEED"] or "demo")
    current_app.config["FAULTS"].clear_faults()
    for hook in current_app.config.get("RESET_HOOKS", []):
        hook(current_app)
    return jsonify({"reset": True})


@control_bp.get("/requests")
def requests_log():
    return jsonify({"requests": current_app.config["FAULTS"].requests()})


@control_bp.post("/requests/clear")
def clear_requests():
    current_app.config["FAULTS"].clear_log()
    return jsonify({"cleared": True})


@control_bp.post("/faults")
def add_fault():
    spec = request.get_json(force=True, silent=True) or {}
    if not spec.get("status") and not spec.get("delay") and not spec.get("drop"):
        return jsonify({"error": "a fault needs status, delay or drop"}), 400
    return jsonify(current_app.config["FAULTS"].add(spec))


@control_bp.delete("/faults")
def clear_faults():
    current_app.config["FAULTS"].clear_faults()
    return jsonify({"cleared": True})


@control_bp.post("/users")
def add_user():
    spec = request.get_json(force=True, silent=True) or {}
    if not spec.get("name"):
        return jsonify({"error": "name is required"}), 400
    user = seeds.add_user(current_app.config["STORE"], spec["name"], spec.get("password"), spec.get("token"))
    return jsonify({"name": user["name"]})


@control_bp.post("/expire")
def expire():
    auth.expire_all(current_app.config["STORE"])
    return jsonify({"expired": True})


@control_bp.post("/settings")
def settings():
    """Test-only knobs (job delays, session lifetimes, rate limits)."""
    spec = request.get_json(force=True, silent=True) or {}
    unknown = sorted(set(spec) - set(current_app.config["SETTINGS"]))
    if unknown:
        return jsonify({"error": "unknown settings: %s" % ", ".join(unknown)}), 400
    current_app.config["SETTINGS"].update(spec)
    return jsonify(current_app.config["SETTINGS"])
