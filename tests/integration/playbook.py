"""Run real playbooks with ansible-playbook and read every task's result (json callback)."""

import json
import os
import subprocess
import tempfile

import yaml

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


class PlaybookRun:
    def __init__(self, proc, data):
        self.rc = proc.returncode
        self.stdout = proc.stdout
        self.stderr = proc.stderr
        self.data = data
        self.tasks = []
        for play in (data or {}).get("plays", []):
            for task in play.get("tasks", []):
                host = next(iter(task["hosts"].values()), {})
                self.tasks.append(dict(host, _name=task["task"]["name"]))
        self.stats = (data or {}).get("stats", {}).get("localhost", {})

    def task(self, name):
        for task in self.tasks:
            if task["_name"] == name:
                return task
        raise KeyError("no task %r in %s (rc=%s; stderr: %s; stdout: %s)" % (
            name, [t["_name"] for t in self.tasks], self.rc, self.stderr[-1500:], self.stdout[-1500:]))

    @property
    def changed(self):
        return self.stats.get("changed", 0)

    @property
    def failed(self):
        return self.stats.get("failures", 0)


def run_tasks(tasks, env=None, check=False, diff=False, extra_args=(), module_defaults=None, vars=None):
    """Run ``tasks`` in one play on localhost; return a PlaybookRun."""
    play = {"name": "test", "hosts": "localhost", "gather_facts": False, "tasks": tasks}
    if module_defaults:
        play["module_defaults"] = module_defaults
    if vars:
        play["vars"] = vars
    with tempfile.NamedTemporaryFile("w", suffix=".yml", delete=False, dir=os.environ.get("TMPDIR")) as handle:
        yaml.safe_dump([play], handle)
        path = handle.name
    try:
        return run_playbook(path, env=env, check=check, diff=diff, extra_args=extra_args)
    finally:
        os.unlink(path)


def run_playbook(path, env=None, check=False, diff=False, extra_args=(), inventory="localhost,"):
    full_env = dict(os.environ)
    full_env.update({"ANSIBLE_STDOUT_CALLBACK": "results_json",
                     "ANSIBLE_CALLBACK_PLUGINS": os.path.join(ROOT, "tests", "integration", "callback_plugins"),
                     "ANSIBLE_NOCOLOR": "1", "ANSIBLE_HOST_KEY_CHECKING": "0",
                     "ANSIBLE_PYTHON_INTERPRETER": __import__("sys").executable})
    full_env.update(env or {})
    cmd = [os.path.join(os.path.dirname(__import__("sys").executable), "ansible-playbook"),
           "-i", inventory, "-c", "local", path]
    if check:
        cmd.append("--check")
    if diff:
        cmd.append("--diff")
    cmd.extend(extra_args)
    proc = subprocess.run(cmd, env=full_env, capture_output=True, text=True, cwd=ROOT, check=False)
    try:
        data = json.loads(proc.stdout[proc.stdout.index("{"):])
    except ValueError:
        data = None
    return PlaybookRun(proc, data)
