"""Helpers shared by the Zephyr Squad integration tests: ZAPI reads, waiting on jobs, seeding."""

import time

Z = "/rest/zapi/latest"
SHOP = "10000"
V240 = "10100"
V250 = "10101"


def ok(answer):
    status, body = answer
    assert 200 <= status < 300, (status, body)
    return body


def wait_job(emulator, answer, timeout=10):
    """Poll a jobProgressToken to 1.0 -> the finished progress record."""
    token = answer["jobProgressToken"]
    deadline = time.time() + timeout
    while time.time() < deadline:
        progress = ok(emulator.api("GET", Z + "/execution/jobProgress/%s" % token))
        if progress and progress["progress"] >= 1.0:
            return progress
        time.sleep(0.05)
    raise AssertionError("job %s never finished" % token)


def cycles(emulator, version=V240):
    body = ok(emulator.api("GET", Z + "/cycle?projectId=%s&versionId=%s" % (SHOP, version)))
    return dict((v["name"], dict(v, id=k)) for k, v in body.items() if k not in ("-1", "recordsCount"))


def folders(emulator, cycle_id, version=V240):
    body = ok(emulator.api("GET", Z + "/cycle/%s/folders?projectId=%s&versionId=%s" % (cycle_id, SHOP, version)))
    return dict((f["folderName"], f) for f in body)


def executions(emulator, cycle_id, folder_id=None, version=V240):
    path = Z + "/execution?cycleId=%s&projectId=%s&versionId=%s&offset=0&limit=1000" % (cycle_id, SHOP, version)
    if folder_id is not None:
        path += "&folderId=%s" % folder_id
    return ok(emulator.api("GET", path))["executions"]


def keys_of(execs):
    return sorted(e["issueKey"] for e in execs)


def statuses_of(execs):
    return dict((e["issueKey"], e["executionStatus"]) for e in execs)


def make_cycle(emulator, name, version=V240, **fields):
    body = dict({"name": name, "projectId": SHOP, "versionId": version}, **fields)
    return ok(emulator.api("POST", Z + "/cycle", body))["id"]


def add_tests(emulator, cycle_id, keys, folder_id=None, version=V240):
    body = {"method": "1", "issues": keys, "projectId": SHOP, "versionId": version, "cycleId": cycle_id}
    if folder_id is not None:
        body["folderId"] = folder_id
    return wait_job(emulator, ok(emulator.api("POST", Z + "/execution/addTestsToCycle", body)))


def writes(emulator):
    return [(r["method"], r["path"]) for r in emulator.writes()]


def failed_cleanly(task, option, words=""):
    """A task failed with one line that names the option (and says ``words``)."""
    assert task.get("failed") is True, task
    message = task["msg"]
    assert "\n" not in message and message.startswith(option + ":") and words in message, message
    return message
