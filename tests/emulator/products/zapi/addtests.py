"""POST execution/addTestsToCycle: method 1 (issue keys or ids), 2 (a Jira saved filter), 3 (the
tests of another cycle/folder). An asynchronous job: tests already in the cycle/folder are reported
``existing`` and never duplicated; the finished job's message lists what happened, <br/>-separated."""

from flask import current_app

from tests.emulator.products import jira
from tests.emulator.products.common import body_json, docs_by_field, docs_by_id, store
from tests.emulator.products.zapi import queries
from tests.emulator.products.zapi.common import error, field_error, ident, route, start_job, user
from tests.emulator.products.zapi.executions import resolve_cycle, resolve_folder
from tests.emulator.products.zapi.model import CYCLE, create_executions, exec_ref, folder_executions, is_test


def _issue_refs(value):
    if isinstance(value, str):
        value = value.split(",")
    return [str(v).strip() for v in value or [] if str(v).strip()]


def _saved_filter(search_id):
    if search_id in (None, ""):
        error(400, "No Saved search selected, please select a saved search and try again.")
    found = store().get("filter", ident(search_id))
    if not found:
        error(400, "Saved search %s does not exist or is not shared with you." % search_id)
    return found


def _source(data):
    """Method 3: the executions of the source cycle (and folder), filtered as asked."""
    from_cycle = store().get(CYCLE, ident(data.get("fromCycleId"))) if ident(data.get("fromCycleId")) else None
    if not from_cycle:
        field_error(400, "Invalid Cycle", "Cycle %s to add tests from is not valid." % data.get("fromCycleId"))
    folder_id = ident(data.get("fromFolderId"))
    if folder_id not in (None, -1):
        resolve_folder(from_cycle, folder_id)
    return from_cycle, (folder_id if folder_id not in (None, -1) else None)


def _method3_issues(s, data, from_cycle, folder_id):
    statuses = set(str(x) for x in _issue_refs(data.get("statuses")))
    labels = set(_issue_refs(data.get("labels")))
    components = set(_issue_refs(data.get("components")))
    priorities = set(_issue_refs(data.get("priorities")))
    has_defects = data.get("hasDefects") in (True, "true")
    out = []
    for execution in folder_executions(s, from_cycle, folder_id):
        if statuses and str(execution["executionStatus"]) not in statuses:
            continue
        if has_defects and not execution.get("defects"):
            continue
        issue = s.get("issue", execution["issueId"])
        if not issue:
            continue
        fields = issue["fields"]
        if labels and not labels & set(fields.get("labels") or []):
            continue
        if components and not components & set(c.get("name") for c in fields.get("components") or []):
            continue
        if priorities and (fields.get("priority") or {}).get("name") not in priorities:
            continue
        out.append(issue["key"])
    return out


@route("/execution/addTestsToCycle", methods=["POST"])
def add_tests_to_cycle():
    who = user()
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Invalid JSON in the request body.")
    method = str(data.get("method", "")).strip()
    if method not in ("1", "2", "3"):
        field_error(400, "Invalid method type", "Method %r is not valid; use 1, 2 or 3." % data.get("method"))
    project = store().get("project", ident(data.get("projectId"))) if ident(data.get("projectId")) else None
    if not project:
        field_error(400, "Invalid Project", "Project %s is not valid." % data.get("projectId"))
    if data.get("cycleId") in (None, ""):
        field_error(400, "Invalid Cycle", "Cycle Id is required.")
    version_id = ident(data.get("versionId") if data.get("versionId") not in (None, "") else -1)
    cycle = resolve_cycle(project, version_id, data["cycleId"])
    if int(cycle["id"]) != -1:
        version_id = int(cycle["versionId"])  # the cycle's own version overrides versionId
    folder = resolve_folder(cycle, data.get("folderId")) if int(cycle["id"]) != -1 else None
    refs = saved = source = None
    if method == "1":
        refs = _issue_refs(data.get("issues"))
        if not refs:
            field_error(400, "Invalid Issue", "Please provide at least one issue.")
    elif method == "2":
        saved = _saved_filter(data.get("searchId"))
    else:
        source = _source(data)
    assignee = data.get("assignee") if data.get("assigneeType") == "assignee" else None
    if data.get("assigneeType") == "currentUser":
        assignee = who["name"]

    # One add at a time per cycle/folder: a second one ends with errorMessage and adds nothing.
    busy = current_app.config.setdefault("ZAPI_BUSY", set())
    target = (int(cycle["id"]), folder["id"] if folder else None)
    if target in busy:
        return start_job("add_tests_to_cycle_job_progress", lambda s: (
            "", "Add tests to %s is already in progress, please try again later." % cycle["name"]))
    busy.add(target)

    def work(s):
        try:
            return _work(s)
        finally:
            busy.discard(target)

    def _work(s):
        if method == "2":
            wanted = [i["key"] for i in jira.run_jql(saved["jql"])]
        elif method == "3":
            wanted = _method3_issues(s, data, *source)
        else:
            wanted = refs
        return add(s, project, version_id, cycle, folder, wanted, who["name"], assignee, data.get("assigneeType"))

    return start_job("add_tests_to_cycle_job_progress", work)


def _plain_id(ref):
    """An id as the issue's own id reads ("20001", not "020001")."""
    return ref.isascii() and ref.isdigit() and str(int(ref)) == ref


def add(s, project, version_id, cycle, folder, refs, who, assignee, assignee_type):
    """Sort the references into existing / added / invalid / not a Test / other project."""
    # only the referenced issues are read (by key through the index, by id), not every issue
    by_key = dict((i["key"], i) for i in docs_by_field("issue", "key", [ref.upper() for ref in refs]))
    by_id = dict((str(i), doc) for i, doc in docs_by_id("issue", [r for r in refs if _plain_id(r)]).items())
    if int(cycle["id"]) == -1:
        present = set()
    else:
        present = queries.issue_ids(s, queries.Filter(
            ref=exec_ref(cycle["projectId"], cycle["versionId"], cycle["id"]),
            folder=folder["id"] if folder else None, any_folder=False))
    buckets = dict((name, []) for name in ("existing", "success", "invalid", "issuetypeinvalid", "mismatch"))
    new = []
    for ref in refs:
        issue = by_key.get(ref.upper()) or by_id.get(ref)
        if issue is None:
            buckets["invalid"].append(ref)
        elif not is_test(issue):
            buckets["issuetypeinvalid"].append(issue["key"])
        elif int(issue["projectId"]) != int(project["id"]):
            buckets["mismatch"].append(issue["key"])
        elif int(issue["id"]) in present:
            buckets["existing"].append(issue["key"])
        else:
            present.add(int(issue["id"]))
            buckets["success"].append(issue["key"])
            new.append(issue)
    if new:
        create_executions(s, new, project["id"], version_id, cycle["id"], folder["id"] if folder else None, who,
                          assignee, assignee_type)
    where = "folder" if folder else "cycle"
    lines = [
        "Tests already present in the %s: %s" % (where, ",".join(buckets["existing"]) or "-"),
        "Tests added to the %s successfully: %s" % (where, ",".join(buckets["success"]) or "-"),
        "Invalid issues: %s" % (",".join(buckets["invalid"]) or "-"),
        "Issues that are not Tests: %s" % (",".join(buckets["issuetypeinvalid"]) or "-"),
        "Tests of another project: %s" % (",".join(buckets["mismatch"]) or "-"),
    ]
    return "<br/>".join(lines), ""
