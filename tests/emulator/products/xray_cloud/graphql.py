"""A small GraphQL reader and executor: enough of the language for Xray Cloud's documented calls.

Supported: query/mutation operations (named or anonymous, with variable definitions and
defaults), fields with aliases and arguments, nested selections, variables, and every literal
(string, block string, int, float, boolean, null, enum, list, object). Fragments and directives
are not (Xray's own examples use none).

Objects handed to the executor are dicts: a key's value is either data or a callable taking the
field's arguments. ``__typename`` names the type for error messages.
"""

import inspect
import json
import re

_TOKEN = re.compile(r'''
    (?P<ignore>[\s,\ufeff]+|\#[^\n]*)
  | (?P<block>"""(?:[^"\\]|\\.|"(?!""))*""")
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<number>-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)
  | (?P<name>[_A-Za-z][_0-9A-Za-z]*)
  | (?P<spread>\.\.\.)
  | (?P<punct>[!$():=@\[\]{}|&])
''', re.X)


class GraphQLError(Exception):
    def __init__(self, message, path=None):
        super(GraphQLError, self).__init__(message)
        self.message = message
        self.path = path


class Field:
    __slots__ = ("name", "alias", "args", "selection")

    def __init__(self, name, alias, args, selection):
        self.name, self.alias, self.args, self.selection = name, alias, args, selection


class Var:
    __slots__ = ("name",)

    def __init__(self, name):
        self.name = name


def _tokens(text):
    pos, out = 0, []
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match:
            raise GraphQLError("Syntax Error: Unexpected character %r at position %d" % (text[pos], pos))
        pos = match.end()
        kind = match.lastgroup
        if kind != "ignore":
            out.append((kind, match.group(kind)))
    out.append(("eof", None))
    return out


class _Parser:
    def __init__(self, text):
        self.toks = _tokens(text)
        self.pos = 0

    def peek(self, value=None):
        kind, text = self.toks[self.pos]
        return text == value if value is not None else (kind, text)

    def take(self, value=None):
        kind, text = self.toks[self.pos]
        if value is not None and text != value:
            raise GraphQLError("Syntax Error: Expected %r, found %r" % (value, text if text is not None else "<EOF>"))
        self.pos += 1
        return kind, text

    def name(self):
        kind, text = self.take()
        if kind != "name":
            raise GraphQLError("Syntax Error: Expected Name, found %r" % (text if text is not None else "<EOF>"))
        return text

    def document(self):
        operations = []
        while self.peek()[0] != "eof":
            operations.append(self.operation())
        if not operations:
            raise GraphQLError("Syntax Error: Unexpected <EOF>")
        return operations

    def operation(self):
        kind, text = self.peek()
        op_type, op_name, defaults = "query", None, {}
        if kind == "name" and text in ("query", "mutation", "subscription"):
            self.take()
            op_type = text
            if self.peek()[0] == "name":
                op_name = self.name()
            if self.peek("("):
                defaults = self.variable_definitions()
        elif kind == "spread" or (kind == "name" and text == "fragment"):
            raise GraphQLError("Fragments are not supported by this server")
        return {"type": op_type, "name": op_name, "defaults": defaults, "selection": self.selection_set()}

    def variable_definitions(self):
        self.take("(")
        defaults = {}
        while not self.peek(")"):
            self.take("$")
            name = self.name()
            self.take(":")
            self.type_ref()
            if self.peek("="):
                self.take("=")
                defaults[name] = self.value(const=True)
        self.take(")")
        return defaults

    def type_ref(self):
        if self.peek("["):
            self.take("[")
            self.type_ref()
            self.take("]")
        else:
            self.name()
        if self.peek("!"):
            self.take("!")

    def selection_set(self):
        self.take("{")
        fields = []
        while not self.peek("}"):
            if self.peek()[0] == "spread":
                raise GraphQLError("Fragments are not supported by this server")
            fields.append(self.field())
        self.take("}")
        if not fields:
            raise GraphQLError("Syntax Error: Expected Name, found '}'")
        return fields

    def field(self):
        alias, name = None, self.name()
        if self.peek(":"):
            self.take(":")
            alias, name = name, self.name()
        args = {}
        if self.peek("("):
            self.take("(")
            while not self.peek(")"):
                arg = self.name()
                self.take(":")
                args[arg] = self.value()
            self.take(")")
        if self.peek("@"):
            raise GraphQLError("Directives are not supported by this server")
        selection = self.selection_set() if self.peek("{") else None
        return Field(name, alias, args, selection)

    def value(self, const=False):
        kind, text = self.take()
        if kind == "punct" and text == "$" and not const:
            return Var(self.name())
        if kind == "string":
            return json.loads(text)
        if kind == "block":
            return text[3:-3].replace('\\"""', '"""').strip("\n")
        if kind == "number":
            return float(text) if any(c in text for c in ".eE") else int(text)
        if kind == "name":
            return {"true": True, "false": False, "null": None}.get(text, text)
        if text == "[":
            items = []
            while not self.peek("]"):
                items.append(self.value(const))
            self.take("]")
            return items
        if text == "{":
            obj = {}
            while not self.peek("}"):
                key = self.name()
                self.take(":")
                obj[key] = self.value(const)
            self.take("}")
            return obj
        raise GraphQLError("Syntax Error: Unexpected %r" % (text if text is not None else "<EOF>"))


