"""publish_results over HTTP against the emulator: one run publishes to all three products and sets the
summary (fact and set_stats); publishing again changes nothing and writes nothing; the run id keys the
publication (a re-run of a stage with new results updates the same executions, nothing is duplicated);
quarantine and the gate; on_unmapped skip; check mode sends no write."""

import gzip
import os
import shutil

from tests.integration import support_roles as rb
from tests.integration.test_roles_publish_samples import SAMPLES, publish_task, role_task, summary_of

API = """<?xml version="1.0" encoding="utf-8"?>
<testsuite name="shop-api" tests="5">
<testcase classname="test_login" name="test_login_succeeds">
<properties><property name="test_key" value="SHOP-101"/></properties></testcase>
<testcase classname="test_checkout" name="test_checkout_total"><properties><property name="test_key" value="SHOP-103"/></properties>
%s</testcase>
<testcase classname="test_checkout" name="test_gateway"><properties><property name="test_key" value="SHOP-104"/></properties>
<error message="gateway timeout"/></testcase>
<testcase classname="test_cart" name="test_cart_keeps_items"><properties><property name="test_key" value="SHOP-105"/></properties>
<skipped/></testcase>
<testcase classname="test_search" name="test_search_hint"/>
</testsuite>
"""
FAILING = '<failure message="total is off by one cent"/>'


def write_api(folder, failing=True):
    path = folder / "api.xml"
    path.write_text(API % (FAILING if failing else ""), encoding="utf-8")
    return str(path)


def xray_env(emulator):
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


def writes(emulator):
    return [(w["method"], w["path"]) for w in emulator.writes()]


def test_one_run_to_three_products_then_nothing_to_do(emulator, play, tmp_path):
    api = write_api(tmp_path)
    ui = tmp_path / "ui.json"
    shutil.copy(os.path.join(SAMPLES, "cucumber-js.json"), str(ui))
    text = ui.read_text(encoding="utf-8").replace("@SHOP-601", "@SHOP-106").replace("@SHOP-602", "@SHOP-107")
    ui.write_text(text, encoding="utf-8")
    task = publish_task(str(tmp_path / "*"), publish_results_files=[str(tmp_path / "*.xml"), str(ui)])

    first = play([task], env=xray_env(emulator))
    assert first.rc == 0, first.stdout[-3000:]
    assert first.changed > 0
    summary = summary_of(first)
    run_name = summary["run_name"]
    assert run_name == "Run " + summary["run_id"] and len(summary["run_id"]) == 12
    assert summary["total"] == {"total": 7, "passed": 3, "failed": 2, "error": 1, "skipped": 1, "flaky": 0,
                                "unmapped": 1, "quarantined": 0}
    assert [f["name"] for f in summary["files"]] == ["api.xml", "ui.json"]
    squad = summary["zephyr_squad"]
    # on_unmapped create (the default): Zephyr Squad gets a Test named after the keyless case
    assert squad["unmapped"] == 0 and squad["created"] == 1, squad
    created = squad["created_tests"][0]
    assert squad["executions"][0]["key"] == "CI / " + run_name
    xray = summary["xray"]["executions"][0]
    assert xray["url"] == "%s/browse/%s" % (emulator.url, xray["key"])
    jobs = summary["zephyr_enterprise"]["executions"]
    assert [j["status"] for j in jobs] == ["complete", "complete"] and all(j["phase"] == run_name for j in jobs)
    stats = role_task(first, "Hand the summary to AWX (set_stats)")["ansible_stats"]
    assert stats["data"]["publish_results_summary"]["run_id"] == summary["run_id"]

    # what the products hold, read back
    folder = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"][run_name]
    assert folder == {"SHOP-101": "PASS", "SHOP-103": "FAIL", "SHOP-104": "FAIL", "SHOP-105": "UNEXECUTED",
                      "SHOP-106": "PASS", "SHOP-107": "FAIL", created: "PASS"}
    runs = rb.xray_state(emulator)[run_name]["runs"]
    assert dict((k, v) for k, v in runs.items() if k in folder and k != created) == {
        "SHOP-101": "PASS", "SHOP-103": "FAIL", "SHOP-104": "FAIL", "SHOP-105": "TODO", "SHOP-106": "PASS",
        "SHOP-107": "FAIL"}
    assert len(runs) == 7  # + the Generic Test Xray created for the keyless case
    phase = rb.ze_state(emulator)["CI"]["phases"][run_name]
    assert rb.counts(phase) == {"Pass": 3, "Fail": 3, "Not Executed": 1}

    emulator.clear_requests()
    again = play([task], env=xray_env(emulator))
    assert again.rc == 0 and again.changed == 0, [t["_name"] for t in again.tasks if t.get("changed")]
    assert writes(emulator) == []
    assert summary_of(again)["run_id"] == summary["run_id"]


