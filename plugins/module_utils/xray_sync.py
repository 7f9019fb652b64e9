# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Making a Test Execution what xray_test_execution asks for, with as few writes as possible.

Everything is read and checked first (the execution, its runs, every Test key, every result file);
then only what differs is written, in bulk: one add/remove of Tests, one import per result file
that changes something, one Xray JSON import for all changed results. A run whose status, comment,
defects and evidence already match is not touched, so publishing the same results again sends no
write at all.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import (
    EXECUTION_FIELDS,
    JSON_FORMATS,
    XML_FORMATS,
    predicted_execution,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import (
    RunIndex,
    cucumber_entries,
    load_xray_json,
    read_outcomes,
)


class ExecutionSync:
    def __init__(self, backend, wanted, check_mode=False, warn=None):
        self.backend = backend
        self.w = wanted
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.state = {}       # ref -> {status, comment, defects, evidence}; ref = Test key or ("new", identity)
        self.before = {}
        self.writes = []      # what was (or would be) written, for `changed`
        self.known = {}       # Test key -> test, for keys not in the execution
        self.field_changes = None
        self._created_by_file = False

    # -- the whole task ------------------------------------------------------------------------
    def present(self):
        backend, w = self.backend, self.w
        files = self._read_files()  # a bad report fails before any request
        self._check_custom_statuses()
        execution = backend.find_execution(key=w.key, project=w.fields["project"], summary=w.fields["summary"])
        creating = execution is None
        backend.check_fields(w.fields, creating)
        plan = backend.find_plan(w.fields["test_plan"]) if w.fields.get("test_plan") else None
        runs = backend.list_runs(execution, details=bool(w.files)) if execution else []
        self.state = dict((r["test_key"], _run_state(r)) for r in runs)
        self.before = dict((k, dict(v)) for k, v in self.state.items())
        index = RunIndex(runs)
        known = self.known = self._resolve_keys(runs, files)
        if creating:
            execution = self._create(files)
            files_to_import = files[1:] if self._created_by_file else files
        else:
            self._update_fields(execution)
            start = self._first_file_to_import(files, index)
            files_to_import = files[start:] if start is not None else []
        self._change_membership(execution, runs, known, files)
        self._import_files(execution, files_to_import, index)
        self._import_results(execution, runs)
        final_runs = None
        if self.writes and not self.check_mode:
            final_runs = backend.list_runs(execution)
        if plan is not None:
            self._reconcile_plan(plan, execution, final_runs if final_runs is not None else runs)
        return bool(self.writes), self._result(execution, final_runs), self._diff(execution)

    def absent(self):
        execution = self.backend.find_execution(key=self.w.key, project=self.w.fields["project"],
                                                summary=self.w.fields["summary"], missing_ok=True)
        if execution is None:
            return False, {}, None
        self.backend.delete_execution(execution)
        return True, {}, {"before": {"key": execution["key"], "summary": execution["summary"]}, "after": {}}

    # -- checks before writing -----------------------------------------------------------------
    def _check_custom_statuses(self):
        if not self.w.custom_statuses:
            return
        known = self.backend.status_names()
        if known is None:
            return  # the deployment cannot list them: Xray itself refuses unknown ones
        for status, option in self.w.custom_statuses:
            if status not in known:
                raise InputError(option, "status %r is not defined in this Xray" % status,
                                 "use pass, fail, skip, blocked, todo, in_progress or one of: %s"
                                 % ", ".join(sorted(known)))

    def _read_files(self):
        files = []
        for path, fmt in self.w.files:
            try:
                outcomes = read_outcomes(path, fmt, self.backend.product)
            except ResultFileError as exc:
                raise InputError("results_file", str(exc), "fix or regenerate the report")
            except ValueError as exc:
                raise InputError("format", str(exc))
            files.append({"path": path, "format": fmt, "outcomes": outcomes})
        return files

    def _resolve_keys(self, runs, files):
        """Every Test key the task names must be a Test: checked in bulk, before any write."""
        in_execution = set(r["test_key"] for r in runs)
        named = {}
        for key in self.w.tests:
            named.setdefault(key, "tests")
        for result in self.w.results:
            named.setdefault(result["test"], "results")
        candidates = set()
        for item in files:
            for outcome in item["outcomes"]:
                if outcome.explicit and outcome.identity[0] == "key":
                    named.setdefault(outcome.identity[1], "results_file")
                else:
                    candidates.update(outcome.keys)
        wanted = [k for k in named if k not in in_execution] + sorted(candidates - in_execution - set(named))
        known = self.backend.find_tests(wanted) if wanted else {}
        missing = [k for k in named if k not in in_execution and k not in known]
        if missing:
            options = sorted(set(named[k] for k in missing))
            raise InputError(options[0], "Test issue(s) not found: %s" % ", ".join(sorted(missing)),
                             "use keys of existing Tests (issue type Test); nothing was written")
        return known

    # -- creation ------------------------------------------------------------------------------
    def _create(self, files):
        fields = dict(self.w.fields)
        if not fields.get("project"):
            raise InputError("project", "is needed to create the Test Execution", "give project (and summary)")
        self.writes.append("create")
        first = files[0] if files else None
        if first and first["format"] == "xray":
            ref = self.backend.import_xray_json(None, load_xray_json(first["path"]), fields)
            self._created_by_file = True
        elif first and self.backend.multipart_carries(fields):
            ref = self.backend.import_file(None, first["path"], first["format"], fields)
            self._created_by_file = True
        else:
            execution = self.backend.create_execution(fields, [])
            return execution
        self._predict_file(first, None)
        return dict(predicted_execution(fields), id=ref.get("id"), key=ref.get("key"), url=ref.get("url"))

    def _update_fields(self, execution):
        wanted = dict((f, self.w.fields.get(f)) for f in EXECUTION_FIELDS)
        if self.w.key is None:
            wanted["summary"] = None  # found by it
        if execution.get("revision") is None and self.backend.deployment == "cloud":
            wanted["revision"] = None
        changes = changed_fields(execution, wanted)
        if "environments" in changes and sorted(changes["environments"]) == sorted(execution["environments"]):
            del changes["environments"]
        if "labels" in changes and sorted(changes["labels"]) == sorted(execution["labels"]):
            del changes["labels"]
        blocked = sorted(f for f in changes if f not in self.backend.updatable_fields)
        for name in blocked:
            self.warn("%s of %s differs (%r, wanted %r) but Xray %s cannot change it on an existing Test "
                      "Execution; change it in Jira" % (name, execution["key"], execution.get(name), changes[name],
                                                        self.backend.deployment.title()))
            del changes[name]
        if changes:
            self.writes.append("fields")
            self.field_changes = (dict((k, execution.get(k)) for k in changes), changes)
            self.backend.update_execution(execution, changes)
            execution.update(changes)

    # -- Tests in the execution ----------------------------------------------------------------
    def _change_membership(self, execution, runs, known, files):
        result_keys = set(r["test"] for r in self.w.results)
        add = [known[k] for k in self.w.tests if k not in self.state and k not in result_keys]
        remove = []
        if self.w.purge:
            keep = set(self.w.tests) | result_keys
            for item in files:
                for outcome in item["outcomes"]:
                    keep.update(outcome.keys)
                    run = item.get("matched", {}).get(outcome.identity)
                    if run:
                        keep.add(run["test_key"])
            remove = [r for r in runs if r["test_key"] not in keep]
        if add or remove:
            self.writes.append("tests")
            self.backend.change_tests(execution, add, remove)
            for test in add:
                self.state[test["key"]] = {"status": "TODO", "comment": "", "defects": [], "evidence": []}
            for run in remove:
                self.state.pop(run["test_key"], None)

    # -- result files --------------------------------------------------------------------------
    def _first_file_to_import(self, files, index):
        """Index of the first file to (re)import so the execution ends as the files say, or None.

        Later files win where they report the same Test; results options win over files.
        """
        final = {}
        for position, item in enumerate(files):
            matched = item["matched"] = {}
            for outcome in item["outcomes"]:
                run = index.match(outcome)
                matched[outcome.identity] = run
                final[self._ref(outcome, index)] = (outcome.status, position)
        overridden = set(r["test"] for r in self.w.results)
        starts = [pos for ref, (status, pos) in final.items()
                  if ref not in overridden and (self.state.get(ref) or {}).get("status") != status]
        return min(starts) if starts else None

    def _ref(self, outcome, index):
        """Where an outcome lands: a Test key, or a Test the import will create."""
        run = index.match(outcome) if index is not None else None
        if run:
            return run["test_key"]
        if outcome.identity[0] == "key":
            return outcome.identity[1]
        for key in outcome.keys:
            if key in self.known:
                return key
        return ("new", outcome.identity)

    def _predict_file(self, item, index):
        for outcome in item["outcomes"]:
            ref = self._ref(outcome, index)
            if ref in self.state:
                self.state[ref]["status"] = outcome.status
            else:
                self.state[ref] = {"status": outcome.status, "comment": "", "defects": [], "evidence": []}

    def _import_files(self, execution, files, index):
        for item in files:
            self.writes.append("file:%s" % item["path"])
            if item["format"] == "xray":
                self.backend.import_xray_json(execution, load_xray_json(item["path"]))
            elif item["format"] in XML_FORMATS:
                self.backend.import_file(execution, item["path"], item["format"])
            elif item["format"] in JSON_FORMATS:
                entries = cucumber_entries(item["outcomes"], index, self.known, execution.get("project"),
                                           self.backend.result_entry)
                self.backend.import_entries(execution, entries)
            self._predict_file(item, index)

    # -- results -------------------------------------------------------------------------------
    def _import_results(self, execution, runs):
        by_key = dict((r["test_key"], r) for r in runs)
        entries = []
        for result in self.w.results:
            current = self.state.get(result["test"])
            entry = self._entry_if_changed(result, current, by_key.get(result["test"]))
            if entry is None:
                continue
            entries.append(entry)
            state = self.state.setdefault(result["test"], {"status": None, "comment": "", "defects": [],
                                                           "evidence": []})
            state["status"] = result["status"]
            if result["comment"] is not None:
                state["comment"] = result["comment"]
            state["defects"] = list(state["defects"]) + [d for d in result["defects"] if d not in state["defects"]]
            state["evidence"] = list(state["evidence"]) + [e["filename"] for e in result["evidence"]]
        if entries:
            self.writes.append("results")
            self.backend.import_entries(execution, entries)

    def _entry_if_changed(self, result, current, run):
        if current is None:
            return self.backend.result_entry(result["test"], result["status"], result["comment"],
                                             result["defects"], result["evidence"])
        comment = current.get("comment")
        if result["comment"] is not None and comment is None and run is not None:
            comment = current["comment"] = self.backend.run_comment(run)
        missing_defects = [d for d in result["defects"] if not _has_defect(current["defects"], d, result["defects"])]
        missing_evidence = [e for e in result["evidence"] if e["filename"] not in current["evidence"]]
        same = (current["status"] == result["status"]
                and (result["comment"] is None or (comment or "") == result["comment"])
                and not missing_defects and not missing_evidence)
        if same:
            return None
        return self.backend.result_entry(result["test"], result["status"], result["comment"], missing_defects,
                                         missing_evidence)

    # -- Test Plan -----------------------------------------------------------------------------
    def _reconcile_plan(self, plan, execution, runs):
        plan_tests, plan_executions = self.backend.plan_contents(plan)
        missing = [{"key": r["test_key"], "id": r.get("test_id")} for r in runs if r["test_key"] not in plan_tests]
        link = execution.get("key") is None or execution["key"] not in plan_executions
        if missing or link:
            self.writes.append("plan")
            self.backend.add_to_plan(plan, execution if link else None, missing)
            if plan["key"] not in execution["test_plans"]:
                execution["test_plans"] = execution["test_plans"] + [plan["key"]]

    # -- what the task returns -----------------------------------------------------------------
    def _result(self, execution, final_runs):
        if final_runs is not None:
            statuses = dict((r["test_key"], r["status"]) for r in final_runs)
        else:
            statuses = dict((_ref_name(ref), s["status"]) for ref, s in self.state.items())
        counts = {}
        for status in statuses.values():
            counts[status] = counts.get(status, 0) + 1
        out = dict(execution)
        out.update({"tests": sorted(k for k in statuses), "counts": counts, "total": len(statuses)})
        return out

    def _diff(self, execution):
        before = {"tests": sorted(_ref_name(r) for r in self.before),
                  "statuses": dict((_ref_name(r), s["status"]) for r, s in self.before.items())}
        after = {"tests": sorted(_ref_name(r) for r in self.state),
                 "statuses": dict((_ref_name(r), s["status"]) for r, s in self.state.items())}
        if self.field_changes:
            before["fields"], after["fields"] = self.field_changes
        if "create" in self.writes:
            before = {}
            after["fields"] = dict((f, execution.get(f)) for f in EXECUTION_FIELDS)
        if before == after:
            return None
        return {"before": before, "after": after}


def _run_state(run):
    return {"status": run["status"], "comment": run.get("comment"), "defects": list(run.get("defects") or []),
            "evidence": list(run.get("evidence") or [])}


def _has_defect(current, defect, wanted):
    if defect in current:
        return True
    # Xray Cloud lists a run's defects by Jira issue id; without Jira access the keys cannot be
    # mapped, so as many defects as wanted counts as published.
    return bool(current) and all(str(d).isdigit() for d in current) and len(current) >= len(wanted)


def _ref_name(ref):
    if isinstance(ref, tuple):
        kind, value = ref[1]
        return "%s (new %s Test)" % (value, kind) if kind not in ("key", "id") else value
    return ref
