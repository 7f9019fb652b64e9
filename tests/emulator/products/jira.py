"""Jira core REST (/rest/api/2, /rest/auth/1): what Zephyr Squad and Xray Server clients call."""

from flask import Blueprint, current_app, g, jsonify, request

from tests.emulator import auth
from tests.emulator.products import jql
from tests.emulator.products.common import (
    as_int,
    body_json,
    doc_by_field,
    docs_by_field,
    docs_containing,
    fail,
    jira_unauthorized,
    require_user,
    settings,
    store,
)

bp = Blueprint("jira", __name__)
API = ("/rest/api/2", "/rest/api/latest")


def register(app):
    app.register_blueprint(bp)


def route(rule, **options):
    """Register a view under /rest/api/2 and its /rest/api/latest alias."""
    def wrap(view):
        for prefix in API:
            bp.add_url_rule(prefix + rule, endpoint=(prefix + rule).replace("/", "_").replace(".", "_") + "_" + view.__name__,
                            view_func=view, **options)
        return view
    return wrap


def base_url():
    return request.host_url.rstrip("/") + request.script_root


def jira_errors(errors=None, messages=None, status=400):
    fail(status, {"errorMessages": messages or [], "errors": errors or {}})


# -- auth ----------------------------------------------------------------------------------------
@bp.post("/rest/auth/1/session")
def login():
    data = body_json() or {}
    user = auth.user_by_password(store(), data.get("username"), data.get("password"))
    if user is None:
        resp = jsonify({"errorMessages": ["Login failed"], "errors": {}})
        resp.status_code = 401
        resp.headers["X-Seraph-LoginReason"] = "AUTHENTICATED_FAILED"
        return resp
    value = auth.new_session(store(), "jira", user, settings()["jira_session_ttl"])
    resp = jsonify({"session": {"name": "JSESSIONID", "value": value},
                    "loginInfo": {"failedLoginCount": 0, "loginCount": 1}})
    resp.set_cookie("JSESSIONID", value, path="/", httponly=True)
    return resp


@bp.get("/rest/auth/1/session")
def current_session():
    user = require_user("jira", jira_unauthorized)
    return jsonify({"self": base_url() + "/rest/api/latest/user?username=" + user["name"], "name": user["name"],
                    "loginInfo": {"failedLoginCount": 0, "loginCount": 1}})


@bp.delete("/rest/auth/1/session")
def logout():
    require_user("jira", jira_unauthorized)
    value = request.cookies.get("JSESSIONID")
    for session in store().find(auth.SESSION, ref=value):
        store().delete(auth.SESSION, session["id"])
    return "", 204


# -- server, users -------------------------------------------------------------------------------
@route("/serverInfo")
def server_info():
    return jsonify({"baseUrl": base_url(), "version": "9.12.2", "versionNumbers": [9, 12, 2],
                    "deploymentType": "Server", "buildNumber": 9120002, "serverTitle": "Jira (emulated)"})


@route("/myself")
def myself():
    user = require_user("jira", jira_unauthorized)
    return jsonify(user_json(user))


def user_json(user):
    return {"self": base_url() + "/rest/api/2/user?username=" + user["name"], "key": user.get("key"),
            "name": user["name"], "emailAddress": user.get("emailAddress"), "displayName": user.get("displayName"),
            "active": True, "timeZone": "UTC"}


# -- projects and versions -----------------------------------------------------------------------
def find_project(key_or_id):
    key_or_id = str(key_or_id)
    if key_or_id.isdigit():
        return store().get("project", key_or_id)
    return store().find_one("project", key=key_or_id.upper())


def project_json(project):
    return {"self": base_url() + "/rest/api/2/project/%s" % project["id"], "id": str(project["id"]),
            "key": project["key"], "name": project["name"], "projectTypeKey": project.get("projectTypeKey"),
            "lead": {"name": project.get("lead")}}


def version_json(version):
    out = {"self": base_url() + "/rest/api/2/version/%s" % version["id"], "id": str(version["id"]),
           "name": version["name"], "archived": version.get("archived", False),
           "released": version.get("released", False), "projectId": version["projectId"]}
    if version.get("description"):
        out["description"] = version["description"]
    return out


@route("/project")
def projects():
    require_user("jira", jira_unauthorized)
    return jsonify([project_json(p) for p in store().find("project")])


