"""Turning what a client sends to an import endpoint into entries the import applies.

XML and Cucumber/behave reports are parsed with the collection's own result reader (which refuses
DTDs and entity declarations); Xray's rules are applied on top of it:

- JUnit-style reports: ``test_key``/``test_id`` properties link existing Tests (unknown = error);
  otherwise ``classname`` + ``name`` (the suite name without classname) is the Generic Test
  Definition; tags that are keys of existing Tests (Robot, NUnit categories) link them too.
- Cucumber/behave: a scenario tag that is an existing Test's key links it, else the Cucumber Test
  with the scenario's name (behave's outline rows `` -- @1.1`` belong to their outline).
- Xray JSON: ``testKey`` or ``testInfo``.

An entry: {key, test_id, tags, type, definition, summary, scenario, status (Server name),
comment, defects, evidences, start, finish, test_fields, examples, steps, iterations}.
"""

import base64
import json
import os
import re
import sys
import tempfile

from tests.emulator.products.xray_server.model import XrayError, canonical_status

KEY = re.compile(r"^[A-Z][A-Z0-9_]+-\d+$")
XML_FORMATS = ("junit", "testng", "nunit", "xunit", "robot")
JSON_FORMATS = ("cucumber", "behave")
_RESULT_STATUS = {"passed": "PASS", "failed": "FAIL", "error": "FAIL", "skipped": "TODO"}
_OUTLINE_ROW = re.compile(r" -- @\d+(\.\d+)*( .*)?$")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))))


def _reader():
    try:
        from ansible_collections.testops.testmgmt.plugins.module_utils.results import reader
    except ImportError:
        # Started by hand without PYTHONPATH: the dev collection symlink farm (make dev-collection).
        sys.path.insert(0, os.path.join(ROOT, "build", "dev-collections"))
        from ansible_collections.testops.testmgmt.plugins.module_utils.results import reader
    return reader


def _read(raw, fmt, suffix):
    reader = _reader()
    handle, path = tempfile.mkstemp(suffix=suffix, prefix="xray-import-")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(raw)
        try:
            return list(reader.read_results(path, fmt))
        except reader.ResultFileError as exc:
            raise XrayError("%s%s" % ("line %d: " % exc.line if exc.line else "", exc.problem))
    finally:
        os.unlink(path)


def check_xml_start(raw):
    """Xray's XML parser refuses anything before the first tag, a UTF-8 BOM included."""
    if not raw or not raw.strip():
        raise XrayError("Invalid xml file: Premature end of file.")
    first = raw.lstrip(b" \t\r\n")[:1]
    if raw.startswith(b"\xef\xbb\xbf") or first != b"<":
        raise XrayError("Invalid xml file: Non-whitespace before first tag. (line 1, column 1)")


def xml_entries(raw, fmt):
    check_xml_start(raw)
    try:
        results = _read(raw, fmt, ".xml")
    except XrayError as exc:
        raise XrayError("Invalid xml file: %s" % exc)
    return [_xml_entry(r) for r in results]


def _xml_entry(result):
    props = result.properties or {}
    key = props.get("test_key") or None
    if not key and isinstance(props.get("test"), str) and KEY.match(props["test"].strip()):
        key = props["test"].strip()  # TestNG/NUnit Xray attributes
    evidences = []
    attached = props.get("testrun_evidence")
    for item in attached if isinstance(attached, list) else []:
        if item.get("content") is not None:
            evidences.append({"data": item["content"].strip(), "filename": item.get("name") or "evidence",
                              "contentType": "application/octet-stream"})
    return {
        "key": key.strip() if isinstance(key, str) else None,
        "test_id": str(props["test_id"]).strip() if props.get("test_id") else None,
        "tags": [t for t in result.tags if KEY.match(t)],
        "type": "Generic",
        "definition": result.full_name,
        "summary": props.get("test_summary") or result.name,
        "test_fields": _test_fields(props),
        "status": _RESULT_STATUS[result.status],
        "comment": props.get("testrun_comment") or None,
        "defects": [], "evidences": evidences,
    }


def _test_fields(props):
    out = {}
    if props.get("test_description"):
        out["description"] = props["test_description"]
    if isinstance(props.get("tags"), str) and props["tags"].strip():
        out["labels"] = [t.strip() for t in props["tags"].split(",") if t.strip() and " " not in t.strip()]
    return out


