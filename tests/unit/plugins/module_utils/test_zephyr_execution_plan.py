"""zephyr_execution's pure steps: option checks, the place, keys, merge keep and the per-execution plan."""

import pytest

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_inputs import check_options, read_inputs
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_keep import Publisher, comment_target
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_place import create_place, find_place
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_plan import make_plan
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_tests import keyed
# imported under another name: pytest would collect tests_to_add as a test
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_tests import tests_to_add as to_add
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import MAX_COMMENT, TRAILER_LENGTH, from_params, signed

TODO, PASS, FAIL = 1, 2, 3


class Backend(object):
    """Just what the steps under test ask; counts the calls that cost a request."""

    def __init__(self, cycles=None, groups=None, publishers=("me",), test_folders=False):
        self.cycles = cycles or {}
        self.groups = groups or {}
        self.publishers = publishers
        self.test_folders = test_folders
        self.calls = []

    def find_cycle(self, scope, name):
        return self.cycles.get(name)

    def find_group(self, scope, cycle, name, option):
        return self.groups.get(name)

    def create_cycle(self, scope, fields):
        self.calls.append(("create_cycle", fields["name"]))
        return {"id": "c1", "name": fields["name"]}

    def create_group(self, scope, cycle, fields):
        self.calls.append(("create_group", cycle["id"], fields["name"]))
        return {"id": "g1", "name": fields["name"]}

    def resolve_status(self, name, option=None):
        return {"todo": TODO, "pass": PASS, "fail": FAIL}[name]

    def publisher_ids(self):
        self.calls.append(("publisher_ids",))
        return list(self.publishers)

    def execution_defects(self, scope, execution):
        self.calls.append(("execution_defects", execution["id"]))
        return ["shop-7"]


class Scope(object):
    project = {"key": "SHOP"}
    version = {"name": "1.0"}


def params(**given):
    base = dict(project="SHOP", version="1.0", release=None, cycle="Nightly", folder=None, phase=None, results=None,
                results_file=None, format="auto", key_pattern=None, statuses=None, file_comments=True, comment_limit=200,
                create_cycle=False, add_tests=True, on_unmapped="skip", create_folder=None, merge="keep", attachments=None)
    base.update(given)
    return base


def execution(key, status_id=TODO, comment="", executed_by=None, **more):
    found = {"id": "e-%s" % key, "test_key": key, "test_name": None, "status_id": status_id, "status": "x",
             "comment": comment, "executed_by": executed_by}
    found.update(more)
    return found


def test_check_options_names_the_option():
    with pytest.raises(InputError) as error:
        check_options(Backend(), params(comment_limit=-1))
    assert error.value.option == "comment_limit"
    with pytest.raises(InputError) as error:
        check_options(Backend(), params(on_unmapped="create", add_tests=False))
    assert error.value.option == "on_unmapped"
    with pytest.raises(InputError) as error:
        check_options(Backend(), params(create_folder="Imported"))
    assert error.value.option == "create_folder"
    check_options(Backend(test_folders=True), params(create_folder="Imported"))


def test_read_inputs_needs_something_to_publish_and_signs_within_the_limit():
    with pytest.raises(InputError) as error:
        read_inputs(Backend(), params())
    assert error.value.option == "results"
    keep = read_inputs(Backend(), params(results=[{"test": "shop-1", "status": "pass"}]))
    assert keep.keep and list(keep.explicit) == ["SHOP-1"] and keep.files.limit == MAX_COMMENT - TRAILER_LENGTH
    replace = read_inputs(Backend(), params(merge="replace", results=[{"test": "SHOP-1", "status": "pass"}]))
    assert not replace.keep and replace.files.limit == MAX_COMMENT


def test_find_place_missing_cycle_fails_or_is_predicted():
    with pytest.raises(InputError) as error:
        find_place(Backend(), Scope(), params())
    assert error.value.option == "cycle" and "create_cycle" in str(error.value)
    cycle, group, new = find_place(Backend(), Scope(), params(create_cycle=True, folder="UI"))
    assert cycle == {"id": None, "name": "Nightly"} and group == {"id": None, "name": "UI"} and new == ["cycle", "folder"]


def test_find_place_missing_phase_names_the_phase_option():
    backend = Backend(cycles={"Nightly": {"id": "7", "name": "Nightly"}})
    with pytest.raises(InputError) as error:
        find_place(backend, Scope(), params(phase="Cart"))
    assert error.value.option == "phase"
    assert find_place(backend, Scope(), params(phase="Cart", create_cycle=True))[2] == ["phase"]


