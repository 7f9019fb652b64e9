"""publish_results with every real sample of ../shared/samples: each file goes to every product that takes
its format (Zephyr Squad executions, a Zephyr Enterprise automation job, an Xray Test Execution) in one run,
and what each product holds afterwards - read back over its own API - matches the file, test by test."""

import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results
from tests.integration import support_roles as rb

SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(
    os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))), "shared", "samples")
# file -> number of cases (samples/README.md)
CASES = {
    "pytest-xunit2.xml": 14, "pytest-legacy.xml": 14, "robot-xunit.xml": 4, "robot-output.xml": 4,
    "behave-junit.xml": 3, "behave.json": 3, "cucumber-js.json": 2, "jest-junit.xml": 5, "mocha-junit.xml": 4,
    "surefire-TEST-com.shop.CartServiceTest.xml": 6,
}
# What Zephyr Enterprise automation jobs take (Robot goes in as its --xunit JUnit).
ENTERPRISE_FORMATS = ("junit", "testng", "cucumber", "behave")
RANK = ["failed", "error", "skipped", "passed"]  # worst first; error publishes as fail like failed
SQUAD = {"passed": "PASS", "failed": "FAIL", "error": "FAIL", "skipped": "UNEXECUTED"}
XRAY = {"passed": "PASS", "failed": "FAIL", "error": "FAIL", "skipped": "TODO"}
ENTERPRISE = {"passed": "Pass", "failed": "Fail", "error": "Fail", "skipped": "Not Executed"}


def worst(statuses):
    return min(statuses, key=RANK.index)


def fold(results, identity):
    """{identity: worst status} of the results that have one: what a product keeps per test."""
    grouped = {}
    for result in results:
        ident = identity(result)
        if ident:
            grouped.setdefault(ident, []).append(result.status)
    return dict((ident, worst(statuses)) for ident, statuses in grouped.items())


def xray_identity(result):
    """The Test Xray's import puts a case in: the key of a test_key/test_id property or a tag, else the
    Generic definition (Xray does not look for keys in names; the reader does)."""
    if result.key and ("test_key" in result.properties or "test_id" in result.properties
                       or result.key in result.tags):
        return result.key
    return result.full_name


def make_tests_up_to(emulator, last):
    """Test issues SHOP-111..SHOP-<last>, so every key the samples name (SHOP-201 ... SHOP-602) is a Test."""
    summaries = ["Sample test %d" % n for n in range(111, last + 1)]
    for start in range(0, len(summaries), 50):
        body = {"issueUpdates": [{"fields": {"project": {"key": "SHOP"}, "summary": s, "issuetype": {"id": "10005"}}}
                                 for s in summaries[start:start + 50]]}
        status, answer = emulator.api("POST", "/rest/api/2/issue/bulk", body)
        assert status == 201 and not answer.get("errors"), answer
    emulator.clear_requests()


def publish_task(path, **role_vars):
    variables = {
        "publish_results_files": [path],
        "publish_results_zephyr_squad": {"project": "SHOP", "version": "2.5.0", "cycle": "CI"},
        "publish_results_zephyr_enterprise": {"project": "Shop", "release": "Release 1.0", "cycle": "CI",
                                              "poll_interval": 0.2},
        "publish_results_xray": {"project": "SHOP"},
    }
    variables.update(role_vars)
    return {"name": "publish", "ansible.builtin.include_role": {"name": "testops.testmgmt.publish_results"},
            "vars": variables}


def role_task(run, name):
    return run.task("testops.testmgmt.publish_results : " + name)


def summary_of(run):
    return role_task(run, "Set the summary of the publication")["ansible_facts"]["publish_results_summary"]


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_sample_lands_in_every_product_that_takes_it(emulator, play, name):
    make_tests_up_to(emulator, 602)
    path = os.path.join(SAMPLES, name)
    results, counts = load_results([path])
    assert counts["total"] == CASES[name]

    run = play([publish_task(path)], env={"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin",
                                          "XRAY_PASSWORD": "admin"})
    assert run.rc == 0, run.stdout[-3000:]
    summary = summary_of(run)
    assert summary["total"]["total"] == CASES[name]
    for key in ("passed", "failed", "error", "skipped", "flaky"):
        assert summary["total"][key] == counts[key], key

    # Zephyr Squad: one execution per key in the run's folder, with the worst status of its cases; cases
    # without a key get a Test created by name (on_unmapped create), one per name
    folder = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"][summary["run_name"]]
    keyed = fold(results, lambda r: r.key)
    assert dict((k, v) for k, v in folder.items() if k in keyed) == dict(
        (key, SQUAD[status]) for key, status in keyed.items())
    named = fold([r for r in results if not r.key], lambda r: " ".join(r.full_name.split()))
    created = summary["zephyr_squad"]["created_tests"]
    assert sorted(set(folder) - set(keyed)) == sorted(created) and len(created) == len(named)
    assert rb.counts(dict((k, folder[k]) for k in created)) == rb.counts(
        dict((n, SQUAD[status]) for n, status in named.items()))
    assert summary["zephyr_squad"]["unmapped"] == 0

    # Xray: one run per Test - a keyed case's Test, else the Test of its Generic definition
    execution = rb.xray_state(emulator)[summary["run_name"]]
    by_test = fold(results, xray_identity)
    assert rb.counts(execution["runs"]) == rb.counts(dict((k, XRAY[s]) for k, s in by_test.items()))
    for ident, status in by_test.items():
        if ident in keyed:
            assert execution["runs"][ident] == XRAY[status], ident

    # Zephyr Enterprise: one execution per test case (named <class or suite>.<name>) in the run's phase
    fmt = summary["files"][0]["format"]
    if fmt not in ENTERPRISE_FORMATS:
        assert summary["zephyr_enterprise"]["not_accepted"] == [name]
        assert rb.ze_jobs(emulator) == []
        return
    phase = rb.ze_state(emulator)["CI"]["phases"][summary["run_name"]]
    # Zephyr names test cases by its own parser (behave JSON: <feature>.<scenario>), so compare counts;
    # jest-junit writes a todo test as a passed one: the reader says skipped, Zephyr reads the file
    by_name = fold(results, lambda r: r.full_name.strip())
    todo = set(r.full_name.strip() for r in results if r.detail == "todo")
    expected = dict((n, ENTERPRISE["passed" if n in todo else status]) for n, status in by_name.items())
    assert rb.counts(phase) == rb.counts(expected)
    assert [job["status"] for job in rb.ze_jobs(emulator)] == ["complete"]
