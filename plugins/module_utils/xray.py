# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The one Xray interface the modules and lookups speak to; ``deployment`` picks its implementation.

Modules never branch on the deployment: they call these methods with portable values, and each
implementation (xray_server.py for Server/Data Center, xray_cloud.py for Cloud) converts to and
from its product.

Portable shapes (plain dicts; None = unset or, where noted, unknown):
- execution: {id, key, url, project, summary, description, fix_version, revision, environments [],
  labels [], test_plans []}. On Cloud ``revision`` is None (unknown): Xray Cloud's API cannot read it.
- fields (what a new or changed execution should have): the same names, plus ``test_plan`` (a key).
- test: {id, key, summary, type (Manual, Generic, Cucumber), definition (Generic definition or
  Cucumber scenario, else None)}.
- run: {id, test_key, test_id, status (the product's name, upper case: PASS on Server, PASSED on
  Cloud), comment (None = not reported by the listing), defects [keys, or issue ids on Cloud],
  evidence [file names], executed_by (who set the status: user name on Server, account id on
  Cloud; None for TODO), test (a test, with details=True)}.
- run update: {run, comment (None = leave), add_defects [keys], remove_defects [keys], evidence
  [{data, filename, contentType}]}: changes a run without touching its status or executor.
- entry: one Xray JSON ``tests[]`` item (testKey, status, comment, defects, evidence...), as the
  implementation's import expects it; build it with ``result_entry``.

Writes in check mode are not sent (the Client returns ``simulate``); implementations then return
predicted objects (a new execution has key None).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

EXECUTION_FIELDS = ("summary", "description", "fix_version", "revision", "environments", "labels")
FILE_FORMATS = ("junit", "xray", "testng", "nunit", "xunit", "robot", "cucumber", "behave")
XML_FORMATS = ("junit", "testng", "nunit", "xunit", "robot")
JSON_FORMATS = ("cucumber", "behave")


