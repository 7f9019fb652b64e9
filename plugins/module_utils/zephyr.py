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
  where steps is a list of {id, step, data, result}; Squad adds fix_versions [] (version names).
- execution: {id, test_id, test_key, test_name, group_id, status (the product's status NAME, upper
  case, e.g. PASS / FAIL / "Not Executed"), status_id, comment, defects [] (None when the listing does
  not carry defect keys: read them with execution_defects()), defect_count}.
- test set spec (what a cycle or group must hold, from the modules' ``tests``/``tests_jql``/...):
  {keys: [refs] or None, query: str or None, filter: str or None (Squad saved filter id or name),
  from_cycle: {name, version, group} or None}; exactly one source is set. resolve_test_set() turns it
  into {"tests": [portable tests], "spec": spec}.
- step result: {id, step_id, index (0-based position of the step), status, status_id, comment}.
- attachment: {id, name, size}.

Edition-only options: modules call ``check_supported(params)`` first; an edition lists the options it
does not take in ``unsupported`` (e.g. Squad rejects ``phases``), so a playbook written for the other
edition fails with one line naming the option before anything is sent.

Statuses: ``resolve_status(name, option)`` takes the portable names (pass, fail, skip, blocked, todo,
in_progress; see results/status_map.py) and the product's own names, custom ones included, and
answers the status id; unknown names are an InputError naming ``option``.

Writes in check mode are not sent (the Client returns the ``simulate`` value); implementations must
return predicted objects then, so modules report what would change. A predicted cycle or group has
id None: list_groups/list_executions answer [] for it without a request.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.status_map import PORTABLE, to_product

CYCLE_FIELDS = ("name", "description", "build", "environment", "start_date", "end_date")
TEST_FIELDS = ("name", "description", "labels", "components", "priority")


class ZephyrBackend:
    """What every edition provides."""

    edition = None
    product = None          # status-table key: zephyr_squad / zephyr_enterprise
    version_option = "version"
    group_option = "folders"
    unsupported = ()        # module options this edition does not take (see check_supported)

    def __init__(self, client):
        self.client = client

    def check_supported(self, params):
        """InputError for the first option given that only the other edition understands."""
        for option in self.unsupported:
            value = params.get(option)
            if value not in (None, [], {}, ""):
                raise InputError(option, "is not supported by Zephyr %s" % self.edition.title(),
                                 "remove it, or set edition to the product this option belongs to")

    # -- scope ---------------------------------------------------------------------------------
    def resolve_scope(self, project, version):
        """-> scope with .project and .version; InputError naming the option when unknown."""
        raise NotImplementedError

    # -- cycles --------------------------------------------------------------------------------
    def list_cycles(self, scope):
        raise NotImplementedError

    def find_cycle(self, scope, name, option="name"):
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

    def find_group(self, scope, cycle, name, option="folder"):
        """The group named ``name`` in ``cycle`` or None; AmbiguousError if several share it."""
        matches = [g for g in self.list_groups(scope, cycle) if g.get("name") == name]
        if len(matches) > 1:
            raise AmbiguousError(option, "%d groups are named %r (ids %s)" % (
                len(matches), name, ", ".join(sorted(str(g["id"]) for g in matches))), "rename the duplicates")
        return matches[0] if matches else None

    def source_cycle(self, scope, source, option):
        """(scope, cycle) a ``from_cycle`` spec names - in its own version/release, else the target's;
        InputError naming ``option`` when the cycle does not exist."""
        source_scope = scope
        if source.get("version") is not None:
            source_scope = self.resolve_scope(scope.project["id"], source["version"], "project", option)
        cycle = self.find_cycle(source_scope, source["name"], option=option)
        if cycle is None:
            raise InputError(option, "cycle %r not found in %s %s" % (
                source["name"], scope.project.get("key") or scope.project.get("name"),
                source_scope.version.get("name")), "give an existing cycle")
        return source_scope, cycle

    # -- tests ---------------------------------------------------------------------------------
    def find_tests(self, scope, refs):
        """Resolve many test references (keys, ids or names) in few requests -> {ref: test}.

        Missing references, and (Squad) issues that are not Tests of the scope's project, are simply
        absent from the answer; callers report them.
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
        """Reconcile steps in place (unchanged kept, changed updated, extra removed) -> number of writes."""
        raise NotImplementedError

    def check_test_fields(self, scope, fields, option_of):
        """Validate edition-specific test fields before any write (``option_of[field]`` names the
        option). Default: nothing to check. Squad checks ``fix_versions`` names here."""
        return fields

    # -- test sets (what a cycle or group must hold) ---------------------------------------------
    def resolve_test_set(self, scope, spec, option, known=None):
        """Resolve a test set spec (see module docstring) -> {"tests": [...], "spec": spec}.

        ``known`` ({KEY: test}, e.g. read from the cycle's executions) need not be looked up again.
        Unknown keys, a bad query, an unknown filter or source cycle: InputError naming ``option``.
        """
        raise NotImplementedError

    def add_test_set(self, scope, cycle, group, test_set, missing):
        """Add ``missing`` (the set's tests not yet in the cycle/group). An edition may use its own bulk
        route for the set's source (Squad: saved filter and another cycle); it waits and verifies."""
        return self.add_tests(scope, cycle, group, missing)

    # -- executions ----------------------------------------------------------------------------
    def statuses(self):
        """{STATUS NAME: status id} as the server defines them (custom statuses included)."""
        raise NotImplementedError

    def list_executions(self, scope, cycle, group=None):
        """Executions of one group, or (group None) those of the cycle outside any group; paged."""
        raise NotImplementedError

    def list_all_executions(self, scope, cycle):
        """Every execution of the cycle, in its groups included (read-only views)."""
        found = dict((e["id"], e) for e in self.list_executions(scope, cycle))
        for group in self.list_groups(scope, cycle):
            for execution in self.list_executions(scope, cycle, group):
                found.setdefault(execution["id"], execution)
        return list(found.values())

    def resolve_status(self, name, option="status"):
        """Status id for a portable or product status name (custom ones too); InputError if unknown."""
        return _resolve(self.statuses(), name, option, self.product)

    def step_statuses(self):
        """{STATUS NAME: id} of test step results (Squad util/teststepExecutionStatus)."""
        return self.statuses()

    def resolve_step_status(self, name, option="steps"):
        return _resolve(self.step_statuses(), name, option, self.product)

    def execution_defects(self, scope, execution):
        """Defect keys (or ids) linked to one execution."""
        raise NotImplementedError

    def check_defects(self, scope, refs, option):
        """InputError naming ``option`` when a defect reference does not exist; before any write."""
        return refs

    def get_step_results(self, scope, execution):
        """Step results of one execution, ordered by step position (see module docstring)."""
        raise NotImplementedError

    def set_step_results(self, scope, execution, wanted, current=None):
        """``wanted``: [{status_id, comment} or None (leave alone)] by step position; ``current`` (from
        get_step_results) saves a read. Changes only what differs -> number of step results written."""
        raise NotImplementedError

    def list_attachments(self, scope, execution):
        raise NotImplementedError

    def attach(self, scope, execution, path, name):
        """Upload the file at ``path`` as ``name`` to the execution -> attachment."""
        raise NotImplementedError

    def add_tests(self, scope, cycle, group, tests):
        """Bulk-add tests (portable test dicts) to a cycle/group; waits until they are there.

        -> the executions of the cycle/group after the add (as listed to verify it), None in check mode.
        """
        raise NotImplementedError

    def remove_executions(self, scope, cycle, executions):
        raise NotImplementedError

    def set_statuses(self, scope, updates):
        """Bulk status change: ``updates`` is [(execution, status_id)], sent grouped by status."""
        raise NotImplementedError

    def update_execution(self, scope, execution, comment=None, defects=None):
        """Comment and/or defects (None = leave alone) of one execution. Squad's execute call carries
        a status too: callers pass the execution with the status_id it must have after the call."""
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


def _resolve(table, name, option, product):
    """Look a status up by portable name, product name (any case) or id."""
    if not isinstance(name, str) or not name.strip():
        raise InputError(option, "a status must be a non-empty name, got %r" % (name,))
    try:
        native = to_product(name, product)
    except ValueError:
        native = name.strip()
    by_name = dict((str(k).upper(), str(v)) for k, v in table.items())
    if native.upper() in by_name:
        return by_name[native.upper()]
    if native in by_name.values():
        return native
    raise InputError(option, "unknown status %r" % name, "use one of %s or the server's: %s" % (
        ", ".join(PORTABLE), ", ".join(sorted(table))))