@route("/project/<key_or_id>")
def project(key_or_id):
    require_user("jira", jira_unauthorized)
    found = find_project(key_or_id)
    if not found:
        jira_errors(messages=["No project could be found with key '%s'." % key_or_id], status=404)
    return jsonify(dict(project_json(found), versions=[version_json(v) for v in store().find("version", ref=found["id"])],
                        issueTypes=[issuetype_json(t) for t in store().find("issuetype")]))


@route("/project/<key_or_id>/versions")
def project_versions(key_or_id):
    require_user("jira", jira_unauthorized)
    found = find_project(key_or_id)
    if not found:
        jira_errors(messages=["No project could be found with key '%s'." % key_or_id], status=404)
    return jsonify([version_json(v) for v in store().find("version", ref=found["id"])])


@route("/version", methods=["POST"])
def create_version():
    require_user("jira", jira_unauthorized)
    data = body_json() or {}
    proj = find_project(data.get("projectId") or data.get("project") or "")
    if not proj:
        jira_errors({"project": "Project must be specified to create a version."})
    if not data.get("name"):
        jira_errors({"name": "You must specify a valid version name"})
    if store().find_one("version", ref=proj["id"], name=data["name"]):
        jira_errors({"name": "A version with this name already exists in this project."})
    version = store().insert("version", {"name": data["name"], "projectId": proj["id"],
                                         "description": data.get("description") or "",
                                         "released": bool(data.get("released")), "archived": False},
                             ref=proj["id"], start=10200)
    return jsonify(version_json(version)), 201


# -- issue types ---------------------------------------------------------------------------------
def issuetype_json(itype):
    return {"self": base_url() + "/rest/api/2/issuetype/%s" % itype["id"], "id": str(itype["id"]),
            "name": itype["name"], "subtask": itype.get("subtask", False)}


@route("/issuetype")
def issue_types():
    require_user("jira", jira_unauthorized)
    return jsonify([issuetype_json(t) for t in store().find("issuetype")])


# -- issues --------------------------------------------------------------------------------------
def find_issue(key_or_id):
    key_or_id = str(key_or_id)
    if key_or_id.isdigit():
        return store().get("issue", key_or_id)
    return doc_by_field("issue", "key", key_or_id.upper())  # indexed: not every issue decoded per lookup


def issue_json(issue, fields=None):
    data = dict(issue["fields"])
    proj = store().get("project", issue["projectId"])
    data["project"] = {"id": str(proj["id"]), "key": proj["key"], "name": proj["name"]} if proj else None
    if fields:
        wanted = set(fields)
        if "*all" not in wanted:
            data = dict((k, v) for k, v in data.items() if k in wanted)
    return {"id": str(issue["id"]), "key": issue["key"], "self": base_url() + "/rest/api/2/issue/%s" % issue["id"],
            "fields": data}


def _resolve_type(value):
    value = value or {}
    if value.get("id"):
        return store().get("issuetype", value["id"])
    if value.get("name"):
        return store().find_one("issuetype", name=value["name"])
    return None


def _resolve_versions(proj, values, errors, field):
    out = []
    for value in values or []:
        version = None
        if value.get("id"):
            version = store().get("version", value["id"])
        elif value.get("name"):
            version = store().find_one("version", ref=proj["id"], name=value["name"])
        if not version or int(version["projectId"]) != int(proj["id"]):
            errors[field] = "Version name '%s' is not valid" % (value.get("name") or value.get("id"))
            continue
        out.append({"id": str(version["id"]), "name": version["name"]})
    return out


def validate_fields(fields, existing=None):
    """Check issue fields the way Jira does; return (project, clean fields) or abort 400."""
    errors = {}
    proj = store().get("project", existing["projectId"]) if existing else None
    if not existing:
        ref = fields.get("project") or {}
        proj = find_project(ref.get("id") or ref.get("key") or "") if isinstance(ref, dict) else None
        if not proj:
            errors["project"] = "project is required" if not ref else "valid project is required"
    clean = dict(existing["fields"]) if existing else {"description": "", "labels": [], "components": [],
                                                       "priority": {"name": "Medium"}, "fixVersions": [],
                                                       "status": {"name": "Open"}}
    if not existing or "issuetype" in fields:
        itype = _resolve_type(fields.get("issuetype"))
        if not itype:
            errors["issuetype"] = "issuetype" if not fields.get("issuetype") else "valid issue type is required"
        else:
            clean["issuetype"] = {"id": str(itype["id"]), "name": itype["name"]}
    if not existing or "summary" in fields:
        summary = fields.get("summary")
        if not summary or not str(summary).strip():
            errors["summary"] = "You must specify a summary of the issue."
        elif len(summary) > 255:
            errors["summary"] = "Summary must be less than 255 characters."
        else:
            clean["summary"] = summary
    for name in ("description", "environment"):
        if name in fields:
            clean[name] = fields[name] or ""
    if "labels" in fields:
        labels = fields["labels"] or []
        if any(" " in str(label) for label in labels):
            errors["labels"] = "The label '%s' contains spaces which is invalid." % next(
                label for label in labels if " " in str(label))
        clean["labels"] = list(labels)
    if "components" in fields:
        clean["components"] = [{"name": c.get("name") or str(c.get("id"))} for c in fields["components"] or []]
    if "priority" in fields:
        clean["priority"] = {"name": (fields["priority"] or {}).get("name") or "Medium"}
    if "fixVersions" in fields and proj:
        clean["fixVersions"] = _resolve_versions(proj, fields["fixVersions"], errors, "fixVersions")
    for name, value in fields.items():
        if name.startswith("customfield_"):
            clean[name] = value
    if errors:
        jira_errors(errors)
    return proj, clean


