# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""What every format parser needs to know about the file it reads."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.results.keys import KeyFinder
from ansible_collections.testops.testmgmt.plugins.module_utils.results.text import DEFAULT_MAX_OUTPUT


class ReadContext(object):
    """path: the result file; keys: a KeyFinder; max_output: bound of TestResult.output."""

    __slots__ = ("path", "keys", "max_output")

    def __init__(self, path, keys=None, max_output=DEFAULT_MAX_OUTPUT):
        self.path = path
        self.keys = keys or KeyFinder()
        self.max_output = max_output
