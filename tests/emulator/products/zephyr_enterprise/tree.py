"""The test-case repository tree (``testcasetree``): root nodes are type "Phase", children "Module".

The list ``GET /testcasetree?type=Phase&releaseid=`` answers ``{results: [...]}`` (ZE 8.1 and later)
or a bare array when the ``ze_version`` setting names an older server.
"""

from flask import g, jsonify, request

from tests.emulator.products.common import store
from tests.emulator.products.zephyr_enterprise.common import (
    TREE,
    error,
    get_or_400,
    ident,
    json_object,
    route,
    user,
    ze_version,
)
from tests.emulator.products.zephyr_enterprise.model import (
    children,
    create_node,
    delete_node,
    node_json,
    project_for,
    release_for,
    roots,
    subtree_ids,
)


def node_for(value):
    node = get_or_400(TREE, value, "Repository node")
    project_for(node["projectId"], g.user)
    return node


@route("/testcasetree")
def list_tree():
    who = user()
    if request.args.get("releaseid") in (None, ""):
        error(400, "releaseid is required.")
    release = release_for(request.args["releaseid"], who)
    rows = [node_json(n) for n in roots(release["id"])]
    wanted = request.args.get("type")
    if wanted:
        rows = [r for r in rows if r["type"].lower() == wanted.lower()]
    if ze_version() < (8, 1):
        return jsonify(rows)
    return jsonify({"results": rows, "resultSize": len(rows), "firstResult": 0, "pageNumber": 1})


@route("/testcasetree/lite")
def list_tree_lite():
    who = user()
    release = release_for(request.args.get("releaseid"), who)
    parent = ident(request.args.get("parentid")) or 0
    nodes = roots(release["id"]) if not parent else children(node_for(parent)["id"])
    rows = [node_json(n, deep=False) for n in nodes]
    offset = ident(request.args.get("offset")) or 0
    limit = ident(request.args.get("limit"))
    return jsonify(rows[offset:offset + limit] if limit else rows[offset:])


@route("/testcasetree/phases/<release_id>")
def release_tree(release_id):
    release = release_for(release_id, user())
    return jsonify([node_json(n) for n in roots(release["id"])])


@route("/testcasetree/<node_id>")
def one_node(node_id):
    user()
    return jsonify(node_json(node_for(node_id)))


@route("/testcasetree/hierarchy/<node_id>")
def hierarchy(node_id):
    user()
    return jsonify(subtree_ids(node_for(node_id)["id"]))


@route("/testcasetree", methods=["POST"])
def post_node():
    who = user()
    data = json_object(required=("name",))
    if not str(data.get("name") or "").strip():
        error(400, "Name is required.")
    parent_id = ident(request.args.get("parentid", data.get("parentId"))) or 0
    parent = node_for(parent_id) if parent_id else None
    release_id = data.get("releaseId", parent["releaseId"] if parent else None)
    if release_id in (None, ""):
        error(400, "releaseId is required.")
    release = release_for(release_id, who)
    if parent and int(parent["releaseId"]) != int(release["id"]):
        error(400, "Parent node %s is not in release %s." % (parent["id"], release["id"]))
    siblings = roots(release["id"]) if parent is None else children(parent["id"])
    if any(n["name"] == data["name"] for n in siblings):
        error(400, "A node named %s already exists here." % data["name"])
    node = create_node(release, parent, data["name"], "Phase" if parent is None else "Module", who,
                       data.get("description"))
    return jsonify(node_json(node))


@route("/testcasetree/<node_id>", methods=["PUT"])
def put_node(node_id):
    user()
    node = node_for(node_id)
    data = json_object()
    if "name" in data and not str(data.get("name") or "").strip():
        error(400, "Name is required.")
    for field in ("name", "description"):
        if data.get(field) is not None:
            node[field] = data[field]
    store().update(TREE, node)
    return jsonify(node_json(node))


@route("/testcasetree/<node_id>", methods=["DELETE"])
def remove_node(node_id):
    user()
    node = node_for(node_id)
    if node.get("hidden"):
        error(400, "Repository node %s belongs to a free-form phase." % node_id)
    delete_node(node)
    return jsonify(True)
