"""Applying an import: find or create the Tests and the Test Execution, then set the runs.

Everything is checked before the first write, so a refused import (unknown test key, unknown
execution, bad project) leaves nothing half-written. Several results for one test combine (all
PASS -> PASS, any FAIL -> FAIL, otherwise TODO); an existing execution keeps one run per Test,
updated in place.
"""

from werkzeug.exceptions import HTTPException

from tests.emulator.products import jira
from tests.emulator.products.common import docs_by_field, store
from tests.emulator.products.xray_server import fields as F
from tests.emulator.products.xray_server import model
from tests.emulator.products.xray_server.model import EXECUTION, PLAN, TEST, XrayError


class ExecutionSpec:
    """What a new Test Execution gets; ``jira_fields`` (a multipart ``info``) wins over the rest."""

    def __init__(self, project_key=None, summary=None, description=None, fix_version=None, revision=None,
                 environments=None, plan_key=None, jira_fields=None, summary_required=False, labels=None):
        self.project_key = project_key
        self.summary = summary
        self.description = description
        self.fix_version = fix_version
        self.revision = revision
        self.environments = [e for e in (environments or []) if e]
        self.plan_key = plan_key
        self.jira_fields = jira_fields
        self.summary_required = summary_required
        self.labels = labels


def split_environments(value):
    if not value:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v.strip() for v in str(value).split(";") if v.strip()]


def apply_import(flavour, entries, spec, exec_key=None, test_fields=None):
    """-> (execution issue, [test issues]); XrayError before any write when something is wrong."""
    execution = None
    if exec_key:
        execution = model.find_typed(exec_key.strip(), EXECUTION)
        if execution is None:
            raise XrayError("Test Execution with key %s not found" % exec_key)
    project = None
    project_key = spec.project_key
    if not project_key and spec.jira_fields and isinstance(spec.jira_fields.get("project"), dict):
        ref = spec.jira_fields["project"]
        project_key = ref.get("key") or ref.get("id")
    if project_key:
        project = jira.find_project(str(project_key).strip())
        if project is None:
            raise XrayError("Error retrieving Project from Jira with key %s" % project_key)
    plan = None
    if spec.plan_key:
        plan = model.find_typed(spec.plan_key.strip(), PLAN)
        if plan is None:
            raise XrayError("Test Plan with key %s not found" % spec.plan_key)
    default_project = project or (model.project_of(execution) if execution else None)
    model.preload_keys([e["key"] for e in entries if e.get("key")] + [t for e in entries for t in e.get("tags") or []])
    resolver = _Resolver(default_project, entries)
    resolver.prime(entries)
    resolved = [(entry, resolver.resolve(entry)) for entry in entries]
    new_fields = None if execution else _execution_fields(spec, project, resolver.first_project(), plan)

    maker = model.IssueMaker()
    created = resolver.create_pending(maker, test_fields or {})
    tests = []
    for entry, found in resolved:
        tests.append(found if found is not None else created[resolver.identity(entry)])
    if execution is None:
        proj, clean = new_fields
        execution = maker.create(proj, clean)
    _apply_runs(execution, [entry for entry, _t in resolved], tests)
    if plan is not None:
        model.add_plan_tests(plan, _unique(tests))
        model.link_plan(plan, execution)
    return execution, _unique(tests)


def _unique(tests):
    seen, out = set(), []
    for test in tests:
        if int(test["id"]) not in seen:
            seen.add(int(test["id"]))
            out.append(test)
    return out


