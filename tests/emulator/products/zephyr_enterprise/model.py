"""Zephyr Enterprise records in the store and their JSON shapes, shared by the routes and the
automation runner (which does server-side what a client would do over the API)."""

import json

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    ANYONE,
    CYCLE,
    PHASE,
    PREFERENCE,
    PROJECT,
    RELEASE,
    RTS,
    STEPS,
    TCT,
    TESTCASE,
    TREE,
    day_to_ms,
    error,
    format_us,
    ident,
    ms_to_day,
    now_ms,
)

STATUS_LOV = "testresult.testresultStatus.LOV"
STEP_STATUS_LOV = "testresult.teststepresultStatus.LOV"
ENVIRONMENT_PREF = "cycle.environment.enabled"
NOT_EXECUTED = "10"
DEFAULT_STATUSES = [
    {"id": 1, "value": "Pass", "color": "#009900", "description": "Pass", "isSystem": True, "active": True},
    {"id": 2, "value": "Fail", "color": "#cc3300", "description": "Fail", "isSystem": True, "active": True},
    {"id": 3, "value": "WIP", "color": "#ff9900", "description": "Work in progress", "isSystem": True,
     "active": True},
    {"id": 4, "value": "Blocked", "color": "#0066cc", "description": "Blocked", "isSystem": True, "active": True},
    {"id": 10, "value": "Not Executed", "color": "#a0a0a0", "description": "Not Executed", "isSystem": True,
     "active": True},
]


# -- users -------------------------------------------------------------------------------------------
def user_json(doc):
    first, _sep, last = (doc.get("displayName") or doc["name"]).partition(" ")
    return {"id": int(doc["id"]), "username": doc["name"], "firstName": first, "lastName": last,
            "email": doc.get("emailAddress"), "title": "", "type": "ZEPHYR", "accountEnabled": True,
            "credentialsExpired": False, "roles": [{"id": 1, "name": "System Administrator"}]}


def user_by_id(value):
    doc = store().get("user", ident(value))
    return doc


# -- projects and releases ---------------------------------------------------------------------------
def project_json(doc, lite=False):
    out = {"id": doc["id"], "name": doc["name"], "shortName": doc.get("shortName") or doc["name"][:6],
           "description": doc.get("description") or "", "startDate": doc.get("startDate"),
           "endDate": doc.get("endDate"), "globalProject": False, "status": 2}
    if not lite:
        out["members"] = [{"userId": u["id"], "username": u["name"]} for u in store().find("user")
                          if doc.get("members") is None or u["name"] in doc["members"]]
    return out


def can_see(project, who):
    return project.get("members") is None or who["name"] in project["members"]


def project_for(value, who, label="Project"):
    """A project by id: 400 when unknown, 403 when the caller is not a member."""
    project = store().get(PROJECT, ident(value)) if ident(value) is not None else None
    if project is None:
        error(400, "%s with id %s does not exist." % (label, value))
    if not can_see(project, who):
        error(403, "User %s has no permission on project %s." % (who["name"], project["name"]))
    return project


def release_json(doc):
    start, end = ms_to_day(doc.get("startDate")), ms_to_day(doc.get("endDate"))
    return {"id": doc["id"], "name": doc["name"], "description": doc.get("description") or "",
            "projectId": doc["projectId"], "startDate": doc.get("startDate"), "endDate": doc.get("endDate"),
            "releaseStartDate": format_us(start), "releaseEndDate": format_us(end), "status": 0,
            "globalRelease": False, "orderId": doc["id"], "hasChild": False, "syncEnabled": False}


def release_for(value, who):
    release = store().get(RELEASE, ident(value)) if ident(value) is not None else None
    if release is None:
        error(400, "Release with id %s does not exist." % (value,))
    project_for(release["projectId"], who)
    return release


# -- preferences -------------------------------------------------------------------------------------
def preference(name):
    doc = store().find_one(PREFERENCE, name=name)
    return doc["value"] if doc else None


def statuses():
    """Execution statuses {id string: record} from the customisable LOV preference."""
    try:
        rows = json.loads(preference(STATUS_LOV) or "[]")
    except ValueError:
        rows = DEFAULT_STATUSES
    return dict((str(r["id"]), r) for r in rows)


def check_status(value):
    wanted = str(value).strip() if value is not None else ""
    record = statuses().get(wanted)
    if not record or not record.get("active", True):
        error(400, "No active testcase execution status with id %s." % (json.dumps(value),))
    return wanted


def environment_required():
    return str(preference(ENVIRONMENT_PREF)).lower() == "true"


