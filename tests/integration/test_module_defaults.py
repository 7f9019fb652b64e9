"""module_defaults groups: meta/runtime.yml lists every module in its family's action group, every
listed module takes the family's connection options, and a play that names the connection only in
``module_defaults: group/testops.testmgmt.<family>`` works against the emulator."""

import json
import os
import subprocess
import sys

import pytest
import yaml

from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import connection_option_names
from tests.integration.playbook import run_tasks

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FAMILIES = ("zephyr", "xray")
# Connection for the checks that need no working login; a password the output masking cannot mistake.
PASSWORD = "pw-md-31337x"
SELECTOR = {"zephyr": {"edition": "squad"}, "xray": {"deployment": "server"}}


def action_groups():
    with open(os.path.join(ROOT, "meta", "runtime.yml"), encoding="utf-8") as handle:
        groups = yaml.safe_load(handle).get("action_groups") or {}
    # entries may be short names or FQCNs
    return dict((family, [name.split(".")[-1] for name in groups.get(family) or []]) for family in groups)


def module_files():
    folder = os.path.join(ROOT, "plugins", "modules")
    return sorted(f[:-3] for f in os.listdir(folder) if f.endswith(".py") and f != "__init__.py")


def grouped():
    return [(family, module) for family, modules in sorted(action_groups().items()) for module in modules]


def test_runtime_groups_are_exactly_the_families_modules():
    groups = action_groups()
    assert set(groups) == set(FAMILIES)
    for family in FAMILIES:
        expected = [m for m in module_files() if m.startswith(family + "_")]
        assert sorted(groups[family]) == expected, "meta/runtime.yml action_groups.%s" % family
    assert sorted(sum(groups.values(), [])) == module_files(), "a module outside every action group"


def test_every_grouped_module_documents_the_family_connection_options():
    names = ["testops.testmgmt." + module for _family, module in grouped()]
    if not names:
        pytest.skip("no modules in the action groups")
    proc = subprocess.run([os.path.join(os.path.dirname(sys.executable), "ansible-doc"), "-t", "module", "--json"]
                          + names, capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    for family, module in grouped():
        options = doc["testops.testmgmt." + module]["doc"]["options"]
        missing = set(connection_option_names(family)) - set(options)
        assert not missing, "%s does not document %s" % (module, sorted(missing))


@pytest.fixture
def clean_env(monkeypatch):
    """No ZEPHYR_*/XRAY_* from the caller: the connection must come from module_defaults."""
    for name in list(os.environ):
        if name.startswith(("ZEPHYR_", "XRAY_")):
            monkeypatch.delenv(name)


def test_every_grouped_module_takes_the_connection_from_module_defaults(emulator, clean_env):
    """Each module, called with no arguments at all: whatever else it misses, its parameters show the
    connection module_defaults gave it, and every connection option is in its argument spec."""
    if not grouped():
        pytest.skip("no modules in the action groups")
    defaults = {}
    for family in FAMILIES:
        defaults["group/testops.testmgmt." + family] = dict(SELECTOR[family], url=emulator.url, username="nobody",
                                                            password=PASSWORD)
    tasks = [{"name": module, "testops.testmgmt." + module: {}, "ignore_errors": True} for _f, module in grouped()]
    run = run_tasks(tasks, module_defaults=defaults)
    for family, module in grouped():
        result = run.task(module)
        args = result.get("invocation", {}).get("module_args", {})
        assert args.get("url") == emulator.url, (module, result.get("msg"))
        assert args.get("password") == "VALUE_SPECIFIED_IN_NO_LOG_PARAMETER", (module, args)
        assert set(connection_option_names(family)) <= set(args), (module, sorted(args))
        assert PASSWORD not in json.dumps(result), module


# Modules with a known minimal task, run for real with only module_defaults: (family, credentials, module, args).
# xray_test_execution runs once it exists; add the other modules as they land.
REAL_TASKS = [
    pytest.param("zephyr", {"token": "demo-token"}, "zephyr_cycle",
                 {"project": "SHOP", "version": "2.5.0", "name": "Defaults 2.5.0", "build": "b-1"},
                 id="zephyr_cycle-token"),
    pytest.param("xray", {"username": "admin", "password": "admin"}, "xray_test_execution",
                 {"project": "SHOP", "summary": "Defaults run", "tests": ["SHOP-101", "SHOP-102"]},
                 id="xray_test_execution-basic",
                 marks=pytest.mark.skipif(not os.path.exists(os.path.join(ROOT, "plugins", "modules",
                                                                          "xray_test_execution.py")),
                                          reason="xray_test_execution not in the collection yet")),
]


@pytest.mark.parametrize("family,credentials,module,args", REAL_TASKS)
def test_a_play_with_only_module_defaults_works_and_is_idempotent(emulator, clean_env, family, credentials,
                                                                  module, args):
    defaults = {"group/testops.testmgmt." + family: dict(SELECTOR[family], url=emulator.url, **credentials)}
    task = {"name": "task", "testops.testmgmt." + module: args}
    first = run_tasks([task], module_defaults=defaults)
    assert first.failed == 0, first.stdout
    assert first.task("task")["changed"] is True
    assert emulator.writes()

    emulator.clear_requests()
    second = run_tasks([task], module_defaults=defaults)
    assert second.failed == 0, second.stdout
    assert second.task("task")["changed"] is False
    assert [w for w in emulator.writes() if w["path"] != "/rest/auth/1/session"] == []
