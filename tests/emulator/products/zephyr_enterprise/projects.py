"""Projects and releases (ids are integers; dates epoch ms, releases also MM/dd/yyyy)."""

from flask import jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    PROJECT,
    RELEASE,
    day_to_ms,
    dates_from,
    error,
    flag,
    ident,
    json_object,
    paged,
    route,
    user,
)
from tests.emulator.products.zephyr_enterprise.model import (
    can_see,
    project_for,
    project_json,
    release_for,
    release_json,
)


def visible_projects(who):
    return [p for p in store().find(PROJECT) if can_see(p, who)]


@route("/project/lite")
def projects_lite():
    return jsonify([project_json(p, lite=True) for p in visible_projects(user())])


@route("/project/details")
def projects_details():
    return jsonify([project_json(p) for p in visible_projects(user())])


@route("/project/<project_id>")
def one_project(project_id):
    project = project_for(project_id, user())
    return jsonify(project_json(project, lite=flag(request.args.get("isLite"), False) is True))


@route("/project/user/<user_id>")
def user_projects(user_id):
    who = store().get("user", ident(user_id)) if ident(user_id) is not None else None
    user()
    if who is None:
        error(400, "User with id %s does not exist." % user_id)
    return jsonify([project_json(p, lite=True) for p in visible_projects(who)])


@route("/project/project/<user_id>")
def user_project_ids(user_id):
    who = store().get("user", ident(user_id)) if ident(user_id) is not None else None
    user()
    if who is None:
        error(400, "User with id %s does not exist." % user_id)
    return jsonify([p["id"] for p in visible_projects(who)])


@route("/project", methods=["POST"])
def create_project():
    who = user()
    if who["name"] != "admin":
        error(403, "Only administrators can create projects.")
    data = json_object(required=("name",))
    if not str(data["name"]).strip():
        error(400, "Project name is required.")
    if any(p["name"] == data["name"] for p in store().find(PROJECT)):
        error(400, "Project %s already exists." % data["name"])
    start, end = dates_from(data, ("projectStartDate", "projectEndDate"), ("startDate", "endDate"))
    members = data.get("members")
    names = None
    if isinstance(members, list):
        names = []
        for member in members:
            doc = store().get("user", ident(member.get("userId") if isinstance(member, dict) else member))
            if doc:
                names.append(doc["name"])
    project = store().insert(PROJECT, {"name": data["name"], "description": data.get("description") or "",
                                       "startDate": day_to_ms(start) if start else None,
                                       "endDate": day_to_ms(end) if end else None, "members": names})
    return jsonify(project_json(project))


# -- releases ----------------------------------------------------------------------------------------
@route("/release/project/<project_id>")
def project_releases(project_id):
    project = project_for(project_id, user())
    return jsonify([release_json(r) for r in store().find(RELEASE, ref=project["id"])])


@route("/release/paged/project/<project_id>")
def project_releases_paged(project_id):
    project = project_for(project_id, user())
    rows = [release_json(r) for r in store().find(RELEASE, ref=project["id"])]
    order = request.args.get("order") or "id"
    rows.sort(key=lambda r: (r.get(order) is None, r.get(order)),
              reverse=flag(request.args.get("isascorder"), True) is False)
    return jsonify(paged(rows))


@route("/release")
def all_releases():
    who = user()
    ids = set(p["id"] for p in visible_projects(who))
    return jsonify([release_json(r) for r in store().find(RELEASE) if r["projectId"] in ids])


@route("/release/<release_id>")
def one_release(release_id):
    return jsonify(release_json(release_for(release_id, user())))


@route("/release", methods=["POST"])
def create_release():
    who = user()
    data = json_object(required=("name", "projectId"))
    project = project_for(data["projectId"], who)
    if not str(data["name"]).strip():
        error(400, "Release name is required.")
    if any(r["name"] == data["name"] for r in store().find(RELEASE, ref=project["id"])):
        error(400, "Release %s already exists in project %s." % (data["name"], project["name"]))
    start, end = dates_from(data, ("releaseStartDate", "releaseEndDate"), ("startDate", "endDate"))
    release = store().insert(RELEASE, {"name": data["name"], "description": data.get("description") or "",
                                       "projectId": project["id"], "startDate": day_to_ms(start) if start else None,
                                       "endDate": day_to_ms(end) if end else None}, ref=project["id"])
    return jsonify(release_json(release))
