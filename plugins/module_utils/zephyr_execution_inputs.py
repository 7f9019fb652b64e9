# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: the options, result files and attachments, checked before any request.

read_inputs() returns the Publication the later steps fill in (zephyr_execution_plan.py) and write
(zephyr_execution_apply.py).
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.upload import check_upload
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import MAX_COMMENT, TRAILER_LENGTH, from_params, split_file_results


class Publication(object):
    """One run of zephyr_execution: its checked inputs (read_inputs), what the reads found (plan_publish
    in zephyr_execution_plan.py), which apply_publish (zephyr_execution_apply.py) writes."""

    def __init__(self, params, keep, explicit, files, uploads):
        self.params = params
        self.keep = keep  # merge keep: a person's status, comment and defects stay
        self.explicit = explicit  # the results option, by key
        self.files = files  # FileResults
        self.uploads = uploads  # checked attachments, in the order of the attachments option
        self.scope = None
        self.cycle, self.group = None, None
        self.new_place = []  # what create_cycle creates: "cycle", "folder"/"phase"
        self.by_key = {}  # executions of the cycle (folder, phase) by test key (Enterprise: test name)
        self.to_add, self.to_create = [], []
        self.unmapped, self.uncommented = [], 0
        self.wanted = {}  # Wanted result by key
        self.step_status, self.current_steps = {}, {}


class FileResults(object):
    """What the result files say: entries by key, entries without one (by test name), the summary."""

    def __init__(self, limit):
        self.by_key, self.by_name, self.summary, self.given = {}, {}, None, False
        self.position = {}  # id(result) -> its index in the files: which failures are commented first
        self.keys_are_names = False  # Zephyr Enterprise maps results by test case name
        self.limit = limit


def read_inputs(backend, params):
    """Checks the options, reads the result files and checks the attachments -> Publication. No request."""
    check_options(backend, params)
    keep = params["merge"] == "keep"
    limit = MAX_COMMENT - TRAILER_LENGTH if keep else MAX_COMMENT  # keep signs the comments it writes
    explicit = from_params(params["results"], limit)
    files = read_files(params, backend, limit)
    uploads = check_attachments(params["attachments"])
    if not explicit and not files.given and not params["attachments"]:
        raise InputError("results", "no results given", "give results, results_file or attachments")
    return Publication(params, keep, explicit, files, uploads)


def read_files(params, backend, limit):
    """FileResults of results_file; file problems name the option.

    An edition that matches results to tests by name (Zephyr Enterprise: ``<class>.<name>``) keys
    every result by its name, unless a ``key_pattern`` says where ids are written."""
    files = FileResults(limit)
    if not params["results_file"]:
        return files
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
    from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import load_results

    try:
        results, summary = load_results(params["results_file"], fmt=params["format"],
                                        key_pattern=params["key_pattern"], statuses=params["statuses"])
    except ResultFileError as exc:
        raise InputError("results_file", str(exc))
    except ValueError as exc:
        option = "statuses" if "statuses" in str(exc) else "key_pattern" if "key_pattern" in str(exc) else "format"
        raise InputError(option, str(exc))
    if getattr(backend, "results_by_name", False) and not params["key_pattern"]:
        files.keys_are_names = True
        for result in results:
            result.key = backend.test_name(result.full_name)
    files.by_key, files.by_name = split_file_results(results, params["file_comments"], limit, backend.test_name)
    files.position = dict((id(result), index) for index, result in enumerate(results))
    files.summary, files.given = summary, True
    return files


def check_options(backend, params):
    if params["comment_limit"] < 0:
        raise InputError("comment_limit", "is %d" % params["comment_limit"],
                         "give how many failures may get a comment (0 = none)")
    if params["on_unmapped"] == "create" and not params["add_tests"]:
        raise InputError("on_unmapped", "create adds the tests it creates to the cycle, but add_tests is false",
                         "set add_tests to true, or on_unmapped to skip or fail")
    if params["create_folder"] and not getattr(backend, "test_folders", False):
        raise InputError("create_folder", "is for Zephyr Enterprise, whose test cases live in repository folders",
                         "remove it (Zephyr Squad tests are Jira issues of the project)")


def check_attachments(attachments):
    """Every attachment checked (readable, within the upload limit) before anything is written; the
    name each is sent under is the sanitized one the server keeps, so re-runs compare like with like."""
    return [check_upload(item["path"], "attachments[%d].path" % index, name=item.get("name"))
            for index, item in enumerate(attachments or [])]