def create_issue_doc(proj, clean):
    kind = "issuekey:%s" % proj["key"]
    # Scan the project's keys only for its first new issue: bulk loads stay linear.
    known = store().db.execute("SELECT 1 FROM seq WHERE kind=?", (kind,)).fetchone()
    number = store().next_id(kind, start=1 if known else _first_free_number(proj))
    return store().insert("issue", {"key": "%s-%d" % (proj["key"], number), "projectId": proj["id"],
                                    "fields": clean}, ref=proj["id"], start=20000)


def _first_free_number(proj):
    numbers = [int(i["key"].rsplit("-", 1)[1]) for i in store().find("issue", ref=proj["id"])]
    return max(numbers) + 1 if numbers else 1


def created_json(issue):
    return {"id": str(issue["id"]), "key": issue["key"], "self": base_url() + "/rest/api/2/issue/%s" % issue["id"]}


@route("/issue", methods=["POST"])
def create_issue():
    require_user("jira", jira_unauthorized)
    data = body_json()
    if not isinstance(data, dict) or not isinstance(data.get("fields"), dict):
        jira_errors(messages=["Can not deserialize the request: fields are missing."])
    proj, clean = validate_fields(data["fields"])
    issue = create_issue_doc(proj, clean)
    for hook in current_app.config.get("ISSUE_CREATED_HOOKS", []):
        hook(issue, data)
    return jsonify(created_json(issue)), 201


@route("/issue/bulk", methods=["POST"])
def create_issues():
    require_user("jira", jira_unauthorized)
    data = body_json() or {}
    created, errors = [], []
    for index, update in enumerate(data.get("issueUpdates") or []):
        try:
            proj, clean = validate_fields((update or {}).get("fields") or {})
        except Exception as exc:  # werkzeug abort: collect the error like Jira does
            response = getattr(exc, "response", None)
            if response is None:
                raise
            errors.append({"status": 400, "elementErrors": response.get_json(), "failedElementNumber": index})
            continue
        issue = create_issue_doc(proj, clean)
        for hook in current_app.config.get("ISSUE_CREATED_HOOKS", []):
            hook(issue, update)
        created.append(created_json(issue))
    return jsonify({"issues": created, "errors": errors}), 201


@route("/issue/<key>")
def get_issue(key):
    require_user("jira", jira_unauthorized)
    issue = find_issue(key)
    if not issue:
        jira_errors(messages=["Issue Does Not Exist"], status=404)
    fields = [f for f in (request.args.get("fields") or "").split(",") if f]
    return jsonify(issue_json(issue, fields or None))


@route("/issue/<key>", methods=["PUT"])
def update_issue(key):
    require_user("jira", jira_unauthorized)
    issue = find_issue(key)
    if not issue:
        jira_errors(messages=["Issue Does Not Exist"], status=404)
    data = body_json()
    if not isinstance(data, dict):
        jira_errors(messages=["Can not deserialize the request."])
    _proj, clean = validate_fields(data.get("fields") or {}, existing=issue)
    issue["fields"] = clean
    store().update("issue", issue)
    return "", 204


@route("/issue/<key>", methods=["DELETE"])
def delete_issue(key):
    require_user("jira", jira_unauthorized)
    issue = find_issue(key)
    if not issue:
        jira_errors(messages=["Issue Does Not Exist"], status=404)
    store().delete("issue", issue["id"])
    for hook in current_app.config.get("ISSUE_DELETED_HOOKS", []):
        hook(issue)
    return "", 204


