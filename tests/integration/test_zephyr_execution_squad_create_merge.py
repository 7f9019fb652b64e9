"""zephyr_execution on Zephyr Squad: results without a test (on_unmapped create / fail, matched by name the
next time) and what a person did to the executions surviving a re-publish (merge keep / replace), over HTTP
against the emulator."""

from urllib.parse import quote

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import signed
from tests.integration.zephyr_squad_support import Z, cycles, executions, ok, statuses_of, writes

PLACE = {"project": "SHOP", "version": "2.4.0", "cycle": "Regression"}
CYCLE = {"name": "setup", "testops.testmgmt.zephyr_cycle": {
    "project": "SHOP", "version": "2.4.0", "name": "Regression", "tests": ["SHOP-101", "SHOP-102", "SHOP-103",
                                                                           "SHOP-104"]}}
NEW_TESTS = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="shop" tests="4">
<testcase classname="tests.test_login" name="test_login_SHOP-101"/>
<testcase classname="tests.test_new" name="test_alpha"/>
<testcase classname="tests.test_new" name="test_beta"><failure message="beta broke">trace</failure></testcase>
<testcase classname="tests.test_new" name="test_ghost SHOP-4242"/>
</testsuite></testsuites>
"""
NAMES = ["tests.test_new.test_alpha", "tests.test_new.test_beta", "tests.test_new.test_ghost SHOP-4242"]


def exec_task(task_name="results", **args):
    return {"name": task_name, "testops.testmgmt.zephyr_execution": dict(PLACE, **args), "ignore_errors": True}


def calls(emulator, method, suffix):
    return [r for r in emulator.requests() if r["method"] == method and r["path"].endswith(suffix)]


def issues_named(emulator, names):
    jql = quote('project = SHOP AND summary ~ "tests"')
    found = ok(emulator.api("GET", "/rest/api/2/search?maxResults=1000&jql=" + jql))["issues"]
    return dict((i["fields"]["summary"], i["key"]) for i in found if i["fields"]["summary"] in names)


def junit(cases):
    body = "".join('<testcase classname="tests.test_bulk" name="test_%03d"/>' % n for n in range(cases))
    return '<testsuites><testsuite name="bulk">%s</testsuite></testsuites>' % body


def test_on_unmapped_create_makes_the_tests_once_and_fail_writes_nothing(emulator, play, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(NEW_TESTS)
    play([CYCLE])
    emulator.clear_requests()
    task = exec_task(results_file=[str(report)], on_unmapped="create")

    checked = play([task], check=True).task("results")
    assert checked["changed"] is True and checked["execution"]["created"] == NAMES, checked
    assert writes(emulator) == []

    emulator.clear_requests()
    first = play([task]).task("results")
    assert first["changed"] is True, first
    # one bulk create, one name search (plus the key lookup of SHOP-4242), one add job
    assert len(calls(emulator, "POST", "/rest/api/2/issue/bulk")) == 1
    assert len(calls(emulator, "GET", "/rest/api/2/search")) == 2
    assert len(calls(emulator, "POST", "/execution/addTestsToCycle")) == 1
    created = issues_named(emulator, NAMES)
    assert sorted(created) == NAMES
    assert first["execution"]["created"] == [created[n] for n in NAMES] and first["execution"]["unmapped"] == []
    listed = dict((e["issueKey"], e) for e in executions(emulator, cycles(emulator)["Regression"]["id"]))
    alpha, beta, ghost = (created[n] for n in NAMES)
    assert statuses_of(listed.values()) == {"SHOP-101": "1", "SHOP-102": "-1", "SHOP-103": "-1", "SHOP-104": "-1",
                                            alpha: "1", beta: "2", ghost: "1"}
    assert listed[beta]["comment"] == signed("test_beta: beta broke")

    # the second time the tests are found by name: nothing is created or written; fail lists what maps nowhere
    gamma = tmp_path / "gamma.xml"
    gamma.write_text(NEW_TESTS.replace("</testsuite>", '<testcase classname="tests.test_new" name="test_gamma"/>'
                                       '</testsuite>'))
    emulator.clear_requests()
    again = play([task, exec_task("fail", results_file=[str(gamma)], on_unmapped="fail")])
    assert again.task("results")["changed"] is False and again.task("results")["execution"]["created"] == []
    assert writes(emulator) == []
    failed = again.task("fail")
    assert failed.get("failed") is True and "\n" not in failed["msg"], failed
    assert failed["msg"].startswith("on_unmapped: is fail and 1 result(s) map to no test of the project: "
                                    "tests.test_new.test_gamma;"), failed["msg"]


def test_on_unmapped_create_many_costs_requests_per_batch_not_per_test(emulator, play, tmp_path):
    report = tmp_path / "bulk.xml"
    report.write_text(junit(120))
    play([{"name": "cycle", "testops.testmgmt.zephyr_cycle": {"project": "SHOP", "version": "2.4.0",
                                                              "name": "Regression"}}])
    emulator.clear_requests()
    task = play([exec_task(results_file=[str(report)], on_unmapped="create")]).task("results")
    assert task["changed"] is True and len(task["execution"]["created"]) == 120, task
    assert len(calls(emulator, "POST", "/rest/api/2/issue/bulk")) == 3   # 50 per request
    assert len(calls(emulator, "GET", "/rest/api/2/search")) == 3        # 50 names per search
    assert len(calls(emulator, "POST", "/execution/addTestsToCycle")) == 1
    assert len(calls(emulator, "PUT", "/execution/updateBulkStatus")) == 1
    assert task["api_calls"]["requests"] < 40, task["api_calls"]
    emulator.clear_requests()
    again = play([exec_task(results_file=[str(report)], on_unmapped="create")]).task("results")
    assert again["changed"] is False and again["execution"]["created"] == [] and writes(emulator) == []
    assert again["execution"]["unchanged"] == 120


FILE = """<?xml version="1.0" encoding="utf-8"?>
<testsuite name="shop" tests="4">
<testcase classname="t" name="test_a SHOP-101">%s</testcase>
<testcase classname="t" name="test_b SHOP-102"><failure message="m2"/></testcase>
<testcase classname="t" name="test_c SHOP-103"><failure message="m3"/></testcase>
<testcase classname="t" name="test_d SHOP-104"/>
</testsuite>
"""


def as_person(emulator, execution_id, body):
    """What a tester does in the Zephyr UI, as user jdoe."""
    return ok(emulator.api("PUT", Z + "/execution/%s/execute" % execution_id, body, user="jdoe", password="pw"))


def test_merge_keep_leaves_what_people_did_and_replace_overwrites_it(emulator, play, tmp_path):
    emulator.control("POST", "users", {"name": "jdoe", "password": "pw"})
    report = tmp_path / "run.xml"
    report.write_text(FILE % "")
    publish = exec_task(results_file=[str(report)])
    assert play([CYCLE, publish]).task("results")["changed"] is True
    cycle = cycles(emulator)["Regression"]["id"]
    ids = dict((e["issueKey"], e["id"]) for e in executions(emulator, cycle))
    as_person(emulator, ids["SHOP-102"], {"status": "4", "comment": "env down"})        # a verdict: BLOCKED
    as_person(emulator, ids["SHOP-103"], {"comment": "known issue, see the chat"})       # a remark only
    as_person(emulator, ids["SHOP-104"], {"defectList": ["SHOP-110"], "updateDefectList": "true"})

    emulator.clear_requests()
    kept = play([publish]).task("results")
    assert kept["changed"] is False and writes(emulator) == [], kept
    assert kept["execution"]["kept"] == [
        {"test": "SHOP-102", "id": str(ids["SHOP-102"]), "fields": ["status", "comment"], "executed_by": "jdoe"},
        {"test": "SHOP-103", "id": str(ids["SHOP-103"]), "fields": ["comment"], "executed_by": None}]
    assert len(calls(emulator, "GET", "/rest/api/2/myself")) == 1

    # the run changes (a test fails now) and a defect is named: ours is updated, theirs stays, defects add up
    report.write_text(FILE % '<failure message="m1"/>')
    emulator.clear_requests()
    run = play([publish, exec_task("defect", results=[{"test": "SHOP-104", "defects": ["SHOP-109"]}])])
    assert run.task("results")["execution"]["changed"] == 1
    listed = dict((e["issueKey"], e) for e in executions(emulator, cycle))
    assert statuses_of(listed.values()) == {"SHOP-101": "2", "SHOP-102": "4", "SHOP-103": "2", "SHOP-104": "1"}
    assert listed["SHOP-101"]["comment"] == signed("test_a SHOP-101: m1")
    assert listed["SHOP-102"]["comment"] == "env down" and listed["SHOP-103"]["comment"] == "known issue, see the chat"
    defects = ok(emulator.api("GET", Z + "/execution/%s/defects" % ids["SHOP-104"]))[str(ids["SHOP-104"])]
    assert sorted(defects) == ["SHOP-109", "SHOP-110"]

    # replace: exactly what the results say, whoever set what was there
    replace = [exec_task(results_file=[str(report)], merge="replace",
                         results=[{"test": "SHOP-104", "defects": ["SHOP-109"]}])]
    done = play(replace).task("results")
    assert done["changed"] is True and done["execution"]["kept"] == [], done
    listed = dict((e["issueKey"], e) for e in executions(emulator, cycle))
    assert statuses_of(listed.values()) == {"SHOP-101": "2", "SHOP-102": "2", "SHOP-103": "2", "SHOP-104": "1"}
    assert [listed[k]["comment"] for k in ("SHOP-101", "SHOP-102", "SHOP-103", "SHOP-104")] == [
        "test_a SHOP-101: m1", "test_b SHOP-102: m2", "test_c SHOP-103: m3", ""]
    defects = ok(emulator.api("GET", Z + "/execution/%s/defects" % ids["SHOP-104"]))[str(ids["SHOP-104"])]
    assert sorted(defects) == ["SHOP-109"]

    # neither mode has anything left to do
    emulator.clear_requests()
    again = play(replace + [exec_task("keep", results_file=[str(report)])])
    assert [again.task(n)["changed"] for n in ("results", "keep")] == [False, False]
    assert writes(emulator) == []
