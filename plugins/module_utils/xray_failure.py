# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The run comment that carries a failed case's failure output when its report goes as Xray JSON.

An XML import shows each case's failure output on its run; Xray JSON ``tests[]`` entries (a report
sent in pieces, xray_split.py) have no place for it but ``comment``. So a failed or errored case with
no ``testrun_comment`` of its own gets one: its outcome and message, then the head of its failure
text, bounded to MAX_FAILURE_COMMENT characters. The text depends on the report only (line endings
normalized, no timestamps), so a re-publish wants the very string the first publish wrote and the
comparison with the run's comment (xray_merge.py) finds nothing to send.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import clip

MAX_FAILURE_COMMENT = 2000   # characters: a readable head, and 1,000 entries stay a small request
_LABELS = {"failed": "Failed", "error": "Error"}


def failure_comment(result):
    """The comment for a failed/errored result (a results.model.TestResult) that says why, else None."""
    label = _LABELS.get(result.status)
    if label is None:
        return None
    message = _clean(result.message)
    output = _clean(result.output)
    if not message and not output:
        return None  # a bare <failure/>: the status says it all
    text = "%s: %s" % (label, message) if message else label
    if output and output != message:
        text += "\n\n" + output
    return clip(text, MAX_FAILURE_COMMENT)


def _clean(text):
    if not text:
        return None
    return text.replace("\r\n", "\n").replace("\r", "\n").strip() or None
