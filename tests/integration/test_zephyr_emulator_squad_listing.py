"""The emulator's ZAPI execution listings (read page by page in SQL) over HTTP: which executions a
listing holds, their order under each sorter, paging, the status counts, and the Test filters."""

import pytest

from tests.integration.zephyr_squad_support import SHOP, V240, Z, add_tests, make_cycle, ok, wait_job


def _tests(emulator, count, tag):
    body = {"issueUpdates": [{"fields": {"project": {"key": "SHOP"}, "summary": "listing %s %d" % (tag, i),
                                         "issuetype": {"name": "Test"}}} for i in range(count)]}
    status, answer = emulator.api("POST", "/rest/api/2/issue/bulk", body)
    assert status == 201 and not answer.get("errors"), answer
    return [issue["key"] for issue in answer["issues"]]


def _list(emulator, query):
    return ok(emulator.api("GET", Z + "/execution?projectId=%s&versionId=%s&%s" % (SHOP, V240, query)))


@pytest.fixture
def listed(emulator):
    """A cycle with 4 executions outside folders and 2 in a folder, with mixed statuses."""
    keys = _tests(emulator, 6, "a")
    cycle = make_cycle(emulator, "Listing")
    folder = ok(emulator.api("POST", Z + "/folder/create", {
        "cycleId": cycle, "name": "F", "projectId": SHOP, "versionId": V240}))["id"]
    add_tests(emulator, cycle, keys[:4])
    add_tests(emulator, cycle, keys[4:], folder_id=folder)
    root = _list(emulator, "cycleId=%s" % cycle)["executions"]
    for execution, status in zip(root, ("1", "2", "1", None)):
        if status:
            ok(emulator.api("PUT", Z + "/execution/%s/execute" % execution["id"], {"status": status}))
    return emulator, cycle, folder, keys


def test_a_cycle_lists_its_own_executions_and_a_folder_its_executions(listed):
    emulator, cycle, folder, keys = listed
    root = _list(emulator, "cycleId=%s" % cycle)
    assert [e["issueKey"] for e in root["executions"]] == keys[:4]
    assert root["recordsCount"] == root["totalExecutions"] == 4 and root["totalExecuted"] == 3
    summary = dict((s["statusKey"], s["count"]) for s in root["executionSummaries"]["executionSummary"])
    assert summary == {-1: 1, 1: 2, 2: 1}
    assert [s["statusKey"] for s in root["executionSummaries"]["executionSummary"]] == [-1, 1, 2]
    inside = _list(emulator, "cycleId=%s&folderId=%s" % (cycle, folder))
    assert [e["issueKey"] for e in inside["executions"]] == keys[4:]
    assert inside["recordsCount"] == 2 and inside["totalExecuted"] == 0
    assert all(e["folderId"] == folder for e in inside["executions"])


def test_pages_and_sorters(listed):
    emulator, cycle, _folder, keys = listed
    pages = [_list(emulator, "cycleId=%s&offset=%d&limit=3" % (cycle, offset)) for offset in (0, 3, 6)]
    assert [[e["issueKey"] for e in p["executions"]] for p in pages] == [keys[:3], keys[3:4], []]
    assert all(p["recordsCount"] == 4 for p in pages)
    empty = _list(emulator, "cycleId=%s&limit=0" % cycle)
    assert empty["executions"] == [] and empty["recordsCount"] == 4
    down = _list(emulator, "cycleId=%s&sorter=OrderId:DESC" % cycle)["executions"]
    assert [e["issueKey"] for e in down] == list(reversed(keys[:4]))
    by_status = _list(emulator, "cycleId=%s&sorter=ExecutionStatus:ASC" % cycle)["executions"]
    assert [(e["executionStatus"], e["issueKey"]) for e in by_status] == [
        ("-1", keys[3]), ("1", keys[0]), ("1", keys[2]), ("2", keys[1])]
    by_status_down = _list(emulator, "cycleId=%s&sorter=ExecutionStatus:DESC" % cycle)["executions"]
    # equal statuses keep their id order, as a stable sort leaves them
    assert [e["issueKey"] for e in by_status_down] == [keys[1], keys[0], keys[2], keys[3]]
    by_id = _list(emulator, "cycleId=%s&sorter=ID:DESC&offset=1&limit=2" % cycle)["executions"]
    assert [e["issueKey"] for e in by_id] == [keys[2], keys[1]]


