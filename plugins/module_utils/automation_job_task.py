# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs the automation-job modules: like module_runner.run_module, but a task returns several keys
(job, run, cycle_id, progress) and a failed run still reports what was done."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import missing_required_lib

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.testops.testmgmt.plugins.module_utils.connection import build_client
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.module_runner import (
    new_module,
    task_report,
    watch_progress,
)

# These modules only speak to Zephyr Enterprise: edition defaults to it and ignores ZEPHYR_EDITION
# (set for the Squad modules of the same play).
EDITION_OPTION = dict(type="str", choices=["squad", "enterprise"], default="enterprise")


class TaskFailed(Exception):
    """The task did something and then failed (a run that failed or timed out): report both."""

    def __init__(self, message, results):
        super(TaskFailed, self).__init__(message)
        self.results = results


def check_edition(params, module_name):
    if params.get("edition") != "enterprise":
        raise InputError("edition", "%s works with Zephyr Enterprise only" % module_name,
                         "set edition to enterprise (or leave it unset)")


def run_job_module(argument_spec, run, report_progress=True, **kwargs):
    """``run(module, client) -> (changed, results dict, diff)``.

    ``progress`` (the task's progress lines) is in every result unless ``report_progress`` is false:
    zephyr_automation_job_info returns a job's latest run under that name.
    """
    spec = dict(argument_spec, edition=EDITION_OPTION)
    module = new_module("zephyr", spec, **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    client = None
    try:
        client = build_client(module.params, "zephyr", check_mode=module.check_mode,
                              on_retry=module.warn, warn=module.warn)
        watch_progress(module, client)
        changed, results, diff = run(module, client)
    except InputError as exc:
        module.fail_json(msg=str(exc), option=exc.option, **_report(client, report_progress))
    except ApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.as_result(), **_report(client, report_progress))
    except TaskFailed as exc:
        failed = dict(exc.results, changed=True)
        failed.update(_report(client, report_progress))
        module.fail_json(msg=str(exc), **failed)
    result = dict(results, changed=bool(changed))
    if diff and module._diff:
        result["diff"] = diff
    result.update(_report(client, report_progress))
    module.exit_json(**result)


def _report(client, report_progress):
    report = task_report(client, progress_always=report_progress)
    if not report_progress:
        report.pop("progress", None)
    return report
