"""Reading an import request (body, parts, query) the way each flavour documents it.

Server/DC: XML reports in a multipart part ``file``; Xray JSON, Cucumber and behave as the raw
body, or in a part ``result`` on the /multipart endpoints; ``info`` is Jira issue-create JSON.
Cloud: XML reports as the raw body; every /multipart endpoint takes the report in ``results``;
``info`` may carry ``xrayFields`` (only ``testPlanKey`` and ``environments``).
Both: ``testInfo`` holds Jira fields for Tests the import creates; XML formats read the query
parameters projectKey, testExecKey, testPlanKey, testEnvironments (``;``-separated), revision and
fixVersion; the Xray JSON, Cucumber and behave endpoints take none.
"""

from flask import request

from tests.emulator.products.common import settings
from tests.emulator.products.xray_server import importer, reports
from tests.emulator.products.xray_server.importer import ExecutionSpec, split_environments
from tests.emulator.products.xray_server.model import XrayError

CLOUD_XRAY_FIELDS = ("testPlanKey", "environments")
# Most test results one import request takes (settings knob, 0 = no limit). Xray documents no exact
# number for execution imports; its troubleshooting page gives 1000 Tests per bulk Test import, and
# large reports time out (api/xray.md pitfalls): the emulator refuses oversized imports with a 400 so
# clients are seen to split them.
MAX_TESTS_SETTING = "xray_import_max_tests"
DEFAULT_MAX_TESTS = 10000


def read_part(name):
    upload = request.files.get(name)
    if upload is not None:
        return upload.read()
    if name in request.form:
        return request.form[name].encode("utf-8")
    return None


def report_part(flavour, fmt):
    if flavour == "cloud":
        return "results"
    return "file" if fmt in reports.XML_FORMATS else "result"


def _info_doc(raw, what="info"):
    doc = reports.parse_json(raw, what)
    if not isinstance(doc, dict):
        raise XrayError("Error parsing %s file!" % what)
    return doc


def multipart_spec(raw, flavour):
    doc = _info_doc(raw)
    fields = doc.get("fields")
    if not isinstance(fields, dict):
        raise XrayError("Error parsing info file! It must hold the Test Execution's Jira 'fields'")
    fields = dict(fields)
    spec = ExecutionSpec(jira_fields=fields)
    if flavour == "cloud":
        fields.setdefault("issuetype", {"name": "Test Execution"})
        xray_fields = doc.get("xrayFields") or {}
        if not isinstance(xray_fields, dict):
            raise XrayError("Error importing results: xrayFields in info file must be an object!")
        invalid = sorted(set(xray_fields) - set(CLOUD_XRAY_FIELDS))
        if invalid:
            raise XrayError("Error importing results: xrayFields in info file contains the following invalid "
                            "fields: %s!" % ", ".join(invalid))
        spec.plan_key = xray_fields.get("testPlanKey")
        environments = xray_fields.get("environments") or []
        if not isinstance(environments, list):
            raise XrayError("Error importing results: xrayFields.environments must be an array!")
        spec.environments = split_environments(environments)
    return spec


def test_fields(raw):
    if raw is None:
        return {}
    doc = _info_doc(raw, "testInfo")
    fields = doc.get("fields") if isinstance(doc.get("fields"), dict) else {}
    return dict((k, v) for k, v in fields.items() if k in ("labels", "description"))


def query_spec():
    args = request.args
    return ExecutionSpec(project_key=args.get("projectKey"), fix_version=args.get("fixVersion"),
                         revision=args.get("revision"), plan_key=args.get("testPlanKey"),
                         environments=split_environments(args.get("testEnvironments")))


def json_spec(info, flavour):
    if not info:
        return ExecutionSpec()
    environments = info.get("testEnvironments") or []
    if not isinstance(environments, list):
        raise XrayError("info.testEnvironments must be an array")
    return ExecutionSpec(project_key=info.get("project"), summary=info.get("summary"),
                         description=info.get("description"), fix_version=info.get("version"),
                         revision=info.get("revision"), environments=split_environments(environments),
                         plan_key=info.get("testPlanKey"), summary_required=flavour == "cloud")


def run_import(flavour, fmt, multipart):
    """Import one request; ``fmt`` is None for Xray JSON. -> (execution, tests)."""
    exec_key, extra_test_fields = None, {}
    if multipart:
        part = report_part(flavour, fmt)
        raw = read_part(part)
        if raw is None:
            raise XrayError("No results file was found in the request: send it in a part named '%s'" % part)
        info = read_part("info")
        if info is None:
            raise XrayError("No info file was found in the request: send it in a part named 'info'")
        spec = multipart_spec(info, flavour)
        extra_test_fields = test_fields(read_part("testInfo"))
    elif fmt in reports.XML_FORMATS:
        if flavour == "cloud":
            raw = request.get_data()
        else:
            raw = read_part("file")
            if raw is None:
                raise XrayError("No results file was found in the request: send it in a part named 'file'")
        spec = query_spec()
        exec_key = request.args.get("testExecKey")
        if not spec.project_key and not exec_key:
            raise XrayError("Error assembling issue data: project is required (give projectKey or testExecKey)")
    else:
        raw = request.get_data()
        spec = ExecutionSpec()

    if fmt is None:
        doc_exec_key, info, entries = reports.xray_json(reports.parse_json(raw, "results"), flavour)
        if not multipart:
            exec_key = doc_exec_key
            spec = json_spec(info, flavour)
    elif fmt in reports.JSON_FORMATS:
        entries = reports.cucumber_entries(raw, behave=fmt == "behave")
    else:
        entries = reports.xml_entries(raw, fmt)
    check_size(entries)
    return importer.apply_import(flavour, entries, spec, exec_key=exec_key, test_fields=extra_test_fields)


def check_size(entries):
    """Refuse an import with more test results than one request takes, before anything is written."""
    limit = int(settings().get(MAX_TESTS_SETTING) or 0)
    if limit > 0 and len(entries) > limit:
        raise XrayError("Error importing results: the request has %d test results, more than the maximum of %d "
                        "per import. Split the results into several imports." % (len(entries), limit))
