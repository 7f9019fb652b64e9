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
from ansible.module_utils.common.validation import check_type_dict

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
    module = _Module(argument_spec=spec, **kwargs)
    if module.input_problem is not None:
        module.fail_json(msg=str(module.input_problem), option=module.input_problem.option)
    return module


class _Module(AnsibleModule):
    """AnsibleModule that names the option when a dict option (or list of dicts) holds something else.

    ansible-core's no_log scan reads such options before their types are checked and stops at the first
    value that is no dict with "dictionary requested, could not parse JSON or key=value", naming no option
    (and leaving the other options' no_log values unknown). So the values are checked first, here.
    """

    input_problem = None

    def _load_params(self):
        super(_Module, self)._load_params()
        self.input_problem = dict_option_problem(self.argument_spec, self.params)


def dict_option_problem(spec, params):
    """The first option of type dict, or list of dicts, with sub-options that holds something Ansible cannot read
    as a dict -> InputError naming it, or None. Such an option's value is emptied in ``params`` so that
    AnsibleModule's own checks, and its no_log scan of the other options, run as usual before the error is told."""
    first = None
    for name, opts in _dict_options(spec):
        for key in [name] + list(opts.get("aliases") or []):
            problem = _problem(key, opts, params.get(key))
            if problem is not None:
                params[key] = [] if opts["type"] == "list" else None
                first = first or problem
    return first


def _dict_options(spec):
    for name, opts in spec.items():
        kind = opts.get("type") if opts.get("type") != "list" else "list of " + str(opts.get("elements"))
        if opts.get("options") and kind in ("dict", "list of dict"):
            yield name, opts


def _problem(path, opts, value):
    """InputError for the first item of ``value`` that is no dict, sub-options included, or None."""
    if value is None:
        return None
    required = [k for k, o in opts["options"].items() if o.get("required")] or list(opts["options"])
    example = "for example {%s: ...}" % required[0]
    if opts["type"] == "dict":
        items, fix = [(path, value)], "give its options as a dict, " + example
    else:  # the no_log scan takes a single value as a list of one
        value = value if isinstance(value, list) else [value]
        items, fix = [("%s[%d]" % (path, i), v) for i, v in enumerate(value)], "give each item as a dict, " + example
    for where, item in items:
        found = _as_dict(item)
        if found is None:
            return InputError(where, "must be a dict, not %s" % _kind(item), fix)
        for name, sub in _dict_options(opts["options"]):
            problem = _problem("%s.%s" % (where, name), sub, found.get(name))
            if problem is not None:
                return problem
    return None


def _as_dict(value):
    """The value as Ansible reads it for a dict (a dict, or a string of JSON or key=value pairs), or None."""
    if isinstance(value, dict):
        return value
    if isinstance(value, str):
        try:
            return check_type_dict(value)
        except TypeError:
            return None
    return None


def _kind(value):
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "a boolean"
    return "a number" if isinstance(value, (int, float)) else "a %s" % type(value).__name__


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