# -- cycles and phases -------------------------------------------------------------------------------
def phase_json(doc):
    start, end = ms_to_day(doc.get("startDate")), ms_to_day(doc.get("endDate"))
    return {"id": doc["id"], "name": doc["name"], "description": doc.get("description") or "",
            "cycleId": doc["cycleId"], "releaseId": doc["releaseId"], "tcrCatalogTreeId": doc["tcrCatalogTreeId"],
            "freeForm": doc["freeForm"], "startDate": doc.get("startDate"), "endDate": doc.get("endDate"),
            "phaseStartDate": format_us(start), "phaseEndDate": format_us(end), "status": 0, "revision": 0,
            "createdOn": doc.get("createdOn")}


def cycle_json(doc):
    start, end = ms_to_day(doc.get("startDate")), ms_to_day(doc.get("endDate"))
    return {"id": doc["id"], "name": doc["name"], "description": doc.get("description") or "",
            "build": doc.get("build") or "", "environment": doc.get("environment") or "",
            "releaseId": doc["releaseId"], "status": doc.get("status", 0), "revision": 0,
            "startDate": doc.get("startDate"), "endDate": doc.get("endDate"),
            "cycleStartDate": format_us(start), "cycleEndDate": format_us(end), "createdOn": doc.get("createdOn"),
            "createdBy": doc.get("createdBy"),
            "cyclePhases": [phase_json(p) for p in store().find(PHASE, ref=doc["id"])]}


def create_cycle(release, name, who, start=None, end=None, build="", environment="", description=""):
    return store().insert(CYCLE, {
        "name": name, "description": description or "", "build": build or "", "environment": environment or "",
        "releaseId": release["id"], "projectId": release["projectId"], "status": 0,
        "startDate": day_to_ms(start) if start else None, "endDate": day_to_ms(end) if end else None,
        "createdOn": now_ms(), "createdBy": who["id"]}, ref=release["id"])


def create_phase(cycle, name, who, tree_id=None, start=None, end=None, description=""):
    """A free-form phase (no ``tree_id``) gets its own hidden tree node; otherwise the phase mirrors
    the repository folder and plans every test case below it."""
    free_form = tree_id is None
    if free_form:
        node = create_node(store().get(RELEASE, cycle["releaseId"]), None, name, "Phase", who, hidden=True)
        tree_id = node["id"]
    phase = store().insert(PHASE, {
        "name": name, "description": description or "", "cycleId": cycle["id"], "releaseId": cycle["releaseId"],
        "projectId": cycle["projectId"], "tcrCatalogTreeId": tree_id, "freeForm": free_form,
        "createdOn": now_ms(), "createdBy": who["id"],
        "startDate": day_to_ms(start) if start else cycle.get("startDate"),
        "endDate": day_to_ms(end) if end else cycle.get("endDate"),
        "plan": [] if free_form else [t["id"] for t in tcts_below(tree_id)]}, ref=cycle["id"])
    return phase


def delete_phase(phase):
    store().delete_ref(RTS, phase["id"])
    if phase["freeForm"]:
        store().delete(TREE, phase["tcrCatalogTreeId"])
    store().delete(PHASE, phase["id"])


def delete_cycle(cycle):
    for phase in store().find(PHASE, ref=cycle["id"]):
        delete_phase(phase)
    store().delete(CYCLE, cycle["id"])


# -- repository tree ---------------------------------------------------------------------------------
def node_json(doc, deep=True):
    children = list(store().find(TREE, ref="p%s" % doc["id"]))
    out = {"id": doc["id"], "name": doc["name"], "description": doc.get("description") or "",
           "type": doc["type"], "releaseId": doc["releaseId"], "parentId": doc.get("parentId") or 0, "revision": 0,
           "linkedTCRCatalogTreeId": None, "createdOn": doc.get("createdOn"),
           "testcaseCount": store().count(TCT, ref=doc["id"])}
    out["categories"] = [node_json(c) for c in children] if deep else []
    out["hasChild"] = bool(children)
    return out


def tree_ref(release_id, parent_id):
    # roots are found by release ("r<id>"), children by parent ("p<id>")
    return "p%s" % parent_id if parent_id else "r%s" % release_id


def create_node(release, parent, name, node_type, who, description="", hidden=False):
    return store().insert(TREE, {
        "name": name, "description": description or "", "type": node_type, "releaseId": release["id"],
        "projectId": release["projectId"], "parentId": parent["id"] if parent else 0, "hidden": hidden,
        "createdOn": now_ms(), "createdBy": who["id"]}, ref=tree_ref(release["id"], parent["id"] if parent else 0))


def roots(release_id):
    return [n for n in store().find(TREE, ref=tree_ref(release_id, 0)) if not n.get("hidden")]


def children(node_id):
    return store().find(TREE, ref="p%s" % node_id)


def subtree_ids(node_id):
    ids, todo = [], [int(node_id)]
    while todo:
        current = todo.pop(0)
        ids.append(current)
        todo.extend(c["id"] for c in children(current))
    return ids


