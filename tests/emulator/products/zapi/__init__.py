"""Zephyr Squad Server (ZAPI) under {jira}/rest/zapi/latest (``1.0`` is the same)."""

from tests.emulator.products.zapi import (
    addtests,
    attachments,
    cycles,
    executions,
    folders,
    jobs,
    queries,
    stepresults,
    steps,
    util,
    zql,
)
from tests.emulator.products.zapi.common import bp
from tests.emulator.products.zapi.model import ATTACHMENT, STEP, delete_executions

MODULES = (addtests, attachments, cycles, executions, folders, jobs, stepresults, steps, util, zql)


def _issue_deleted(issue):
    """Jira deletes a Test with its steps and executions."""
    from flask import current_app

    store = current_app.config["STORE"]
    delete_executions(store, queries.find(store, queries.Filter(issue_id=issue["id"])))
    for step in store.find(STEP, ref=issue["id"]):
        store.delete_ref(ATTACHMENT, "teststep:%s" % step["id"])
    store.delete_ref(STEP, issue["id"])


def register(app):
    # the modules above add their routes to ``bp`` on import
    assert all(MODULES)
    app.register_blueprint(bp)
    app.config.setdefault("ISSUE_DELETED_HOOKS", []).append(_issue_deleted)
    app.config.setdefault("RESET_HOOKS", []).append(lambda a: a.config.get("ZAPI_BUSY", set()).clear())
