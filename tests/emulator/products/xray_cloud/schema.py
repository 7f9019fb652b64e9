"""Xray Cloud's GraphQL types and operations over the shared Xray model.

Relations use Jira issue ids (strings), Test Run ids are 24 hex digits, statuses use the Cloud
names (PASSED, FAILED, TODO, EXECUTING, ...). Connections need ``limit`` (1-100); JQL arguments
may match at most 100 issues. Mutations check everything before they write.
"""

from tests.emulator.products import jira, jql
from tests.emulator.products import jira as jira_issues  # for resolvers whose ``jira`` argument hides it
from tests.emulator.products.common import store
from tests.emulator.products.xray_cloud.graphql import GraphQLError
from tests.emulator.products.xray_server import fields as F
from tests.emulator.products.xray_server import importer, model
from tests.emulator.products.xray_server.model import EXECUTION, PLAN, TEST, XrayError

MAX_LIMIT = 100
MAX_JQL = 100


# -- helpers -------------------------------------------------------------------------------------
def _page(typename, items, limit, start, build):
    if not isinstance(limit, int) or limit < 1 or limit > MAX_LIMIT:
        raise GraphQLError("The limit must be between 1 and %d." % MAX_LIMIT)
    start = start or 0
    if not isinstance(start, int) or start < 0:
        raise GraphQLError("The start must be a positive number.")
    return {"__typename": typename, "total": len(items), "start": start, "limit": limit,
            "results": [build(item) for item in items[start:start + limit]]}


def _ids(values, name):
    if values is None:
        return None
    if not isinstance(values, list):
        values = [values]
    out = []
    for value in values:
        if not str(value).isdigit():
            raise GraphQLError("%s must hold issue ids (numbers as strings), got %r" % (name, value))
        out.append(str(value))
    return out


def _issue(issue_id, wanted):
    issue = store().get("issue", issue_id) if str(issue_id or "").isdigit() else None
    return issue if issue is not None and model.type_name(issue) == wanted else None


def _need(issue_id, wanted, label):
    issue = _issue(issue_id, wanted)
    if issue is None:
        raise GraphQLError("%s with id %s was not found!" % (label, issue_id))
    return issue


def _search(kind, jql_text=None, issue_ids=None, project_id=None):
    if jql_text:
        try:
            predicate, _order = jql.parse(jql_text)
        except jql.JqlError as exc:
            raise GraphQLError("Error executing the JQL: %s" % exc)
        ctx = {"projects": dict((str(p["id"]), p) for p in store().find("project"))}
        found = [i for i in jira_issues.candidates(predicate) if model.type_name(i) == kind and predicate(i, ctx)]
        if len(found) > MAX_JQL:
            raise GraphQLError("The JQL returned more than %d issues. Please refine your JQL search." % MAX_JQL)
    else:
        found = [i for i in store().find("issue") if model.type_name(i) == kind]
    if issue_ids is not None:
        wanted = set(_ids(issue_ids, "issueIds"))
        found = [i for i in found if str(i["id"]) in wanted]
    if project_id is not None:
        project = jira.find_project(str(project_id))
        found = [i for i in found if project and int(i["projectId"]) == int(project["id"])]
    return found


def _jira(issue):
    def resolve(fields=None):
        data = jira.issue_json(issue)["fields"]
        out = {"key": issue["key"]}
        for name in fields or []:
            if name == "id":
                out["id"] = str(issue["id"])
            elif name in data:
                out[name] = data[name]
        return out
    return resolve


def status_obj(name):
    for _sid, server_name, text, final, color, _req in model.STATUSES:
        if server_name == name:
            return {"__typename": "Status", "name": model.shown_status(name, "cloud"), "description": text,
                    "final": final, "color": color}
    return {"__typename": "Status", "name": name, "description": "", "final": False, "color": "#000000"}


# -- types ---------------------------------------------------------------------------------------
def _test_type(kind):
    return {"__typename": "TestType", "name": kind, "kind": {"Generic": "Unstructured", "Cucumber": "Gherkin"}.get(kind, "Steps")}


