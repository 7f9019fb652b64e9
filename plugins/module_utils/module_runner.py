# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Runs a thin module: ``run(module, client) -> (changed, thing, diff)``.

Everything modules share lives here once: the connection options, the client, check mode, the
``diff`` key, and turning InputError/ApiError into a one-line failure.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible.module_utils.basic import AnsibleModule, missing_required_lib

from ansible_collections.testops.testmgmt.plugins.module_utils.api_error import ApiError
from ansible_collections.testops.testmgmt.plugins.module_utils.client import HAS_REQUESTS, REQUESTS_IMPORT_ERROR
from ansible_collections.testops.testmgmt.plugins.module_utils.connection import build_client
from ansible_collections.testops.testmgmt.plugins.module_utils.connection_options import connection_argument_spec
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError


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
        changed, thing, diff = run(module, client)
    except InputError as exc:
        module.fail_json(msg=str(exc), option=exc.option, **_stats(client))
    except ApiError as exc:
        module.fail_json(msg=str(exc), api_error=exc.as_result(), **_stats(client))
    result = {"changed": bool(changed), result_key: thing}
    if diff and module._diff:
        result["diff"] = diff
    result.update(_stats(client))
    module.exit_json(**result)


def _stats(client):
    """Request counts in every result: tests and benchmarks read them, users see the cost."""
    if client is None:
        return {}
    return {"api_calls": {"requests": client.request_count, "writes": client.write_count,
                          "retries": len(client.retry_log)}}
