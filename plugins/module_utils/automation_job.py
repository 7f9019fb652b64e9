# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Enterprise automation (file upload) jobs: what the user asked for, validated before any
request; the job as the product answers it, in portable form; and the properties that differ.

Portable job: {id, name, project_id, release_id, framework, cycle, phase, repository_path,
repository_folder_id, cycle_start_date, cycle_end_date (ISO), reuse, assign_to (user id as a string,
"-10" = Anyone), environment, timestamp, create_package, created_by, created_on, result_file, cycle_id}.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import datetime
import html

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_run import succeeded
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import check_report, report_upload
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_repository import (
    join_path,
    split_path,
)

# The UI's Automation Framework list; the server compares without regard to case.
FRAMEWORKS = ("SoapUI PRO", "TestComplete", "Cucumber", "JUnit", "Selenium", "TestNG", "Tricentis Tosca", "UFT",
              "Eggplant")
ANYONE = "-10"
# option -> automationJobDetail field (what is sent)
WIRE = (
    ("name", "jobName"), ("framework", "automationFramework"), ("cycle", "cycleName"), ("phase", "phaseName"),
    ("repository_path", "testRepositoryPath"), ("repository_folder_id", "jobDetailTcrCatalogTreeId"),
    ("cycle_start_date", "cycleStartDateStr"), ("cycle_end_date", "cycleEndDateStr"), ("reuse", "isReuse"),
    ("assign_to", "assignResultsTo"), ("environment", "environment"), ("timestamp", "timeStamp"),
    ("create_package", "createPackage"),
)
MANAGED = tuple(option for option, _wire in WIRE)
# what a row of file-upload-job/list tells of a job (portable names); the rest takes job/detail
LISTED = ("id", "name", "project_id", "release_id", "framework", "phase", "repository_path", "repository_folder_id",
          "cycle_start_date", "cycle_end_date", "created_by", "result_file")
REQUIRED_TO_CREATE = ("framework", "cycle")


def canonical_framework(value, option="framework", strict=True):
    text = str(value or "").strip()
    for name in FRAMEWORKS:
        if text.lower() == name.lower():
            return name
    if not strict:
        return text
    raise InputError(option, "unknown automation framework %r" % (value,), "use one of: %s" % ", ".join(FRAMEWORKS))


def job_date(value, option):
    """ISO ``YYYY-MM-DD`` (the collection's convention) or ZE's ``MM/DD/YYYY`` -> ISO."""
    if value in (None, ""):
        return None
    text = str(value).strip()
    iso = dates.from_us(text) if "/" in text else None
    if iso:
        return iso
    try:
        return datetime.datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError:
        raise InputError(option, "%r is not a date" % (value,),
                         "write it as YYYY-MM-DD (or MM/DD/YYYY), e.g. 2026-12-01")


def wanted_job(params):
    """The managed properties from the module options (None = leave as is), checked up front.

    ``assign_to`` stays as given (a name is resolved against the server later); ``upload`` is the
    checked result file or None.
    """
    name = params.get("name")
    if name is None or not str(name).strip():
        raise InputError("name", "must not be empty", "give the automation job a name")
    wanted = dict((option, params.get(option)) for option in MANAGED)
    if wanted["framework"] is not None:
        wanted["framework"] = canonical_framework(wanted["framework"])
    if wanted["cycle"] is not None and not str(wanted["cycle"]).strip():
        raise InputError("cycle", "must not be empty", "give the name of the cycle the results go to")
    start = wanted["cycle_start_date"] = job_date(params.get("cycle_start_date"), "cycle_start_date")
    end = wanted["cycle_end_date"] = job_date(params.get("cycle_end_date"), "cycle_end_date")
    if start and end and end < start:
        raise InputError("cycle_end_date", "%s is before cycle_start_date %s" % (end, start), "swap or fix the dates")
    if wanted["repository_path"] is not None:
        wanted["repository_path"] = join_path(split_path(wanted["repository_path"]))
    folder_id = wanted["repository_folder_id"]
    if folder_id is not None and not str(folder_id).strip().isdigit():
        raise InputError("repository_folder_id", "%r is not a folder id" % (folder_id,),
                         "give the numeric id of a repository folder, or use repository_path")
    if folder_id is not None:
        wanted["repository_folder_id"] = str(folder_id).strip()
    # a gzip-compressed report is sent uncompressed (report_file): Zephyr does not read gzip
    upload = report_upload(params["results_file"], "results_file") if params.get("results_file") else None
    if upload is not None:
        check_report(params["results_file"], "results_file")
    return wanted, upload


def resolve_assignee(api, value):
    """A user id string for a name, an id or ``anyone``."""
    text = str(value).strip()
    if text.lower() == "anyone" or text == ANYONE:
        return ANYONE
    users = api.users()
    if text.lstrip("-").isdigit():
        if any(str(u.get("id")) == text for u in users):
            return text
    matches = [u for u in users if u.get("username") == text]
    if len(matches) > 1:
        raise AmbiguousError("assign_to", "%d users are named %r" % (len(matches), text), "give the user id")
    if not matches:
        raise InputError("assign_to", "no Zephyr Enterprise user %r" % text, "give a user name or id, or anyone")
    return str(matches[0]["id"])


def find_job(rows, name, scope):
    matches = [r for r in rows if r.get("jobName") == name]
    if len(matches) > 1:
        raise AmbiguousError("name", "%d automation jobs are named %r in %s %s (ids %s)" % (
            len(matches), name, scope.project["name"], scope.version["name"],
            ", ".join(sorted(str(r["id"]) for r in matches))), "rename or delete the duplicates")
    return matches[0] if matches else None


