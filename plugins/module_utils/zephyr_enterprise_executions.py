# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Enterprise executions: they live in cycle phases; statuses are the ids of the server's
(customisable) status list and change in bulk, one request per status; step results and
attachments per execution. Mixed into ZephyrEnterpriseBackend."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

NOT_EXECUTED = "10"
EXECUTION_ITEM = "releaseTestSchedule"  # the attachment item type of an execution (case-sensitive)


def portable_execution(raw, names, cycle_id=None):
    tct = raw.get("tcrTreeTestcase") or {}
    testcase = tct.get("testcase") or {}
    last = raw.get("lastTestResult") or {}
    status_id = str(last.get("executionStatus") or raw.get("status") or NOT_EXECUTED)
    return {
        "id": str(raw.get("id")) if raw.get("id") is not None else None,
        "test_id": str(tct.get("id")) if tct.get("id") is not None else None,
        "test_key": None,
        "test_name": testcase.get("name"),
        "test_folder_id": str(tct["tcrCatalogTreeId"]) if tct.get("tcrCatalogTreeId") is not None else None,
        "test_version_id": str(testcase["id"]) if testcase.get("id") is not None else None,
        "cycle_id": str(cycle_id) if cycle_id is not None else None,
        "group_id": str(raw.get("cyclePhaseId")) if raw.get("cyclePhaseId") is not None else None,
        "status": names.get(status_id, status_id),
        "status_id": status_id,
        "comment": raw.get("notes") or "",
        "defects": [],
        "defect_count": 0,
        "tester_id": str(raw.get("testerId")) if raw.get("testerId") is not None else None,
        # who set the status (the last result's executor; None when the server does not say)
        "executed_by": str(last["executedBy"]) if last.get("executedBy") not in (None, "") else None,
    }


