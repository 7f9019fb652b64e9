# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Cucumber JSON (cucumber-js, cucumber-jvm, cucumber-ruby) and behave ``-f json``.

One result per scenario (each Scenario Outline example row is its own scenario in both).
The key comes from the scenario's own tags (``@SHOP-601``); feature tags such as
``@REQ-SHOP-10`` are inherited into ``tags`` but give a key only with ``inherit_keys``.
Steps keep their own status and error. Durations are nanoseconds in Cucumber, seconds in
behave. behave's classname is "<feature file stem>.<feature name>", as its --junit writes it.

JSON cannot be streamed with the standard library; the file is bounded by max_bytes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import json
import posixpath

from ansible_collections.testops.testmgmt.plugins.module_utils.results.model import TestResult, step
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import clip, first_line

_STEP_STATUS = {
    "passed": "passed", "failed": "failed", "skipped": "skipped", "pending": "skipped",
    "undefined": "skipped", "untested": "skipped", "ambiguous": "error", "unknown": "skipped",
}
_SCENARIO_TYPES = ("scenario", "scenario_outline")
_NOT_A_REPORT = "expected a Cucumber JSON report: a list of features with 'elements'"


def _load(source):
    raw = source.read_all()
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise source.error("not UTF-8 text (%s); %s" % (exc.reason, _NOT_A_REPORT),
                           raw.count(b"\n", 0, exc.start) + 1)
    try:
        return json.loads(text)
    except ValueError as exc:
        line = getattr(exc, "lineno", None) or 1
        reason = getattr(exc, "msg", None) or str(exc)
        if getattr(exc, "pos", 0) >= len(text.rstrip()):
            reason += ": the file is truncated"
        raise source.error("JSON is not well-formed (%s)" % reason, line)


def _check(source, data):
    if not isinstance(data, list):
        raise source.error("a JSON %s at the top; %s" % (type(data).__name__.replace("dict", "object"), _NOT_A_REPORT), 1)
    for number, feature in enumerate(data, 1):
        if not isinstance(feature, dict) or not ("elements" in feature or "keyword" in feature):
            raise source.error("item %d of the top-level list is not a feature; %s" % (number, _NOT_A_REPORT), 1)
        if not isinstance(feature.get("elements", []), list):
            raise source.error("feature %d has 'elements' that is not a list; %s" % (number, _NOT_A_REPORT), 1)


def _looks_like_behave(data):
    for feature in data:
        if "location" in feature and "uri" not in feature:
            return True
        for element in feature.get("elements") or ():
            for entry in element.get("steps") or ():
                if "step_type" in entry:
                    return True
    return False


def _tag_names(tags):
    names = []
    for tag in tags or ():
        name = tag.get("name") if isinstance(tag, dict) else tag
        if isinstance(name, str) and name.strip():
            names.append(name.strip().lstrip("@"))
    return names


def _line(element):
    line = element.get("line")
    if isinstance(line, int):
        return line
    location = element.get("location")
    if isinstance(location, str) and ":" in location:
        tail = location.rsplit(":", 1)[1]
        if tail.isdigit():
            return int(tail)
    return None


def _behave_classname(feature, name):
    # behave --junit: path of the feature file below features/, without extension, dotted.
    location = (feature.get("location") or "").rsplit(":", 1)[0]
    if not location:
        return name
    parts = location.replace("\\", "/").split("/")
    if len(parts) > 1 and parts[0] == "features":
        parts = parts[1:]
    stem = posixpath.splitext("/".join(parts))[0].replace("/", ".")
    return "%s.%s" % (stem, name) if name else stem


