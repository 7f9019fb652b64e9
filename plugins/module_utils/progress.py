# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Progress of a long task (a run waited on, an asynchronous job, a retried request), as it happens.

A module cannot print while it runs: Ansible shows its result once it returns. So each step is
written to the module's log at once (syslog or the journal on the target) and kept for the result,
where ``ansible-playbook -v`` prints it. The client owns one reporter per task; whoever waits or
retries notes a line on it.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import time


class Progress:
    """Collects ``{"time", "seconds", "message", ...}`` entries: ``time`` is UTC wall clock,
    ``seconds`` the time since the task started, any keyword given to note() is kept alongside."""

    def __init__(self, log=None, clock=time.monotonic, wall=time.time):
        self.log = log
        self.clock = clock
        self.wall = wall
        self.started = clock()
        self.entries = []

    def note(self, message, **data):
        entry = dict(data)
        entry.update({"time": _iso(self.wall()), "seconds": round(self.clock() - self.started, 2),
                      "message": message})
        self.entries.append(entry)
        if self.log is not None:
            self.log("progress: %s" % message)
        return entry

    def as_result(self):
        """The entries for the task result (copies: the result must not change under the caller)."""
        return [dict(e) for e in self.entries]

    def __len__(self):
        return len(self.entries)


def reporter_of(client):
    """The client's reporter; a detached one for clients built without (test doubles)."""
    progress = getattr(client, "progress", None)
    return progress if progress is not None else Progress()


def _iso(epoch):
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(epoch)) + ".%02dZ" % int((epoch % 1) * 100)
