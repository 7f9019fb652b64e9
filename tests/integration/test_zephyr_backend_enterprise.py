"""The Zephyr interface on Zephyr Enterprise (ZephyrEnterpriseBackend), over real HTTP against the
emulator: scope by name or id, cycles with phases bound to repository folders, test cases with steps,
executions and bulk statuses, step results and attachments."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.client import BasicAuth, Client
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend

REST = "/flex/services/rest/latest"


@pytest.fixture(autouse=True)
def ze_settings(emulator):
    """Run timing and server version back to the defaults around each test (the process is shared)."""
    defaults = {"ze_run_step": 0.05, "ze_version": "8.2", "ze_session_ttl": 5400}
    emulator.settings(**defaults)
    yield
    emulator.settings(**defaults)


def backend(emulator, check_mode=False):
    return zephyr_backend("enterprise", Client(emulator.url, auth=BasicAuth("admin", "admin"), backoff=0.01,
                                               check_mode=check_mode))


def test_scope_by_name_or_id_is_read_once(emulator):
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    assert scope.project == {"id": "1", "key": None, "name": "Shop"}
    assert scope.version == {"id": "1", "name": "Release 1.0"}
    again = b.resolve_scope("1", "1")
    assert again.version["name"] == "Release 1.0"
    assert b.client.request_count == 2  # projects once, releases once
    with pytest.raises(InputError) as err:
        b.resolve_scope("Shop", "Release 2.0")
    assert str(err.value).startswith("release: no release named or numbered 'Release 2.0' in project Shop")
    with pytest.raises(InputError) as err:
        b.resolve_scope("Shop", None)
    assert str(err.value).startswith("release: is required")


def test_cycle_lifecycle_with_both_date_conventions(emulator):
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    created = b.create_cycle(scope, {"name": "Regression", "description": "d", "build": "b1", "environment": "qa",
                                     "start_date": "2026-12-01", "end_date": "2026-12-05"})
    assert created["id"] and created["start_date"] == "2026-12-01" and created["end_date"] == "2026-12-05"
    status, raw = emulator.api("GET", REST + "/cycle/%s" % created["id"])
    assert raw["cycleStartDate"] == "12/01/2026" and raw["startDate"] == 1796083200000 and raw["build"] == "b1"
    assert b.find_cycle(scope, "Regression") == created
    updated = b.update_cycle(scope, created, {"end_date": "2026-12-09", "build": "b2"})
    assert updated["end_date"] == "2026-12-09" and updated["build"] == "b2" and updated["description"] == "d"
    b.delete_cycle(scope, updated)
    assert b.find_cycle(scope, "Regression") is None


def test_tests_in_folders_with_steps_and_test_sets(emulator):
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    test = b.create_test(scope, {"name": "Login works", "description": "happy path", "labels": ["smoke", "ui"],
                                 "priority": "2", "folder": "Release 1.0 > Regression > Login"})
    assert test["id"] and test["folder"] == "Regression > Login" and test["labels"] == ["smoke", "ui"]
    steps = [{"step": "open", "data": "", "result": "form"}, {"step": "submit", "data": "admin", "result": "home"}]
    assert b.set_steps(scope, test, steps) == 1
    fresh = backend(emulator)
    scope = fresh.resolve_scope("Shop", "Release 1.0")
    found = fresh.find_test(scope, name="Login works", folder="Regression > Login")
    assert found["id"] == test["id"] and found["priority"] == "2"
    assert [s["step"] for s in fresh.get_steps(scope, found)] == ["open", "submit"]
    assert fresh.set_steps(scope, found, steps) == 0
    assert fresh.find_test(scope, name="Login works", folder="Regression") is None
    updated = fresh.update_test(scope, found, {"description": "changed", "labels": ["smoke"]})
    assert updated["description"] == "changed"
    status, raw = emulator.api("GET", REST + "/testcase/%s" % found["version_id"])
    assert raw["description"] == "changed" and raw["tag"] == "smoke"
    refs = fresh.find_tests(scope, [test["id"], "Regression > Login > Login works", "Login works", "nope"])
    assert sorted(refs) == sorted([test["id"], "Regression > Login > Login works", "Login works"])
    with pytest.raises(InputError) as err:
        fresh.resolve_test_set(scope, {"keys": ["Login works", "Missing one"]}, "tests")
    assert str(err.value).startswith("tests: test case not found in release Release 1.0: Missing one")


def test_phase_bound_to_a_folder_gets_its_executions_and_statuses_change_in_bulk(emulator):
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    names = ["Cart %d" % i for i in range(30)]
    for name in names:
        b.create_test(scope, {"name": name, "folder": "Regression > Cart"})
    cycle = b.create_cycle(scope, {"name": "Regression", "start_date": "2026-12-01"})
    phase = b.create_group(scope, cycle, {"name": "Cart", "description": "", "folder": "Regression > Cart"})
    assert phase["folder"] == "Regression > Cart" and phase["id"]
    groups = b.list_groups(scope, b.find_cycle(scope, "Regression"))
    assert [(g["name"], g["folder"]) for g in groups] == [("Cart", "Regression > Cart")]
    executions = b.list_executions(scope, cycle, groups[0])
    assert sorted(e["test_name"] for e in executions) == sorted(names)
    assert set(e["status"] for e in executions) == {"NOT EXECUTED"}
    passed, failed = b.resolve_status("pass"), b.resolve_status("Fail")
    assert (passed, failed) == ("1", "2")
    before = b.client.request_count
    b.set_statuses(scope, [(e, passed if i % 3 else failed) for i, e in enumerate(executions)])
    assert b.client.request_count - before == 3  # who am I, then one request per status
    after = dict((e["test_name"], e["status"]) for e in b.list_executions(scope, cycle, groups[0]))
    assert after["Cart 0"] == "FAIL" and after["Cart 1"] == "PASS"
    assert list(after.values()).count("FAIL") == 10
    with pytest.raises(InputError) as err:
        b.resolve_status("Exploded")
    assert str(err.value).startswith("status: unknown status 'Exploded'")


def test_free_form_phase_takes_tests_step_results_and_attachments(emulator, tmp_path):
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    login = b.create_test(scope, {"name": "Login", "folder": "Smoke"})
    b.set_steps(scope, login, [{"step": "a"}, {"step": "b"}])
    logout = b.create_test(scope, {"name": "Logout", "folder": "Smoke > Session"})
    cycle = b.create_cycle(scope, {"name": "Smoke run"})
    phase = b.create_group(scope, cycle, {"name": "Adhoc", "description": ""})
    assert phase["folder"] is None
    test_set = b.resolve_test_set(scope, {"keys": ["Smoke > Login", logout["id"]]}, "tests")
    added = b.add_tests(scope, cycle, phase, test_set["tests"])
    assert sorted(e["test_name"] for e in added) == ["Login", "Logout"]
    execution = [e for e in b.list_executions(scope, cycle, phase) if e["test_name"] == "Login"][0]
    results = b.get_step_results(scope, execution)
    assert [r["status_id"] for r in results] == ["10", "10"]
    assert b.set_step_results(scope, execution, [{"status_id": "1", "comment": "ok"}, None]) == 1
    assert b.set_step_results(scope, execution, [{"status_id": "1", "comment": "ok"}, None]) == 0
    assert [r["status"] for r in b.get_step_results(scope, execution)] == ["PASS", "NOT EXECUTED"]
    commented = b.update_execution(scope, execution, comment="flaky")
    assert commented["comment"] == "flaky"
    evidence = tmp_path / "evidence.txt"
    evidence.write_text("log")
    attached = b.attach(scope, execution, str(evidence), "evidence.txt")
    assert attached["id"] and b.list_attachments(scope, execution) == [{"id": attached["id"], "name": "evidence.txt",
                                                                       "size": 3}]
    copied = b.resolve_test_set(scope, {"from_cycle": {"name": "Smoke run", "version": None, "group": "Adhoc"}},
                                "tests_from_cycle")
    assert sorted(t["name"] for t in copied["tests"]) == ["Login", "Logout"]
    with pytest.raises(InputError):
        b.check_defects(scope, ["BUG-1"], "defects")


def test_old_servers_list_the_tree_as_a_bare_array(emulator):
    emulator.settings(ze_version="7.16")
    b = backend(emulator)
    scope = b.resolve_scope("Shop", "Release 1.0")
    b.create_test(scope, {"name": "Old", "folder": "Legacy > Deep"})
    status, body = emulator.api("GET", REST + "/testcasetree?type=Phase&revisionid=0&releaseid=1")
    assert isinstance(body, list) and body[0]["name"] == "Legacy"
    fresh = backend(emulator)
    scope = fresh.resolve_scope("Shop", "Release 1.0")
    assert fresh.find_test(scope, name="Old", folder="Legacy > Deep")["name"] == "Old"


def test_check_mode_predicts_without_writing(emulator):
    b = backend(emulator, check_mode=True)
    scope = b.resolve_scope("Shop", "Release 1.0")
    cycle = b.create_cycle(scope, {"name": "Dry", "start_date": "2026-12-01"})
    assert cycle["id"] is None
    assert b.create_group(scope, cycle, {"name": "P", "description": ""})["id"] is None
    test = b.create_test(scope, {"name": "Dry test", "folder": "New > Folder"})
    assert test["id"] is None and test["folder"] == "New > Folder"
    assert emulator.writes() == []
