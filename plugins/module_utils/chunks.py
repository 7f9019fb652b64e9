# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Splitting a large input into requests a product accepts (Xray's tests per import, Jira's issues
per bulk create, request body size), keeping the order so the pieces land as one whole."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


def chunked(items, size):
    """Lists of at most ``size`` items, in order."""
    if size is None or size < 1:
        raise ValueError("chunk size must be a positive number, got %r" % (size,))
    items = list(items)
    return [items[start:start + size] for start in range(0, len(items), size)]


def split_under(items, max_items=None, max_bytes=None, size_of=None):
    """Lists of items, in order, each with at most ``max_items`` items and whose sizes (by
    ``size_of``) add up to at most ``max_bytes``.

    An item larger than ``max_bytes`` on its own cannot be split here: ValueError names its
    position, so the caller can say which input is too large instead of sending it.
    """
    if max_items is not None and max_items < 1:
        raise ValueError("max_items must be a positive number, got %r" % (max_items,))
    if max_bytes is not None and max_bytes < 1:
        raise ValueError("max_bytes must be a positive number, got %r" % (max_bytes,))
    if max_bytes is not None and size_of is None:
        raise ValueError("max_bytes needs size_of to tell each item's size")
    pieces = []
    current = []
    used = 0
    for index, item in enumerate(items):
        size = size_of(item) if max_bytes is not None else 0
        if max_bytes is not None and size > max_bytes:
            raise ValueError("item %d is %d bytes, more than the %d bytes one request takes"
                             % (index, size, max_bytes))
        full = max_items is not None and len(current) >= max_items
        if current and (full or (max_bytes is not None and used + size > max_bytes)):
            pieces.append(current)
            current, used = [], 0
        current.append(item)
        used += size
    if current:
        pieces.append(current)
    return pieces
