# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Robot Framework output.xml (RF 3.2 to 7.x schemas).

A test's tags give its key (``SHOP-201``); top-level keywords become steps; SKIP (including
``robot:skip``) and NOT RUN are skipped. classname is the dotted path of the enclosing suites
(Robot's long name, as ``--xunit`` writes it), suite the innermost suite.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from datetime import datetime

from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult, step
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import clip, short_message
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import drop

ROOT = "robot"
_STATUS = {"PASS": "passed", "FAIL": "failed", "SKIP": "skipped", "NOT RUN": "skipped", "NOT_RUN": "skipped"}
# Control structures that can stand at a test's top level next to keywords (RF 4+).
_STEP_TAGS = ("kw", "for", "while", "if", "try", "group", "variable", "return", "break", "continue", "error")
_OLD_TIME_FORMAT = "%Y%m%d %H:%M:%S.%f"


def _duration(status):
    """RF 7 has elapsed="seconds"; older versions have starttime/endtime timestamps."""
    if status is None:
        return 0.0
    elapsed = status.get("elapsed")
    if elapsed:
        try:
            return float(elapsed)
        except ValueError:
            return 0.0
    start, end = status.get("starttime"), status.get("endtime")
    if not start or not end or "N/A" in (start, end):
        return 0.0
    try:
        delta = datetime.strptime(end, _OLD_TIME_FORMAT) - datetime.strptime(start, _OLD_TIME_FORMAT)
    except ValueError:
        return 0.0
    return delta.total_seconds()


def _status(element, tags=()):
    status = element.find("status")
    if status is None:
        return "skipped" if "robot:skip" in tags else "passed", None, status
    name = _STATUS.get(status.get("status"), "skipped" if "robot:skip" in tags else "failed")
    return name, short_message(status.text), status


def _step(element):
    tag = element.tag
    name = element.get("name") or tag.upper()
    kind = element.get("type") or (tag if tag in ("setup", "teardown") else None)
    if kind in ("SETUP", "TEARDOWN", "setup", "teardown"):
        name = "[%s] %s" % (kind.capitalize(), name)
    status, message, _element = _status(element)
    return step(name, status, message if status != "passed" else None)


def _test(el, suites, ctx):
    name = (el.get("name") or "").strip() or "(unnamed)"
    tags = []
    steps = []
    for child in el:
        tag = child.tag
        if tag == "tag":
            tags.append((child.text or "").strip())
        elif tag == "tags":  # RF < 7
            tags.extend((t.text or "").strip() for t in child if t.tag == "tag")
        elif tag in _STEP_TAGS or tag in ("setup", "teardown"):
            steps.append(_step(child))
    status, message, status_el = _status(el, tags)
    classname = ".".join(suites) if suites else None
    suite = suites[-1] if suites else None
    line = el.get("line")
    key = ctx.keys.find(None, tags, name, inherited_names=(classname,))
    output = clip(status_el.text.strip(), ctx.max_output) if status != "passed" and status_el is not None and status_el.text else None
    return TestResult(suite, classname, name, status, None, _duration(status_el), message, output, key,
                      tags, {}, steps, False, 1, ctx.path, int(line) if line and line.isdigit() else None)


def parse(stream, ctx):
    """Yield one TestResult per <test> of a Robot output.xml EventStream."""
    stack = []
    suites = []
    for batch in stream.batches():
        for event, el in batch:
            tag = el.tag
            if event == "start":
                if not stack and tag != ROOT:
                    raise stream.source.error("root element <%s> is not Robot Framework output.xml (expected <robot>)"
                                              % tag, stream.root_line)
                if tag == "suite":
                    suites.append((el.get("name") or "").strip())
                stack.append(el)
                continue
            stack.pop()
            if tag == "test":
                result = _test(el, suites, ctx)
                drop(stack[-1], el)
                yield result
            elif tag == "suite":
                suites.pop()
                drop(stack[-1], el)
            elif stack and stack[-1].tag in (ROOT, "suite"):
                drop(stack[-1], el)  # suite keywords/status/statistics/errors: done with them
