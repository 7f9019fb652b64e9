"""Zephyr Squad Server (ZAPI) under {jira}/rest/zapi/latest (``1.0`` is the same)."""

from tests.emulator.products.zapi import cycles, jobs, util
from tests.emulator.products.zapi.common import bp


def register(app):
    # modules above add their routes to ``bp`` on import
    assert cycles and jobs and util
    app.register_blueprint(bp)
