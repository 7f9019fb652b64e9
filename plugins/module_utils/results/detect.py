# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which report format a file holds, from its first bytes (never from its name).

XML is told apart by its root element, JSON by its shape. Anything else (an HTML error page
saved instead of a report, a Jest JSON, Cucumber NDJSON messages, a binary) is refused here
with a message that says what was found and what is expected.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import ResultSource
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import DTD_REFUSED

SNIFF_BYTES = 64 * 1024

ROOT_FORMATS = {
    "testsuites": "junit",
    "testsuite": "junit",
    "robot": "robot",
    "testng-results": "testng",
    "test-run": "nunit",
    "test-results": "nunit",
    "assemblies": "xunit",
    "assembly": "xunit",
}

FORMAT_NAMES = {
    "junit": "JUnit XML",
    "robot": "Robot Framework output.xml",
    "cucumber": "Cucumber JSON",
    "testng": "TestNG testng-results.xml",
    "nunit": "NUnit TestResult.xml",
    "xunit": "xUnit.net XML",
}

EXPECTED = ("a test report: JUnit XML, Robot output.xml, TestNG, NUnit or xUnit.net XML, "
            "or Cucumber/behave JSON")

_NAME = re.compile(r"[A-Za-z_][\w.:-]*")


def _decode(head):
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "replace")
    if head[:2] in (b"<\x00", b"\x00<"):
        return head.decode("utf-16-le" if head[:1] == b"<" else "utf-16-be", "replace")
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:]
    return head.decode("utf-8", "replace")


def _line_of(text, position):
    return text.count("\n", 0, position) + 1


def _xml_root(path, text):
    """(root element local name, its line), skipping the XML declaration, comments and PIs."""
    pos = 0
    size = len(text)
    while True:
        start = text.find("<", pos)
        if start < 0 or start + 1 >= size:
            return None, _line_of(text, size)
        if text.startswith("<?", start):
            end = text.find("?>", start)
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
        elif text.startswith("<!", start):
            line = _line_of(text, start)
            if text[start:start + 14].upper().startswith("<!DOCTYPE HTML"):
                raise ResultFileError(path, line, "this is an HTML page, not %s" % EXPECTED)
            raise ResultFileError(path, line, DTD_REFUSED)
        else:
            match = _NAME.match(text, start + 1)
            if not match:
                raise ResultFileError(path, _line_of(text, start), "not XML markup; expected %s" % EXPECTED)
            return match.group(0).split(":")[-1], _line_of(text, start)
        if end < 0:
            return None, _line_of(text, start)
        pos = end + (3 if text.startswith("<!--", start) else 2)


def _json_kind(path, text):
    stripped = text.lstrip()
    if stripped.startswith("["):
        return "cucumber"
    first = stripped.split("\n", 1)[0]
    if '"gherkinDocument"' in text or '"testCaseStarted"' in text or first.startswith('{"meta"'):
        raise ResultFileError(path, 1, "Cucumber messages (NDJSON) are not supported; "
                                       "write a Cucumber JSON report (--format json)")
    if '"numTotalTests"' in text:
        raise ResultFileError(path, 1, "a Jest JSON report is not supported; use jest-junit")
    raise ResultFileError(path, 1, "a JSON object is not a Cucumber JSON report "
                                   "(expected a list of features); expected %s" % EXPECTED)


def sniff(source):
    """Format name ("junit", "robot", "cucumber", "testng", "nunit", "xunit") of an open source.

    Reads the start of the file; the caller opens a new ResultSource to parse it.
    """
    head = source.read(SNIFF_BYTES)
    path = source.path
    if not head.strip():
        raise ResultFileError(path, 1, "file is empty; expected %s" % EXPECTED)
    text = _decode(head)
    body = text.lstrip()
    offset = len(text) - len(body)
    if body.startswith("<"):
        root, line = _xml_root(path, text[offset:])
        line += text.count("\n", 0, offset)
        if root is None:
            if len(head) < SNIFF_BYTES:
                raise ResultFileError(path, line, "XML ends before its root element: the file is truncated")
            raise ResultFileError(path, line, "no root element in the first %d KiB; expected %s"
                                  % (SNIFF_BYTES // 1024, EXPECTED))
        if root.lower() == "html":
            raise ResultFileError(path, line, "this is an HTML page, not %s" % EXPECTED)
        fmt = ROOT_FORMATS.get(root)
        if fmt is None:
            raise ResultFileError(path, line, "root element <%s> is not %s" % (root, EXPECTED))
        return fmt
    if body.startswith(("[", "{")):
        return _json_kind(path, body)
    if b"\x00" in head[:1024]:
        raise ResultFileError(path, 1, "binary content; expected %s" % EXPECTED)
    raise ResultFileError(path, 1, "neither XML nor JSON; expected %s" % EXPECTED)


def detect_format(path, max_bytes=None):
    """Open ``path`` just to sniff its format."""
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    with ResultSource(path, **kwargs) as source:
        return sniff(source)