class _Resolver:
    """Entries -> existing Tests, or identities of Tests to create (once each)."""

    def __init__(self, project, entries=()):
        self.project = project
        self.maps = {}
        self.pending = {}
        # the names the entries can ask for: a project's map reads only the Tests with one of them
        self.summaries = set(e["summary"] for e in entries if e.get("type") != "Generic" and e.get("summary"))
        self.definitions = set(e["definition"] for e in entries if e.get("type") == "Generic" and e.get("definition"))

    def first_project(self):
        return self.project

    @staticmethod
    def identity(entry):
        if entry["type"] == "Generic":
            return ("Generic", entry.get("project"), entry["definition"])
        return (entry["type"], entry.get("project"), entry["summary"])

    def _project_for(self, entry):
        if entry.get("project"):
            proj = jira.find_project(entry["project"])
            if proj is None:
                raise XrayError("Error retrieving Project from Jira with key %s" % entry["project"])
            return proj
        if self.project is None:
            raise XrayError("Error assembling issue data: project is required")
        return self.project

    def _index(self, proj):
        if proj["id"] not in self.maps:
            index = {}
            found = dict((i["id"], i) for i in docs_by_field("issue", "fields.summary", self.summaries, ref=proj["id"]))
            found.update((i["id"], i) for i in docs_by_field("issue", "fields." + F.DEFINITION, self.definitions,
                                                             ref=proj["id"]))
            for _id, issue in sorted(found.items()):  # by id, as a scan of the project finds them
                if model.type_name(issue) != TEST:
                    continue
                kind = model.test_type(issue)
                if kind == "Generic":
                    index.setdefault(("Generic", issue["fields"].get(F.DEFINITION)), issue)
                else:
                    index.setdefault((kind, issue["fields"].get("summary")), issue)
            self.maps[proj["id"]] = index
        return self.maps[proj["id"]]

    def resolve(self, entry):
        if entry.get("key"):
            test = model.find_typed(entry["key"], TEST)
            if test is None:
                raise XrayError("Test issue with key %s not found" % entry["key"])
            self._remember(test)
            return test
        if entry.get("test_id"):
            test = store().get("issue", entry["test_id"]) if str(entry["test_id"]).isdigit() else None
            if test is None or model.type_name(test) != TEST:
                raise XrayError("Test issue with id %s not found" % entry["test_id"])
            return test
        for tag in entry.get("tags") or []:
            test = model.find_typed(tag, TEST)
            if test is not None:
                return test
        if entry["type"] == "Generic" and not entry.get("definition"):
            raise XrayError("The Generic Test Definition is required to find or create a Generic Test")
        if entry["type"] != "Generic" and not (entry.get("summary") or "").strip():
            raise XrayError("A summary is required to find or create a %s Test" % entry["type"])
        proj = self._project_for(entry)
        natural = (entry["type"], entry["definition"] if entry["type"] == "Generic" else entry["summary"])
        found = self._index(proj).get(natural)
        if found is not None:
            return found
        key = self.identity(entry)
        if key not in self.pending:
            self.pending[key] = (proj, entry)
        return None

    def prime(self, entries):
        """Without a project, Tests created by the import go where the first linked Test lives."""
        for entry in entries:
            if self.project is not None:
                return
            for key in ([entry["key"]] if entry.get("key") else []) + list(entry.get("tags") or []):
                test = model.find_typed(key, TEST)
                if test is not None:
                    self._remember(test)
                    break

    def _remember(self, test):
        if self.project is None:
            self.project = model.project_of(test)

    def create_pending(self, maker, test_fields):
        created = {}
        test_type = model.issue_type_doc(TEST)
        for key, (proj, entry) in self.pending.items():
            fields = {"summary": (entry.get("summary") or entry.get("definition") or "")[:255],
                      "issuetype": test_type, F.TEST_TYPE: {"value": entry["type"]}}
            if entry["type"] == "Generic":
                fields[F.DEFINITION] = entry["definition"]
            elif entry["type"] == "Cucumber":
                fields[F.SCENARIO] = entry.get("scenario") or ""
                fields[F.SCENARIO_TYPE] = {"value": entry.get("scenario_type") or "Scenario"}
            extra = dict(test_fields)
            extra.update(entry.get("test_fields") or {})
            for name in ("labels", "description"):
                if extra.get(name):
                    fields[name] = extra[name]
            created[key] = (proj, fields)
        issues = maker.create_many(list(created.values()))
        return dict(zip(created, issues))


def jira_problem(exc):
    body = exc.response.get_json(silent=True) if exc.response is not None else None
    body = body or {}
    parts = list(body.get("errorMessages") or [])
    parts.extend("%s: %s" % (k, v) for k, v in sorted((body.get("errors") or {}).items()))
    return "; ".join(parts) or "invalid fields"


def _execution_fields(spec, project, fallback_project, plan):
    """(project, clean Jira fields) of the Test Execution to create; validated, nothing written."""
    if spec.jira_fields is not None:
        fields = dict(spec.jira_fields)
        if not fields.get("project"):
            raise XrayError("Error assembling issue data: project is required")
    else:
        proj = project or fallback_project
        if proj is None:
            raise XrayError("Error assembling issue data: project is required")
        summary = spec.summary
        if not summary and not spec.summary_required:
            summary = "Execution results [%d]" % model.timestamp_ms()
        fields = {"project": {"key": proj["key"]}, "summary": summary or "",
                  "issuetype": {"name": EXECUTION}, "description": spec.description or ""}
        if spec.fix_version:
            fields["fixVersions"] = [{"name": spec.fix_version}]
        if spec.labels:
            fields["labels"] = spec.labels
    try:
        proj, clean = jira.validate_fields(fields)
    except HTTPException as exc:
        problem = jira_problem(exc)
        if "project" in problem and "project is required" in problem:
            raise XrayError("Error assembling issue data: project is required")
        raise XrayError("Error creating Test Execution - Issue create failed! - %s" % problem)
    if clean["issuetype"]["name"] != EXECUTION:
        raise XrayError("Error creating Test Execution - the issue type must be %s, not %s"
                        % (EXECUTION, clean["issuetype"]["name"]))
    if spec.environments:
        clean[F.ENVIRONMENTS] = list(dict.fromkeys(spec.environments))
    if spec.revision:
        clean[F.REVISION] = spec.revision
    plans = list(clean.get(F.TEST_PLANS) or [])
    if plan is not None and plan["key"] not in plans:
        plans.append(plan["key"])
    if plans:
        clean[F.TEST_PLANS] = plans
    return proj, clean


def _apply_runs(execution, entries, tests):
    runs = model.add_tests(execution, tests)
    groups = {}
    order = []
    for entry, test in zip(entries, tests):
        tid = int(test["id"])
        if tid not in groups:
            groups[tid] = []
            order.append(tid)
        groups[tid].append(entry)
    done = []
    try:
        for tid in order:
            run = runs[tid]
            group = groups[tid]
            model.set_status(run, model.combine(e["status"] for e in group))
            comments = [e["comment"] for e in group if e.get("comment")]
            if comments:
                run["comment"] = comments[-1]
            for entry in group:
                for defect in entry.get("defects") or []:
                    if defect not in run["defects"]:
                        run["defects"].append(defect)
                for evidence in entry.get("evidences") or []:
                    model.add_evidence(run, evidence)
                if entry.get("start"):
                    run["startedOn"] = entry["start"]
                if entry.get("finish"):
                    run["finishedOn"] = entry["finish"]
                if entry.get("examples"):
                    run["examples"] = [{"id": i + 1, "rank": i + 1, "values": [], "status": s}
                                       for i, s in enumerate(entry["examples"])]
            done.append(run)
    finally:
        store().update_many("xray_run", done)  # the runs finished before a bad evidence stop it, as one by one