def test_obj(issue):
    kind = model.test_type(issue)
    fields = issue["fields"]
    return {
        "__typename": "Test", "issueId": str(issue["id"]), "projectId": str(issue["projectId"]),
        "testType": _test_type(kind),
        "unstructured": fields.get(F.DEFINITION) if kind == "Generic" else None,
        "gherkin": fields.get(F.SCENARIO) if kind == "Cucumber" else None,
        "scenarioType": ((fields.get(F.SCENARIO_TYPE) or {}).get("value") or "scenario").lower()
        if kind == "Cucumber" else None,
        "steps": [{"__typename": "Step", "id": str(s["id"]), "action": s.get("step"), "data": s.get("data"),
                   "result": s.get("result"), "attachments": []} for s in model.steps_of(issue)] if kind == "Manual" else [],
        "jira": _jira(issue), "folder": None, "lastModified": None,
        "testRuns": lambda limit, start=0: _page(
            "TestRunResults", store().find("xray_run", testId=issue["id"]), limit, start, run_obj),
        "testExecutions": lambda limit, start=0, issueIds=None: _page(
            "TestExecutionResults", _executions_of_test(issue, issueIds), limit, start, execution_obj),
        "testPlans": lambda limit, start=0, issueIds=None: _page(
            "TestPlanResults", _plans_of_test(issue, issueIds), limit, start, plan_obj),
    }


def _executions_of_test(test, issue_ids=None):
    found = [store().get("issue", r["execId"]) for r in store().find("xray_run", testId=test["id"])]
    found = [e for e in found if e]
    if issue_ids is not None:
        found = [e for e in found if str(e["id"]) in set(_ids(issue_ids, "issueIds"))]
    return found


def _plans_of_test(test, issue_ids=None):
    found = [store().get("issue", p["planId"]) for p in store().find("xray_plan_test", testId=test["id"])]
    found = [p for p in found if p]
    if issue_ids is not None:
        found = [p for p in found if str(p["id"]) in set(_ids(issue_ids, "issueIds"))]
    return found


def _tests_of_execution(execution, issue_ids=None):
    tests = [store().get("issue", r["testId"]) for r in model.runs_of(execution)]
    tests = [t for t in tests if t]
    if issue_ids is not None:
        tests = [t for t in tests if str(t["id"]) in set(_ids(issue_ids, "issueIds"))]
    return tests


class _ExecutionRuns:
    """An execution's runs as _page reads them (their number, one slice) without reading the others."""

    def __init__(self, execution):
        self.execution = execution

    def __len__(self):
        return model.run_count(self.execution)

    def __getitem__(self, window):
        return model.runs_page(self.execution, window.start, max(0, window.stop - window.start))


def execution_obj(issue):
    return {
        "__typename": "TestExecution", "issueId": str(issue["id"]), "projectId": str(issue["projectId"]),
        "testEnvironments": list(issue["fields"].get(F.ENVIRONMENTS) or []),
        "jira": _jira(issue), "lastModified": None,
        "tests": lambda limit, start=0, issueIds=None: _page(
            "TestResults", _tests_of_execution(issue, issueIds), limit, start, test_obj),
        "testRuns": lambda limit, start=0: _page("TestRunResults", _ExecutionRuns(issue), limit, start, run_obj),
        "testPlans": lambda limit, start=0, issueIds=None: _page(
            "TestPlanResults", [p for p in (model.find_typed(k, PLAN) for k in issue["fields"].get(F.TEST_PLANS) or [])
                                if p and (issueIds is None or str(p["id"]) in set(_ids(issueIds, "issueIds")))],
            limit, start, plan_obj),
    }


