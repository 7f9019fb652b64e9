# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Zephyr Enterprise test repository: folders by path (``A > B``, a leading release name allowed)
or id, test cases in folders, and their steps. Mixed into ZephyrEnterpriseBackend."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import AmbiguousError, InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import unique_tests, unique_values

SEPARATOR = " > "
STEP_TEXT = ("step", "data", "result")
NAME_MAX = 255              # test case names are cut there (as the Jenkins plugin does)
CREATE_FOLDER = "Automation"  # where created test cases go by default, as Zephyr's automation puts them


def split_path(path, release_name=None):
    """Folder names of a repository path; a leading release name (as the UI shows it) is dropped."""
    names = [p.strip() for p in str(path or "").split(">") if p.strip()]
    if release_name and len(names) > 1 and names[0] == release_name:
        names = names[1:]
    return names


def join_path(names):
    return SEPARATOR.join(names)


class RepositoryMixin(object):
    """Needs ``self.api`` (ZephyrEnterpriseApi), ``self.client`` and ``self._tree`` ({release id: index})."""

    test_folders = True  # test cases live in repository folders (zephyr_execution's create_folder)

    # -- folders ---------------------------------------------------------------------------------
    def _folders(self, scope):
        """{"by_id": {id: (node, path)}, "by_path": {path: node}} of the release, read once per task."""
        rid = scope.version["id"]
        if rid not in self._tree:
            index = {"by_id": {}, "by_path": {}}

            def walk(nodes, prefix):
                for node in nodes or []:
                    path = prefix + [node.get("name")]
                    index["by_id"][str(node.get("id"))] = (node, join_path(path))
                    index["by_path"].setdefault(join_path(path), node)
                    walk(node.get("categories"), path)
            walk(self.api.tree(rid), [])
            self._tree[rid] = index
        return self._tree[rid]

    def normalize_path(self, scope, path):
        return join_path(split_path(path, scope.version["name"]))

    def folder_path(self, scope, node_id):
        found = self._folders(scope)["by_id"].get(str(node_id))
        return found[1] if found else None

    def folder_by_id(self, scope, node_id, option):
        found = self._folders(scope)["by_id"].get(str(node_id).strip())
        if not found:
            raise InputError(option, "no repository folder with id %s in release %s" % (
                node_id, scope.version["name"]), "give the id of an existing folder of that release")
        return dict(found[0], path=found[1])

    def folder_node(self, scope, path, option, create=False):
        """The folder at ``path`` (with ``path`` set), created level by level when ``create``; None if
        missing. In check mode created folders are predicted with id None."""
        names = split_path(path, scope.version["name"])
        if not names:
            raise InputError(option, "%r is not a repository path" % (path,), "write folder names joined by ' > '")
        index = self._folders(scope)
        parent = None
        for depth in range(1, len(names) + 1):
            current = join_path(names[:depth])
            node = index["by_path"].get(current)
            if node is None:
                if not create:
                    return None
                node = self.api.create_node(parent.get("id") if parent else 0, int(scope.version["id"]),
                                            names[depth - 1])
                node = dict(node, categories=[])
                index["by_path"][current] = node
                if node.get("id") is not None:
                    index["by_id"][str(node["id"])] = (node, current)
            parent = node
        return dict(parent, path=join_path(names))

    # -- test cases ------------------------------------------------------------------------------
    def folder_tests(self, scope, node):
        """Portable tests of one folder (not its subfolders)."""
        if node.get("id") is None:
            return []
        return [self._portable_test(t, node.get("path") or self.folder_path(scope, node["id"]))
                for t in self.api.testcases(node["id"])]

    def search_tests(self, scope, query, option="tests"):
        """The test cases of a repository folder (by path)."""
        node = self.folder_node(scope, query, option, create=False)
        if node is None:
            raise InputError(option, "repository folder %r not found in release %s" % (query, scope.version["name"]),
                             "give an existing folder path, e.g. 'Regression > Cart'")
        return self.folder_tests(scope, node)

    def find_test(self, scope, key=None, name=None, folder=None):
        if key is not None and not folder:
            return self._test_by_id(scope, key)
        if not folder:
            raise InputError("folder", "is required on Zephyr Enterprise",
                             "give the repository folder path, e.g. 'Regression > Cart'")
        node = self.folder_node(scope, folder, "folder", create=False)
        if node is None:
            return None
        wanted = key if key is not None else name
        matches = [t for t in self.folder_tests(scope, node) if t["name"] == wanted or t["id"] == str(wanted)]
        if len(matches) > 1:
            raise AmbiguousError("name", "%d test cases are named %r in %s (ids %s)" % (
                len(matches), wanted, node["path"], ", ".join(t["id"] for t in matches)),
                "rename or delete the duplicates")
        return matches[0] if matches else None

    def _test_by_id(self, scope, key):
        text = str(key).strip()
        if not text.isdigit():
            raise InputError("key", "%r is not a test case id" % text, "give the numeric id, or name and folder")
        try:
            raw = self.api.testcase(text)
        except ApiError as exc:
            if exc.status in (400, 404):  # the product answers 400 for an id that does not exist
                return None
            raise
        path = self.folder_path(scope, raw.get("tcrCatalogTreeId"))
        if path is None:
            raise InputError("key", "test case %s is not in release %s" % (text, scope.version["name"]),
                             "give the release that holds it")
        return self._portable_test(raw, path)

    def find_tests(self, scope, refs, option="tests"):
        """Refs are test case (tct) ids, ``folder > name`` paths or plain names (unique across the
        release). One read per repository folder, whatever the number of refs."""
        index = self._folders(scope)
        by_id, by_path, by_name = {}, {}, {}
        for node_id, (_node, path) in index["by_id"].items():
            for test in self.folder_tests(scope, {"id": node_id, "path": path}):
                by_id[test["id"]] = test
                by_path[join_path([path, test["name"]]).lower()] = test
                by_name.setdefault(test["name"], []).append(test)
        folded = {}
        for name, tests in by_name.items():
            folded.setdefault(name.lower(), []).extend(tests)
        found = {}
        for ref in refs:
            text = str(ref).strip()
            # exact name first; modules that key by upper-cased names are matched without regard to case
            named = by_name.get(text) or folded.get(text.lower(), [])
            if text in by_id:
                found[ref] = by_id[text]
            elif self.normalize_path(scope, text).lower() in by_path:
                found[ref] = by_path[self.normalize_path(scope, text).lower()]
            elif len(named) == 1:
                found[ref] = named[0]
            elif len(named) > 1:
                raise AmbiguousError(option, "%d test cases are named %r (ids %s)" % (
                    len(named), text, ", ".join(t["id"] for t in named)),
                    "write it as 'folder > name' or give the id")
        return found

    def test_name(self, full_name):
        """The name a test case named after a result gets."""
        return str(full_name or "").strip()[:NAME_MAX].strip()

    def find_tests_by_name(self, scope, names, option="results_file"):
        """{name: test} by exact name (else unique case-insensitive name) across the release's folders."""
        found = self.find_tests(scope, names, option)
        return dict((name, found[name]) for name in names if name in found)

    def create_tests_by_name(self, scope, names, folder=None):
        """Test cases with these names in the repository folder ``folder`` (created when missing; default
        Automation), in bulk -> portable tests in ``names`` order (ids None in check mode)."""
        node = self.folder_node(scope, folder or CREATE_FOLDER, "create_folder", create=True)
        items = [{"tcrCatalogTreeId": _int(node.get("id")),
                  "testcase": {"name": name, "projectId": int(scope.project["id"]), "automated": True,
                               "releaseId": int(scope.version["id"]), "customProperties": {}}} for name in names]
        created = self.api.create_testcases(items)
        tests = []
        for name, raw in zip(names, created):
            test = self._portable_test(raw, node["path"])
            test["name"] = test["name"] or name
            test["folder_id"] = test["folder_id"] or (str(node["id"]) if node.get("id") is not None else None)
            tests.append(test)
        return tests

    def create_test(self, scope, fields):
        node = self.folder_node(scope, fields.get("folder"), "folder", create=True)
        item = {"tcrCatalogTreeId": _int(node.get("id")),
                "testcase": dict(self._testcase_body(fields), projectId=int(scope.project["id"]),
                                 releaseId=int(scope.version["id"]), customProperties={})}
        created = self.api.create_testcases([item])
        raw = created[0] if created else {}
        if raw.get("id") is None:
            return dict(fields, id=None, key=None, folder=node["path"], steps=[])
        return self._portable_test(raw, node["path"])

    def update_test(self, scope, test, changes):
        body = dict(self._testcase_body(dict(test, **changes)), id=int(test["version_id"]))
        self.api.update_testcase(test["version_id"], body)
        return dict(test, **changes)

    def delete_test(self, scope, test):
        self.api.delete_testcase(test["id"])

    @staticmethod
    def _testcase_body(fields):
        body = {}
        if fields.get("name") is not None:
            body["name"] = fields["name"]
        if fields.get("description") is not None:
            body["description"] = fields["description"]
        if fields.get("labels") is not None:
            # ZE tags: one space-separated string; an empty tag corrupts data on MSSQL, so " "
            body["tag"] = " ".join(fields["labels"]) or " "
        if fields.get("priority") is not None:
            body["priority"] = str(fields["priority"])
        if fields.get("automated") is not None:
            body["automated"] = bool(fields["automated"])
        return body

    def _portable_test(self, raw, folder_path):
        testcase = raw.get("testcase") or {}
        return {
            "id": str(raw.get("id")) if raw.get("id") is not None else None,
            "key": None,
            "version_id": str(testcase.get("id")) if testcase.get("id") is not None else None,
            "testcase_id": str(testcase.get("testcaseId")) if testcase.get("testcaseId") is not None else None,
            "folder_id": str(raw.get("tcrCatalogTreeId")) if raw.get("tcrCatalogTreeId") is not None else None,
            "name": testcase.get("name"),
            "description": testcase.get("description") or "",
            "labels": sorted(set((testcase.get("tag") or "").split())),
            "components": [],
            "priority": str(testcase["priority"]) if testcase.get("priority") not in (None, "") else None,
            "automated": bool(testcase.get("automated")),
            "folder": folder_path,
        }

    # -- steps ------------------------------------------------------------------------------------
    def get_steps(self, scope, test):
        if test.get("version_id") is None:
            return []
        body = self.api.steps(test["version_id"])
        return [{"id": str(s.get("id")), "step": s.get("step") or "", "data": s.get("data") or "",
                 "result": s.get("result") or ""}
                for s in sorted(body.get("steps") or [], key=lambda s: s.get("orderId") or 0)]

    def set_steps(self, scope, test, steps, current=None):
        """All steps in one call (ZE replaces the list; a step keeps its id at its position).
        ``current`` (from get_steps) saves a read. -> number of writes (0 or 1)."""
        if current is None:
            current = self.get_steps(scope, test)
        wanted = [{"step": s.get("step") or "", "data": s.get("data") or "", "result": s.get("result") or ""}
                  for s in steps]
        if [dict((k, c[k]) for k in STEP_TEXT) for c in current] == wanted:
            return 0
        body = {"tcId": _int(test.get("version_id")), "tctId": _int(test.get("id")),
                "steps": [dict(w, id=_int(current[i]["id"]) if i < len(current) else None, orderId=i + 1)
                          for i, w in enumerate(wanted)]}
        if test.get("id") is not None:
            self.api.save_steps(test["version_id"], test["id"], body, exists=bool(current))
        return 1

    # -- test sets ----------------------------------------------------------------------------------
    def resolve_test_set(self, scope, spec, option, known=None):
        """Test references (ids, ``folder > name`` or unique names) or another cycle's phase."""
        if spec.get("keys") is not None:
            refs = unique_values(str(k).strip() for k in spec["keys"])
            known = known or {}
            unknown = [r for r in refs if r not in known]
            found = self.find_tests(scope, unknown, option) if unknown else {}
            missing = [r for r in unknown if r not in found]
            if missing:
                raise InputError(option, "test case%s not found in release %s: %s" % (
                    "s" if len(missing) > 1 else "", scope.version["name"], ", ".join(missing[:20])),
                    "give test case ids, 'folder > name' paths or unique names")
            tests = [known[r] if r in known else found[r] for r in refs]
            return {"tests": unique_tests(tests), "spec": spec}
        if spec.get("from_cycle") is not None:
            return self._from_cycle(scope, spec, option)
        raise InputError(option, "names no tests", "give test case references or a cycle to take them from")

    def _from_cycle(self, scope, spec, option):
        source = spec["from_cycle"]
        source_scope, cycle = self.source_cycle(scope, source, option)
        groups = self.list_groups(source_scope, cycle)
        if source.get("group"):
            groups = [g for g in groups if g["name"] == source["group"]]
            if not groups:
                raise InputError(option, "phase %r not found in cycle %r" % (source["group"], source["name"]),
                                 "give an existing phase")
        tests = []
        for group in groups:
            tests.extend(self._tests_of_executions(self.list_executions(source_scope, cycle, group)))
        return {"tests": unique_tests(tests), "spec": spec}

    @staticmethod
    def _tests_of_executions(executions):
        return [{"id": e["test_id"], "key": None, "name": e["test_name"], "folder_id": e.get("test_folder_id")}
                for e in executions]


def _int(value):
    return int(value) if value not in (None, "") else None
