# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""NUnit 3 TestResult.xml (``<test-run>``), and the NUnit 2.x format (``<test-results>``).

Categories become tags, other properties stay properties (``test_key`` gives the key).
NUnit 3 "Failed" with label Error/Invalid/Cancelled is an error; Skipped, Ignored, Explicit
and Inconclusive are skipped; Warning is passed (with its message).
suite is the enclosing fixture's name, classname the test's class.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.junit import seconds
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import (
    first_line, join_sections, short_message,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import drop

ROOTS = ("test-run", "test-results")
_CONTAINERS = ("test-suite", "results") + ROOTS
_FIXTURE_TYPES = ("TestFixture", "GenericFixture", "ParameterizedFixture")
_ERROR_LABELS = ("Error", "Invalid", "Cancelled")
_NUNIT2_STATUS = {
    "Success": "passed", "Failure": "failed", "Error": "error", "Cancelled": "error",
    "NotRunnable": "error", "Ignored": "skipped", "Skipped": "skipped", "Inconclusive": "skipped",
}


def _status(el, v2):
    if v2:
        if el.get("executed") == "False":
            return "skipped"
        return _NUNIT2_STATUS.get(el.get("result"), "failed" if el.get("success") == "False" else "passed")
    result = el.get("result")
    if result == "Passed" or result == "Warning":
        return "passed"
    if result == "Failed":
        return "error" if el.get("label") in _ERROR_LABELS else "failed"
    return "skipped"


def _split_v2_name(full):
    """"NS.Class.Method(1,\"a.b\")" -> ("NS.Class", "Method(1,\"a.b\")")."""
    head = full.split("(", 1)[0]
    if "." not in head:
        return None, full
    cut = head.rfind(".")
    return full[:cut], full[cut + 1:]


def _case(el, suite, ctx, v2):
    if v2:
        classname, name = _split_v2_name((el.get("name") or "").strip())
    else:
        name = (el.get("name") or "").strip()
        classname = el.get("classname")
    name = name or "(unnamed)"
    status = _status(el, v2)
    properties = {}
    tags = []
    message = trace = output = None
    for child in el:
        tag = child.tag
        if tag == "properties":
            for prop in child:
                if prop.tag != "property" or not prop.get("name"):
                    continue
                if prop.get("name") == "Category":
                    tags.append(prop.get("value") or "")
                else:
                    properties[prop.get("name")] = prop.get("value") or ""
        elif tag == "categories":  # NUnit 2
            tags.extend(c.get("name") or "" for c in child if c.tag == "category")
        elif tag in ("failure", "reason"):
            trace = child.findtext("stack-trace")
            message = short_message(child.findtext("message")) or first_line(trace)
            if tag == "failure" and message:
                trace = "%s\n%s" % (message, trace or "")
        elif tag == "output":
            output = child.text
    key = ctx.keys.find(properties, tags, name, inherited_names=(classname, suite))
    duration = seconds(el.get("time") if v2 else el.get("duration"))
    text = join_sections([(None, trace if status in ("failed", "error") else None), ("output", output)],
                         ctx.max_output)
    return TestResult(suite, classname, name, status, None, duration, message, text, key,
                      tags, properties, [], False, 1, ctx.path, None)


def parse(stream, ctx):
    """Yield one TestResult per test-case of an NUnit EventStream."""
    stack = []
    fixtures = []  # names of enclosing fixtures (or suites), innermost last
    v2 = False
    for batch in stream.batches():
        for event, el in batch:
            tag = el.tag
            if event == "start":
                if not stack:
                    if tag not in ROOTS:
                        raise stream.source.error("root element <%s> is not NUnit XML (expected <test-run> or "
                                                  "<test-results>)" % tag, stream.root_line)
                    v2 = tag == "test-results"
                if tag == "test-suite":
                    # A parameterized method is a suite too; results belong to its fixture.
                    inner = fixtures[-1] if fixtures else None
                    is_fixture = el.get("type") in _FIXTURE_TYPES or not fixtures
                    fixtures.append(el.get("name") if is_fixture else inner)
                stack.append(el)
                continue
            stack.pop()
            if tag == "test-case":
                result = _case(el, fixtures[-1] if fixtures else None, ctx, v2)
                drop(stack[-1], el)
                yield result
            elif tag == "test-suite":
                fixtures.pop()
                drop(stack[-1], el)
            elif stack and stack[-1].tag in _CONTAINERS:
                drop(stack[-1], el)  # suite properties, failure, output...
