# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: what merge keep leaves as a person set it.

A status another user set is a person's verdict (Publisher); a comment is written only over an empty
one or one this module wrote (comment_target).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import is_signed, signed


class Publisher(object):
    """Who publishes (asked once, only when an execution was executed by someone): with merge keep, an
    execution whose status another user set is a person's verdict."""

    def __init__(self, backend):
        self.backend = backend
        self._ids = None
        self._todo = None

    def manual(self, execution):
        executed_by = execution.get("executed_by")
        if not executed_by:
            return False
        if self._todo is None:
            self._todo = self.backend.resolve_status("todo")
        if execution["status_id"] == self._todo:
            return False
        if self._ids is None:
            self._ids = set(str(i) for i in self.backend.publisher_ids() if i not in (None, ""))
        return str(executed_by) not in self._ids


def comment_target(wanted, have, keep):
    """-> (text to write or None, kept). ``keep``: a comment is written over an empty one or over one this
    module wrote (signed, unedited); another comment is a person's and is kept."""
    if wanted is None:
        return None, False
    if not keep:
        return (wanted if wanted != have else None), False
    target = signed(wanted)
    if have in (wanted, target):
        return None, False
    if not have or is_signed(have):
        return target, False
    return None, bool(wanted)