def tcts_below(node_id):
    return [t for tree in subtree_ids(node_id) for t in store().find(TCT, ref=tree)]


def delete_node(node):
    for node_id in reversed(subtree_ids(node["id"])):
        for tct in store().find(TCT, ref=node_id):
            delete_tct(tct)
        store().delete(TREE, node_id)


def folder_by_path(release, path, who, create=False):
    """A repository folder by names joined with `` > `` (a leading release name is skipped)."""
    names = [p.strip() for p in str(path).split(">") if p.strip()]
    if len(names) > 1 and names[0] == release["name"]:
        names = names[1:]
    parent, node = None, None
    for name in names:
        siblings = roots(release["id"]) if parent is None else children(parent["id"])
        node = next((n for n in siblings if n["name"] == name), None)
        if node is None:
            if not create:
                return None
            node = create_node(release, parent, name, "Phase" if parent is None else "Module", who)
        parent = node
    return node


def node_path(node):
    names = []
    while node:
        names.insert(0, node["name"])
        node = store().get(TREE, node["parentId"]) if node.get("parentId") else None
    return " > ".join(names)


# -- test cases --------------------------------------------------------------------------------------
def testcase_json(tcv):
    out = dict((k, v) for k, v in tcv.items() if k not in ("ref",))
    out.setdefault("customProperties", {})
    out.setdefault("requirementIds", [])
    return out


def tct_json(tct):
    tcv = store().get(TESTCASE, tct["testcaseVersionId"])
    return {"id": tct["id"], "tcrCatalogTreeId": tct["tcrCatalogTreeId"], "revision": 0, "stateFlag": 0,
            "orderId": tct.get("orderId", tct["id"]), "versionNumber": tcv.get("versionNumber", 1),
            "lastModifiedOn": tcv.get("lastModifiedOn"), "testcase": testcase_json(tcv)}


TESTCASE_FIELDS = ("name", "description", "automated", "scriptName", "scriptPath", "scriptId", "tag", "comments",
                   "priority", "estimatedTime", "externalId", "customProperties")


def _testcase_version(release, fields, who):
    return {"name": fields["name"], "description": fields.get("description") or "", "projectId": release["projectId"],
            "releaseId": release["id"], "automated": bool(fields.get("automated")),
            "automatedDefault": bool(fields.get("automated")), "scriptName": fields.get("scriptName") or "",
            "tag": fields.get("tag") or "", "comments": fields.get("comments") or "",
            "priority": str(fields.get("priority") or "3"), "customProperties": fields.get("customProperties") or {},
            "versionNumber": 1, "creationDate": now_ms(), "createDatetime": now_ms(), "lastModifiedOn": now_ms(),
            "writerId": who["id"], "lastUpdaterId": who["id"], "estimatedTime": fields.get("estimatedTime") or 600,
            "requirementIds": []}


def create_testcase(release, folder, fields, who):
    """A test case version plus its link into ``folder``; -> the tct record."""
    tcv = store().insert(TESTCASE, _testcase_version(release, fields, who))
    tcv["testcaseId"] = tcv["id"]
    store().update(TESTCASE, tcv)
    tct = store().insert(TCT, {"tcrCatalogTreeId": folder["id"], "testcaseVersionId": tcv["id"]}, ref=folder["id"])
    tct["orderId"] = tct["id"]
    store().update(TCT, tct)
    steps = fields.get("testSteps")
    if isinstance(steps, dict) and steps.get("steps"):
        save_steps(tcv, tct, steps["steps"])
    return tct


def create_testcases(release, wanted, who):
    """create_testcase for many (folder, fields) without steps, in a few statements: the same records and
    ids as one call each would make; -> the tct records in order."""
    tcvs, tcts = [], []
    tcv_id = store().reserve_ids(TESTCASE, len(wanted))
    tct_id = store().reserve_ids(TCT, len(wanted))
    for offset, (folder, fields) in enumerate(wanted):
        tcv = _testcase_version(release, fields, who)
        tcv["id"] = tcv["testcaseId"] = tcv_id + offset
        tct = {"tcrCatalogTreeId": folder["id"], "testcaseVersionId": tcv["id"], "id": tct_id + offset}
        tct["orderId"] = tct["id"]
        tcvs.append(tcv)
        tcts.append(tct)
    store().insert_many(TESTCASE, tcvs)
    store().insert_many(TCT, tcts, ref_of=lambda t: t["tcrCatalogTreeId"])
    return tcts


def update_testcase(tcv, data, who):
    for field in TESTCASE_FIELDS:
        if field in data and data[field] is not None:
            tcv[field] = data[field]
    tcv["lastModifiedOn"] = now_ms()
    tcv["lastUpdaterId"] = who["id"]
    store().update(TESTCASE, tcv)
    return tcv


