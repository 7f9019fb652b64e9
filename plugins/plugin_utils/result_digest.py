# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The digest of read results that the publish_results role works from (controller side).

The full results (with their output) would be copied into every task's variables; the role needs only
this, computed here in one pass instead of a Jinja loop over every result:

    summaries    the summary of each term (without its failures and files), in order
    failures     full names of the failed and errored results that are not quarantined
    keyless      full names of the results without a test key
    keys         the test keys, each once, in the order first read
    xray_keys    the keys Xray reads from the files itself (test_key/test_id property, a tag)
    quarantined  [{test, status}] of quarantined results with a key (the first result of a key decides)
    keyed        [{test, status, comment}], one per key: the worst publish status (STATUS_RANK) and the
                 first failure message, at most COMMENT_CHARS characters (None without one)
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

# Statuses from worst to best: when several results name one test, the worst is published; custom statuses
# rank after these, and of equal ranks the first read wins.
STATUS_RANK = ("fail", "blocked", "in_progress", "todo", "skip", "pass")
# Longest comment taken from a failure message (the products' comment fields are short).
COMMENT_CHARS = 1000
# Summary entries left out of the digest's summaries: the failures are in the digest's own list, the files
# in the result_files lookup's answer.
_SUMMARY_LEFT_OUT = ("failures", "files")
_UNRANKED = len(STATUS_RANK)
_RANKS = dict((status, index) for index, status in enumerate(STATUS_RANK))
_FAILED = ("failed", "error")


class ResultDigest(object):
    """Adds up the results of one term after another; as_dict() is the digest."""

    def __init__(self):
        self.summaries = []
        self.failures = []
        self.keyless = []
        self.keys = []
        self.xray_keys = []
        self.quarantined = []
        # key -> [rank, status, comment]; dicts keep insertion order, which is the order of self.keys
        self._worst = {}

    def add(self, results, summary):
        """One term: its TestResult list and its summary (load_results' answer)."""
        self.summaries.append(dict((name, value) for name, value in summary.items()
                                   if name not in _SUMMARY_LEFT_OUT))
        self.failures.extend(failure["name"] for failure in summary.get("failures") or ())
        worst = self._worst
        for result in results:
            key = result.key
            if not key:
                self.keyless.append(result.full_name)
                continue
            status = result.publish_status
            rank = _RANKS.get(status, _UNRANKED)
            message = (result.message or "")[:COMMENT_CHARS] if result.status in _FAILED else ""
            before = worst.get(key)
            if before is None:
                worst[key] = [rank, status, message or None]
                self._first_of_key(key, result)
                continue
            if rank < before[0]:
                before[0] = rank
                before[1] = status
            if before[2] is None and message:
                before[2] = message

    def _first_of_key(self, key, result):
        self.keys.append(key)
        properties = result.properties
        if "test_key" in properties or "test_id" in properties or key in result.tags:
            self.xray_keys.append(key)
        if result.quarantined:
            self.quarantined.append({"test": key, "status": result.publish_status})

    def as_dict(self):
        return {
            "summaries": self.summaries,
            "failures": self.failures,
            "keyless": self.keyless,
            "keys": self.keys,
            "xray_keys": self.xray_keys,
            "quarantined": self.quarantined,
            "keyed": [{"test": key, "status": status, "comment": comment}
                      for key, (_rank, status, comment) in self._worst.items()],
        }