def plan_obj(issue):
    def tests(limit, start=0, issueIds=None):
        found = [store().get("issue", p["testId"]) for p in model.plan_tests(issue)]
        found = [t for t in found if t and (issueIds is None or str(t["id"]) in set(_ids(issueIds, "issueIds")))]
        return _page("TestResults", found, limit, start, test_obj)

    return {"__typename": "TestPlan", "issueId": str(issue["id"]), "projectId": str(issue["projectId"]),
            "jira": _jira(issue), "lastModified": None, "tests": tests,
            "testExecutions": lambda limit, start=0, issueIds=None: _page(
                "TestExecutionResults", [e for e in model.plan_executions(issue)
                                         if issueIds is None or str(e["id"]) in set(_ids(issueIds, "issueIds"))],
                limit, start, execution_obj)}


def _defect_ids(keys):
    out = []
    for key in keys:
        issue = jira.find_issue(key)
        out.append(str(issue["id"]) if issue else key)
    return out


def run_obj(run):
    test = store().get("issue", run["testId"]) or {"fields": {}}
    return {
        "__typename": "TestRun", "id": model.cloud_run_id(run), "status": status_obj(run["status"]),
        "comment": run.get("comment") or None, "defects": _defect_ids(run.get("defects") or []),
        "evidence": [{"__typename": "Evidence", "id": str(e["id"]), "filename": e["fileName"],
                      "storedInJira": False, "downloadLink": e.get("fileURL")} for e in run.get("evidences") or []],
        "startedOn": run.get("startedOn"), "finishedOn": run.get("finishedOn"),
        "executedById": run.get("executedBy"), "assigneeId": run.get("assignee"),
        "unstructured": test["fields"].get(F.DEFINITION), "gherkin": test["fields"].get(F.SCENARIO),
        "scenarioType": None, "lastModified": None, "steps": [],
        "examples": [{"__typename": "Example", "id": str(e["id"]), "status": status_obj(e["status"])}
                     for e in run.get("examples") or []],
        "testType": _test_type(model.test_type(test)) if test.get("id") else None,  # not the whole Test
        "test": lambda: test_obj(test) if test.get("id") else None,
        "testExecution": lambda: execution_obj(store().get("issue", run["execId"])),
    }


# -- queries -------------------------------------------------------------------------------------
def _get_run(run_id):
    run = model.get_run(run_id)
    if run is None:
        raise GraphQLError("Test run with id %s not found!" % run_id)
    return run


def _runs(test_ids=None, exec_ids=None):
    tests = None if test_ids is None else set(_ids(test_ids, "testIssueIds"))
    if exec_ids is not None:  # a run's ref is its execution: read only those executions' runs
        wanted = set(_ids(exec_ids, "testExecIssueIds"))
        refs = [e for e in wanted if e.isascii() and str(int(e)) == e]  # as str(execId) would read
        runs = sorted((r for e in refs for r in store().find("xray_run", ref=e)), key=lambda r: r["id"])
    else:
        runs = store().find("xray_run")
    if tests is not None:
        runs = [r for r in runs if str(r["testId"]) in tests]
    return runs


def _get_test_run(testIssueId, testExecIssueId):
    execution = _issue(testExecIssueId, EXECUTION)
    test = _issue(testIssueId, TEST)
    run = model.run_for(execution, test) if execution and test else None
    return run_obj(run) if run else None


def _one(build, issue):
    return build(issue) if issue else None


