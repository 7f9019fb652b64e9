# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Result files uploaded as they are to a product's import (Xray imports, Zephyr Enterprise jobs):
a gzip-compressed report is sent uncompressed, under its name without ``.gz``, since no product
reads gzip. Compression is told from the content (the gzip magic), not the name."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import os

_GZIP_MAGIC = b"\x1f\x8b"


def is_gzip(path):
    with open(path, "rb") as handle:
        return handle.read(2) == _GZIP_MAGIC


def report_name(path):
    """The name the product sees: the file's name, without ``.gz`` when it is compressed."""
    name = os.path.basename(path)
    if is_gzip(path) and name.lower().endswith(".gz") and len(name) > 3:
        return name[:-3]
    return name


def open_report(path):
    """A binary file object with the report's uncompressed content; the caller closes it."""
    raw = open(path, "rb")
    try:
        compressed = raw.read(2) == _GZIP_MAGIC
        raw.seek(0)
    except (IOError, OSError):
        raw.close()
        raise
    if not compressed:
        return raw
    return _Closing(gzip.GzipFile(fileobj=raw, mode="rb"), raw)


def uncompressed_size(path, limit=None):
    """Bytes of the report once uncompressed, reading at most ``limit`` + 1 of them (a small .gz can
    expand to gigabytes: callers compare the answer with their limit before sending anything)."""
    if not is_gzip(path):
        return os.path.getsize(path)
    size = 0
    with open_report(path) as handle:
        while True:
            chunk = handle.read(1024 * 1024)
            if not chunk:
                return size
            size += len(chunk)
            if limit is not None and size > limit:
                return size


class _Closing(object):
    """The gzip stream, closing the underlying file with it."""

    def __init__(self, stream, raw):
        self._stream = stream
        self._raw = raw

    def read(self, size=-1):
        return self._stream.read(size)

    def close(self):
        try:
            self._stream.close()
        finally:
            self._raw.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def report_upload(path, option):
    """upload.check_upload for a result file: the name sent is the report's (without ``.gz``); send
    its content with open_report()."""
    from ansible_collections.testops.testmgmt.plugins.module_utils.upload import check_upload

    full = os.path.expanduser(str(path or ""))
    name = report_name(full) if os.path.isfile(full) and os.access(full, os.R_OK) else None
    return check_upload(path, option, name=name)


def check_report(path, option):
    """Read a whole result file with the safe reader before it is uploaded as it is: a DTD (external
    entities, entity expansion), a truncated file or a file that is no test report is refused here,
    naming the option, so nothing hostile or broken reaches the product. -> number of test cases."""
    from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import (
        MissingLibraryError,
        ResultFileError,
    )
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results

    try:
        return sum(1 for _result in read_results(os.path.expanduser(str(path))))
    except (ResultFileError, MissingLibraryError) as exc:
        raise InputError(option, str(exc), "publish a well-formed test report (no DTD)")
