"""Test cases and steps. Three ids: the tree-testcase (tct) id links a test case into a folder,
``testcase.id`` is the test case version (steps hang off it), ``testcase.testcaseId`` the stable id."""

from flask import g, jsonify, request

from tests.emulator.products.common import docs_page, store
from tests.emulator.products.zephyr_enterprise.common import (
    PHASE,
    TCT,
    TESTCASE,
    TREE,
    error,
    get_or_400,
    ident,
    json_list,
    json_object,
    page_window,
    paged,
    paged_answer,
    route,
    user,
)
from tests.emulator.products.zephyr_enterprise.model import (
    create_testcase,
    delete_tct,
    project_for,
    release_for,
    save_steps,
    steps_json,
    tct_json,
    testcase_json,
    update_testcase,
)


def folder_for(value):
    node = get_or_400(TREE, value, "Repository node")
    project_for(node["projectId"], g.user)
    return node


def tct_for(value):
    tct = get_or_400(TCT, value, "Tree testcase")
    folder_for(tct["tcrCatalogTreeId"])
    return tct


def tcv_for(value):
    tcv = get_or_400(TESTCASE, value, "Testcase")
    project_for(tcv["projectId"], g.user)
    return tcv


def new_testcase(item, who, bulk):
    if not isinstance(item, dict) or not isinstance(item.get("testcase"), dict):
        error(400, "testcase is required.")
    if item.get("tcrCatalogTreeId") in (None, ""):
        error(400, "tcrCatalogTreeId is required.")
    folder = folder_for(item["tcrCatalogTreeId"])
    if folder.get("hidden"):
        error(400, "Repository node %s belongs to a free-form phase." % folder["id"])
    fields = item["testcase"]
    name = str(fields.get("name") or "").strip()
    if not name:
        error(400, "Testcase name is required.")
    if len(fields["name"]) > 255:
        error(400, "Testcase name can not exceed 255 characters.")
    if bulk and "customProperties" in fields and fields["customProperties"] is None:
        error(500, "java.lang.NullPointerException: customProperties")
    release = release_for(fields.get("releaseId") or folder["releaseId"], who)
    return create_testcase(release, folder, fields, who)


@route("/testcase", methods=["POST"])
def post_testcase():
    who = user()
    return jsonify(tct_json(new_testcase(json_object(), who, False)))


@route("/testcase/bulk", methods=["POST"])
def post_testcases():
    who = user()
    items = json_list()
    return jsonify([tct_json(new_testcase(item, who, True)) for item in items])


@route("/testcase/tree/<tree_id>")
def folder_testcases(tree_id):
    user()
    folder = folder_for(tree_id)
    offset, size = page_window()  # one page read (the folder's ref index, in id order), not the whole folder
    rows = docs_page(TCT, folder["id"], offset, -1 if size is None else size)
    return jsonify(paged_answer([tct_json(t) for t in rows], store().count(TCT, ref=folder["id"]), offset, size))


@route("/testcase/nodes")
def testcases_of_nodes():
    """Test cases of many folders in one call (``treeids=1,2,3``), as a bare array."""
    user()
    ids = [ident(x) for x in (request.args.get("treeids") or "").split(",") if x.strip()]
    if not ids or None in ids:
        error(400, "treeids must be a comma separated list of ids.")
    rows = []
    for tree_id in ids:
        rows.extend(tct_json(t) for t in store().find(TCT, ref=folder_for(tree_id)["id"]))
    return jsonify(rows)


@route("/testcase/planning/<tree_id>")
def planning(tree_id):
    """What a phase plans: a free-form phase's own node lists its planned test cases; a repository
    folder lists its own."""
    user()
    node = folder_for(tree_id)
    phase = store().find_one(PHASE, tcrCatalogTreeId=node["id"], freeForm=True) if node.get("hidden") else None
    tcts = [store().get(TCT, t) for t in phase["plan"]] if phase else store().find(TCT, ref=node["id"])
    rows = []
    name = request.args.get("tcname")
    for tct in tcts:
        if tct is None:
            continue
        data = tct_json(tct)
        if name and name.lower() not in data["testcase"]["name"].lower():
            continue
        rows.append({"tct": {"id": tct["id"], "tcrCatalogTreeId": tct["tcrCatalogTreeId"]},
                     "testcase": data["testcase"]})
    return jsonify(paged(rows))


@route("/testcase/detail/<tct_id>")
def testcase_detail(tct_id):
    user()
    return jsonify(tct_json(tct_for(tct_id)))


@route("/testcase/<tcv_id>")
def one_testcase(tcv_id):
    user()
    return jsonify(testcase_json(tcv_for(tcv_id)))


@route("/testcase/<tcv_id>", methods=["PUT"])
def put_testcase(tcv_id):
    who = user()
    tcv = tcv_for(tcv_id)
    data = json_object()
    fields = data["testcase"] if isinstance(data.get("testcase"), dict) else data
    if "name" in fields and not str(fields.get("name") or "").strip():
        error(400, "Testcase name is required.")
    return jsonify(testcase_json(update_testcase(tcv, fields, who)))


@route("/testcase/<tct_id>", methods=["DELETE"])
def remove_testcase(tct_id):
    """Removes the test case from its folder (the tct id); the version goes with its last link."""
    user()
    delete_tct(tct_for(tct_id))
    return jsonify(True)


# -- steps -------------------------------------------------------------------------------------------
@route("/testcase/<tcv_id>/teststep")
def get_steps(tcv_id):
    user()
    tcv = tcv_for(tcv_id)
    link = store().find_one(TCT, testcaseVersionId=tcv["id"])
    return jsonify(steps_json(tcv, link["id"] if link else None))


def write_steps(tcv_id, tct_id):
    user()
    tcv = tcv_for(tcv_id)
    tct = tct_for(tct_id)
    if int(tct["testcaseVersionId"]) != int(tcv["id"]):
        error(400, "Tree testcase %s is not testcase %s." % (tct_id, tcv_id))
    data = json_object(required=("steps",))
    if not isinstance(data["steps"], list):
        error(400, "steps must be an array.")
    return jsonify(save_steps(tcv, tct, data["steps"]))


@route("/testcase/<tcv_id>/teststep/<tct_id>", methods=["POST"])
def post_steps(tcv_id, tct_id):
    return write_steps(tcv_id, tct_id)


@route("/testcase/<tcv_id>/teststep/detail/<tct_id>", methods=["POST", "PUT"])
def detail_steps(tcv_id, tct_id):
    return write_steps(tcv_id, tct_id)


@route("/testcase/<tcv_id>/teststep/<tct_id>", methods=["DELETE"])
def remove_steps(tcv_id, tct_id):
    user()
    tcv = tcv_for(tcv_id)
    tct_for(tct_id)
    save_steps(tcv, None, [])
    return jsonify(True)
