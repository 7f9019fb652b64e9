"""Helpers of the fault suites: clean-failure checks, playbooks that can be killed, a restartable emulator."""

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time

import yaml

from tests.emulator_process import Emulator
from tests.integration.playbook import ROOT

FAST = {"retries": 2, "timeout": 5}  # small retry budgets keep the suite quick


def assert_no_traceback(run):
    text = run.stdout + run.stderr
    assert "Traceback" not in text and "MODULE FAILURE" not in text, text[-4000:]


def assert_clean_failure(run, task_name, *words):
    """Failed with one line carrying ``words``, and no Python traceback anywhere."""
    assert_no_traceback(run)
    task = run.task(task_name)
    assert task.get("failed") is True, task
    message = task["msg"]
    assert "\n" not in message, message
    for word in words:
        assert word in message, message
    return message


def writes(emulator, path_prefix=""):
    return [r for r in emulator.writes() if r["path"].startswith(path_prefix)]


class KillablePlaybook:
    """ansible-playbook as a process the test can kill mid-request, like a CI timeout: ``tasks`` in one play,
    or an existing ``playbook`` file."""

    def __init__(self, tasks=None, env=None, playbook=None, extra_args=()):
        self.path = None
        if playbook is None:
            play = [{"name": "killable", "hosts": "localhost", "gather_facts": False, "tasks": tasks}]
            handle, self.path = tempfile.mkstemp(suffix=".yml", dir=os.environ.get("TMPDIR"))
            with os.fdopen(handle, "w") as out:
                yaml.safe_dump(play, out)
        full_env = dict(os.environ)
        full_env.update({"ANSIBLE_NOCOLOR": "1", "ANSIBLE_PYTHON_INTERPRETER": sys.executable})
        full_env.update(env or {})
        ansible = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")
        self.proc = subprocess.Popen([ansible, "-i", "localhost,", "-c", "local", playbook or self.path]
                                     + list(extra_args), cwd=ROOT, env=full_env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True)

    def kill(self):
        """SIGKILL the controller and every process under it, as a CI runner's timeout would.

        Ansible's workers call setsid(), so the process group is not enough: the tree is walked.
        """
        for pid in [self.proc.pid] + descendants(self.proc.pid):
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        self.proc.wait(10)
        self._cleanup()

    def _cleanup(self):
        if self.path and os.path.exists(self.path):
            os.unlink(self.path)

    def wait(self, timeout=120):
        try:
            self.proc.wait(timeout)
        finally:
            self._cleanup()
        return self.proc.returncode


def descendants(pid):
    """Every process below ``pid`` (Linux /proc), children first found first."""
    children = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % entry) as handle:
                stat = handle.read()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def wait_for_request(emulator, method, path_prefix, timeout=30.0, count=1):
    """Block until the emulator's log holds ``count`` answered requests like that."""
    deadline = time.time() + timeout
    while time.time() < deadline:
        seen = [r for r in emulator.requests() if r["method"] == method and r["path"].startswith(path_prefix)]
        if len(seen) >= count:
            return seen
        time.sleep(0.05)
    raise AssertionError("no %s %s within %ss: %s" % (method, path_prefix, timeout, emulator.requests()))


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RestartableEmulator:
    """An emulator on a fixed port with its data in a file, so it can die and come back with its state."""

    def __init__(self, directory):
        self.db = os.path.join(directory, "restartable.sqlite")
        self.port = free_port()
        self.emu = None
        self.start()

    def start(self):
        self.emu = Emulator(extra_args=["--db", self.db, "--port", str(self.port)])
        return self.emu

    def crash(self):
        """Kill -9: in-flight requests die unanswered and unprocessed."""
        self.emu.proc.kill()
        self.emu.proc.wait(10)

    def stop(self):
        self.emu.stop()

    def __getattr__(self, name):
        return getattr(self.emu, name)
