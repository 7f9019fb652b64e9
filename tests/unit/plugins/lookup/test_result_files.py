# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""The testops.testmgmt.result_files lookup: files, formats and the run id of a publication."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

import gzip
import os
import shutil

import pytest
import yaml

from ansible import constants as C
from ansible.errors import AnsibleError
from ansible.parsing.dataloader import DataLoader

from ansible_collections.testops.testmgmt.plugins.lookup import result_files as plugin

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.realpath(__file__))))))
SAMPLES = os.environ.get("TESTMGMT_SAMPLES") or os.path.join(os.path.dirname(REPO), "shared", "samples")
NAME = "testops.testmgmt.result_files"
FORMATS = {
    "behave-junit.xml": "junit", "behave.json": "behave", "cucumber-js.json": "cucumber", "jest-junit.xml": "junit",
    "mocha-junit.xml": "junit", "pytest-legacy.xml": "junit", "pytest-xunit2.xml": "junit",
    "robot-output.xml": "robot", "robot-xunit.xml": "junit", "surefire-TEST-com.shop.CartServiceTest.xml": "junit",
}


@pytest.fixture
def lookup(tmp_path):
    documentation = yaml.safe_load(plugin.DOCUMENTATION)
    loader = DataLoader()
    loader.set_basedir(str(tmp_path))
    instance = plugin.LookupModule(loader=loader)
    instance._load_name = NAME
    C.config.initialize_plugin_configuration_definitions("lookup", NAME, documentation["options"])
    return instance


@pytest.fixture
def reports(tmp_path):
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in FORMATS:
        shutil.copy(os.path.join(SAMPLES, name), str(folder / name))
    return folder


def test_every_sample_gets_its_format(lookup, reports):
    answer = lookup.run(["reports/*"])[0]
    assert dict((f["name"], f["format"]) for f in answer["files"]) == FORMATS
    assert all(os.path.isabs(f["path"]) and len(f["digest"]) == 64 for f in answer["files"])
    assert len(answer["run_id"]) == 12 and answer["digest"].startswith(answer["run_id"])


def test_run_id_is_the_same_for_the_same_content(lookup, reports, tmp_path):
    first = lookup.run(["reports/pytest-xunit2.xml", "reports/robot-output.xml"])[0]
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    with open(str(reports / "pytest-xunit2.xml"), "rb") as src, gzip.open(str(moved / "p.xml.gz"), "wb") as dst:
        dst.write(src.read())
    shutil.copy(str(reports / "robot-output.xml"), str(moved / "r.xml"))
    second = lookup.run([str(moved / "r.xml"), "elsewhere/*.gz"])[0]
    assert second["run_id"] == first["run_id"]
    assert [f["compressed"] for f in second["files"]] == [False, True]
    assert second["files"][1]["format"] == "junit"
    other = lookup.run(["reports/pytest-xunit2.xml"])[0]
    assert other["run_id"] != first["run_id"]


def test_pipeline_run_id_wins_and_files_count_once(lookup, reports):
    answer = lookup.run(["reports/jest-junit.xml", "reports/jest*.xml"], run_id="pipeline-77")[0]
    assert answer["run_id"] == "pipeline-77" and len(answer["files"]) == 1


@pytest.mark.parametrize("content,problem", [
    (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">]>\n<testsuite/>', "line 2"),
    (b"<html><body>502 Bad Gateway</body></html>", "HTML"),
    (b"just some text", "neither XML nor JSON"),
    (b"", "empty"),
])
def test_files_that_are_no_report_fail_with_file_and_line(lookup, tmp_path, content, problem):
    (tmp_path / "bad.xml").write_bytes(content)
    with pytest.raises(AnsibleError, match="result_files: .*bad.xml.*%s" % problem):
        lookup.run(["bad.xml"])


def test_missing_files_and_bad_run_ids(lookup, reports):
    with pytest.raises(AnsibleError, match="nothing.xml: no result file matches this path"):
        lookup.run(["nothing.xml"])
    with pytest.raises(AnsibleError, match=r"reports/\*.trx: no result file matches this glob"):
        lookup.run(["reports/*.trx"])
    with pytest.raises(AnsibleError, match="is a directory"):
        lookup.run(["reports"])
    with pytest.raises(AnsibleError, match="run_id: .*control"):
        lookup.run(["reports/jest-junit.xml"], run_id="a\tb")
