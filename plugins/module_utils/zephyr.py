# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one Zephyr interface the modules speak to; ``edition`` picks its implementation here.

Modules never branch on the edition: they call these methods with portable values, and each
implementation (zephyr_squad.py, zephyr_enterprise.py) converts to and from its product.

Portable shapes (plain dicts; ids are strings; dates ISO ``YYYY-MM-DD``; None = unset):
- scope: ``.project`` {id, key, name} and ``.version`` {id, name} (Squad version / Enterprise release).
- cycle: {id, name, description, build, environment, start_date, end_date, project_id, version_id}.
- group: a Squad folder or an Enterprise phase: {id, name, description, folder (Enterprise repository
  path ``A > B``, else None), start_date, end_date}.
- test: {id, key (Squad issue key; None on Enterprise), name (Squad summary / Enterprise name),
  description, labels [], components [], priority, folder (Enterprise repository path), steps}
  where steps is a list of {id, step, data, result}.
- execution: {id, test_id, test_key, test_name, group_id, status (the product's status NAME, upper
  case, e.g. PASS / FAIL / "Not Executed"), status_id, comment, defects []}.

Writes in check mode are not sent (the Client returns the ``simulate`` value); implementations must
return predicted objects then, so modules report what would change.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

CYCLE_FIELDS = ("name", "description", "build", "environment", "start_date", "end_date")
TEST_FIELDS = ("name", "description", "labels", "components", "priority")


class ZephyrBackend:
    """What every edition provides."""

    edition = None
    product = None          # status-table key: zephyr_squad / zephyr_enterprise
    version_option = "version"
    group_option = "folders"

    def __init__(self, client):
        self.client = client

    # -- scope ---------------------------------------------------------------------------------
    def resolve_scope(self, project, version):
        """-> scope with .project and .version; InputError naming the option when unknown."""
        raise NotImplementedError

    # -- cycles --------------------------------------------------------------------------------
    def list_cycles(self, scope):
        raise NotImplementedError

    def find_cycle(self, scope, name):
        """The one cycle named ``name`` or None; AmbiguousError (listing the ids) when several."""
        raise NotImplementedError

    def create_cycle(self, scope, fields):
        raise NotImplementedError

    def clone_cycle(self, scope, source, fields):
        """A new cycle named fields['name'] with the tests (and groups) of ``source``."""
        raise NotImplementedError

    def update_cycle(self, scope, cycle, changes):
        raise NotImplementedError

    def delete_cycle(self, scope, cycle):
        raise NotImplementedError

    # -- groups (Squad folders / Enterprise phases) --------------------------------------------
    def list_groups(self, scope, cycle):
        raise NotImplementedError

    def create_group(self, scope, cycle, spec):
        raise NotImplementedError

    def update_group(self, scope, cycle, group, changes):
        raise NotImplementedError

    def delete_group(self, scope, cycle, group):
        raise NotImplementedError

    # -- tests ---------------------------------------------------------------------------------
    def find_tests(self, scope, refs):
        """Resolve many test references (keys, ids or names) in few requests -> {ref: test}.

        Missing references are simply absent from the answer; callers report them.
        """
        raise NotImplementedError

    def search_tests(self, scope, query):
        """Tests matching a product query: JQL (Squad) or a repository folder path (Enterprise)."""
        raise NotImplementedError

    def find_test(self, scope, key=None, name=None, folder=None):
        """One test by key, or by exact name (in ``folder`` on Enterprise); AmbiguousError if several."""
        raise NotImplementedError

    def create_test(self, scope, fields):
        raise NotImplementedError

    def update_test(self, scope, test, changes):
        raise NotImplementedError

    def delete_test(self, scope, test):
        raise NotImplementedError

    def get_steps(self, scope, test):
        raise NotImplementedError

    def set_steps(self, scope, test, steps):
        """Reconcile steps in place (unchanged kept, changed updated, extra removed) -> changed."""
        raise NotImplementedError

    # -- executions ----------------------------------------------------------------------------
    def statuses(self):
        """{STATUS NAME: status id} as the server defines them (custom statuses included)."""
        raise NotImplementedError

    def list_executions(self, scope, cycle, group=None):
        """All executions of a cycle (or one group), paged."""
        raise NotImplementedError

    def add_tests(self, scope, cycle, group, tests):
        """Bulk-add tests (portable test dicts) to a cycle/group; waits until they are there."""
        raise NotImplementedError

    def remove_executions(self, scope, cycle, executions):
        raise NotImplementedError

    def set_statuses(self, scope, updates):
        """Bulk status change: ``updates`` is [(execution, status_id)], sent grouped by status."""
        raise NotImplementedError

    def update_execution(self, scope, execution, comment=None, defects=None):
        raise NotImplementedError


def zephyr_backend(edition, client):
    """The only place that chooses between the editions."""
    if edition == "enterprise":
        from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise import (
            ZephyrEnterpriseBackend,
        )

        return ZephyrEnterpriseBackend(client)
    from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_squad import ZephyrSquadBackend

    return ZephyrSquadBackend(client)
