# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files that are not clean reports: hostile, truncated, not a report, too large, BOM, gzip."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import os
import re

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results import junit
from ansible_collections.testops.testmgmt.plugins.module_utils.results.context import ReadContext
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results, read_results
from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import CHUNK_SIZE, ResultSource
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import EventStream

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.dirname(os.path.realpath(__file__)))))))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(REPO), "shared", "samples")
PYTEST_XML = os.path.join(SAMPLES, "pytest-xunit2.xml")

ONE_LINE = re.compile(r"^(?P<file>[^\n]+): line (?P<line>\d+): (?P<problem>[^\n]+)$")

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE testsuites [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
  <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
  <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
  <!ENTITY lol9 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
]>
<testsuites><testsuite name="x"><testcase classname="a" name="&lol9;"/></testsuite></testsuites>
"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<testsuite name="s"><testcase classname="a" name="b"><system-out>&x;</system-out></testcase></testsuite>
"""

HTML_PAGE = b"""<!DOCTYPE html>
<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>
"""


def write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def error_of(path, **kwargs):
    with pytest.raises(ResultFileError) as caught:
        list(read_results(path, **kwargs))
    text = str(caught.value)
    match = ONE_LINE.match(text)
    assert match, "not one line of <file>: line N: <problem>: %r" % text
    assert match.group("file") == path
    return caught.value


def test_billion_laughs_is_refused_without_expanding(tmp_path):
    error = error_of(write(tmp_path, "bomb.xml", BILLION_LAUGHS))
    assert error.line == 2
    assert "DOCTYPE" in error.problem and "billion laughs" in error.problem


def test_external_entity_is_refused(tmp_path):
    error = error_of(write(tmp_path, "xxe.xml", EXTERNAL_ENTITY))
    assert error.line == 2
    assert "external entities" in error.problem
    assert "root:" not in str(error)


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_the_parser_guard_refuses_a_dtd_even_without_format_detection(tmp_path, document):
    # defusedxml guards the parser itself, not only the sniffing in detect.py
    path = write(tmp_path, "hostile.xml", document)
    source = ResultSource(path)
    try:
        with pytest.raises(ResultFileError) as caught:
            list(junit.parse(EventStream(source), ReadContext(path)))
    finally:
        source.close()
    assert caught.value.line == 2
    assert "DOCTYPE" in caught.value.problem


def test_a_dtd_after_a_long_comment_is_still_refused(tmp_path):
    data = b"<?xml version='1.0'?>\n<!--" + b"x" * (70 * 1024) + b"-->\n" + EXTERNAL_ENTITY.split(b"\n", 1)[1]
    error = error_of(write(tmp_path, "late.xml", data))
    assert "no root element in the first 64 KiB" in error.problem or "DOCTYPE" in error.problem


def test_truncated_xml_names_the_line(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        data = handle.read()
    path = write(tmp_path, "cut.xml", data[:len(data) // 2])
    with pytest.raises(ResultFileError) as caught:
        load_results(path)
    error = caught.value
    assert ONE_LINE.match(str(error))
    assert "truncated" in error.problem
    assert error.line == data[:len(data) // 2].count(b"\n") + 1


def test_truncated_xml_yields_what_was_complete_then_fails(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        data = handle.read()
    path = write(tmp_path, "cut.xml", data[:data.index(b"test_payment_gateway_timeout")])
    seen = []
    with pytest.raises(ResultFileError):
        for result in read_results(path):
            seen.append(result.name)
    # the last complete case may be held back (a rerun of it could follow), the others came out
    assert seen[:2] == ["test_login_succeeds", "test_login_rejects_bad_password"]


def test_truncated_json(tmp_path):
    with open(os.path.join(SAMPLES, "cucumber-js.json"), "rb") as handle:
        data = handle.read()
    error = error_of(write(tmp_path, "cut.json", data[:700]))
    assert "JSON is not well-formed" in error.problem and "truncated" in error.problem
    assert error.line > 1


def test_malformed_xml_in_the_middle(tmp_path):
    path = write(tmp_path, "bad.xml", b'<testsuite name="s">\n<testcase name="a"/>\n<testcase name="b">\n</testsuite>\n')
    error = error_of(path)
    assert error.line == 4
    assert "not well-formed" in error.problem


@pytest.mark.parametrize("data, expected", [
    (HTML_PAGE, "HTML page"),
    (b"<html><body>Login required</body></html>", "HTML page"),
    (b'<?xml version="1.0"?>\n<project><modelVersion>4.0.0</modelVersion></project>', "root element <project>"),
    (b'{"numTotalTests": 3, "testResults": []}', "Jest JSON"),
    (b'{"results": {"tool": {"name": "x"}}}', "not a Cucumber JSON report"),
    (b'[1, 2, 3]', "not a feature"),
    (b'{"meta": {"protocolVersion": "22"}}\n{"source": {}}\n', "NDJSON"),
    (b"PASSED: 3, FAILED: 0\n", "neither XML nor JSON"),
    (b"", "empty"),
    (b"   \n", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b'<?xml version="1.0"?>', "truncated"),
])
def test_non_reports_are_refused_with_what_was_found(tmp_path, data, expected):
    error = error_of(write(tmp_path, "not-a-report", data))
    assert expected in error.problem


def test_json_object_error_is_one_line_at_line_1(tmp_path):
    error = error_of(write(tmp_path, "x.json", b'{\n"a": 1\n}\n'))
    assert error.line == 1


def test_too_large_plain_file(tmp_path):
    error = error_of(PYTEST_XML, max_bytes=1000)
    assert error.line == 1
    assert "larger than" in error.problem and "max_bytes" in error.problem


def test_too_large_gzip_is_stopped_while_decompressing(tmp_path):
    cases = b"".join(b'<testcase classname="c" name="t%d"/>' % i for i in range(50000))
    body = b'<testsuite name="s">' + cases + b"</testsuite>"
    path = write(tmp_path, "bomb.xml.gz", gzip.compress(body))
    assert os.path.getsize(path) < 200 * 1024
    error = error_of(path, max_bytes=256 * 1024)
    assert "uncompressed content is larger than" in error.problem
    assert len(list(read_results(path))) == 50000


def test_an_error_while_reading_names_the_line_reached(tmp_path):
    # the line is counted only for the error, by reading the file again up to where it was
    cases = b"".join(b'<testcase classname="c" name="t%d"/>\n' % i for i in range(20000))
    body = b'<testsuite name="s">\n' + cases + b"</testsuite>"
    path = write(tmp_path, "lines.xml.gz", gzip.compress(body))
    error = error_of(path, max_bytes=5 * CHUNK_SIZE + 100)
    assert "uncompressed content is larger than" in error.problem
    assert error.line == body[:5 * CHUNK_SIZE].count(b"\n") + 1 > 1000
    source = ResultSource(path)
    try:
        assert source.line == 1
        source.read()
        source.read()
        assert source.line == body[:2 * CHUNK_SIZE].count(b"\n") + 1
    finally:
        source.close()


def test_gzip_is_detected_by_content_not_name(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        data = handle.read()
    plain = [dict(r.as_dict(), file=None) for r in read_results(PYTEST_XML)]
    for name in ("report.xml.gz", "report.xml"):
        path = write(tmp_path, name, gzip.compress(data))
        results = [r.as_dict() for r in read_results(path)]
        assert set(r["file"] for r in results) == {path}
        assert [dict(r, file=None) for r in results] == plain


def test_gzip_json(tmp_path):
    with open(os.path.join(SAMPLES, "cucumber-js.json"), "rb") as handle:
        path = write(tmp_path, "cucumber.json.gz", gzip.compress(handle.read()))
    assert [r.key for r in read_results(path)] == ["SHOP-601", "SHOP-602"]


def test_corrupt_gzip(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        data = gzip.compress(handle.read())
    error = error_of(write(tmp_path, "cut.xml.gz", data[:len(data) // 2]))
    assert "gzip" in error.problem or "truncated" in error.problem


def test_utf8_bom_is_accepted(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        data = handle.read()
    path = write(tmp_path, "bom.xml", b"\xef\xbb\xbf" + data)
    assert [r.full_name for r in read_results(path)] == [r.full_name for r in read_results(PYTEST_XML)]
    with open(os.path.join(SAMPLES, "cucumber-js.json"), "rb") as handle:
        path = write(tmp_path, "bom.json", b"\xef\xbb\xbf" + handle.read())
    assert len(list(read_results(path))) == 2


def test_utf16_xml_is_accepted(tmp_path):
    with open(PYTEST_XML, "rb") as handle:
        text = handle.read().decode("utf-8").replace('encoding="utf-8"', 'encoding="UTF-16"')
    path = write(tmp_path, "utf16.xml", text.encode("utf-16"))
    results = list(read_results(path))
    assert len(results) == 14
    assert results[10].name == u"test_unicode_name_größe_überprüfen"


def test_missing_file_and_directory(tmp_path):
    with pytest.raises(ResultFileError) as caught:
        read_results(str(tmp_path / "nope.xml"))
    assert caught.value.line is None and "cannot open" in str(caught.value)
    with pytest.raises(ResultFileError) as caught:
        read_results(str(tmp_path))
    assert "is a directory" in str(caught.value)


def test_problems_with_the_whole_file_are_raised_at_the_call(tmp_path):
    # no iteration needed: a caller learns before it starts publishing
    with pytest.raises(ResultFileError):
        read_results(write(tmp_path, "page.html", HTML_PAGE))
    with pytest.raises(ResultFileError):
        read_results(write(tmp_path, "bomb.xml", BILLION_LAUGHS))


def test_without_defusedxml_xml_is_refused_and_json_still_read(monkeypatch):
    from ansible_collections.testops.testmgmt.plugins.module_utils.results import reader
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import MissingLibraryError
    monkeypatch.setattr(reader, "HAS_DEFUSEDXML", False)
    with pytest.raises(MissingLibraryError) as caught:
        read_results(PYTEST_XML)  # at the call, before any result
    assert caught.value.library == "defusedxml"
    assert "pip install defusedxml" in str(caught.value)
    assert len(list(read_results(os.path.join(SAMPLES, "behave.json")))) == 3
