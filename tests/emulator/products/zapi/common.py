"""Shared ZAPI helpers: the blueprint, auth as Jira does it, ZAPI's error shapes, dates."""

import datetime

from flask import Blueprint, current_app, jsonify, make_response

from tests.emulator import jobs
from tests.emulator.products.common import fail, require_user

bp = Blueprint("zapi", __name__)
PREFIXES = ("/rest/zapi/latest", "/rest/zapi/1.0")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def route(rule, **options):
    def wrap(view):
        for prefix in PREFIXES:
            bp.add_url_rule(prefix + rule, endpoint=(prefix + rule).replace("/", "_").replace(".", "_") + "_" + view.__name__,
                            view_func=view, **options)
        return view
    return wrap


def zapi_unauthorized():
    return make_response(jsonify({"error": "You are not logged in. Please log in and retry."}), 401)


def user():
    return require_user("jira", zapi_unauthorized)


def error(status, message):
    """ZAPI's plain shape: {"error": "..."}."""
    fail(status, {"error": message})


def field_error(status, field, message):
    """ZAPI's field-map shape: {"<field>": "..."} (cycle validation 406, execution 400)."""
    fail(status, {field: message})


def parse_picker_date(text):
    """Jira's default date-picker format d/MMM/yy (also dd/MMM/yy); None when unparsable."""
    try:
        day, mon, year = str(text).strip().split("/")
        if len(year) != 2 or mon.title() not in MONTHS:
            return None
        return datetime.date(2000 + int(year), MONTHS.index(mon.title()) + 1, int(day))
    except (ValueError, AttributeError):
        return None


def format_picker_date(iso):
    """Answers show dd/MMM/yy."""
    if not iso:
        return None
    day = datetime.date.fromisoformat(iso)
    return "%02d/%s/%02d" % (day.day, MONTHS[day.month - 1], day.year % 100)


def ident(value):
    """ZAPI coerces ids sent as numbers or strings."""
    try:
        return int(str(value).strip())
    except (TypeError, ValueError):
        return None


def start_job(kind, work):
    """jobs.start with the app context the resource helpers need (jobs run on their own thread)."""
    app = current_app._get_current_object()

    def run(store):
        with app.app_context():
            return work(store)

    return jsonify({"jobProgressToken": jobs.start(app, kind, run)})


def id_list(values):
    """ZAPI takes ids as numbers or strings, in a list or a comma-separated string."""
    if isinstance(values, str):
        values = [v for v in values.split(",") if v.strip()]
    return [ident(v) for v in values or []]
