"""TLS: certificates are checked by default; ca_path trusts a private CA; validate_certs=false warns.

The emulator serves HTTPS with a certificate signed by a throw-away CA that nothing on the machine
trusts. REQUESTS_CA_BUNDLE stays in the environment on purpose: requests lets that variable override
a per-session CA or ``verify=False``, and the client must not be fooled by it.
"""

import pytest

from tests.integration.playbook import run_tasks
from tests.integration.support_tls import TlsEmulator, make_pki

CYCLE = {"project": "SHOP", "version": "2.4.0", "name": "TLS cycle"}


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    return make_pki(str(tmp_path_factory.mktemp("pki")))


@pytest.fixture(scope="module")
def tls_emulator(pki):
    emu = TlsEmulator(pki)
    yield emu
    emu.stop()


@pytest.fixture
def https(tls_emulator):
    tls_emulator.reset()
    tls_emulator.clear_requests()
    return tls_emulator


def cycle(https, **connection):
    args = dict(CYCLE, url=https.url, username="admin", password="admin", **connection)
    return run_tasks([{"name": "cycle", "testops.testmgmt.zephyr_cycle": args}])


def cycles_named(https, name):
    status, body = https.api("GET", "/rest/zapi/latest/cycle?projectId=10000&versionId=10100")
    assert status == 200
    return [k for k, v in body.items() if isinstance(v, dict) and v.get("name") == name]


def test_https_with_an_unknown_ca_is_refused_with_one_line_naming_ca_path(https):
    assert https.url.startswith("https://")
    run = cycle(https)
    task = run.task("cycle")
    assert task.get("failed") is True
    message = task["msg"]
    assert "\n" not in message and "TLS" in message and "ca_path" in message, message
    assert "Traceback" not in run.stdout + run.stderr
    # the handshake failed: not one HTTP request reached the server
    assert https.requests() == []
    assert cycles_named(https, CYCLE["name"]) == []


def test_ca_path_naming_the_ca_is_trusted(https, pki):
    run = cycle(https, ca_path=pki["ca"])
    task = run.task("cycle")
    assert task.get("failed") is not True, task.get("msg")
    assert task["changed"] is True
    assert cycles_named(https, CYCLE["name"]) == [task["cycle"]["id"]]
    assert not task.get("warnings")


def test_ca_path_from_the_environment_is_trusted(https, pki):
    args = dict(CYCLE, url=https.url, username="admin", password="admin")
    run = run_tasks([{"name": "cycle", "testops.testmgmt.zephyr_cycle": args}], env={"ZEPHYR_CA_PATH": pki["ca"]})
    assert run.task("cycle")["changed"] is True


def test_ca_path_naming_another_ca_is_still_refused(https, tmp_path):
    other = make_pki(str(tmp_path))
    run = cycle(https, ca_path=other["ca"])
    task = run.task("cycle")
    assert task.get("failed") is True and "ca_path" in task["msg"]
    assert https.requests() == []


def test_validate_certs_false_connects_and_warns(https):
    run = cycle(https, validate_certs=False)
    task = run.task("cycle")
    assert task.get("failed") is not True, task.get("msg")
    assert task["changed"] is True
    warnings = task.get("warnings") or []
    assert any("validate_certs=false" in w and "ca_path" in w for w in warnings), warnings
    # urllib3's own per-request InsecureRequestWarning is not repeated on stderr for every call
    assert "InsecureRequestWarning" not in run.stderr
