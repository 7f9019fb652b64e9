"""The nine automation-job operations (v4 ``upload-file/automation/...`` and v3 ``automation/job/...``).

Multipart as clients send it: the result file in the part ``fileName``, the properties as a JSON
string in the part ``automationJobDetail`` (a plain field, or a part with a file name: both accepted).
``update-execute-job`` updates the properties (and the file when one is sent) and answers them; runs
are scheduled by ``execute-job`` and ``create-and-execute-job``. Progress takes the job id; cancel the
run id.
"""

from flask import g, jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise import runner
from tests.emulator.products.zephyr_enterprise.common import (
    JOB,
    RUN,
    error,
    ident,
    json_object,
    route,
    user,
)
from tests.emulator.products.zephyr_enterprise.jobs import (
    attach_file,
    latest_run,
    list_json,
    new_job,
    parse_detail,
    properties_json,
    run_json,
    validate,
)
from tests.emulator.products.zephyr_enterprise.model import project_for, release_for

UPLOAD = "/upload-file/automation"


def multipart():
    """(properties dict, result file storage or None) of a multipart request."""
    if not request.content_type or not request.content_type.startswith("multipart/form-data"):
        error(400, "Expected multipart/form-data with the parts fileName and automationJobDetail.")
    text = request.form.get("automationJobDetail")
    if text is None and "automationJobDetail" in request.files:
        text = request.files["automationJobDetail"].read().decode("utf-8", "replace")
    if text is None:
        error(400, "automationJobDetail is required.")
    storage = request.files.get("fileName")
    return parse_detail(text), storage


def job_for(value):
    job = store().get(JOB, ident(value)) if ident(value) is not None else None
    if job is None:
        error(400, "Automation job with id %s does not exist." % (value,))
    project_for(job["projectId"], g.user)
    return job


def ids_of(data):
    ids = data.get("ids")
    if not isinstance(ids, list) or not ids:
        error(400, "ids must be a non-empty array of job ids.")
    return ids


@route(UPLOAD + "/create-job-detail", methods=["POST"])
def create_job():
    who = user()
    data, storage = multipart()
    return jsonify(properties_json(new_job(data, who, storage), escaped=True))


@route(UPLOAD + "/create-and-execute-job", methods=["POST"])
def create_and_execute():
    who = user()
    data, storage = multipart()
    if storage is None:
        error(400, "fileName (the result file) is required to execute a job.")
    job = new_job(data, who, storage)
    return jsonify(run_json(runner.schedule(job, who), full=False))


@route(UPLOAD + "/update-execute-job", methods=["POST"])
def update_job():
    who = user()
    data, storage = multipart()
    if data.get("id") in (None, ""):
        error(400, "id is required in automationJobDetail.")
    job = job_for(data["id"])
    updated = validate(data, who, current=job)
    if storage is not None:
        attach_file(updated, storage)
    store().update(JOB, updated, ref="%s:%s" % (updated["projectId"], updated["releaseId"]))
    return jsonify(properties_json(updated, escaped=True))


@route(UPLOAD + "/execute-job", methods=["POST"])
def execute_jobs():
    who = user()
    jobs = [job_for(i) for i in ids_of(json_object(required=("ids",)))]
    for job in jobs:
        if not job.get("fileContent"):
            error(400, "Automation job %s has no result file to execute." % job["id"])
    return jsonify([run_json(runner.schedule(job, who), full=False) for job in jobs])


@route(UPLOAD + "/schedule/get-latest-job-progress")
def latest_progress():
    user()
    job = job_for(request.args.get("jobid"))
    run = latest_run(job["id"])
    return jsonify(run_json(run) if run else None)


@route(UPLOAD + "/cancel/<run_id>", methods=["POST"])
def cancel_run(run_id):
    user()
    run = store().get(RUN, ident(run_id)) if ident(run_id) is not None else None
    if run is None:
        error(400, "Scheduled job with id %s does not exist." % run_id)
    job_for(run["jobId"])
    return jsonify(runner.cancel(run))


@route(UPLOAD + "/file-upload-job/list")
def list_jobs():
    who = user()
    for name in ("projectId", "releaseId"):
        if request.args.get(name) in (None, ""):
            error(400, "%s is required." % name)
    project = project_for(request.args["projectId"], who)
    release = release_for(request.args["releaseId"], who)
    if int(release["projectId"]) != int(project["id"]):
        error(400, "Release %s is not in project %s." % (release["id"], project["id"]))
    return jsonify([list_json(j) for j in store().find(JOB, ref="%s:%s" % (project["id"], release["id"]))])


@route("/automation/job/detail")
def job_detail():
    user()
    return jsonify(properties_json(job_for(request.args.get("jobid"))))


@route("/automation/job/delete", methods=["POST"])
def delete_jobs():
    user()
    jobs = [job_for(i) for i in ids_of(json_object(required=("ids",)))]
    for job in jobs:
        store().delete_ref(RUN, job["id"])  # a running run finds itself gone and stops
        store().delete(JOB, job["id"])
    return jsonify(True)