QUERY = {
    "__typename": "Query",
    "getTestExecution": lambda issueId=None: _one(execution_obj, _issue(issueId, EXECUTION)),
    "getTestExecutions": lambda limit, start=0, jql=None, issueIds=None, projectId=None, modifiedSince=None: _page(
        "TestExecutionResults", _search(EXECUTION, jql, issueIds, projectId), limit, start, execution_obj),
    "getTest": lambda issueId=None: _one(test_obj, _issue(issueId, TEST)),
    "getTests": lambda limit, start=0, jql=None, issueIds=None, projectId=None, modifiedSince=None: _page(
        "TestResults", _search(TEST, jql, issueIds, projectId), limit, start, test_obj),
    "getTestPlan": lambda issueId=None: _one(plan_obj, _issue(issueId, PLAN)),
    "getTestPlans": lambda limit, start=0, jql=None, issueIds=None, projectId=None, modifiedSince=None: _page(
        "TestPlanResults", _search(PLAN, jql, issueIds, projectId), limit, start, plan_obj),
    "getTestRuns": lambda limit, start=0, testIssueIds=None, testExecIssueIds=None, modifiedSince=None: _page(
        "TestRunResults", _runs(testIssueIds, testExecIssueIds), limit, start, run_obj),
    "getTestRun": _get_test_run,
    "getTestRunById": lambda id: run_obj(_get_run(id)),  # noqa: A002 (GraphQL argument name)
    "getTestRunsById": lambda ids, limit, start=0: _page(
        "TestRunResults", [_get_run(i) for i in ids or []], limit, start, run_obj),
    "getStatuses": lambda projectId=None, testType=None, isFinal=None: [
        status_obj(name) for name in model.SERVER_NAMES
        if isFinal is None or status_obj(name)["final"] == bool(isFinal)],
}


# -- mutations -----------------------------------------------------------------------------------
def _tests_by_ids(ids, warnings):
    tests = []
    for issue_id in _ids(ids or [], "testIssueIds"):
        test = _issue(issue_id, TEST)
        if test is None:
            warnings.append("Test with id %s was not found!" % issue_id)
        else:
            tests.append(test)
    return tests


def _environments(values):
    if values is None:
        return []
    if not isinstance(values, list) or not all(isinstance(v, str) and v.strip() for v in values):
        raise GraphQLError("testEnvironments must be a list of non-empty names")
    return list(dict.fromkeys(v.strip() for v in values))


def create_execution(testIssueIds=None, testEnvironments=None, jira=None):  # pylint: disable=redefined-outer-name
    if not isinstance(jira, dict) or not isinstance(jira.get("fields"), dict):
        raise GraphQLError("The jira argument must hold the Test Execution's Jira fields: {fields: {...}}")
    fields = dict(jira["fields"])
    fields.setdefault("issuetype", {"name": EXECUTION})
    spec = importer.ExecutionSpec(jira_fields=fields, environments=_environments(testEnvironments))
    warnings = []
    tests = _tests_by_ids(testIssueIds, warnings)
    try:
        execution, _tests = importer.apply_import("cloud", [], spec)
    except XrayError as exc:
        raise GraphQLError(str(exc))
    model.add_tests(execution, tests)
    return {"__typename": "CreateTestExecutionResult", "testExecution": execution_obj(execution),
            "warnings": warnings, "createdTestEnvironments": []}


def add_tests_to_execution(issueId, testIssueIds):
    execution = _need(issueId, EXECUTION, "Test Execution")
    warnings = []
    tests = _tests_by_ids(testIssueIds, warnings)
    before = set(int(r["testId"]) for r in model.runs_of(execution))
    model.add_tests(execution, tests)
    added = [str(t["id"]) for t in tests if int(t["id"]) not in before]
    return {"__typename": "AddTestsResult", "addedTests": added, "warning": "; ".join(warnings) or None}


def remove_tests_from_execution(issueId, testIssueIds):
    execution = _need(issueId, EXECUTION, "Test Execution")
    for test in _tests_by_ids(testIssueIds, []):
        model.remove_test(execution, test)
    return None


def add_environments(issueId, testEnvironments):
    execution = _need(issueId, EXECUTION, "Test Execution")
    have = list(execution["fields"].get(F.ENVIRONMENTS) or [])
    new = [e for e in _environments(testEnvironments) if e not in have]
    if new:
        model.update_fields(execution, {F.ENVIRONMENTS: have + new})
    return {"__typename": "AddTestEnvironmentsResult", "associatedTestEnvironments": new,
            "createdTestEnvironments": [], "warning": None}


def remove_environments(issueId, testEnvironments):
    execution = _need(issueId, EXECUTION, "Test Execution")
    drop = set(_environments(testEnvironments))
    model.update_fields(execution, {F.ENVIRONMENTS: [e for e in execution["fields"].get(F.ENVIRONMENTS) or []
                                                     if e not in drop]})
    return None


