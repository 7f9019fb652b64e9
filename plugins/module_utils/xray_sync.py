# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Making a Test Execution what xray_test_execution asks for, with as few writes as possible.

Everything is read and checked first (the execution, its runs, every Test key, every result file);
then only what differs is written, in bulk: one add/remove of Tests, one import per result file
that changes something (or a few, for a file larger than one import takes: xray_split.py), one Xray
JSON import per batch of changed results. A run whose status, comment, defects and evidence already
match is not touched, so publishing the same results again sends no write at all. What people
changed on a run is kept or replaced as ``merge`` says (xray_merge.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.chunks import chunked
from ansible_collections.testops.testmgmt.plugins.module_utils.diff import changed_fields
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import (
    EXECUTION_FIELDS,
    JSON_FORMATS,
    predicted_execution,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_fold import fold_across_files
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_merge import MergePolicy
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import RunIndex, load_xray_json, read_outcomes
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_split import FileEntries, import_size


class ExecutionSync:
    def __init__(self, backend, wanted, check_mode=False, warn=None, note=None):
        self.backend = backend
        self.w = wanted
        self.check_mode = check_mode
        self.warn = warn or (lambda message: None)
        self.note = note or (lambda message, **data: None)
        self.merge = MergePolicy(wanted.merge, backend, wanted.publisher, self.warn)
        self.batch = wanted.batch_size
        self.state = {}       # ref -> {status, comment, defects, evidence}; ref = Test key or ("new", identity)
        self.before = {}
        self.runs = {}        # Test key -> run, as found
        self.people = set()   # Test keys of runs whose status a person set (merge keep)
        self.kept = []        # [{test, status, published}]: a person's status left in place
        self.writes = []      # what was (or would be) written, for `changed`
        self.known = {}       # Test key -> test, for keys not in the execution
        self.field_changes = None
        self._created_by_file = False
        self.landed = set()   # Test keys import answers named; None once one answer named none
        self._exec_created = False

    # -- the whole task ------------------------------------------------------------------------
    def present(self):
        backend, w = self.backend, self.w
        files = self._read_files()  # a bad report fails before any request
        self._check_custom_statuses()
        execution = backend.find_execution(key=w.key, project=w.fields["project"], summary=w.fields["summary"],
                                           read_custom=self._custom_fields_given())
        creating = execution is None
        backend.check_fields(w.fields, creating)
        plan = backend.find_plan(w.fields["test_plan"]) if w.fields.get("test_plan") else None
        runs = backend.list_runs(execution) if execution else []
        kinds = _detail_kinds(runs, files)
        if kinds:
            backend.run_details(runs, by_summary=bool(kinds - set(["Generic", "id"])))
        self.runs = dict((r["test_key"], r) for r in runs)
        self.state = dict((r["test_key"], _run_state(r)) for r in runs)
        self.before = dict((k, dict(v)) for k, v in self.state.items())
        index = RunIndex(runs)
        self.known = self._resolve_keys(runs, files)
        self.people = self.merge.people_runs(runs)
        if creating:
            execution = self._create_in_project(files)
            files_to_import = files[1:] if self._created_by_file else files
        else:
            self._update_fields(execution)
            start = self._first_file_to_import(files, index)
            files_to_import = files[start:] if start is not None else []
        self._change_membership(execution, runs, files)
        self._import_files(execution, files_to_import, index)
        self._publish_results(execution)
        # No read-back: the import answers and what was sent say what landed. Only a Test Plan needs
        # the final runs (the Tests to add to it, by id on Cloud).
        final_runs = None
        if plan is not None and self.writes and not self.check_mode:
            final_runs = backend.list_runs(execution)
        if plan is not None:
            self._reconcile_plan(plan, execution, final_runs if final_runs is not None else runs)
        self.merge.warn_overwritten(runs, set(k for k, s in self.state.items()
                                              if k in self.before and s["status"] != self.before[k]["status"]))
        return bool(self.writes), self._result(execution, final_runs), self._diff(execution)

    def _custom_fields_given(self):
        """True if an option names a field Xray keeps in a custom field (read only then, on Server)."""
        return any(self.w.fields.get(f) is not None for f in ("environments", "revision", "test_plan"))

    def _landed(self, ref):
        """Remember the Tests an import answer names (None: this answer does not name them)."""
        if self.landed is not None:
            if (ref or {}).get("tests") is None:
                self.landed = None
            else:
                self.landed.update(ref["tests"])
        return ref

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
        return fold_across_files(files, self.backend.product)

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
    def _create_in_project(self, files):
        """The project is not looked up first: the create itself (the first write, refused whole)
        says when Jira has no such project, and that becomes an error naming the option."""
        try:
            return self._create(files)
        except ApiError as exc:
            if exc.status == 400 and "project" in str(exc.message).lower() and not self._exec_created:
                raise InputError("project", "Xray could not create the Test Execution in project %r: %s"
                                 % (self.w.fields.get("project"), " ".join(str(exc.message).split())),
                                 "give the key of an existing Jira project")
            raise

    def _create(self, files):
        fields = dict(self.w.fields)
        if not fields.get("project"):
            raise InputError("project", "is needed to create the Test Execution", "give project (and summary)")
        self.writes.append("create")
        first = files[0] if files else None
        if first and import_size(first) > self.batch:
            # Too large for one import: the first batch of its entries creates the execution.
            entries = self._entries(first, None, fields["project"], set())
            batches = chunked(entries, self.batch)
            document = {"tests": batches[0]}
            if first["format"] == "xray" and load_xray_json(first["path"]).get("info"):
                document["info"] = load_xray_json(first["path"])["info"]
            ref = self._landed(self.backend.import_xray_json(None, document, fields))
            self._exec_created = True
            execution = dict(predicted_execution(fields), id=ref.get("id"), key=ref.get("key"), url=ref.get("url"))
            self._note_batch(execution, first, 1, len(batches), len(batches[0]))
            for number, batch in enumerate(batches[1:], start=2):
                self._landed(self.backend.import_entries(execution, batch))
                self._note_batch(execution, first, number, len(batches), len(batch))
            self._created_by_file = True
            self._predict_file(first, None)
            return execution
        if first and first["format"] == "xray":
            ref = self._landed(self.backend.import_xray_json(None, load_xray_json(first["path"]), fields))
            self._created_by_file = True
        elif first and self.backend.multipart_carries(fields):
            ref = self._landed(self.backend.import_file(None, first["path"], first["format"], fields))
            self._created_by_file = True
        else:
            return self.backend.create_execution(fields, [])
        self._exec_created = True
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
    def _change_membership(self, execution, runs, files):
        result_keys = set(r["test"] for r in self.w.results)
        add = [self.known[k] for k in self.w.tests if k not in self.state and k not in result_keys]
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

        Tests reported by several files carry one folded verdict (xray_fold); results options win over
        files; a status a person set stays (merge keep).
        """
        final = {}
        for position, item in enumerate(files):
            matched = item["matched"] = {}
            for outcome in item["outcomes"]:
                run = index.match(outcome)
                matched[outcome.identity] = run
                final[self._ref(outcome, index)] = (outcome.status, position)
        overridden = set(r["test"] for r in self.w.results)
        starts = []
        for ref, (status, position) in final.items():
            if ref in overridden or (self.state.get(ref) or {}).get("status") == status:
                continue
            if ref in self.people:
                self._keep(ref, status)
            else:
                starts.append(position)
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

    def _predict_file(self, item, index, skip=()):
        for outcome in item["outcomes"]:
            ref = self._ref(outcome, index)
            if ref in skip:
                continue
            if ref in self.state:
                self.state[ref]["status"] = outcome.status
            else:
                self.state[ref] = {"status": outcome.status, "comment": "", "defects": [], "evidence": []}

    def _import_files(self, execution, files, index):
        for item in files:
            skip = set(self._ref(o, index) for o in item["outcomes"]) & self.people
            whole = (item["format"] not in JSON_FORMATS and not skip and import_size(item) <= self.batch
                     and not item.get("folded") and not self._comment_conflict(item, index))
            if whole:
                self.writes.append("file:%s" % item["path"])
                if item["format"] == "xray":
                    self._landed(self.backend.import_xray_json(execution, load_xray_json(item["path"])))
                else:
                    self._landed(self.backend.import_file(execution, item["path"], item["format"]))
            else:
                # Cucumber/behave endpoints take no execution key; a large file, or one naming a run a
                # person owns, goes as Xray JSON entries in batches (xray_split.py).
                self._send(execution, self._entries(item, index, execution.get("project"), skip), item)
            self._predict_file(item, index, skip)

    def _comment_conflict(self, item, index):
        """True if importing the file whole would replace a comment someone else wrote (merge keep)."""
        if self.merge.replace:
            return False
        for outcome in item["outcomes"]:
            ours = (outcome.extra or {}).get("comment")
            run = index.match(outcome) if ours else None
            current = self._comment_of(run) if run else ""
            if current.strip() and current != ours:
                return True
        return False

    def _entries(self, item, index, project, skip):
        builder = FileEntries(index, self.known, project, self.backend.result_entry,
                              comment_for=self._comment_for_key, skip=skip)
        try:
            return builder.of(item, self.backend.product)
        except ResultFileError as exc:
            raise InputError("results_file", str(exc), "link the Test by test_key, or raise import_batch_size")

    def _comment_for_key(self, key, ours):
        run = self.runs.get(key)
        return ours if run is None else self._merged_comment(run, ours)

    def _merged_comment(self, run, ours):
        """The comment to write on ``run`` for our comment ``ours`` (None: leave it)."""
        return None if ours is None else self.merge.comment(self._comment_of(run), ours)

    def _send(self, execution, entries, item):
        if not entries:
            return
        self.writes.append("file:%s" % item["path"])
        batches = chunked(entries, self.batch)
        for number, batch in enumerate(batches, start=1):
            self._landed(self.backend.import_entries(execution, batch))
            self._note_batch(execution, item, number, len(batches), len(batch))

    def _note_batch(self, execution, item, number, total, size):
        if total > 1:
            self.note("%s: imported batch %d of %d (%d results) into %s" % (
                os.path.basename(item["path"]), number, total, size, execution.get("key") or "the new execution"),
                batch=number, batches=total, results=size)

    # -- results -------------------------------------------------------------------------------
    def _publish_results(self, execution):
        entries, updates = [], []
        for result in self.w.results:
            key = result["test"]
            current, run = self.state.get(key), self.runs.get(key)
            if key in self.people:
                update = self._person_run_update(result, current, run)
                if update:
                    updates.append(update)
                continue
            entry = self._entry_if_changed(result, current, run)
            if entry is not None:
                entries.append(entry)
                state = self.state.setdefault(key, {"status": None, "comment": "", "defects": [], "evidence": []})
                state["status"] = result["status"]
                if entry.get("comment") is not None:
                    state["comment"] = entry["comment"]
                self._add_to_state(state, result["defects"], result["evidence"])
            if self.merge.replace and run and result["defects"] and self.backend.unlinks_defects:
                extra = [d for d in self.state[key]["defects"] if d not in result["defects"]]
                if extra:
                    updates.append({"run": run, "remove_defects": extra})
                    self.state[key]["defects"] = [d for d in self.state[key]["defects"] if d not in extra]
        if entries:
            self.writes.append("results")
            for batch in chunked(entries, self.batch):
                self._landed(self.backend.import_entries(execution, batch))
        if updates:
            self.writes.append("runs")
            self.backend.update_runs(updates)

    def _person_run_update(self, result, current, run):
        """A run whose status a person set: status kept; comment, defects and evidence merged into it."""
        if current["status"] != result["status"]:
            self._keep(result["test"], result["status"])
        comment = self._merged_comment(run, result["comment"])
        defects = [d for d in result["defects"] if not _has_defect(current["defects"], d, result["defects"])]
        evidence = [e for e in result["evidence"] if e["filename"] not in current["evidence"]]
        if comment is None and not defects and not evidence:
            return None
        if comment is not None:
            current["comment"] = comment
        self._add_to_state(current, defects, evidence)
        return {"run": run, "comment": comment, "add_defects": defects, "evidence": evidence}

    def _entry_if_changed(self, result, current, run):
        if current is None:
            return self.backend.result_entry(result["test"], result["status"], result["comment"],
                                             result["defects"], result["evidence"])
        comment = self._merged_comment(run, result["comment"]) if run is not None else \
            self.merge.comment(current.get("comment"), result["comment"])
        missing_defects = [d for d in result["defects"] if not _has_defect(current["defects"], d, result["defects"])]
        missing_evidence = [e for e in result["evidence"] if e["filename"] not in current["evidence"]]
        if current["status"] == result["status"] and comment is None and not missing_defects and not missing_evidence:
            return None
        return self.backend.result_entry(result["test"], result["status"], comment, missing_defects,
                                         missing_evidence)

    def _comment_of(self, run):
        """A run's comment, fetched once when the listing left it out."""
        state = self.state.get(run["test_key"])
        if state is not None and state.get("comment") is None:
            state["comment"] = self.backend.run_comment(run)
        return (state or {}).get("comment") or ""

    @staticmethod
    def _add_to_state(state, defects, evidence):
        state["defects"] = list(state["defects"]) + [d for d in defects if d not in state["defects"]]
        state["evidence"] = list(state["evidence"]) + [e["filename"] for e in evidence]

    def _keep(self, key, published):
        if not any(k["test"] == key for k in self.kept):
            self.kept.append({"test": key, "status": self.state[key]["status"], "published": published,
                              "executed_by": self.runs[key].get("executed_by")})

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
        tests = sorted(statuses)
        new = [ref for ref in self.state if isinstance(ref, tuple)]
        if final_runs is None and new and self.landed is not None and not self.check_mode:
            # Tests an import created are named by its answer (Server), not read back.
            tests = sorted(set(ref for ref in self.state if not isinstance(ref, tuple)) | self.landed)
        out = dict(execution)
        out.update({"tests": tests, "counts": counts, "total": len(statuses), "kept": list(self.kept)})
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


def _detail_kinds(runs, files):
    """How report entries that name no Test of the runs by key are matched to them (identity kinds:
    id, Generic definition, or a summary for the others); empty when every entry names its run's Test,
    so the Tests' details (which the Server/DC run listing leaves out) need not be read."""
    if not runs:
        return set()
    keys = set(r["test_key"] for r in runs)
    kinds = set()
    for item in files:
        for outcome in item["outcomes"]:
            if outcome.identity[0] != "key" and not any(k in keys for k in outcome.keys):
                kinds.add(outcome.identity[0])
    return kinds


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
