# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Squad tests: Jira Test issues and their ZAPI steps; test sets for cycles and folders."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.jira_api import quote
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import unique_tests, unique_values

ISSUE_FIELDS = ("summary", "description", "labels", "components", "priority", "fixVersions", "issuetype", "project")
STEP_TEXT = ("step", "data", "result")
# Lucene characters Jira's text search (~) reserves; removed from the words we search for.
_RESERVED = re.compile(r'[+\-&|!(){}\[\]^~*?\\:"/]')
SUMMARY_MAX = 255        # Jira's summary length
NAMES_PER_QUERY = 50     # summary clauses per search (Lucene's clause limit is far above)
QUERY_BUDGET = 2500      # characters of summary clauses per search: the GET URL stays well under 8 KB


def plan_steps(current, wanted):
    """Positional reconcile -> (updates [(step id, changed fields)], creates [fields], deletes [ids])."""
    updates, creates = [], []
    for index, step in enumerate(wanted):
        if index < len(current):
            have = current[index]
            changes = dict((f, step.get(f) or "") for f in STEP_TEXT if (have.get(f) or "") != (step.get(f) or ""))
            if changes:
                updates.append((have["id"], changes))
        else:
            creates.append(dict((f, step.get(f) or "") for f in STEP_TEXT))
    deletes = [step["id"] for step in current[len(wanted):]]
    return updates, creates, deletes


def portable_test(issue):
    fields = issue.get("fields") or {}
    return {
        "id": str(issue["id"]) if issue.get("id") is not None else None, "key": issue.get("key"),
        "name": fields.get("summary"), "description": fields.get("description") or "",
        "labels": sorted(fields.get("labels") or []),
        "components": sorted(c.get("name") for c in fields.get("components") or []),
        "priority": (fields.get("priority") or {}).get("name"),
        "fix_versions": sorted(v.get("name") for v in fields.get("fixVersions") or []),
        "folder": None, "steps": None,
    }


