"""Publishing N results costs a number of requests that grows only with paging, on both deployments.

Measured with the module's own ``api_calls.requests`` and checked against the emulator's request log:
50 and 1000 results (inline and as a JUnit report), published and then published again.
"""

import math

import pytest
import requests

from tests.integration.playbook import run_tasks

MODULE = "testops.testmgmt.xray_test_execution"
PAGE = 100  # the page size of run listings and key lookups; imports take up to 500 results per request
SIZES = (50, 1000)


def junit(count, prefix, failing_every=7):
    cases = []
    for i in range(count):
        failure = '<failure message="boom"/>' if i % failing_every == 0 else ""
        cases.append('<testcase classname="scale.%s" name="case_%04d" time="0.01">%s</testcase>' % (prefix, i, failure))
    return '<testsuite name="scale" tests="%d">%s</testsuite>' % (count, "".join(cases))


def create_tests(emulator, count, prefix):
    """N Generic Tests, made the way a CI import would make them."""
    answer = requests.post(emulator.url + "/rest/raven/1.0/import/execution/junit", params={"projectKey": "SHOP"},
                           files={"file": ("seed.xml", junit(count, prefix), "application/xml")},
                           auth=("admin", "admin"), timeout=120)
    assert answer.status_code == 200, answer.text
    return [t["key"] for t in answer.json()["testIssues"]["success"]]


def env_for(emulator, deployment):
    if deployment == "cloud":
        return {"XRAY_URL": emulator.url, "XRAY_DEPLOYMENT": "cloud", "XRAY_CLIENT_ID": "demo-client",
                "XRAY_CLIENT_SECRET": "demo-secret", "XRAY_CLOUD_RATE_LIMIT": "0"}
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_request_count_does_not_grow_with_results_beyond_paging(emulator, deployment, tmp_path):
    tasks = []
    for size in SIZES:
        keys = create_tests(emulator, size, "inline%d" % size)
        results = [{"test": key, "status": "pass" if i % 5 else "fail"} for i, key in enumerate(keys)]
        tasks.append({"name": "inline%d" % size, "register": "inline%d" % size,
                      MODULE: {"project": "SHOP", "summary": "Scale inline %d" % size, "results": results}})
        report = tmp_path / ("report%d.xml" % size)
        report.write_text(junit(size, "file%d" % size))
        tasks.append({"name": "file%d" % size, "register": "file%d" % size,
                      MODULE: {"project": "SHOP", "summary": "Scale file %d" % size, "results_file": [str(report)],
                               "format": "junit"}})
    env = env_for(emulator, deployment)
    emulator.clear_requests()
    first = run_tasks(tasks, env=env)
    logged_first = len(emulator.requests())
    emulator.clear_requests()
    second = run_tasks(tasks, env=env)
    logged_second = len(emulator.requests())

    costs = {}
    for run, label in ((first, "publish"), (second, "republish")):
        for kind in ("inline", "file"):
            for size in SIZES:
                result = run.task("%s%d" % (kind, size))
                assert not result.get("failed"), result.get("msg")
                assert result["execution"]["total"] == size
                costs[(label, kind, size)] = result["api_calls"]["requests"]
                if label == "republish":
                    assert result["changed"] is False and result["api_calls"]["writes"] == 0
    # The module's count is what the server saw.
    assert sum(v for k, v in costs.items() if k[0] == "publish") == logged_first
    assert sum(v for k, v in costs.items() if k[0] == "republish") == logged_second

    extra_pages = math.ceil(SIZES[1] / PAGE) - math.ceil(SIZES[0] / PAGE)
    for label in ("publish", "republish"):
        for kind in ("inline", "file"):
            small, large = costs[(label, kind, SIZES[0])], costs[(label, kind, SIZES[1])]
            # at most three paged reads (runs, key lookups, test details) and one more import grow with N
            assert large - small <= 3 * extra_pages + 1, (deployment, label, kind, small, large)
            assert small <= 12, (deployment, label, kind, small)
    print("%s request counts: %s" % (deployment, sorted(costs.items())))


@pytest.mark.parametrize("deployment", ["server", "cloud"])
def test_new_execution_costs_the_minimum_and_a_republish_reads_only_pages(emulator, deployment, tmp_path):
    """First publish: the lookup and the import that creates the execution, nothing read back; the
    result comes from the import answer. Republish: the lookup and the run pages (Server: plus the
    Tests' definitions, 250 keys a request), no project, field-list or user lookups beyond that."""
    size = 250
    report = tmp_path / "minimum.xml"
    report.write_text(junit(size, "minimum"))
    task = {"name": "publish", "register": "publish",
            MODULE: {"project": "SHOP", "summary": "Minimum", "results_file": [str(report)], "format": "junit"}}
    env = env_for(emulator, deployment)
    emulator.clear_requests()
    first = run_tasks([task], env=env).task("publish")
    sent = [(r["method"], r["path"]) for r in emulator.requests()]
    emulator.clear_requests()
    again = run_tasks([task], env=env).task("publish")
    reread = [(r["method"], r["path"]) for r in emulator.requests()]

    assert not first.get("failed") and not again.get("failed"), (first.get("msg"), again.get("msg"))
    assert first["api_calls"]["requests"] == len(sent) and again["api_calls"]["requests"] == len(reread)
    execution = first["execution"]
    failing = len(range(0, size, 7))
    assert execution["total"] == size and len(execution["tests"]) == size
    assert again["changed"] is False and again["api_calls"]["writes"] == 0
    assert again["execution"]["key"] == execution["key"] and again["execution"]["total"] == size
    pages = math.ceil(size / PAGE)
    if deployment == "server":
        assert sent == [("GET", "/rest/api/2/search"), ("POST", "/rest/raven/1.0/import/execution/junit/multipart")]
        assert execution["counts"] == {"PASS": size - failing, "FAIL": failing}
        assert execution["url"].endswith("/browse/%s" % execution["key"])
        listed = requests.get(emulator.url + "/rest/raven/1.0/api/testexec/%s/test" % execution["key"],
                              auth=("admin", "admin"), timeout=30).json()
        assert execution["tests"] == sorted(r["key"] for r in listed)  # named by the import answer
        runs = ("GET", "/rest/raven/1.0/api/testexec/%s/test" % execution["key"])
        # the Tests' Generic definitions, by key (the run listing leaves them out); no field list needed
        assert reread == [("GET", "/rest/api/2/search")] + [runs] * pages + [("GET", "/rest/raven/1.0/api/test")]
    else:
        assert sent == [("POST", "/api/v2/authenticate"), ("POST", "/api/v2/graphql"),
                        ("POST", "/api/v2/import/execution/junit/multipart")]
        assert execution["counts"] == {"PASSED": size - failing, "FAILED": failing}
        # Cloud's import answer names no Tests: new ones are named by their definition.
        assert all(name.endswith("(new Generic Test)") for name in execution["tests"])
        assert reread == [("POST", "/api/v2/authenticate")] + [("POST", "/api/v2/graphql")] * (1 + pages)
        assert not any(name.endswith("Test)") for name in again["execution"]["tests"])  # runs read: keys
