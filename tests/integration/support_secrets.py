"""Helpers of the secrets suite: unique marker credentials, a verbose playbook run, and the grep.

Ansible masks the exact values of ``no_log`` options in what a module returns, so a leak that
matters is one the mask cannot see: the value base64-encoded in a Basic header, a session cookie or
Cloud token the module obtained itself, or a value printed by a lookup (controller side, unmasked).
The grep therefore looks for all of those, and also for Ansible's mask ``********``: a mask in the
output means a module tried to print a secret.
"""

import base64
import json
import os
import re
import sqlite3
import uuid

from tests.emulator_process import Emulator
from tests.integration.playbook import ROOT, run_playbook

import yaml

MODULES = os.path.join(ROOT, "plugins", "modules")
MASK = re.compile(r"(?<!\*)\*{8}(?!\*)")  # Ansible's no_log mask, not a banner's row of stars
LOOKUPS = os.path.join(ROOT, "plugins", "lookup")


def have_module(name):
    return os.path.exists(os.path.join(MODULES, name + ".py"))


def have_lookup(name):
    return os.path.exists(os.path.join(LOOKUPS, name + ".py"))


def marker(kind):
    """A value that cannot occur in any output by chance."""
    return "%s-%s" % (kind, uuid.uuid4().hex)


def basic_forms(user, password):
    """Every way a Basic header could show the pair (padding-free prefix too)."""
    encoded = base64.b64encode(("%s:%s" % (user, password)).encode()).decode()
    return [encoded, encoded.rstrip("=")[:-4]]


class StoredEmulator(Emulator):
    """An emulator with an SQLite file, so the test can read the session values it handed out."""

    def __init__(self, directory):
        self.db = os.path.join(directory, "emulator.sqlite")
        super(StoredEmulator, self).__init__(extra_args=["--db", self.db])

    def issued_sessions(self):
        """Every Jira session id, Zephyr Enterprise token cookie and Xray Cloud token issued so far."""
        with sqlite3.connect(self.db) as db:
            rows = db.execute("SELECT data FROM docs WHERE kind = 'session'").fetchall()
        return [json.loads(row[0])["value"] for row in rows]


class VerboseRun:
    def __init__(self, proc_run):
        self.rc = proc_run.rc
        self.text = proc_run.stdout + "\n" + proc_run.stderr

    def count(self, word):
        return self.text.count(word)


def run_verbose(tasks, env=None, extra_vars=None):
    """ansible-playbook -vvv with the default (human) output: what a CI log would keep."""
    play = {"name": "secrets", "hosts": "localhost", "gather_facts": False, "tasks": tasks}
    if extra_vars:
        play["vars"] = extra_vars
    path = os.path.join(os.environ.get("TMPDIR") or "/tmp", "secrets-%s.yml" % uuid.uuid4().hex)
    with open(path, "w") as handle:
        yaml.safe_dump([play], handle)
    try:
        run_env = {"ANSIBLE_STDOUT_CALLBACK": "default", "ANSIBLE_CALLBACK_RESULT_FORMAT": "json"}
        run_env.update(env or {})
        return VerboseRun(run_playbook(path, env=run_env, extra_args=["-vvv"]))
    finally:
        os.unlink(path)


def leaks(text, secrets):
    """The secrets (and masks) found in ``text``."""
    found = [s for s in secrets if s and s in text]
    if MASK.search(text):
        found.append("******** (Ansible masked a secret a module tried to print)")
    return found
