"""zephyr_execution on Zephyr Enterprise: test cases created for results that name none (on_unmapped create,
into create_folder; found by name the next time), on_unmapped fail, and merge keep / replace against what a
person did to an execution, over real HTTP."""

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import signed
from tests.integration.test_zephyr_execution_enterprise import (  # noqa: F401 pylint: disable=unused-import
    api,
    exec_task,
    phase,
    run,
    statuses,
)

REPORT = """<?xml version="1.0" encoding="utf-8"?>
<testsuite name="shop" tests="3">
<testcase classname="com.shop.CartServiceTest" name="addsItem"/>
<testcase classname="com.shop.NewTest" name="brandNew"><failure message="nope">trace</failure></testcase>
<testcase classname="com.shop.NewTest" name="other"/>
</testsuite>
"""
CREATED = ["com.shop.NewTest.brandNew", "com.shop.NewTest.other"]


def calls(emulator, method, suffix):
    return [r for r in emulator.requests() if r["method"] == method and r["path"].endswith(suffix)]


def folder_tests(emulator, *path):
    nodes = api(emulator, "GET", "/testcasetree?type=Phase&revisionid=0&releaseid=1")
    nodes = nodes["results"] if isinstance(nodes, dict) else nodes
    node = None
    for name in path:
        node = [n for n in nodes if n["name"] == name][0]
        nodes = node.get("categories") or []
    rows = api(emulator, "GET", "/testcase/tree/%s?offset=0&pagesize=100" % node["id"])["results"]
    return sorted(r["testcase"]["name"] for r in rows)


def test_on_unmapped_create_into_a_folder_once(emulator, run, phase, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(REPORT)
    task = dict(exec_task(results_file=[str(report)], on_unmapped="create", create_folder="Automation > New"),
                ignore_errors=True)
    checked = run([task], check=True).task("results")
    assert checked["changed"] is True and checked["execution"]["created"] == CREATED, checked
    assert emulator.writes() == []

    first = run([task]).task("results")
    assert first["changed"] is True and first["execution"]["created"] == CREATED, first
    assert folder_tests(emulator, "Automation", "New") == CREATED
    assert len(calls(emulator, "POST", "/testcase/bulk")) == 1
    assert len(calls(emulator, "POST", "/execution/modify")) == 1
    now = statuses(emulator, phase["id"])
    assert [now[n]["status"] for n in ["com.shop.CartServiceTest.addsItem"] + CREATED] == ["1", "2", "1"]
    assert now["com.shop.NewTest.brandNew"]["notes"] == signed("brandNew: nope")

    emulator.clear_requests()
    failing = tmp_path / "more.xml"
    failing.write_text(REPORT.replace("</testsuite>", '<testcase classname="com.shop.NewTest" name="third"/>'
                                                      '</testsuite>'))
    again = run([task, dict(exec_task("fail", results_file=[str(failing)], on_unmapped="fail"),
                            ignore_errors=True)])
    assert again.task("results")["changed"] is False and again.task("results")["execution"]["created"] == []
    message = again.task("fail")["msg"]
    assert message.startswith("on_unmapped: is fail and 1 result(s) map to no test of the project: "
                              "com.shop.NewTest.third;"), message
    assert emulator.writes() == []


def test_merge_keep_leaves_a_persons_verdict_and_replace_overwrites_it(emulator, run, phase):
    emulator.control("POST", "users", {"name": "jdoe", "password": "pw"})
    ours = [{"test": "t01", "status": "fail", "comment": "ours"}, {"test": "t02", "status": "pass"}]
    assert run([exec_task(results=ours)]).task("results")["changed"] is True
    row = statuses(emulator, phase["id"])["t01"]
    status, answer = emulator.api("PUT", "/flex/services/rest/latest/execution/%s?status=4" % row["id"],
                                  {"notes": "env down"}, user="jdoe", password="pw")
    assert status == 200, answer
    person = str(answer["lastTestResult"]["executedBy"])

    emulator.clear_requests()
    kept = run([exec_task(results=ours)]).task("results")
    assert kept["changed"] is False and emulator.writes() == [], kept
    assert kept["execution"]["kept"] == [{"test": "t01", "id": str(row["id"]), "fields": ["status", "comment"],
                                          "executed_by": person}]

    replaced = run([exec_task(results=ours, merge="replace")]).task("results")
    assert replaced["changed"] is True and replaced["execution"]["changed"] == 1, replaced
    row = statuses(emulator, phase["id"])["t01"]
    assert row["status"] == "2" and row["notes"] == "ours"
    emulator.clear_requests()
    assert run([exec_task(results=ours, merge="replace")]).task("results")["changed"] is False
    assert emulator.writes() == []
