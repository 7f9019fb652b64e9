"""Zephyr Enterprise under {server}/flex/services/rest/{latest,v1,v3,v4} (imitating ZE 8.2), plus
``/flex/upload/document/genericattachment`` and ``/flex/download``.

Resources live in one module each; ``model`` holds the records and shapes they share with the
automation ``runner``. Seed data registers itself as ``SEED_HOOKS["zephyr_enterprise"]``.
"""

from tests.emulator import seed as seeds
from tests.emulator.products.zephyr_enterprise import (
    attachments,
    automation,
    cycles,
    executions,
    preferences,
    projects,
    testcases,
    tree,
    users,
)
from tests.emulator.products.zephyr_enterprise import seed as ze_seed
from tests.emulator.products.zephyr_enterprise.common import bp
from tests.emulator.products.zephyr_enterprise.runner import GENERATION

seeds.SEED_HOOKS["zephyr_enterprise"] = ze_seed.load
SETTINGS = {"ze_version": "8.2"}  # below 8.1 the repository tree list is a bare array


def register(app):
    # the modules above add their routes to ``bp`` on import
    assert attachments and automation and cycles and executions and preferences and projects and testcases
    assert tree and users
    app.register_blueprint(bp)
    for name, value in SETTINGS.items():
        app.config["SETTINGS"].setdefault(name, value)
    app.config[GENERATION] = 0

    def stop_runs(current):
        current.config[GENERATION] = current.config.get(GENERATION, 0) + 1

    app.config.setdefault("RESET_HOOKS", []).append(stop_runs)
