# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Reading a result file as bytes: gzip by content, a size bound, a line count for errors."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import os
import zlib

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
CHUNK_SIZE = 16 * 1024  # as iterparse: smaller chunks keep the live elements in cache
_GZIP_MAGIC = b"\x1f\x8b"


def _mib(size):
    return "%.1f MiB" % (size / (1024.0 * 1024.0))


class ResultSource(object):
    """A result file opened for reading in chunks.

    Compressed files are recognized by their gzip header, not their name. ``max_bytes`` bounds
    the uncompressed size: a plain file is checked before reading, a gzip file while
    decompressing (a small .gz can expand to gigabytes).
    """

    def __init__(self, path, max_bytes=DEFAULT_MAX_BYTES):
        self.path = path
        self.max_bytes = max_bytes
        self.bytes_read = 0
        self.taken = 0  # bytes handed out by read(): where an error found by the reader is
        self.compressed = False
        self._raw = None
        self._stream = None
        self._open()

    def _open(self):
        path = self.path
        if os.path.isdir(path):
            raise ResultFileError(path, None, "is a directory, not a result file (use a glob such as dir/*.xml)")
        try:
            raw = open(path, "rb")
        except (IOError, OSError) as exc:
            raise ResultFileError(path, None, "cannot open: %s" % (exc.strerror or exc))
        self._raw = raw
        try:
            magic = raw.read(2)
            raw.seek(0)
        except (IOError, OSError) as exc:
            self.close()
            raise ResultFileError(path, None, "cannot read: %s" % (exc.strerror or exc))
        if magic == _GZIP_MAGIC:
            self.compressed = True
            self._stream = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            size = os.fstat(raw.fileno()).st_size
            if self.max_bytes and size > self.max_bytes:
                self.close()
                raise ResultFileError(path, 1, "file is %s, larger than the %s limit (max_bytes)"
                                      % (_mib(size), _mib(self.max_bytes)))
            self._stream = raw

    @property
    def line(self):
        """Line being read (1-based), for errors found after the parser took a chunk, or None.

        Counted only when asked for (an error), by reading the file again up to there: counting
        the newlines of every chunk as it is read costs about a sixth of parsing a large file.
        """
        try:
            with ResultSource(self.path, max_bytes=0) as again:
                newlines = 0
                left = self.taken
                while left > 0:
                    chunk = again.read(min(left, CHUNK_SIZE))
                    if not chunk:
                        break
                    newlines += chunk.count(b"\n")
                    left -= len(chunk)
        except ResultFileError:
            return None  # gone or unreadable since: the error says what it can without a line
        return newlines + 1

    def error(self, problem, line=None):
        return ResultFileError(self.path, line or self.line, problem)

    def read(self, size=CHUNK_SIZE):
        try:
            chunk = self._stream.read(size)
        except (IOError, OSError, EOFError, zlib.error) as exc:
            raise self.error("gzip data is corrupt or truncated (%s)" % exc)
        if chunk:
            self.bytes_read += len(chunk)
            if self.max_bytes and self.bytes_read > self.max_bytes:
                raise self.error("uncompressed content is larger than the %s limit (max_bytes)" % _mib(self.max_bytes))
            self.taken = self.bytes_read
        return chunk

    def read_all(self):
        chunks = []
        while True:
            chunk = self.read()
            if not chunk:
                return b"".join(chunks)
            chunks.append(chunk)

    def close(self):
        for handle in (self._stream, self._raw):
            if handle is not None:
                try:
                    handle.close()
                except (IOError, OSError):
                    pass
        self._stream = self._raw = None

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()
