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

    def find_execution(self, key=None, project=None, summary=None, missing_ok=False, read_custom=True):
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
                results_file=None, format=None, merge="keep", publisher=None, import_batch_size=None)
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


def test_files_fold_one_verdict_per_test_and_only_needed_files_are_reimported(tmp_path):
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
    # c.two passes in a.xml and fails in b.xml: one verdict (FAIL), so a.xml goes as Xray JSON entries
    # carrying the folded verdict rather than whole (xray_fold), then b.xml whole
    sent = [c for c in backend.calls if c[0] in ("file", "entries")]
    assert [c[0] for c in sent] == ["entries", "file"] and sent[1] == ("file", "b.xml")


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
    (dict(results_file=["x.xml"], format="xml"), "format"),
    (dict(results_file=["x.xml"]), "results_file"),
    (dict(merge="overwrite"), "merge"),
    (dict(import_batch_size=0), "import_batch_size"),
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


# -- merge: what people changed --------------------------------------------------------------------
from ansible_collections.testops.testmgmt.plugins.module_utils.xray_merge import MergePolicy, has_paragraph  # noqa: E402


class MergeBackend(FakeBackend):
    def __init__(self, runs=None, execution=None, me=("admin",)):
        super(MergeBackend, self).__init__(runs, execution)
        self.me = me

    def publisher_names(self):
        self.calls.append(("myself",))
        return list(self.me) if self.me is not None else None

    def update_runs(self, updates):
        self.calls.append(("runs", [dict((k, v) for k, v in u.items() if k != "run") for u in updates]))

    def import_xray_json(self, execution, document, fields=None):
        self.calls.append(("json", len(document["tests"]), execution["key"] if execution else None))
        return {"id": "1", "key": "SHOP-500", "url": None}


def by(run, user):
    return dict(run, executed_by=user)


@pytest.mark.parametrize("mode, current, ours, expected", [
    ("keep", "", "boom", "boom"), ("keep", "boom", "boom", None), ("keep", "theirs", "boom", "theirs\n\nboom"),
    ("keep", "theirs\n\nboom", "boom", None), ("keep", "boom\n\ntheirs", "boom", None), ("keep", "x", None, None),
    ("replace", "theirs\n\nboom", "boom", "boom"), ("replace", "boom", "boom", None),
])
def test_merge_comment(mode, current, ours, expected):
    assert MergePolicy(mode, None).comment(current, ours) == expected


def test_has_paragraph_is_not_a_substring_search():
    assert has_paragraph("a\n\nb\n\nc", "b") and not has_paragraph("looks ok to me", "ok")


def test_keep_leaves_a_persons_status_and_merges_into_the_run():
    runs = [by(run_of("SHOP-101", "PASS", comment="flaky"), "tester"), by(run_of("SHOP-102", "FAIL"), "admin"),
            run_of("SHOP-103", "TODO")]
    backend = MergeBackend(runs, EXECUTION)
    changed, execution, _diff = run(backend, results=[
        {"test": "SHOP-101", "status": "fail", "comment": "boom", "defects": ["SHOP-9"]},
        {"test": "SHOP-102", "status": "pass"}, {"test": "SHOP-103", "status": "fail"}])
    assert changed
    assert ("runs", [{"comment": "flaky\n\nboom", "add_defects": ["SHOP-9"], "evidence": []}]) in backend.calls
    entries = [c[1] for c in backend.calls if c[0] == "entries"]
    assert entries == [[{"testKey": "SHOP-102", "status": "PASS"}, {"testKey": "SHOP-103", "status": "FAIL"}]]
    assert execution["kept"] == [{"test": "SHOP-101", "status": "PASS", "published": "FAIL", "executed_by": "tester"}]

    again = MergeBackend([by(run_of("SHOP-101", "PASS", comment="flaky\n\nboom", defects=["SHOP-9"]), "tester")],
                         EXECUTION)
    changed, _execution, _diff = run(again, results=[{"test": "SHOP-101", "status": "fail", "comment": "boom",
                                                      "defects": ["SHOP-9"]}])
    assert changed is False and [c[0] for c in again.calls] == ["myself"]

    replaced = MergeBackend(runs, EXECUTION)
    run(replaced, merge="replace", results=[{"test": "SHOP-101", "status": "fail", "comment": "boom"}])
    assert ("entries", [{"testKey": "SHOP-101", "status": "FAIL", "comment": "boom"}]) in replaced.calls
    assert ("myself",) not in replaced.calls  # replace needs no identity


class LoginBackend(MergeBackend):
    """Basic auth: the login name is known without asking the server."""

    def publisher_login(self):
        return "Admin"