def test_pipeline_run_id_keys_the_publication(emulator, play, tmp_path):
    """The same pipeline run publishing new results (a re-run stage) updates the same executions."""
    api = write_api(tmp_path, failing=True)
    task = publish_task(api, publish_results_run_id="pipeline-4711")
    first = play([task], env=xray_env(emulator))
    assert first.rc == 0, first.stdout[-3000:]
    assert summary_of(first)["run_name"] == "Run pipeline-4711"
    squad_before = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"]["Run pipeline-4711"]
    xray_before = rb.xray_state(emulator)["Run pipeline-4711"]

    write_api(tmp_path, failing=False)  # the stage ran again, and the checkout test passes now
    emulator.clear_requests()
    second = play([task], env=xray_env(emulator))
    assert second.rc == 0 and second.changed > 0, second.stdout[-3000:]
    squad_after = rb.squad_state(emulator)["2.5.0"]["CI"]
    assert list(squad_after["folders"]) == ["Run pipeline-4711"]
    assert squad_after["folders"]["Run pipeline-4711"] == dict(squad_before, **{"SHOP-103": "PASS"})
    xray_after = rb.xray_state(emulator)
    assert list(xray_after) == ["Run pipeline-4711"]
    assert xray_after["Run pipeline-4711"]["key"] == xray_before["key"]
    assert xray_after["Run pipeline-4711"]["runs"] == dict(xray_before["runs"], **{"SHOP-103": "PASS"})
    # Zephyr Enterprise: a job per file content, the same phase; its executions updated, not duplicated
    phases = rb.ze_state(emulator)["CI"]["phases"]
    assert list(phases) == ["Run pipeline-4711"]
    assert phases["Run pipeline-4711"]["test_checkout.test_checkout_total"] == "Pass"
    assert len(phases["Run pipeline-4711"]) == 5
    assert len(rb.ze_jobs(emulator)) == 2


def test_quarantine_and_gate(emulator, play, tmp_path):
    api = write_api(tmp_path)
    gated = play([publish_task(api, publish_results_fail_on_test_failures=True,
                               publish_results_quarantine=["SHOP-104"])], env=xray_env(emulator))
    assert gated.rc != 0
    message = [t for t in gated.tasks if t.get("failed")][-1]["msg"]
    assert message.startswith("1 failed and 0 errored test(s): test_checkout.test_checkout_total"), message
    summary = summary_of(gated)  # published first, then the gate
    assert summary["total"]["quarantined"] == 1 and summary["total"]["error"] == 0
    folder = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"][summary["run_name"]]
    assert folder["SHOP-104"] == "UNEXECUTED" and folder["SHOP-103"] == "FAIL"  # quarantined: published as skip
    assert rb.xray_state(emulator)[summary["run_name"]]["runs"]["SHOP-104"] == "TODO"

    passing = play([publish_task(api, publish_results_fail_on_test_failures=True,
                                 publish_results_quarantine=["SHOP-104", "test_checkout.*total"],
                                 publish_results_zephyr_enterprise={}, publish_results_xray={})])
    assert passing.rc == 0, passing.stdout[-3000:]
    assert summary_of(passing)["total"]["quarantined"] == 2


def test_on_unmapped_skip_publishes_only_results_with_a_key(emulator, play, tmp_path):
    api = write_api(tmp_path)
    run = play([publish_task(api, publish_results_on_unmapped="skip", publish_results_zephyr_enterprise={})],
               env=xray_env(emulator))
    assert run.rc == 0, run.stdout[-3000:]
    summary = summary_of(run)
    assert summary["xray"]["unmapped"] == 1 and summary["zephyr_squad"]["unmapped"] == 1
    runs = rb.xray_state(emulator)[summary["run_name"]]["runs"]
    assert runs == {"SHOP-101": "PASS", "SHOP-103": "FAIL", "SHOP-104": "FAIL", "SHOP-105": "TODO"}
    emulator.clear_requests()
    again = play([publish_task(api, publish_results_on_unmapped="skip", publish_results_zephyr_enterprise={})],
                 env=xray_env(emulator))
    assert again.rc == 0 and again.changed == 0 and writes(emulator) == []


def test_check_mode_sends_no_write(emulator, play, tmp_path):
    api = write_api(tmp_path)
    checked = play([publish_task(api)], env=xray_env(emulator), check=True)
    assert checked.rc == 0, checked.stdout[-3000:]
    assert checked.changed > 0
    assert writes(emulator) == []
    assert rb.xray_state(emulator) == {} and rb.ze_jobs(emulator) == []


def test_gzip_compressed_files_publish_like_plain_ones(emulator, play, tmp_path):
    plain = write_api(tmp_path)
    packed = tmp_path / "zipped" / "api.xml.gz"
    packed.parent.mkdir()
    with open(plain, "rb") as src, gzip.open(str(packed), "wb") as dst:
        dst.write(src.read())
    run = play([publish_task(str(tmp_path / "zipped" / "*.gz"))], env=xray_env(emulator))
    assert run.rc == 0, run.stdout[-3000:]
    summary = summary_of(run)
    # the same content gives the same run id as the plain file
    assert summary["files"][0]["compressed"] is True
    assert summary["run_id"] == summary_of(play([publish_task(plain, publish_results_zephyr_squad={},
                                                              publish_results_zephyr_enterprise={},
                                                              publish_results_xray={"project": "SHOP"})],
                                                env=xray_env(emulator)))["run_id"]
    folder = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"][summary["run_name"]]
    assert folder == {"SHOP-101": "PASS", "SHOP-103": "FAIL", "SHOP-104": "FAIL", "SHOP-105": "UNEXECUTED",
                      summary["zephyr_squad"]["created_tests"][0]: "PASS"}  # created for the keyless case
    runs = rb.xray_state(emulator)[summary["run_name"]]["runs"]
    assert rb.counts(runs) == {"PASS": 2, "FAIL": 2, "TODO": 1}
    # Zephyr Enterprise got the report uncompressed, under its name without .gz
    assert rb.counts(rb.ze_state(emulator)["CI"]["phases"][summary["run_name"]]) == {
        "Pass": 2, "Fail": 2, "Not Executed": 1}
    assert [job["attachmentName"] for job in rb.ze_jobs(emulator)] == ["api.xml"]
