"""Helpers the product blueprints share: auth guards, JSON bodies, answers in product shapes."""

import json
import re

from flask import abort, current_app, g, jsonify, make_response, request

from tests.emulator import auth


def store():
    return current_app.config["STORE"]


def settings():
    return current_app.config["SETTINGS"]


def body_json():
    """The JSON body, or None when missing or malformed (products answer 400 then)."""
    return request.get_json(force=True, silent=True)


def fail(status, payload):
    abort(make_response(jsonify(payload), status))


def fail_text(status, text):
    abort(make_response(text, status, {"Content-Type": "text/plain;charset=UTF-8"}))


def require_user(realm, unauthorized):
    """The caller, or abort with the product's 401 (``unauthorized`` builds the body)."""
    user = auth.identify(realm)
    if user is None:
        response = unauthorized()
        if not isinstance(response, tuple):
            response = (response, 401)
        abort(make_response(*response))
    g.user = user
    return user


def jira_unauthorized():
    reason = "AUTHENTICATED_FAILED" if g.get("auth_failed") else "AUTHENTICATION_DENIED"
    resp = make_response(jsonify({"errorMessages": [
        "You are not authenticated. Authentication required to perform this operation."], "errors": {}}), 401)
    resp.headers["X-Seraph-LoginReason"] = reason
    return resp


def as_int(value, default=None):
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


# -- reads the generic store has no call for: one SQL statement where a loop would decode every document ----
_CHUNK = 500  # ids per statement, well under SQLite's variable limit


def docs_by_id(kind, ids):
    """{id: document} of ``kind`` for ``ids``; unknown ids are left out."""
    wanted = sorted(set(int(i) for i in ids))
    out = {}
    with store() as s:
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            rows = s.db.execute("SELECT id, data FROM docs WHERE kind=? AND id IN (%s)" % ",".join("?" * len(chunk)),
                                [kind] + chunk).fetchall()
            out.update((row[0], json.loads(row[1])) for row in rows)
    return out


def docs_page(kind, ref, offset, limit, order_field=None):
    """One page of the documents of ``kind`` under ``ref``, by ``order_field`` (then id) or by id: only the
    page is decoded, so listing N documents page by page stays linear."""
    order = "id"
    args = [kind, str(ref)]
    if order_field:
        order = "json_extract(data, ?), id"
        args.append("$." + order_field)
    with store() as s:
        rows = s.db.execute("SELECT data FROM docs WHERE kind=? AND ref=? ORDER BY %s LIMIT ? OFFSET ?" % order,
                            args + [int(limit), int(offset)]).fetchall()
    return [json.loads(row[0]) for row in rows]


_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def _field_index(s, kind, field):
    """(SQL expression, index name) of ``field`` (a top-level name or a dotted path such as ``fields.summary``)
    of ``kind``'s documents; the index is created on first use."""
    if not (_NAME.match(kind) and all(_NAME.match(part) for part in field.split("."))):
        raise ValueError("field index: %r/%r is not a plain name" % (kind, field))
    expression, index = "json_extract(data, '$.%s')" % field, "docs_%s_%s" % (kind, field.replace(".", "_"))
    s.db.execute("CREATE INDEX IF NOT EXISTS %s ON docs (%s) WHERE kind = '%s'" % (index, expression, kind))
    return expression, index


def docs_by_field(kind, field, values, ref=None):
    """Every document of ``kind`` (under ``ref`` if given) whose ``field`` equals one of the strings ``values``,
    by id, through the index doc_by_field uses."""
    wanted = sorted(set(str(v) for v in values))
    rows = []
    with store() as s:
        expression, index = _field_index(s, kind, field)
        where = "" if ref is None else " AND ref = ?"
        for start in range(0, len(wanted), _CHUNK):
            chunk = wanted[start:start + _CHUNK]
            rows.extend(s.db.execute("SELECT id, data FROM docs INDEXED BY %s WHERE kind = '%s' AND %s IN (%s)%s"
                                     % (index, kind, expression, ",".join("?" * len(chunk)), where),
                                     chunk + ([] if ref is None else [str(ref)])).fetchall())
    return [json.loads(data) for _id, data in sorted(rows)]


def docs_containing(kind, pairs):
    """Every document of ``kind`` whose ``field`` (a JSON path below the document, e.g. ``fields.summary``)
    contains ``word`` (lower case) once lower-cased, for every (field, word) of ``pairs``, by id: only the
    matches are decoded. Python does the lower-casing, so the answer is what ``word in text.lower()`` gives."""
    where, args = ["kind = ?"], [kind]
    for path, word in pairs:
        if not all(_NAME.match(part) for part in path.split(".")):
            raise ValueError("docs_containing: %r is not a plain path" % path)
        where.append("emulator_contains(json_extract(data, '$.%s'), ?)" % path)
        args.append(word)
    with store() as s:
        rows = s.db.execute("SELECT data FROM docs WHERE %s ORDER BY id" % " AND ".join(where), args).fetchall()
    return [json.loads(row[0]) for row in rows]


def doc_by_field(kind, field, value):
    """The first document of ``kind`` (by id) whose top-level ``field`` equals the string ``value``, found
    through an index on that field (created on first use): e.g. an issue by key without decoding every
    issue. Same answer as ``store().find_one(kind, **{field: value})`` for string fields."""
    with store() as s:
        expression, index = _field_index(s, kind, field)
        rows = s.db.execute("SELECT id, data FROM docs INDEXED BY %s WHERE kind = '%s' AND %s = ?"
                            % (index, kind, expression), (str(value),)).fetchall()
    return json.loads(min(rows)[1]) if rows else None