def parse(text):
    if not isinstance(text, str) or not text.strip():
        raise GraphQLError("Must provide query string.")
    return _Parser(text).document()


def _substitute(value, variables):
    if isinstance(value, Var):
        if value.name not in variables:
            raise GraphQLError("Variable \"$%s\" is not defined." % value.name)
        return variables[value.name]
    if isinstance(value, list):
        return [_substitute(v, variables) for v in value]
    if isinstance(value, dict):
        return dict((k, _substitute(v, variables)) for k, v in value.items())
    return value


def execute(text, variables, operation_name, roots):
    """-> response dict {"data": ..., "errors": [...]}; ``roots`` = {"query": obj, "mutation": obj}."""
    try:
        operations = parse(text)
        if operation_name:
            matches = [op for op in operations if op["name"] == operation_name]
            if not matches:
                raise GraphQLError("Unknown operation named \"%s\"." % operation_name)
            operation = matches[0]
        elif len(operations) == 1:
            operation = operations[0]
        else:
            raise GraphQLError("Must provide operation name if query contains multiple operations.")
    except GraphQLError as exc:
        return {"errors": [{"message": exc.message}]}, 400
    scope = dict(operation["defaults"])
    scope.update(variables or {})
    root = roots.get(operation["type"])
    if root is None:
        return {"errors": [{"message": "Schema is not configured for %ss." % operation["type"]}]}, 400
    data, errors = {}, []
    for field in operation["selection"]:
        out_name = field.alias or field.name
        try:
            data[out_name] = _resolve(root, field, scope, [out_name])
        except GraphQLError as exc:
            data[out_name] = None
            errors.append({"message": exc.message, "path": exc.path or [out_name]})
    body = {"data": data}
    if errors:
        body["errors"] = errors
    return body, 200


def _resolve(obj, field, scope, path):
    typename = obj.get("__typename", "Query")
    if field.name == "__typename":
        return typename
    if field.name not in obj:
        raise GraphQLError("Cannot query field \"%s\" on type \"%s\"." % (field.name, typename), path)
    value = obj[field.name]
    if callable(value):
        args = _substitute(field.args, scope)
        try:
            inspect.signature(value).bind(**args)
        except TypeError as exc:
            raise GraphQLError("Invalid arguments for field \"%s\": %s" % (field.name, exc), path)
        try:
            value = value(**args)
        except GraphQLError as exc:
            exc.path = exc.path or path
            raise
    elif field.args:
        raise GraphQLError("Field \"%s\" takes no arguments." % field.name, path)
    return _project(value, field, scope, path)


def _project(value, field, scope, path):
    if value is None:
        return None
    if isinstance(value, list):
        return [_project(v, field, scope, path + [i]) for i, v in enumerate(value)]
    if isinstance(value, dict) and "__typename" in value:
        if field.selection is None:
            raise GraphQLError("Field \"%s\" of type \"%s\" must have a selection of subfields."
                               % (field.name, value["__typename"]), path)
        out = {}
        for sub in field.selection:
            name = sub.alias or sub.name
            out[name] = _resolve(value, sub, scope, path + [name])
        return out
    if field.selection is not None:
        raise GraphQLError("Field \"%s\" must not have a selection since it has no subfields." % field.name, path)
    return value
