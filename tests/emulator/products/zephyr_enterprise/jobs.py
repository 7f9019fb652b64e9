"""Automation (file upload) jobs: properties in, the shapes the product answers out.

Request properties arrive lenient on types (ids and booleans also as strings) and strict on names
(``jobName``, ``projectId``, ``releaseId``, ``automationFramework``, ``cycleName`` are required on create).
Framework names are the UI's, matched without regard to case; unknown ones are refused with 400.
"""

import base64
import html
import json
import uuid

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    ANYONE,
    JOB,
    RUN,
    TREE,
    day_to_ms,
    error,
    flag,
    ident,
    ms_to_day,
    now_ms,
    parse_us,
)
from tests.emulator.products.zephyr_enterprise.model import (
    environment_required,
    project_for,
    release_for,
)

FRAMEWORKS = ("SoapUI PRO", "TestComplete", "Cucumber", "JUnit", "Selenium", "TestNG", "Tricentis Tosca", "UFT",
              "Eggplant")
REQUIRED = ("jobName", "projectId", "releaseId", "automationFramework", "cycleName")
BOOLEANS = ("isReuse", "timeStamp", "createPackage")


def framework(value):
    for name in FRAMEWORKS:
        if str(value).strip().lower() == name.lower():
            return name
    error(400, "Unknown automationFramework %s; expected one of: %s." % (json.dumps(value), ", ".join(FRAMEWORKS)))


def parse_detail(text):
    try:
        data = json.loads(text)
    except (TypeError, ValueError):
        error(400, "automationJobDetail must be a JSON object.")
    if not isinstance(data, dict):
        error(400, "automationJobDetail must be a JSON object.")
    return data


def validate(data, who, current=None):
    """Job fields from request properties; ``current`` (update) supplies what is not sent."""
    job = dict(current or {})
    names = REQUIRED if current is None else [n for n in REQUIRED if n in data]
    for name in names:
        if name not in data or data[name] is None:
            error(400, "%s is required." % name)
    if "jobName" in data:
        if not isinstance(data["jobName"], str) or not data["jobName"].strip():
            error(400, "jobName must not be empty.")
        job["jobName"] = data["jobName"]
    project = project_for(data.get("projectId", job.get("projectId")), who)
    release = release_for(data.get("releaseId", job.get("releaseId")), who)
    if int(release["projectId"]) != int(project["id"]):
        error(400, "Release %s is not in project %s." % (release["id"], project["id"]))
    job["projectId"], job["releaseId"] = project["id"], release["id"]
    if "automationFramework" in data:
        job["automationFramework"] = framework(data["automationFramework"])
    for field in ("cycleName", "phaseName", "testRepositoryPath", "environment", "jobDescription"):
        if field in data:
            job[field] = "" if data[field] is None else str(data[field])
    if "cycleName" in data and not job["cycleName"].strip():
        error(400, "cycleName must not be empty.")
    if data.get("jobDetailTcrCatalogTreeId") not in (None, ""):
        wanted = data["jobDetailTcrCatalogTreeId"]
        node = store().get(TREE, ident(wanted)) if ident(wanted) is not None else None
        if node is None or node.get("hidden") or int(node["releaseId"]) != int(release["id"]):
            error(400, "Repository node %s does not exist in release %s." % (wanted, release["id"]))
        job["jobDetailTcrCatalogTreeId"] = node["id"]
    elif "jobDetailTcrCatalogTreeId" in data:
        job["jobDetailTcrCatalogTreeId"] = None
    for str_name, ms_name, field in (("cycleStartDateStr", "cycleStartDate", "cycleStartDate"),
                                     ("cycleEndDateStr", "cycleEndDate", "cycleEndDate")):
        if data.get(str_name) not in (None, ""):
            job[field] = day_to_ms(parse_us(data[str_name], str_name))
        elif data.get(ms_name) not in (None, ""):
            if ident(data[ms_name]) is None:
                error(400, "Invalid %s %s." % (ms_name, json.dumps(data[ms_name])))
            job[field] = day_to_ms(ms_to_day(ident(data[ms_name])))
        elif str_name in data:
            job[field] = None
    if job.get("cycleStartDate") and job.get("cycleEndDate") and job["cycleEndDate"] < job["cycleStartDate"]:
        error(400, "cycleEndDate is before cycleStartDate.")
    for field in BOOLEANS:
        if field in data:
            value = flag(data[field], False)
            if value is None:
                error(400, "%s must be true or false, got %s." % (field, json.dumps(data[field])))
            job[field] = value
    if "assignResultsTo" in data:
        assignee = ident(data["assignResultsTo"]) if data["assignResultsTo"] not in (None, "") else None
        if data["assignResultsTo"] not in (None, "") and (
                assignee is None or (assignee != ANYONE and store().get("user", assignee) is None)):
            error(400, "assignResultsTo %s is not a user id." % json.dumps(data["assignResultsTo"]))
        job["assignResultsTo"] = assignee
    if environment_required() and not (job.get("environment") or "").strip():
        error(400, "environment is mandatory for this repository configuration.")
    for field, default in (("isReuse", False), ("timeStamp", False), ("createPackage", False),
                           ("phaseName", ""), ("testRepositoryPath", ""), ("environment", ""),
                           ("jobDetailTcrCatalogTreeId", None), ("assignResultsTo", None),
                           ("cycleStartDate", None), ("cycleEndDate", None), ("jobDescription", "")):
        job.setdefault(field, default)
    return job