# -- the product's answers in portable form ---------------------------------------------------------
def _day(value):
    if value in (None, ""):
        return None
    if isinstance(value, str) and "/" in value:
        return dates.from_us(value)
    try:
        # epoch ms of the server's local midnight: half a day lands on the right day in any time zone
        return dates.from_epoch_ms(int(value) + 12 * 3600 * 1000)
    except (TypeError, ValueError):
        return None


def moment(epoch_ms):
    if epoch_ms in (None, ""):
        return None
    try:
        when = datetime.datetime.fromtimestamp(int(epoch_ms) / 1000.0, datetime.timezone.utc)
    except (TypeError, ValueError, OverflowError):
        return None
    return when.replace(microsecond=0).isoformat().replace("+00:00", "Z")


def _str(value):
    return None if value in (None, "") else str(value)


def _bool(value):
    if isinstance(value, str):
        return value.strip().lower() == "true"
    return bool(value)


def portable_job(raw):
    """A job from ``job/detail``, a create/update answer (HTML-escaped path) or a list row."""
    path = raw.get("testRepositoryPath")
    timestamp = raw.get("isTimeStamp")
    if timestamp is None and isinstance(raw.get("timeStamp"), (bool, str)):
        timestamp = raw.get("timeStamp")
    result_file = raw.get("attachmentName")
    if not result_file and raw.get("fileUplaodJobPath"):  # sic: the product's spelling
        result_file = str(raw["fileUplaodJobPath"]).replace("\\", "/").rsplit("/", 1)[-1]
    return {
        "id": _str(raw.get("id")),
        "name": raw.get("jobName"),
        "project_id": _str(raw.get("projectId")),
        "release_id": _str(raw.get("releaseId")),
        "framework": canonical_framework(raw.get("automationFramework"), strict=False) or None,
        "cycle": raw.get("cycleName"),
        "phase": raw.get("phaseName") or "",
        "repository_path": join_path(split_path(html.unescape(path))) if path else "",
        "repository_folder_id": _str(raw.get("jobDetailTcrCatalogTreeId")),
        "cycle_start_date": _day(raw.get("cycleStartDateStr") or raw.get("cycleStartDate")),
        "cycle_end_date": _day(raw.get("cycleEndDateStr") or raw.get("cycleEndDate")),
        "reuse": _bool(raw.get("isReuse")),
        "assign_to": _str(raw.get("assignResultsTo")),
        "environment": raw.get("environment") or "",
        "timestamp": _bool(timestamp),
        "create_package": _bool(raw.get("createPackage")),
        "created_by": _str(raw.get("createdBy")),
        "created_on": moment(raw.get("jobCrationDate")),  # sic
        "result_file": result_file or None,
        "cycle_id": _str(raw.get("cycleId")),
    }


def listed_job(row):
    """A job as its list row shows it: only the LISTED properties (the others are not guessed)."""
    job = portable_job(row)
    return dict((key, job[key]) for key in LISTED)


def created_job(fields, row):
    """A job just created from ``fields`` (portable: what was sent) as its list row shows it. What neither
    says is the server's default; created_on (only in job/detail) stays null."""
    return dict(portable_job(row), **fields)


def listed_run(row):
    """The job's latest run as its list row shows it: status and schedule time, no run id or cycle."""
    return portable_run({"status": row.get("status"), "jobScheduleDate": row.get("jobScheduleDate")}, row.get("id"))


def completed_with(row, upload):
    """Whether the job's latest run completed with this result file. The server keeps only the file's name,
    so the name stands for the content (the publish_results role puts a digest of it in the job name)."""
    if row is None or not succeeded(row.get("status")):
        return False
    return upload is None or row.get("attachmentName") == upload.name


def portable_run(raw, job_id=None):
    if not raw:
        return None
    return {
        "id": _str(raw.get("id")),
        "job_id": _str(raw.get("automationJobDetailId")) or _str(job_id),
        "status": raw.get("status"),
        "scheduled_on": moment(raw.get("jobScheduleDate")),
        "cycle_id": _str(raw.get("cycleId")),
        "duration_ms": raw.get("cycleDuration") if isinstance(raw.get("cycleDuration"), int) else None,
    }


# -- what to send -----------------------------------------------------------------------------------
def changes(current, wanted):
    """Managed properties whose value differs (booleans and ids compared as the product keeps them)."""
    out = {}
    for option in MANAGED:
        value = wanted.get(option)
        if value is None:
            continue
        have = current.get(option)
        if option == "framework":
            same = str(have or "").lower() == str(value).lower()
        elif isinstance(value, bool):
            same = bool(have) == value
        else:
            same = ("" if have is None else str(have)) == str(value)
        if not same:
            out[option] = value
    return out


def wire_detail(fields, scope, job_id=None):
    """``automationJobDetail`` for ``fields`` (portable); ids as the product's examples send them."""
    detail = {"projectId": int(scope.project["id"]), "releaseId": int(scope.version["id"])}
    if job_id is not None:
        detail["id"] = int(job_id)
    for option, wire in WIRE:
        value = fields.get(option)
        if value is None:
            continue
        if option in ("cycle_start_date", "cycle_end_date"):
            value = dates.to_us(dates.parse_iso(value, option)) if value else ""
        elif option == "repository_folder_id":
            value = int(value) if value else None
        detail[wire] = value
    return detail