def _executions_by_ids(ids, warnings):
    out = []
    for issue_id in _ids(ids or [], "testExecIssueIds"):
        execution = _issue(issue_id, EXECUTION)
        if execution is None:
            warnings.append("Test Execution with id %s was not found!" % issue_id)
        else:
            out.append(execution)
    return out


def add_executions_to_plan(issueId, testExecIssueIds):
    plan = _need(issueId, PLAN, "Test Plan")
    warnings = []
    added = [str(e["id"]) for e in _executions_by_ids(testExecIssueIds, warnings) if model.link_plan(plan, e)]
    return {"__typename": "AddTestExecutionsResult", "addedTestExecutions": added,
            "warning": "; ".join(warnings) or None}


def remove_executions_from_plan(issueId, testExecIssueIds):
    plan = _need(issueId, PLAN, "Test Plan")
    for execution in _executions_by_ids(testExecIssueIds, []):
        model.unlink_plan(plan, execution)
    return None


def add_tests_to_plan(issueId, testIssueIds):
    plan = _need(issueId, PLAN, "Test Plan")
    warnings = []
    tests = _tests_by_ids(testIssueIds, warnings)
    before = set(int(p["testId"]) for p in model.plan_tests(plan))
    model.add_plan_tests(plan, tests)
    return {"__typename": "AddTestsResult", "addedTests": [str(t["id"]) for t in tests if int(t["id"]) not in before],
            "warning": "; ".join(warnings) or None}


def remove_tests_from_plan(issueId, testIssueIds):
    plan = _need(issueId, PLAN, "Test Plan")
    for test in _tests_by_ids(testIssueIds, []):
        model.remove_plan_test(plan, test)
    return None


def _save(run):
    store().update("xray_run", run)


def update_status(id, status):  # noqa: A002
    run = _get_run(id)
    try:
        model.set_status(run, model.canonical_status(status, "cloud"))
    except XrayError as exc:
        raise GraphQLError(str(exc))
    _save(run)
    return None


def update_comment(id, comment):  # noqa: A002
    run = _get_run(id)
    run["comment"] = comment or ""
    _save(run)
    return None


def update_run(id, comment=None, startedOn=None, finishedOn=None, assigneeId=None, executedById=None,
               customFields=None):  # noqa: A002
    run = _get_run(id)
    for name, value in (("comment", comment), ("startedOn", startedOn), ("finishedOn", finishedOn),
                        ("assignee", assigneeId), ("executedBy", executedById)):
        if value is not None:
            run[name] = value
    _save(run)
    return {"__typename": "UpdateTestRunResult", "warnings": []}


def add_defects(id, issues):  # noqa: A002
    run = _get_run(id)
    added, warnings = [], []
    for ref in issues or []:
        issue = jira.find_issue(str(ref))
        if issue is None:
            warnings.append("Issue %s was not found!" % ref)
            continue
        if issue["key"] not in run["defects"]:
            run["defects"].append(issue["key"])
            added.append(str(issue["id"]))
    _save(run)
    return {"__typename": "AddDefectsResult", "addedDefects": added, "warnings": warnings}


def remove_defects(id, issues):  # noqa: A002
    run = _get_run(id)
    drop = set()
    for ref in issues or []:
        issue = jira.find_issue(str(ref))
        drop.add(issue["key"] if issue else str(ref))
    run["defects"] = [d for d in run["defects"] if d not in drop]
    _save(run)
    return None


def add_evidence(id, evidence):  # noqa: A002
    run = _get_run(id)
    items = evidence if isinstance(evidence, list) else [evidence]
    for item in items:
        if not isinstance(item, dict) or not item.get("filename") or not item.get("data"):
            raise GraphQLError("Each evidence needs filename, mimeType and data")
    added = []
    for item in items:
        try:
            model.add_evidence(run, {"filename": item["filename"], "data": item["data"],
                                     "contentType": item.get("mimeType")})
        except XrayError as exc:
            raise GraphQLError(str(exc))
        added.append(str(run["evidences"][-1]["id"]))
    _save(run)
    return {"__typename": "AddEvidenceResult", "addedEvidence": added, "warnings": []}


