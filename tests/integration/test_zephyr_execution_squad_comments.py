"""zephyr_execution on Zephyr Squad: comment_limit caps the failure comments a results file costs (one PUT
execute each) - the first failures in file order, the same ones every run - and create_cycle makes the
cycle and the folder with the other writes (check mode: reported, not written), over HTTP."""

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import signed
from tests.integration.zephyr_squad_support import cycles, executions, folders, writes

PLACE = {"project": "SHOP", "version": "2.4.0", "cycle": "Nightly", "folder": "Run 1"}
# file order: the failures come as SHOP-108, 103, 110, 102, 105 (not in key order)
ORDER = [("SHOP-108", "cart empty"), ("SHOP-101", None), ("SHOP-103", "total off"), ("SHOP-110", "timeout"),
         ("SHOP-104", None), ("SHOP-102", "401 != 403"), ("SHOP-105", "no stock")]


def junit():
    cases = []
    for key, message in ORDER:
        failure = '<failure message="%s">trace</failure>' % message if message else ""
        cases.append('<testcase classname="t" name="test_%s">%s</testcase>' % (key, failure))
    return '<testsuites><testsuite name="s">%s</testsuite></testsuites>' % "".join(cases)


def exec_task(path, **args):
    return {"name": "results", "testops.testmgmt.zephyr_execution": dict(PLACE, results_file=[path], **args)}


def execute_puts(emulator):
    return [w for w in writes(emulator) if w[0] == "PUT" and w[1].endswith("/execute")]


def comments(emulator):
    cycle = cycles(emulator)["Nightly"]["id"]
    folder = folders(emulator, cycle)["Run 1"]["folderId"]
    return dict((e["issueKey"], e["comment"]) for e in executions(emulator, cycle, folder))


def commented(emulator):
    return sorted(k for k, v in comments(emulator).items() if v)


def test_comment_limit_comments_the_first_failures_and_a_rerun_writes_nothing(emulator, play, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(junit())
    task = exec_task(str(report), create_cycle=True, comment_limit=3)

    checked = play([task], check=True).task("results")
    assert checked["changed"] is True and checked["execution"]["place_created"] == ["cycle", "folder"], checked
    assert writes(emulator) == [] and "Nightly" not in cycles(emulator)

    emulator.clear_requests()
    first = play([task]).task("results")
    assert first["changed"] is True and first["execution"]["uncommented"] == 2, first
    assert first["execution"]["place_created"] == ["cycle", "folder"]
    assert len(execute_puts(emulator)) == 3
    assert [w for w in first["warnings"] if w.startswith("2 failed result(s) got no failure comment: comment_limit "
                                                         "is 3")], first["warnings"]
    have = comments(emulator)
    assert have["SHOP-108"] == signed("test_SHOP-108: cart empty") and have["SHOP-110"] == signed("test_SHOP-110: timeout")
    assert commented(emulator) == ["SHOP-103", "SHOP-108", "SHOP-110"]

    emulator.clear_requests()
    again = play([task]).task("results")
    assert again["changed"] is False and again["execution"]["uncommented"] == 2, again
    assert again["execution"]["place_created"] == [] and writes(emulator) == []

    emulator.clear_requests()
    more = play([exec_task(str(report), comment_limit=4)]).task("results")
    assert more["changed"] is True and more["execution"]["uncommented"] == 1
    assert len(execute_puts(emulator)) == 1 and commented(emulator) == ["SHOP-102", "SHOP-103", "SHOP-108", "SHOP-110"]

    # a lower limit takes back the comments it wrote beyond it, from the end of the file
    emulator.clear_requests()
    fewer = play([exec_task(str(report), comment_limit=1)]).task("results")
    assert fewer["execution"]["uncommented"] == 4 and len(execute_puts(emulator)) == 3
    assert commented(emulator) == ["SHOP-108"]


def test_comments_given_in_results_are_not_capped(emulator, play, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(junit())
    task = exec_task(str(report), create_cycle=True, comment_limit=0,
                     results=[{"test": "SHOP-101", "comment": "checked by hand"},
                              {"test": "SHOP-110", "comment": "known flake"}])
    first = play([task]).task("results")
    assert first["changed"] is True and first["execution"]["uncommented"] == 4, first
    assert len(execute_puts(emulator)) == 2
    have = comments(emulator)
    assert have["SHOP-101"] == signed("checked by hand") and have["SHOP-110"] == signed("known flake")
    assert commented(emulator) == ["SHOP-101", "SHOP-110"]

    emulator.clear_requests()
    assert play([task]).task("results")["changed"] is False and writes(emulator) == []


def test_without_create_cycle_a_missing_folder_is_an_error_and_a_bad_limit_too(emulator, play, tmp_path):
    report = tmp_path / "junit.xml"
    report.write_text(junit())
    run = play([dict(exec_task(str(report)), name="no cycle", ignore_errors=True),
                dict(exec_task(str(report), create_cycle=True, comment_limit=-1), name="bad limit",
                     ignore_errors=True)])
    assert run.task("no cycle")["msg"].startswith("cycle: cycle 'Nightly' not found")
    assert "set create_cycle" in run.task("no cycle")["msg"]
    assert run.task("bad limit")["msg"].startswith("comment_limit: is -1")
    assert writes(emulator) == []