def test_executions_of_one_test(listed):
    emulator, cycle, _folder, keys = listed
    issue_id = ok(emulator.api("GET", "/rest/api/2/issue/%s" % keys[0]))["id"]
    other = make_cycle(emulator, "Listing 2")
    add_tests(emulator, other, [keys[0]])
    in_cycle = _list(emulator, "cycleId=%s&issueId=%s" % (cycle, issue_id))
    assert [e["cycleId"] for e in in_cycle["executions"]] == [int(cycle)] and in_cycle["recordsCount"] == 1
    everywhere = ok(emulator.api("GET", Z + "/execution?issueId=%s" % issue_id))
    assert sorted(e["cycleId"] for e in everywhere["executions"]) == sorted([int(cycle), int(other)])
    assert everywhere["issueId"] == int(issue_id) and everywhere["recordsCount"] == 2
    by_issue = ok(emulator.api("GET", Z + "/execution/executionsByIssue?issueIdOrKey=%s&offset=1&maxRecords=5"
                               % keys[0]))
    assert by_issue["totalCount"] == 2 and [e["cycleId"] for e in by_issue["executions"]] == [int(other)]
    assert by_issue["currentIndex"] == 2 and by_issue["maxResultAllowed"] == 5


def test_adding_a_test_twice_answers_the_existing_execution(listed):
    emulator, cycle, folder, keys = listed
    issue_id = ok(emulator.api("GET", "/rest/api/2/issue/%s" % keys[4]))["id"]
    existing = _list(emulator, "cycleId=%s&folderId=%s" % (cycle, folder))["executions"][0]
    again = ok(emulator.api("POST", Z + "/execution", {"issueId": issue_id, "projectId": SHOP, "versionId": V240,
                                                       "cycleId": cycle, "folderId": folder}))
    assert list(again) == [str(existing["id"])] and again[str(existing["id"])]["isReturnSchedule"] == "true"
    fresh = ok(emulator.api("POST", Z + "/execution", {"issueId": issue_id, "projectId": SHOP, "versionId": V240,
                                                       "cycleId": cycle}))
    assert list(fresh) != [str(existing["id"])] and "isReturnSchedule" not in list(fresh.values())[0]
    assert _list(emulator, "cycleId=%s" % cycle)["recordsCount"] == 5


def test_add_tests_takes_keys_in_any_case_and_plain_ids(emulator):
    keys = _tests(emulator, 3, "b")
    ids = [ok(emulator.api("GET", "/rest/api/2/issue/%s" % key))["id"] for key in keys]
    cycle = make_cycle(emulator, "Refs")
    done = add_tests(emulator, cycle, [keys[0].lower(), ids[1], "0" + ids[2], "SHOP-999999"])
    existing, added, invalid = done["message"].split("<br/>")[:3]
    assert added.endswith(": %s,%s" % (keys[0], keys[1])) and existing.endswith(": -")
    assert invalid.endswith(": 0%s,SHOP-999999" % ids[2])
    again = add_tests(emulator, cycle, [keys[1], keys[2]])
    assert again["message"].split("<br/>")[0].endswith(": %s" % keys[1])
    assert _list(emulator, "cycleId=%s" % cycle)["recordsCount"] == 3


def test_bulk_status_updates_the_found_executions_and_names_the_missing(listed):
    emulator, cycle, _folder, keys = listed
    root = _list(emulator, "cycleId=%s" % cycle)["executions"]
    ok(emulator.api("PUT", Z + "/execution/%s/execute" % root[0]["id"], {
        "updateDefectList": "true", "defectList": [keys[5]]}))
    ids = [e["id"] for e in root[:3]]
    done = wait_job(emulator, ok(emulator.api("PUT", Z + "/execution/updateBulkStatus", {
        "executions": ids + [ids[0], 999999], "status": "3", "clearDefectMappingFlag": True})))
    assert done["message"] == "Successfully updated 4 execution(s).<br/>Executions not found: 999999"
    after = _list(emulator, "cycleId=%s" % cycle)
    assert [e["executionStatus"] for e in after["executions"]] == ["3", "3", "3", "-1"]
    assert after["executions"][0]["executionDefectCount"] == 0 and after["totalExecuted"] == 3
    assert all(e["executedBy"] == "admin" for e in after["executions"][:3])
