# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Run ids (pipeline id or digest of the result files) and splitting inputs under product limits."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.chunks import chunked, split_under
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.run_id import (
    DIGEST_LENGTH,
    check_run_id,
    file_digest,
    files_digest,
    run_id,
)

REPORT = b'<testsuite name="s" tests="1"><testcase classname="c" name="t"/></testsuite>\n'


def write(path, data, compress=False):
    if compress:
        with gzip.open(str(path), "wb") as handle:
            handle.write(data)
    else:
        path.write_bytes(data)
    return str(path)


def test_digest_is_of_the_uncompressed_content(tmp_path):
    plain = write(tmp_path / "a.xml", REPORT)
    packed = write(tmp_path / "b.xml.gz", REPORT, compress=True)
    assert file_digest(plain)[0] == file_digest(packed)[0]
    assert file_digest(plain)[1:] == (len(REPORT), False)
    assert file_digest(packed)[1:] == (len(REPORT), True)
    other = write(tmp_path / "c.xml", REPORT.replace(b'name="t"', b'name="u"'))
    assert file_digest(other)[0] != file_digest(plain)[0]


def test_digest_reads_big_files_in_chunks_and_honours_the_size_bound(tmp_path):
    big = write(tmp_path / "big.xml", b"<testsuite>" + b"x" * (300 * 1024) + b"</testsuite>")
    digest, size, _compressed = file_digest(big)
    assert len(digest) == 64 and size == 300 * 1024 + 23
    with pytest.raises(ResultFileError, match="max_bytes"):
        file_digest(big, max_bytes=1024)


def test_truncated_gzip_is_a_file_error(tmp_path):
    packed = write(tmp_path / "t.xml.gz", REPORT * 50, compress=True)
    data = open(packed, "rb").read()
    cut = write(tmp_path / "cut.xml.gz", data[:len(data) // 2])
    with pytest.raises(ResultFileError, match="truncated|corrupt"):
        file_digest(cut)


def test_files_digest_ignores_order_but_not_content():
    assert files_digest(["a" * 64, "b" * 64]) == files_digest(["b" * 64, "a" * 64])
    assert files_digest(["a" * 64]) != files_digest(["a" * 64, "a" * 64])


def test_run_id_prefers_the_pipeline_id():
    assert run_id("  4711 ", ["a" * 64]) == "4711"
    assert run_id(4711, []) == "4711"
    made = run_id("", ["a" * 64, "b" * 64])
    assert made == files_digest(["b" * 64, "a" * 64])[:DIGEST_LENGTH]
    assert run_id(None, ["a" * 64]) == run_id("   ", ["a" * 64])


def test_run_id_problems():
    with pytest.raises(ValueError, match="no run id"):
        run_id("", [])
    with pytest.raises(ValueError, match="control"):
        check_run_id("a\nb")
    with pytest.raises(ValueError, match="65 characters"):
        check_run_id("x" * 65)


def test_chunked():
    assert chunked(range(5), 2) == [[0, 1], [2, 3], [4]]
    assert chunked([], 3) == []
    with pytest.raises(ValueError):
        chunked([1], 0)


def test_split_under_counts_and_bytes():
    items = ["aaaa", "bb", "cccccc", "d", "ee"]
    assert split_under(items, max_items=2) == [["aaaa", "bb"], ["cccccc", "d"], ["ee"]]
    assert split_under(items, max_bytes=7, size_of=len) == [["aaaa", "bb"], ["cccccc", "d"], ["ee"]]
    assert split_under(items, max_items=1, max_bytes=100, size_of=len) == [[i] for i in items]
    assert split_under(items) == [items]
    assert split_under([], max_items=3) == []
    # every piece stays under both limits and nothing is lost or reordered
    many = ["x" * (i % 7 + 1) for i in range(200)]
    pieces = split_under(many, max_items=9, max_bytes=30, size_of=len)
    assert [i for p in pieces for i in p] == many
    assert all(len(p) <= 9 and sum(map(len, p)) <= 30 for p in pieces)


def test_split_under_refuses_what_cannot_fit():
    with pytest.raises(ValueError, match="item 1 is 9 bytes"):
        split_under(["a", "x" * 9], max_bytes=8, size_of=len)
    with pytest.raises(ValueError, match="size_of"):
        split_under(["a"], max_bytes=8)
    with pytest.raises(ValueError, match="max_items"):
        split_under(["a"], max_items=0)
