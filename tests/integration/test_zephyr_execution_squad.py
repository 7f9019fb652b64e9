"""zephyr_execution on Zephyr Squad: statuses in bulk, comments, defects, step results, attachments,
result files, check mode and diff, over HTTP against the emulator."""

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import signed
from tests.integration.zephyr_squad_support import (
    Z,
    cycles,
    executions,
    failed_cleanly,
    folders,
    ok,
    statuses_of,
    writes,
)

CYCLE = {"name": "setup", "testops.testmgmt.zephyr_cycle": {
    "project": "SHOP", "version": "2.4.0", "name": "Regression",
    "tests": ["SHOP-101", "SHOP-102", "SHOP-103", "SHOP-104"],
    "folders": [{"name": "UI", "tests": ["SHOP-105", "SHOP-106"]}]}}
PLACE = {"project": "SHOP", "version": "2.4.0", "cycle": "Regression"}


def exec_task(task_name="results", **args):
    return {"name": task_name, "testops.testmgmt.zephyr_execution": dict(PLACE, **args), "ignore_errors": True}


def bulk_puts(emulator):
    return [r for r in emulator.requests() if r["path"].endswith("/execution/updateBulkStatus")]


def test_results_create_rerun_check_update(emulator, play, tmp_path):
    for text in ("Open the cart", "Pay"):
        ok(emulator.api("POST", Z + "/teststep/10101", {"step": text}))
    log = tmp_path / "run.log"
    log.write_text("all good\n")
    results = [
        {"test": "SHOP-101", "status": "pass", "steps": ["pass", {"status": "fail", "comment": "slow"}]},
        {"test": "SHOP-102", "status": "FAIL", "comment": "total off by one", "defects": ["SHOP-110"]},
        {"test": "SHOP-103", "status": "PENDING"},
        {"test": "SHOP-104", "status": "blocked"},
        {"test": "SHOP-107", "status": "in_progress"},
    ]
    tasks = [CYCLE, exec_task(results=results, attachments=[{"test": "SHOP-101", "path": str(log)}], merge="replace"),
             exec_task("folder", folder="UI", results=[{"test": "SHOP-105", "status": "WIP"}])]
    first = play(tasks, diff=True)
    task = first.task("results")
    assert task["changed"] is True, task
    report = task["execution"]
    assert report["added"] == ["SHOP-107"] and report["changed"] == 5 and report["attachments"] == ["run.log"]
    assert task["diff"]["after"]["SHOP-102"] == {"status": "FAIL", "comment": "total off by one",
                                                 "defects": ["SHOP-110"]}
    assert len(bulk_puts(emulator)) == 5  # PASS, PENDING, BLOCKED, WIP (+ the folder's WIP); FAIL went with execute
    cycle = cycles(emulator)["Regression"]["id"]
    listed = executions(emulator, cycle)
    assert statuses_of(listed) == {"SHOP-101": "1", "SHOP-102": "2", "SHOP-103": "5", "SHOP-104": "4",
                                   "SHOP-107": "3"}
    failed = [e for e in listed if e["issueKey"] == "SHOP-102"][0]
    assert failed["comment"] == "total off by one" and failed["executionDefectCount"] == 1
    passed = [e for e in listed if e["issueKey"] == "SHOP-101"][0]
    steps = ok(emulator.api("GET", Z + "/stepResult?executionId=%s" % passed["id"]))
    assert [(s["status"], s["comment"]) for s in steps] == [("1", ""), ("2", "slow")]
    attached = ok(emulator.api("GET", Z + "/attachment/attachmentsByEntity?entityId=%s&entityType=execution"
                               % passed["id"]))["data"]
    assert [a["fileName"] for a in attached] == ["run.log"]
    ui = folders(emulator, cycle)["UI"]["folderId"]
    assert statuses_of(executions(emulator, cycle, ui)) == {"SHOP-105": "3", "SHOP-106": "-1"}

    emulator.clear_requests()
    again = play(tasks)
    assert [again.task(n)["changed"] for n in ("setup", "results", "folder")] == [False, False, False]
    assert writes(emulator) == []

    changed = [dict(results[0], status="fail"), dict(results[1], comment="fixed total", defects=[])] + results[2:]
    checked = play([exec_task(results=changed, merge="replace")], check=True, diff=True).task("results")
    assert checked["changed"] is True and writes(emulator) == []
    assert checked["diff"]["before"]["SHOP-101"]["status"] == "PASS"
    assert checked["diff"]["after"]["SHOP-101"]["status"] == "FAIL"
    assert checked["diff"]["after"]["SHOP-102"]["defects"] == []

    emulator.clear_requests()
    applied = play([exec_task(results=changed, merge="replace")]).task("results")
    assert applied["execution"]["changed"] == 2 and applied["execution"]["unchanged"] == 3
    assert sorted(w[1].rsplit("/", 1)[-1] for w in writes(emulator)) == ["execute", "updateBulkStatus"]
    listed = executions(emulator, cycle)
    assert statuses_of(listed)["SHOP-101"] == "2"
    assert [e for e in listed if e["issueKey"] == "SHOP-102"][0]["executionDefectCount"] == 0


JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="shop" tests="7">
<testcase classname="tests.test_login" name="test_login_SHOP-101" time="0.1"/>
<testcase classname="tests.test_login" name="test_bad_password" time="0.1">
  <properties><property name="test_key" value="SHOP-102"/></properties>
  <failure message="assert 401 == 403">trace</failure></testcase>