# -- search --------------------------------------------------------------------------------------
def run_jql(text, validate="strict"):
    """Issues matching ``text``. Strict validation (Jira's default, validateQuery=strict or true) refuses a
    project value that names no project with 400, as Jira does; warn and none let it match nothing."""
    try:
        predicate, _order = jql.parse(text or "")
    except jql.JqlError as exc:
        jira_errors(messages=[str(exc)])
    projects = store().find("project")
    if str(validate).lower() not in ("warn", "none", "false"):
        unknown = jql.unknown_projects(predicate, projects)
        if unknown:
            jira_errors(messages=["The value '%s' does not exist for the field 'project'." % unknown[0]])
    ctx = {"projects": dict((str(p["id"]), p) for p in projects)}
    return [i for i in candidates(predicate) if predicate(i, ctx)]


def candidates(predicate):
    """The issues a JQL predicate can match, by id: by key through the index, or those whose summary holds
    the searched words, when the query says so (jql.bound); else every issue."""
    bound = jql.bound(predicate) or {}
    if "keys" in bound:
        return docs_by_field("issue", "key", bound["keys"])
    if "contains" in bound:
        return docs_containing("issue", [("fields." + field, word) for field, word in bound["contains"]])
    return store().find("issue")


@route("/search", methods=["GET", "POST"])
def search():
    require_user("jira", jira_unauthorized)
    if request.method == "POST":
        data = body_json() or {}
        text, start, limit, fields = (data.get("jql"), as_int(data.get("startAt"), 0),
                                      as_int(data.get("maxResults"), 50), data.get("fields"))
        validate = data.get("validateQuery", "strict")
    else:
        text = request.args.get("jql")
        validate = request.args.get("validateQuery", "strict")
        start = as_int(request.args.get("startAt"), 0)
        limit = as_int(request.args.get("maxResults"), 50)
        fields = [f for f in (request.args.get("fields") or "").split(",") if f] or None
    limit = max(0, min(limit, 1000))
    found = run_jql(text, validate)
    page = found[start:start + limit]
    return jsonify({"expand": "schema,names", "startAt": start, "maxResults": limit, "total": len(found),
                    "issues": [issue_json(i, fields or ["summary", "issuetype", "status"]) for i in page]})


def current_user():
    return g.get("user")


# -- saved filters (ZAPI addTestsToCycle method 2 adds a filter's tests) -------------------------
def filter_json(saved):
    return {"self": base_url() + "/rest/api/2/filter/%s" % saved["id"], "id": str(saved["id"]),
            "name": saved["name"], "description": saved.get("description") or "", "owner": {"name": saved["owner"]},
            "jql": saved["jql"], "viewUrl": base_url() + "/issues/?filter=%s" % saved["id"],
            "searchUrl": base_url() + "/rest/api/2/search?jql=" + saved["jql"],
            "favourite": bool(saved.get("favourite")), "sharePermissions": []}


@route("/filter", methods=["POST"])
def create_filter():
    user = require_user("jira", jira_unauthorized)
    data = body_json() or {}
    if not (data.get("name") or "").strip():
        jira_errors({"filterName": "You must specify a name to save this filter as."})
    try:
        jql.parse(data.get("jql") or "")
    except jql.JqlError as exc:
        jira_errors(messages=[str(exc)])
    if store().find_one("filter", owner=user["name"], name=data["name"]):
        jira_errors({"filterName": "Filter with same name already exists."})
    saved = store().insert("filter", {"name": data["name"], "jql": data.get("jql") or "", "owner": user["name"],
                                      "description": data.get("description") or "",
                                      "favourite": bool(data.get("favourite", True))}, start=10000)
    return jsonify(filter_json(saved))


@route("/filter/favourite")
def favourite_filters():
    user = require_user("jira", jira_unauthorized)
    return jsonify([filter_json(f) for f in store().find("filter", owner=user["name"]) if f.get("favourite")])


@route("/filter/<filter_id>")
def get_filter(filter_id):
    require_user("jira", jira_unauthorized)
    saved = store().get("filter", as_int(filter_id))
    if not saved:
        jira_errors(messages=["The selected filter is not available to you, perhaps it has been deleted or had "
                              "its permissions changed."], status=400)
    return jsonify(filter_json(saved))


@route("/filter/<filter_id>", methods=["DELETE"])
def delete_filter(filter_id):
    require_user("jira", jira_unauthorized)
    saved = store().get("filter", as_int(filter_id))
    if not saved:
        jira_errors(messages=["The selected filter is not available to you."], status=400)
    store().delete("filter", saved["id"])
    return "", 204
