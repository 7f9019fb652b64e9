"""Shared Zephyr Enterprise helpers: the blueprint and its version prefixes, auth as ZE does it,
ZE's error bodies, lenient ids/booleans, both date conventions and ZE's paged list shape.

Imitates Zephyr Enterprise 8.2 (so the repository tree list is ``{results: [...]}``, the 8.1+ shape;
set the emulator setting ``ze_version`` to e.g. "7.16" to get the bare array older servers answer).
"""

import datetime
import json

from flask import Blueprint, g, jsonify, make_response, request

from tests.emulator.products.common import fail, require_user, settings, store

bp = Blueprint("zephyr_enterprise", __name__)
REST = "/flex/services/rest"
# ``latest`` aliases the newest version; public clients use the same paths under v1, v3 and v4.
VERSIONS = ("latest", "v1", "v3", "v4")
ANYONE = -10  # tester/assignee id meaning "Anyone"

# store kinds
PROJECT = "ze_project"
RELEASE = "ze_release"
CYCLE = "ze_cycle"
PHASE = "ze_phase"
TREE = "ze_tree"
TESTCASE = "ze_testcase"   # a test case version (testcase.id = testcaseVersionId)
TCT = "ze_tct"             # a test case's place in a folder (tree-testcase, id = tctId)
STEPS = "ze_steps"
RTS = "ze_rts"             # an execution ("release test schedule")
ATTACHMENT = "ze_attachment"
UPLOAD = "ze_upload"
PREFERENCE = "ze_preference"
JOB = "ze_job"
RUN = "ze_run"


def route(rule, versions=VERSIONS, **options):
    """Register a view under every version prefix (``rule`` starts with /)."""
    def wrap(view):
        for version in versions:
            path = "%s/%s%s" % (REST, version, rule)
            bp.add_url_rule(path, endpoint=path.replace("/", "_").replace(".", "_").replace("<", "").replace(">", "")
                            + "_" + view.__name__, view_func=view, **options)
        return view
    return wrap


def raw_route(path, **options):
    """A route outside the REST base (uploads, downloads)."""
    def wrap(view):
        bp.add_url_rule(path, endpoint=path.replace("/", "_") + "_" + view.__name__, view_func=view, **options)
        return view
    return wrap


def ze_unauthorized():
    # Clients (the Jenkins plugin) read a JSON string inside ``message`` on 401.
    inner = json.dumps({"message": "Authentication failed. Invalid credentials, token or expired session."
                        if g.get("auth_failed") else "Authentication token is missing."})
    return make_response(jsonify({"message": inner}), 401)


def user():
    return require_user("ze", ze_unauthorized)


def error(status, message):
    """ZE's error body: ``{"message": "..."}`` with 400 (bad data), 403, 404 or 500."""
    fail(status, {"message": message, "status": status})


def ident(value):
    """Ids arrive as numbers or strings ("12"); None when not an integer."""
    if isinstance(value, bool):
        return None
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def flag(value, default=False):
    """Booleans arrive as true/false or "true"/"false" (or 1/0)."""
    if value is None or value == "":
        return default
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in ("true", "1", "yes"):
        return True
    if text in ("false", "0", "no"):
        return False
    return None


def body_json():
    return request.get_json(force=True, silent=True)


def json_object(required=()):
    data = body_json()
    if not isinstance(data, dict):
        error(400, "Request body must be a JSON object.")
    for name in required:
        if name not in data:
            error(400, "%s is required." % name)
    return data


def json_list():
    data = body_json()
    if not isinstance(data, list):
        error(400, "Request body must be a JSON array.")
    return data


def now_ms():
    return int(datetime.datetime.now(datetime.timezone.utc).timestamp() * 1000)


# -- dates: epoch ms (startDate/endDate, executedOn) and MM/dd/yyyy strings (cycleStartDate...) -------
def day_to_ms(day):
    start = datetime.datetime(day.year, day.month, day.day, tzinfo=datetime.timezone.utc)
    return int(start.timestamp() * 1000)


def ms_to_day(value):
    if value in (None, ""):
        return None
    return datetime.datetime.fromtimestamp(int(value) / 1000.0, datetime.timezone.utc).date()


def parse_us(text, field):
    """``MM/dd/yyyy`` -> date; 400 naming the field otherwise."""
    try:
        return datetime.datetime.strptime(str(text).strip(), "%m/%d/%Y").date()
    except ValueError:
        error(400, "Invalid date %s for %s, expected MM/dd/yyyy." % (json.dumps(text), field))


def format_us(day):
    return day.strftime("%m/%d/%Y") if day else None


def dates_from(data, str_names, ms_names, current=None):
    """Start/end day from either convention (strings win when both are sent); 400 when end < start."""
    out = []
    for str_name, ms_name, old in zip(str_names, ms_names, (current or (None, None))):
        if data.get(str_name) not in (None, ""):
            out.append(parse_us(data[str_name], str_name))
        elif data.get(ms_name) not in (None, ""):
            ms = ident(data[ms_name])
            if ms is None:
                error(400, "Invalid %s %s, expected epoch milliseconds." % (ms_name, json.dumps(data[ms_name])))
            out.append(ms_to_day(ms))
        else:
            out.append(old)
    if out[0] and out[1] and out[1] < out[0]:
        error(400, "End date %s is before start date %s." % (format_us(out[1]), format_us(out[0])))
    return out


def page_window():
    """(offset, size or None) of a paged list request."""
    size = ident(request.args.get("pagesize"))
    return max(0, ident(request.args.get("offset")) or 0), (size if size and size > 0 else None)


def paged_answer(rows, total, offset, size):
    """The paged shape for one page already read (``rows``) of ``total``."""
    return {"firstResult": offset, "resultSize": total, "pageNumber": (offset // size + 1) if size else 1,
            "results": rows}


def paged(rows):
    """ZE's paged list: offset/pagesize (pagesize=0 or absent = everything)."""
    offset, size = page_window()
    return paged_answer(rows[offset:] if size is None else rows[offset:offset + size], len(rows), offset, size)


def ze_version():
    return tuple(int(p) for p in str(settings().get("ze_version", "8.2")).split(".")[:2])


def get_or_400(kind, value, label):
    doc = store().get(kind, ident(value)) if ident(value) is not None else None
    if doc is None:
        error(400, "%s with id %s does not exist." % (label, value))
    return doc
