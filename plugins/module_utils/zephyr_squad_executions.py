# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Squad executions: listing, adding tests (addTestsToCycle methods 1-3), removing, bulk status,
execute (comment/defects), step results, attachments. Every asynchronous job is waited for and its
effect verified by listing, because ZAPI lists can lag a finished job and quick jobs vanish."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import os
import time

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

CHUNK = 1000            # ids per bulk call (ZAPI's MAX_LIMIT)
VERIFY_TIMEOUT = 60.0   # how long a listing may lag a finished job


def portable_execution(raw, names):
    status_id = str(raw.get("executionStatus"))
    return {
        "id": str(raw["id"]), "test_id": str(raw.get("issueId")), "test_key": raw.get("issueKey"),
        "test_name": raw.get("summary"), "cycle_id": str(raw.get("cycleId")),
        "group_id": str(raw["folderId"]) if raw.get("folderId") not in (None, "", -1, "-1") else None,
        "status": (names.get(status_id) or status_id).upper(), "status_id": status_id,
        "comment": raw.get("comment") or "", "defects": None,
        "defect_count": int(raw.get("executionDefectCount") or 0),
        "executed_by": raw.get("executedBy") or None, "executed_on": raw.get("executedOn") or None,
    }


def chunks(values, size=CHUNK):
    return [values[i:i + size] for i in range(0, len(values), size)]


def job_text(jobs):
    texts = [(j.get("message") or "").replace("<br/>", "; ") for j in jobs if isinstance(j, dict)]
    return " | ".join(t for t in texts if t) or "no job message (expired)"


