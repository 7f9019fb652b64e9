"""Xray's state on top of Jira issues, shared by Xray Server/DC and Xray Cloud.

Tests, Test Executions and Test Plans are Jira issues (kind ``issue``); Xray's own fields live in
the issue's custom fields (see fields.py). Xray-only records:

- ``xray_run`` (ref = execution issue id): one Test Run per (execution, test), statuses stored
  with the Server names (PASS, FAIL, TODO, EXECUTING, ABORTED, BLOCKED) and shown as Cloud names
  (PASSED, FAILED, ...) by the Cloud views;
- ``xray_plan_test`` (ref = plan issue id): the Tests of a Test Plan;
- ``xray_step`` (ref = test issue id): a Manual Test's steps.
"""

import datetime
import time

from flask import g, request

from tests.emulator.products import jira
from tests.emulator.products.common import docs_by_field, docs_page, store
from tests.emulator.products.xray_server import fields as F

TEST, EXECUTION, PLAN = "Test", "Test Execution", "Test Plan"

# id, name, description, final, color, requirement status (GET settings/teststatuses)
STATUSES = [
    (1, "PASS", "The test run has passed", True, "#95C160", "OK"),
    (2, "FAIL", "The test run has failed", True, "#D45D52", "NOK"),
    (3, "TODO", "The test run has not started", False, "#A2A6AE", "NOTRUN"),
    (4, "EXECUTING", "The test run is currently being executed", False, "#F1E069", "NOTRUN"),
    (5, "ABORTED", "The test run was aborted", True, "#111111", "NOK"),
    (6, "BLOCKED", "The test run is blocked", True, "#6B778C", "NOK"),
]
SERVER_NAMES = [s[1] for s in STATUSES]
_TO_CLOUD = {"PASS": "PASSED", "FAIL": "FAILED"}
_FROM_CLOUD = {"PASSED": "PASS", "FAILED": "FAIL"}
CLOUD_NAMES = [_TO_CLOUD.get(n, n) for n in SERVER_NAMES]


class XrayError(Exception):
    """A refusal with the product's message; routes answer 400 {"error": message}."""


# -- statuses ------------------------------------------------------------------------------------
def canonical_status(name, flavour):
    """The stored (Server) name of a status given by a client of ``flavour``; XrayError if unknown."""
    if not isinstance(name, str) or not name.strip():
        raise XrayError("Invalid status: %r" % (name,))
    upper = name.strip().upper()
    if flavour == "cloud":
        upper = _FROM_CLOUD.get(upper, upper)  # the Cloud table lists PASSED/PASS, FAILED/FAIL
    if upper not in SERVER_NAMES:
        names = CLOUD_NAMES if flavour == "cloud" else SERVER_NAMES
        raise XrayError("Status '%s' does not exist. Valid statuses: %s" % (name, ", ".join(names)))
    return upper


def shown_status(name, flavour):
    return _TO_CLOUD.get(name, name) if flavour == "cloud" else name


def combine(statuses):
    """Several results of one test: all PASS -> PASS, any FAIL -> FAIL, else TODO."""
    statuses = list(statuses)
    if not statuses:
        return "TODO"
    if "FAIL" in statuses:
        return "FAIL"
    if all(s == statuses[0] for s in statuses):
        return statuses[0]
    return "TODO"


# -- issues --------------------------------------------------------------------------------------
def type_name(issue):
    return ((issue or {}).get("fields", {}).get("issuetype") or {}).get("name")


def preload_keys(keys):
    """Read the issues of ``keys`` in a few statements and keep them for this request: an import looks up
    thousands of keys, and neither one statement per key nor decoding every issue of the instance scales."""
    wanted = set(str(k).strip().upper() for k in keys if str(k or "").strip())
    cache = g.get("xray_key_cache")
    if cache is None:
        cache = g.xray_key_cache = {}
    found = dict((i["key"], i) for i in docs_by_field("issue", "key", wanted - set(cache)))
    for key in wanted:
        cache.setdefault(key, found.get(key))


def _issue_by_key(key):
    """One issue by key: from the request's preloaded keys, else by the indexed lookup."""
    cache = g.get("xray_key_cache")
    if cache is not None and key in cache:
        return cache[key]
    return jira.find_issue(key)


def find_typed(key_or_id, wanted):
    text = str(key_or_id if key_or_id is not None else "").strip()
    if not text:
        return None
    issue = store().get("issue", text) if text.isdigit() else _issue_by_key(text.upper())
    return issue if issue and type_name(issue) == wanted else None


