# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Result files sent to imports uncompressed, whatever their compression."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip

from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import (
    is_gzip,
    open_report,
    report_name,
    uncompressed_size,
)

XML = b'<testsuite name="s"><testcase name="t"/></testsuite>\n' * 100


def test_plain_file_is_sent_as_it_is(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_bytes(XML)
    assert not is_gzip(str(path)) and report_name(str(path)) == "junit.xml"
    with open_report(str(path)) as handle:
        assert handle.read() == XML
    assert uncompressed_size(str(path)) == len(XML)


def test_gzip_file_is_sent_uncompressed_without_gz(tmp_path):
    path = tmp_path / "junit.xml.gz"
    with gzip.open(str(path), "wb") as handle:
        handle.write(XML)
    assert is_gzip(str(path)) and report_name(str(path)) == "junit.xml"
    with open_report(str(path)) as handle:
        assert handle.read(10) + handle.read() == XML
    assert uncompressed_size(str(path)) == len(XML)
    assert len(XML) >= uncompressed_size(str(path), limit=100) > 100  # stops reading past the limit


def test_compression_is_told_by_content_not_name(tmp_path):
    named = tmp_path / "plain.xml.gz"
    named.write_bytes(XML)  # a plain file that only looks compressed
    assert report_name(str(named)) == "plain.xml.gz"
    with open_report(str(named)) as handle:
        assert handle.read() == XML
    hidden = tmp_path / "report.xml"
    with gzip.open(str(hidden), "wb") as handle:
        handle.write(XML)
    assert report_name(str(hidden)) == "report.xml"
    with open_report(str(hidden)) as handle:
        assert handle.read() == XML


def test_report_upload_names_the_report_without_gz(tmp_path):
    import pytest

    from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
    from ansible_collections.testops.testmgmt.plugins.module_utils.report_file import report_upload

    path = tmp_path / "TEST-cart.xml.gz"
    with gzip.open(str(path), "wb") as handle:
        handle.write(XML)
    upload = report_upload(str(path), "results_file")
    assert upload.name == "TEST-cart.xml" and upload.content_type in ("application/xml", "text/xml")
    with pytest.raises(InputError, match="^results_file: .*nothing.xml: no such file"):
        report_upload(str(tmp_path / "nothing.xml"), "results_file")
