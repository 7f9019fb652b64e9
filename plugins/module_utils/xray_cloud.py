# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Xray interface on Xray Cloud: GraphQL for reading and relations, REST for imports.

Xray Cloud's API reaches Jira only through Xray: it reads a Test Execution's Jira fields but can
change only its Test Environments, Tests and Test Plans; summary, description, fix version and
labels are set when Xray creates the execution, and the Revision field can neither be read nor be
set except by an Xray JSON import that creates the execution. Relations use Jira issue ids.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import os
import tempfile

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import (
    XML_FORMATS,
    XrayBackend,
    json_info,
    predicted_execution,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_cloud_api import XrayCloudApi
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_text import jql_text, jql_value

KEYS_PER_QUERY = 100
RUNS_PER_MUTATION = 50  # run updates sent together in one GraphQL mutation (aliased fields)
EXEC_SELECTION = ('issueId projectId testEnvironments '
                  'jira(fields: ["key", "summary", "description", "fixVersions", "labels", "project"]) '
                  'testPlans(limit: 100) { results { jira(fields: ["key"]) } }')
TEST_SELECTION = 'issueId testType { name } unstructured gherkin jira(fields: ["key", "summary"])'
RUN_SELECTION = 'id status { name } comment defects executedById evidence { filename } test { %s }' % TEST_SELECTION

Q_EXECUTIONS = 'query($jql: String!) { getTestExecutions(jql: $jql, limit: 100) { total results { %s } } }' \
    % EXEC_SELECTION
Q_RUNS = ('query($id: String!, $start: Int, $limit: Int!) { getTestExecution(issueId: $id) { '
          'testRuns(limit: $limit, start: $start) { total results { %s } } } }' % RUN_SELECTION)
Q_TESTS = ('query($jql: String!, $start: Int, $limit: Int!) { getTests(jql: $jql, limit: $limit, start: $start) { '
           'total results { %s } } }' % TEST_SELECTION)
Q_PLANS = 'query($jql: String!) { getTestPlans(jql: $jql, limit: 1) { results { issueId jira(fields: ["key"]) } } }'
Q_PLAN_TESTS = ('query($id: String!, $start: Int, $limit: Int!) { getTestPlan(issueId: $id) { '
                'tests(limit: $limit, start: $start) { total results { issueId jira(fields: ["key", "summary"]) } } } }')
Q_PLAN_EXECS = ('query($id: String!, $start: Int, $limit: Int!) { getTestPlan(issueId: $id) { '
                'testExecutions(limit: $limit, start: $start) { total results { issueId jira(fields: ["key"]) } } } }')
M_CREATE = ('mutation($tests: [String], $envs: [String], $jira: JSON!) { createTestExecution('
            'testIssueIds: $tests, testEnvironments: $envs, jira: $jira) { testExecution { issueId '
            'jira(fields: ["key"]) } warnings } }')


class XrayCloudBackend(XrayBackend):
    deployment = "cloud"
    product = "xray_cloud"
    updatable_fields = ("environments",)
    evidence_field = "evidence"  # the Cloud JSON table's name

    def __init__(self, client):
        super(XrayCloudBackend, self).__init__(client)
        self.api = XrayCloudApi(client)

    # -- executions ----------------------------------------------------------------------------
    def check_fields(self, fields, creating):
        if creating and fields.get("labels") and fields.get("revision"):
            raise InputError("labels", "Xray Cloud sets the revision of a new Test Execution only through an Xray "
                             "JSON import, which cannot set labels", "drop labels or revision (set it in Jira)")

    def find_execution(self, key=None, project=None, summary=None, missing_ok=False, read_custom=True):
        if key:
            found = self._executions("key = %s" % jql_value(key))
            if not found:
                if missing_ok:
                    return None
                raise InputError("key", "Test Execution %s not found (or not visible to this API key)" % key,
                                 "give the key of an existing Test Execution, or project and summary")
            return found[0]
        jql = "project = %s AND summary ~ %s" % (jql_value(project), jql_value(jql_text(summary)))
        matches = [e for e in self._executions(jql) if e["summary"] == summary]
        if len(matches) > 1:
            raise AmbiguousError("summary", "%d Test Executions in %s are named %r (%s)" % (
                len(matches), project, summary, ", ".join(sorted(e["key"] for e in matches))), "give key instead")
        return matches[0] if matches else None

    def _executions(self, jql):
        data = self.api.query(Q_EXECUTIONS, {"jql": jql})
        return [_portable_execution(r) for r in (data.get("getTestExecutions") or {}).get("results") or []]

    def create_execution(self, fields, entries):
        if fields.get("revision"):
            ref = self._import_ref(self.api.import_json({"info": json_info(fields), "tests": list(entries)}))
            return dict(predicted_execution(fields), id=ref["id"], key=ref["key"], url=ref["url"])
        jira_fields = {"fields": _jira_fields(fields)}
        data = self.api.mutate(M_CREATE, {"tests": [], "envs": list(fields.get("environments") or []),
                                          "jira": jira_fields},
                               simulate={"createTestExecution": {"testExecution": {"issueId": None, "jira": {}}}})
        created = (data.get("createTestExecution") or {}).get("testExecution") or {}
        execution = dict(predicted_execution(fields), id=created.get("issueId"),
                         key=(created.get("jira") or {}).get("key"), revision=None)
        if entries and execution["key"]:
            self.import_entries(execution, entries)
        return execution

    def update_execution(self, execution, changes):
        if "environments" not in changes:
            return
        have, want = list(execution.get("environments") or []), list(changes["environments"] or [])
        add = [e for e in want if e not in have]
        drop = [e for e in have if e not in want]
        parts, variables = [], {"id": execution["id"]}
        if add:
            parts.append("add: addTestEnvironmentsToTestExecution(issueId: $id, testEnvironments: $add) "
                         "{ associatedTestEnvironments warning }")
            variables["add"] = add
        if drop:
            parts.append("remove: removeTestEnvironmentsFromTestExecution(issueId: $id, testEnvironments: $drop)")
            variables["drop"] = drop
        if parts:
            signature = "$id: String!" + (", $add: [String]" if add else "") + (", $drop: [String]" if drop else "")
            self.api.mutate("mutation(%s) { %s }" % (signature, " ".join(parts)), variables)

    def delete_execution(self, execution):
        self.api.mutate("mutation($id: String!) { deleteTestExecution(issueId: $id) }", {"id": execution["id"]})

    # -- tests and runs ------------------------------------------------------------------------
    def list_runs(self, execution, details=False):
        if not execution.get("id"):
            return []
        items = self.api.paged(Q_RUNS, {"id": execution["id"]},
                               lambda data: (data.get("getTestExecution") or {}).get("testRuns"))
        runs = []
        for item in items:
            test = _portable_test(item.get("test") or {})
            runs.append({"id": item.get("id"), "test_key": test["key"], "test_id": test["id"],
                         "status": ((item.get("status") or {}).get("name") or "").upper(),
                         "comment": item.get("comment") or "", "defects": list(item.get("defects") or []),
                         "evidence": [e.get("filename") for e in item.get("evidence") or [] if isinstance(e, dict)],
                         "executed_by": item.get("executedById") or None, "test": test})
        return runs

    def find_tests(self, keys):
        keys = sorted(set(keys))
        found = {}
        for start in range(0, len(keys), KEYS_PER_QUERY):
            jql = "key in (%s)" % ", ".join(jql_value(k) for k in keys[start:start + KEYS_PER_QUERY])
            data = self.api.query(Q_TESTS, {"jql": jql, "start": 0, "limit": KEYS_PER_QUERY})
            for item in (data.get("getTests") or {}).get("results") or []:
                test = _portable_test(item)
                found[test["key"]] = test
        return found

    def search_tests(self, jql):
        return [_portable_test(i) for i in self.api.paged(Q_TESTS, {"jql": jql}, lambda d: d.get("getTests"))]

    def change_tests(self, execution, add, remove):
        parts, variables, signature = [], {"id": execution["id"]}, ["$id: String!"]
        if add:
            parts.append("add: addTestsToTestExecution(issueId: $id, testIssueIds: $add) { addedTests warning }")
            variables["add"] = [t["id"] for t in add]
            signature.append("$add: [String]")
        if remove:
            parts.append("remove: removeTestsFromTestExecution(issueId: $id, testIssueIds: $drop)")
            variables["drop"] = [r["test_id"] for r in remove]
            signature.append("$drop: [String]")
        if parts:
            self.api.mutate("mutation(%s) { %s }" % (", ".join(signature), " ".join(parts)), variables)

    def import_entries(self, execution, entries):
        if entries:
            return self._import_ref(self.api.import_json({"testExecutionKey": execution["key"],
                                                          "tests": list(entries)}))
        return {"tests": []}

    def update_runs(self, updates):
        """Comments, defects and evidence of many runs in one mutation per RUNS_PER_MUTATION runs.

        Defects are unlinked by key only where the caller knows them (Cloud lists issue ids).
        """
        for start in range(0, len(updates), RUNS_PER_MUTATION):
            parts, variables, signature = [], {}, []
            for number, update in enumerate(updates[start:start + RUNS_PER_MUTATION]):
                run_id = "id%d" % number
                variables[run_id] = update["run"]["id"]
                signature.append("$%s: String!" % run_id)
                if update.get("comment") is not None:
                    parts.append("c%d: updateTestRunComment(id: $%s, comment: $c%d)" % (number, run_id, number))
                    variables["c%d" % number] = update["comment"]
                    signature.append("$c%d: String!" % number)
                for kind, field in (("add_defects", "addDefectsToTestRun"),
                                    ("remove_defects", "removeDefectsFromTestRun")):
                    if update.get(kind):
                        name = "%sd%d" % (kind[0], number)  # ad0 / rd0
                        selection = " { addedDefects warnings }" if kind == "add_defects" else ""
                        parts.append("%s: %s(id: $%s, issues: $%s)%s" % (name, field, run_id, name, selection))
                        variables[name] = list(update[kind])
                        signature.append("$%s: [String]!" % name)
                if update.get("evidence"):
                    parts.append("e%d: addEvidenceToTestRun(id: $%s, evidence: $e%d) { addedEvidence warnings }"
                                 % (number, run_id, number))
                    variables["e%d" % number] = [{"filename": e["filename"], "mimeType": e["contentType"],
                                                  "data": e["data"]} for e in update["evidence"]]
                    signature.append("$e%d: [AttachmentDataInput]!" % number)
            if parts:
                self.api.mutate("mutation(%s) { %s }" % (", ".join(signature), " ".join(parts)), variables)

    # -- result files --------------------------------------------------------------------------
    def multipart_carries(self, fields):
        return not fields.get("revision")

    def import_file(self, execution, path, fmt, fields=None):
        if execution is not None:
            if fmt not in XML_FORMATS:
                raise ValueError("%s reports go into an existing execution as Xray JSON entries" % fmt)
            return self._import_ref(self.api.import_xml(fmt, path, {"testExecKey": execution["key"]}))
        return self._import_ref(self.api.import_multipart(fmt, path, _multipart_info(fields)))

    def import_xray_json(self, execution, document, fields=None):
        doc = dict(document)
        if execution is not None:
            doc["testExecutionKey"] = execution["key"]
            doc.pop("info", None)
            return self._import_ref(self.api.import_json(doc))
        doc.pop("testExecutionKey", None)
        if fields.get("labels"):
            # Only the multipart info (Jira fields) carries labels.
            doc.pop("info", None)
            handle, path = tempfile.mkstemp(suffix=".json")
            try:
                with os.fdopen(handle, "w") as out:
                    json.dump(doc, out)
                return self._import_ref(self.api.import_multipart(None, path, _multipart_info(fields)))
            finally:
                os.unlink(path)
        info = dict(doc.get("info") or {})
        info.update(json_info(fields))
        doc["info"] = info
        return self._import_ref(self.api.import_json(doc))

    @staticmethod
    def _import_ref(answer):
        # No url: Xray Cloud's API does not tell the Jira site, so a found execution could not have one either.
        # Nor does it name the Tests the import put in the execution (tests None).
        answer = answer or {}
        return {"id": answer.get("id"), "key": answer.get("key"), "url": None, "tests": None}

    # -- plans ---------------------------------------------------------------------------------
    def find_plan(self, key):
        data = self.api.query(Q_PLANS, {"jql": "key = %s" % jql_value(key)})
        results = (data.get("getTestPlans") or {}).get("results") or []
        if not results:
            raise InputError("test_plan", "Test Plan %s not found (or not visible to this API key)" % key,
                             "give the key of an existing Test Plan")
        return {"id": results[0].get("issueId"), "key": (results[0].get("jira") or {}).get("key") or key}

    def plan_contents(self, plan):
        tests = self.api.paged(Q_PLAN_TESTS, {"id": plan["id"]}, lambda d: (d.get("getTestPlan") or {}).get("tests"))
        execs = self.api.paged(Q_PLAN_EXECS, {"id": plan["id"]},
                               lambda d: (d.get("getTestPlan") or {}).get("testExecutions"))
        return (set((t.get("jira") or {}).get("key") for t in tests),
                set((e.get("jira") or {}).get("key") for e in execs))

    def add_to_plan(self, plan, execution, tests):
        parts, variables, signature = [], {"id": plan["id"]}, ["$id: String!"]
        if tests:
            parts.append("tests: addTestsToTestPlan(issueId: $id, testIssueIds: $tests) { addedTests warning }")
            variables["tests"] = [t["id"] for t in tests]
            signature.append("$tests: [String]")
        if execution is not None:
            parts.append("execs: addTestExecutionsToTestPlan(issueId: $id, testExecIssueIds: $execs) "
                         "{ addedTestExecutions warning }")
            variables["execs"] = [execution["id"]]
            signature.append("$execs: [String]")
        if parts:
            self.api.mutate("mutation(%s) { %s }" % (", ".join(signature), " ".join(parts)), variables)

    def plan_tests(self, plan):
        tests = self.api.paged(Q_PLAN_TESTS, {"id": plan["id"]}, lambda d: (d.get("getTestPlan") or {}).get("tests"))
        return [{"id": t.get("issueId"), "key": (t.get("jira") or {}).get("key"),
                 "summary": (t.get("jira") or {}).get("summary"), "status": None} for t in tests]

    # -- statuses ------------------------------------------------------------------------------
    def status_names(self):
        return None  # custom Cloud statuses are not listed by the documented API: Xray validates them


def _portable_execution(item):
    jira = item.get("jira") or {}
    fix = jira.get("fixVersions") or []
    plans = ((item.get("testPlans") or {}).get("results")) or []
    return {"id": item.get("issueId"), "key": jira.get("key"), "url": None,
            "project": (jira.get("project") or {}).get("key"), "summary": jira.get("summary"),
            "description": jira.get("description") or "", "fix_version": fix[0].get("name") if fix else None,
            "revision": None, "environments": list(item.get("testEnvironments") or []),
            "labels": list(jira.get("labels") or []),
            "test_plans": [(p.get("jira") or {}).get("key") for p in plans]}


def _portable_test(item):
    jira = item.get("jira") or {}
    kind = (item.get("testType") or {}).get("name") or "Manual"
    definition = item.get("unstructured") if kind == "Generic" else item.get("gherkin") if kind == "Cucumber" else None
    return {"id": item.get("issueId"), "key": jira.get("key"), "summary": jira.get("summary"), "type": kind,
            "definition": definition}


def _jira_fields(fields):
    out = {"project": {"key": fields["project"]}, "summary": fields["summary"],
           "issuetype": {"name": "Test Execution"}}
    if fields.get("description"):
        out["description"] = fields["description"]
    if fields.get("fix_version"):
        out["fixVersions"] = [{"name": fields["fix_version"]}]
    if fields.get("labels"):
        out["labels"] = list(fields["labels"])
    return out


def _multipart_info(fields):
    info = {"fields": _jira_fields(fields)}
    xray_fields = {}
    if fields.get("test_plan"):
        xray_fields["testPlanKey"] = fields["test_plan"]
    if fields.get("environments"):
        xray_fields["environments"] = list(fields["environments"])
    if xray_fields:
        info["xrayFields"] = xray_fields
    return info
