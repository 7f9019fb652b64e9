"""Lookups when the server fails: a 5xx or a timeout is an error, never an empty answer or "not found"."""


from tests.integration.playbook import run_tasks

CYCLES = "/rest/zapi/latest/cycle"


def debug(expression):
    return [{"name": "lookup", "ansible.builtin.debug": {"msg": "{{ %s }}" % expression}, "ignore_errors": True}]


def failed_lookup(run, *words):
    text = run.stdout + run.stderr
    assert "Traceback" not in text, text[-3000:]
    task = run.task("lookup")
    assert task.get("failed") is True, task
    message = task["msg"]
    for word in words:
        assert word in message, message
    assert "not found" not in message.lower()
    return message


def zephyr_env(emulator, **extra):
    env = {"ZEPHYR_URL": emulator.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin",
           "ZEPHYR_RETRIES": "1", "ZEPHYR_TIMEOUT": "5"}
    env.update(extra)
    return env


def test_zephyr_lookup_5xx_is_an_error_not_a_missing_cycle(emulator):
    emulator.api("POST", CYCLES, {"name": "Nightly", "projectId": "10000", "versionId": "10100"})
    emulator.clear_requests()
    emulator.fault(status=500, count=10, path=CYCLES, method="GET")
    run = run_tasks(debug("lookup('testops.testmgmt.zephyr', 'cycle', project='SHOP', version='2.4.0', "
                          "cycle='Nightly')"), env=zephyr_env(emulator))
    failed_lookup(run, "HTTP 500")
    assert emulator.writes() == []


def test_zephyr_lookup_timeout_is_an_error_and_a_burst_is_retried(emulator):
    emulator.fault(delay=1.0, count=10, path="/rest/api/2/project")
    slow = run_tasks(debug("lookup('testops.testmgmt.zephyr', 'project', project='SHOP')"),
                     env=zephyr_env(emulator, ZEPHYR_TIMEOUT="0.3"))
    failed_lookup(slow, "read timeout")
    emulator.control("DELETE", "faults")
    emulator.fault(status=503, count=1, path="/rest/api/2/project")
    burst = run_tasks(debug("lookup('testops.testmgmt.zephyr', 'project', project='SHOP')"), env=zephyr_env(emulator))
    assert burst.task("lookup").get("msg") == "10000", burst.task("lookup")


def test_xray_lookup_5xx_is_an_error_not_an_empty_list(emulator):
    env = {"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin", "XRAY_RETRIES": "1"}
    emulator.fault(status=502, count=10, path="/rest/api/2/search")
    emulator.fault(status=502, count=10, path="/rest/raven")
    run = run_tasks(debug("query('testops.testmgmt.xray', jql='project = SHOP AND issuetype = Test')"), env=env)
    failed_lookup(run, "HTTP 502")