def cucumber_entries(raw, behave):
    try:
        results = _read(raw, "behave" if behave else "cucumber", ".json")
    except XrayError as exc:
        raise XrayError("Error parsing %s results: %s" % ("behave" if behave else "cucumber", exc))
    entries = []
    for result in results:
        summary = _OUTLINE_ROW.sub("", result.name)
        entries.append({
            "key": None, "test_id": None, "tags": [t for t in result.tags if KEY.match(t)],
            "type": "Cucumber", "definition": None, "summary": summary,
            "scenario": "\n".join(s["name"] for s in result.steps),
            "scenario_type": "Scenario Outline" if summary != result.name else "Scenario",
            "test_fields": {}, "status": _RESULT_STATUS[result.status], "comment": None,
            "defects": [], "evidences": [],
        })
    return entries


def parse_json(raw, what="results"):
    if isinstance(raw, bytes):
        if raw.startswith(b"\xef\xbb\xbf"):
            raw = raw[3:]
        raw = raw.decode("utf-8", "replace")
    try:
        return json.loads(raw)
    except ValueError:
        raise XrayError("Error parsing %s file!" % what)


def xray_json(doc, flavour):
    """(testExecutionKey, info, entries) of an Xray JSON document."""
    if not isinstance(doc, dict):
        raise XrayError("Invalid JSON: the Xray JSON format expects an object with 'tests'")
    tests = doc.get("tests") or []
    if not isinstance(tests, list):
        raise XrayError("Invalid JSON: 'tests' must be an array")
    info = doc.get("info")
    if info is not None and not isinstance(info, dict):
        raise XrayError("Invalid JSON: 'info' must be an object")
    exec_key = doc.get("testExecutionKey")
    if exec_key is not None and not isinstance(exec_key, str):
        raise XrayError("testExecutionKey must be a string")
    return exec_key, info or {}, [_json_entry(t, i, flavour) for i, t in enumerate(tests)]


def _json_entry(test, index, flavour):
    where = "tests[%d]" % index
    if not isinstance(test, dict):
        raise XrayError("%s must be an object" % where)
    key = test.get("testKey")
    if key is not None and not isinstance(key, str):
        raise XrayError("%s.testKey must be a String" % where)
    info = test.get("testInfo") or {}
    if not key and not info:
        raise XrayError("%s: a testKey or a testInfo is required" % where)
    for name in ("iterations", "examples"):
        if flavour == "cloud" and name in test and not test[name]:
            raise XrayError("%s.%s must not be empty" % (where, name))
    if test.get("steps") and test.get("iterations"):
        raise XrayError("%s: a test cannot have both steps and iterations" % where)
    test_type = info.get("type") or info.get("testType") or ("Generic" if info.get("definition") else "Manual")
    evidences = test.get("evidences") if test.get("evidences") is not None else test.get("evidence")
    for item in evidences or []:
        if not isinstance(item, dict) or not item.get("filename") or "data" not in item:
            raise XrayError("%s: evidence needs data, filename and contentType" % where)
        try:
            base64.b64decode(item["data"], validate=True)
        except (ValueError, TypeError):
            raise XrayError("%s: evidence '%s' is not valid base64" % (where, item["filename"]))
    defects = test.get("defects") or []
    if not isinstance(defects, list) or not all(isinstance(d, str) for d in defects):
        raise XrayError("%s.defects must be an array of issue keys" % where)
    examples = test.get("examples") or []
    return {
        "key": key.strip() if key else None, "test_id": None, "tags": [],
        "type": test_type.capitalize() if isinstance(test_type, str) else "Manual",
        "definition": info.get("definition"), "summary": info.get("summary"),
        "scenario": info.get("scenario"), "scenario_type": info.get("scenarioType"),
        "project": info.get("projectKey"),
        "test_fields": dict((k, info[k]) for k in ("labels", "description") if info.get(k)),
        "status": canonical_status(test.get("status") or "TODO", flavour),
        "comment": test.get("comment"), "defects": defects, "evidences": list(evidences or []),
        "start": test.get("start"), "finish": test.get("finish"),
        "examples": [canonical_status(s, flavour) for s in examples],
        "steps": test.get("steps") or [],
    }