def remove_evidence(id, evidenceIds=None, evidenceFilenames=None):  # noqa: A002
    run = _get_run(id)
    ids = set(str(i) for i in evidenceIds or [])
    names = set(evidenceFilenames or [])
    removed = [str(e["id"]) for e in run["evidences"] if str(e["id"]) in ids or e["fileName"] in names]
    run["evidences"] = [e for e in run["evidences"] if str(e["id"]) not in removed]
    _save(run)
    return {"__typename": "RemoveEvidenceResult", "removedEvidence": removed, "warnings": []}


def reset_run(id):  # noqa: A002
    run = _get_run(id)
    model.set_status(run, "TODO")
    run.update({"comment": "", "defects": [], "evidences": []})
    _save(run)
    return None


def create_plan(jira=None, testIssueIds=None, savedFilter=None):  # pylint: disable=redefined-outer-name
    """createTestPlan: a Test Plan issue with the given Jira fields, holding the given Tests."""
    from werkzeug.exceptions import HTTPException

    if not isinstance(jira, dict) or not isinstance(jira.get("fields"), dict):
        raise GraphQLError("The jira argument must hold the Test Plan's Jira fields: {fields: {...}}")
    if savedFilter is not None:
        raise GraphQLError("savedFilter is not supported by this server; give testIssueIds")
    fields = dict(jira["fields"])
    fields.setdefault("issuetype", {"name": PLAN})
    warnings = []
    tests = _tests_by_ids(testIssueIds, warnings)
    try:
        proj, clean = jira_issues.validate_fields(fields)
    except HTTPException as exc:
        raise GraphQLError("Error creating Test Plan - Issue create failed! - %s" % importer.jira_problem(exc))
    if clean["issuetype"]["name"] != PLAN:
        raise GraphQLError("Error creating Test Plan - the issue type must be %s, not %s"
                           % (PLAN, clean["issuetype"]["name"]))
    plan = model.IssueMaker().create(proj, clean)
    model.add_plan_tests(plan, tests)
    return {"__typename": "CreateTestPlanResult", "testPlan": plan_obj(plan), "warnings": warnings}


def delete_plan(issueId):
    plan = _need(issueId, PLAN, "Test Plan")
    store().delete("issue", plan["id"])
    model.on_issue_deleted(plan)
    return None


def delete_execution(issueId):
    execution = _need(issueId, EXECUTION, "Test Execution")
    store().delete("issue", execution["id"])
    model.on_issue_deleted(execution)
    return None


MUTATION = {
    "__typename": "Mutation",
    "createTestExecution": create_execution,
    "deleteTestExecution": delete_execution,
    "createTestPlan": create_plan,
    "deleteTestPlan": delete_plan,
    "addTestsToTestExecution": add_tests_to_execution,
    "removeTestsFromTestExecution": remove_tests_from_execution,
    "addTestEnvironmentsToTestExecution": add_environments,
    "removeTestEnvironmentsFromTestExecution": remove_environments,
    "addTestExecutionsToTestPlan": add_executions_to_plan,
    "removeTestExecutionsFromTestPlan": remove_executions_from_plan,
    "addTestsToTestPlan": add_tests_to_plan,
    "removeTestsFromTestPlan": remove_tests_from_plan,
    "updateTestRunStatus": update_status,
    "updateTestRunComment": update_comment,
    "updateTestRun": update_run,
    "addDefectsToTestRun": add_defects,
    "removeDefectsFromTestRun": remove_defects,
    "addEvidenceToTestRun": add_evidence,
    "removeEvidenceFromTestRun": remove_evidence,
    "resetTestRun": reset_run,
}

ROOTS = {"query": QUERY, "mutation": MUTATION}
