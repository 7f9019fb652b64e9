"""The shared client over real HTTP: retries, Retry-After, dropped connections, re-login, errors."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import BasicAuth, Client
from ansible_collections.testops.testmgmt.plugins.module_utils.session_auth import JiraSessionAuth

PROJECT = "/rest/api/2/project/SHOP"


def client(emulator, **kwargs):
    kwargs.setdefault("auth", BasicAuth("admin", "admin"))
    kwargs.setdefault("backoff", 0.01)
    return Client(emulator.url, **kwargs)


def test_429_is_retried_after_retry_after(emulator):
    emulator.fault(status=429, count=2, retry_after=0.2, path=PROJECT)
    c = client(emulator)
    assert c.get(PROJECT)["key"] == "SHOP"
    assert c.request_count == 3
    assert len(c.retry_log) == 2 and "HTTP 429" in c.retry_log[0] and "0.2s" in c.retry_log[0]
    assert [r["status"] for r in emulator.requests()] == [429, 429, 200]


def test_503_burst_and_dropped_connection_are_retried(emulator):
    emulator.fault(status=503, count=2, path=PROJECT)
    emulator.fault(drop=True, count=1, path=PROJECT)
    c = client(emulator)
    assert c.get(PROJECT)["key"] == "SHOP"
    assert c.request_count == 4


def test_creating_post_is_not_retried_after_a_dropped_connection(emulator):
    emulator.fault(drop=True, count=1, path="/rest/zapi/latest/cycle")
    c = client(emulator)
    with pytest.raises(ApiError) as err:
        c.post("/rest/zapi/latest/cycle", json={"name": "x", "projectId": "10000", "versionId": "-1"})
    assert "not retried" in str(err.value)
    assert c.request_count == 1


def test_creating_post_is_retried_on_429(emulator):
    emulator.fault(status=429, count=1, retry_after=0, path="/rest/zapi/latest/cycle")
    c = client(emulator)
    body = c.post("/rest/zapi/latest/cycle", json={"name": "x", "projectId": "10000", "versionId": "-1"})
    assert body["id"]
    assert c.request_count == 2


def test_retries_give_up_with_a_clear_error(emulator):
    emulator.fault(status=503, count=10, path=PROJECT)
    c = client(emulator, retries=2)
    with pytest.raises(ApiError) as err:
        c.get(PROJECT)
    assert err.value.status == 503 and c.request_count == 3
    assert "\n" not in str(err.value)


def test_retry_budget_bounds_waiting(emulator):
    emulator.fault(status=429, count=5, retry_after=30, path=PROJECT)
    c = client(emulator, retry_budget=1.0)
    with pytest.raises(ApiError) as err:
        c.get(PROJECT)
    assert err.value.status == 429 and c.request_count == 1


def test_slow_server_times_out_then_succeeds(emulator):
    emulator.fault(delay=1.5, count=1, path=PROJECT)
    c = client(emulator, timeout=0.5)
    assert c.get(PROJECT)["key"] == "SHOP"
    assert "read timeout" in c.retry_log[0]


def test_jira_session_relogin_after_expiry(emulator):
    c = client(emulator, auth=JiraSessionAuth("admin", "admin"))
    assert c.get(PROJECT)["key"] == "SHOP"
    emulator.control("POST", "expire")
    assert c.get(PROJECT)["key"] == "SHOP"
    logins = [r for r in emulator.requests() if r["path"] == "/rest/auth/1/session"]
    assert len(logins) == 2
    assert [r["status"] for r in emulator.requests()] == [200, 200, 401, 200, 200]


def test_zapi_200_with_error_desc_is_a_failure(emulator):
    c = client(emulator, auth=BasicAuth("admin", "wrong"))
    with pytest.raises(ApiError) as err:
        c.get("/rest/zapi/latest/util/zephyrTestIssueType")
    assert "Login Required" in str(err.value) and "wrong" not in str(err.value)


@pytest.mark.parametrize("status,path,words", [
    (400, "/rest/zapi/latest/cycle?projectId=99", "Invalid Project"),
    (404, "/rest/api/2/project/NOPE", "No project could be found"),
    (406, "/rest/zapi/latest/cycle/999", "Cycle 999 does not exist"),
])
def test_product_errors_are_one_line_with_the_products_message(emulator, status, path, words):
    with pytest.raises(ApiError) as err:
        client(emulator).get(path)
    text = str(err.value)
    assert err.value.status == status and words in text and "\n" not in text
    assert text.startswith("GET http://127.0.0.1")


def test_401_403_500_are_clear(emulator):
    with pytest.raises(ApiError) as err:
        client(emulator, auth=BasicAuth("admin", "nope")).get(PROJECT)
    assert err.value.status == 401 and "not authenticated" in str(err.value) and "nope" not in str(err.value)
    for status in (403, 500):
        emulator.fault(status=status, count=1, path=PROJECT)
        with pytest.raises(ApiError) as err:
            client(emulator).get(PROJECT)
        assert err.value.status == status and "HTTP %d" % status in str(err.value)


def test_request_counter_and_check_mode_suppresses_writes(emulator):
    c = client(emulator, check_mode=True)
    assert c.post("/rest/zapi/latest/cycle", json={}, simulate={"id": None}) == {"id": None}
    assert c.request_count == 0 and emulator.requests() == []


def test_user_agent_names_the_collection(emulator):
    c = client(emulator)
    c.get(PROJECT)
    assert c.session.headers["User-Agent"].startswith("testops.testmgmt/")


def test_zephyr_enterprise_session_logs_in_via_manifest_and_again_after_expiry(emulator):
    from ansible_collections.testops.testmgmt.plugins.module_utils.session_auth import ZephyrEnterpriseSessionAuth

    releases = "/flex/services/rest/latest/release/project/1"
    c = client(emulator, auth=ZephyrEnterpriseSessionAuth("admin", "admin"))
    assert c.get(releases)[0]["name"] == "Release 1.0"
    emulator.control("POST", "expire")
    assert c.get(releases)[0]["name"] == "Release 1.0"
    log = [(r["method"], r["path"], r["status"]) for r in emulator.requests()]
    manifest = "/flex/services/rest/latest/manifest"
    assert log == [("GET", manifest, 200), ("GET", releases, 200), ("GET", releases, 401),
                   ("GET", manifest, 200), ("GET", releases, 200)]
