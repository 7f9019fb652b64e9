# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The id a publication is keyed by: the pipeline's run id, or a digest of the result files.

Publishing records the run id on what it creates (a folder, a phase, a job, an execution), so
publishing the same run again finds the same things and updates them instead of adding new ones.
Without a pipeline id the digest stands in: the same files give the same id wherever they lie
and whether or not they are gzip-compressed (the digest is of the uncompressed content), and the
order the files are named in does not matter.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import re

from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import ResultSource

DIGEST_LENGTH = 12  # hex digits of the run id made from files: 48 bits, no collision in practice
MAX_RUN_ID = 64  # the run id goes into names (folders, phases, jobs, summaries)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def file_digest(path, max_bytes=None):
    """(SHA-256 hex of a result file's uncompressed content, uncompressed size, whether it is
    gzip-compressed); streams, so memory stays flat."""
    kwargs = {} if max_bytes is None else {"max_bytes": max_bytes}
    digest = hashlib.sha256()
    with ResultSource(path, **kwargs) as source:
        while True:
            chunk = source.read()
            if not chunk:
                break
            digest.update(chunk)
        return digest.hexdigest(), source.bytes_read, source.compressed


def files_digest(digests):
    """One digest for a set of file digests, independent of their order."""
    combined = hashlib.sha256()
    for digest in sorted(digests):
        combined.update(digest.encode("ascii"))
        combined.update(b"\n")
    return combined.hexdigest()


def check_run_id(value):
    """The explicit run id, stripped; ValueError when it cannot go into a name."""
    text = str(value).strip()
    if _CONTROL.search(text):
        raise ValueError("run id %r contains control characters" % text)
    if len(text) > MAX_RUN_ID:
        raise ValueError("run id is %d characters long, more than %d" % (len(text), MAX_RUN_ID))
    return text


def run_id(explicit, digests):
    """The explicit (pipeline) run id when given, else the first DIGEST_LENGTH hex digits of the
    files' digest. ValueError when there is neither."""
    if explicit is not None and str(explicit).strip():
        return check_run_id(explicit)
    if not digests:
        raise ValueError("no run id given and no result file to make one from")
    return files_digest(digests)[:DIGEST_LENGTH]
