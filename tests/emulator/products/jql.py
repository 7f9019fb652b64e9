"""A small JQL evaluator: enough for the clauses the collection and common clients send.

Supported: ``field op value`` joined by AND / OR (AND binds tighter), parentheses, ORDER BY
(ignored except ``key``). Fields: project, key/issuekey, id, issuetype/type, summary, labels,
fixVersion, status, component, text. Operators: =, !=, ~, in, not in, is EMPTY.
Unknown fields or bad syntax raise JqlError (Jira answers 400 with errorMessages).
"""

import re

TOKEN = re.compile(r'\s*(?:(?P<lp>\()|(?P<rp>\))|(?P<comma>,)|(?P<op>!=|!~|~|=|>=|<=|>|<)|'
                   r'"(?P<dq>(?:[^"\\]|\\.)*)"|\'(?P<sq>(?:[^\'\\]|\\.)*)\'|(?P<word>[^\s(),=!~<>"\']+))')


class JqlError(ValueError):
    pass


def tokenize(text):
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise JqlError("Error in the JQL Query: unexpected character at position %d" % pos)
        pos = m.end()
        kind = m.lastgroup
        value = m.group(kind)
        if kind in ("dq", "sq"):
            tokens.append(("str", value.replace('\\"', '"').replace("\\'", "'")))
        else:
            tokens.append((kind, value))
    return tokens


def parse(text):
    order = None
    match = re.search(r"\border\s+by\b(.*)$", text, re.I)
    if match:
        order = match.group(1).strip()
        text = text[:match.start()]
    tokens = tokenize(text)
    if not tokens:
        return (lambda issue, ctx: True), order
    parser = _Parser(tokens)
    expr = parser.expr()
    if parser.pos != len(tokens):
        raise JqlError("Error in the JQL Query: unexpected '%s'" % tokens[parser.pos][1])
    expr.projects = parser.projects  # the project values named, which a strict search checks (unknown_projects)
    return expr, order


def unknown_projects(predicate, projects):
    """Project values the query names that no project has as key, id or name: a strict search answers 400
    "The value 'X' does not exist for the field 'project'." for the first."""
    known = set()
    for project in projects:
        known.update(str(v).lower() for v in (project.get("key"), project.get("id"), project.get("name")) if v)
    return [v for v in getattr(predicate, "projects", ()) if str(v).lower() not in known]


class _Parser:
    def __init__(self, tokens):
        self.tokens, self.pos = tokens, 0
        self.projects = []

    def peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else (None, None)

    def take(self):
        tok = self.peek()
        self.pos += 1
        return tok

    def word(self, *words):
        kind, value = self.peek()
        return kind == "word" and value.lower() in words

    def expr(self):
        left = self.term()
        while self.word("or"):
            self.take()
            left = _either(left, self.term())
        return left

    def term(self):
        left = self.factor()
        while self.word("and"):
            self.take()
            left = _both(left, self.factor())
        return left

    def factor(self):
        if self.word("not"):
            self.take()
            inner = self.factor()
            return lambda i, c: not inner(i, c)
        kind, _value = self.peek()
        if kind == "lp":
            self.take()
            inner = self.expr()
            if self.take()[0] != "rp":
                raise JqlError("Error in the JQL Query: expecting ')'")
            return inner
        return self.clause()

    def clause(self):
        kind, field = self.take()
        if kind not in ("word", "str"):
            raise JqlError("Error in the JQL Query: expecting a field name")
        field = field.lower()
        if field not in FIELDS:
            raise JqlError("Field '%s' does not exist or you do not have permission to view it." % field)
        kind, op = self.take()
        if kind == "word" and op.lower() in ("in", "not", "is"):
            op = op.lower()
            if op == "not":
                if not self.word("in"):
                    raise JqlError("Error in the JQL Query: expecting 'in' after 'not'")
                self.take()
                op = "not in"
            elif op == "is":
                negate = False
                if self.word("not"):
                    self.take()
                    negate = True
                if not self.word("empty", "null"):
                    raise JqlError("Error in the JQL Query: expecting EMPTY")
                self.take()
                getter = FIELDS[field]
                return lambda i, c: (not getter(i, c)) != negate
        elif kind != "op":
            raise JqlError("Error in the JQL Query: expecting an operator after '%s'" % field)
        if op in ("in", "not in"):
            if self.take()[0] != "lp":
                raise JqlError("Error in the JQL Query: expecting '(' after IN")
            values = []
            while True:
                k, v = self.take()
                if k in ("word", "str"):
                    values.append(v)
                elif k == "comma":
                    continue
                elif k == "rp":
                    break
                else:
                    raise JqlError("Error in the JQL Query: unterminated list")
        else:
            k, v = self.take()
            if k not in ("word", "str"):
                raise JqlError("Error in the JQL Query: expecting a value after '%s'" % op)
            values = [v]
        if field == "project":
            self.projects.extend(values)
        return _compare(field, op, values)


