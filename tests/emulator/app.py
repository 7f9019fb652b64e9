"""The Flask application: products' blueprints behind fault injection, one store transaction per
request."""

from flask import Flask, jsonify, request

from tests.emulator import seed as seeds
from tests.emulator.faults import FaultMiddleware
from tests.emulator.store import Store

DEFAULT_SETTINGS = {
    "job_delay": 0.05,          # ZAPI async jobs finish this long after they are queued
    "job_expiry": 30.0,         # seconds a finished ZAPI job stays readable
    "jira_session_ttl": 8 * 3600,
    "ze_session_ttl": 5400,     # Zephyr Enterprise token cookie: 90 minutes
    "cloud_token_ttl": 86400,   # Xray Cloud tokens: 24 h
    "cloud_rate_limit": 300,    # Xray Standard: 300 requests per 5 minutes
    "cloud_rate_window": 300.0,
    "ze_run_step": 0.05,        # seconds per Zephyr Enterprise automation run state
}


def create_app(db=":memory:", seed="demo", control=False, settings=None):
    app = Flask("testmgmt-emulator")
    app.config["STORE"] = store = Store(db)
    app.config["SEED"] = seed
    app.config["SETTINGS"] = dict(DEFAULT_SETTINGS, **(settings or {}))
    app.url_map.strict_slashes = False

    from tests.emulator.products import register_all

    register_all(app)
    if seed and not store.find("user"):
        seeds.load(store, seed)
    if control:
        from tests.emulator.control import control_bp

        app.register_blueprint(control_bp)

    @app.before_request
    def _begin():
        store.__enter__()

    @app.teardown_request
    def _end(exc):
        store.__exit__(type(exc) if exc else None, exc, None)

    @app.errorhandler(404)
    def _not_found(_err):
        return jsonify({"errorMessages": ["null for uri: %s" % request.url]}), 404

    @app.errorhandler(405)
    def _not_allowed(_err):
        return jsonify({"errorMessages": ["HTTP 405 Method Not Allowed"]}), 405

    app.wsgi_app = app.config["FAULTS"] = FaultMiddleware(app.wsgi_app)
    return app
