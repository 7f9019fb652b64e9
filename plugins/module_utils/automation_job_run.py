# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Following an automation run: poll the job's latest progress until the run ends or time is up.

The documented statuses are ``new``, ``queued``, ``complete``; clients also see ``Waiting`` and
``in-progress``. Only known final statuses end the wait: anything unknown is taken as still running.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time

from ansible_collections.testops.testmgmt.plugins.module_utils.progress import Progress

FINAL = ("complete", "completed", "failed", "cancelled", "canceled", "aborted", "error")
SUCCESS = ("complete", "completed")
FIRST_INTERVAL = 0.25


def is_final(status):
    return str(status or "").strip().lower() in FINAL


def succeeded(status):
    return str(status or "").strip().lower() in SUCCESS


class RunWatcher:
    """Polls ``get-latest-job-progress`` with a growing interval (capped at ``max_interval``) and notes
    each status change on the task's progress reporter, with ``run_id``, ``status`` and ``waited``
    (seconds since the wait began). Without a reporter it keeps its own (``log`` gets each line)."""

    def __init__(self, api, job_id, log=None, clock=time.monotonic, sleep=time.sleep, reporter=None):
        self.api = api
        self.job_id = job_id
        self.reporter = reporter if reporter is not None else Progress(log=log, clock=clock)
        self.clock = clock
        self.sleep = sleep
        self.progress = []  # this wait's entries (the reporter may hold others: retries, uploads)

    def _note(self, run, started):
        run_id, status = str((run or {}).get("id")), (run or {}).get("status")
        last = self.progress[-1] if self.progress else None
        if last and last["status"] == status and last["run_id"] == run_id:
            return
        waited = round(self.clock() - started, 2)
        self.progress.append(self.reporter.note(
            "automation job %s: run %s is %s after %ss" % (self.job_id, run_id, status, waited),
            kind="run", run_id=run_id, status=status, waited=waited))

    def wait(self, run_id, timeout, max_interval, seen=None):
        """-> (latest run as the product answers it, True when it ended in time).

        ``seen`` is the run as already answered (by the call that scheduled it, or a progress read): it is
        noted, and when it has ended nothing is asked; a run that had not ended is not asked about again
        before the first interval has passed (a run just scheduled is never done at once).
        """
        started = self.clock()
        interval = min(FIRST_INTERVAL, max_interval)
        run = seen
        if seen is not None:
            self._note(seen, started)
            if self._ended(seen, run_id):
                return seen, True
            self.sleep(max(min(interval, timeout), 0))
            interval = min(interval * 2, max_interval)
        while True:
            run = self.api.progress(self.job_id)
            if run is not None:
                self._note(run, started)
                if self._ended(run, run_id):
                    return run, True
            if self.clock() - started + interval > timeout:
                self.reporter.note("automation job %s: gave up waiting for run %s after %ss (wait_timeout)" % (
                    self.job_id, run_id, round(self.clock() - started, 2)), kind="run", run_id=str(run_id), timed_out=True)
                return run, False
            self.sleep(interval)
            interval = min(interval * 2, max_interval)

    @staticmethod
    def _ended(run, run_id):
        # the latest run is ours once its id is; an older run's status says nothing about it
        return (run_id is None or str(run.get("id")) == str(run_id)) and is_final(run.get("status"))
