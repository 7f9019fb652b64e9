"""Large result files made from real runners' output, repeated with unique test names.

The test cases are those of tests/bench/samples (pytest 9 --junitxml and Maven Surefire 3 reports,
copied unedited from the project's shared samples), apart from a numbered suffix on every name, so
failures keep their real messages and stack traces and the parser does the same work per case as
on a real report.
"""

import copy
import os
import xml.etree.ElementTree as ET

SAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "samples")
PYTEST = "pytest-xunit2.xml"
SUREFIRE = "surefire-TEST-com.shop.CartServiceTest.xml"


def sample_path(name):
    return os.path.join(SAMPLES, name)


def sample_cases(name):
    """The <testcase> elements of a real report, in order."""
    root = ET.parse(sample_path(name)).getroot()
    return list(root.iter("testcase"))


def _set_key(case, key):
    props = case.find("properties")
    if props is not None:
        for prop in list(props):
            if prop.get("name") == "test_key":
                props.remove(prop)
        if not len(props):
            case.remove(props)
    if key:
        if case.find("properties") is None:
            props = ET.Element("properties")
            case.insert(0, props)
        ET.SubElement(case.find("properties"), "property", {"name": "test_key", "value": key})


def write_junit(path, count, samples=(PYTEST, SUREFIRE), key_of=None, suite="bench", classname=None):
    """Write ``count`` test cases cycled from the samples; return the path.

    ``key_of(i)`` gives case i a test_key property (None: no key; sample keys are dropped so names
    stay unique). ``classname`` replaces the cases' own (one Xray/Zephyr folder of tests).
    """
    cases = []
    for name in samples:
        cases.extend(sample_cases(name))
    with open(path, "w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="utf-8"?>\n<testsuites name="bench">'
                  '<testsuite name="%s" tests="%d" time="1.0" timestamp="2026-11-23T07:33:22" hostname="ci">\n'
                  % (suite, count))
        for index in range(count):
            case = copy.deepcopy(cases[index % len(cases)])
            case.set("name", "%s_%06d" % (case.get("name"), index))
            if classname:
                case.set("classname", classname)
            _set_key(case, key_of(index) if key_of else None)
            case.tail = "\n"
            out.write(ET.tostring(case, encoding="unicode"))
        out.write("</testsuite></testsuites>\n")
    return path
