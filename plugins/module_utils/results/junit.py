# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JUnit XML in the dialects real runners write.

Handled: pytest xunit1/xunit2 (``test_key`` properties, xfail/xpass), Maven Surefire
(``flakyFailure``/``flakyError`` = passed on rerun, ``rerunFailure``/``rerunError`` = failed
every rerun), jest-junit (``todo`` tests), mocha-junit-reporter (title in ``classname``, empty
Root Suite), Robot ``--xunit``, behave ``--junit`` (tags and steps from the captured scenario
text), Xray-style properties (``test_key``, ``tags``, ``testrun_evidence``), gtest/ctest
``status`` attributes, nested ``<testsuite>`` elements.

Streaming: each <testcase> is turned into a TestResult at its end tag, and finished elements
are freed after each chunk, so memory depends on the largest test case, not on how many
there are.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.testops.testmgmt.plugins.module_utils.results.fold import merge_attempts
from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult, step
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import (
    MAX_MESSAGE, clip, first_line, join_sections,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import purge

_OUTCOMES = ("failure", "error", "skipped")
_FLAKY = ("flakyFailure", "flakyError")
_RERUN = ("rerunFailure", "rerunError")
_RETRY = frozenset(_FLAKY + _RERUN)
# Runners that mark outcome with an attribute instead of a child element (gtest, ctest, behave).
_STATUS_ATTR = {
    "notrun": "skipped", "disabled": "skipped", "skipped": "skipped", "untested": "skipped",
    "suppressed": "skipped", "fail": "failed", "failed": "failed", "error": "error",
}
_XPASS_SKIP_MESSAGE = "xfail-marked test passes unexpectedly"
# jest-junit writes "todo" tests as bare <testcase time="0"> and leaves them out of tests="N";
# results are held (in order) while such a suite might still prove them todo, up to this many.
_HOLD_LIMIT = 1000
_EVIDENCE_LIMIT = 1024 * 1024

_BEHAVE_STEP = re.compile(r"^\s+(\S+) (.*?) \.\.\. (\w+)(?: in [\d.]+m?s)?\s*$")
_BEHAVE_STEP_STATUS = {"passed": "passed", "failed": "failed", "error": "error", "skipped": "skipped",
                       "undefined": "skipped", "untested": "skipped", "pending": "skipped"}


class _Suite(object):
    __slots__ = ("name", "declared", "count")

    def __init__(self, attrs, count):
        self.name = (attrs.get("name") or "").strip() or None
        declared = attrs.get("tests")
        self.declared = int(declared) if declared and declared.isdigit() else None
        self.count = count  # cases before it; at its end, cases in it


def seconds(text):
    """A ``time`` attribute as float seconds; tolerant of blanks and decimal commas."""
    if not text:
        return 0.0
    try:
        return float(text)
    except ValueError:
        try:
            return float(text.replace(",", "."))
        except ValueError:
            return 0.0


def split_names(suite, classname, name):
    """Undo the reporters that put the whole title into both attributes or swap them.

    jest-junit (default templates): classname == name == "<describe> <title>".
    mocha-junit-reporter: name == "<describe path> <title>", classname == "<title>", and the
    suite is the innermost describe.
    """
    if classname == name:
        if suite and name.startswith(suite + " "):
            return suite, name[len(suite) + 1:]
        return None, name
    size = len(classname)
    if suite and len(name) > size + 1 and name.endswith(classname) and name[-size - 1] == " ":
        prefix = name[:-size - 1]
        # Only when the rest is the describe path ending in this suite: "Guest Can Checkout"
        # with classname "Checkout" (Robot --xunit) is a plain name.
        if prefix == suite or prefix.endswith(" " + suite):
            return prefix, classname
    return classname, name


def _property_value(prop):
    items = [item for item in prop if item.tag == "item"]
    if not items:
        value = prop.get("value")
        return value if value is not None else (prop.text or "")
    # Xray testrun_evidence: <item name="x.png">base64</item>
    evidence = []
    for item in items:
        content = item.text or ""
        entry = {"name": item.get("name")}
        if len(content) <= _EVIDENCE_LIMIT:
            entry["content"] = content
        else:
            entry["content"] = None
            entry["truncated"] = True
        evidence.append(entry)
    return evidence


def _behave_capture(text):
    """Tags and steps from behave's captured scenario text (its JUnit has no other place)."""
    tags = []
    steps = []
    in_header = False
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "@scenario.begin":
            in_header = True
            continue
        if in_header:
            if stripped.startswith("@"):
                tags.extend(tag[1:] for tag in stripped.split() if tag.startswith("@") and len(tag) > 1)
                continue
            if stripped:
                in_header = False  # the "Scenario:" line
            continue
        match = _BEHAVE_STEP.match(line)
        if match:
            keyword, text_, status = match.groups()
            steps.append(step("%s %s" % (keyword, text_), _BEHAVE_STEP_STATUS.get(status, "skipped")))
    return tags, steps


def _read_properties(element, properties):
    for prop in element:
        name = prop.get("name")
        if name and prop.tag == "property":
            properties[name] = _property_value(prop)
    return properties


def _bare_case(attrib, suite_name, classname, name, duration, time, ctx):
    """(result, jest todo candidate) for a childless test case with more than the usual attributes."""
    line = attrib.get("line")
    line = int(line) if line and line.isdigit() else None
    status = attrib.get("status")
    extra = attrib.get("result")
    if status or extra:
        status = _STATUS_ATTR.get(status) or _STATUS_ATTR.get(extra) or "passed"
    else:
        status = "passed"
    key = ctx.keys.find(None, None, name, inherited_names=(classname, suite_name))
    result = TestResult(suite_name, classname, name, status, None, duration, None, None, key, None, None, None,
                        False, 1, ctx.path, line)
    return result, time == "0" and status == "passed"


def _message(element):
    """The short message of a failure/error/skipped element: its attribute, else its first line."""
    attribute = element.get("message")
    if attribute:
        attribute = attribute.strip()
        if attribute:
            return attribute if len(attribute) <= MAX_MESSAGE else clip(attribute, MAX_MESSAGE)
    return first_line(element.text)


def _outcome_case(child, suite_name, classname, name, duration, line, ctx):
    """_rich_case() for its most common input, a lone <failure>, <error> or <skipped>: same
    result, less work (tests compare the two)."""
    tag = child.tag
    message = child.get("message")
    if message:
        message = message.strip()
        if len(message) > MAX_MESSAGE:
            message = clip(message, MAX_MESSAGE)
    detail = output = None
    if tag == "skipped":
        if not message:
            message = first_line(child.text)
        if message == _XPASS_SKIP_MESSAGE:
            status, detail = "failed", "xpass"
        else:
            status = "skipped"
            if child.get("type") == "pytest.xfail":
                detail = "xfail"
    else:
        body = child.text
        if not message:
            message = first_line(body)
        output = body or child.get("message")
        if output and len(output) > ctx.max_output:
            output = clip(output, ctx.max_output)
        if tag == "failure":
            status = "failed"
            if message and message.startswith("[XPASS(strict)]"):
                detail = "xpass"
        else:
            status = "error"
    return TestResult(suite_name, classname, name, status, detail, duration, message, output,
                      ctx.keys.in_name(name), None, None, None, False, 1, ctx.path, line)


def _rich_case(el, suite_name, classname, name, duration, line, ctx):
    """A <testcase> with children: outcome, reruns, properties, captured output."""
    outcome = skipped = stdout = stderr = retries = more = properties = None
    failed = False
    for child in el:
        tag = child.tag
        if tag == "failure" or tag == "error":
            if outcome is None:
                outcome = child
            elif more is None:  # jest writes one <failure> per failed expectation
                more = [child]
            else:
                more.append(child)
            if tag == "failure":
                failed = True
        elif tag == "system-out":
            stdout = child.text
        elif tag in _RETRY:
            if retries is None:
                retries = [child]
            else:
                retries.append(child)
        elif tag == "skipped":
            skipped = child
        elif tag == "properties":
            properties = _read_properties(child, properties or {})
        elif tag == "system-err":
            stderr = child.text

    detail = body = None
    flaky = False
    if outcome is not None:
        body = outcome.text
        message = outcome.get("message")  # _message(), inlined: most cases with children fail
        if message:
            message = message.strip()
            if len(message) > MAX_MESSAGE:
                message = clip(message, MAX_MESSAGE)
        if not message:
            message = first_line(body)
        body = body or outcome.get("message")
        if more:
            body = "\n\n".join([body or ""] + [o.text or o.get("message") or "" for o in more])
        if failed:
            status = "failed"
            if message and message.startswith("[XPASS(strict)]"):
                detail = "xpass"
        else:
            status = "error"
    elif skipped is not None:
        message = _message(skipped)
        if message == _XPASS_SKIP_MESSAGE:
            status, detail = "failed", "xpass"
        else:
            status = "skipped"
            if skipped.get("type") == "pytest.xfail":
                detail = "xfail"
    else:
        message = None
        status = _STATUS_ATTR.get(el.get("status")) or _STATUS_ATTR.get(el.get("result")) or "passed"

    attempts = 1
    if retries is not None:
        attempts += len(retries)
        if outcome is None and skipped is None and any(r.tag in _FLAKY for r in retries):
            flaky, detail = True, "flaky"
        if message is None:  # passed on rerun: say what failed before
            message = _message(retries[0]) or first_line(retries[0].findtext("stackTrace"))

    tags = steps = None
    if properties:
        value = properties.get("tags")
        if isinstance(value, str):
            tags = [t.strip() for t in value.split(",") if t.strip()]
    if stdout and "@scenario.begin" in stdout:
        tags_, steps = _behave_capture(stdout)
        tags = (tags or []) + tags_
        if status == "failed" and message:
            for entry in reversed(steps):
                if entry["status"] == "failed":
                    entry["message"] = message
                    break

    if stdout is None and stderr is None and retries is None:
        output = body if not body or len(body) <= ctx.max_output else clip(body, ctx.max_output)
    else:
        reruns = None
        if retries is not None:
            parts = []
            for retry in retries:
                part = retry.findtext("stackTrace") or retry.text or retry.get("message")
                if part:
                    parts.append(part)
                part = retry.findtext("system-out")
                if part:
                    parts.append(part)
            reruns = "\n\n".join(parts)
        output = join_sections(((None, body), ("reruns", reruns), ("system-out", stdout), ("system-err", stderr)),
                               ctx.max_output)

    keys = ctx.keys
    if properties or tags or keys.inherit:
        key = keys.find(properties, tags, name, inherited_names=(classname, suite_name))
    else:
        key = keys.in_name(name)
    return TestResult(suite_name, classname, name, status, detail, duration, message, output, key,
                      tags, properties, steps, flaky, attempts, ctx.path, line)


def parse(stream, ctx):
    """Yield one TestResult per test case of a JUnit XML EventStream."""
    path = ctx.path
    inherit = ctx.keys.inherit
    in_name = ctx.keys.in_name
    quick = ctx.keys.quick  # a substring every key has: most names are rejected without the regex
    count = 0               # test cases so far, for the jest todo check
    containers = []         # open <testsuites>/<testsuite> elements
    suites = []             # _Suite of each open <testsuite>
    suite_name = root_name = None
    suite = None            # innermost open _Suite
    last = last_name = last_prefix = None  # reruns (same classname+name) follow each other
    held = None             # [(result, todo_candidate)] while a jest suite may have todo tests
    holder = None           # the _Suite that asked to hold

    for batch in stream.batches():
        # Finished elements are freed after each chunk (see purge), not one by one: cheaper.
        purge(containers)
        for event, el in batch:
            tag = el.tag
            if event == "start":
                if tag == "testsuite":
                    suite = _Suite(el.attrib, count)
                    suites.append(suite)
                    suite_name = suite.name
                    containers.append(el)
                elif not containers:
                    if tag != "testsuites":
                        raise stream.source.error("root element <%s> is not JUnit XML (expected <testsuites> or "
                                                  "<testsuite>)" % tag, stream.root_line)
                    suite_name = root_name = (el.get("name") or "").strip() or None
                    containers.append(el)
                continue

            if tag == "testcase":
                attrib = el.attrib
                name = attrib.get("name")
                classname = attrib.get("classname") or attrib.get("class")
                time = attrib.get("time")
                # The common <testcase classname name time/> (nothing else) goes the inlined way.
                bare = len(attrib) == 3 and not len(el) and not inherit
                if bare:
                    bare = name is not None and classname is not None and time is not None
                name = name.strip() if name else "(unnamed)"
                if classname:
                    classname = classname.strip()
                    if classname == name or name.endswith(classname):
                        classname, name = split_names(suite_name, classname, name)
                else:
                    classname = None
                try:
                    duration = float(time) if time else 0.0
                except ValueError:
                    duration = seconds(time)
                count += 1
                if bare:
                    key = in_name(name) if quick is None or quick in name else None
                    result = TestResult(suite_name, classname, name, "passed", None, duration, None, None,
                                        key, None, None, None, False, 1, path, None)
                    candidate = time == "0"
                elif len(el):
                    line = attrib.get("line")
                    line = int(line) if line and line.isdigit() else None
                    child = el[0]
                    if len(el) == 1 and not len(child) and child.tag in _OUTCOMES and not inherit:
                        result = _outcome_case(child, suite_name, classname, name, duration, line, ctx)
                    else:
                        result = _rich_case(el, suite_name, classname, name, duration, line, ctx)
                    candidate = False
                else:
                    result, candidate = _bare_case(attrib, suite_name, classname, name, duration, time, ctx)
                if candidate and held is None and suite is not None and suite.declared is not None:
                    held, holder = [], suite
                if held is not None:
                    held.append((result, candidate and suite is holder))
                    if len(held) <= _HOLD_LIMIT:
                        continue
                    # Too big for a jest suite: give the todo check up, for good.
                    ready, last, last_name, last_prefix = _release(held, last, last_name, last_prefix)
                    holder.declared = None
                    held = holder = None
                    yield from ready
                    continue
                prefix = classname or suite_name
                if name == last_name and prefix == last_prefix:
                    last = merge_attempts(last, result)
                    continue
                if last is not None:
                    yield last
                last, last_name, last_prefix = result, name, prefix
            elif tag == "testsuite" or tag == "testsuites":
                containers.pop()
                if tag == "testsuite":
                    ended = suites.pop()
                    ended.count = count - ended.count
                    suite = suites[-1] if suites else None
                    suite_name = suite.name if suite is not None else root_name
                    if ended is holder:
                        _mark_todo(held, ended)
                        ready, last, last_name, last_prefix = _release(held, last, last_name, last_prefix)
                        held = holder = None
                        yield from ready
    if held:
        ready, last, last_name, last_prefix = _release(held, last, last_name, last_prefix)
        yield from ready
    if last is not None:
        yield last


def _release(held, last, last_name, last_prefix):
    """Fold held results into the rerun chain; returns (ready to yield, last, its name, prefix)."""
    ready = []
    for result, _candidate in held:
        prefix = result.classname or result.suite
        if result.name == last_name and prefix == last_prefix:
            last = merge_attempts(last, result)
            continue
        if last is not None:
            ready.append(last)
        last, last_name, last_prefix = result, result.name, prefix
    return ready, last, last_name, last_prefix


def _mark_todo(held, suite):
    # Only when the numbers leave no doubt: exactly as many bare time="0" cases as the suite's
    # count is short of its test cases.
    surplus = suite.count - suite.declared
    candidates = [result for result, candidate in held if candidate]
    if surplus > 0 and len(candidates) == surplus:
        for result in candidates:
            result.status, result.detail = "skipped", "todo"
