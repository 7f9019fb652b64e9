# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bench-only callback: wall-clock seconds per task, written as JSON to $BENCH_TIMINGS at the end."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: bench_timer
type: aggregate
short_description: Seconds per task, for make bench
description:
  - Writes [[task name, seconds], ...] to the file named by the BENCH_TIMINGS environment variable.
requirements:
  - enable in callbacks_enabled
"""

import json
import os
import time

from ansible.plugins.callback import CallbackBase


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = "aggregate"
    CALLBACK_NAME = "bench_timer"
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super(CallbackModule, self).__init__()
        self.timings = []
        self.current = None

    def _close(self):
        if self.current:
            name, start = self.current
            self.timings.append([name, round(time.time() - start, 3)])
            self.current = None

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._close()
        self.current = (task.get_name(), time.time())

    def v2_playbook_on_stats(self, stats):
        self._close()
        path = os.environ.get("BENCH_TIMINGS")
        if path:
            with open(path, "w") as out:
                json.dump(self.timings, out)
