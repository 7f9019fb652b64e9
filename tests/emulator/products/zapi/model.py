"""ZAPI records, their JSON shapes and the writes jobs share.

Kinds in the store (``ref`` is the indexed parent):
  zcycle       ref "<projectId>:<versionId>"
  zfolder      ref cycle id
  zexec        ref cycle id, or "adhoc:<projectId>:<versionId>" for the Ad hoc cycle (-1)
  zstep        ref issue id (the Test's steps)
  zstepresult  ref execution id
  zattach      ref "<entityType>:<entityId>"
Every function takes the store explicitly: background jobs call them outside a request.
"""

import datetime
import html
import json
import time

CYCLE = "zcycle"
FOLDER = "zfolder"
EXECUTION = "zexec"
STEP = "zstep"
STEP_RESULT = "zstepresult"
ATTACHMENT = "zattach"
MAX_LIMIT = 1000  # ApplicationConstants.MAX_LIMIT
UNEXECUTED = "-1"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def scope_ref(project_id, version_id):
    return "%s:%s" % (project_id, version_id)


def exec_ref(project_id, version_id, cycle_id):
    if int(cycle_id) == -1:
        return "adhoc:%s:%s" % (project_id, version_id)
    return str(cycle_id)


def now_ms():
    return int(time.time() * 1000)


def format_datetime(ms):
    """ZAPI shows ``22/Oct/21 9:24 PM``."""
    if not ms:
        return ""
    when = datetime.datetime.fromtimestamp(ms / 1000.0, datetime.timezone.utc)
    hour = when.hour % 12 or 12
    return "%02d/%s/%02d %d:%02d %s" % (when.day, MONTHS[when.month - 1], when.year % 100, hour, when.minute,
                                        "AM" if when.hour < 12 else "PM")


def is_test(issue):
    return ((issue.get("fields") or {}).get("issuetype") or {}).get("name") == "Test"


class Lookups:
    """Memoized reads for building many answers in one request."""

    def __init__(self, store):
        self.store = store
        self._cache = {}

    def get(self, kind, doc_id):
        key = (kind, str(doc_id))
        if key not in self._cache:
            self._cache[key] = self.store.get(kind, doc_id) if doc_id not in (None, "", -1, "-1") else None
        return self._cache[key]

    def prime(self, kind, ids):
        """Read the documents a page will ask for in one statement per 500, not one each."""
        wanted = sorted(set(int(i) for i in ids if i not in (None, "", -1, "-1")) - set(
            int(k[1]) for k in self._cache if k[0] == kind))
        with self.store:
            for start in range(0, len(wanted), 500):
                chunk = wanted[start:start + 500]
                rows = dict(self.store.db.execute(
                    "SELECT id, data FROM docs WHERE kind=? AND id IN (%s)" % ",".join("?" * len(chunk)),
                    [kind] + chunk).fetchall())
                for doc_id in chunk:
                    self._cache[(kind, str(doc_id))] = json.loads(rows[doc_id]) if doc_id in rows else None

    def user(self, name):
        key = ("user-name", name)
        if key not in self._cache:
            self._cache[key] = self.store.find_one("user", name=name) if name else None
        return self._cache[key]

    def version_name(self, version_id):
        if int(version_id) == -1:
            return "Unscheduled"
        version = self.get("version", version_id)
        return version["name"] if version else None