def test_type(issue):
    value = issue["fields"].get(F.TEST_TYPE)
    return (value or {}).get("value") if isinstance(value, dict) else (value or "Manual")


def project_of(issue):
    return store().get("project", issue["projectId"])


def issue_ref(issue):
    return jira.created_json(issue)


def issue_type_doc(name):
    itype = store().find_one("issuetype", name=name)
    return {"id": str(itype["id"]), "name": itype["name"]}


def now_iso():
    return datetime.datetime.now(datetime.timezone.utc).astimezone().isoformat(timespec="seconds")


class IssueMaker:
    """Creates issues like POST /rest/api/2/issue, with the key counter looked up once per request."""

    def __init__(self):
        self.started = {}

    def _start(self, proj):
        key = proj["key"]
        if key not in self.started:
            # as jira.create_issue_doc: the project's keys are scanned only before its first new issue
            known = store().db.execute("SELECT 1 FROM seq WHERE kind=?", ("issuekey:%s" % key,)).fetchone()
            self.started[key] = 1 if known else jira._first_free_number(proj)  # pylint: disable=protected-access
        return self.started[key]

    @staticmethod
    def _doc(proj, fields, number):
        clean = {"description": "", "labels": [], "components": [], "priority": {"name": "Medium"},
                 "fixVersions": [], "status": {"name": "Open"}}
        clean.update(fields)
        return {"key": "%s-%d" % (proj["key"], number), "projectId": proj["id"], "fields": clean}

    def _remember(self, issues):
        cache = g.get("xray_key_cache")
        if cache is not None:
            for issue in issues:
                cache[issue["key"]] = issue

    def create(self, proj, fields):
        number = store().next_id("issuekey:%s" % proj["key"], start=self._start(proj))
        issue = store().insert("issue", self._doc(proj, fields, number), ref=proj["id"], start=20000)
        self._remember([issue])
        return issue

    def create_many(self, items):
        """create() for each (project, fields), in a few statements: the same keys and ids, in order."""
        counts = {}
        for proj, _fields in items:
            counts[proj["key"]] = counts.get(proj["key"], 0) + 1
        numbers = {}
        for proj, _fields in items:
            if proj["key"] not in numbers:
                numbers[proj["key"]] = store().reserve_ids("issuekey:%s" % proj["key"], counts[proj["key"]],
                                                           start=self._start(proj))
        first = store().reserve_ids("issue", len(items), start=20000)
        issues = []
        for offset, (proj, fields) in enumerate(items):
            issue = self._doc(proj, fields, numbers[proj["key"]])
            numbers[proj["key"]] += 1
            issue["id"] = first + offset
            issues.append(issue)
        store().insert_many("issue", issues, ref_of=lambda i: i["projectId"])
        self._remember(issues)
        return issues


def update_fields(issue, changes):
    issue["fields"].update(changes)
    store().update("issue", issue)
    return issue


# -- runs ----------------------------------------------------------------------------------------
def runs_of(execution):
    return sorted(store().find("xray_run", ref=execution["id"]), key=lambda r: r["rank"])


def runs_page(execution, start, limit):
    """runs_of(execution)[start:start + limit] without reading the other runs. add_tests (the only place
    runs are made) hands out ranks in id order, so id order is rank order."""
    return docs_page("xray_run", execution["id"], start, limit)


def run_count(execution):
    return store().count("xray_run", ref=execution["id"])


def run_for(execution, test):
    for run in store().find("xray_run", ref=execution["id"]):
        if int(run["testId"]) == int(test["id"]):
            return run
    return None


def get_run(run_id):
    """A run by its Server id (integer) or its Cloud id (24 hex digits)."""
    text = str(run_id or "")
    if len(text) == 24:
        try:
            return store().get("xray_run", int(text, 16))
        except ValueError:
            return None
    return store().get("xray_run", text) if text.isdigit() else None


def cloud_run_id(run):
    return "%024x" % int(run["id"])


def new_run(execution, test, rank):
    return {"execId": execution["id"], "testId": test["id"], "testKey": test["key"], "rank": rank,
            "status": "TODO", "comment": "", "defects": [], "evidences": [], "assignee": None,
            "executedBy": None, "startedOn": None, "finishedOn": None, "examples": [], "steps": [],
            "customFields": []}


