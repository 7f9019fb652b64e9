"""publish_results refuses what it cannot publish before anything is written: hostile XML (entity expansion,
external entities), a truncated file, a file that is no test report, a result without a test when
on_unmapped is fail. The failure names the file (and line) and what was expected; every server's request log
shows no write."""

import gzip
import os

import pytest

from tests.integration.test_roles_publish_samples import SAMPLES, publish_task

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<testsuite name="s" tests="1"><testcase classname="c" name="&lol3;"/></testsuite>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE testsuite [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite name="s" tests="1"><testcase classname="c" name="t"><failure message="&secret;"/></testcase></testsuite>
"""


def failure(run):
    """The message of the task that stopped the play (earlier failures may have been ignored)."""
    assert run.rc != 0
    return [t for t in run.tasks if t.get("failed")][-1]["msg"]


def truncated(text):
    return text[:len(text) * 2 // 3]


def sample(name):
    with open(os.path.join(SAMPLES, name), encoding="utf-8") as handle:
        return handle.read()


BAD_FILES = [
    pytest.param("lolz.xml", BILLION_LAUGHS, "line 2", id="entity-expansion"),
    pytest.param("xxe.xml", EXTERNAL_ENTITY, "line 2", id="external-entity"),
    pytest.param("cut.xml", truncated(sample("surefire-TEST-com.shop.CartServiceTest.xml")), "line ",
                 id="truncated-junit"),
    pytest.param("cut.json", truncated(sample("cucumber-js.json")), "line ", id="truncated-cucumber"),
    pytest.param("junit.xml", "<html><head><title>502 Bad Gateway</title></head></html>\n", "HTML", id="html-page"),
    pytest.param("junit.xml", '{"numTotalTests": 3, "testResults": []}\n', "Jest JSON", id="jest-json"),
    pytest.param("notes.txt", "all tests passed, trust me\n", "neither XML nor JSON", id="plain-text"),
]


@pytest.mark.parametrize("name,content,where", BAD_FILES)
def test_bad_file_fails_before_any_request(emulator, play, tmp_path, name, content, where):
    good = os.path.join(SAMPLES, "pytest-xunit2.xml")
    bad = tmp_path / name
    bad.write_text(content, encoding="utf-8")
    # the bad file comes second: nothing of the good one may be published either
    run = play([publish_task(good, publish_results_files=[good, str(bad)])],
               env={"XRAY_URL": emulator.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"})
    message = failure(run)
    assert message.startswith("publish_results: nothing was published: ") and "\n" not in message, message
    assert str(bad) in message and where in message, message
    assert emulator.requests() == [], emulator.requests()


def test_truncated_gzip_fails_before_any_request(emulator, play, tmp_path):
    packed = tmp_path / "junit.xml.gz"
    with gzip.open(str(packed), "wb") as handle:
        handle.write(sample("pytest-xunit2.xml").encode("utf-8") * 20)
    cut = tmp_path / "cut.xml.gz"
    cut.write_bytes(packed.read_bytes()[:400])
    run = play([publish_task(str(cut))], env={"XRAY_URL": emulator.url})
    message = failure(run)
    assert "cut.xml.gz" in message and ("truncated" in message or "corrupt" in message), message
    assert emulator.requests() == []


def test_unmapped_results_fail_before_any_write(emulator, play):
    """on_unmapped fail: a case without a key, or (Zephyr Squad) a key that names no test, stops everything."""
    keyless = os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")
    run = play([publish_task(keyless, publish_results_on_unmapped="fail")], env={"XRAY_URL": emulator.url})
    message = failure(run)
    assert "6 result(s) have no test key" in message and "com.shop.CartServiceTest.addsItem" in message, message
    assert emulator.requests() == []

    # robot-output.xml names SHOP-201..204, which are no tests of the seed
    unknown = os.path.join(SAMPLES, "robot-output.xml")
    run = play([publish_task(unknown, publish_results_on_unmapped="fail")], env={"XRAY_URL": emulator.url})
    message = failure(run)
    assert "SHOP-201" in message and "publish_results_on_unmapped is fail" in message, message
    assert emulator.writes() == []
