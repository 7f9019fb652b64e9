# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Files sent in multipart uploads (attachments, evidence, result files): a safe name and a size bound.

The name in a multipart part is chosen by whoever wrote the playbook or the result file, and the
server stores and shows it: a name with directories (``../../x``), control characters (CR/LF split
the part header), quotes (end the ``filename="..."`` parameter) or bidi overrides (``gpj.exe``
shown as ``exe.jpg``) must not reach it. The size is checked before anything is sent, so a file
that is too large fails the task with one line instead of a long upload and a server error.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import mimetypes
import os
import stat
import unicodedata

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError

DEFAULT_MAX_BYTES = 100 * 1024 * 1024  # a sanity bound: Jira's own default is 10 MiB, admins raise it
# The client's last line for any part (result files included): the result reader's own bound.
MAX_PART_BYTES = 256 * 1024 * 1024
MAX_NAME_BYTES = 255  # what most file systems (and the products' attachment tables) keep
MAX_EXTENSION = 16
DEFAULT_NAME = "attachment"

# Reserved in Content-Disposition (quotes, backslash, semicolon) or on Windows file systems.
_RESERVED = frozenset('"\'`\\/<>:|?*;')
# Unicode categories that are invisible or reorder text: controls, formats (bidi, zero width),
# line and paragraph separators, surrogates, private use, unassigned.
_DROPPED_CATEGORIES = frozenset(("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"))


def safe_filename(name, default=DEFAULT_NAME):
    """The last path component of ``name``, without control characters, quotes or reserved characters.

    Never empty, never ``.``/``..``, never hidden, at most MAX_NAME_BYTES of UTF-8 with the
    extension kept.
    """
    text = name.decode("utf-8", "replace") if isinstance(name, bytes) else str(name or "")
    text = unicodedata.normalize("NFC", text)
    # both separators: a Windows path can arrive on a Linux controller, and the reverse
    text = text.replace("\\", "/").rstrip("/").rsplit("/", 1)[-1]
    cleaned = []
    for char in text:
        category = unicodedata.category(char)
        if category in _DROPPED_CATEGORIES:
            continue
        if char in _RESERVED:
            cleaned.append("_")
        elif category.startswith("Z"):
            cleaned.append(" ")  # exotic spaces become plain ones
        else:
            cleaned.append(char)
    text = " ".join("".join(cleaned).split())
    text = text.strip(". ")  # leading dots hide a file or make "..", trailing ones vanish on Windows
    if not text:
        return default
    return _fit(text)


def _fit(text):
    if len(text.encode("utf-8")) <= MAX_NAME_BYTES:
        return text
    stem, ext = os.path.splitext(text)
    if len(ext) > MAX_EXTENSION:
        stem, ext = text, ""
    room = MAX_NAME_BYTES - len(ext.encode("utf-8"))
    stem = stem.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip(". ")
    return (stem or DEFAULT_NAME) + ext


def human_size(size):
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return ("%d %s" % (size, unit)) if unit == "bytes" else ("%.1f %s" % (size, unit))
        size /= 1024.0
    return None  # pragma: no cover


class Upload:
    """One local file checked for upload: ``name`` is what the server will see."""

    def __init__(self, path, name, size, content_type):
        self.path = path
        self.name = name
        self.size = size
        self.content_type = content_type
        self._handle = None

    def part(self):
        """The ``files=`` tuple for the client: (name, open file, content type). Close with close()."""
        if self._handle is None:
            self._handle = open(self.path, "rb")
        return (self.name, self._handle, self.content_type)

    def close(self):
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def check_upload(path, option, max_bytes=DEFAULT_MAX_BYTES, name=None):
    """An Upload for ``path`` or an InputError naming ``option``; reads nothing but the file's metadata.

    ``name`` overrides the name sent (it is sanitized too); ``max_bytes`` of 0 or None means no bound.
    """
    if not path:
        raise InputError(option, "a file path is required", "give the path of an existing file")
    full = os.path.expanduser(str(path))
    try:
        info = os.stat(full)
    except OSError as exc:
        problem = "no such file" if not os.path.lexists(full) else (exc.strerror or "cannot be read").lower()
        raise InputError(option, "%s: %s" % (path, problem), "give the path of an existing, readable file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(option, "%s is not a regular file" % path, "give a file, not a directory or device")
    if not os.access(full, os.R_OK):
        raise InputError(option, "%s cannot be read" % path, "check its permissions")
    if max_bytes and info.st_size > max_bytes:
        raise InputError(option, "%s is %s, larger than the %s upload limit" % (
            path, human_size(info.st_size), human_size(max_bytes)),
            "split or compress it, or attach a link instead")
    sent_name = safe_filename(name if name is not None else os.path.basename(full))
    content_type = mimetypes.guess_type(sent_name)[0] or "application/octet-stream"
    return Upload(full, sent_name, info.st_size, content_type)


def check_uploads(paths, option, max_bytes=DEFAULT_MAX_BYTES, max_total=None):
    """Several uploads (one option's list), all checked before the first byte is sent."""
    uploads = [check_upload(p, option, max_bytes) for p in paths or []]
    total = sum(u.size for u in uploads)
    if max_total and total > max_total:
        raise InputError(option, "the %d files add up to %s, more than the %s limit of one upload" % (
            len(uploads), human_size(total), human_size(max_total)), "send fewer files per task")
    return uploads


def safe_parts(files, max_bytes=MAX_PART_BYTES):
    """The client's safety net for every multipart body: file names sanitized, sizes bounded.

    ``files`` is what requests takes (a dict or a list of (field, value); a value is a file object or
    a tuple (name, content[, type[, headers]])). Parts without a file name (plain form fields) pass
    unchanged. Modules should still call check_upload() first, for an error naming the option before
    anything is written; this catches what they miss.
    """
    if not files:
        return files
    items = list(files.items()) if isinstance(files, dict) else list(files)
    out = []
    for field, value in items:
        if isinstance(value, tuple):
            if value and value[0] is not None:
                _check_size(value[0], value[1] if len(value) > 1 else None, max_bytes)
                value = (safe_filename(value[0]),) + tuple(value[1:])
        elif hasattr(value, "read"):
            name = os.path.basename(str(getattr(value, "name", "") or field))
            _check_size(name, value, max_bytes)
            value = (safe_filename(name), value)
        out.append((field, value))
    return dict(out) if isinstance(files, dict) else out


def _check_size(name, content, max_bytes):
    size = _size_of(content)
    if max_bytes and size is not None and size > max_bytes:
        raise ApiError("%s is %s, larger than the %s upload limit; split or compress it"
                       % (safe_filename(name), human_size(size), human_size(max_bytes)))


def _size_of(content):
    if isinstance(content, bytes):
        return len(content)
    if isinstance(content, str):
        return len(content.encode("utf-8"))
    if hasattr(content, "fileno"):
        try:
            return os.fstat(content.fileno()).st_size
        except (OSError, ValueError):
            return None
    return None
