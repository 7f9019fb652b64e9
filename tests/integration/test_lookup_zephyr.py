"""The testops.testmgmt.zephyr lookup and zephyr_cycle_info against Zephyr Squad, over HTTP."""

from tests.integration.zephyr_squad_support import Z, add_tests, make_cycle, ok, writes

LOOKUP = "lookup('testops.testmgmt.zephyr', '%s', project='SHOP', version='2.4.0', cycle='Nightly'%s)"


def debug(name, expression, **extra):
    return dict({"name": name, "ansible.builtin.debug": {"msg": "{{ %s }}" % expression}, "ignore_errors": True},
                **extra)


def test_lookup_resolves_ids_and_reads_executions_and_info_module(emulator, play):
    cycle = make_cycle(emulator, "Nightly", description="every night")
    folder = ok(emulator.api("POST", Z + "/folder/create", {"cycleId": cycle, "name": "API", "projectId": "10000",
                                                            "versionId": "10100"}))["id"]
    add_tests(emulator, cycle, ["SHOP-101", "SHOP-102"])
    add_tests(emulator, cycle, ["SHOP-103"], folder_id=folder)
    execution = [e for e in ok(emulator.api("GET", Z + "/execution?cycleId=%s&limit=10" % cycle))["executions"]
                 if e["issueKey"] == "SHOP-102"][0]
    ok(emulator.api("PUT", Z + "/execution/%s/execute" % execution["id"], {"status": "2"}))
    emulator.clear_requests()
    run = play([
        debug("ids", "[%s, %s, %s, %s]" % (
            "lookup('testops.testmgmt.zephyr', 'project', 'version', project='SHOP', version='2.4.0')",
            LOOKUP % ("cycle", ""), LOOKUP % ("folder", ", folder='API'"),
            "lookup('testops.testmgmt.zephyr', 'test', project='SHOP', test='Checkout total')")),
        debug("executions", "query('testops.testmgmt.zephyr', 'executions', project='SHOP', version='2.4.0', "
                            "cycle='Nightly')"),
        debug("folder executions", "query('testops.testmgmt.zephyr', 'executions', project='SHOP', version='2.4.0', "
                                   "cycle='Nightly', folder='API') | map(attribute='test_key') | list"),
        debug("statuses", "lookup('testops.testmgmt.zephyr', 'statuses', project='SHOP')"),
        debug("unknown cycle", LOOKUP.replace("Nightly", "Nope") % ("cycle", "")),
        debug("unknown folder", LOOKUP % ("folder", ", folder='Nope'")),
        debug("unknown test", "lookup('testops.testmgmt.zephyr', 'test', project='SHOP', test='SHOP-4242')"),
        {"name": "info", "testops.testmgmt.zephyr_cycle_info": {"project": "SHOP", "version": "2.4.0",
                                                                "name": "Nightly", "executions": True}},
        {"name": "all cycles", "testops.testmgmt.zephyr_cycle_info": {"project": "SHOP", "version": "2.4.0",
                                                                      "folders": False}},
        {"name": "info unknown", "testops.testmgmt.zephyr_cycle_info": {"project": "SHOP", "version": "2.4.0",
                                                                        "name": "Nope"}, "ignore_errors": True},
    ])
    assert run.task("ids")["msg"] == ["10000,10100", cycle, str(folder), "10103"]  # lookup() joins terms
    listed = run.task("executions")["msg"]
    assert sorted((e["test_key"], e["status"]) for e in listed) == [("SHOP-101", "UNEXECUTED"), ("SHOP-102", "FAIL")]
    assert run.task("folder executions")["msg"] == ["SHOP-103"]
    assert run.task("statuses")["msg"]["PASS"] == "1" and run.task("statuses")["msg"]["PENDING"] == "5"
    for name, option in (("unknown cycle", "cycle"), ("unknown folder", "folder"), ("unknown test", "test")):
        task = run.task(name)
        assert task["failed"] and ("%s:" % option) in task["msg"] and "\n" not in task["msg"], task
    info = run.task("info")["cycles"]
    assert len(info) == 1 and info[0]["description"] == "every night"
    assert info[0]["folders"] == [{"id": str(folder), "name": "API", "description": ""}]
    assert info[0]["status_counts"] == {"UNEXECUTED": 2, "FAIL": 1}
    assert sorted(e["test_key"] for e in info[0]["executions"]) == ["SHOP-101", "SHOP-102", "SHOP-103"]
    assert [c["name"] for c in run.task("all cycles")["cycles"]] == ["Nightly"]
    assert "name:" in run.task("info unknown")["msg"]
    assert writes(emulator) == []
