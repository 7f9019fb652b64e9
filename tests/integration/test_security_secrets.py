"""Secrets never show: not in results, warnings, errors or -vvv output, on success or on failure.

Every credential is a unique marker; a user with them is added to the emulator. Each auth method
runs a success, a re-run, a bad input, a wrong credential, a server error past the retries and a
session expiry, all with -vvv; then the whole output is grepped for the markers, the Basic header
forms of user:password, and every session cookie or token the emulator handed out.
"""

import pytest

from tests.integration.support_secrets import (
    StoredEmulator,
    basic_forms,
    leaks,
    marker,
    run_verbose,
)

USER = "secret-keeper"


@pytest.fixture(scope="module")
def stored(tmp_path_factory):
    emu = StoredEmulator(str(tmp_path_factory.mktemp("secrets")))
    yield emu
    emu.stop()


@pytest.fixture
def creds(stored):
    stored.reset()
    stored.clear_requests()
    values = {"password": marker("PW"), "token": marker("TOK"), "wrong_password": marker("WRONGPW"),
              "wrong_token": marker("WRONGTOK"), "wrong_secret": marker("WRONGSECRET"),
              # the seeded Xray Cloud API key: the control API cannot add one, and it is as greppable
              "client_secret": "demo-secret"}
    stored.control("POST", "users", {"name": USER, "password": values["password"], "token": values["token"]})
    return values


def secrets_of(stored, creds):
    values = list(creds.values())
    values += basic_forms(USER, creds["password"]) + basic_forms(USER, creds["wrong_password"])
    values += stored.issued_sessions()
    return values


def env_of(creds):
    """Secrets reach the tasks through the environment: Ansible prints the playbook lines around a failed
    task (``Origin:``), so a secret typed into the playbook would show for reasons of its own."""
    return dict(("SECRET_%s" % name.upper(), value) for name, value in creds.items())


def from_env(name):
    return "{{ lookup('env', 'SECRET_%s') }}" % name.upper()


def connection(stored, creds, method):
    base = {"url": stored.url, "retries": 1, "timeout": 5}
    if method == "token":
        return dict(base, token=from_env("token"))
    return dict(base, username=USER, password=from_env("password"), auth_method=method)


def wrong(conn, creds):
    if "client_secret" in conn:
        return dict(conn, client_secret=from_env("wrong_secret"))
    if "token" in conn:
        return dict(conn, token=from_env("wrong_token"))
    return dict(conn, password=from_env("wrong_password"))


def cloud_connection(stored, creds):
    return {"url": stored.url, "deployment": "cloud", "client_id": "demo-client",
            "client_secret": from_env("client_secret"), "retries": 1, "timeout": 5}


def cycle_task(name, conn, **args):
    body = dict(conn, project="SHOP", version="2.4.0", name="Secret cycle")
    body.update(args)
    return {"name": name, "testops.testmgmt.zephyr_cycle": body, "ignore_errors": True}


def assert_clean(run, stored, creds):
    assert "Traceback" not in run.text, run.text[-3000:]
    found = leaks(run.text, secrets_of(stored, creds))
    assert not found, "secrets in the output: %s" % found


@pytest.mark.parametrize("method", ["basic", "token", "session"])
def test_zephyr_cycle_leaks_nothing_on_success_or_failure(stored, creds, method):
    conn = connection(stored, creds, method)
    tasks = [
        cycle_task("create", conn, description="first"),
        cycle_task("rerun", conn, description="first"),
        cycle_task("bad date", conn, start_date="31/12/2026"),
        cycle_task("wrong credential", wrong(conn, creds)),
        {"name": "expire every session", "ansible.builtin.uri": {
            "url": stored.url + "/_emulator/expire", "method": "POST"}},
        cycle_task("after expiry", conn, description="second"),
    ]
    run = run_verbose(tasks, env=env_of(creds))
    assert run.count("fatal: [localhost]") == 2, run.text[-3000:]
    assert run.count("changed: [localhost]") == 2  # create, and the update after the expiry
    if method == "session":
        assert len(stored.issued_sessions()) >= 2  # a login, and a re-login after the expiry
    assert_clean(run, stored, creds)


@pytest.mark.parametrize("method", ["basic", "session"])
def test_zephyr_cycle_leaks_nothing_when_the_server_keeps_failing(stored, creds, method):
    conn = connection(stored, creds, method)
    stored.fault(status=500, count=20, path="/rest/zapi/latest/cycle")
    stored.fault(status=503, count=20, path="/rest/api/2/project")
    run = run_verbose([cycle_task("server error", conn)], env=env_of(creds))
    assert run.count("fatal: [localhost]") == 1, run.text[-3000:]
    assert "HTTP 503" in run.text
    assert_clean(run, stored, creds)