class SquadExecutions:
    """Mixed into ZephyrSquadBackend (uses self.jira, self.zapi, self.client, self._cache)."""

    # -- statuses --------------------------------------------------------------------------------
    def statuses(self):
        if "statuses" not in self._cache:
            self._cache["statuses"] = dict((s["name"].upper(), str(s["id"])) for s in self.zapi.execution_statuses())
        return self._cache["statuses"]

    def step_statuses(self):
        if "step_statuses" not in self._cache:
            self._cache["step_statuses"] = dict((s["name"].upper(), str(s["id"])) for s in self.zapi.step_statuses())
        return self._cache["step_statuses"]

    def publisher_ids(self):
        """Names ZAPI may write in ``executedBy`` for the connecting user (user name or user key)."""
        if "myself" not in self._cache:
            self._cache["myself"] = self.jira.myself() or {}
        me = self._cache["myself"]
        return [me.get("name"), me.get("key")]

    # -- listing ---------------------------------------------------------------------------------
    def list_executions(self, scope, cycle, group=None):
        if cycle.get("id") is None or (group is not None and group.get("id") is None):
            return []
        raw, names = self.zapi.list_executions(cycle["id"], scope.project["id"], scope.version["id"],
                                               folder_id=group["id"] if group else None)
        executions = [portable_execution(e, names) for e in raw]
        # the statuses of the whole place as listed: what set_statuses checks the server's counts against
        self._cache.setdefault("listed", {})[(str(cycle["id"]), group["id"] if group else None)] = dict(
            (e["id"], e["status_id"]) for e in executions)
        if group is None:
            # Servers differ on whether a cycle listing includes its folders' executions: keep ours.
            executions = [e for e in executions if e["group_id"] is None]
        return executions

    # -- adding and removing ---------------------------------------------------------------------
    def add_tests(self, scope, cycle, group, tests):
        """Method 1 (keys) in chunks, one job at a time (ZAPI refuses concurrent adds to one cycle)."""
        if not tests:
            return None
        keys = [t["key"] for t in tests]
        jobs = []
        for chunk in chunks(keys):
            jobs.append(self.zapi.add_tests(dict(self._target(scope, cycle, group), method="1", issues=chunk)))
        return self._verify_added(scope, cycle, group, keys, jobs)

    def add_test_set(self, scope, cycle, group, test_set, missing):
        """A saved filter goes as method 2, another cycle's tests as method 3; keys as method 1."""
        if not missing:
            return None
        spec = test_set["spec"]
        if spec.get("filter_id"):
            body = dict(self._target(scope, cycle, group), method="2", searchId=spec["filter_id"])
        elif spec.get("source"):
            source = spec["source"]
            body = dict(self._target(scope, cycle, group), method="3", fromCycleId=source["cycle_id"],
                        fromVersionId=source["version_id"])
            if source.get("group_id"):
                body["fromFolderId"] = source["group_id"]
        else:
            return self.add_tests(scope, cycle, group, missing)
        job = self.zapi.add_tests(body)
        return self._verify_added(scope, cycle, group, [t["key"] for t in missing], [job])

    def _target(self, scope, cycle, group):
        body = {"projectId": scope.project["id"], "versionId": scope.version["id"], "cycleId": cycle["id"],
                "assigneeType": ""}
        if group is not None:
            body["folderId"] = group["id"]
        return body

    def _verify_added(self, scope, cycle, group, keys, jobs):
        """Wait until every key has an execution there -> the listing (None in check mode)."""
        if self.client.check_mode or cycle.get("id") is None:
            return None
        wanted = set(k.upper() for k in keys)
        state = {}

        def present():
            state["executions"] = self.list_executions(scope, cycle, group)
            have = set((e["test_key"] or "").upper() for e in state["executions"])
            state["missing"] = sorted(wanted - have)
            return not state["missing"]

        if not self.wait_until(present, VERIFY_TIMEOUT):
            raise ApiError("%d test(s) were not added to cycle %s%s: %s (job: %s)" % (
                len(state["missing"]), cycle.get("name") or cycle["id"], " folder %s" % group.get("name", group["id"]) if group else "",
                ", ".join(state["missing"][:20]), job_text(jobs)))
        return state["executions"]

    def remove_executions(self, scope, cycle, executions):
        if not executions:
            return
        ids = [e["id"] for e in executions]
        self._cache.pop("listed", None)
        for chunk in chunks(ids):
            self.zapi.delete_executions(chunk)
        if self.client.check_mode:
            return
        gone = set(ids)
        groups = set(e.get("group_id") for e in executions)

        def deleted():
            for group_id in groups:
                group = {"id": group_id} if group_id else None
                if any(e["id"] in gone for e in self.list_executions(scope, cycle, group)):
                    return False
            return True

        if not self.wait_until(deleted, VERIFY_TIMEOUT):
            raise ApiError("executions of cycle %s are still listed after their delete job" % cycle.get("name"))

    # -- statuses, comments, defects -------------------------------------------------------------
    def set_statuses(self, scope, updates):
        """One updateBulkStatus job per status (and per 1000 executions), then verified: by the place's status
        counts (one request) when they match, else by listing -> that listing (None when the counts did).

        Every job is started before the first is waited for: they touch distinct executions, and ZAPI
        locks a cycle only for adding and deleting, so the server runs them side by side."""
        by_status = {}
        for execution, status_id in updates:
            by_status.setdefault(str(status_id), []).append(execution)
        answers = []
        for status_id in sorted(by_status):
            for chunk in chunks([e["id"] for e in by_status[status_id]]):
                answers.append((time.monotonic(), self.zapi.start_bulk_status(chunk, status_id)))
        jobs = [self.zapi.wait_job(answer, "update_bulk_execution_status_job_progress", since=since)
                for since, answer in answers]
        if self.client.check_mode or not updates:
            return None
        wanted = dict((e["id"], str(s)) for e, s in updates)
        by_place = {}
        for execution, status_id in updates:
            place = (str(execution["cycle_id"]), execution.get("group_id"))
            by_place.setdefault(place, {})[execution["id"]] = str(status_id)
        if all(self._counts_match(scope, place, place_wanted) for place, place_wanted in by_place.items()):
            return None
        where = list(by_place)
        state = {}

        def applied():
            state["executions"], state["wrong"] = [], []
            for cycle_id, group_id in where:
                listed = self.list_executions(scope, {"id": cycle_id}, {"id": group_id} if group_id else None)
                state["executions"].extend(listed)
                state["wrong"].extend(e["test_key"] for e in listed
                                      if e["id"] in wanted and e["status_id"] != wanted[e["id"]])
            return not state["wrong"]

        if not self.wait_until(applied, VERIFY_TIMEOUT):
            raise ApiError("%d execution(s) kept their old status after updateBulkStatus: %s (job: %s)" % (
                len(state["wrong"]), ", ".join(sorted(state["wrong"])[:20]), job_text(jobs)))
        return state["executions"]

    def _counts_match(self, scope, place, wanted):
        """True when the place's status counts (one request) are exactly those of its last listing with the
        wanted statuses ({execution id: status id}) set. Anything else - an execution ZAPI skipped (COMPLETED
        workflow), a list that lags the job, someone else's change, a server without counts - is verified by
        listing."""
        listed = self._cache.get("listed", {}).pop(place, None)
        if listed is None or any(i not in listed for i in wanted):
            return False
        expected = {}
        for execution_id, status_id in listed.items():
            status_id = wanted.get(execution_id, status_id)
            expected[status_id] = expected.get(status_id, 0) + 1
        return self.zapi.status_counts(place[0], scope.project["id"], scope.version["id"], place[1]) == expected

    def update_execution(self, scope, execution, comment=None, defects=None):
        body = {"status": execution["status_id"]}
        if comment is not None:
            body["comment"] = comment
        if defects is not None:
            body["defectList"] = list(defects)
            body["updateDefectList"] = "true"
        self._cache.pop("listed", None)  # a status set here is not in the last listing
        answer = self.zapi.execute(execution["id"], body)
        if self.client.check_mode:
            updated = dict(execution)
            if comment is not None:
                updated["comment"] = comment
            if defects is not None:
                updated["defects"] = list(defects)
            return updated
        updated = portable_execution(answer, dict((v, k) for k, v in self.statuses().items()))
        if defects is not None:
            updated["defects"] = list(defects)
        return updated

    def execution_defects(self, scope, execution):
        return self.zapi.execution_defects(execution["id"])

    def check_defects(self, scope, refs, option):
        refs = [str(r).strip().upper() for r in refs]
        found = self.jira.issues_by_keys(refs, fields=("summary",), option=option) if refs else {}
        missing = sorted(set(r for r in refs if r not in found))
        if missing:
            raise InputError(option, "defect issue%s not found: %s" % ("s" if len(missing) > 1 else "",
                                                                       ", ".join(missing[:20])), "give existing issue keys")
        return refs

    # -- step results ----------------------------------------------------------------------------
    def get_step_results(self, scope, execution):
        steps = self.zapi.list_steps(execution["test_id"])
        results = self.zapi.list_step_results(execution["id"])
        if len(results) < len(steps) and not self.client.check_mode:
            # Results of steps added after the execution was created appear with expand=checksteps.
            self.zapi.get_execution(execution["id"], checksteps=True)
            results = self.zapi.list_step_results(execution["id"])
        by_step = dict((str(r.get("stepId")), r) for r in results)
        names = dict((v, k) for k, v in self.step_statuses().items())
        out = []
        for index, step in enumerate(steps):
            result = by_step.get(str(step.get("id"))) or {"id": None, "status": "-1", "comment": ""}
            status_id = str(result.get("status"))
            out.append({"id": str(result["id"]) if result.get("id") is not None else None,
                        "step_id": str(step.get("id")), "index": index, "status": names.get(status_id, status_id),
                        "status_id": status_id, "comment": result.get("comment") or ""})
        return out

    def set_step_results(self, scope, execution, wanted, current=None):
        if current is None:
            current = self.get_step_results(scope, execution)
        writes = 0
        for index, want in enumerate(wanted):
            if want is None:
                continue
            if index >= len(current):
                raise InputError("results", "%s has %d steps, %d step results were given" % (
                    execution.get("test_key"), len(current), len(wanted)), "give one entry per step")
            have = current[index]
            body = {}
            if want.get("status_id") is not None and str(want["status_id"]) != have["status_id"]:
                body["status"] = str(want["status_id"])
            if want.get("comment") is not None and want["comment"] != have["comment"]:
                body["comment"] = want["comment"]
            if body:
                if have["id"] is not None:
                    self.zapi.update_step_result(have["id"], body)
                writes += 1
        return writes

    # -- attachments -----------------------------------------------------------------------------
    def list_attachments(self, scope, execution):
        return [{"id": str(a.get("fileId")), "name": a.get("fileName"), "size": _int(a.get("fileSize"))}
                for a in self.zapi.list_attachments("execution", execution["id"])]

    def attach(self, scope, execution, path, name):
        self.zapi.upload("execution", execution["id"], path, name)
        return {"id": None, "name": name, "size": os.path.getsize(path)}


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
