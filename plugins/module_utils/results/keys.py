# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Finding the Jira/Zephyr/Xray key of a test case.

In order, the first that gives a key wins:

1. a property the author set on purpose (``test_key``, ``test_id``... see KEY_PROPERTIES);
2. a tag that is exactly a key (Robot ``SHOP-201``, Cucumber ``@SHOP-601``, Xray-style
   ``@TEST_SHOP-601``); ``REQ_...`` tags name requirements and are skipped;
3. the first key in the case's own name (``adds an item SHOP-401``);
4. only with ``inherit_keys``: keys of the enclosing feature/describe/class (feature tags,
   classname, suite name), which usually name a story rather than the test.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import re

DEFAULT_KEY_PATTERN = r"[A-Z][A-Z0-9_]+-\d+"

# Properties whose value is taken as the key as written (lower-cased names).
KEY_PROPERTIES = ("test_key", "testkey", "test_id", "testid", "test_case_key", "testcase_key",
                  "jira_key", "xray_test", "xray_key", "zephyr_key")
# Properties that hold a key only if the value looks like one (TestNG/Xray "test" attribute).
LOOSE_KEY_PROPERTIES = ("test", "key", "jira")

_TEST_TAG_PREFIX = "TEST_"
_REQUIREMENT_PREFIXES = ("REQ_", "REQ-")


class KeyFinder(object):
    """Compiled once per file read; find() is called once per test case."""

    __slots__ = ("pattern", "search", "group", "quick", "_fullmatch", "inherit")

    def __init__(self, pattern=None, inherit=False):
        self.pattern = pattern or DEFAULT_KEY_PATTERN
        try:
            regex = re.compile(self.pattern)
        except re.error as exc:
            raise ValueError("key_pattern %r is not a valid regular expression: %s" % (self.pattern, exc))
        self.search = regex.search  # parsers may call these directly in hot loops
        self._fullmatch = regex.fullmatch
        # With a capture group the key is group 1 (e.g. "TC_(\d+)"), else the whole match.
        self.group = 1 if regex.groups else 0
        # A substring every key contains, checked before the regex (most names have no key).
        self.quick = "-" if self.pattern == DEFAULT_KEY_PATTERN else None
        self.inherit = inherit

    def in_name(self, name):
        """First key in a case's name (same as find() without properties or tags)."""
        if not name or (self.quick is not None and self.quick not in name):
            return None
        match = self.search(name)
        return match.group(self.group) if match else None

    def in_text(self, text):
        if not text:
            return None
        match = self.search(text)
        return match.group(self.group) if match else None

    def in_tag(self, tag):
        if not tag or tag.startswith(_REQUIREMENT_PREFIXES):
            return None
        if tag.startswith(_TEST_TAG_PREFIX):
            match = self._fullmatch(tag[len(_TEST_TAG_PREFIX):])
            if match:
                return match.group(self.group)
        match = self._fullmatch(tag)
        return match.group(self.group) if match else None

    def in_tags(self, tags):
        for tag in tags:
            key = self.in_tag(tag)
            if key:
                return key
        return None

    def in_properties(self, properties):
        for name, value in properties.items():
            if not isinstance(value, str):
                continue
            lowered = name.lower()
            if lowered in KEY_PROPERTIES:
                value = value.split(",")[0].strip()
                if value:
                    return value
        for name, value in properties.items():
            if isinstance(value, str) and name.lower() in LOOSE_KEY_PROPERTIES:
                key = self.in_tag(value.strip())
                if key:
                    return key
        return None

    def find(self, properties, tags, name, inherited_tags=None, inherited_names=None):
        """Key for one case, or None. ``inherited_*`` are used only when ``inherit`` is set."""
        if properties:
            key = self.in_properties(properties)
            if key:
                return key
        if tags:
            key = self.in_tags(tags)
            if key:
                return key
        key = self.in_name(name)
        if key:
            return key
        if self.inherit:
            if inherited_tags:
                key = self.in_tags(inherited_tags)
                if key:
                    return key
            for text in inherited_names or ():
                key = self.in_text(text)
                if key:
                    return key
        return None
