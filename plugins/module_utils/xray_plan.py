# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Making a Test Plan what xray_test_plan asks for: found by key or by summary in its project,
created when missing, its fields, Tests and Test Executions set with one request per kind of change.

Every key is checked before anything is written; a plan that already matches gets no write.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_plan_backend import PLAN_FIELDS
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_wanted import issue_key, jira_labels


class WantedPlan:
    def __init__(self, params):
        self.key = issue_key(params["key"], "key") if params.get("key") else None
        summary = params.get("summary")
        if not self.key and not (params.get("project") and (summary or "").strip()):
            raise InputError("summary", "the Test Plan is found by key, or by project and summary",
                             "give key, or project and summary")
        if summary is not None and (not summary.strip() or len(summary) > 255):
            raise InputError("summary", "must be 1 to 255 characters", "give the plan a short name")
        self.project = params.get("project")
        self.fields = {"summary": summary, "description": params.get("description"),
                       "fix_version": params.get("fix_version"), "labels": jira_labels(params.get("labels"))}
        self.tests = _keys(params.get("tests"), "tests")
        self.executions = _keys(params.get("test_executions"), "test_executions")
        self.purge_tests = bool(params.get("purge_tests"))
        self.purge_executions = bool(params.get("purge_test_executions"))
        for purge, wanted, option in ((self.purge_tests, self.tests, "purge_tests"),
                                      (self.purge_executions, self.executions, "purge_test_executions")):
            if purge and wanted is None:
                raise InputError(option, "needs the list of what the plan keeps",
                                 "give %s" % option.replace("purge_", ""))


def _keys(values, option):
    if values is None:
        return None
    out = []
    for value in values:
        key = issue_key(value, option)
        if key not in out:
            out.append(key)
    return out


class PlanSync:
    def __init__(self, plans, tests_backend, wanted, check_mode=False, warn=None):
        self.plans = plans            # ServerPlans / CloudPlans
        self.tests = tests_backend    # the execution backend: find_tests
        self.w = wanted
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)

    def absent(self):
        plan = self.plans.find(key=self.w.key, project=self.w.project, summary=self.w.fields["summary"],
                               missing_ok=True)
        if plan is None:
            return False, {}, None
        self.plans.delete(plan)
        return True, {}, {"before": {"key": plan["key"], "summary": plan["summary"]}, "after": {}}

    def present(self):
        w = self.w
        plan = self.plans.find(key=w.key, project=w.project, summary=w.fields["summary"])
        tests, execs = self.plans.members(plan) if plan else ([], [])
        have_tests = dict((t["key"], t) for t in tests)
        have_execs = dict((e["key"], e) for e in execs)
        new_tests = self._existing(w.tests, have_tests, self.tests.find_tests, "tests", "Test")
        new_execs = self._existing(w.executions, have_execs, self.plans.find_executions, "test_executions",
                                   "Test Execution")
        add_tests = [new_tests[k] for k in w.tests or [] if k not in have_tests]
        drop_tests = [t for k, t in have_tests.items() if w.purge_tests and k not in (w.tests or [])]
        add_execs = [new_execs[k] for k in w.executions or [] if k not in have_execs]
        drop_execs = [e for k, e in have_execs.items() if w.purge_executions and k not in (w.executions or [])]

        changed, before = False, None
        if plan is None:
            if not w.project:
                raise InputError("project", "is needed to create the Test Plan", "give project (and summary)")
            created = self.plans.create(dict(w.fields, project=w.project), add_tests)
            plan = dict(w.fields, project=w.project, url=None, description=w.fields["description"] or "",
                        labels=list(w.fields["labels"] or []), **created)
            if plan["key"] and getattr(self.tests, "browse_url", None):
                plan["url"] = self.tests.browse_url(plan["key"])
            if add_execs or drop_execs:
                self.plans.change(plan, [], [], add_execs, drop_execs)
            changed = True
        else:
            before = dict(self._view(plan, have_tests, have_execs))
            changed = self._update_fields(plan)
            if add_tests or drop_tests or add_execs or drop_execs:
                self.plans.change(plan, add_tests, drop_tests, add_execs, drop_execs)
                changed = True
        final_tests = sorted((set(have_tests) | set(t["key"] for t in add_tests)) - set(t["key"] for t in drop_tests))
        final_execs = sorted((set(have_execs) | set(e["key"] for e in add_execs)) - set(e["key"] for e in drop_execs))
        after = self._view(plan, final_tests, final_execs)
        result = dict(plan, tests=final_tests, test_executions=final_execs)
        diff = {"before": before or {}, "after": after} if changed else None
        return changed, result, diff

    def _existing(self, wanted, have, lookup, option, kind):
        """{key: member} for wanted keys not in the plan yet; InputError listing the unknown ones."""
        missing = [k for k in wanted or [] if k not in have]
        found = lookup(missing) if missing else {}
        unknown = [k for k in missing if k not in found]
        if unknown:
            raise InputError(option, "%s issue(s) not found: %s" % (kind, ", ".join(unknown)),
                             "use keys of existing %ss; nothing was written" % kind)
        return found

    def _update_fields(self, plan):
        wanted = dict((f, self.w.fields.get(f)) for f in PLAN_FIELDS)
        if self.w.key is None:
            wanted["summary"] = None  # found by it
        changes = changed_fields(plan, wanted)
        if "labels" in changes and sorted(changes["labels"]) == sorted(plan["labels"]):
            del changes["labels"]
        for name in sorted(f for f in changes if f not in self.plans.updatable_fields):
            self.warn("%s of %s differs (%r, wanted %r) but Xray %s cannot change it on an existing Test Plan; "
                      "change it in Jira" % (name, plan["key"], plan.get(name), changes[name],
                                             self.plans.deployment.title()))
            del changes[name]
        if not changes:
            return False
        self.plans.update(plan, changes)
        plan.update(changes)
        return True

    @staticmethod
    def _view(plan, tests, execs):
        view = dict((f, plan.get(f)) for f in PLAN_FIELDS)
        view.update(tests=sorted(tests), test_executions=sorted(execs))
        return view