class ExecutionsMixin(object):
    """Needs ``self.api``, ``self.client`` and ``self._statuses``."""

    def statuses(self):
        """{NAME (upper case): id} of the active execution statuses, custom ones included."""
        if self._statuses is None:
            self._statuses = dict((str(r.get("value")).upper(), str(r.get("id"))) for r in self.api.statuses())
        return self._statuses

    def _names(self):
        return dict((v, k) for k, v in self.statuses().items())

    def me(self):
        if getattr(self, "_me", None) is None:
            self._me = self.api.current_user() or {}
        return self._me.get("id")

    def publisher_ids(self):
        """The connecting user's id, as ZE writes it in ``lastTestResult.executedBy``."""
        return [self.me()]

    def list_executions(self, scope, cycle, group=None):
        """Executions of one phase; ZE has none outside phases (nor in a phase not created yet)."""
        if group is None or group.get("id") is None:
            return []
        names = self._names()
        return [portable_execution(r, names, cycle.get("id")) for r in self.api.executions(group["id"])]

    def list_all_executions(self, scope, cycle):
        found = []
        for group in self.list_groups(scope, cycle):
            found.extend(self.list_executions(scope, cycle, group))
        return found

    def add_tests(self, scope, cycle, group, tests):
        """Plan the tests in the phase (one request per repository folder) and create their executions,
        assigned to the caller, in bulk."""
        if group is None:
            raise InputError("phase", "Zephyr Enterprise executions live in a cycle phase", "name the phase")
        if not tests or group.get("id") is None:
            return []
        if self.client.check_mode:  # nothing is sent; the caller predicts the executions
            return None
        by_folder = {}
        for test in tests:
            by_folder.setdefault(str(test["folder_id"]), []).append(int(test["id"]))
        for folder_id, tct_ids in sorted(by_folder.items()):
            self.api.plan(group["id"], int(folder_id), tct_ids)
        tree_id = int(group["folder_id"]) if group.get("folder_id") else None
        created = self.api.create_executions(int(group["id"]), tree_id, [int(t["id"]) for t in tests], self.me())
        names = self._names()
        return [portable_execution(r, names, cycle.get("id")) for r in created]

    def remove_executions(self, scope, cycle, executions):
        ids = [e["id"] for e in executions if e.get("id") is not None]
        if ids:
            self.api.remove_executions(ids)

    def set_statuses(self, scope, updates):
        """One bulk request per status (ids in batches of 500) -> the executions as answered."""
        by_status = {}
        for execution, status_id in updates:
            if execution.get("id") is None:  # check mode: an execution the add would create
                continue
            by_status.setdefault(str(status_id), []).append(int(execution["id"]))
        names = self._names()
        done = []
        for status_id, ids in sorted(by_status.items()):
            done.extend(self.api.bulk_status(ids, status_id, self.me()))
        cycle_of = dict((str(e["id"]), e.get("cycle_id")) for e, _s in updates)
        return [portable_execution(r, names, cycle_of.get(str(r.get("id")))) for r in done]

    def update_execution(self, scope, execution, comment=None, defects=None):
        """Executes with ``execution["status_id"]`` and the comment (``notes``) in one call. ZE links
        defects through its defect tracker, which is not driven here."""
        if defects:
            self.check_defects(scope, defects, "defects")
        answer = self.api.update_execution(execution["id"], comment, execution.get("status_id"), self.me())
        if self.client.check_mode or not answer:
            return dict(execution, comment=execution.get("comment") if comment is None else comment)
        return portable_execution(answer, self._names(), execution.get("cycle_id"))

    def check_defects(self, scope, refs, option):
        if refs:
            raise InputError(option, "linking defects needs Zephyr Enterprise's defect tracker integration, "
                             "which this collection does not drive", "remove the defects")
        return refs

    def execution_defects(self, scope, execution):
        return []

    # -- step results ------------------------------------------------------------------------------
    def step_statuses(self):
        return self.statuses()

    def get_step_results(self, scope, execution):
        steps = []
        if execution.get("test_version_id"):
            steps = sorted(self.api.steps(execution["test_version_id"]).get("steps") or [],
                           key=lambda s: s.get("orderId") or 0)
        expanded = self.api.executions_expanded([execution["id"]]) if steps else []
        results = (expanded[0].get("testStepResults") or []) if expanded else []
        by_step = dict((str(r.get("testStepId")), r) for r in results)
        names = self._names()
        out = []
        for index, step in enumerate(steps):
            result = by_step.get(str(step.get("id"))) or {}
            status_id = str(result.get("status") or NOT_EXECUTED)
            out.append({"id": str(result["id"]) if result.get("id") is not None else None,
                        "step_id": str(step.get("id")), "index": index, "status": names.get(status_id, status_id),
                        "status_id": status_id, "comment": result.get("comment") or ""})
        return out

    def set_step_results(self, scope, execution, wanted, current=None):
        """Changed step results of one execution in one request -> number of step results written."""
        if current is None:
            current = self.get_step_results(scope, execution)
        rows = []
        for index, want in enumerate(wanted):
            if want is None:
                continue
            if index >= len(current):
                raise InputError("results", "%s has %d steps, %d step results were given" % (
                    execution.get("test_name"), len(current), len(wanted)), "give one entry per step")
            have = current[index]
            status = str(want["status_id"]) if want.get("status_id") is not None else have["status_id"]
            comment = want["comment"] if want.get("comment") is not None else have["comment"]
            if status != have["status_id"] or comment != have["comment"]:
                rows.append({"cyclePhaseId": int(execution["group_id"]), "releaseTestScheduleId": int(execution["id"]),
                             "testStepId": int(have["step_id"]), "status": status, "comment": comment})
        if rows:
            self.api.save_step_results(rows)
        return len(rows)

    # -- attachments -------------------------------------------------------------------------------
    def list_attachments(self, scope, execution):
        return [{"id": str(a.get("id")), "name": a.get("name"), "size": a.get("fileSize")}
                for a in self.api.attachments(EXECUTION_ITEM, execution["id"])]

    def attach(self, scope, execution, path, name):
        """Upload then link (ZE's two steps)."""
        import mimetypes
        import os

        content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        size = os.path.getsize(path)
        temp = self.api.upload_attachment(EXECUTION_ITEM, name, path, content_type)
        linked = self.api.link_attachments([{
            "contentType": content_type, "fileSize": size, "itemId": int(execution["id"]),
            "itemType": EXECUTION_ITEM, "name": name, "tempPath": temp, "createdBy": self.me(),
            "timeStamp": int(time.time() * 1000)}])
        first = linked[0] if linked else {}
        return {"id": str(first["id"]) if first.get("id") is not None else None, "name": name, "size": size}
