# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What zephyr_automation_job does: present (create or update, then run and wait), absent, canceled.

Everything that can be wrong with the input is found before the first write: the options themselves,
the project, release, assignee and folder, and whether a run has a file to run.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job import (
    MANAGED,
    REQUIRED_TO_CREATE,
    changes,
    completed_with,
    created_job,
    find_job,
    listed_job,
    listed_run,
    portable_job,
    portable_run,
    resolve_assignee,
    wanted_job,
    wire_detail,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_run import (
    RunWatcher,
    is_final,
    succeeded,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_task import TaskFailed, check_edition
from ansible_collections.testops.testmgmt.plugins.module_utils.diff import field_diff
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.progress import reporter_of
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise import ZephyrEnterpriseBackend

PRESENT_ONLY = ("results_file", "run", "wait", "skip_completed")


def run(module, client):
    params = module.params
    check_edition(params, "zephyr_automation_job")
    if params["state"] != "present":
        for option in PRESENT_ONLY:
            if params.get(option):
                raise InputError(option, "only applies with state=present", "remove it or set state: present")
    if params.get("skip_completed") and not params["run"]:
        raise InputError("skip_completed", "only applies with run=true", "set run: true or remove skip_completed")
    if params["wait_timeout"] is not None and params["wait_timeout"] < 0:
        raise InputError("wait_timeout", "must not be negative", "give the seconds to wait")
    if params["poll_interval"] is not None and params["poll_interval"] <= 0:
        raise InputError("poll_interval", "must be more than 0", "give the longest pause in seconds")
    wanted, upload = wanted_job(params)
    backend = ZephyrEnterpriseBackend(client)
    scope = backend.resolve_scope(params["project"], params["release"])
    task = JobTask(module, backend, scope, wanted, upload)
    if params["state"] == "absent":
        return task.absent()
    if params["state"] == "canceled":
        return task.cancel()
    return task.present()


class JobTask:
    def __init__(self, module, backend, scope, wanted, upload):
        self.module = module
        self.params = module.params
        self.check_mode = module.check_mode
        self.api = backend.api
        self.backend = backend
        self.scope = scope
        self.wanted = wanted
        self.upload = upload
        self.managed = [o for o in MANAGED if wanted.get(o) is not None]
        self.row = find_job(self.api.jobs(scope.project["id"], scope.version["id"]), wanted["name"], scope)

    def result(self, job, run=None):
        """progress is added by the runner: the task's reporter holds the wait, retries and jobs."""
        cycle_id = (run or {}).get("cycle_id") or (job or {}).get("cycle_id")
        return {"job": job or {}, "run": run, "cycle_id": cycle_id}

    # -- absent / canceled -------------------------------------------------------------------------
    def absent(self):
        if self.row is None:
            return False, self.result({}), None
        current = portable_job(self.row)
        self.api.delete_jobs([int(self.row["id"])])
        return True, self.result({}), field_diff(current, {}, ["name"] + self.managed)

    def cancel(self):
        if self.row is None:
            return False, self.result({}), None
        job = portable_job(self.api.job(self.row["id"]))
        latest = self.api.progress(self.row["id"])
        if latest is None or is_final(latest.get("status")):
            return False, self.result(job, portable_run(latest, job["id"])), None
        stopped = self.api.cancel_run(latest["id"])
        if stopped is False:  # it ended between the two calls
            latest = self.api.progress(self.row["id"])
            return False, self.result(job, portable_run(latest, job["id"])), None
        after = dict(latest, status="cancelled") if self.check_mode else self.api.progress(self.row["id"])
        before_status = {"run": latest["id"], "status": latest.get("status")}
        return True, self.result(job, portable_run(after, job["id"])), {
            "before": before_status, "after": {"run": latest["id"], "status": (after or {}).get("status")}}

    # -- present -----------------------------------------------------------------------------------
    def present(self):
        if self.params.get("skip_completed") and completed_with(self.row, self.upload):
            # done already: the job and its run are left as they are, and not read beyond the list
            return False, self.result(listed_job(self.row), listed_run(self.row)), None
        self._resolve_references()
        if self.row is None:
            changed, job, run_raw, diff = self._create()
        else:
            changed, job, run_raw, diff = self._update()
        run = portable_run(run_raw, job.get("id"))
        if not self.params["wait"] or self.check_mode or job.get("id") is None:
            return changed, self.result(job, run), diff
        if run_raw is None:
            latest = self.api.progress(job["id"])
            if latest is None:
                return changed, self.result(job, None), diff
            run_raw = latest
        return self._wait(changed, job, run_raw, diff)

    def _resolve_references(self):
        """Names the server knows as ids, and what a run needs; all before the first write."""
        if self.wanted["assign_to"] is not None:
            self.wanted["assign_to"] = resolve_assignee(self.api, self.wanted["assign_to"])
        if self.wanted["repository_folder_id"] is not None:
            self.backend.folder_by_id(self.scope, self.wanted["repository_folder_id"], "repository_folder_id")
        if self.row is None:
            for option in REQUIRED_TO_CREATE:
                if not self.wanted.get(option):
                    raise InputError(option, "is required to create automation job %r" % self.wanted["name"],
                                     "give it (the job does not exist yet in %s %s)" % (
                                         self.scope.project["name"], self.scope.version["name"]))
        if self.params["run"] and self.upload is None and (self.row is None or not self.row.get("attachmentName")):
            raise InputError("results_file", "job %r has no result file to run" % self.wanted["name"],
                             "give results_file")

    def _create(self):
        fields = dict((o, v) for o, v in self.wanted.items() if v is not None)
        detail = wire_detail(fields, self.scope)
        diff = field_diff({}, fields, ["name"] + self.managed)
        predicted = dict(fields, id=None, project_id=self.scope.project["id"],
                         release_id=self.scope.version["id"])
        if self.params["run"]:
            run_raw = self.api.create_and_execute_job(detail, self.upload)
            if self.check_mode:
                return True, predicted, None, diff
            # the answer is the run, without the job's id: the list has it (and the run tells the cycle later)
            row = find_job(self.api.jobs(self.scope.project["id"], self.scope.version["id"]), fields["name"],
                           self.scope)
            job = created_job(fields, row) if row else predicted
            return True, job, run_raw, diff
        created = self.api.create_job(detail, self.upload)
        if self.check_mode or created.get("id") is None:
            return True, predicted, None, diff
        return True, portable_job(created), None, diff

    def _update(self):
        current = portable_job(self.api.job(self.row["id"]))
        delta = changes(current, self.wanted)
        job, diff, changed = current, None, False
        if delta or (self.params["run"] and self.upload is not None):
            answer = self.api.update_job(wire_detail(delta, self.scope, job_id=self.row["id"]), self.upload)
            changed = True
            job = dict(current, **delta) if self.check_mode else portable_job(answer)
            if delta:
                diff = field_diff(current, dict(current, **delta), ["name"] + self.managed)
        run_raw = None
        if self.params["run"]:
            runs = self.api.execute_jobs([int(self.row["id"])])
            run_raw = None if self.check_mode else (runs[0] if runs else None)
            changed = True
        return changed, job, run_raw, diff

    def _wait(self, changed, job, run_raw, diff):
        watcher = RunWatcher(self.api, job["id"], reporter=reporter_of(self.api.client))
        final, ended = watcher.wait(run_raw.get("id"), self.params["wait_timeout"], self.params["poll_interval"],
                                    seen=run_raw)
        run = portable_run(final, job["id"])
        if run and run.get("cycle_id"):
            job = dict(job, cycle_id=run["cycle_id"])
        results = self.result(job, run)
        status = (final or {}).get("status")
        if not ended:
            raise TaskFailed("wait_timeout: run %s of automation job %r is still %s after %ss; raise wait_timeout "
                             "or set wait: false" % (run_raw.get("id"), job["name"], status,
                                                     self.params["wait_timeout"]), results)
        if not succeeded(status):
            raise TaskFailed("run %s of automation job %r ended %s; see the job's run history in Zephyr "
                             "Enterprise" % (run["id"], job["name"], status), results)
        return changed, results, diff