class XrayBackend:
    """What every deployment provides."""

    deployment = None
    product = None  # status-table key (status_map): xray_server / xray_cloud
    # Execution fields an existing execution can change through this deployment's API.
    updatable_fields = EXECUTION_FIELDS
    # Xray JSON's evidence list: "evidences" in Server examples and clients, "evidence" in the Cloud table.
    evidence_field = "evidences"
    # True if update_runs can unlink defects given by key (Cloud lists defects by issue id only).
    unlinks_defects = False

    def __init__(self, client):
        self.client = client

    # -- executions ----------------------------------------------------------------------------
    def check_fields(self, fields, creating):
        """Raise InputError (before any request) for fields this deployment cannot set."""

    def find_execution(self, key=None, project=None, summary=None, missing_ok=False, read_custom=True):
        """The execution by key (InputError if missing, None with ``missing_ok``), or by exact summary
        within ``project`` (None if missing, AmbiguousError listing the keys if several).
        ``read_custom=False``: fields that cost extra requests to read may be None (not read)."""
        raise NotImplementedError

    def create_execution(self, fields, entries):
        """A new execution with ``fields``; ``entries`` (Xray JSON tests) are imported into it."""
        raise NotImplementedError

    def update_execution(self, execution, changes):
        """Apply changed fields (only ``updatable_fields``)."""
        raise NotImplementedError

    def delete_execution(self, execution):
        raise NotImplementedError

    # -- tests and runs ------------------------------------------------------------------------
    def list_runs(self, execution, details=False):
        """Every run of the execution (paged); ``details`` adds each run's ``test``."""
        raise NotImplementedError

    def run_details(self, runs, by_summary=True):
        """Add ``test`` to the runs that lack it (deployments whose run listing leaves it out);
        ``by_summary=False``: type, id and definition are enough (summary may be None)."""

    def find_tests(self, keys):
        """{key: test} for the keys that name Tests (few requests; missing keys are absent)."""
        raise NotImplementedError

    def search_tests(self, jql):
        """Tests matching a JQL query."""
        raise NotImplementedError

    def change_tests(self, execution, add, remove):
        """Add and remove Tests (portable test dicts; runs for removals) in one go."""
        raise NotImplementedError

    def import_entries(self, execution, entries):
        """Set many runs at once through one Xray JSON import into ``execution`` (callers keep
        ``entries`` under the per-import limit); -> {tests} as ``import_file`` answers."""
        raise NotImplementedError

    def update_runs(self, updates):
        """Apply run updates (see the shapes above): comments, defects, evidence, never the status."""
        raise NotImplementedError

    def publisher_names(self):
        """Names the connecting account appears under as a run's executor, or None if unknown."""
        return None

    def publisher_login(self):
        """A name the connecting account surely appears under, known without a request, or None."""
        return None

    def run_comment(self, run):
        """A run's comment, fetched when the listing left it out (comment None)."""
        return run.get("comment") or ""

    # -- result files --------------------------------------------------------------------------
    def multipart_carries(self, fields):
        """True if a /multipart import can create an execution with all of ``fields``."""
        raise NotImplementedError

    def import_file(self, execution, path, fmt, fields=None):
        """Import a result file into ``execution``, or (execution None) create one with ``fields``
        through the format's /multipart endpoint; -> {id, key, url, tests}: the execution, and the keys
        of the Tests the import answer names (None when the deployment's answer does not name them)."""
        raise NotImplementedError

    def import_xray_json(self, execution, document, fields=None):
        """An Xray JSON document into ``execution`` (or a new one made from ``fields``)."""
        raise NotImplementedError

    # -- plans ---------------------------------------------------------------------------------
    def find_plan(self, key):
        """The Test Plan {id, key}; InputError naming test_plan when it is not one."""
        raise NotImplementedError

    def plan_contents(self, plan):
        """(set of Test keys, set of Test Execution keys) of the plan."""
        raise NotImplementedError

    def add_to_plan(self, plan, execution, tests):
        """Add the execution (if not None) and the tests (portable dicts) to the plan."""
        raise NotImplementedError

    def plan_tests(self, plan):
        """[{id, key, summary, status}] of a plan's Tests; status is the latest one Xray shows, or None."""
        raise NotImplementedError

    # -- statuses ------------------------------------------------------------------------------
    def status_names(self):
        """Every status name the server knows (custom ones included), upper case."""
        raise NotImplementedError

    def result_entry(self, test_key, status, comment=None, defects=None, evidence=None):
        """An Xray JSON tests[] item; ``evidence`` is [{data (base64), filename, contentType}]."""
        entry = {"testKey": test_key, "status": status}
        if comment is not None:
            entry["comment"] = comment
        if defects:
            entry["defects"] = list(defects)
        if evidence:
            entry[self.evidence_field] = list(evidence)
        return entry


def predicted_execution(fields):
    """The execution ``fields`` describe, before it exists (check mode, or right after creation)."""
    return {"id": None, "key": None, "url": None, "project": fields.get("project"), "summary": fields.get("summary"),
            "description": fields.get("description") or "", "fix_version": fields.get("fix_version"),
            "revision": fields.get("revision"), "environments": list(fields.get("environments") or []),
            "labels": list(fields.get("labels") or []),
            "test_plans": [fields["test_plan"]] if fields.get("test_plan") else []}


def json_info(fields):
    """Xray JSON ``info`` for a new execution."""
    info = {"project": fields["project"], "summary": fields["summary"]}
    for portable, name in (("description", "description"), ("fix_version", "version"), ("revision", "revision"),
                           ("test_plan", "testPlanKey")):
        if fields.get(portable):
            info[name] = fields[portable]
    if fields.get("environments"):
        info["testEnvironments"] = list(fields["environments"])
    return info


def xray_backend(deployment, client):
    """The only place that chooses between the deployments."""
    if deployment == "cloud":
        from ansible_collections.testops.testmgmt.plugins.module_utils.xray_cloud import XrayCloudBackend

        return XrayCloudBackend(client)
    from ansible_collections.testops.testmgmt.plugins.module_utils.xray_server import XrayServerBackend

    return XrayServerBackend(client)
