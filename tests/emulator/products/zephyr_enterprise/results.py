"""What the automation runner reads from an uploaded result file, as ZE's parsers do: JUnit XML (every
framework's fallback, Robot with ``-x``), TestNG XML and Cucumber JSON. Stdlib only; each result is
(container, name, status) with status passed / failed / error / skipped."""

import json
import xml.etree.ElementTree as ET


class ResultError(Exception):
    pass


def parse(content):
    text = content.decode("utf-8-sig", "replace").strip()
    if not text:
        raise ResultError("the result file is empty")
    if text[0] in "[{":
        return _cucumber(text)
    try:
        root = ET.fromstring(text.encode("utf-8"))
    except ET.ParseError as exc:
        raise ResultError("the result file is not valid XML or JSON (%s)" % exc)
    if root.tag == "testng-results":
        return _testng(root)
    if root.tag in ("testsuites", "testsuite"):
        return _junit(root)
    raise ResultError("unsupported result file (root element <%s>)" % root.tag)


def _junit(root):
    out = []

    def walk(node, suite):
        for child in node:
            if child.tag == "testsuite":
                walk(child, child.get("name") or suite)
            elif child.tag == "testcase":
                status = "passed"
                if child.find("failure") is not None:
                    status = "failed"
                elif child.find("error") is not None:
                    status = "error"
                elif child.find("skipped") is not None:
                    status = "skipped"
                out.append((child.get("classname") or suite or "", child.get("name") or "", status))
    if root.tag == "testsuite":
        walk(root, root.get("name"))
    else:
        walk(root, root.get("name"))
    return out


def _testng(root):
    statuses = {"PASS": "passed", "FAIL": "failed", "SKIP": "skipped"}
    out = []
    for klass in root.iter("class"):
        for method in klass.iter("test-method"):
            if method.get("is-config") == "true":
                continue
            out.append((klass.get("name") or "", method.get("name") or "",
                        statuses.get((method.get("status") or "").upper(), "error")))
    return out


def _cucumber(text):
    try:
        features = json.loads(text)
    except ValueError as exc:
        raise ResultError("the result file is not valid JSON (%s)" % exc)
    if isinstance(features, dict):
        features = [features]
    out = []
    for feature in features:
        for element in feature.get("elements") or []:
            if element.get("type") == "background":
                continue
            steps = [s.get("result", {}).get("status") for s in element.get("steps") or []]
            status = "passed"
            if "failed" in steps:
                status = "failed"
            elif any(s in ("skipped", "pending", "undefined") for s in steps):
                status = "skipped"
            out.append((feature.get("name") or "", element.get("name") or "", status))
    return out
