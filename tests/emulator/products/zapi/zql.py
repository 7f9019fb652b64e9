"""ZQL: GET zql/executeSearch?zqlQuery=&offset=&maxRecords= (20 a page by default).

Clauses: project, fixVersion, cycleName, cycleId, folderName, issue, executionStatus, executedBy,
assignee, labels, component, priority, summary, joined with AND / OR / NOT and parentheses; operators
=, !=, ~, IN, NOT IN; ORDER BY is accepted and ignored (answers are in execution id order).
"""

import re

from flask import jsonify, request

from tests.emulator.products.common import as_int, store
from tests.emulator.products.jql import JqlError, _Parser, tokenize
from tests.emulator.products.zapi.common import error, route, user
from tests.emulator.products.zapi.model import CYCLE, EXECUTION, FOLDER, Lookups, execution_json
from tests.emulator.products.zapi.util import EXECUTION_STATUSES

PAGE = 20
STATUS_NAMES = dict((str(s["id"]), s["name"]) for s in EXECUTION_STATUSES)


def _fields(look):
    def issue(e):
        return look.get("issue", e["issueId"]) or {"fields": {}}

    def cycle_name(e):
        cycle = look.get(CYCLE, e["cycleId"]) if int(e["cycleId"]) != -1 else None
        return cycle["name"] if cycle else "Ad hoc"

    def project(e):
        proj = look.get("project", e["projectId"]) or {}
        return [proj.get("key"), proj.get("name"), str(e["projectId"])]

    return {
        "project": project,
        "fixversion": lambda e: [look.version_name(e["versionId"]), str(e["versionId"])],
        "cyclename": cycle_name,
        "cycleid": lambda e: str(e["cycleId"]),
        "foldername": lambda e: (look.get(FOLDER, e["folderId"]) or {}).get("name") if e.get("folderId") else None,
        "issue": lambda e: [e["issueKey"], str(e["issueId"])],
        "executionstatus": lambda e: [STATUS_NAMES.get(str(e["executionStatus"])), str(e["executionStatus"])],
        "executedby": lambda e: e.get("executedBy"),
        "assignee": lambda e: e.get("assignee"),
        "labels": lambda e: issue(e)["fields"].get("labels") or [],
        "component": lambda e: [c.get("name") for c in issue(e)["fields"].get("components") or []],
        "priority": lambda e: (issue(e)["fields"].get("priority") or {}).get("name"),
        "summary": lambda e: issue(e)["fields"].get("summary"),
    }


class _ZqlParser(_Parser):
    """JQL's grammar with ZQL's fields (the record is an execution)."""

    def __init__(self, tokens, fields):
        super(_ZqlParser, self).__init__(tokens)
        self.fields = fields

    def clause(self):
        kind, field = self.take()
        if kind not in ("word", "str") or field.lower() not in self.fields:
            raise JqlError("Field '%s' does not exist in ZQL." % field)
        getter = self.fields[field.lower()]
        kind, op = self.take()
        if kind == "word" and op.lower() in ("in", "not"):
            if op.lower() == "not":
                if not self.word("in"):
                    raise JqlError("expecting IN after NOT")
                self.take()
                op = "not in"
            else:
                op = "in"
            if self.take()[0] != "lp":
                raise JqlError("expecting '(' after IN")
            values = []
            while True:
                k, v = self.take()
                if k in ("word", "str"):
                    values.append(v)
                elif k == "rp":
                    break
                elif k != "comma":
                    raise JqlError("unterminated list")
        elif kind == "op" and op in ("=", "!=", "~"):
            k, v = self.take()
            if k not in ("word", "str"):
                raise JqlError("expecting a value after '%s'" % op)
            values = [v]
        else:
            raise JqlError("unsupported operator after '%s'" % field)
        wanted = [v.lower() for v in values]

        def test(execution, _ctx):
            have = getter(execution)
            have = [str(h).lower() for h in (have if isinstance(have, list) else [have]) if h is not None]
            if op in ("=", "in"):
                return any(h in wanted for h in have)
            if op in ("!=", "not in"):
                return not any(h in wanted for h in have)
            return any(wanted[0] in h for h in have)
        return test


def search(text, look):
    text = re.split(r"\border\s+by\b", text or "", flags=re.I)[0]
    tokens = tokenize(text)
    executions = store().find(EXECUTION)
    if not tokens:
        return executions
    parser = _ZqlParser(tokens, _fields(look))
    predicate = parser.expr()
    if parser.pos != len(tokens):
        raise JqlError("unexpected '%s'" % tokens[parser.pos][1])
    return [e for e in executions if predicate(e, None)]


@route("/zql/executeSearch")
def execute_search():
    user()
    look = Lookups(store())
    try:
        found = search(request.args.get("zqlQuery"), look)
    except JqlError as exc:
        error(400, "Invalid ZQL query: %s" % exc)
    offset = max(0, as_int(request.args.get("offset"), 0))
    limit = as_int(request.args.get("maxRecords"), PAGE)
    limit = PAGE if limit is None or limit <= 0 else min(limit, 1000)
    statuses = dict((str(s["id"]), s) for s in EXECUTION_STATUSES)
    page = []
    for execution in found[offset:offset + limit]:
        item = execution_json(execution, look)
        item["status"] = dict(statuses[str(execution["executionStatus"])])
        item["creationDate"] = item["createdOn"].split(" ")[0]
        page.append(item)
    return jsonify({"executions": page, "currentIndex": offset + 1, "maxResultAllowed": limit,
                    "linksNew": list(range(1, (len(found) + limit - 1) // limit + 1)) or [1],
                    "totalCount": len(found), "executionIds": []})
