"""ZAPI answers turned into the portable shapes of the Zephyr interface."""

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad import ZephyrSquadBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_api import ZephyrSquadApi
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_executions import (
    chunks,
    job_text,
    portable_execution,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad_tests import portable_test


def test_execution_in_a_folder_and_outside():
    raw = {"id": 17, "issueId": 10101, "issueKey": "SHOP-101", "summary": "Login", "cycleId": 3, "folderId": 9,
           "executionStatus": "5", "comment": None, "executionDefectCount": 2, "executedBy": ""}
    execution = portable_execution(raw, {"5": "Pending"})
    assert execution == {"id": "17", "test_id": "10101", "test_key": "SHOP-101", "test_name": "Login",
                         "cycle_id": "3", "group_id": "9", "status": "PENDING", "status_id": "5", "comment": "",
                         "defects": None, "defect_count": 2, "executed_by": None, "executed_on": None}
    assert portable_execution(dict(raw, folderId=None), {})["group_id"] is None
    assert portable_execution(dict(raw, executionStatus=-1), {})["status"] == "-1"


def test_cycle_dates_and_counts():
    cycle = ZephyrSquadBackend._portable({"name": "R", "startDate": "01/Dec/26", "projectId": 10000,
                                          "versionId": -1, "totalExecutions": 4, "totalExecuted": 1}, "12")
    assert cycle["id"] == "12" and cycle["start_date"] == "2026-12-01" and cycle["end_date"] is None
    assert cycle["version_id"] == "-1" and cycle["total_executions"] == 4 and cycle["description"] == ""
    assert ZephyrSquadBackend._zapi_fields({"name": "R", "start_date": "2026-12-01", "build": None}) == {
        "name": "R", "startDate": "1/Dec/26"}


def test_test_issue_fields_sorted():
    issue = {"id": 5, "key": "SHOP-5", "fields": {"summary": "S", "labels": ["b", "a"],
                                                  "components": [{"name": "UI"}, {"name": "API"}],
                                                  "priority": {"name": "High"}, "fixVersions": [{"name": "2.5.0"}]}}
    test = portable_test(issue)
    assert test["labels"] == ["a", "b"] and test["components"] == ["API", "UI"] and test["priority"] == "High"
    assert test["fix_versions"] == ["2.5.0"] and test["id"] == "5" and test["description"] == ""


def test_chunks_and_job_messages():
    assert chunks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]
    assert job_text([{"message": "a<br/>b"}, None]) == "a; b"
    assert job_text([None]) == "no job message (expired)"


class _Folders(object):
    """A client answering a cycle's folder list, honouring limit/offset or not."""

    def __init__(self, count, paged=True):
        self.folders = [{"folderId": n, "folderName": "Run %d" % n} for n in range(count)]
        self.paged = paged
        self.calls = []

    def get(self, path, params=None):
        self.calls.append(params)
        if not self.paged:
            return list(self.folders)
        return self.folders[params["offset"]:params["offset"] + params["limit"]]


def test_folders_are_paged_until_a_short_page():
    client = _Folders(5)
    folders = ZephyrSquadApi(client).list_folders("1", "10000", "-1", page_size=2)
    assert [f["folderId"] for f in folders] == [0, 1, 2, 3, 4] and [c["offset"] for c in client.calls] == [0, 2, 4]
    client = _Folders(4)
    assert len(ZephyrSquadApi(client).list_folders("1", "10000", "-1", page_size=2)) == 4 and len(client.calls) == 3
    client = _Folders(2, paged=False)  # limit and offset ignored: the whole list, once
    assert len(ZephyrSquadApi(client).list_folders("1", "10000", "-1", page_size=2)) == 2 and len(client.calls) == 2
    client = _Folders(3, paged=False)
    assert len(ZephyrSquadApi(client).list_folders("1", "10000", "-1", page_size=2)) == 3 and len(client.calls) == 1
