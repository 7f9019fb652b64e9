"""The decisions of ExecutionSync and the option checks, against an in-memory backend (no HTTP)."""

import os

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.xray import XrayBackend
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_sync import ExecutionSync
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_text import jql_text, jql_value
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_wanted import native_status, wanted_from

TESTS = dict(("SHOP-%d" % n, {"id": str(n), "key": "SHOP-%d" % n, "summary": None, "type": "Manual",
                              "definition": None}) for n in range(101, 111))


class FakeBackend(XrayBackend):
    deployment = "server"
    product = "xray_server"

    def __init__(self, runs=None, execution=None, statuses=None):
        super(FakeBackend, self).__init__(None)
        self.execution = execution
        self.runs = runs or []
        self.calls = []
        self.statuses = statuses

    def find_execution(self, key=None, project=None, summary=None, missing_ok=False):
        return dict(self.execution) if self.execution else None

    def list_runs(self, execution, details=False):
        return [dict(r) for r in self.runs]

    def find_tests(self, keys):
        self.calls.append(("find_tests", sorted(keys)))
        return dict((k, TESTS[k]) for k in keys if k in TESTS)

    def create_execution(self, fields, entries):
        self.calls.append(("create", fields["summary"]))
        return dict(fields, id="1", key="SHOP-500", environments=[], labels=[], test_plans=[])

    def update_execution(self, execution, changes):
        self.calls.append(("update", changes))

    def change_tests(self, execution, add, remove):
        self.calls.append(("tests", [t["key"] for t in add], [r["test_key"] for r in remove]))

    def import_entries(self, execution, entries):
        self.calls.append(("entries", entries))

    def import_file(self, execution, path, fmt, fields=None):
        self.calls.append(("file", os.path.basename(path)))
        return {"id": "1", "key": "SHOP-500", "url": None}

    def status_names(self):
        return self.statuses

    def multipart_carries(self, fields):
        return True


def params(**overrides):
    base = dict(key=None, project="SHOP", summary="Nightly", description=None, fix_version=None, revision=None,
                environments=None, labels=None, test_plan=None, tests=None, purge_tests=False, results=None,
                results_file=None, format=None)
    base.update(overrides)
    return base


def run(backend, **overrides):
    sync = ExecutionSync(backend, wanted_from(params(**overrides), backend.product))
    return sync.present()


EXECUTION = {"id": "1", "key": "SHOP-500", "url": None, "project": "SHOP", "summary": "Nightly", "description": "",
             "fix_version": None, "revision": None, "environments": [], "labels": [], "test_plans": []}


def run_of(key, status, comment="", defects=(), evidence=()):
    return {"id": key, "test_key": key, "test_id": key.split("-")[1], "status": status, "comment": comment,
            "defects": list(defects), "evidence": list(evidence), "test": TESTS.get(key)}


def test_same_results_again_write_nothing():
    backend = FakeBackend([run_of("SHOP-101", "PASS"), run_of("SHOP-102", "FAIL", comment="broken")], EXECUTION)
    changed, execution, diff = run(backend, results=[{"test": "SHOP-101", "status": "pass"},
                                                     {"test": "SHOP-102", "status": "FAIL", "comment": "broken"}])
    assert changed is False and diff is None
    assert [c for c in backend.calls if c[0] != "find_tests"] == []
    assert execution["counts"] == {"PASS": 1, "FAIL": 1}


def test_only_changed_results_are_imported_in_one_request():
    backend = FakeBackend([run_of("SHOP-101", "PASS"), run_of("SHOP-102", "FAIL", defects=["SHOP-1"])], EXECUTION)
    changed, execution, diff = run(backend, results=[
        {"test": "SHOP-101", "status": "pass"}, {"test": "SHOP-102", "status": "fail", "defects": ["SHOP-1", "SHOP-2"]},
        {"test": "SHOP-103", "status": "blocked"}])
    assert changed is True
    entries = [c for c in backend.calls if c[0] == "entries"]
    assert entries == [("entries", [{"testKey": "SHOP-102", "status": "FAIL", "defects": ["SHOP-2"]},
                                    {"testKey": "SHOP-103", "status": "BLOCKED"}])]
    assert diff["after"]["statuses"]["SHOP-103"] == "BLOCKED" and "SHOP-103" not in diff["before"]["statuses"]


def test_unknown_keys_fail_before_any_write():
    backend = FakeBackend([run_of("SHOP-101", "PASS")], EXECUTION)
    with pytest.raises(InputError) as err:
        run(backend, tests=["SHOP-101", "SHOP-900"], results=[{"test": "SHOP-901", "status": "pass"}])
    assert str(err.value).startswith("results:") or str(err.value).startswith("tests:")
    assert "SHOP-900" in str(err.value) and "SHOP-901" in str(err.value)
    assert [c[0] for c in backend.calls] == ["find_tests"]


def test_membership_add_and_purge_in_one_call():
    backend = FakeBackend([run_of("SHOP-101", "PASS"), run_of("SHOP-102", "TODO")], EXECUTION)
    changed, _execution, diff = run(backend, tests=["SHOP-101", "SHOP-103"], purge_tests=True)
    assert changed and ("tests", ["SHOP-103"], ["SHOP-102"]) in backend.calls
    assert diff["before"]["tests"] == ["SHOP-101", "SHOP-102"] and diff["after"]["tests"] == ["SHOP-101", "SHOP-103"]