def attach_file(job, storage):
    content = storage.read()
    job["fileName"] = storage.filename or "result-file.xml"
    job["fileContent"] = base64.b64encode(content).decode("ascii")
    job["fileUplaodJobPath"] = "/opt/zephyr/automation/upload/%s/%s" % (uuid.uuid4().hex, job["fileName"])
    job["attachmentId"] = store().next_id("ze_job_file")


def properties_json(job, escaped=False):
    """The properties as ``v3/automation/job/detail`` answers them (sic: jobCrationDate,
    fileUplaodJobPath); create/update answers echo testRepositoryPath HTML-escaped."""
    path = job.get("testRepositoryPath") or ""
    return {
        "id": job["id"], "projectId": job["projectId"], "releaseId": job["releaseId"],
        "automationFramework": job["automationFramework"], "invokeScript": "",
        "jobCrationDate": job["jobCrationDate"], "createdBy": job["createdBy"], "cycleDuration": "",
        "isTimeStamp": job["timeStamp"], "createPackage": job["createPackage"],
        "assignResultsTo": job["assignResultsTo"], "cycleStartDate": job["cycleStartDate"],
        "cycleEndDate": job["cycleEndDate"], "cycleName": job["cycleName"], "phaseName": job["phaseName"],
        "isReuse": job["isReuse"], "jobName": job["jobName"],
        "testRepositoryPath": html.escape(path, quote=False) if escaped else path,
        "jobDetailTcrCatalogTreeId": job["jobDetailTcrCatalogTreeId"], "isDateStr": True,
        "jobSource": "FILE_UPLOAD", "fileUplaodJobPath": job.get("fileUplaodJobPath"), "userId": job["createdBy"],
        "environment": job["environment"], "timeStamp": job["timeStamp"], "jobDescription": job["jobDescription"],
        "cycleId": job.get("cycleId"),
    }


def latest_run(job_id):
    runs = store().find(RUN, ref=job_id)
    return runs[-1] if runs else None


def run_json(run, full=True):
    out = {"id": run["id"], "status": run["status"], "jobScheduleDate": run["jobScheduleDate"],
           "cycleDuration": run.get("cycleDuration") or 0}
    if full:
        out = {"id": run["id"], "automationJobDetailId": run["jobId"], "status": run["status"],
               "jobScheduleDate": run["jobScheduleDate"], "cycleId": run.get("cycleId"),
               "cycleDuration": run.get("cycleDuration") or 0}
    return out


def list_json(job):
    """A row of ``file-upload-job/list``; the latest run's status, where a run waiting for a runner
    shows as ``queued`` (the list's word) and ``new`` means scheduled or never run."""
    run = latest_run(job["id"])
    status = (run["status"] if run else "new")
    return {"id": job["id"], "projectId": job["projectId"], "releaseId": job["releaseId"],
            "automationFramework": job["automationFramework"], "status": "queued" if status == "Waiting" else status,
            "jobScheduleDate": run["jobScheduleDate"] if run else None, "createdBy": job["createdBy"],
            "cycleStartDate": job["cycleStartDate"], "cycleEndDate": job["cycleEndDate"], "jobName": job["jobName"],
            "jobSource": "FILE_UPLOAD", "jobDetailTcrCatalogTreeId": job["jobDetailTcrCatalogTreeId"],
            "phaseName": job["phaseName"], "testRepositoryPath": job["testRepositoryPath"],
            "attachmentId": job.get("attachmentId"), "attachmentName": job.get("fileName")}


def new_job(data, who, storage):
    job = validate(data, who)
    job.update({"createdBy": who["id"], "jobCrationDate": now_ms(), "cycleId": None})
    job = store().insert(JOB, job, ref="%s:%s" % (job["projectId"], job["releaseId"]))
    if storage is not None:
        attach_file(job, storage)
        store().update(JOB, job)
    return job
