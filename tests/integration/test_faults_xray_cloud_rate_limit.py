"""The client-side rate limiter against the emulator's Xray Cloud limit (429 beyond N requests per window).

A playbook of several tasks (each its own process) sends more requests than the server allows in one
window. With the limiter sized to the server's budget it never meets a 429: the window is shared
between the tasks' processes through the limiter's file. Without it the same playbook lives on 429s.
"""

import pytest

from tests.integration.playbook import run_tasks
from tests.integration.support_faults import assert_no_traceback

LIMIT, WINDOW = 3, 1.5  # below one task's own requests, so an unpaced task meets the limit by itself
MARGIN = 1.0  # the limiter adds this to the window (see plugins/module_utils/rate_limit.py)


@pytest.fixture
def limited(emulator):
    emulator.settings(cloud_rate_limit=LIMIT, cloud_rate_window=WINDOW)
    yield emulator
    emulator.settings(cloud_rate_limit=300, cloud_rate_window=300.0)


def cloud_env(emulator, budget):
    return {"XRAY_URL": emulator.url, "XRAY_DEPLOYMENT": "cloud", "XRAY_CLIENT_ID": "demo-client",
            "XRAY_CLIENT_SECRET": "demo-secret", "XRAY_CLOUD_RATE_LIMIT": budget}


def tasks():
    return [{"name": "publish %d" % n, "testops.testmgmt.xray_test_execution": {
        "project": "SHOP", "summary": "Paced %d" % n, "results": [{"test": "SHOP-10%d" % n, "status": "pass"}]}}
        for n in range(1, 3)]


def most_in_any_window(times, window):
    times = sorted(times)
    return max(sum(1 for t in times[i:] if t < start + window) for i, start in enumerate(times))


def test_a_paced_playbook_stays_under_the_budget_without_a_single_429(limited):
    run = run_tasks(tasks(), env=cloud_env(limited, "%d/%g" % (LIMIT, WINDOW)))
    assert_no_traceback(run)
    for task in run.tasks:
        assert not task.get("failed"), task.get("msg")
        assert task["api_calls"]["retries"] == 0, task.get("warnings")
        assert task["api_calls"]["requests"] > LIMIT
    log = limited.requests()
    assert [r for r in log if r["status"] == 429] == []
    assert len(log) > 2 * LIMIT  # more than the server takes in one window: pacing made the difference
    # the emulator stamps answers; requests sent LIMIT per WINDOW + MARGIN arrive at most LIMIT per WINDOW
    assert most_in_any_window([r["ts"] for r in log], WINDOW) <= LIMIT
    assert log[-1]["ts"] - log[0]["ts"] >= (len(log) // LIMIT - 1) * WINDOW


def test_without_pacing_the_same_playbook_meets_429s(limited):
    run = run_tasks(tasks(), env=cloud_env(limited, "off"))
    assert_no_traceback(run)
    assert [r for r in limited.requests() if r["status"] == 429]  # the contrast: the server had to push back
    for task in run.tasks:
        assert not task.get("failed"), task.get("msg")  # Retry-After still carries it through


def test_a_malformed_budget_is_a_one_line_input_error(limited):
    run = run_tasks(tasks()[:1], env=cloud_env(limited, "fast"))
    task = run.task("publish 1")
    assert task["failed"] and task["msg"].startswith("XRAY_CLOUD_RATE_LIMIT: must look like REQUESTS/SECONDS")
    assert limited.requests() == []
