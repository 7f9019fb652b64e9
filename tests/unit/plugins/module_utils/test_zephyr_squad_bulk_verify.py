"""Bulk statuses are verified by the place's status counts (one request) when they match what was wanted, and by
listing every execution when they do not: ZAPI skips some executions (COMPLETED workflow) and says so only in the
job message."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils import zephyr_squad_executions
from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import Client
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad import Scope, ZephyrSquadBackend

ZAPI = "/rest/zapi/latest"
NAMES = {"-1": "UNEXECUTED", "1": "PASS", "2": "FAIL"}


class _Zapi(object):
    """A folder of executions behind updateBulkStatus, its job and the paged listing with its status counts."""

    def __init__(self, count, skipped=(), counts=True):
        self.statuses = dict((str(n), "-1") for n in range(1, count + 1))
        self.skipped = set(skipped)
        self.counts = counts
        self.check_mode = False
        self.calls = []

    def paged(self, fetch, page_size):
        return Client.paged(self, fetch, page_size)

    def url(self, path):
        return path

    def put(self, path, json=None, simulate=None):
        self.calls.append(("PUT", path, None))
        assert path == ZAPI + "/execution/updateBulkStatus"
        for execution_id in json["executions"]:
            if execution_id not in self.skipped:
                self.statuses[execution_id] = json["status"]
        return {"jobProgressToken": "t"}

    def get(self, path, params=None):
        self.calls.append(("GET", path, params and params.get("limit")))
        if "/jobProgress/" in path:
            return {"progress": 1.0, "message": "", "errorMessage": ""}
        assert path == ZAPI + "/execution" and params["folderId"] == "7"
        ids = sorted(self.statuses, key=int)[params["offset"]:params["offset"] + params["limit"]]
        body = {"status": dict((k, {"name": v}) for k, v in NAMES.items()), "recordsCount": len(self.statuses),
                "executions": [{"id": int(i), "issueId": int(i), "issueKey": "SHOP-%s" % i, "cycleId": 3,
                                "folderId": 7, "executionStatus": self.statuses[i]} for i in ids]}
        if self.counts:
            tally = {}
            for status in self.statuses.values():
                tally[status] = tally.get(status, 0) + 1
            body["executionSummaries"] = {"executionSummary": [{"statusKey": int(k), "count": n}
                                                               for k, n in tally.items()]}
        return body


def _publish(zapi, wanted):
    backend = ZephyrSquadBackend(zapi)
    backend.zapi.poll_interval = 0.01
    scope = Scope({"id": "10000", "key": "SHOP"}, {"id": "10100", "name": "2.4.0"})
    listed = backend.list_executions(scope, {"id": "3"}, {"id": "7"})
    by_id = dict((e["id"], e) for e in listed)
    zapi.calls = []
    return backend.set_statuses(scope, [(by_id[i], status) for i, status in wanted.items()])


def _listings(zapi):
    return [limit for method, path, limit in zapi.calls if path == ZAPI + "/execution"]


def test_counts_that_match_verify_in_one_request():
    zapi = _Zapi(2500)
    _publish(zapi, dict((str(n), "1" if n % 2 else "2") for n in range(1, 2001)))
    assert _listings(zapi) == [1]  # not 3 pages of 1,000
    assert zapi.statuses["1"] == "1" and zapi.statuses["2"] == "2" and zapi.statuses["2001"] == "-1"


def test_a_skipped_execution_is_found_by_listing_and_named(monkeypatch):
    monkeypatch.setattr(zephyr_squad_executions, "VERIFY_TIMEOUT", 0.1)  # how long a listing may lag the job
    zapi = _Zapi(1200, skipped={"5"})
    with pytest.raises(ApiError) as failed:
        _publish(zapi, dict((str(n), "1") for n in range(1, 1201)))
    assert "1 execution(s) kept their old status" in str(failed.value) and "SHOP-5" in str(failed.value)
    assert _listings(zapi)[:3] == [1, 1000, 1000]  # the counts, then the whole listing


def test_a_server_without_counts_is_verified_by_listing():
    zapi = _Zapi(10, counts=False)
    assert len(_publish(zapi, {"1": "2", "2": "2"})) == 10
    assert _listings(zapi) == [1, 1000]
