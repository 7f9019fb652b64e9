"""The collection's playbooks as AWX / Automation Controller runs them: through ansible-runner, in a
private data dir (project, inventory, env), with the job template's variables as extra vars and the
connection coming ONLY from what our credential type injects (rendered the way AWX renders it).

Scenarios are (credential type, credential inputs, project layout, playbook, job template variables).
The publish_results playbook joins here when it exists: add scenarios with playbook
``playbooks/publish_results.yml`` (Zephyr and Xray credential types) next to the release_setup ones.
"""

import os
import shutil
import sys

import ansible_runner
import pytest
import yaml

from tests.integration import support_awx

ROOT = support_awx.ROOT
DEV_COLLECTIONS = os.path.join(ROOT, "build", "dev-collections")
# What an execution environment provides besides the credentials: the tools and the collection.
RUNTIME_ENV = {"PATH": os.path.dirname(sys.executable) + os.pathsep + os.defpath,
               "ANSIBLE_COLLECTIONS_PATH": DEV_COLLECTIONS}
KEEP_ENV = ("HOME", "LANG", "LC_ALL", "TMPDIR", "ANSIBLE_LOCAL_TEMP", "ANSIBLE_HOME")
# A user whose password and token are unmistakable in job output (the seed's admin/admin is not).
RUNNER_USER = {"name": "awx-runner", "password": "pw-7c41e9d2", "token": "tok-5be03f81"}
WRITE_PREFIX = {"zephyr_squad": "/rest/zapi/", "zephyr_enterprise": "/flex/services/rest/"}
RELEASE_ENTERPRISE = {"release_setup_project": "Shop", "release_setup_version": "Release 1.0"}


def have(*paths):
    return all(os.path.exists(os.path.join(ROOT, path)) for path in paths)


SCENARIOS = [
    pytest.param("zephyr_squad", {"username": "admin", "password": "admin"}, "collection",
                 "playbooks/release_setup.yml", {}, id="squad-basic-project-is-the-collection"),
    pytest.param("zephyr_squad", {"token": "demo-token"}, "import",
                 "testops.testmgmt.release_setup", {}, id="squad-token-one-line-project"),
    pytest.param("zephyr_squad", {"username": RUNNER_USER["name"], "password": RUNNER_USER["password"],
                                  "auth_method": "session"}, "collection",
                 "playbooks/release_setup.yml", {}, id="squad-session"),
    pytest.param("zephyr_enterprise", {"token": "demo-token"}, "collection", "playbooks/release_setup.yml",
                 RELEASE_ENTERPRISE, id="enterprise-token"),
]


def make_private_data_dir(base, layout, playbook):
    """AWX's layout: project/ (the SCM checkout), inventory/, env/. Returns the playbook path to run."""
    project = os.path.join(base, "project")
    if layout == "collection":  # the job template's project is this repository: nothing to write
        os.makedirs(project)
        shutil.copytree(os.path.join(ROOT, "playbooks"), os.path.join(project, "playbooks"))
        run = playbook
    else:  # the user's own project: one playbook that imports ours by its FQCN
        os.makedirs(project)
        run = "site.yml"
        with open(os.path.join(project, run), "w", encoding="utf-8") as handle:
            yaml.safe_dump([{"ansible.builtin.import_playbook": playbook}], handle)
    os.makedirs(os.path.join(base, "inventory"))
    with open(os.path.join(base, "inventory", "hosts"), "w", encoding="utf-8") as handle:
        handle.write("localhost ansible_connection=local\n")
    return run


def run_job(base, playbook, envvars, extravars):
    runner = ansible_runner.run(private_data_dir=base, playbook=playbook, envvars=envvars,
                                extravars=extravars or None, quiet=True, rotate_artifacts=1)
    return runner, dict(runner.stats or {})


def changed(stats):
    return stats.get("changed", {}).get("localhost", 0)


@pytest.mark.parametrize("product,inputs,layout,playbook,job_vars", SCENARIOS)
def test_playbook_runs_with_only_the_credential_env(emulator, monkeypatch, tmp_path, product, inputs, layout,
                                                    playbook, job_vars):
    emulator.control("POST", "users", RUNNER_USER)
    # the job sees no connection but the credential's: drop everything not runtime from os.environ,
    # which ansible-runner (without a container) passes on to ansible-playbook
    for name in list(os.environ):
        if name not in KEEP_ENV:
            monkeypatch.delenv(name)
    base = str(tmp_path / "job")
    run = make_private_data_dir(base, layout, playbook)
    injected = support_awx.inject(support_awx.load(product), dict(inputs, url=emulator.url), base)
    envvars = dict(RUNTIME_ENV, **injected)

    first, stats = run_job(base, run, envvars, job_vars)
    assert first.status == "successful" and first.rc == 0, first.stdout.read()
    assert changed(stats) > 0, stats
    connection_vars = set(name for name in first.config.env if name.startswith(("ZEPHYR_", "XRAY_")))
    assert connection_vars == set(injected)
    writes = emulator.writes()
    assert writes and all(w["path"].startswith(WRITE_PREFIX[product]) for w in writes
                          if not w["path"].startswith("/rest/auth/")), writes

    emulator.clear_requests()
    second, stats = run_job(base, run, envvars, job_vars)
    assert second.status == "successful", second.stdout.read()
    assert changed(stats) == 0, stats
    assert [w for w in emulator.writes() if w["path"] != "/rest/auth/1/session"] == []

    # secrets reach the modules but never the job output AWX stores and shows: the events and stdout
    # (not runner's artifacts/*/command, which holds the raw env; AWX keeps a masked copy instead)
    secrets = [v for k, v in inputs.items() if k in ("password", "token") and v != "admin"]
    for folder, _dirs, files in os.walk(os.path.join(base, "artifacts")):
        for name in files:
            if name != "stdout" and os.path.basename(folder) != "job_events":
                continue
            with open(os.path.join(folder, name), encoding="utf-8", errors="replace") as handle:
                text = handle.read()
            for secret in secrets:
                assert secret not in text, "%s leaked into %s" % (secret, os.path.join(folder, name))


def test_without_the_credential_the_job_fails_naming_the_missing_setting(emulator, monkeypatch, tmp_path):
    """The same job with no credential attached: a one-line error that says what to set."""
    for name in list(os.environ):
        if name not in KEEP_ENV:
            monkeypatch.delenv(name)
    base = str(tmp_path / "job")
    run = make_private_data_dir(base, "collection", "playbooks/release_setup.yml")
    runner, _stats = run_job(base, run, dict(RUNTIME_ENV), None)
    assert runner.status == "failed"
    output = runner.stdout.read()
    assert "ZEPHYR_URL" in output, output
    assert emulator.requests() == []