<testcase classname="tests.test_cart" name="test_total SHOP-103"><skipped message="later"/></testcase>
<testcase classname="tests.test_cart" name="test_param[a] SHOP-104"/>
<testcase classname="tests.test_cart" name="test_param[b] SHOP-104"><error message="boom"/></testcase>
<testcase classname="tests.test_misc" name="test_without_key"/>
<testcase classname="tests.test_misc" name="test_ghost SHOP-4242"/>
</testsuite></testsuites>
"""


def test_results_file_maps_by_key_folds_and_reports_unmapped(emulator, play, tmp_path):
    report_file = tmp_path / "junit.xml"
    report_file.write_text(JUNIT)
    tasks = [CYCLE, exec_task(results_file=[str(tmp_path / "*.xml")], statuses={"skipped": "BLOCKED"},
                              results=[{"test": "SHOP-101", "comment": "checked by hand"}])]
    task = play(tasks).task("results")
    assert task["changed"] is True, task
    report = task["execution"]
    assert report["unmapped"] == ["tests.test_misc.test_without_key", "SHOP-4242"]
    assert report["summary"]["total"] == 7 and report["summary"]["failed"] == 1
    cycle = cycles(emulator)["Regression"]["id"]
    listed = dict((e["issueKey"], e) for e in executions(emulator, cycle))
    assert statuses_of(listed.values()) == {"SHOP-101": "1", "SHOP-102": "2", "SHOP-103": "4", "SHOP-104": "2"}
    # merge keep (the default) signs the comments it writes, to know them from a person's next time
    assert listed["SHOP-102"]["comment"] == signed("test_bad_password: assert 401 == 403")
    assert listed["SHOP-101"]["comment"] == signed("checked by hand")  # results win over the file
    assert listed["SHOP-104"]["comment"] == signed("test_param[b] SHOP-104: boom")

    emulator.clear_requests()
    assert play(tasks).task("results")["changed"] is False
    assert writes(emulator) == []


def test_bad_input_names_the_option_and_writes_nothing(emulator, play, tmp_path):
    play([CYCLE])
    ok(emulator.api("POST", Z + "/teststep/10101", {"step": "only one"}))
    emulator.clear_requests()
    bad = tmp_path / "bad.xml"
    bad.write_text("<testsuites><testsuite><testcase name='x'>")
    good = tmp_path / "good.xml"
    good.write_text(JUNIT)
    run = play([
        exec_task("unknown status", results=[{"test": "SHOP-101", "status": "DONE"}]),
        exec_task("unknown test", results=[{"test": "SHOP-101", "status": "pass"},
                                           {"test": "SHOP-4242", "status": "pass"}]),
        exec_task("not in cycle", add_tests=False, results=[{"test": "SHOP-108", "status": "pass"}]),
        exec_task("unknown cycle", cycle="Nope", results=[{"test": "SHOP-101", "status": "pass"}]),
        exec_task("unknown folder", folder="Nope", results=[{"test": "SHOP-101", "status": "pass"}]),
        exec_task("unknown version", version="9.9", results=[{"test": "SHOP-101", "status": "pass"}]),
        exec_task("unknown project", project="NOPE", results=[{"test": "SHOP-101", "status": "pass"}]),
        exec_task("too many steps", results=[{"test": "SHOP-101", "steps": ["pass", "pass"]}]),
        exec_task("unknown step status", results=[{"test": "SHOP-101", "steps": ["GREAT"]}]),
        exec_task("unknown defect", results=[{"test": "SHOP-101", "status": "fail", "defects": ["SHOP-4242"]}]),
        exec_task("missing attachment", results=[{"test": "SHOP-101", "status": "pass"}],
                  attachments=[{"test": "SHOP-101", "path": str(tmp_path / "nope.log")}]),
        exec_task("broken file", results_file=[str(bad)]),
        exec_task("unknown override", results_file=[str(good)], statuses={"skipped": "LATER"}),
        exec_task("nothing", results=[{"test": "SHOP-101"}]),
    ])
    failed_cleanly(run.task("unknown status"), "results[0].status", "DONE")
    failed_cleanly(run.task("unknown test"), "results[1].test", "SHOP-4242")
    failed_cleanly(run.task("not in cycle"), "results[0].test", "not in cycle")
    failed_cleanly(run.task("unknown cycle"), "cycle", "not found")
    failed_cleanly(run.task("unknown folder"), "folder", "not found")
    failed_cleanly(run.task("unknown version"), "version", "not found")
    failed_cleanly(run.task("unknown project"), "project", "not found")
    failed_cleanly(run.task("too many steps"), "results[0].steps", "1 steps, 2 step results")
    failed_cleanly(run.task("unknown step status"), "results[0].steps[0]", "GREAT")
    failed_cleanly(run.task("unknown defect"), "results", "SHOP-4242")
    failed_cleanly(run.task("missing attachment"), "attachments[0].path", "nope.log")
    failed_cleanly(run.task("broken file"), "results_file", "bad.xml")
    failed_cleanly(run.task("unknown override"), "statuses", "LATER")
    failed_cleanly(run.task("nothing"), "results[0]", "sets nothing")
    assert writes(emulator) == []