def add_tests(execution, tests):
    """Tests not yet in the execution get a TODO run; returns {test id: run}."""
    existing = dict((int(r["testId"]), r) for r in runs_of(execution))
    rank = max([r["rank"] for r in existing.values()] or [0])
    fresh = []
    for test in tests:
        if int(test["id"]) in existing:
            continue
        rank += 1
        run = new_run(execution, test, rank)
        fresh.append(run)
        existing[int(test["id"])] = run
    if fresh:
        store().insert_many("xray_run", fresh, ref_of=lambda r: r["execId"], start=100)
    return existing


def remove_test(execution, test):
    run = run_for(execution, test)
    if run:
        store().delete("xray_run", run["id"])
    return run is not None


def current_user_name():
    user = g.get("user")
    return user["name"] if user else None


def add_evidence(run, evidence):
    """Evidence as {data (base64), filename, contentType}; stored with the Server's attachment fields."""
    import base64

    data = "".join(str(evidence.get("data") or "").split())
    try:
        size = len(base64.b64decode(data, validate=True))
    except (ValueError, TypeError):
        raise XrayError("Evidence '%s' has invalid base64 data" % evidence.get("filename"))
    if not evidence.get("filename"):
        raise XrayError("Evidence must have a filename")
    attachment_id = store().next_id("xray_attachment", start=500)
    run["evidences"].append({"id": attachment_id, "fileName": evidence["filename"], "fileSize": size,
                             "contentType": evidence.get("contentType") or "application/octet-stream",
                             "created": now_iso(), "author": current_user_name(),
                             "fileURL": request.host_url.rstrip("/") + "/secure/attachment/%d/%s"
                             % (attachment_id, evidence["filename"])})


def set_status(run, status):
    run["status"] = status
    stamp = now_iso()
    if status in ("TODO",):
        run["startedOn"] = run["finishedOn"] = None
        run["executedBy"] = None
        return
    run["startedOn"] = run.get("startedOn") or stamp
    run["executedBy"] = current_user_name()
    final = [s[1] for s in STATUSES if s[3]]
    run["finishedOn"] = stamp if status in final else None


# -- plans ---------------------------------------------------------------------------------------
def plan_tests(plan):
    return store().find("xray_plan_test", ref=plan["id"])


def add_plan_tests(plan, tests):
    have = set(int(p["testId"]) for p in plan_tests(plan))
    fresh = []
    for test in tests:
        if int(test["id"]) not in have:
            have.add(int(test["id"]))
            fresh.append({"planId": plan["id"], "testId": test["id"], "testKey": test["key"]})
    if fresh:
        store().insert_many("xray_plan_test", fresh, ref_of=lambda p: p["planId"])
    return len(fresh)


def remove_plan_test(plan, test):
    for entry in plan_tests(plan):
        if int(entry["testId"]) == int(test["id"]):
            store().delete("xray_plan_test", entry["id"])
            return True
    return False


def plan_executions(plan):
    return [i for i in store().find("issue", ref=plan["projectId"])
            if type_name(i) == EXECUTION and plan["key"] in (i["fields"].get(F.TEST_PLANS) or [])]


def link_plan(plan, execution):
    keys = list(execution["fields"].get(F.TEST_PLANS) or [])
    if plan["key"] in keys:
        return False
    keys.append(plan["key"])
    update_fields(execution, {F.TEST_PLANS: keys})
    return True


def unlink_plan(plan, execution):
    keys = list(execution["fields"].get(F.TEST_PLANS) or [])
    if plan["key"] not in keys:
        return False
    keys.remove(plan["key"])
    update_fields(execution, {F.TEST_PLANS: keys})
    return True


# -- steps ---------------------------------------------------------------------------------------
def steps_of(test):
    return sorted(store().find("xray_step", ref=test["id"]), key=lambda s: s["index"])


def on_issue_deleted(issue):
    """Jira deleted an issue: its runs, plan entries and steps go with it."""
    kind = type_name(issue)
    if kind == EXECUTION:
        store().delete_ref("xray_run", issue["id"])
    elif kind == PLAN:
        store().delete_ref("xray_plan_test", issue["id"])
    elif kind == TEST:
        store().delete_ref("xray_step", issue["id"])
        for run in store().find("xray_run", testId=issue["id"]):
            store().delete("xray_run", run["id"])
        for entry in store().find("xray_plan_test", testId=issue["id"]):
            store().delete("xray_plan_test", entry["id"])


def timestamp_ms():
    return int(time.time() * 1000)
