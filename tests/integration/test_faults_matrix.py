"""Every module on every product it supports, against every fault (issue 7), over real HTTP.

A case either succeeds with the clean run's result, the fault seen and retried, or fails with one line
after its retry budget - never a traceback, never a write after a failed read, never an empty answer. The cases, and where their
faults land, are in support_fault_matrix; each target's cases run in one playbook, a few targets at a
time (each against an emulator of its own), because the cases mostly wait on Retry-After, back-off and
timeouts.
"""

import pytest

from tests.integration.support_fault_matrix import (
    CASES,
    LOGINS,
    LOOKUPS,
    RETRIES,
    SLOW,
    TARGETS,
    cases_of,
    is_write,
    run_all,
)

# the fields of a result that say how it went, not what it did, and the clock's own fields
HOW = ("api_calls", "progress", "warnings", "_name", "_ansible_no_log", "invocation")
CLOCK = ("created_on", "scheduled_on", "duration_ms")

# (target, case) -> the bug it shows (strict: a case that passes again must leave this table)
XFAIL = {}


def case_params():
    for target in TARGETS:
        for case in cases_of(target):
            marks = [pytest.mark.xfail(strict=True, reason=XFAIL[target, case])] if (target, case) in XFAIL else []
            yield pytest.param(target, case, marks=marks, id="%s-%s" % (target, case))


@pytest.fixture(scope="session")
def matrix(request, tmp_path_factory):
    """Runs the playbooks of the targets this session selected, all at once, on first use."""
    wanted = set()
    for item in request.session.items:
        spec = getattr(item, "callspec", None)
        if spec and item.module.__name__ == __name__:
            wanted.add(spec.params.get("target", "lookups"))
    with run_all(sorted(wanted), str(tmp_path_factory.mktemp("fault-matrix"))) as outcomes:
        yield outcomes


def what(result):
    """What a run made and answered: ``result`` without HOW, and without CLOCK at any depth."""
    def strip(value):
        if isinstance(value, dict):
            return dict((k, strip(v)) for k, v in value.items() if k not in CLOCK)
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(dict((k, v) for k, v in result.items() if k not in HOW))


def assert_one_line(result, *words):
    assert result.get("failed") is True, result
    message = result["msg"]
    assert "\n" not in message and "Traceback" not in message and "MODULE FAILURE" not in message, message
    assert "exception" not in result or result["exception"] == "(traceback unavailable)", result["exception"]
    for word in words:
        assert word in message, message
    return message


@pytest.mark.parametrize("target, case", list(case_params()))
def test_module_under_fault(matrix, target, case):
    outcome = matrix[target]
    text = outcome.run.stdout + outcome.run.stderr
    assert "Traceback" not in text and "MODULE FAILURE" not in text, text[-4000:]
    result, log = outcome.result(case), outcome.log(case)
    clean = outcome.result("clean")
    assert not clean.get("failed"), clean
    if case == "clean":
        assert log and not [r for r in log if r["status"] >= 400], log
        assert [v for k, v in what(clean).items() if k != "changed" and v], clean  # something to compare with
        return
    if CASES[case] == "either" and result.get("failed"):
        # a creating request whose connection died may have been applied: not repeated, one line instead
        assert_one_line(result, "connection lost", "not retried")
        dropped = [r for r in log if r["status"] == 0]
        assert len(dropped) == 1 and log[-1] == dropped[0] and dropped[0]["method"] == "POST", log
        assert result.get("changed") is not True
        return
    if CASES[case] in ("ok", "either"):
        assert not result.get("failed"), result.get("msg")
        assert what(result) == what(clean)  # the same things made, the same answer
        assert_the_fault_landed_and_was_handled(case, result, log)
        return
    if case == "long":
        message = assert_one_line(result, "HTTP 504")
        faulted = [r for r in log if r["status"] == 504]
        assert len(faulted) == RETRIES + 1 and log[-len(faulted):] == faulted, log  # the budget, then stop
        assert not [r for r in log if is_write(r)], log  # nothing written on the strength of a failed read
    elif case == "long-write":
        message = assert_one_line(result, "HTTP 504")
        faulted = [r for r in log if r["status"] == 504]
        # a creating POST is not repeated (the server may have applied it), others up to the budget
        assert len(faulted) == (1 if faulted[0]["method"] == "POST" else RETRIES + 1), log
        assert log[-len(faulted):] == faulted, log  # and nothing after it
    else:
        message = assert_one_line(result, "timeout", "%d attempts" % (SLOW["retries"] + 1))
        assert len(log) == SLOW["retries"] + 1, log
    assert "not found" not in message.lower()
    assert result.get("changed") is not True


def assert_the_fault_landed_and_was_handled(case, result, log):
    statuses = [r["status"] for r in log]
    if case == "expire":  # a 401, one more login, the same request again
        assert 401 in statuses and len([r for r in log if r["path"].startswith(LOGINS)]) >= 2, log
        return
    faulted = {"429": [429], "burst": [502, 503], "reset": [0], "reset-write": [0]}[case]
    assert [s for s in statuses if s in (0, 429) or s >= 500] == faulted, log
    assert result["api_calls"]["retries"] == len(faulted), result["api_calls"]
    if case == "429":  # Retry-After honoured: the same request again a second later, not at once
        at = statuses.index(429)
        assert log[at + 1]["path"] == log[at]["path"] and log[at + 1]["ts"] - log[at]["ts"] >= 0.9, log


@pytest.mark.parametrize("product", list(LOOKUPS))
def test_lookup_failing_beyond_its_budget_is_an_error_not_an_empty_answer(matrix, product):
    run = matrix["lookups"].run
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text[-4000:]
    clean = run.task("clean " + product)
    assert not clean.get("failed") and clean["msg"], clean  # something to lose: a non-empty answer
    failed = run.task("faults " + product)
    message = assert_one_line(failed, "HTTP 503")
    assert "not found" not in message.lower()
