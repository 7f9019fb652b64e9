"""Running playbooks for the bench: an emulator, a timeout, and wall-clock times."""

import json
import os
import subprocess
import sys
import tempfile
import time

import yaml

from tests.emulator_process import Emulator
from tests.integration.playbook import ROOT, PlaybookRun

ANSIBLE_PLAYBOOK = os.path.join(os.path.dirname(sys.executable), "ansible-playbook")


class TimedOut(Exception):
    pass


class _Done:
    def __init__(self, returncode, stdout, stderr):
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def playbook_env(env=None):
    full = dict(os.environ)
    full.update({"ANSIBLE_STDOUT_CALLBACK": "results_json",
                 "ANSIBLE_CALLBACK_PLUGINS": os.pathsep.join([
                     os.path.join(ROOT, "tests", "integration", "callback_plugins"),
                     os.path.join(ROOT, "tests", "bench", "callback_plugins")]),
                 "ANSIBLE_CALLBACKS_ENABLED": "bench_timer",
                 "ANSIBLE_NOCOLOR": "1", "ANSIBLE_PYTHON_INTERPRETER": sys.executable})
    full.update(env or {})
    return full


def run_play(tasks, env=None, timeout=600, playbook=None, extra_args=()):
    """(PlaybookRun, seconds) of ansible-playbook on ``tasks`` (or an existing ``playbook``)."""
    path = playbook
    if path is None:
        handle, path = tempfile.mkstemp(suffix=".yml", dir=os.environ.get("TMPDIR"))
        with os.fdopen(handle, "w") as out:
            yaml.safe_dump([{"name": "bench", "hosts": "localhost", "gather_facts": False, "tasks": tasks}], out)
    try:
        start = time.perf_counter()
        proc = subprocess.Popen([ANSIBLE_PLAYBOOK, "-i", "localhost,", "-c", "local", path] + list(extra_args),
                                cwd=ROOT, env=playbook_env(env), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
            raise TimedOut("ansible-playbook took more than %ss" % timeout)
        elapsed = time.perf_counter() - start
    finally:
        if playbook is None:
            os.unlink(path)
    try:
        data = json.loads(out[out.index("{"):])
    except ValueError:
        data = None
    return PlaybookRun(_Done(proc.returncode, out, err), data), elapsed


def api_calls(run):
    """(requests, writes, retries) summed over every task of a run, looped tasks included."""
    totals = [0, 0, 0]
    for task in run.tasks:
        for result in task.get("results") or [task]:
            calls = result.get("api_calls") if isinstance(result, dict) else None
            if calls:
                totals[0] += calls.get("requests", 0)
                totals[1] += calls.get("writes", 0)
                totals[2] += calls.get("retries", 0)
    return tuple(totals)


def run_publish(extra_vars, env, workdir, timeout=900):
    """(PlaybookRun, seconds) of playbooks/publish_results.yml with ``extra_vars``.

    TMPDIR is a fresh directory per run: the Xray Cloud pacing window (a file there) starts empty, as for
    a publish that has the instance's budget to itself.
    """
    import tempfile as _tempfile

    private = _tempfile.mkdtemp(dir=workdir)
    path = os.path.join(private, "vars.json")
    with open(path, "w") as out:
        json.dump(extra_vars, out)
    run_env = dict(env, TMPDIR=private, BENCH_TIMINGS=os.path.join(private, "timings.json"))
    run, seconds = run_play(None, env=run_env, timeout=timeout, extra_args=["-e", "@" + path],
                            playbook=os.path.join(ROOT, "playbooks", "publish_results.yml"))
    run.timings = _timings(run_env["BENCH_TIMINGS"])
    if run.rc != 0:
        failed = [t for t in run.tasks if t.get("failed")]
        raise RuntimeError((failed[0].get("msg") if failed else run.stdout[-300:] + run.stderr[-300:]) or "failed")
    return run, seconds


def _timings(path):
    try:
        with open(path) as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return []


def slowest_tasks(run, top=3):
    """"task 4.1 s, task 2.0 s": the tasks a run spent its time in (bench_timer callback)."""
    ranked = sorted(getattr(run, "timings", []) or [], key=lambda item: -item[1])[:top]
    return ", ".join("'%s' %.1f s" % (name.split(" : ", 1)[-1], seconds) for name, seconds in ranked)


def timed(argv, timeout=600):
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError("%s failed: %s %s" % (argv[0], proc.stdout[-500:], proc.stderr[-500:]))
    return proc, elapsed


def start_emulator():
    emu = Emulator()
    # fast product jobs; defaults otherwise (rate limits as documented)
    emu.settings(job_delay=0.05, ze_run_step=0.05)
    return emu


def breakdown(emu, started_at, seconds):
    """Where an end-to-end run spent its time, from the emulator's request log (answer times)."""
    log = emu.requests()
    if not log:
        return "no request reached the server"
    first, last = log[0]["ts"], log[-1]["ts"]
    slowest, gap, prev = None, 0.0, first
    for entry in log[1:]:
        if entry["ts"] - prev > gap:
            gap, slowest = entry["ts"] - prev, entry
        prev = entry["ts"]
    text = "%.1f s before the first answer, %.1f s of %d requests" % (first - started_at, last - first, len(log))
    if slowest is not None:
        text += " (longest wait %.1f s, for %s %s)" % (gap, slowest["method"], slowest["path"])
    return text + ", %.1f s after" % max(0.0, started_at + seconds - last)
