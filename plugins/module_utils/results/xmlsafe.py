# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Streaming XML from an untrusted result file, refusing DTDs and entity declarations.

How it stays both safe and fast:

* defusedxml's parser (forbid_dtd, forbid_entities, forbid_external) reads the prolog, i.e.
  everything up to the root element's start tag, and raises on any DOCTYPE. Entities can only
  be declared inside a DOCTYPE, and a DOCTYPE can only come before the root element, so a file
  that passes this check cannot hold a billion-laughs bomb or an external entity.
* The document itself is then parsed by the C-accelerated ElementTree XMLParser: defusedxml's
  own iterparse runs on the pure-Python ElementTree and is about twice as slow.
* Callers drop elements they are done with (drop(), purge()), so memory does not grow with
  the number of test cases.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import traceback
import xml.etree.ElementTree as ET

try:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser
    HAS_DEFUSEDXML = True
    DEFUSEDXML_IMPORT_ERROR = None
except ImportError:
    HAS_DEFUSEDXML = False
    DEFUSEDXML_IMPORT_ERROR = traceback.format_exc()

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import MissingLibraryError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import CHUNK_SIZE

ParseError = ET.ParseError

DTD_REFUSED = ("a DOCTYPE/DTD is not accepted in a result file: entity declarations can expand "
               "without bound (billion laughs) or read local files (external entities)")


class _RootSeen(Exception):
    """Raised by the guard's target at the root start tag: the prolog is over."""


class _StopAtRoot(object):
    def start(self, tag, attrib):
        raise _RootSeen()

    def end(self, tag):
        pass

    def data(self, data):
        pass

    def close(self):
        return None


class _PrologGuard(object):
    """Feeds the start of the file to defusedxml until the root element starts."""

    def __init__(self):
        self._parser = DefusedXMLParser(target=_StopAtRoot(), forbid_dtd=True,
                                        forbid_entities=True, forbid_external=True)
        self.root_line = None

    def _line(self):
        return self._parser.parser.CurrentLineNumber

    def feed(self, chunk, source):
        """True once the root element was reached; raises ResultFileError on a DTD."""
        try:
            self._parser.feed(chunk)
        except _RootSeen:
            self.root_line = self._line()
            return True
        except DefusedXmlException:
            raise source.error(DTD_REFUSED, self._line())
        except ParseError as exc:
            raise source.error(describe_parse_error(str(exc), exc.position[1]), exc.position[0])
        return False


def describe_parse_error(text, column):
    """What expat found, without its own 'line, column' suffix (our message carries the line)."""
    text = text.split(": line ")[0]
    if text.startswith(("no element found", "unclosed token")):
        return "XML ends before the report is complete (%s): the file is truncated" % text
    if text.startswith("not well-formed (") and text.endswith(")"):
        text = text[len("not well-formed ("):-1]
    return "XML is not well-formed: %s at column %d" % (text, column)


class EventStream(object):
    """One XML result file, parsed chunk by chunk behind the prolog guard.

    ``root_line`` is the line of the root element once the first chunk was read.
    """

    def __init__(self, source, events=("start", "end")):
        if not HAS_DEFUSEDXML:
            raise MissingLibraryError(source.path, "defusedxml", DEFUSEDXML_IMPORT_ERROR)
        self.source = source
        self.events = events
        self.root_line = 1

    def _chunks(self):
        source = self.source
        guard = _PrologGuard()
        while True:
            chunk = source.read(CHUNK_SIZE)
            if not chunk:
                return
            if guard is not None and guard.feed(chunk, source):
                self.root_line = guard.root_line
                guard = None
            yield chunk

    def batches(self):
        """Lists of (event, element); each list is only valid until the next one is asked for.

        Closes the source when done; malformed or truncated XML raises ResultFileError.
        """
        source = self.source
        events = []
        parser = ET.XMLParser(target=ET.TreeBuilder())
        # What XMLPullParser does inside, minus its per-event generator, which costs about as
        # much as the parsing itself when most elements are skipped.
        parser._setevents(events, self.events)  # pylint: disable=protected-access
        try:
            for chunk in self._chunks():
                parser.feed(chunk)
                yield events
                del events[:]
            parser.close()
            yield events
        except ParseError as exc:
            raise source.error(describe_parse_error(str(exc), exc.position[1]), exc.position[0])
        finally:
            source.close()


def drop(parent, child):
    """Remove a finished element from its parent so that it can be freed.

    Events come a chunk at a time, after the whole chunk was parsed: the finished child is not
    the parent's last one but, as finished children are dropped in document order, its first.
    """
    if parent[0] is child:
        del parent[0]
    else:
        drop_slow(parent, child)


def drop_slow(parent, child):
    try:
        parent.remove(child)
    except ValueError:  # not a direct child (wrapped in an element the parser does not know)
        child.clear()


def purge(containers):
    """Free the finished children of open elements whose children are no longer needed.

    Called between chunks, when every event of the parsed part was handled: all children but
    the last are finished (the last may still be open, its end tag in a later chunk).
    """
    for element in containers:
        if len(element) > 1:
            del element[:-1]
