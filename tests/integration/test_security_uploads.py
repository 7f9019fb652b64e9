"""Result files and attachments from untrusted hands: entities refused, sizes bounded, names sanitized.

A result file comes from whatever ran the tests, and an attachment name from a playbook variable;
neither may make the module read local files, blow up memory, split a multipart header, climb out
of a directory or hang a huge upload. Every refusal is one line and comes before any write.
"""

import os

import pytest

from tests.integration.playbook import run_tasks
from tests.integration.support_faults import assert_clean_failure
from tests.integration.zephyr_squad_support import Z, cycles, executions, make_cycle

SECRET_FILE_TEXT = "root-secret-do-not-read"

XXE = """<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY leak SYSTEM "file://{path}">]>
<testsuite name="x" tests="1"><testcase classname="c" name="SHOP-101 &leak;"/></testsuite>
"""
LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<testsuite name="x" tests="1"><testcase classname="c" name="SHOP-101 &lol4;"/></testsuite>
"""


@pytest.fixture
def hostile(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET_FILE_TEXT)
    files = {"xxe": tmp_path / "xxe.xml", "laughs": tmp_path / "laughs.xml"}
    files["xxe"].write_text(XXE.format(path=secret))
    files["laughs"].write_text(LAUGHS)
    return dict((k, str(v)) for k, v in files.items())


def squad_env(emulator):
    return {"ZEPHYR_URL": emulator.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin"}


def xray_env(emulator):
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


def ze_env(emulator):
    return {"ZEPHYR_URL": emulator.url, "ZEPHYR_TOKEN": "demo-token", "ZEPHYR_EDITION": "enterprise"}


def hostile_task(product, path):
    """The task of ``product``'s module that takes a result file, handed ``path``."""
    if product == "squad":
        return "zephyr_execution", {"name": "hostile", "testops.testmgmt.zephyr_execution": {
            "project": "SHOP", "version": "2.4.0", "cycle": "Hostile", "results_file": [path]}}
    if product == "xray":
        return "xray_test_execution", {"name": "hostile", "testops.testmgmt.xray_test_execution": {
            "project": "SHOP", "summary": "Hostile", "results_file": [path], "format": "junit"}}
    return "zephyr_automation_job", {"name": "hostile", "testops.testmgmt.zephyr_automation_job": {
        "project": "Shop", "release": "Release 1.0", "name": "Hostile", "framework": "junit",
        "cycle": "Hostile", "phase": "Hostile", "results_file": path, "run": True}}


@pytest.mark.parametrize("product, kind", [
    ("squad", "xxe"), ("squad", "laughs"), ("xray", "xxe"), ("xray", "laughs"),
    ("ze", "xxe"), ("ze", "laughs")])
def test_entities_in_a_result_file_are_refused_before_any_write(emulator, hostile, product, kind):
    module, task = hostile_task(product, hostile[kind])
    make_cycle(emulator, "Hostile")
    env = {"squad": squad_env, "xray": xray_env, "ze": ze_env}[product](emulator)
    emulator.clear_requests()
    run = run_tasks([task], env=env)
    message = assert_clean_failure(run, "hostile", "DTD")
    assert SECRET_FILE_TEXT not in run.stdout + run.stderr
    assert emulator.writes() == [], emulator.writes()
    assert len(message) < 600


def _attach(path, name=None, test="SHOP-101"):
    item = {"test": test, "path": str(path)}
    if name is not None:
        item["name"] = name
    return {"name": "attach", "testops.testmgmt.zephyr_execution": {
        "project": "SHOP", "version": "2.4.0", "cycle": "Uploads", "attachments": [item],
        "results": [{"test": test, "status": "pass"}]}}


def attachment_names(emulator):
    cycle = cycles(emulator)["Uploads"]["id"]
    execution = [e for e in executions(emulator, cycle) if e["issueKey"] == "SHOP-101"][0]
    status, body = emulator.api("GET", Z + "/attachment/attachmentsByEntity?entityId=%s&entityType=execution"
                                % execution["id"])
    assert status == 200, body
    return [a["fileName"] for a in body["data"]]


def test_multipart_file_names_are_sanitized_on_the_wire(emulator, tmp_path):
    make_cycle(emulator, "Uploads")
    log = tmp_path / "run.log"
    log.write_text("all good\n")
    hostile_name = '../../etc/cron.d/evil\r\nX-Injected: 1 "quoted".log'
    run = run_tasks([_attach(log, name=hostile_name)], env=squad_env(emulator))
    assert not run.task("attach").get("failed"), run.task("attach").get("msg")
    assert attachment_names(emulator) == ["evilX-Injected_ 1 _quoted_.log"]


def test_a_sanitized_attachment_is_not_uploaded_twice(emulator, tmp_path):
    make_cycle(emulator, "Uploads")
    log = tmp_path / "run.log"
    log.write_text("all good\n")
    hostile_name = 'logs/"nightly"\t.log'
    run_tasks([_attach(log, name=hostile_name)], env=squad_env(emulator))
    emulator.clear_requests()
    again = run_tasks([_attach(log, name=hostile_name)], env=squad_env(emulator))
    assert again.task("attach")["changed"] is False
    assert emulator.writes() == []


def test_an_oversized_attachment_fails_with_one_line_and_is_never_sent(emulator, tmp_path):
    make_cycle(emulator, "Uploads")
    huge = tmp_path / "core.dump"
    with open(str(huge), "wb") as handle:  # sparse: 300 MiB on paper, nothing on disk
        handle.truncate(300 * 1024 * 1024)
    run = run_tasks([_attach(huge)], env=squad_env(emulator))
    assert_clean_failure(run, "attach", "300.0 MiB", "upload limit")
    assert not [r for r in emulator.writes() if r["path"].startswith(Z + "/attachment")]
    os.unlink(str(huge))


def test_an_oversized_attachment_is_refused_before_any_write(emulator, tmp_path):
    make_cycle(emulator, "Uploads")
    huge = tmp_path / "core.dump"
    with open(str(huge), "wb") as handle:
        handle.truncate(300 * 1024 * 1024)
    emulator.clear_requests()
    run = run_tasks([_attach(huge)], env=squad_env(emulator))
    message = assert_clean_failure(run, "attach", "upload limit")
    assert message.startswith("attachments")
    assert emulator.writes() == []
