"""Seed ``demo``: project Shop with release Release 1.0 (user admin/admin, API token demo-token, is
the shared store's user) and the preferences a fresh server has."""

import json

from tests.emulator.products.zephyr_enterprise.common import PREFERENCE, PROJECT, RELEASE
from tests.emulator.products.zephyr_enterprise.model import (
    DEFAULT_STATUSES,
    ENVIRONMENT_PREF,
    STATUS_LOV,
    STEP_STATUS_LOV,
)

RELEASE_START = 1764547200000  # 12/01/2025


def load(store):
    store.insert(PREFERENCE, {"name": STATUS_LOV, "value": json.dumps(DEFAULT_STATUSES),
                              "defaultValue": json.dumps(DEFAULT_STATUSES)})
    store.insert(PREFERENCE, {"name": STEP_STATUS_LOV, "value": json.dumps(DEFAULT_STATUSES),
                              "defaultValue": json.dumps(DEFAULT_STATUSES)})
    store.insert(PREFERENCE, {"name": ENVIRONMENT_PREF, "value": "false", "defaultValue": "false"})
    project = store.insert(PROJECT, {"name": "Shop", "description": "Web shop", "startDate": RELEASE_START,
                                     "endDate": None, "members": None})
    store.insert(RELEASE, {"name": "Release 1.0", "description": "", "projectId": project["id"],
                           "startDate": RELEASE_START, "endDate": None}, ref=project["id"])
