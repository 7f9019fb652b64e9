# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Client-side request budget, so a long publish stays under Xray Cloud's rate limit.

Xray Cloud allows 300 requests per 5 minutes (Standard) or 1000 (Enterprise) per instance and
answers 429 beyond that. Living on 429s wastes the retry budget and can fail a publish, so the
client paces itself with a sliding window: at most ``limit`` requests in any ``window`` seconds,
waiting for the oldest to leave the window when it is full.

Every task is its own process, so the window is kept in a small file shared by every process of
the same user talking to the same instance (several tasks, parallel forks). Without ``fcntl`` the
window is per process.

The budget defaults to the Standard tier; ``XRAY_CLOUD_RATE_LIMIT=1000/300`` (requests/seconds)
raises it for Enterprise, ``0`` switches pacing off.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import hashlib
import json
import os
import tempfile
import time
from contextlib import contextmanager

try:
    import fcntl

    HAS_FCNTL = True
except ImportError:  # pragma: no cover - Windows controllers are not supported by Ansible anyway
    HAS_FCNTL = False

XRAY_CLOUD_BUDGET = (300, 300.0)
# Requests are stamped when sent but counted when they arrive: one extra second of window keeps
# network jitter from squeezing limit + 1 requests into the server's five minutes.
WINDOW_MARGIN = 1.0
ENV_BUDGET = "XRAY_CLOUD_RATE_LIMIT"


class MemoryStamps:
    """The window of one process."""

    def __init__(self):
        self.stamps = []

    @contextmanager
    def locked(self):
        yield self.stamps


class FileStamps:
    """The window shared through a JSON file, under an exclusive lock while it is read and written."""

    def __init__(self, path):
        self.path = path
        self.stamps = []

    @contextmanager
    def locked(self):
        # O_NOFOLLOW and 0600: a file planted by another user in the shared temp dir is refused.
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            stamps = _read_stamps(fd)
            yield stamps
            data = json.dumps(stamps).encode("ascii")
            os.lseek(fd, 0, os.SEEK_SET)
            os.ftruncate(fd, 0)
            os.write(fd, data)
        finally:
            os.close(fd)  # closing releases the lock


def _read_stamps(fd):
    os.lseek(fd, 0, os.SEEK_SET)
    chunks = []
    while True:
        chunk = os.read(fd, 65536)
        if not chunk:
            break
        chunks.append(chunk)
    try:
        stamps = json.loads(b"".join(chunks).decode("ascii") or "[]")
    except ValueError:
        return []  # a torn or foreign file only costs the pacing history
    return [float(s) for s in stamps if isinstance(s, (int, float))] if isinstance(stamps, list) else []


class RateLimiter:
    """At most ``limit`` requests in any ``window`` seconds; ``acquire()`` waits for a free slot."""

    def __init__(self, limit, window, stamps=None, clock=time.time, sleep=time.sleep):
        if limit < 1 or window <= 0:
            raise ValueError("a rate limit needs limit >= 1 and window > 0")
        self.limit = int(limit)
        self.window = float(window)
        self.stamps = stamps or MemoryStamps()
        self.clock = clock
        self.sleep = sleep
        self.waited = 0.0

    def acquire(self):
        """Take a slot, sleeping while the window is full; returns the seconds waited."""
        waited = 0.0
        while True:
            wait = self._try_take()
            if wait is None:
                self.waited += waited
                return waited
            self.sleep(wait)
            waited += wait

    def _try_take(self):
        """None when a slot was taken, else the seconds until the oldest stamp leaves the window."""
        try:
            return self._take_from(self.stamps)
        except OSError:
            # the shared file is unusable (read-only temp dir, someone else's file): pace alone
            self.stamps = MemoryStamps()
            return self._take_from(self.stamps)

    def _take_from(self, store):
        with store.locked() as stamps:
            now = self.clock()
            # stamps from the future (clock set back) would block forever: drop them too
            live = sorted(s for s in stamps if now - self.window < s <= now + 1.0)
            if len(live) < self.limit:
                live.append(now)
                stamps[:] = live
                return None
            stamps[:] = live
            return max(0.001, live[-self.limit] + self.window - now)


def parse_budget(text):
    """``"300/300"`` -> (300, 300.0); ``"0"`` or ``"off"`` -> None (no pacing)."""
    value = (text or "").strip().lower()
    if value in ("0", "off", "none", "false"):
        return None
    limit, _sep, window = value.partition("/")
    try:
        limit, window = int(limit), float(window or XRAY_CLOUD_BUDGET[1])
    except ValueError:
        raise ValueError("must look like REQUESTS/SECONDS, e.g. 1000/300 (got %r)" % text)
    if limit < 1 or window <= 0:
        raise ValueError("must allow at least 1 request in a positive number of seconds (got %r)" % text)
    return limit, window


def xray_cloud_limiter(url, client_id, environ=None, directory=None):
    """The limiter for one Xray Cloud instance and API key, shared across processes; None if off."""
    environ = os.environ if environ is None else environ
    budget = parse_budget(environ[ENV_BUDGET]) if environ.get(ENV_BUDGET) else XRAY_CLOUD_BUDGET
    if budget is None:
        return None
    limit, window = budget
    return RateLimiter(limit, window + WINDOW_MARGIN, stamps=shared_stamps(url, client_id, directory))


def shared_stamps(url, client_id, directory=None):
    if not HAS_FCNTL:
        return MemoryStamps()
    key = hashlib.sha256(("%s|%s" % (url, client_id)).encode("utf-8")).hexdigest()[:20]
    uid = os.getuid() if hasattr(os, "getuid") else 0
    name = "testops-testmgmt-rate-%s-%s.json" % (uid, key)
    return FileStamps(os.path.join(directory or tempfile.gettempdir(), name))