def delete_tct(tct):
    store().delete_ref(STEPS, tct["testcaseVersionId"])
    for rts in store().find(RTS, tctId=tct["id"]):
        store().delete(RTS, rts["id"])
    store().delete(TCT, tct["id"])
    if not store().find(TCT, testcaseVersionId=tct["testcaseVersionId"]):
        store().delete(TESTCASE, tct["testcaseVersionId"])


def steps_json(tcv, tct_id):
    doc = store().find_one(STEPS, ref=tcv["id"])
    if not doc:
        return {"id": None, "maxId": 0, "tcId": tcv["id"], "tctId": tct_id, "steps": []}
    return {"id": doc["id"], "maxId": doc["maxId"], "tcId": tcv["id"], "tctId": tct_id, "steps": doc["steps"]}


def save_steps(tcv, tct, steps):
    """Replace the steps (ids kept where sent, new ones numbered after maxId)."""
    doc = store().find_one(STEPS, ref=tcv["id"]) or {"maxId": 0, "steps": []}
    known = set(s["id"] for s in doc["steps"])
    out = []
    for order, step in enumerate(steps, start=1):
        if not isinstance(step, dict):
            error(400, "Each test step must be an object.")
        sid = ident(step.get("id"))
        if sid is None or sid not in known:
            doc["maxId"] += 1
            sid = doc["maxId"]
        out.append({"id": sid, "localId": sid, "orderId": order, "step": step.get("step") or "",
                    "data": step.get("data") or "", "result": step.get("result") or ""})
    doc["steps"] = out
    if doc.get("id"):
        store().update(STEPS, doc)
    else:
        store().insert(STEPS, doc, ref=tcv["id"])
    return steps_json(tcv, tct["id"] if tct else None)


# -- executions --------------------------------------------------------------------------------------
def rts_json(doc):
    tct = store().get(TCT, doc["tctId"])
    return {"id": doc["id"], "cyclePhaseId": doc["cyclePhaseId"], "releaseId": doc.get("releaseId"),
            "testerId": doc.get("testerId"), "status": doc["status"], "notes": doc.get("notes") or "",
            "actualTime": doc.get("actualTime"), "assignmentDate": doc.get("assignmentDate"),
            "executedOn": doc.get("executedOn"), "changedOn": doc.get("changedOn"), "changeBy": doc.get("changeBy"),
            "defects": doc.get("defects") or [],
            "tcrTreeTestcase": tct_json(tct) if tct else None, "lastTestResult": doc.get("lastTestResult")}


def phase_rts_index(phase):
    """{tct id: execution} of a phase, read once: callers creating thousands pass it to create_rts."""
    index = {}
    for rts in store().find(RTS, ref=phase["id"]):
        index.setdefault(int(rts["tctId"]), rts)
    return index


def create_rts(phase, tct_id, tester_id, who, index=None):
    """The phase's execution of ``tct_id`` (created, or its tester updated); ``index`` (phase_rts_index)
    replaces the per-call scan of the phase's executions and is kept up to date."""
    if index is None:
        existing = store().find_one(RTS, ref=phase["id"], tctId=tct_id)
    else:
        existing = index.get(int(tct_id))
    if existing:
        if tester_id is not None and existing.get("testerId") != tester_id:
            existing["testerId"] = tester_id
            store().update(RTS, existing)
        return existing
    rts = store().insert(RTS, new_rts(phase, tct_id, tester_id, who), ref=phase["id"])
    if index is not None:
        index[int(tct_id)] = rts
    return rts


def new_rts(phase, tct_id, tester_id, who):
    """A new (not executed) execution record, not yet stored."""
    return {"cyclePhaseId": phase["id"], "releaseId": phase["releaseId"], "tctId": int(tct_id),
            "testerId": ANYONE if tester_id is None else tester_id, "status": NOT_EXECUTED,
            "lastTestResult": None, "assignmentDate": now_ms(), "changeBy": who["id"]}


def execute(rts, status, tester_id, who, notes=None, executed_on=None, actual_time=None):
    apply_result(rts, status, tester_id, who, notes, executed_on, actual_time)
    store().update(RTS, rts)
    return rts


def apply_result(rts, status, tester_id, who, notes=None, executed_on=None, actual_time=None):
    """execute() without the write (bulk writers store many at once)."""
    when = executed_on or now_ms()
    rts["status"] = status
    if tester_id is not None:
        rts["testerId"] = tester_id
    if notes is not None:
        rts["notes"] = notes
    if actual_time is not None:
        rts["actualTime"] = actual_time
    rts.update({"executedOn": when, "changedOn": now_ms(), "changeBy": who["id"]})
    rts["lastTestResult"] = {"id": rts["id"], "releaseTestScheduleId": rts["id"], "executionStatus": status,
                             "executionDate": when, "testerId": rts.get("testerId"),
                             "executedBy": who["id"], "notes": rts.get("notes") or ""}
    return rts
