# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The normalized result of one test case, whatever format it was read from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

STATUSES = ("passed", "failed", "error", "skipped")
DETAILS = ("xfail", "xpass", "todo", "flaky")

FIELDS = (
    "suite", "classname", "name", "status", "detail", "duration", "message", "output",
    "key", "tags", "properties", "steps", "flaky", "attempts", "file", "line",
    "quarantined", "publish_status",
)
_LAZY = ("tags", "properties", "steps")


class TestResult(object):
    """One test case.

    suite       suite (JUnit testsuite, Robot suite, Cucumber feature, TestNG test, NUnit fixture)
    classname   class/module/feature the case belongs to, or None
    name        the case's own name
    status      "passed", "failed", "error" or "skipped"
    detail      finer outcome: "xfail", "xpass", "todo", "flaky" or None
    duration    seconds (float)
    message     short failure/skip message or None
    output      failure text and captured system-out/err, bounded (64 KiB by default), or None
    key         Jira/Zephyr/Xray test key (or Zephyr Enterprise test id) or None
    tags        list of tags (Robot tags, Cucumber tags without "@", NUnit categories...)
    properties  dict of the case's own properties (JUnit <property>, TestNG attributes...)
    steps       list of {"name", "status", "message"} (Cucumber/behave steps, Robot keywords)
    flaky       True when the case passed only after failed attempts
    attempts    how many times the case ran (reruns included)
    file        the result file it was read from
    line        line of the test in its source, when the report gives it, else None
    quarantined True when load_results() matched it against the quarantine list
    publish_status  portable status to publish (after `statuses` overrides and quarantine);
                filled by load_results(), None from read_results()

    full_name   (derived) classname + "." + name, or suite + "." + name without classname:
                the Generic Test Definition in Xray, the test case name in Zephyr Enterprise.
    """

    # tags, properties and steps are created on first use: most results never need them, and a
    # 100,000-case file then costs three container allocations less per case.
    __slots__ = tuple("_" + f if f in _LAZY else f for f in FIELDS)
    __test__ = False  # not a pytest test class, despite the name

    def __init__(self, suite, classname, name, status="passed", detail=None, duration=0.0,
                 message=None, output=None, key=None, tags=None, properties=None, steps=None,
                 flaky=False, attempts=1, file=None, line=None, quarantined=False,
                 publish_status=None):
        self.suite = suite
        self.classname = classname
        self.name = name
        self.status = status
        self.detail = detail
        self.duration = duration
        self.message = message
        self.output = output
        self.key = key
        self._tags = tags
        self._properties = properties
        self._steps = steps
        self.flaky = flaky
        self.attempts = attempts
        self.file = file
        self.line = line
        self.quarantined = quarantined
        self.publish_status = publish_status

    @property
    def tags(self):
        if self._tags is None:
            self._tags = []
        return self._tags

    @tags.setter
    def tags(self, value):
        self._tags = value

    @property
    def properties(self):
        if self._properties is None:
            self._properties = {}
        return self._properties

    @properties.setter
    def properties(self, value):
        self._properties = value

    @property
    def steps(self):
        if self._steps is None:
            self._steps = []
        return self._steps

    @steps.setter
    def steps(self, value):
        self._steps = value

    @property
    def full_name(self):
        prefix = self.classname or self.suite
        return "%s.%s" % (prefix, self.name) if prefix else self.name

    @property
    def identity(self):
        """What makes two entries the same test within one file (for folding reruns)."""
        return (self.classname or self.suite, self.name)

    def as_dict(self):
        data = dict((field, getattr(self, field)) for field in FIELDS)
        data["tags"] = list(self.tags)
        data["properties"] = dict(self.properties)
        data["steps"] = [dict(step) for step in self.steps]
        data["full_name"] = self.full_name
        return data

    @classmethod
    def from_dict(cls, data):
        """Rebuild a result from as_dict() output (e.g. results passed to a module)."""
        kwargs = dict((field, data[field]) for field in FIELDS if field in data)
        for required in ("suite", "classname", "name"):
            kwargs.setdefault(required, None)
        return cls(**kwargs)

    def __eq__(self, other):
        if not isinstance(other, TestResult):
            return NotImplemented
        return all(getattr(self, f) == getattr(other, f) for f in FIELDS)

    def __ne__(self, other):
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    __hash__ = None

    def __repr__(self):
        return "TestResult(%r, status=%r, key=%r)" % (self.full_name, self.status, self.key)


def step(name, status, message=None):
    """One step of a scenario or one top-level keyword, as a plain dict."""
    return {"name": name, "status": status, "message": message}
