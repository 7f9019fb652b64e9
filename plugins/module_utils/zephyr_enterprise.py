# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The Zephyr interface on Zephyr Enterprise: projects and releases by name or id (resolved once per
task), cycles and their phases. The repository (folders, test cases, steps) and executions are in
zephyr_enterprise_repository.py and zephyr_enterprise_executions.py, mixed in here."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils import dates
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import ZephyrBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_api import ZephyrEnterpriseApi
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_executions import ExecutionsMixin
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise_repository import RepositoryMixin

_TEXT_FIELDS = ("name", "description", "build", "environment")
_HALF_DAY_MS = 12 * 3600 * 1000


class Scope:
    def __init__(self, project, version):
        self.project = project
        self.version = version


def day_of(text=None, epoch_ms=None):
    """ISO day from ZE's ``MM/dd/yyyy`` string or, failing that, epoch ms. The server stores local
    midnight; half a day is added so any server time zone lands on the right day."""
    if text:
        iso = dates.from_us(text)
        if iso:
            return iso
    if epoch_ms in (None, ""):
        return None
    try:
        return dates.from_epoch_ms(int(epoch_ms) + _HALF_DAY_MS)
    except (TypeError, ValueError):
        return None


def ids_match(value, wanted):
    return str(value) == str(wanted).strip()


def pick(rows, wanted, option, what, where):
    """One row by id or exact name (then unique case-insensitive name); InputError listing the choices."""
    text = str(wanted).strip()
    if not text:
        raise InputError(option, "must not be empty", "give the %s's name or id" % what)
    for matcher in (lambda r: ids_match(r.get("id"), text) and text.isdigit(),
                    lambda r: r.get("name") == text,
                    lambda r: str(r.get("name", "")).lower() == text.lower()):
        matches = [r for r in rows if matcher(r)]
        if len(matches) > 1:
            raise AmbiguousError(option, "%d %ss are named %r%s (ids %s)" % (
                len(matches), what, text, where, ", ".join(sorted(str(r["id"]) for r in matches))),
                "give the %s's id instead" % what)
        if matches:
            return matches[0]
    choices = ", ".join("%s (id %s)" % (r.get("name"), r.get("id")) for r in rows[:20])
    raise InputError(option, "no %s named or numbered %r%s" % (what, text, where),
                     "use one of: %s" % choices if choices else "create it first")


