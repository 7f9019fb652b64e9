# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs a thin module: ``run(module, client) -> (changed, thing, diff)``.

Everything modules share lives here once: the connection options, the client, check mode, the
``diff`` key, ``progress`` (shown by ``ansible-playbook -v``), and turning InputError/ApiError into a
one-line failure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.testops.testmgmt.plugins.module_utils.connection import build_client
from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import connection_argument_spec
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.progress import Progress


def new_module(family, argument_spec, **kwargs):
    spec = connection_argument_spec(family)
    spec.update(argument_spec)
    kwargs.setdefault("supports_check_mode", True)
    return AnsibleModule(argument_spec=spec, **kwargs)


def run_module(family, argument_spec, run, result_key, **kwargs):
    module = new_module(family, argument_spec, **kwargs)
    if not HAS_REQUESTS:
        module.fail_json(msg=missing_required_lib("requests"), exception=REQUESTS_IMPORT_ERROR)
    client = None
    try:
        client = build_client(module.params, family, check_mode=module.check_mode,
                              on_retry=module.warn, warn=module.warn)
        watch_progress(module, client)
        changed, thing, diff = run(module, client)
    except InputError as exc:
        module.fail_json(msg=str(exc), option=exc.option, **task_report(client))
    except ApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.as_result(), **task_report(client))
    result = {"changed": bool(changed), result_key: thing}
    if diff and module._diff:
        result["diff"] = diff
    result.update(task_report(client))
    module.exit_json(**result)


def watch_progress(module, client):
    """Progress lines go to the module's log as they happen, and into the result at the end."""
    client.progress = Progress(log=module.log)


def task_report(client, progress_always=False):
    """What every result carries besides the thing: request counts, and ``progress`` when there is any
    (a module whose contract returns it always passes progress_always)."""
    report = _stats(client)
    lines = client.progress.as_result() if client is not None else []
    if lines or progress_always:
        report["progress"] = lines
    return report


def _stats(client):
    """Request counts in every result: tests and benchmarks read them, users see the cost."""
    if client is None:
        return {}
    return {"api_calls": {"requests": client.request_count, "writes": client.write_count,
                          "retries": len(client.retry_log)}}