def test_files_later_wins_and_only_needed_files_are_reimported(tmp_path):
    first = tmp_path / "a.xml"
    first.write_text('<testsuite name="s"><testcase classname="c" name="one"/><testcase classname="c" name="two"/>'
                     '</testsuite>')
    second = tmp_path / "b.xml"
    second.write_text('<testsuite name="s"><testcase classname="c" name="two"><failure/></testcase></testsuite>')
    generic = dict(TESTS["SHOP-101"], type="Generic")
    runs = [dict(run_of("SHOP-120", "PASS"), test=dict(generic, key="SHOP-120", definition="c.one")),
            dict(run_of("SHOP-121", "FAIL"), test=dict(generic, key="SHOP-121", definition="c.two"))]
    backend = FakeBackend(runs, EXECUTION)
    changed, _execution, _diff = run(backend, results_file=[str(first), str(second)], format="junit")
    assert changed is False and [c for c in backend.calls if c[0] != "find_tests"] == []
    runs[1]["status"] = "PASS"  # someone changed a run: only the file that decides it is imported again
    backend = FakeBackend(runs, EXECUTION)
    changed, _execution, diff = run(backend, results_file=[str(first), str(second)], format="junit")
    assert changed and [c for c in backend.calls if c[0] == "file"] == [("file", "b.xml")]
    assert diff["after"]["statuses"]["SHOP-121"] == "FAIL"
    runs[0]["status"] = "FAIL"
    backend = FakeBackend(runs, EXECUTION)
    run(backend, results_file=[str(first), str(second)], format="junit")
    assert [c for c in backend.calls if c[0] == "file"] == [("file", "a.xml"), ("file", "b.xml")]


def test_creation_goes_through_the_first_file(tmp_path):
    report = tmp_path / "a.xml"
    report.write_text('<testsuite name="s"><testcase classname="c" name="one"/></testsuite>')
    backend = FakeBackend()
    changed, execution, diff = run(backend, results_file=[str(report)], format="junit",
                                   results=[{"test": "SHOP-101", "status": "pass"}])
    assert changed and execution["key"] == "SHOP-500"
    assert [c[0] for c in backend.calls if c[0] != "find_tests"] == ["file", "entries"]
    assert diff["before"] == {} and "c.one (new Generic Test)" in diff["after"]["tests"]


def test_fields_that_cannot_change_warn_instead():
    class Cloudish(FakeBackend):
        deployment = "cloud"
        product = "xray_cloud"
        updatable_fields = ("environments",)

    warnings = []
    backend = Cloudish([], dict(EXECUTION, description="old"))
    sync = ExecutionSync(backend, wanted_from(params(description="new", environments=["qa"]), "xray_cloud"),
                         warn=warnings.append)
    changed, _execution, _diff = sync.present()
    assert changed and ("update", {"environments": ["qa"]}) in backend.calls
    assert len(warnings) == 1 and "description" in warnings[0]


def test_custom_statuses_are_checked_against_the_server():
    backend = FakeBackend([], EXECUTION, statuses=["PASS", "FAIL", "TODO", "RETEST"])
    changed, _execution, _diff = run(backend, results=[{"test": "SHOP-101", "status": "retest"}])
    assert changed and backend.calls[-1][1][0]["status"] == "RETEST"
    with pytest.raises(InputError, match="results\\[0\\].status"):
        run(FakeBackend([], EXECUTION, statuses=["PASS"]), results=[{"test": "SHOP-101", "status": "NOPE"}])


@pytest.mark.parametrize("name, product, expected", [
    ("pass", "xray_server", ("PASS", False)), ("pass", "xray_cloud", ("PASSED", False)),
    ("PASS", "xray_cloud", ("PASSED", False)), ("skip", "xray_server", ("TODO", False)),
    ("in_progress", "xray_cloud", ("EXECUTING", False)), ("blocked", "xray_cloud", ("BLOCKED", False)),
    ("Retest", "xray_server", ("RETEST", True)),
])
def test_native_status(name, product, expected):
    assert native_status(name, product) == expected


@pytest.mark.parametrize("overrides, option", [
    (dict(project=None, summary=None), "summary"),
    (dict(key="shop-1"), "key"),
    (dict(summary=" "), "summary"),
    (dict(tests=["SHOP-1"], purge_tests=False, results=[{"test": "SHOP-1", "status": "pass"},
                                                        {"test": "SHOP-1", "status": "fail"}]), "results"),
    (dict(results=[{"test": "SHOP-1", "status": "not ok"}]), "results[0].status"),
    (dict(labels=["a b"]), "labels"),
    (dict(purge_tests=True), "purge_tests"),
    (dict(results_file=["x.xml"]), "format"),
    (dict(test_plan="plan"), "test_plan"),
])
def test_bad_options(overrides, option):
    with pytest.raises(InputError) as err:
        wanted_from(params(**overrides), "xray_server")
    assert str(err.value).startswith(option)


def test_jql_helpers():
    assert jql_value('say "hi"') == '"say \\"hi\\""'
    assert jql_text("Nightly [2.5.0] - run: #4") == "Nightly 2.5.0 run #4"
    assert jql_text("***") == "*"


def test_absent_deletes_once():
    class Deleting(FakeBackend):
        def delete_execution(self, execution):
            self.calls.append(("delete", execution["key"]))

    backend = Deleting([], EXECUTION)
    assert ExecutionSync(backend, wanted_from(params(), "xray_server")).absent()[0] is True
    assert backend.calls == [("delete", "SHOP-500")]
    assert ExecutionSync(Deleting(), wanted_from(params(key="SHOP-9"), "xray_server")).absent() == (False, {}, None)