def test_runs_executed_by_the_login_need_no_identity_request():
    runs = [by(run_of("SHOP-101", "PASS"), "admin"), by(run_of("SHOP-102", "FAIL"), "ADMIN")]
    backend = LoginBackend(runs, EXECUTION)
    changed, _execution, _diff = run(backend, results=[{"test": "SHOP-101", "status": "pass"},
                                                       {"test": "SHOP-102", "status": "pass"}])
    assert changed and ("myself",) not in backend.calls  # own runs: published over, nobody asked
    assert [c[1] for c in backend.calls if c[0] == "entries"] == [[{"testKey": "SHOP-102", "status": "PASS"}]]

    other = LoginBackend([by(run_of("SHOP-101", "PASS"), "admin"), by(run_of("SHOP-102", "FAIL"), "tester")],
                         EXECUTION)
    changed, execution, _diff = run(other, results=[{"test": "SHOP-102", "status": "pass"}])
    assert other.calls[0] == ("myself",) and changed is False  # someone else's run: who am I, then keep it
    assert execution["kept"] == [{"test": "SHOP-102", "status": "FAIL", "published": "PASS", "executed_by": "tester"}]


def test_a_file_naming_a_persons_run_goes_without_it(tmp_path):
    report = tmp_path / "r.xml"
    report.write_text('<testsuite name="s"><testcase classname="c" name="a"><properties>'
                      '<property name="test_key" value="SHOP-101"/></properties><failure/></testcase>'
                      '<testcase classname="c" name="b"><properties><property name="test_key" value="SHOP-102"/>'
                      '</properties></testcase></testsuite>')
    runs = [by(run_of("SHOP-101", "PASS"), "tester"), by(run_of("SHOP-102", "FAIL"), "admin")]
    backend = MergeBackend(runs, EXECUTION)
    changed, execution, _diff = run(backend, results_file=[str(report)], format="junit")
    assert changed and [c for c in backend.calls if c[0] == "file"] == []  # not the whole file
    assert [c[1] for c in backend.calls if c[0] == "entries"] == [[{"testKey": "SHOP-102", "status": "PASS"}]]
    assert [k["test"] for k in execution["kept"]] == ["SHOP-101"]


def test_cloud_without_publisher_counts_every_run_as_its_own():
    warnings = []
    backend = MergeBackend([by(run_of("SHOP-101", "PASSED"), "5b10ac8d82e05b22cc7d4ef5")], EXECUTION, me=None)
    backend.deployment, backend.product = "cloud", "xray_cloud"
    sync = ExecutionSync(backend, wanted_from(params(results=[{"test": "SHOP-101", "status": "fail"}]), "xray_cloud"),
                         warn=warnings.append)
    sync.present()
    assert ("entries", [{"testKey": "SHOP-101", "status": "FAILED"}]) in backend.calls
    assert len(warnings) == 1 and "publisher" in warnings[0]
    with_publisher = MergeBackend([by(run_of("SHOP-101", "PASSED"), "5b10ac8d82e05b22cc7d4ef5")], EXECUTION, me=None)
    with_publisher.deployment, with_publisher.product = "cloud", "xray_cloud"
    changed, execution, _diff = ExecutionSync(with_publisher, wanted_from(params(
        results=[{"test": "SHOP-101", "status": "fail"}], publisher="ci-bot-id"), "xray_cloud")).present()
    assert changed is False and execution["kept"][0]["test"] == "SHOP-101"


# -- split: a report larger than one import -------------------------------------------------------
def test_a_large_report_is_imported_in_batches_into_one_execution(tmp_path):
    report = tmp_path / "big.xml"
    report.write_text('<testsuite name="s">%s</testsuite>' % "".join(
        '<testcase classname="c" name="t%d"/>' % i for i in range(5)))
    notes = []
    backend = MergeBackend()
    sync = ExecutionSync(backend, wanted_from(params(results_file=[str(report)], format="junit",
                                                     import_batch_size=2), "xray_server"),
                         note=lambda message, **data: notes.append(data))
    changed, execution, diff = sync.present()
    assert changed and execution["key"] == "SHOP-500" and len(diff["after"]["tests"]) == 5
    assert [c for c in backend.calls if c[0] in ("json", "entries", "file")] == [
        ("json", 2, None), ("entries", [
            {"status": "PASS", "testInfo": {"projectKey": "SHOP", "type": "Generic", "testType": "Generic",
                                            "definition": "c.t%d" % i, "summary": "t%d" % i}} for i in (2, 3)]),
        ("entries", [{"status": "PASS", "testInfo": {"projectKey": "SHOP", "type": "Generic", "testType": "Generic",
                                                     "definition": "c.t4", "summary": "t4"}}])]
    assert notes == [{"batch": 1, "batches": 3, "results": 2}, {"batch": 2, "batches": 3, "results": 2},
                     {"batch": 3, "batches": 3, "results": 1}]
