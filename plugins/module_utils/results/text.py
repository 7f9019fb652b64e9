# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Bounding captured text: results are sent to servers whose fields have limits."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DEFAULT_MAX_OUTPUT = 64 * 1024
MAX_MESSAGE = 4096


def clip(text, limit):
    """Return ``text`` cut to ``limit`` characters with a visible marker, None if empty."""
    if not text:
        return None
    if len(text) <= limit:
        return text
    # The marker is sized for the whole length, so the real (smaller) count always fits.
    keep = max(limit - len("\n... [%d characters truncated]" % len(text)), 0)
    return text[:keep] + "\n... [%d characters truncated]" % (len(text) - keep)


def short_message(text):
    """A message attribute as written, stripped and bounded; None if blank."""
    if not text:
        return None
    text = text.strip()
    return clip(text, MAX_MESSAGE) if text else None


def first_line(text):
    """First non-blank line of a stack trace or error text (the message when none is given)."""
    if not text:
        return None
    line = text.lstrip().partition("\n")[0].strip()  # no splitlines(): traces can be long
    if not line:
        return None
    return line if len(line) <= MAX_MESSAGE else clip(line, MAX_MESSAGE)


def join_sections(sections, limit):
    """Join (label, text) pairs into one bounded output string; an unlabeled section comes bare."""
    parts = []
    for label, body in sections:
        if body and not body.isspace():
            body = body.strip("\n")
            # concatenation, not %: this runs for every test case with output
            parts.append("[" + label + "]\n" + body if label else body)
    if not parts:
        return None
    text = parts[0] if len(parts) == 1 else "\n\n".join(parts)
    return text if len(text) <= limit else clip(text, limit)
