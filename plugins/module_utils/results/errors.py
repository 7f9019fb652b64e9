# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one error a result file can cause: ``<file>: line N: <problem>`` on one line."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def _one_line(text):
    # Messages end up in Ansible's `msg`; keep them to a single readable line.
    return " ".join(str(text).split())


class ResultFileError(Exception):
    """A result file is missing, unreadable, hostile, too large or not a test report.

    ``line`` is None only when the problem is not inside a file (a glob matching nothing,
    a missing file); then str() is ``<file>: <problem>``.
    """

    def __init__(self, path, line, problem):
        self.path = path
        self.line = line
        self.problem = _one_line(problem)
        if line is None:
            text = "%s: %s" % (path, self.problem)
        else:
            text = "%s: line %d: %s" % (path, line, self.problem)
        super(ResultFileError, self).__init__(text)


class MissingLibraryError(ResultFileError):
    """A Python library needed for this file is not installed (modules: missing_required_lib)."""

    def __init__(self, path, library, import_error=None):
        self.library = library
        self.import_error = import_error
        super(MissingLibraryError, self).__init__(
            path, None, "reading this file needs the Python library %s (pip install %s)" % (library, library))