class ZephyrEnterpriseBackend(RepositoryMixin, ExecutionsMixin, ZephyrBackend):
    edition = "enterprise"
    product = "zephyr_enterprise"
    version_option = "release"
    group_option = "phases"
    results_by_name = True  # result files name test cases <class or suite>.<test name>
    # Squad-only options (JQL, saved filters, Jira fields); options with defaults cannot be listed here
    unsupported = ("folders", "tests_jql", "tests_filter", "clone_from", "clone_from_version", "components",
                   "fix_versions", "tests", "tests_from_cycle")
    # what to write instead, where Enterprise has its own way
    instead = {
        "folders": "use phases (each bound to a repository folder, or free form)",
        "tests": "list the tests under phases[].tests; Enterprise executions live in phases",
        "tests_from_cycle": "use phases[].tests_from_cycle; Enterprise executions live in phases",
        "tests_jql": "bind the phase to a repository folder (phases[].folder) or list the tests",
        "tests_filter": "bind the phase to a repository folder (phases[].folder) or list the tests",
    }

    def check_supported(self, params):
        for option in self.unsupported:
            if params.get(option) not in (None, [], {}, ""):
                raise InputError(option, "is not supported by Zephyr Enterprise",
                                 self.instead.get(option, "remove it, or set edition: squad"))
        # zephyr_execution: Enterprise executions live in phases, there is no cycle level to fall back to
        if "results" in params and "phase" in params and not (params.get("phase") or params.get("folder")):
            raise InputError("phase", "is required on Zephyr Enterprise: executions live in a cycle phase",
                             "name the phase")

    def __init__(self, client):
        super(ZephyrEnterpriseBackend, self).__init__(client)
        self.api = ZephyrEnterpriseApi(client)
        self._projects = None
        self._releases = {}
        self._tree = {}
        self._statuses = None

    # -- scope ---------------------------------------------------------------------------------
    def resolve_project(self, project, option="project"):
        if self._projects is None:
            self._projects = self.api.projects()
        found = pick(self._projects, project, option, "project", "")
        return {"id": str(found["id"]), "key": None, "name": found.get("name")}

    def resolve_release(self, project, release, option="release"):
        if release in (None, ""):
            raise InputError(option, "is required on Zephyr Enterprise", "give the release's name or id")
        if project["id"] not in self._releases:
            self._releases[project["id"]] = self.api.releases(project["id"])
        found = pick(self._releases[project["id"]], release, option, "release", " in project %s" % project["name"])
        return {"id": str(found["id"]), "name": found.get("name")}

    def resolve_scope(self, project, version, project_option="project", release_option="release"):
        proj = self.resolve_project(project, project_option)
        return Scope(proj, self.resolve_release(proj, version, release_option))

    # -- cycles --------------------------------------------------------------------------------
    def list_cycles(self, scope):
        return [self._portable_cycle(c, scope) for c in self.api.cycles(scope.version["id"])]

    def _raw_cycles(self, scope, name):
        return [c for c in self.api.cycles(scope.version["id"]) if c.get("name") == name]

    def find_cycle(self, scope, name, option="name"):
        matches = self._raw_cycles(scope, name)
        if len(matches) > 1:
            raise AmbiguousError(option, "%d cycles are named %r in %s %s (ids %s)" % (
                len(matches), name, scope.project["name"], scope.version["name"],
                ", ".join(sorted(str(c["id"]) for c in matches))), "rename or delete the duplicates")
        if not matches:
            return None
        self._phases_cache = {str(matches[0]["id"]): matches[0].get("cyclePhases") or []}
        return self._portable_cycle(matches[0], scope)

    def create_cycle(self, scope, fields):
        body = self._cycle_body(fields)
        body.update({"releaseId": int(scope.version["id"]), "status": 0})
        created = self.api.create_cycle(body)
        if created.get("id") is None:
            return dict(fields, id=None, project_id=scope.project["id"], version_id=scope.version["id"])
        self._phases_cache = {str(created["id"]): created.get("cyclePhases") or []}
        return self._portable_cycle(created, scope)

    def update_cycle(self, scope, cycle, changes):
        body = self._cycle_body(dict(cycle, **changes))
        body.update({"id": int(cycle["id"]), "releaseId": int(scope.version["id"])})
        updated = self.api.update_cycle(cycle["id"], body)
        if self.client.check_mode:
            return dict(cycle, **changes)
        return self._portable_cycle(updated, scope)

    def delete_cycle(self, scope, cycle):
        self.api.delete_cycle(cycle["id"])

    @staticmethod
    def _cycle_body(fields):
        """Text fields and both date conventions (strings for ZE, epoch ms for older servers)."""
        body = dict((f, fields[f]) for f in _TEXT_FIELDS if fields.get(f) is not None)
        for field, text_name, ms_name in (("start_date", "cycleStartDate", "startDate"),
                                          ("end_date", "cycleEndDate", "endDate")):
            if fields.get(field):
                day = dates.parse_iso(fields[field], field)
                body[text_name] = dates.to_us(day)
                body[ms_name] = dates.to_epoch_ms(day)
        return body

    def _portable_cycle(self, raw, scope=None):
        return {
            "id": str(raw.get("id")) if raw.get("id") is not None else None,
            "name": raw.get("name"),
            "description": raw.get("description") or "",
            "build": raw.get("build") or "",
            "environment": raw.get("environment") or "",
            "start_date": day_of(raw.get("cycleStartDate"), raw.get("startDate")),
            "end_date": day_of(raw.get("cycleEndDate"), raw.get("endDate")),
            "project_id": scope.project["id"] if scope else None,
            "version_id": str(raw.get("releaseId")) if raw.get("releaseId") is not None else None,
        }

    # -- phases (the Enterprise groups) --------------------------------------------------------
    def list_groups(self, scope, cycle):
        if cycle.get("id") is None:
            return []
        cached = getattr(self, "_phases_cache", {}).get(str(cycle["id"]))
        raw = cached if cached is not None else (self.api.get_cycle(cycle["id"]) or {}).get("cyclePhases") or []
        return [self._portable_phase(p, scope) for p in raw]

    def create_group(self, scope, cycle, spec):
        """``spec``: {name, description, folder (repository path; None = free form), start_date, end_date}."""
        body = self._phase_body(spec)
        folder = spec.get("folder")
        node = self.folder_node(scope, folder, "phases", create=False) if folder else None
        if folder and node is None:
            raise InputError("phases", "repository folder %r does not exist in release %s" % (
                folder, scope.version["name"]), "create it first (zephyr_test creates folders) or fix the path")
        body.update({"cycleId": _int(cycle["id"]), "releaseId": int(scope.version["id"]),
                     "freeForm": node is None})
        if node is not None:
            body["tcrCatalogTreeId"] = int(node["id"])
        if cycle.get("id") is None:
            return dict(spec, id=None)
        created = self.api.create_phase(cycle["id"], body)
        self._forget_phases(cycle)
        if created.get("id") is None:
            return dict(spec, id=None)
        if node is not None:
            # a phase made from a folder plans its test cases; assigning them makes the executions
            self.api.assign_all(created["id"])
        return self._portable_phase(created, scope)

    def update_group(self, scope, cycle, group, changes):
        if "folder" in changes:
            raise InputError("phases", "phase %r is bound to %r; a phase cannot move to another folder" % (
                group["name"], group.get("folder") or "(free form)"), "delete the phase and create it again")
        body = self._phase_body(dict(group, **changes))
        body.update({"id": int(group["id"]), "cycleId": int(cycle["id"]), "releaseId": int(scope.version["id"])})
        updated = self.api.update_phase(cycle["id"], body)
        self._forget_phases(cycle)
        if self.client.check_mode:
            return dict(group, **changes)
        return self._portable_phase(updated, scope)

    def delete_group(self, scope, cycle, group):
        self.api.delete_phase(cycle["id"], group["id"])
        self._forget_phases(cycle)

    def _forget_phases(self, cycle):
        getattr(self, "_phases_cache", {}).pop(str(cycle.get("id")), None)

    @staticmethod
    def _phase_body(spec):
        body = {"name": spec["name"], "description": spec.get("description") or ""}
        for field, text_name, ms_name in (("start_date", "phaseStartDate", "startDate"),
                                          ("end_date", "phaseEndDate", "endDate")):
            if spec.get(field):
                day = dates.parse_iso(spec[field], field)
                body[text_name] = dates.to_us(day)
                body[ms_name] = dates.to_epoch_ms(day)
        return body

    def _portable_phase(self, raw, scope):
        folder = None
        if not raw.get("freeForm") and raw.get("tcrCatalogTreeId") is not None:
            folder = self.folder_path(scope, raw["tcrCatalogTreeId"])
        return {
            "id": str(raw.get("id")) if raw.get("id") is not None else None,
            "name": raw.get("name"),
            "description": raw.get("description") or "",
            "folder": folder,
            "folder_id": str(raw["tcrCatalogTreeId"]) if raw.get("tcrCatalogTreeId") is not None else None,
            "start_date": day_of(raw.get("phaseStartDate"), raw.get("startDate")),
            "end_date": day_of(raw.get("phaseEndDate"), raw.get("endDate")),
        }


def _int(value):
    return int(value) if value is not None else None
