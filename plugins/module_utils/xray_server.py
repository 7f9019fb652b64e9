# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Xray interface on Xray Server/Data Center: Jira REST for the issues, /rest/raven for the rest.

Xray keeps a Test Execution's environments, revision and Test Plans, and a Test's type, Generic
definition and Cucumber scenario, in Jira custom fields whose ids differ per instance; they are
found once by name in GET /rest/api/2/field.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.jira_api import KEYS_PER_QUERY, JiraApi
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import (
    XML_FORMATS,
    XrayBackend,
    json_info,
    predicted_execution,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_server_api import XrayServerApi
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_text import jql_text, jql_value

EXECUTION_TYPE = "Test Execution"
# Xray's custom fields by the names Xray gives them (matched case-insensitively).
CUSTOM_FIELDS = {"environments": "test environments", "revision": "revision", "test_plans": "test plan",
                 "test_type": "test type", "definition": "generic test definition",
                 "scenario": "cucumber scenario"}
_FIELD_OPTION = {"environments": "environments", "revision": "revision", "test_plans": "test_plan"}


class XrayServerBackend(XrayBackend):
    deployment = "server"
    product = "xray_server"
    unlinks_defects = True

    def __init__(self, client):
        super(XrayServerBackend, self).__init__(client)
        self.jira = JiraApi(client)
        self.api = XrayServerApi(client)
        self._custom = None

    # -- custom fields -------------------------------------------------------------------------
    def custom(self, name, required=False):
        if self._custom is None:
            by_name = {}
            for field in self.client.get("/rest/api/2/field") or []:
                if field.get("custom"):
                    by_name.setdefault((field.get("name") or "").strip().lower(), field["id"])
            self._custom = dict((k, by_name.get(v)) for k, v in CUSTOM_FIELDS.items())
        if required and not self._custom.get(name):
            raise InputError(_FIELD_OPTION.get(name, name), "this Jira has no %r field" % CUSTOM_FIELDS[name].title(),
                             "check that Xray is installed and the field is on the Test Execution screens")
        return self._custom.get(name)

    def _exec_field_names(self, read_custom=True):
        names = ["summary", "description", "fixVersions", "labels", "issuetype", "project"]
        if read_custom:
            names.extend(f for f in (self.custom("environments"), self.custom("revision"), self.custom("test_plans"))
                         if f)
        return names

    # -- executions ----------------------------------------------------------------------------
    def find_execution(self, key=None, project=None, summary=None, missing_ok=False, read_custom=True):
        """``read_custom=False`` skips Xray's custom fields (and the field list they need): the
        execution's environments, revision and Test Plans are then None (not read)."""
        names = self._exec_field_names(read_custom)
        if key:
            try:
                issue = self.jira.issue(key, fields=names)
            except ApiError as exc:
                if exc.status == 404:
                    if missing_ok:
                        return None
                    raise InputError("key", "Test Execution %s not found (or not visible to this user)" % key,
                                     "give the key of an existing Test Execution, or project and summary")
                raise
            kind = ((issue.get("fields") or {}).get("issuetype") or {}).get("name")
            if kind != EXECUTION_TYPE:
                raise InputError("key", "%s is a %s, not a Test Execution" % (key, kind), "give a Test Execution key")
            return self._portable(issue, read_custom)
        # No project lookup first: Jira's own search refuses a project it does not know (400).
        jql = 'project = %s AND issuetype = "%s" AND summary ~ %s' % (
            jql_value(project), EXECUTION_TYPE, jql_value(jql_text(summary)))
        try:
            found = self.jira.search(jql, fields=names)
        except ApiError as exc:
            if exc.status == 400:
                raise InputError("project", "Jira refused the search for the execution in project %r: %s"
                                 % (project, exc.message), "give an existing project key")
            raise
        matches = [i for i in found if (i.get("fields") or {}).get("summary") == summary]
        if len(matches) > 1:
            raise AmbiguousError("summary", "%d Test Executions in %s are named %r (%s)" % (
                len(matches), project, summary, ", ".join(sorted(i["key"] for i in matches))),
                "give key instead")
        return self._portable(matches[0], read_custom) if matches else None

    def _portable(self, issue, read_custom=True):
        fields = issue.get("fields") or {}
        fix = fields.get("fixVersions") or []
        out = {
            "id": str(issue.get("id")), "key": issue.get("key"), "url": self.browse_url(issue.get("key")),
            "project": (fields.get("project") or {}).get("key"), "summary": fields.get("summary"),
            "description": fields.get("description") or "",
            "fix_version": fix[0].get("name") if fix else None,
            "revision": None, "environments": None, "labels": list(fields.get("labels") or []), "test_plans": None,
        }
        if read_custom:
            revision_field, env_field, plans_field = (self.custom("revision"), self.custom("environments"),
                                                      self.custom("test_plans"))
            out["revision"] = (fields.get(revision_field) or None) if revision_field else None
            out["environments"] = list(fields.get(env_field) or []) if env_field else []
            out["test_plans"] = list(fields.get(plans_field) or []) if plans_field else []
        return out

    def browse_url(self, key):
        return "%s/browse/%s" % (self.client.base_url, key) if key else None

    def _jira_fields(self, fields, creating=True):
        out = {}
        if creating:
            out["project"] = {"key": fields["project"]}
            out["issuetype"] = {"name": EXECUTION_TYPE}
        if fields.get("summary") is not None:
            out["summary"] = fields["summary"]
        if fields.get("description") is not None:
            out["description"] = fields["description"]
        if fields.get("fix_version") is not None:
            out["fixVersions"] = [{"name": fields["fix_version"]}] if fields["fix_version"] else []
        if fields.get("labels") is not None:
            out["labels"] = list(fields["labels"])
        if fields.get("environments") is not None:
            out[self.custom("environments", required=True)] = list(fields["environments"])
        if fields.get("revision") is not None:
            out[self.custom("revision", required=True)] = fields["revision"]
        if fields.get("test_plan"):
            out[self.custom("test_plans", required=True)] = [fields["test_plan"]]
        return out

    def create_execution(self, fields, entries):
        created = self.jira.create_issue(self._jira_fields(fields))
        execution = dict(predicted_execution(fields), id=created.get("id"), key=created.get("key"))
        execution["url"] = self.browse_url(execution["key"])
        if entries:
            self.import_entries(execution, entries)
        return execution

    def update_execution(self, execution, changes):
        if changes:
            self.jira.update_issue(execution["key"], self._jira_fields(changes, creating=False))

    def delete_execution(self, execution):
        self.client.delete("/rest/api/2/issue/%s" % execution["key"])

    # -- tests and runs ------------------------------------------------------------------------
    def list_runs(self, execution, details=False):
        if not execution.get("key"):
            return []
        runs = []
        for item in self.api.execution_tests(execution["key"]):
            runs.append({
                "id": str(item.get("id")), "test_key": item.get("key"), "test_id": None,
                "status": (item.get("status") or "").upper(),
                "comment": item.get("comment") if "comment" in item else None,
                "defects": [d.get("key") if isinstance(d, dict) else d for d in item.get("defects") or []],
                "evidence": [e.get("fileName") for e in item.get("evidences") or [] if isinstance(e, dict)],
                "executed_by": _user_name(item.get("executedBy")),
            })
        if details:
            self.run_details(runs)
        return runs

    def run_details(self, runs, by_summary=True):
        """Add each run's ``test`` (type, Generic definition, summary) to match report entries by them.

        Without ``by_summary`` Xray's own Test export (type and definition, no summary) serves, and needs no
        custom field ids (no field list); with it, Jira's search reads the summaries and the custom fields."""
        keys = [r["test_key"] for r in runs if "test" not in r]
        tests = self._tests_by_search(keys) if by_summary else self.find_tests(keys)
        for run in runs:
            if "test" not in run:
                run["test"] = tests.get(run["test_key"])
                run["test_id"] = (run["test"] or {}).get("id")

    def run_comment(self, run):
        """The comment of one run, for listings that leave it out."""
        return (self.api.test_run(run["id"]) or {}).get("comment") or ""

    def _test_field_names(self):
        return ["summary", "issuetype"] + [f for f in (self.custom("test_type"), self.custom("definition"),
                                                       self.custom("scenario")) if f]

    def _tests_by_search(self, keys):
        if not keys:
            return {}
        found = {}
        names = self._test_field_names()
        keys = list(keys)
        # As many keys per search as keep the GET's URL short (a POSTed search would look like a write).
        for start in range(0, len(keys), KEYS_PER_QUERY):
            jql = "key in (%s)" % ", ".join(keys[start:start + KEYS_PER_QUERY])
            for issue in self.jira.search(jql, fields=names, page_size=KEYS_PER_QUERY, validate="warn"):
                found[issue["key"]] = self._portable_test(issue)
        return found

    def _portable_test(self, issue):
        fields = issue.get("fields") or {}
        kind = fields.get(self.custom("test_type")) if self.custom("test_type") else None
        kind = (kind.get("value") if isinstance(kind, dict) else kind) or "Manual"
        definition = None
        if kind == "Generic" and self.custom("definition"):
            definition = fields.get(self.custom("definition"))
        elif kind == "Cucumber" and self.custom("scenario"):
            definition = fields.get(self.custom("scenario"))
        return {"id": str(issue.get("id")), "key": issue.get("key"), "summary": fields.get("summary"),
                "type": kind, "definition": definition}

    def find_tests(self, keys):
        found = {}
        for item in self.api.tests(sorted(set(keys))):
            definition = item.get("definition")
            found[item.get("key")] = {"id": str(item.get("id")), "key": item.get("key"), "summary": None,
                                      "type": item.get("type") or "Manual",
                                      "definition": definition if isinstance(definition, str) else None}
        return found

    def search_tests(self, jql):
        return [self._portable_test(i) for i in self.jira.search(jql, fields=self._test_field_names())
                if ((i.get("fields") or {}).get("issuetype") or {}).get("name") == "Test"]

    def change_tests(self, execution, add, remove):
        if add or remove:
            self.api.change_execution_tests(execution["key"], [t["key"] for t in add],
                                            [r["test_key"] for r in remove])

    def import_entries(self, execution, entries):
        if entries:
            return self._ref(self.api.import_json({"testExecutionKey": execution["key"], "tests": list(entries)}))
        return {"tests": []}

    def update_runs(self, updates):
        # Xray Server updates one run per request (PUT /api/testrun/{id}); only runs a person changed
        # (merge keep) or whose defects are replaced get here.
        for update in updates:
            body = {}
            if update.get("comment") is not None:
                body["comment"] = update["comment"]
            if update.get("add_defects") or update.get("remove_defects"):
                body["defects"] = {"add": list(update.get("add_defects") or []),
                                   "remove": list(update.get("remove_defects") or [])}
            if update.get("evidence"):
                body["evidences"] = {"add": list(update["evidence"])}
            if body:
                self.api.update_run(update["run"]["id"], body)

    def publisher_names(self):
        me = self.jira.myself() or {}
        return [me.get("name"), me.get("key")]

    def publisher_login(self):
        """The user name the client logs in with (none with a token): a run it executed needs no /myself."""
        return getattr(self.client.auth, "username", None)

    # -- result files --------------------------------------------------------------------------
    def multipart_carries(self, fields):
        return True

    def import_file(self, execution, path, fmt, fields=None):
        if execution is not None:
            if fmt not in XML_FORMATS:
                raise ValueError("%s reports go into an existing execution as Xray JSON entries" % fmt)
            answer = self.api.import_xml(fmt, path, {"testExecKey": execution["key"]})
        else:
            answer = self.api.import_multipart(fmt, path, {"fields": self._jira_fields(fields)})
        return self._ref(answer)

    def import_xray_json(self, execution, document, fields=None):
        doc = dict(document)
        if execution is not None:
            doc["testExecutionKey"] = execution["key"]
            doc.pop("info", None)
            return self._ref(self.api.import_json(doc))
        doc.pop("testExecutionKey", None)
        info = dict(doc.get("info") or {})
        info.update(json_info(fields))
        doc["info"] = info
        ref = self._ref(self.api.import_json(doc))
        if fields.get("labels") and ref.get("key"):
            self.jira.update_issue(ref["key"], {"labels": list(fields["labels"])})
        return ref

    def _ref(self, answer):
        # The answer names the execution and every Test the import put in it: what landed, unread.
        issue = (answer or {}).get("testExecIssue") or {}
        tests = [t.get("key") for t in ((answer or {}).get("testIssues") or {}).get("success") or []
                 if isinstance(t, dict) and t.get("key")]
        return {"id": issue.get("id"), "key": issue.get("key"), "url": self.browse_url(issue.get("key")),
                "tests": tests}

    # -- plans ---------------------------------------------------------------------------------
    def find_plan(self, key):
        try:
            issue = self.jira.issue(key, fields=["issuetype"])
        except ApiError as exc:
            if exc.status == 404:
                raise InputError("test_plan", "Test Plan %s not found (or not visible to this user)" % key,
                                 "give the key of an existing Test Plan")
            raise
        kind = ((issue.get("fields") or {}).get("issuetype") or {}).get("name")
        if kind != "Test Plan":
            raise InputError("test_plan", "%s is a %s, not a Test Plan" % (key, kind), "give a Test Plan key")
        return {"id": str(issue.get("id")), "key": issue.get("key")}

    def plan_contents(self, plan):
        tests = set(t.get("key") for t in self.api.plan_tests(plan["key"]))
        executions = set(e.get("key") for e in self.api.plan_executions(plan["key"]))
        return tests, executions

    def add_to_plan(self, plan, execution, tests):
        if tests:
            self.api.add_plan_tests(plan["key"], [t["key"] for t in tests])
        if execution is not None:
            self.api.add_plan_executions(plan["key"], [execution["key"]])

    def plan_tests(self, plan):
        return [{"id": str(t.get("id")), "key": t.get("key"), "summary": None, "status": t.get("latestStatus")}
                for t in self.api.plan_tests(plan["key"])]

    # -- statuses ------------------------------------------------------------------------------
    def status_names(self):
        return [str(s.get("name") or "").upper() for s in self.api.statuses()]


def _user_name(value):
    """executedBy is a user name (older Xray: a user object)."""
    if isinstance(value, dict):
        value = value.get("name") or value.get("key")
    return value or None
