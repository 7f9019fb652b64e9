# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Folding several runs of one test (reruns) into one result: the last outcome wins."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def merge_attempts(earlier, later):
    """Fold ``earlier`` into ``later`` (the final run) and return ``later``.

    Outcomes that differ make the test flaky (e.g. failed, then passed on rerun).
    """
    if earlier.flaky or earlier.status != later.status:
        later.flaky = True
        if later.detail is None:
            later.detail = "flaky"
    later.attempts += earlier.attempts
    later.duration += earlier.duration
    if later.message is None:
        later.message = earlier.message
    if later.output is None:
        later.output = earlier.output
    if later.key is None:
        later.key = earlier.key
    return later


def fold_duplicates(results):
    """Fold every repeated (classname, name) in one file's results, keeping first positions."""
    index = {}
    folded = []
    for result in results:
        identity = result.identity
        position = index.get(identity)
        if position is None:
            index[identity] = len(folded)
            folded.append(result)
        else:
            folded[position] = merge_attempts(folded[position], result)
    return folded
