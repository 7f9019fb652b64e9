# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Counting results: what a quality gate and a task's output need."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def summarize(results, files=None):
    """Summary dict of a list of TestResult.

    ``passed``/``failed``/``error``/``skipped`` count results that are not quarantined;
    quarantined ones are counted in ``quarantined`` only (and never listed in ``failures``),
    so ``total`` = passed + failed + error + skipped + quarantined. ``flaky`` counts results that
    passed only after retries, ``unmapped`` those without a key, ``duration`` sums seconds.
    """
    counts = {"passed": 0, "failed": 0, "error": 0, "skipped": 0}
    quarantined = flaky = unmapped = 0
    duration = 0.0
    failures = []
    for result in results:
        if result.quarantined:
            quarantined += 1
        else:
            counts[result.status] += 1
            if result.status in ("failed", "error"):
                failures.append({"name": result.full_name, "key": result.key, "message": result.message})
        if result.flaky:
            flaky += 1
        if not result.key:
            unmapped += 1
        duration += result.duration or 0.0
    summary = {
        "total": len(results),
        "passed": counts["passed"],
        "failed": counts["failed"],
        "error": counts["error"],
        "skipped": counts["skipped"],
        "flaky": flaky,
        "unmapped": unmapped,
        "quarantined": quarantined,
        "duration": round(duration, 3),
        "failures": failures,
    }
    if files is not None:
        summary["files"] = list(files)
    return summary
