# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Test Plans on both deployments, for xray_test_plan: the plan issue and what it holds.

Portable plan: {id, key, url, project, summary, description, fix_version, labels}; members are
{id, key} for Tests and Test Executions. Server/DC: the plan is a Jira issue (/rest/api/2/issue) and
its Tests and Test Executions are managed under /rest/raven/1.0/api/testplan/{key}. Cloud: GraphQL
(createTestPlan, deleteTestPlan, add/remove Tests and Test Executions, by issue id); Xray Cloud's API
cannot change a plan's Jira fields once it exists.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_text import jql_text, jql_value

PLAN_TYPE = "Test Plan"
PLAN_FIELDS = ("summary", "description", "fix_version", "labels")
KEYS_PER_QUERY = 100
PLAN_JIRA = 'jira(fields: ["key", "summary", "description", "fixVersions", "labels", "project"])'
Q_PLANS = 'query($jql: String!) { getTestPlans(jql: $jql, limit: 100) { total results { issueId %s } } }' % PLAN_JIRA
Q_EXECS = ('query($jql: String!, $start: Int, $limit: Int!) { getTestExecutions(jql: $jql, limit: $limit, '
           'start: $start) { total results { issueId jira(fields: ["key"]) } } }')
M_CREATE = ('mutation($tests: [String], $jira: JSON!) { createTestPlan(testIssueIds: $tests, jira: $jira) '
            '{ testPlan { issueId jira(fields: ["key"]) } warnings } }')


def _missing_plan(key):
    return InputError("key", "Test Plan %s not found (or not visible)" % key,
                      "give the key of an existing Test Plan, or project and summary to create one")


class ServerPlans:
    deployment = "server"
    updatable_fields = PLAN_FIELDS

    def __init__(self, backend):
        self.backend = backend  # the XrayServerBackend: Jira, Xray REST, Tests
        self.jira = backend.jira
        self.api = backend.api

    def find(self, key=None, project=None, summary=None, missing_ok=False):
        names = ["summary", "description", "fixVersions", "labels", "issuetype", "project"]
        if key:
            try:
                issue = self.jira.issue(key, fields=names)
            except ApiError as exc:
                if exc.status == 404:
                    if missing_ok:
                        return None
                    raise _missing_plan(key)
                raise
            kind = ((issue.get("fields") or {}).get("issuetype") or {}).get("name")
            if kind != PLAN_TYPE:
                raise InputError("key", "%s is a %s, not a Test Plan" % (key, kind), "give a Test Plan key")
            return self._portable(issue)
        proj = self.jira.project(project)
        jql = 'project = %s AND issuetype = "%s" AND summary ~ %s' % (
            jql_value(proj["key"]), PLAN_TYPE, jql_value(jql_text(summary)))
        matches = [i for i in self.jira.search(jql, fields=names) if (i.get("fields") or {}).get("summary") == summary]
        _one_match(matches, proj["key"], summary, lambda i: i["key"])
        return self._portable(matches[0]) if matches else None

    def _portable(self, issue):
        fields = issue.get("fields") or {}
        fix = fields.get("fixVersions") or []
        return {"id": str(issue.get("id")), "key": issue.get("key"), "url": self.backend.browse_url(issue.get("key")),
                "project": (fields.get("project") or {}).get("key"), "summary": fields.get("summary"),
                "description": fields.get("description") or "", "fix_version": fix[0].get("name") if fix else None,
                "labels": list(fields.get("labels") or [])}

    def members(self, plan):
        """([tests], [test executions]) of the plan, each {id, key}."""
        tests = [{"id": str(t.get("id")), "key": t.get("key")} for t in self.api.plan_tests(plan["key"])]
        execs = [{"id": str(e.get("id")), "key": e.get("key")} for e in self.api.plan_executions(plan["key"])]
        return tests, execs

    def find_executions(self, keys):
        """{key: {id, key}} of the keys that name Test Executions."""
        found = self.jira.issues_by_keys(keys, fields=("issuetype",), option="test_executions")
        return dict((k, {"id": str(i.get("id")), "key": i.get("key")}) for k, i in found.items()
                    if ((i.get("fields") or {}).get("issuetype") or {}).get("name") == "Test Execution")

    def _jira_fields(self, fields, creating):
        out = {}
        if creating:
            out.update(project={"key": fields["project"]}, issuetype={"name": PLAN_TYPE})
        for name in ("summary", "description"):
            if fields.get(name) is not None:
                out[name] = fields[name]
        if fields.get("fix_version") is not None:
            out["fixVersions"] = [{"name": fields["fix_version"]}] if fields["fix_version"] else []
        if fields.get("labels") is not None:
            out["labels"] = list(fields["labels"])
        return out

    def create(self, fields, tests):
        created = self.jira.create_issue(self._jira_fields(fields, creating=True))
        plan = {"id": created.get("id"), "key": created.get("key")}
        if tests and plan["key"]:
            self.change(plan, tests, [], [], [])
        return plan

    def update(self, plan, changes):
        self.jira.update_issue(plan["key"], self._jira_fields(changes, creating=False))

    def change(self, plan, add_tests, remove_tests, add_execs, remove_execs):
        if add_tests or remove_tests:
            self.api.change_plan("test", plan["key"], [t["key"] for t in add_tests], [t["key"] for t in remove_tests])
        if add_execs or remove_execs:
            self.api.change_plan("testexecution", plan["key"], [e["key"] for e in add_execs],
                                 [e["key"] for e in remove_execs])

    def delete(self, plan):
        self.jira.delete_issue(plan["key"])


