"""ZAPI job progress: GET execution/jobProgress/{token} (also jobProgress/{token}), PUT ?status=STOP."""

from flask import current_app, jsonify

from tests.emulator import jobs
from tests.emulator.products.zapi.common import route, user


@route("/execution/jobProgress/<token>")
@route("/jobProgress/<token>")
def job_progress(token):
    user()
    progress = jobs.progress(current_app, token)
    # Unknown or expired tokens answer 200 with a null body (a serialized null map).
    return current_app.response_class("null" if progress is None else current_app.json.dumps(progress),
                                      mimetype="application/json")


@route("/jobProgress/<token>", methods=["PUT"])
def stop_job(token):
    user()
    return jsonify({"status": "STOP"})