def execution_json(execution, look):
    """One execution as ZAPI answers it (list, get, execute)."""
    e = execution
    issue = look.get("issue", e["issueId"]) or {"key": e.get("issueKey"), "fields": {}}
    fields = issue.get("fields") or {}
    project = look.get("project", e["projectId"]) or {}
    cycle = look.get(CYCLE, e["cycleId"]) if int(e["cycleId"]) != -1 else None
    creator = look.user(e.get("createdBy")) or {}
    executor = look.user(e.get("executedBy")) or {}
    assignee = look.user(e.get("assignee")) or {}
    comment = e.get("comment") or ""
    step_defects = e.get("stepDefectCount", 0)
    out = {
        "id": e["id"], "orderId": e["orderId"], "executionStatus": str(e["executionStatus"]),
        "executedOn": format_datetime(e.get("executedOn")), "executedBy": e.get("executedBy") or "",
        "executedByDisplay": executor.get("displayName") or "", "comment": comment,
        "htmlComment": html.escape(comment).replace("\n", "<br/>"),
        "cycleId": int(e["cycleId"]), "cycleName": cycle["name"] if cycle else "Ad hoc",
        "versionId": int(e["versionId"]), "versionName": look.version_name(e["versionId"]),
        "projectId": int(e["projectId"]), "projectKey": project.get("key"),
        "createdBy": creator.get("key") or e.get("createdBy"), "createdByDisplay": creator.get("displayName"),
        "createdByUserName": e.get("createdBy"), "modifiedBy": e.get("modifiedBy"),
        "createdOn": format_datetime(e.get("createdOn")), "createdOnVal": e.get("createdOn"),
        "issueId": int(e["issueId"]), "issueKey": issue.get("key"), "summary": fields.get("summary"),
        "issueDescription": fields.get("description") or "",
        "label": ",".join(fields.get("labels") or []),
        "component": ",".join(c.get("name", "") for c in fields.get("components") or []),
        "projectAvatarId": 10324, "canViewIssue": True, "customFields": "{}", "assigneeType": e.get("assigneeType"),
        "assignedTo": e.get("assignee") or "", "assignedToDisplay": assignee.get("displayName") or "",
        "assignedToUserName": e.get("assignee") or "",
        "executionDefectCount": len(e.get("defects") or []), "stepDefectCount": step_defects,
        "totalDefectCount": len(e.get("defects") or []) + step_defects,
    }
    if e.get("executedOn"):
        out["executedOnVal"] = e["executedOn"]
    if e.get("folderId"):
        folder = look.get(FOLDER, e["folderId"]) or {}
        out["folderId"] = int(e["folderId"])
        out["folderName"] = folder.get("name")
    return out


def create_executions(store, issues, project_id, version_id, cycle_id, folder_id, who, assignee=None,
                      assignee_type=None):
    """New UNEXECUTED executions (one per issue) with the step results of each Test's steps."""
    ref = exec_ref(project_id, version_id, cycle_id)
    order = store.count(EXECUTION, ref=ref)
    stamp = now_ms()
    docs = []
    for issue in issues:
        order += 1
        docs.append({"issueId": int(issue["id"]), "issueKey": issue["key"], "projectId": int(project_id),
                     "versionId": int(version_id), "cycleId": int(cycle_id),
                     "folderId": int(folder_id) if folder_id else None, "orderId": order,
                     "executionStatus": UNEXECUTED, "comment": "", "defects": [], "executedOn": None,
                     "executedBy": None, "createdBy": who, "modifiedBy": who, "createdOn": stamp,
                     "assignee": assignee, "assigneeType": assignee_type, "stepDefectCount": 0})
    store.insert_many(EXECUTION, docs, ref_of=lambda d: ref)
    results = []
    for doc in docs:
        for step in store.find(STEP, ref=doc["issueId"]):
            results.append(new_step_result(doc, step))
    if results:
        store.insert_many(STEP_RESULT, results, ref_of=lambda r: r["executionId"])
    return docs


def new_step_result(execution, step):
    return {"executionId": int(execution["id"]), "stepId": int(step["id"]), "issueId": int(execution["issueId"]),
            "status": UNEXECUTED, "comment": "", "defects": [], "executedBy": None, "executedOn": None,
            "modifiedBy": None}


def ensure_step_results(store, execution):
    """``expand=checksteps``: step results for steps added after the execution was created."""
    have = set(r["stepId"] for r in store.find(STEP_RESULT, ref=execution["id"]))
    missing = [new_step_result(execution, s) for s in store.find(STEP, ref=execution["issueId"])
               if int(s["id"]) not in have]
    if missing:
        store.insert_many(STEP_RESULT, missing, ref_of=lambda r: r["executionId"])


def delete_executions(store, executions):
    for execution in executions:
        store.delete(EXECUTION, execution["id"])
        store.delete_ref(STEP_RESULT, execution["id"])
        store.delete_ref(ATTACHMENT, "execution:%s" % execution["id"])


def set_status(execution, status, who, stamp=None):
    status = str(status)
    execution["executionStatus"] = status
    if status == UNEXECUTED:
        execution["executedOn"] = None
        execution["executedBy"] = None
    else:
        execution["executedOn"] = stamp or now_ms()
        execution["executedBy"] = who
    execution["modifiedBy"] = who


def folder_executions(store, cycle, folder_id):
    """A cycle's executions in one folder (folder_id) or outside any folder (None)."""
    from tests.emulator.products.zapi import queries  # queries reads this module's names

    return queries.find(store, queries.Filter(ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"]),
                                              folder=folder_id, any_folder=False))


def status_map(statuses):
    return dict((str(s["id"]), {"id": s["id"], "name": s["name"], "description": s["description"],
                                "color": s["color"]}) for s in statuses)
