# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: every read and every check, before anything is written.

plan_publish() finds the place, maps the results to executions (or tests to add or create), resolves
the statuses and reads the step results to compare with; make_plan() works out, per execution, which
write it needs.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_keep import Publisher, comment_target
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_place import find_place
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_tests import keyed, map_by_name, read_steps, tests_to_add
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_results import cap_comments, merge


def plan_publish(backend, pub, warn):
    """Every read and every check (a Publication from read_inputs), before anything is written."""
    params, explicit, files = pub.params, pub.explicit, pub.files
    scope = backend.resolve_scope(params["project"], params["release"] or params["version"])
    defects = sorted(set(d for item in explicit.values() for d in item.defects or []))
    if defects:
        backend.check_defects(scope, defects, "results")
    cycle, group, new_place = find_place(backend, scope, params)
    by_key = keyed(backend.list_executions(scope, cycle, group))
    attach_keys = [str(a["test"]).strip().upper() for a in params["attachments"] or []]
    to_add, lost = tests_to_add(backend, scope, params, explicit, files.by_key, attach_keys, by_key)
    unmapped, to_create = map_by_name(backend, scope, params, files, lost, by_key, to_add)
    # explicit comments are not capped: only the file's failure comments (one request each)
    from_files = [item for key, item in files.by_key.items() if key not in explicit or explicit[key].comment is None]
    uncommented = cap_comments(from_files + to_create, params["comment_limit"], files.position)
    if uncommented:
        warn("%d failed result(s) got no failure comment: comment_limit is %d, and each comment costs one "
             "request (Zephyr has no bulk comment call); raise comment_limit to comment more"
             % (uncommented, params["comment_limit"]))
    wanted = merge(files.by_key, explicit)
    step_status = resolve_statuses(backend, list(wanted.values()) + to_create)
    current_steps = read_steps(backend, scope, wanted, by_key, to_add)
    pub.scope, pub.cycle, pub.group, pub.new_place, pub.by_key = scope, cycle, group, new_place, by_key
    pub.to_add, pub.to_create, pub.unmapped, pub.uncommented = to_add, to_create, unmapped, uncommented
    pub.wanted, pub.step_status, pub.current_steps = wanted, step_status, current_steps
    return pub


def resolve_statuses(backend, items):
    """Statuses become ids in place; -> {step status name: id}. Unknown names fail here."""
    step_status = {}
    for item in items:
        if item.status is not None:
            # a file's statuses are portable unless the ``statuses`` option renamed them
            item.status = backend.resolve_status(item.status, item.option + ".status" if item.explicit else "statuses")
        for index, step in enumerate(item.steps or []):
            name = step.get("status") if step is not None else None
            if name is not None and name not in step_status:
                step_status[name] = backend.resolve_step_status(name, "%s.steps[%d]" % (item.option, index))
    return step_status


def make_plan(backend, scope, wanted, by_key, keep):
    """[(key, wanted, change)]: which executions need a bulk status, which an execute call, and what
    ``merge: keep`` leaves as a person set it (``change["kept"]``)."""
    plan = []
    publisher = Publisher(backend)
    for key, item in sorted(wanted.items()):
        execution = by_key[key]
        have_comment = execution.get("comment") or ""
        change = {"status": item.status is not None and item.status != execution["status_id"],
                  "comment": False, "comment_text": None, "defects": False, "defects_set": None, "kept": [],
                  "manual": False, "before": {"comment": have_comment}}
        change["comment_text"], comment_kept = comment_target(item.comment, have_comment, keep)
        change["comment"] = change["comment_text"] is not None
        if item.defects is not None:
            have = execution.get("defects")
            if have is None:  # listings carry a count; read the keys only where there are some
                have = backend.execution_defects(scope, execution) if execution.get("defect_count") else []
            have = sorted(set(str(d).upper() for d in have))
            change["defects_set"] = sorted(set(have) | set(item.defects)) if keep else item.defects
            change["defects"] = change["defects_set"] != have
            change["before"]["defects"] = have
        touched = [f for f in ("status", "comment", "defects") if change[f] or (f == "comment" and comment_kept)]
        touched += ["steps"] if item.steps else []
        if keep and touched and publisher.manual(execution):
            # a person's verdict: any write (Squad's execute carries a status) would make it ours
            change.update(manual=True, status=False, comment=False, defects=False,
                          kept=[f for f in touched if f != "steps"])
        elif comment_kept:
            change["kept"].append("comment")
        change["execute"] = change["comment"] or change["defects"]
        plan.append((key, item, change))
    return plan