class CloudPlans:
    deployment = "cloud"
    updatable_fields = ()

    def __init__(self, backend):
        self.backend = backend  # the XrayCloudBackend: GraphQL, Tests
        self.api = backend.api

    def find(self, key=None, project=None, summary=None, missing_ok=False):
        if key:
            found = self._plans("key = %s" % jql_value(key))
            if not found and not missing_ok:
                raise _missing_plan(key)
            return found[0] if found else None
        jql = "project = %s AND summary ~ %s" % (jql_value(project), jql_value(jql_text(summary)))
        matches = [p for p in self._plans(jql) if p["summary"] == summary]
        _one_match(matches, project, summary, lambda p: p["key"])
        return matches[0] if matches else None

    def _plans(self, jql):
        data = self.api.query(Q_PLANS, {"jql": jql})
        out = []
        for item in (data.get("getTestPlans") or {}).get("results") or []:
            jira = item.get("jira") or {}
            fix = jira.get("fixVersions") or []
            out.append({"id": item.get("issueId"), "key": jira.get("key"), "url": None,
                        "project": (jira.get("project") or {}).get("key"), "summary": jira.get("summary"),
                        "description": jira.get("description") or "",
                        "fix_version": fix[0].get("name") if fix else None, "labels": list(jira.get("labels") or [])})
        return out

    def members(self, plan):
        from ansible_collections.testops.testmgmt.plugins.module_utils.xray_cloud import Q_PLAN_EXECS, Q_PLAN_TESTS

        tests = self.api.paged(Q_PLAN_TESTS, {"id": plan["id"]}, lambda d: (d.get("getTestPlan") or {}).get("tests"))
        execs = self.api.paged(Q_PLAN_EXECS, {"id": plan["id"]},
                               lambda d: (d.get("getTestPlan") or {}).get("testExecutions"))
        return ([{"id": t.get("issueId"), "key": (t.get("jira") or {}).get("key")} for t in tests],
                [{"id": e.get("issueId"), "key": (e.get("jira") or {}).get("key")} for e in execs])

    def find_executions(self, keys):
        keys = sorted(set(keys))
        found = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            jql = "key in (%s)" % ", ".join(jql_value(k) for k in keys[start:start + KEYS_PER_QUERY])
            for item in self.api.paged(Q_EXECS, {"jql": jql}, lambda d: d.get("getTestExecutions")):
                key = (item.get("jira") or {}).get("key")
                found[key] = {"id": item.get("issueId"), "key": key}
        return found

    def create(self, fields, tests):
        jira_fields = {"project": {"key": fields["project"]}, "summary": fields["summary"],
                       "issuetype": {"name": PLAN_TYPE}}
        if fields.get("description"):
            jira_fields["description"] = fields["description"]
        if fields.get("fix_version"):
            jira_fields["fixVersions"] = [{"name": fields["fix_version"]}]
        if fields.get("labels"):
            jira_fields["labels"] = list(fields["labels"])
        data = self.api.mutate(M_CREATE, {"tests": [t["id"] for t in tests], "jira": {"fields": jira_fields}},
                               simulate={"createTestPlan": {"testPlan": {"issueId": None, "jira": {}}}})
        created = (data.get("createTestPlan") or {}).get("testPlan") or {}
        return {"id": created.get("issueId"), "key": (created.get("jira") or {}).get("key")}

    def update(self, plan, changes):
        raise ValueError("Xray Cloud cannot change a Test Plan's Jira fields")  # callers warn instead

    def change(self, plan, add_tests, remove_tests, add_execs, remove_execs):
        parts, variables, signature = [], {"id": plan["id"]}, ["$id: String!"]
        for name, field, items, selection in (
                ("addT", "addTestsToTestPlan(issueId: $id, testIssueIds: $addT)", add_tests, " { addedTests warning }"),
                ("dropT", "removeTestsFromTestPlan(issueId: $id, testIssueIds: $dropT)", remove_tests, ""),
                ("addE", "addTestExecutionsToTestPlan(issueId: $id, testExecIssueIds: $addE)", add_execs,
                 " { addedTestExecutions warning }"),
                ("dropE", "removeTestExecutionsFromTestPlan(issueId: $id, testExecIssueIds: $dropE)", remove_execs,
                 "")):
            if items:
                parts.append("%s: %s%s" % (name, field, selection))
                variables[name] = [i["id"] for i in items]
                signature.append("$%s: [String]" % name)
        if parts:
            self.api.mutate("mutation(%s) { %s }" % (", ".join(signature), " ".join(parts)), variables)

    def delete(self, plan):
        self.api.mutate("mutation($id: String!) { deleteTestPlan(issueId: $id) }", {"id": plan["id"]})


def _one_match(matches, project, summary, key_of):
    if len(matches) > 1:
        raise AmbiguousError("summary", "%d Test Plans in %s are named %r (%s)" % (
            len(matches), project, summary, ", ".join(sorted(key_of(m) for m in matches))), "give key instead")


def plan_backend(backend):
    """The plans of the deployment ``backend`` (from xray_backend) talks to."""
    return CloudPlans(backend) if backend.deployment == "cloud" else ServerPlans(backend)
