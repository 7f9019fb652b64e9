# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""xUnit.net XML (v2 ``<assemblies>``, v1 ``<assembly>``): what Xray calls "xunit".

Traits become properties (``test_key`` gives the key), ``Category`` traits tags. The name
loses its "<type>." prefix: ``NS.CartTests.Adds(x: 1)`` -> classname ``NS.CartTests``,
name ``Adds(x: 1)``. suite is the test collection (v2) or class (v1).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.junit import seconds
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import (
    first_line, join_sections, short_message,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import drop

ROOTS = ("assemblies", "assembly")
_STATUS = {"Pass": "passed", "Fail": "failed", "Skip": "skipped", "NotRun": "skipped"}
_CONTAINERS = ("assemblies", "assembly", "collection", "class")


def _test(el, suite, ctx):
    classname = el.get("type") or None
    name = (el.get("name") or "").strip()
    if classname and name.startswith(classname + "."):
        name = name[len(classname) + 1:]
    name = name or el.get("method") or "(unnamed)"
    status = _STATUS.get(el.get("result"), "failed")
    properties = {}
    tags = []
    message = trace = output = None
    for child in el:
        tag = child.tag
        if tag == "traits":
            for trait in child:
                trait_name, value = trait.get("name"), trait.get("value") or ""
                if not trait_name:
                    continue
                if trait_name.lower() == "category":
                    tags.append(value)
                else:
                    properties[trait_name] = value
        elif tag == "failure":
            trace = child.findtext("stack-trace")
            message = short_message(child.findtext("message")) or first_line(trace) or child.get("exception-type")
            trace = "%s\n%s" % (child.findtext("message") or "", trace or "")
        elif tag == "reason":
            message = short_message(child.text)
        elif tag == "output":
            output = child.text
    key = ctx.keys.find(properties, tags, name, inherited_names=(classname, suite))
    text = join_sections([(None, trace), ("output", output)], ctx.max_output)
    return TestResult(suite, classname, name, status, None, seconds(el.get("time")), message, text, key,
                      tags, properties, [], False, 1, ctx.path, None)


def parse(stream, ctx):
    """Yield one TestResult per <test> of an xUnit.net EventStream."""
    stack = []
    suites = []
    for batch in stream.batches():
        for event, el in batch:
            tag = el.tag
            if event == "start":
                if not stack and tag not in ROOTS:
                    raise stream.source.error("root element <%s> is not xUnit.net XML (expected <assemblies>)"
                                              % tag, stream.root_line)
                if tag in ("collection", "class"):
                    suites.append(el.get("name"))
                stack.append(el)
                continue
            stack.pop()
            if tag == "test":
                result = _test(el, suites[-1] if suites else None, ctx)
                drop(stack[-1], el)
                yield result
            elif tag in ("collection", "class"):
                suites.pop()
                drop(stack[-1], el)
            elif stack and stack[-1].tag in _CONTAINERS:
                drop(stack[-1], el)
