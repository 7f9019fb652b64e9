# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one Zephyr interface the modules speak to; ``edition`` picks its implementation here.

A cycle is a portable dict: ``id``, ``name``, ``description``, ``build``, ``environment``,
``start_date``, ``end_date`` (ISO dates), ``project_id``, ``version_id`` (Squad version or
Enterprise release id). Implementations convert to and from the product's shapes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CYCLE_FIELDS = ("name", "description", "build", "environment", "start_date", "end_date")


class ZephyrBackend:
    """What every edition provides. Modules never branch on the edition themselves."""

    edition = None
    version_option = "version"

    def __init__(self, client):
        self.client = client

    def resolve_scope(self, project, version):
        """-> (project dict with id/key/name, version dict with id/name); InputError if unknown."""
        raise NotImplementedError

    def find_cycle(self, scope, name):
        """The one cycle named ``name`` or None; AmbiguousError when several share the name."""
        raise NotImplementedError

    def create_cycle(self, scope, fields):
        raise NotImplementedError

    def update_cycle(self, scope, cycle, changes):
        raise NotImplementedError

    def delete_cycle(self, scope, cycle):
        raise NotImplementedError


def zephyr_backend(edition, client):
    if edition == "enterprise":
        from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise import (
            ZephyrEnterpriseBackend,
        )

        return ZephyrEnterpriseBackend(client)
    from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad import ZephyrSquadBackend

    return ZephyrSquadBackend(client)