def execution_task(name, conn, **args):
    body = dict(conn, project="SHOP", summary="Secret execution", results=[{"test": "SHOP-101", "status": "pass"}])
    body.update(args)
    return {"name": name, "testops.testmgmt.xray_test_execution": body, "ignore_errors": True}


@pytest.mark.parametrize("method", ["basic", "token", "cloud"])
def test_xray_test_execution_leaks_nothing(stored, creds, method):
    conn = cloud_connection(stored, creds) if method == "cloud" else connection(stored, creds, method)
    tasks = [
        execution_task("publish", conn),
        execution_task("bad status", conn, results=[{"test": "SHOP-101", "status": "sideways"}]),
        execution_task("wrong credential", wrong(conn, creds)),
        {"name": "expire every session", "ansible.builtin.uri": {
            "url": stored.url + "/_emulator/expire", "method": "POST"}},
        execution_task("after expiry", conn, results=[{"test": "SHOP-101", "status": "fail"}]),
    ]
    run = run_verbose(tasks, env=env_of(creds))
    assert run.count("fatal: [localhost]") == 2, run.text[-3000:]
    assert run.count("changed: [localhost]") == 2
    assert_clean(run, stored, creds)


@pytest.mark.parametrize("method", ["token", "session"])
def test_zephyr_enterprise_leaks_nothing(stored, creds, method):
    conn = dict(connection(stored, creds, method), edition="enterprise")
    job = dict(conn, project="Shop", release="Release 1.0", name="Secret job", framework="junit", cycle="Nightly",
               phase="Secret", repository_path="Release 1.0 > Automation > Secret")

    def task(name, **args):
        return {"name": name, "testops.testmgmt.zephyr_automation_job": dict(job, **args), "ignore_errors": True}

    tasks = [task("create"), task("bad date", cycle_start_date="2026-13-45"),
             task("wrong credential", **wrong(conn, creds)),
             {"name": "expire every session", "ansible.builtin.uri": {
                 "url": stored.url + "/_emulator/expire", "method": "POST"}},
             task("after expiry", phase="Secret 2")]
    run = run_verbose(tasks, env=env_of(creds))
    assert run.count("fatal: [localhost]") == 2, run.text[-3000:]
    assert run.count("changed: [localhost]") == 2
    if method == "session":
        assert len(stored.issued_sessions()) >= 2
    assert_clean(run, stored, creds)


def test_xray_lookup_leaks_nothing(stored, creds):
    env = {"XRAY_URL": stored.url, "XRAY_USERNAME": USER, "XRAY_PASSWORD": creds["password"]}
    lookup = {"name": "tests", "ansible.builtin.debug": {
        "msg": "{{ query('testops.testmgmt.xray', 'SHOP-101', 'SHOP-102') }}"}}
    ok = run_verbose([lookup], env=env)
    assert "SHOP-102" in ok.text and "fatal" not in ok.text, ok.text[-2000:]
    bad = run_verbose([lookup], env=dict(env, XRAY_PASSWORD=creds["wrong_password"]))
    assert "401" in bad.text
    cloud = dict(env, XRAY_DEPLOYMENT="cloud", XRAY_CLIENT_ID="demo-client", XRAY_CLIENT_SECRET=creds["wrong_secret"])
    bad_cloud = run_verbose([lookup], env=cloud)
    assert "401" in bad_cloud.text
    for run in (ok, bad, bad_cloud):
        assert_clean(run, stored, creds)


def test_zephyr_lookup_leaks_nothing(stored, creds):
    """Lookups run on the controller, where Ansible masks nothing."""
    env = {"ZEPHYR_URL": stored.url, "ZEPHYR_USERNAME": USER, "ZEPHYR_PASSWORD": creds["password"]}
    wrong_env = dict(env, ZEPHYR_PASSWORD=creds["wrong_password"])
    lookup = {"name": "version", "ansible.builtin.debug": {
        "msg": "{{ lookup('testops.testmgmt.zephyr', 'version', project='SHOP', version='2.4.0') }}"}}
    ok = run_verbose([lookup], env=env)
    assert "10100" in ok.text and "fatal" not in ok.text, ok.text[-2000:]
    bad = run_verbose([lookup], env=wrong_env)
    assert "401" in bad.text
    assert_clean(ok, stored, creds)
    assert_clean(bad, stored, creds)
