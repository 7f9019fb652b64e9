# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""JQL text for searches by name: Jira's ``~`` is a word search, so reserved characters are
dropped from the search words and the exact name is compared on the answers."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

_RESERVED = re.compile(r'[+\-&|!(){}\[\]^~*?\\:"/\']')


def jql_value(text):
    """A JQL string literal."""
    return '"%s"' % str(text).replace("\\", "\\\\").replace('"', '\\"')


def jql_text(text):
    """Search words of ``text`` without JQL/Lucene reserved characters."""
    words = _RESERVED.sub(" ", str(text)).split()
    return " ".join(words) or "*"
