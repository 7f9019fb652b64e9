"""module_runner names the option when a dict option, or a list of dicts, holds something else (ansible-core's
no_log scan would fail first with a message naming no option)."""

import pytest

from ansible.module_utils.common.arg_spec import ArgumentSpecValidator

from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import dict_option_problem

FROM_CYCLE = dict(type="dict", options=dict(name=dict(type="str", required=True), folder=dict(type="str")))
SPEC = dict(
    name=dict(type="str"),
    folders=dict(type="list", elements="dict",
                 options=dict(name=dict(type="str", required=True), tests_from_cycle=FROM_CYCLE)),
    tests_from_cycle=FROM_CYCLE,
    statuses=dict(type="dict"),
    labels=dict(type="list", elements="str"),
)


@pytest.mark.parametrize("params, option, fix", [
    ({"folders": ["UI"]}, "folders[0]", "give each item as a dict, for example {name: ...}"),
    ({"folders": "UI"}, "folders[0]", "give each item as a dict"),
    ({"folders": [{"name": "a"}, 3]}, "folders[1]", "give each item as a dict"),
    ({"folders": [{"name": "a", "tests_from_cycle": "Smoke"}]}, "folders[0].tests_from_cycle",
     "give its options as a dict, for example {name: ...}"),
    ({"tests_from_cycle": ["Smoke"]}, "tests_from_cycle", "give its options as a dict"),
])
def test_a_value_that_is_no_dict_is_named_and_emptied(params, option, fix):
    problem = dict_option_problem(SPEC, params)
    assert problem.option == option
    assert str(problem).startswith(option + ": must be a dict, not ") and fix in str(problem)
    # emptied, so AnsibleModule's own checks and no_log scan run over the rest without stopping there
    top = option.split("[")[0].split(".")[0]
    assert params[top] in ([], None)
    assert ArgumentSpecValidator(SPEC).validate(params).error_messages == []


def test_the_first_bad_option_is_told_and_every_bad_one_emptied():
    params = {"folders": ["UI"], "tests_from_cycle": "Smoke"}
    assert dict_option_problem(SPEC, params).option == "folders[0]"
    assert params == {"folders": [], "tests_from_cycle": None}


@pytest.mark.parametrize("params", [
    {"folders": [{"name": "UI"}]},
    {"folders": ["name=UI"]},  # Ansible reads key=value strings as dicts
    {"folders": ['{"name": "UI"}']},
    {"tests_from_cycle": "name=Smoke"},
    {"folders": None, "tests_from_cycle": None},
    {"statuses": "not a dict"},  # no sub-options: Ansible's own type check names it
    {"labels": "a,b", "name": "x"},
])
def test_good_values_and_options_without_sub_options_are_left_alone(params):
    before = dict(params)
    assert dict_option_problem(SPEC, params) is None
    assert params == before