# -- bounds: what the store can read instead of every issue ------------------------------------------
# A predicate may carry ``bound``: {"keys": set of upper-case keys} (only these issues can match) or
# {"contains": [(field, word), ...]} (only issues whose field contains every word, lower-cased, can match).
# A bound only narrows what is read; the predicate still decides, so the answer is the same as a scan.


def bound(predicate):
    return getattr(predicate, "bound", None)


def _with_bound(predicate, value):
    if value:
        predicate.bound = value
    return predicate


def _either(first, second):
    one, other = bound(first), bound(second)
    keys = one["keys"] | other["keys"] if one and other and "keys" in one and "keys" in other else None
    return _with_bound(lambda issue, ctx: first(issue, ctx) or second(issue, ctx), {"keys": keys} if keys else None)


def _both(first, second):
    one, other = bound(first) or {}, bound(second) or {}
    if "keys" in one and "keys" in other:
        value = {"keys": one["keys"] & other["keys"]}
    elif "keys" in one or "keys" in other:
        value = one if "keys" in one else other
    else:
        value = {"contains": one.get("contains", []) + other.get("contains", [])}
        value = value if value["contains"] else None
    return _with_bound(lambda issue, ctx: first(issue, ctx) and second(issue, ctx), value)


def _compare(field, op, values):
    getter = FIELDS[field]
    wanted = [str(v).lower() for v in values]

    def test(issue, ctx):
        have = getter(issue, ctx)
        have = [str(h).lower() for h in (have if isinstance(have, list) else [have]) if h is not None]
        if op in ("=", "in"):
            return any(h in wanted for h in have)
        if op in ("!=", "not in"):
            return not any(h in wanted for h in have)
        if op == "~":
            return any(all(word in h for word in wanted[0].split()) for h in have)
        if op == "!~":
            return not any(wanted[0] in h for h in have)
        raise JqlError("Operator '%s' is not supported here" % op)

    value = None
    if field in ("key", "issuekey") and op in ("=", "in"):
        value = {"keys": set(w.upper() for w in wanted)}
    elif field == "summary" and op == "~" and wanted[0].split():
        value = {"contains": [("summary", word) for word in wanted[0].split()]}
    return _with_bound(test, value)


def _project(issue, ctx):
    project = ctx["projects"].get(str(issue["projectId"])) or {}
    return [project.get("key"), str(project.get("id")), project.get("name")]


FIELDS = {
    "project": _project,
    "key": lambda i, c: i["key"],
    "issuekey": lambda i, c: i["key"],
    "id": lambda i, c: str(i["id"]),
    "issuetype": lambda i, c: [i["fields"]["issuetype"]["name"], str(i["fields"]["issuetype"]["id"])],
    "type": lambda i, c: [i["fields"]["issuetype"]["name"], str(i["fields"]["issuetype"]["id"])],
    "summary": lambda i, c: i["fields"].get("summary"),
    "text": lambda i, c: [i["fields"].get("summary"), i["fields"].get("description")],
    "description": lambda i, c: i["fields"].get("description"),
    "labels": lambda i, c: i["fields"].get("labels") or [],
    "fixversion": lambda i, c: [v.get("name") for v in i["fields"].get("fixVersions") or []],
    "component": lambda i, c: [v.get("name") for v in i["fields"].get("components") or []],
    "status": lambda i, c: (i["fields"].get("status") or {}).get("name"),
    "priority": lambda i, c: (i["fields"].get("priority") or {}).get("name"),
}
