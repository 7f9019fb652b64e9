# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""A result file as Xray JSON ``tests[]`` entries, so it can be imported in pieces.

A report goes to Xray's import of its format whole when it is small enough and touches no run a
person owns (see xray_merge.py). Otherwise its results are sent as Xray JSON entries through the
JSON import, which takes the execution's key: in batches under the per-import limit, the first one
creating (or naming) the execution and the rest naming it, so any number of results lands in one
execution, and runs left out (a person's status) are simply not in any batch.

Each entry finds its Test the way the import of the file would (xray_results.py): the Test key
(``test_key``/``test`` property, a tag naming a Test, the run already matched), else the Generic Test
Definition or the Cucumber scenario name through ``testInfo``. It carries what an XML import takes
from Xray's JUnit extension properties (testrun_comment, test_summary, test_description, tags,
testrun_evidence). The per-case failure output Xray shows for XML imports has no place in Xray JSON, so
a failed case without a testrun_comment carries it as its run's comment (xray_failure.py), through
``comment_for`` like any comment of ours: the same string on every publish (a re-publish compares equal)
and, with merge keep, never in place of a comment a person wrote.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import JSON_FORMATS, XML_FORMATS
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_results import load_xray_json, xray_json_outcome


def target_key(outcome, index, known):
    """The key of the Test an outcome lands on when it is known now, else None (a Test to create)."""
    run = index.match(outcome) if index is not None else None
    if run:
        return run["test_key"]
    if outcome.identity[0] == "key":
        return outcome.identity[1]
    return next((k for k in outcome.keys if k in known), None)


class FileEntries:
    """Builds the entries of one file. ``entry_for`` is the backend's result_entry; ``comment_for(key,
    ours)`` the comment to send for a run (None: leave the run's comment); ``skip`` Test keys to leave out."""

    def __init__(self, index, known, project, entry_for, comment_for=None, skip=()):
        self.index = index
        self.known = known
        self.project = project
        self.entry_for = entry_for
        self.comment_for = comment_for or (lambda key, ours: ours)
        self.skip = set(skip)

    def of(self, item, product):
        """Entries of ``item`` ({path, format, outcomes}), in file order."""
        if item["format"] == "xray":
            return self._xray(item, product)
        if item["format"] in JSON_FORMATS:
            return [e for e in (self._scenario(o) for o in item["outcomes"]) if e is not None]
        if item["format"] in XML_FORMATS:
            return [e for e in (self._case(o, item["path"]) for o in item["outcomes"]) if e is not None]
        raise ValueError("unknown format %r" % item["format"])

    def _case(self, outcome, path):
        key = target_key(outcome, self.index, self.known)
        if key in self.skip:
            return None
        extra = outcome.extra or {}
        comment = extra.get("comment")
        if comment is None:
            comment = extra.get("failure")
        if key and comment is not None:
            comment = self.comment_for(key, comment)
        if key:
            return self.entry_for(key, outcome.status, comment, None, extra.get("evidence"))
        if outcome.identity[0] == "id":
            raise ResultFileError(path, None, "test_id %s names no Test of the execution, and a report sent in "
                                  "pieces can only name Tests by key" % outcome.identity[1])
        info = {"projectKey": self.project, "type": "Generic", "testType": "Generic",
                "definition": outcome.definition, "summary": (outcome.summary or outcome.definition or "")[:255]}
        for name in ("labels", "description"):
            if extra.get(name):
                info[name] = extra[name]
        entry = self.entry_for(None, outcome.status, comment, None, extra.get("evidence"))
        del entry["testKey"]
        entry["testInfo"] = info
        return entry

    def _scenario(self, outcome):
        """Cucumber/behave: their own endpoints take no execution key, so scenarios go as Xray JSON."""
        key = target_key(outcome, self.index, self.known)
        if key in self.skip:
            return None
        if key:
            return self.entry_for(key, outcome.status)
        return {"testInfo": {"projectKey": self.project, "summary": outcome.summary, "type": "Cucumber",
                             "testType": "Cucumber", "scenario": outcome.scenario or ""},
                "status": outcome.status}

    def _xray(self, item, product):
        entries = []
        for position, test in enumerate(load_xray_json(item["path"]).get("tests") or []):
            key = target_key(xray_json_outcome(test, position, item["path"], product), self.index, self.known)
            if key in self.skip:
                continue
            if key and test.get("comment") is not None:
                test = dict(test)
                comment = self.comment_for(key, test["comment"])
                if comment is None:
                    del test["comment"]
                else:
                    test["comment"] = comment
            entries.append(test)
        return entries


def import_size(item):
    """How many results an import of the whole file sends (what Xray's per-import limit counts)."""
    return sum(o.count for o in item["outcomes"])
