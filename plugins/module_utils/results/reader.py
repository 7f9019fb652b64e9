# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Public entry points: read one result file lazily, or load many with a summary.

    read_results(path, fmt="auto", key_pattern=None, inherit_keys=False,
                 max_bytes=DEFAULT_MAX_BYTES, max_output=DEFAULT_MAX_OUTPUT)
        -> iterator of TestResult (streaming; problems with the file as a whole, such as a
           missing file, an unknown format or a DTD, are raised at the call, the rest while
           iterating)

    load_results(paths_or_globs, fmt="auto", key_pattern=None, inherit_keys=False,
                 quarantine=None, quarantine_status="skip", statuses=None,
                 max_bytes=DEFAULT_MAX_BYTES, max_output=DEFAULT_MAX_OUTPUT)
        -> (list of TestResult, summary dict)

Every problem with a file raises ResultFileError (one line: ``<file>: line N: <problem>``);
bad arguments raise ValueError.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import glob
import os
from fnmatch import fnmatchcase

from ansible_collections.testops.testmgmt.plugins.module_utils.results import (
    cucumber, junit, nunit, robot, testng, xunit_net,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.context import ReadContext
from ansible_collections.testops.testmgmt.plugins.module_utils.results.detect import FORMAT_NAMES, detect_format
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import MissingLibraryError, ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.fold import fold_duplicates
from ansible_collections.testops.testmgmt.plugins.module_utils.results.keys import KeyFinder
from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import DEFAULT_MAX_BYTES, ResultSource
from ansible_collections.testops.testmgmt.plugins.module_utils.results.status_map import (
    RESULT_TO_PORTABLE, check_overrides, to_portable,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.results.summary import summarize
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import DEFAULT_MAX_OUTPUT
from ansible_collections.testops.testmgmt.plugins.module_utils.results.xmlsafe import (
    DEFUSEDXML_IMPORT_ERROR, HAS_DEFUSEDXML, EventStream,
)

FORMATS = ("auto", "junit", "robot", "cucumber", "behave", "testng", "nunit", "xunit")

_XML_PARSERS = {"junit": junit, "robot": robot, "testng": testng, "nunit": nunit, "xunit": xunit_net}
# Formats whose runners write a rerun as another entry of the same test (pytest-rerunfailures).
_FOLD_FORMATS = ("junit",)
_GLOB_CHARS = "*?["


def is_glob(term):
    """Whether a path term is a glob pattern (also for the result lookups' path handling)."""
    return any(char in term for char in _GLOB_CHARS)


def _check_format(fmt):
    if fmt not in FORMATS:
        raise ValueError("format %r is not supported; expected one of: %s" % (fmt, ", ".join(FORMATS)))


def _parser_format(path, fmt, detected):
    """The parser to use: the detected one, which must agree with an explicit ``fmt``."""
    wanted = "cucumber" if fmt == "behave" else fmt
    if wanted not in ("auto", detected):
        raise ResultFileError(path, 1, "format %s was asked for, but the file is %s (use format %s or auto)"
                              % (fmt, FORMAT_NAMES[detected], detected))
    return detected


def read_results(path, fmt="auto", key_pattern=None, inherit_keys=False,
                 max_bytes=DEFAULT_MAX_BYTES, max_output=DEFAULT_MAX_OUTPUT):
    """Iterator of TestResult for one result file (see module docstring)."""
    return _open(path, fmt, key_pattern, inherit_keys, max_bytes, max_output)[1]


def _open(path, fmt, key_pattern, inherit_keys, max_bytes, max_output):
    """(parser format, iterator of results); checks everything that can be checked up front.

    The iterator is the parser's own generator (no wrapper: it is resumed once per case); it
    closes the file when done.
    """
    _check_format(fmt)
    keys = KeyFinder(key_pattern, inherit_keys)
    parser = _parser_format(path, fmt, detect_format(path, max_bytes))
    if parser != "cucumber" and not HAS_DEFUSEDXML:
        raise MissingLibraryError(path, "defusedxml", DEFUSEDXML_IMPORT_ERROR)
    context = ReadContext(path, keys, max_output)
    source = ResultSource(path, max_bytes)
    if parser == "cucumber":
        return parser, cucumber.parse(source, context, behave=True if fmt == "behave" else None)
    return parser, _XML_PARSERS[parser].parse(EventStream(source), context)


def expand_paths(paths_or_globs):
    """Files named by paths and globs, in order, each once; a term matching nothing is an error."""
    if isinstance(paths_or_globs, str):
        paths_or_globs = [paths_or_globs]
    files = []
    seen = set()
    for term in paths_or_globs:
        if not isinstance(term, str) or not term.strip():
            raise ValueError("result file paths must be non-empty strings, got %r" % (term,))
        pattern = os.path.expanduser(term)
        if os.path.isfile(pattern):
            matches = [pattern]  # a file's own name may have [ or * in it (the lookups pass files)
        elif is_glob(pattern):
            matches = sorted(p for p in glob.glob(pattern, recursive=True) if not os.path.isdir(p))
            if not matches:
                raise ResultFileError(term, None, "no result file matches this glob")
        elif os.path.isdir(pattern):
            raise ResultFileError(term, None, "is a directory, not a result file (use a glob such as dir/*.xml)")
        elif not os.path.exists(pattern):
            raise ResultFileError(term, None, "no such result file")
        else:
            matches = [pattern]
        for match in matches:
            if match not in seen:
                seen.add(match)
                files.append(match)
    return files


def quarantine_matcher(entries):
    """Function telling whether a result is quarantined: its key, name or full name equals an
    entry, or matches it as a shell-style pattern (``*``, ``?``, ``[...]``)."""
    exact = set()
    patterns = []
    for entry in entries or ():
        if not isinstance(entry, str) or not entry.strip():
            raise ValueError("quarantine entries must be non-empty strings (keys or test names), got %r" % (entry,))
        entry = entry.strip()
        if is_glob(entry):
            patterns.append(entry)
        else:
            exact.add(entry)

    def matches(result):
        names = (result.key, result.full_name, result.name)
        for name in names:
            if name and name in exact:
                return True
        for pattern in patterns:
            for name in names:
                if name and fnmatchcase(name, pattern):
                    return True
        return False
    return matches


def _quarantine_status(name):
    if not isinstance(name, str) or not name.strip():
        raise ValueError("quarantine_status must be a status name such as skip or blocked")
    name = name.strip()
    # A result status ("skipped") is accepted and published as its portable name.
    return RESULT_TO_PORTABLE.get(name, name)


def load_results(paths_or_globs, fmt="auto", key_pattern=None, inherit_keys=False, quarantine=None,
                 quarantine_status="skip", statuses=None, max_bytes=DEFAULT_MAX_BYTES,
                 max_output=DEFAULT_MAX_OUTPUT):
    """Read every file named by ``paths_or_globs``; returns (results, summary).

    Reruns of one test within a JUnit file are folded into one result. Each result gets
    ``publish_status``: its portable status after ``statuses`` overrides (result status ->
    portable or custom name), or ``quarantine_status`` when its key, name or full name is in
    ``quarantine``; quarantined results are flagged and left out of the summary's gate counts.
    """
    _check_format(fmt)
    overrides = check_overrides(statuses)
    in_quarantine = quarantine_matcher(quarantine)
    quarantined_as = _quarantine_status(quarantine_status)
    KeyFinder(key_pattern)  # a bad pattern is an argument error, before any file is read
    files = expand_paths(paths_or_globs)
    results = []
    for path in files:
        parser, iterator = _open(path, fmt, key_pattern, inherit_keys, max_bytes, max_output)
        file_results = list(iterator)
        if parser in _FOLD_FORMATS:
            file_results = fold_duplicates(file_results)
        for result in file_results:
            if in_quarantine(result):
                result.quarantined = True
                result.publish_status = quarantined_as
            else:
                result.publish_status = to_portable(result.status, overrides)
        results.extend(file_results)
    return results, summarize(results, files)