class SquadTests:
    """Mixed into ZephyrSquadBackend (uses self.jira, self.zapi, self.client, self._cache)."""

    def test_type_id(self):
        if "test_type" not in self._cache:
            type_id = None
            try:
                type_id = self.zapi.test_issue_type_id()
            except ApiError as exc:
                if exc.status not in (404, 405):
                    raise
            if not type_id:  # older ZAPI: find the issue type named Test
                type_id = next((t["id"] for t in self.jira.issue_types() if t.get("name") == "Test"), None)
            if not type_id:
                raise ApiError("this Jira has no Zephyr Test issue type; is Zephyr Squad installed?")
            self._cache["test_type"] = str(type_id)
        return self._cache["test_type"]

    def _is_test(self, issue):
        itype = (issue.get("fields") or {}).get("issuetype") or {}
        return str(itype.get("id")) == self.test_type_id() or (not itype.get("id") and itype.get("name") == "Test")

    def _check_issue(self, scope, issue, option):
        fields = issue.get("fields") or {}
        if not self._is_test(issue):
            raise InputError(option, "%s is a %s, not a Test" % (
                issue["key"], (fields.get("issuetype") or {}).get("name", "non-Test issue")), "give Test issues")
        project = fields.get("project") or {}
        if project.get("id") is not None and str(project["id"]) != str(scope.project["id"]):
            raise InputError(option, "%s belongs to project %s, not %s" % (
                issue["key"], project.get("key"), scope.project.get("key")), "give tests of this project")

    # -- finding tests ---------------------------------------------------------------------------
    def find_tests(self, scope, refs, option="tests"):
        found = self.jira.issues_by_keys(refs, fields=ISSUE_FIELDS, option=option)
        out = {}
        for ref in refs:
            issue = found.get(str(ref).strip().upper())
            project = ((issue or {}).get("fields") or {}).get("project") or {}
            if issue is not None and self._is_test(issue) and str(project.get("id", scope.project["id"])) == str(
                    scope.project["id"]):
                out[ref] = portable_test(issue)
        return out

    def search_tests(self, scope, query, option="tests_jql"):
        """Tests of the project matching a JQL query (ORDER BY kept out of the added clauses)."""
        text = re.split(r"\border\s+by\b", query, flags=re.I)[0].strip()
        jql = "project = %s AND issuetype = %s" % (scope.project["id"], self.test_type_id())
        if text:
            jql += " AND (%s)" % text
        return [portable_test(i) for i in self.jira.search_jql(jql, fields=ISSUE_FIELDS, option=option)]

    def find_test(self, scope, key=None, name=None, folder=None):
        if key:
            try:
                issue = self.jira.issue(str(key).strip().upper(), fields=ISSUE_FIELDS)
            except ApiError as exc:
                if exc.status == 404:
                    return None
                raise
            self._check_issue(scope, issue, "key")
            return portable_test(issue)
        words = " ".join(_RESERVED.sub(" ", name).split())
        query = "summary ~ %s" % quote(words) if words else ""
        matches = [t for t in self.search_tests(scope, query, option="summary") if t["name"] == name]
        if len(matches) > 1:
            raise AmbiguousError("summary", "%d tests of %s are named %r (%s)" % (
                len(matches), scope.project.get("key"), name, ", ".join(sorted(t["key"] for t in matches))),
                "give key instead")
        return matches[0] if matches else None

    def test_name(self, full_name):
        """The summary a test named after a result gets: one line, within Jira's length."""
        return " ".join(str(full_name or "").split())[:SUMMARY_MAX].strip()

    def find_tests_by_name(self, scope, names, option="results_file"):
        """{name: test} for the Tests of the project whose summary is exactly one of ``names``.

        One text search per batch of names (``summary ~``), checked for exact equality here: Jira's text
        search is by words. Words are lower-cased so Lucene reads none as an operator (AND, OR, NOT)."""
        wanted = set(names)
        clauses, listing = [], False
        for name in sorted(wanted):
            words = " ".join(_RESERVED.sub(" ", name).lower().split())
            if words:
                clauses.append("summary ~ %s" % quote(words))
            else:
                listing = True  # nothing to search by: read the project's tests once instead
        base = "project = %s AND issuetype = %s" % (scope.project["id"], self.test_type_id())
        queries = [base] if listing else ["%s AND (%s)" % (base, " OR ".join(b)) for b in _batches(clauses)]
        matches = {}
        for jql in queries:
            for issue in self.jira.search_jql(jql, fields=ISSUE_FIELDS, option=option):
                test = portable_test(issue)
                if test["name"] in wanted:
                    matches.setdefault(test["name"], {})[test["key"]] = test
        found = {}
        for name, tests in matches.items():
            if len(tests) > 1:
                raise AmbiguousError(option, "%d tests of %s are named %r (%s)" % (
                    len(tests), scope.project.get("key"), name, ", ".join(sorted(tests))),
                    "give the result a test key, or rename one of the tests")
            found[name] = list(tests.values())[0]
        return found

    def create_tests_by_name(self, scope, names, folder=None):
        """Test issues with these summaries, in bulk (50 per request) -> portable tests in ``names`` order
        (key None in check mode)."""
        base = {"project": {"id": scope.project["id"]}, "issuetype": {"id": self.test_type_id()}}
        created = self.jira.create_issues([dict(base, summary=name) for name in names])
        return [dict(portable_test({"id": c.get("id"), "key": c.get("key"), "fields": {"summary": name}}), steps=[])
                for name, c in zip(names, created)]

    # -- writing tests ---------------------------------------------------------------------------
    def check_test_fields(self, scope, fields, option_of):
        """fix_versions must name versions of the project (checked before any write)."""
        for name in fields.get("fix_versions") or []:
            self.jira.version(scope.project, name, option=option_of.get("fix_versions", "fix_versions"))
        return fields

    def _jira_fields(self, changes):
        out = {}
        if "name" in changes:
            out["summary"] = changes["name"]
        if "description" in changes:
            out["description"] = changes["description"] or ""
        if "labels" in changes:
            out["labels"] = list(changes["labels"] or [])
        if "components" in changes:
            out["components"] = [{"name": c} for c in changes["components"] or []]
        if "priority" in changes:
            out["priority"] = {"name": changes["priority"]}
        if "fix_versions" in changes:
            out["fixVersions"] = [{"name": v} for v in changes["fix_versions"] or []]
        return out

    def create_test(self, scope, fields):
        wanted = dict((k, v) for k, v in fields.items() if v is not None and k != "steps")
        body = self._jira_fields(wanted)
        body.update({"project": {"id": scope.project["id"]}, "issuetype": {"id": self.test_type_id()}})
        created = self.jira.create_issue(body)
        test = dict(portable_test({"id": created.get("id"), "key": created.get("key"), "fields": {}}), **wanted)
        test["steps"] = []
        return test

    def update_test(self, scope, test, changes):
        self.jira.update_issue(test["key"], self._jira_fields(changes))
        return dict(test, **changes)

    def delete_test(self, scope, test):
        self.jira.delete_issue(test["key"])

    # -- steps -----------------------------------------------------------------------------------
    def get_steps(self, scope, test):
        if test.get("id") is None:
            return []
        return [{"id": str(s.get("id")), "step": s.get("step") or "", "data": s.get("data") or "",
                 "result": s.get("result") or ""} for s in self.zapi.list_steps(test["id"])]

    def set_steps(self, scope, test, steps, current=None):
        """Positional reconcile; ``current`` (from get_steps) saves a read. -> number of writes."""
        if current is None:
            current = self.get_steps(scope, test)
        updates, creates, deletes = plan_steps(current, steps)
        if test.get("id") is None:  # check mode, test not created
            return len(creates)
        for step_id, changes in updates:
            self.zapi.update_step(test["id"], step_id, changes)
        for body in creates:
            self.zapi.create_step(test["id"], body)
        for step_id in deletes:
            self.zapi.delete_step(test["id"], step_id)
        return len(updates) + len(creates) + len(deletes)

    # -- test sets -------------------------------------------------------------------------------
    def resolve_test_set(self, scope, spec, option, known=None):
        """``known`` ({KEY: test}, e.g. from a cycle's executions) saves looking those keys up again."""
        known = known or {}
        if spec.get("keys") is not None:
            keys = unique_values(str(k).strip().upper() for k in spec["keys"])
            unknown = [k for k in keys if k not in known]
            found = self.jira.issues_by_keys(unknown, fields=ISSUE_FIELDS, option=option) if unknown else {}
            missing = [k for k in unknown if k not in found]
            if missing:
                plural = "s" if len(missing) > 1 else ""
                raise InputError(option, "test%s not found: %s" % (plural, ", ".join(missing[:20])),
                                 "give existing Test keys")
            for key in unknown:
                self._check_issue(scope, found[key], option)
            tests = [known[k] if k in known else portable_test(found[k]) for k in keys]
            return {"tests": tests, "spec": spec}
        if spec.get("query") is not None:
            return {"tests": self.search_tests(scope, spec["query"], option), "spec": spec}
        if spec.get("filter") is not None:
            saved = self.jira.saved_filter(spec["filter"], option)
            tests = self.search_tests(scope, saved.get("jql") or "", option)
            return {"tests": tests, "spec": dict(spec, filter_id=str(saved["id"]))}
        if spec.get("from_cycle") is not None:
            return self._from_cycle(scope, spec, option)
        raise InputError(option, "names no tests", "give keys, a JQL query, a saved filter or a cycle")

    def _from_cycle(self, scope, spec, option):
        source = spec["from_cycle"]
        source_scope, cycle = self.source_cycle(scope, source, option)
        group = None
        if source.get("group"):
            group = self.find_group(source_scope, cycle, source["group"], option=option)
            if group is None:
                raise InputError(option, "folder %r not found in cycle %r" % (source["group"], source["name"]),
                                 "give an existing folder")
        tests = [{"id": e["test_id"], "key": e["test_key"], "name": e["test_name"]}
                 for e in self.list_executions(source_scope, cycle, group)]
        return {"tests": unique_tests(tests), "spec": dict(spec, source={
            "cycle_id": cycle["id"], "version_id": source_scope.version["id"],
            "group_id": group["id"] if group else None})}


def _batches(clauses):
    """Clauses in groups of at most NAMES_PER_QUERY and QUERY_BUDGET characters."""
    batch, size = [], 0
    for clause in clauses:
        if batch and (len(batch) >= NAMES_PER_QUERY or size + len(clause) > QUERY_BUDGET):
            yield batch
            batch, size = [], 0
        batch.append(clause)
        size += len(clause) + 4
    if batch:
        yield batch