def test_create_place_creates_only_what_is_new():
    backend = Backend()
    cycle, group = create_place(backend, Scope(), params(), ["folder"], {"id": "7", "name": "Nightly"},
                                {"id": None, "name": "UI"})
    assert cycle["id"] == "7" and group["id"] == "g1" and backend.calls == [("create_group", "7", "UI")]


def test_keyed_uses_the_name_when_there_is_no_key():
    executions = [execution("shop-1"), dict(execution(None), test_name="Cart.checkout")]
    assert sorted(keyed(executions)) == ["CART.CHECKOUT", "SHOP-1"]


def test_tests_to_add_without_add_tests_names_the_result():
    explicit = from_params([{"test": "SHOP-1", "status": "pass"}, {"test": "SHOP-2", "status": "pass"}])
    with pytest.raises(InputError) as error:
        to_add(Backend(), Scope(), params(add_tests=False), explicit, {}, [], keyed([execution("SHOP-1")]))
    assert error.value.option == "results[1].test"
    in_cycle = keyed([execution("SHOP-1"), execution("SHOP-2")])
    assert to_add(Backend(), Scope(), params(), explicit, {}, [], in_cycle) == ([], [])


def test_comment_target_keep_writes_over_empty_or_own_comments_only():
    assert comment_target(None, "anything", True) == (None, False)
    assert comment_target("broke", "", True) == (signed("broke"), False)
    assert comment_target("broke", signed("old run"), True) == (signed("broke"), False)
    assert comment_target("broke", signed("broke"), True) == (None, False)
    assert comment_target("broke", "a person wrote this", True) == (None, True)
    assert comment_target("broke", "a person wrote this", False) == ("broke", False)
    assert comment_target("broke", "broke", False) == (None, False)


def test_publisher_asks_who_publishes_once_and_only_for_executed_ones():
    backend = Backend(publishers=("me",))
    publisher = Publisher(backend)
    assert not publisher.manual(execution("SHOP-1", status_id=PASS))
    assert not publisher.manual(execution("SHOP-1", status_id=TODO, executed_by="alice"))
    assert backend.calls == []
    assert publisher.manual(execution("SHOP-1", status_id=FAIL, executed_by="alice"))
    assert not publisher.manual(execution("SHOP-2", status_id=FAIL, executed_by="me"))
    assert backend.calls == [("publisher_ids",)]


def test_make_plan_bulk_status_execute_for_comments_and_keeps_a_persons_verdict():
    wanted = from_params([{"test": "SHOP-1", "status": "pass"},
                          {"test": "SHOP-2", "status": "fail", "comment": "broke"},
                          {"test": "SHOP-3", "status": "pass", "comment": "ok"},
                          {"test": "SHOP-4", "status": "pass"}])
    for item in wanted.values():
        item.status = Backend().resolve_status(item.status)
    by_key = keyed([execution("SHOP-1"), execution("SHOP-2"), execution("SHOP-3", status_id=FAIL, executed_by="alice"),
                    execution("SHOP-4", status_id=PASS, executed_by="me")])
    plan = dict((key, change) for key, item, change in make_plan(Backend(), Scope(), wanted, by_key, True))
    assert plan["SHOP-1"]["status"] and not plan["SHOP-1"]["execute"]
    assert plan["SHOP-2"]["execute"] and plan["SHOP-2"]["comment_text"] == signed("broke")
    assert plan["SHOP-3"]["manual"] and plan["SHOP-3"]["kept"] == ["status", "comment"]
    assert not plan["SHOP-3"]["status"] and not plan["SHOP-3"]["execute"]
    assert not any(plan["SHOP-4"][f] for f in ("status", "comment", "defects", "execute"))


def test_make_plan_defects_keep_adds_and_reads_only_where_there_are_some():
    wanted = from_params([{"test": "SHOP-1", "defects": ["shop-9"]}, {"test": "SHOP-2", "defects": ["shop-9"]}])
    by_key = keyed([execution("SHOP-1", defect_count=1), execution("SHOP-2", defect_count=0)])
    backend = Backend()
    plan = dict((key, change) for key, item, change in make_plan(backend, Scope(), wanted, by_key, True))
    assert plan["SHOP-1"]["defects_set"] == ["SHOP-7", "SHOP-9"] and plan["SHOP-1"]["execute"]
    assert plan["SHOP-2"]["defects_set"] == ["SHOP-9"]
    assert backend.calls == [("execution_defects", "e-SHOP-1")]
    replace = dict((key, change) for key, item, change in make_plan(Backend(), Scope(), wanted, by_key, False))
    assert replace["SHOP-1"]["defects_set"] == ["SHOP-9"] and replace["SHOP-1"]["before"]["defects"] == ["SHOP-7"]
