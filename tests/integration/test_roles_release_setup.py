"""release_setup over HTTP against the emulator: one declarative description made true on Zephyr Squad
(cycles, folders, tests by key and JQL), Zephyr Enterprise (repository test cases, cycles, phases bound to
repository folders) and Xray (Test Executions with Tests by key and JQL); running it again changes nothing
and writes nothing; check mode writes nothing; products without a block are not contacted; bad input fails
before anything is sent."""

from tests.integration import support_roles as rb

SQUAD = {
    "project": "SHOP", "version": "2.5.0",
    "cycles": [
        {"name": "Regression 2.5.0", "build": "2.5.0-rc1", "environment": "staging", "start_date": "2026-12-01",
         "end_date": "2026-12-05", "tests": ["SHOP-101", "SHOP-102"],
         "folders": [{"name": "Checkout", "tests": ["SHOP-103", "SHOP-107"]},
                     {"name": "Search", "tests_jql": 'project = SHOP AND summary ~ "Search finds"'}]},
        {"name": "Smoke 2.5.0", "tests": ["SHOP-101"]},
    ],
}
ENTERPRISE = {
    "project": "Shop", "release": "Release 1.0",
    "tests": [{"name": "Guest can check out", "folder": "Manual > Checkout"},
              {"name": "Coupon applies discount", "folder": "Manual > Checkout"}],
    "cycles": [{"name": "Regression 1.0", "build": "1.0-rc1", "start_date": "2026-12-01", "end_date": "2026-12-05",
                "phases": [{"name": "Checkout", "folder": "Manual > Checkout"}]}],
}
XRAY = {
    "project": "SHOP", "fix_version": "2.5.0",
    "test_plans": [{"summary": "Release 2.5.0", "labels": ["release"], "tests": ["SHOP-104"],
                    "tests_jql": 'project = SHOP AND issuetype = Test AND summary ~ "Search"'}],
    "test_executions": [{"summary": "Release 2.5.0 sign-off", "environments": ["staging"],
                         "tests": ["SHOP-101", "SHOP-102"], "test_plan": "Release 2.5.0",
                         "tests_jql": 'project = SHOP AND issuetype = Test AND summary ~ "Coupon"'}],
}


def setup_task(**role_vars):
    return {"name": "setup", "ansible.builtin.include_role": {"name": "testops.testmgmt.release_setup"},
            "vars": role_vars}


def xray_env(emulator):
    return {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}


def products_contacted(emulator):
    found = set()
    for request in emulator.requests():
        path = request["path"]
        found.add("zephyr_enterprise" if path.startswith("/flex/") else "xray" if path.startswith("/rest/raven/")
                  else "zephyr_squad" if path.startswith("/rest/zapi/") else "jira")
    return found


