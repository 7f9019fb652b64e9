# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""One verdict per Test across all the report files of one task.

Xray combines several results for one Test within an import (any FAIL -> FAIL, all equal -> that,
otherwise TODO), but across imports into one execution the last one wins. A pipeline's files are
one run, so the same rule is applied across them before anything is sent; a file whose results
changed this way is sent as Xray JSON entries rather than whole, so the folded verdict is what lands.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.status_map import to_product


def fold_across_files(files, product):
    """Give every Test reported by several files one verdict; mark the files that changed."""
    by_test = {}
    for item in files:
        for outcome in item["outcomes"]:
            by_test.setdefault(_test_of(outcome), []).append((item, outcome))
    fail, todo = to_product("fail", product), to_product("todo", product)
    for reported in by_test.values():
        if len(reported) < 2:
            continue
        statuses = [outcome.status for _item, outcome in reported]
        if fail in statuses:
            verdict = fail
        elif all(status == statuses[0] for status in statuses):
            verdict = statuses[0]
        else:
            verdict = todo
        for item, outcome in reported:
            if outcome.status != verdict:
                outcome.status = verdict
                item["folded"] = True
    return files


def _test_of(outcome):
    """The Test an outcome lands on: its key or id, else its first key-like tag (a Cucumber scenario
    tagged @SHOP-109 is SHOP-109's result), else how Xray finds it by definition or summary."""
    if outcome.identity[0] in ("key", "id"):
        return outcome.identity
    if outcome.keys:
        return ("key", outcome.keys[0])
    return outcome.identity
