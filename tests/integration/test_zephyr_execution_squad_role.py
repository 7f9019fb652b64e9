"""publish_results, Zephyr Squad part, over HTTP: one zephyr_execution task makes the cycle and the run's
folder, so a re-run reads project, version, cycle list, statuses and the folder list once each, plus the
execution pages, and writes nothing; comment_limit reaches the module; check mode writes nothing."""

import re

from tests.integration import support_roles as rb
from tests.integration.test_roles_publish_samples import publish_task, role_task, summary_of
from tests.integration.zephyr_squad_support import writes

FAILURES = 6


def write_report(folder):
    cases = ['<testcase classname="t" name="ok_SHOP-101"/>']
    cases += ['<testcase classname="t" name="bad_SHOP-%d"><failure message="broke %d"/></testcase>' % (102 + n, n)
              for n in range(FAILURES)]
    path = folder / "junit.xml"
    path.write_text('<testsuites><testsuite name="s">%s</testsuite></testsuites>' % "".join(cases))
    return str(path)


def squad_only(path, **squad):
    return publish_task(path, publish_results_zephyr_enterprise={}, publish_results_xray={},
                        publish_results_run_name="Run 1",
                        publish_results_zephyr_squad=dict({"project": "SHOP", "version": "2.5.0", "cycle": "CI"},
                                                          **squad))


def reads(emulator):
    found = {}
    for request in emulator.requests():
        if request["method"] == "GET":
            path = re.sub(r"(?<!/api)/\d+(?=/|$)", "/{id}", request["path"].split("?")[0])
            found[path] = found.get(path, 0) + 1
    return found


def test_rerun_reads_each_thing_once_and_the_limit_reaches_the_module(emulator, play, tmp_path):
    path = write_report(tmp_path)
    task = squad_only(path, comment_limit=2)

    checked = play([task], check=True)
    assert checked.rc == 0, checked.stdout[-3000:]
    execution = role_task(checked, "Publish the results to the cycle's executions")
    assert execution["changed"] is True and execution["execution"]["place_created"] == ["cycle", "folder"]
    assert writes(emulator) == [] and "2.5.0" not in rb.squad_state(emulator)

    first = play([task])
    assert first.rc == 0, first.stdout[-3000:]
    execution = role_task(first, "Publish the results to the cycle's executions")
    assert execution["execution"]["uncommented"] == FAILURES - 2
    assert [w for w in execution["warnings"] if "comment_limit is 2" in w], execution
    assert len([w for w in writes(emulator) if w[1].endswith("/execute")]) == 2
    folder = rb.squad_state(emulator)["2.5.0"]["CI"]["folders"]["Run 1"]
    squad = summary_of(first)["zephyr_squad"]
    assert len(folder) == FAILURES + 1 and squad["changed"] == FAILURES + 1 and squad["uncommented"] == FAILURES - 2

    emulator.clear_requests()
    again = play([task])
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert writes(emulator) == []
    assert reads(emulator) == {
        "/rest/api/2/project/SHOP": 1, "/rest/api/2/project/{id}/versions": 1, "/rest/zapi/latest/cycle": 1,
        "/rest/zapi/latest/cycle/{id}/folders": 1, "/rest/zapi/latest/execution": 1,
        "/rest/zapi/latest/util/testExecutionStatus": 1}