class _Outcome(object):
    """Status, message, output and duration gathered over a scenario's steps and hooks."""

    __slots__ = ("failed", "hook_failed", "ambiguous", "undefined", "passed", "skipped",
                 "message", "errors", "duration")

    def __init__(self):
        self.failed = self.hook_failed = self.ambiguous = self.undefined = False
        self.passed = self.skipped = 0
        self.message = None
        self.errors = []
        self.duration = 0.0

    def add(self, entry, hook, unit, steps):
        result = entry.get("result") or {}
        raw = result.get("status") or ("skipped" if not hook else "passed")
        status = _STEP_STATUS.get(raw, "skipped")
        error = result.get("error_message")
        if isinstance(error, list):  # behave writes a list of lines
            error = "\n".join(str(part) for part in error)
        duration = result.get("duration")
        if isinstance(duration, (int, float)):
            self.duration += duration * unit
        if error:
            self.errors.append(error)
        if raw == "failed":
            if hook:
                self.hook_failed = True
            else:
                self.failed = True
            if self.message is None:
                self.message = first_line(error) or "%s failed" % ("hook" if hook else "step")
        elif raw == "ambiguous":
            self.ambiguous = True
            if self.message is None:
                self.message = first_line(error) or "ambiguous step definitions"
        elif raw in ("undefined", "pending"):
            self.undefined = True
            if self.message is None:
                self.message = "%s step: %s" % (raw, entry.get("name") or "")
        elif raw == "passed":
            self.passed += 1
        else:
            self.skipped += 1
        if not hook and not entry.get("hidden"):
            keyword = (entry.get("keyword") or "").strip()
            name = (entry.get("name") or "").strip()
            steps.append(step(("%s %s" % (keyword, name)).strip(), status, clip(error, 4096) if error else None))

    def status(self, fallback):
        if self.failed:
            return "failed", None
        if self.hook_failed or self.ambiguous:
            return "error", None
        if self.undefined:
            return "skipped", "todo"
        if self.skipped and not self.passed:
            return "skipped", None
        if not self.passed and fallback:
            return _STEP_STATUS.get(fallback, "passed"), None
        return "passed", None


def _scenario(element, background, feature_info, behave, ctx):
    suite, classname, feature_name, feature_tags = feature_info
    unit = 1.0 if behave else 1e-9
    outcome = _Outcome()
    steps = []
    for hook in element.get("before") or ():
        outcome.add(hook, True, unit, steps)
    for entry in list(background) + list(element.get("steps") or ()):
        hidden = bool(entry.get("hidden"))
        outcome.add(entry, hidden, unit, steps)
    for hook in element.get("after") or ():
        outcome.add(hook, True, unit, steps)
    status, detail = outcome.status(element.get("status") if behave else None)
    name = (element.get("name") or "").strip() or "(unnamed scenario)"
    tags = _tag_names(element.get("tags"))
    inherited = set(feature_tags)
    own_tags = [tag for tag in tags if tag not in inherited]
    all_tags = list(feature_tags) + own_tags
    key = ctx.keys.find(None, own_tags, name, inherited_tags=feature_tags, inherited_names=(feature_name,))
    output = clip("\n\n".join(outcome.errors), ctx.max_output) if outcome.errors else None
    message = outcome.message if status != "passed" else None
    return TestResult(suite, classname, name, status, detail, outcome.duration, message, output, key,
                      all_tags, {}, steps, False, 1, ctx.path, _line(element))


def parse(source, ctx, behave=None):
    """Yield one TestResult per scenario. ``behave`` None means: tell from the content."""
    try:
        data = _load(source)
    finally:
        source.close()
    _check(source, data)
    if behave is None:
        behave = _looks_like_behave(data)
    for feature in data:
        feature_name = (feature.get("name") or "").strip() or None
        classname = _behave_classname(feature, feature_name) if behave else feature_name
        feature_info = (classname, classname, feature_name, _tag_names(feature.get("tags")))
        background = []
        for element in feature.get("elements") or ():
            if not isinstance(element, dict):
                continue
            kind = element.get("type") or "scenario"
            if kind == "background":
                background = element.get("steps") or []  # applies to the next scenario
                continue
            if kind not in _SCENARIO_TYPES:
                continue
            yield _scenario(element, background, feature_info, behave, ctx)
            background = []
