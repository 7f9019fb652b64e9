# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""TestNG testng-results.xml.

One result per test method run (configuration methods are not tests). Data-provider runs get
their parameters in the name: ``addsItem(apple, 2)``. Groups become tags, ``<attributes>``
become properties (Xray's TestNG listener puts the key in attribute ``test``); a key may also
be in the method's description. Runs marked ``retried="true"`` (RetryAnalyzer) are folded
into the run that follows them.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.fold import merge_attempts
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import (
    first_line, join_sections, short_message,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import drop

ROOT = "testng-results"
_STATUS = {"PASS": "passed", "FAIL": "failed", "SKIP": "skipped"}
# Containers whose finished children are dropped to keep memory flat.
_CONTAINERS = (ROOT, "suite", "test", "class", "groups")


def _params(method):
    params = method.find("params")
    if params is None:
        return None
    values = []
    for param in params:
        value = param.find("value")
        if value is None or value.get("is-null") == "true":
            values.append("null")
        else:
            values.append((value.text or "").strip())
    return values


def _method(el, suite, classname, groups, ctx):
    name = (el.get("name") or "").strip() or "(unnamed)"
    params = _params(el)
    if params is not None:
        name = "%s(%s)" % (name, ", ".join(params))
    status = _STATUS.get(el.get("status"), "skipped")
    message = None
    trace = None
    exception = el.find("exception")
    if exception is not None:
        trace = exception.findtext("full-stacktrace")
        message = short_message(exception.findtext("message")) or first_line(trace) or exception.get("class")
    reporter = el.find("reporter-output")
    lines = [line.text or "" for line in reporter if line.tag == "line"] if reporter is not None else []
    properties = {}
    attributes = el.find("attributes")
    if attributes is not None:
        for attribute in attributes:
            if attribute.get("name"):
                properties[attribute.get("name")] = (attribute.text or "").strip()
    tags = list(groups.get((classname, el.get("name")), ()))
    description = el.get("description")
    key = ctx.keys.find(properties, tags, name, inherited_names=(classname, suite))
    if key is None and description:
        key = ctx.keys.in_text(description)
    try:
        duration = int(el.get("duration-ms") or 0) / 1000.0
    except ValueError:
        duration = 0.0
    output = join_sections([(None, trace), ("reporter-output", "\n".join(lines))], ctx.max_output)
    return TestResult(suite, classname, name, status, None, duration, message, output, key,
                      tags, properties, [], False, 1, ctx.path, None)


def _leftovers(retries):
    # Retried runs with no final run after them: the last one is the outcome.
    for attempts in retries.values():
        last = attempts[-1]
        for earlier in attempts[:-1]:
            last = merge_attempts(earlier, last)
        yield last


def parse(stream, ctx):
    """Yield one TestResult per test-method of a testng-results.xml EventStream."""
    stack = []
    suite = classname = None
    groups = {}
    retries = {}
    for batch in stream.batches():
        for event, el in batch:
            tag = el.tag
            if event == "start":
                if not stack and tag != ROOT:
                    raise stream.source.error("root element <%s> is not TestNG XML (expected <testng-results>)"
                                              % tag, stream.root_line)
                if tag == "suite":
                    suite, groups = el.get("name"), {}
                elif tag == "test":
                    suite = el.get("name") or suite
                elif tag == "class":
                    classname = el.get("name")
                stack.append(el)
                continue
            stack.pop()
            if tag == "test-method":
                parent = stack[-1] if stack else None
                if el.get("is-config") != "true":
                    result = _method(el, suite, classname, groups, ctx)
                    identity = result.identity
                    if el.get("retried") == "true":
                        result.status = "failed"  # TestNG reports a retried run as SKIP
                        retries.setdefault(identity, []).append(result)
                    else:
                        for earlier in retries.pop(identity, ()):
                            result = merge_attempts(earlier, result)
                        yield result
                if parent is not None:
                    drop(parent, el)
            elif tag == "group":
                for method in el:
                    if method.tag == "method":
                        groups.setdefault((method.get("class"), method.get("name")), []).append(el.get("name"))
                drop(stack[-1], el)
            elif tag == "class":
                yield from _leftovers(retries)
                retries = {}
                drop(stack[-1], el)
            elif stack and stack[-1].tag in _CONTAINERS:
                drop(stack[-1], el)
