"""Cycles and their phases. Dates come as MM/dd/yyyy strings (cycleStartDate, phaseStartDate) or
epoch ms (startDate/endDate); answers carry both. A phase is free-form or mirrors a repository folder
(``tcrCatalogTreeId``, required when ``freeForm`` is false)."""

from flask import g, jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    CYCLE,
    PHASE,
    TREE,
    day_to_ms,
    dates_from,
    error,
    flag,
    get_or_400,
    ident,
    json_object,
    ms_to_day,
    route,
    user,
)
from tests.emulator.products.zephyr_enterprise.model import (
    create_cycle,
    create_phase,
    cycle_json,
    delete_cycle,
    delete_phase,
    environment_required,
    phase_json,
    project_for,
    release_for,
)

CYCLE_DATES = (("cycleStartDate", "cycleEndDate"), ("startDate", "endDate"))
PHASE_DATES = (("phaseStartDate", "phaseEndDate"), ("startDate", "endDate"))


def cycle_for(value):
    cycle = get_or_400(CYCLE, value, "Cycle")
    project_for(cycle["projectId"], g.user)
    return cycle


def check_text(data, name_required):
    if name_required or "name" in data:
        if not str(data.get("name") or "").strip():
            error(400, "Cycle name is required.")
        if len(str(data["name"])) > 255:
            error(400, "Cycle name can not exceed 255 characters.")


@route("/cycle", methods=["POST"])
def post_cycle():
    who = user()
    data = json_object(required=("name", "releaseId"))
    check_text(data, True)
    release = release_for(data["releaseId"], who)
    if environment_required() and not str(data.get("environment") or "").strip():
        error(400, "Environment is mandatory for cycles (preference cycle.environment.enabled).")
    start, end = dates_from(data, *CYCLE_DATES)
    cycle = create_cycle(release, data["name"], who, start, end, data.get("build"), data.get("environment"),
                         data.get("description"))
    for spec in data.get("cyclePhases") or []:
        add_phase(cycle, spec, who)
    return jsonify(cycle_json(cycle))


@route("/cycle/<cycle_id>")
def get_cycle(cycle_id):
    user()
    return jsonify(cycle_json(cycle_for(cycle_id)))


@route("/cycle/release/<release_id>")
def release_cycles(release_id):
    release = release_for(release_id, user())
    return jsonify([cycle_json(c) for c in store().find(CYCLE, ref=release["id"])])


@route("/cycle/cycleName/<release_id>")
def cycles_by_name(release_id):
    release = release_for(release_id, user())
    name = request.args.get("cycleName")
    if name is None:
        error(400, "cycleName is required.")
    return jsonify([cycle_json(c) for c in store().find(CYCLE, ref=release["id"]) if c["name"] == name])


@route("/cycle/<cycle_id>", methods=["PUT"])
def put_cycle(cycle_id):
    user()
    cycle = cycle_for(cycle_id)
    data = json_object()
    check_text(data, False)
    if environment_required() and "environment" in data and not str(data.get("environment") or "").strip():
        error(400, "Environment is mandatory for cycles (preference cycle.environment.enabled).")
    start, end = dates_from(data, *CYCLE_DATES, current=(ms_to_day(cycle.get("startDate")),
                                                         ms_to_day(cycle.get("endDate"))))
    for field in ("name", "description", "build", "environment", "status"):
        if field in data and data[field] is not None:
            cycle[field] = data[field]
    cycle["startDate"] = day_to_ms(start) if start else None
    cycle["endDate"] = day_to_ms(end) if end else None
    store().update(CYCLE, cycle)
    return jsonify(cycle_json(cycle))


@route("/cycle/<cycle_id>", methods=["DELETE"])
def remove_cycle(cycle_id):
    user()
    delete_cycle(cycle_for(cycle_id))
    return jsonify(True)


@route("/cycle/toggle/<cycle_id>/<value>", methods=["PUT"])
def toggle_cycle(cycle_id, value):
    user()
    cycle = cycle_for(cycle_id)
    cycle["status"] = 1 if flag(value) or value == "1" else 0
    store().update(CYCLE, cycle)
    return jsonify(cycle_json(cycle))


# -- phases --------------------------------------------------------------------------------------------
def add_phase(cycle, data, who):
    if not str(data.get("name") or "").strip():
        error(400, "Phase name is required.")
    free_form = flag(data.get("freeForm"), False)
    if free_form is None:
        error(400, "freeForm must be true or false.")
    tree_id = None
    if not free_form:
        if data.get("tcrCatalogTreeId") in (None, ""):
            error(400, "tcrCatalogTreeId is required for a phase that is not free form.")
        node = get_or_400(TREE, data["tcrCatalogTreeId"], "Repository node")
        if int(node["releaseId"]) != int(cycle["releaseId"]) or node.get("hidden"):
            error(400, "Repository node %s is not in release %s." % (node["id"], cycle["releaseId"]))
        tree_id = node["id"]
    start, end = dates_from(data, *PHASE_DATES)
    return create_phase(cycle, data["name"], who, tree_id, start, end, data.get("description"))


@route("/cycle/<cycle_id>/phase", methods=["POST"])
def post_phase(cycle_id):
    who = user()
    cycle = cycle_for(cycle_id)
    data = json_object(required=("name",))
    if data.get("cycleId") not in (None, "") and ident(data["cycleId"]) != cycle["id"]:
        error(400, "cycleId %s does not match the cycle in the path." % data["cycleId"])
    return jsonify(phase_json(add_phase(cycle, data, who)))


@route("/cycle/<cycle_id>/phase", methods=["PUT"])
def put_phase(cycle_id):
    user()
    cycle = cycle_for(cycle_id)
    data = json_object(required=("id",))
    phase = get_or_400(PHASE, data["id"], "Cycle phase")
    if int(phase["cycleId"]) != int(cycle["id"]):
        error(400, "Cycle phase %s is not in cycle %s." % (phase["id"], cycle["id"]))
    if "name" in data and not str(data.get("name") or "").strip():
        error(400, "Phase name is required.")
    start, end = dates_from(data, *PHASE_DATES, current=(ms_to_day(phase.get("startDate")),
                                                         ms_to_day(phase.get("endDate"))))
    for field in ("name", "description"):
        if data.get(field) is not None:
            phase[field] = data[field]
    phase["startDate"] = day_to_ms(start) if start else None
    phase["endDate"] = day_to_ms(end) if end else None
    store().update(PHASE, phase)
    return jsonify(phase_json(phase))


@route("/cycle/<cycle_id>/phase/<phase_id>", methods=["DELETE"])
def remove_phase(cycle_id, phase_id):
    user()
    cycle = cycle_for(cycle_id)
    phase = get_or_400(PHASE, phase_id, "Cycle phase")
    if int(phase["cycleId"]) != int(cycle["id"]):
        error(400, "Cycle phase %s is not in cycle %s." % (phase_id, cycle_id))
    delete_phase(phase)
    return jsonify(True)
