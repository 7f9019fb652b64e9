# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""zephyr_execution: the writes of a checked Publication (zephyr_execution_plan.py), and the result
and diff they give.

Each write is sent only when something differs (bulk statuses, one execute call per comment or defect
change, step results, attachments not yet there), so a second run sends none.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_place import create_place
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_plan import make_plan
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_execution_tests import create_tests, keyed, predicted


def apply_publish(backend, pub):
    """The writes of a checked Publication (plan_publish) -> (changed, report, diff)."""
    params, scope, keep, files, uploads = pub.params, pub.scope, pub.keep, pub.files, pub.uploads
    cycle, group, new_place, by_key = pub.cycle, pub.group, pub.new_place, pub.by_key
    to_add, to_create, unmapped, uncommented = pub.to_add, pub.to_create, pub.unmapped, pub.uncommented
    wanted, step_status, current_steps = pub.wanted, pub.step_status, pub.current_steps
    cycle, group = create_place(backend, scope, params, new_place, cycle, group)
    created = create_tests(backend, scope, params, to_create, wanted, to_add)
    if to_add:
        listed = backend.add_tests(scope, cycle, group, to_add)
        # check mode, or a place create_cycle would create: nothing was added, the executions are predicted
        real = listed is not None and cycle["id"] is not None and (group is None or group["id"] is not None)
        by_key.update(keyed(listed) if real else predicted(backend, cycle, group, to_add))
        for key, item in wanted.items():
            if item.steps and key not in current_steps and by_key[key]["id"] is not None:
                current_steps[key] = backend.get_step_results(scope, by_key[key])
    plan = make_plan(backend, scope, wanted, by_key, keep)
    bulk = [(by_key[key], item.status) for key, item, change in plan if change["status"] and not change["execute"]]
    if bulk:
        backend.set_statuses(scope, bulk)
    names = dict((v, k) for k, v in backend.statuses().items()) if plan else {}
    changes, kept, before, after = [], [], {}, {}
    for key, item, change in plan:
        execution = by_key[key]
        label = execution["test_key"] or execution["test_name"]
        if change["execute"]:
            target = dict(execution, status_id=item.status if change["status"] else execution["status_id"])
            backend.update_execution(scope, target, comment=change["comment_text"] if change["comment"] else None,
                                     defects=change["defects_set"] if change["defects"] else None)
        step_writes = 0
        if item.steps and key in current_steps:
            if change["manual"]:
                change["kept"].append("steps")
            else:
                wanted_steps = [None if s is None else {"status_id": step_status.get(s.get("status")),
                                                        "comment": s.get("comment")} for s in item.steps]
                step_writes = backend.set_step_results(scope, execution, wanted_steps, current=current_steps[key])
        if change["kept"]:
            kept.append({"test": label, "id": execution["id"], "fields": change["kept"],
                         "executed_by": execution.get("executed_by") if change["manual"] else None})
        if change["status"] or change["execute"] or step_writes:
            new_status = names.get(item.status, item.status) if change["status"] else execution["status"]
            changes.append({"test": label, "id": execution["id"],
                            "status": [execution["status"], new_status] if change["status"] else None,
                            "comment": change["comment"], "defects": change["defects"], "steps": step_writes})
            before[key] = dict(change["before"], status=execution["status"])
            after[key] = {"status": new_status, "comment": change["comment_text"] if change["comment"] else
                          change["before"]["comment"]}
            if "defects" in change["before"]:
                after[key]["defects"] = change["defects_set"] if change["defects"] else change["before"]["defects"]
            if step_writes:
                after[key]["step_results_changed"] = step_writes
    uploaded = attach(backend, scope, params["attachments"], uploads, by_key)

    report = {"cycle_id": cycle["id"], "group_id": group["id"] if group else None, "total": len(wanted),
              "changed": len(changes), "unchanged": len(wanted) - len(changes),
              "added": sorted(t["key"] or t["name"] for t in to_add), "created": created, "unmapped": unmapped,
              "kept": kept, "changes": changes, "attachments": uploaded, "uncommented": uncommented,
              "place_created": new_place}
    if files.summary is not None:
        # the counts: the failures list repeats the files (a name and message per failure, MBs at scale)
        report["summary"] = dict((k, v) for k, v in files.summary.items() if k != "failures")
    changed = bool(changes or to_add or uploaded or new_place)
    if not changed:
        return False, report, None
    for what in new_place:
        before[what], after[what] = None, params[what]
    for test in to_add:
        before.setdefault((test["key"] or test["name"]).upper(), None)
    if uploaded:
        before["attachments"], after["attachments"] = [], uploaded
    return True, report, {"before": before, "after": after}


def attach(backend, scope, attachments, uploads, by_key):
    uploaded = []
    for item, upload in zip(attachments or [], uploads):
        execution = by_key[str(item["test"]).strip().upper()]
        if execution["id"] is not None and any(
                a["name"] == upload.name and a["size"] in (None, upload.size)
                for a in backend.list_attachments(scope, execution)):
            continue
        backend.attach(scope, execution, upload.path, upload.name)
        uploaded.append(upload.name)
    return uploaded
