import os

import pytest

from tests.emulator_process import Emulator
from tests.integration.playbook import run_tasks


@pytest.fixture(scope="session")
def emulator_process():
    emu = Emulator()
    yield emu
    emu.stop()


@pytest.fixture
def emulator(emulator_process):
    """A freshly seeded emulator with an empty request log."""
    emulator_process.reset()
    emulator_process.control("POST", "settings", {"job_delay": 0.05, "ze_session_ttl": 5400})
    emulator_process.clear_requests()
    return emulator_process


@pytest.fixture
def zephyr_env(emulator):
    return {"ZEPHYR_URL": emulator.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin"}


@pytest.fixture
def play(zephyr_env):
    """Run tasks with the Zephyr connection in the environment."""
    def _run(tasks, **kwargs):
        env = dict(zephyr_env)
        env.update(kwargs.pop("env", {}) or {})
        return run_tasks(tasks, env=env, **kwargs)
    return _run


def pytest_configure(config):
    os.environ.setdefault("ANSIBLE_DEPRECATION_WARNINGS", "0")