def test_release_on_three_products_then_nothing_to_do(emulator, play):
    task = setup_task(release_setup_zephyr_squad=SQUAD, release_setup_zephyr_enterprise=ENTERPRISE,
                      release_setup_xray=XRAY)
    checked = play([task], env=xray_env(emulator), check=True)
    assert checked.rc == 0 and checked.changed > 0, checked.stdout[-3000:]
    assert emulator.writes() == []

    first = play([task], env=xray_env(emulator))
    assert first.rc == 0, first.stdout[-3000:]
    result = first.task("testops.testmgmt.release_setup : Record the test executions")["ansible_facts"][
        "release_setup_result"]
    assert [c["name"] for c in result["zephyr_squad"]] == ["Regression 2.5.0", "Smoke 2.5.0"]
    assert [c["name"] for c in result["zephyr_enterprise"]] == ["Regression 1.0"]
    assert result["xray"][0]["summary"] == "Release 2.5.0 sign-off"

    squad = rb.squad_state(emulator)["2.5.0"]
    regression = squad["Regression 2.5.0"]
    assert regression["cycle"]["build"] == "2.5.0-rc1" and regression["cycle"]["startDate"] == "01/Dec/26"
    assert regression["tests"] == {"SHOP-101": "UNEXECUTED", "SHOP-102": "UNEXECUTED"}
    assert regression["folders"] == {"Checkout": {"SHOP-103": "UNEXECUTED", "SHOP-107": "UNEXECUTED"},
                                     "Search": {"SHOP-106": "UNEXECUTED"}}
    assert squad["Smoke 2.5.0"]["tests"] == {"SHOP-101": "UNEXECUTED"}

    ze = rb.ze_state(emulator)
    assert ze["Regression 1.0"]["cycle"]["build"] == "1.0-rc1"
    assert ze["Regression 1.0"]["phases"] == {"Checkout": {"Guest can check out": "Not Executed",
                                                           "Coupon applies discount": "Not Executed"}}

    xray = rb.xray_state(emulator)
    assert xray["Release 2.5.0 sign-off"]["runs"] == {"SHOP-101": "TODO", "SHOP-102": "TODO", "SHOP-107": "TODO"}
    # the plan, made first; the execution names it by summary and joins it with its Tests
    plan = result["xray_plans"][0]
    assert plan["summary"] == "Release 2.5.0" and plan["fix_version"] == "2.5.0" and plan["labels"] == ["release"]
    assert plan["tests"] == ["SHOP-104", "SHOP-106"]
    status, plan_tests = emulator.api("GET", "/rest/raven/1.0/api/testplan/%s/test" % plan["key"])
    assert sorted(t["key"] for t in plan_tests) == ["SHOP-101", "SHOP-102", "SHOP-104", "SHOP-106", "SHOP-107"]
    status, plan_execs = emulator.api("GET", "/rest/raven/1.0/api/testplan/%s/testexecution" % plan["key"])
    assert [e["summary"] for e in plan_execs] == ["Release 2.5.0 sign-off"] and status == 200
    assert result["xray"][0]["test_plans"] == [plan["key"]]

    emulator.clear_requests()
    again = play([task], env=xray_env(emulator))
    assert again.rc == 0 and again.changed == 0, [t["_name"] for t in again.tasks if t.get("changed")]
    assert emulator.writes() == []


def test_only_the_products_given_are_contacted(emulator, play):
    run = play([setup_task(release_setup_xray=XRAY)], env=xray_env(emulator))
    assert run.rc == 0, run.stdout[-3000:]
    assert products_contacted(emulator) <= {"xray", "jira"}
    assert list(rb.xray_state(emulator)) == ["Release 2.5.0 sign-off"]

    emulator.clear_requests()
    run = play([setup_task(release_setup_zephyr_enterprise=ENTERPRISE)])
    assert run.rc == 0, run.stdout[-3000:]
    assert products_contacted(emulator) == {"zephyr_enterprise"}


def test_single_product_form_follows_the_edition(emulator, play):
    """release_setup_project/_version/_cycles: the edition comes from ZEPHYR_EDITION (as AWX credentials set it)."""
    cycles = [{"name": "Regression 1.0", "phases": [{"name": "Smoke"}]}]
    run = play([setup_task(release_setup_project="Shop", release_setup_version="Release 1.0",
                           release_setup_cycles=cycles)], env={"ZEPHYR_EDITION": "enterprise"})
    assert run.rc == 0, run.stdout[-3000:]
    assert list(rb.ze_state(emulator)["Regression 1.0"]["phases"]) == ["Smoke"]
    assert products_contacted(emulator) == {"zephyr_enterprise"}


def test_an_incomplete_block_fails_before_any_request(emulator, play):
    run = play([setup_task(release_setup_zephyr_squad={"version": "2.5.0", "cycles": []},
                           release_setup_xray=XRAY)], env=xray_env(emulator))
    assert run.rc != 0
    message = [t for t in run.tasks if t.get("failed")][-1]["msg"]
    assert "release_setup_zephyr_squad needs project and cycles" in message, message
    assert emulator.requests() == []

    run = play([setup_task(release_setup_zephyr_squad=dict(SQUAD, cycle=SQUAD["cycles"]))])
    message = [t for t in run.tasks if t.get("failed")][-1]["msg"]
    assert "cycle" in message and "release_setup_zephyr_squad" in message, message
    assert emulator.requests() == []
