"""The emulator's Xray Server import (Tests and runs written in bulk, Tests looked up through indexes) over
HTTP: the keys new Tests get, which existing Tests an import finds, and what a refused import leaves (nothing)."""

import pytest

import requests

AUTH = ("admin", "admin")
IMPORT = "/rest/raven/1.0/import/execution"


def call(emulator, method, path, **kwargs):
    return requests.request(method, emulator.url + path, auth=AUTH, timeout=30, **kwargs)


def runs(emulator, key):
    answer = call(emulator, "GET", "/rest/raven/1.0/api/testexec/%s/test" % key, params={"detailed": "true"})
    assert answer.status_code == 200, answer.text
    return dict((r["key"], r) for r in answer.json())


def new_test(summary, kind="Manual", **extra):
    info = {"projectKey": "SHOP", "summary": summary, "type": kind}
    info.update(extra)
    return {"testInfo": info, "status": "PASS"}


@pytest.fixture
def first(emulator):
    """An import creating three Tests (two Manual, one Generic) and the execution, in that order."""
    doc = {"info": {"project": "SHOP", "summary": "bulk 1"},
           "tests": [new_test("bulk alpha"), new_test("bulk beta"),
                     dict(new_test("bulk generic", "Generic", definition="bulk.gen.def"), status="FAIL"),
                     new_test("bulk alpha")]}  # the same Test twice: created once
    answer = call(emulator, "POST", IMPORT, json=doc)
    assert answer.status_code == 200, answer.text
    return answer.json()


def test_new_tests_get_consecutive_keys_and_ids_in_file_order_then_the_execution(emulator, first):
    created = first["testIssues"]["success"]
    assert len(created) == 3
    numbers = [int(t["key"].split("-")[1]) for t in created]
    ids = [int(t["id"]) for t in created]
    assert numbers == list(range(numbers[0], numbers[0] + 3)) and ids == list(range(ids[0], ids[0] + 3))
    execution = first["testExecIssue"]
    assert int(execution["key"].split("-")[1]) == numbers[-1] + 1 and int(execution["id"]) == ids[-1] + 1
    summaries = [call(emulator, "GET", "/rest/api/2/issue/%s" % t["key"]).json()["fields"]["summary"] for t in created]
    assert summaries == ["bulk alpha", "bulk beta", "bulk generic"]
    assert dict((k, r["status"]) for k, r in runs(emulator, execution["key"]).items()) == {
        created[0]["key"]: "PASS", created[1]["key"]: "PASS", created[2]["key"]: "FAIL"}


def test_a_second_import_finds_tests_by_summary_definition_and_key_in_any_case(emulator, first):
    alpha, beta, generic = [t["key"] for t in first["testIssues"]["success"]]
    doc = {"info": {"project": "SHOP", "summary": "bulk 2"},
           "tests": [new_test("bulk alpha"), dict(new_test("renamed", "Generic", definition="bulk.gen.def")),
                     {"testKey": beta.lower(), "status": "FAIL"}, new_test("bulk gamma")]}
    answer = call(emulator, "POST", IMPORT, json=doc)
    assert answer.status_code == 200, answer.text
    keys = [t["key"] for t in answer.json()["testIssues"]["success"]]
    assert keys[:3] == [alpha, generic, beta] and keys[3] not in (alpha, beta, generic)
    assert len(runs(emulator, answer.json()["testExecIssue"]["key"])) == 4


def test_a_bad_evidence_is_refused_before_any_run_changes(emulator, first):
    alpha, beta, _generic = [t["key"] for t in first["testIssues"]["success"]]
    execution = first["testExecIssue"]["key"]
    doc = {"testExecutionKey": execution,
           "tests": [{"testKey": alpha, "status": "FAIL", "comment": "first"},
                     {"testKey": beta, "status": "FAIL", "evidences": [{"data": "%%%", "filename": "x.txt"}]}]}
    answer = call(emulator, "POST", IMPORT, json=doc)
    assert answer.status_code == 400 and "not valid base64" in answer.json()["error"]
    after = runs(emulator, execution)
    assert (after[alpha]["status"], after[alpha]["comment"]) == ("PASS", "")
    assert after[beta]["status"] == "PASS" and after[beta]["evidences"] == []
