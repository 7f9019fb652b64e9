# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: result_files
author:
  - testops.testmgmt developers (@testops)
version_added: 0.1.0
short_description: Find test result files, tell their format and the run id they are published under
description:
  - Expands paths and globs of test result files into the files they name, each with its format (told from the
    content, as P(testops.testmgmt.test_results#lookup) does), and the run id a publication of these files is keyed
    by.
  - The run id is O(run_id) when it is given (a pipeline's run id, such as C(CI_PIPELINE_ID) or
    C(GITHUB_RUN_ID)), else a digest of the files' uncompressed content. The same files give the same run id
    whatever their paths, their order or their gzip compression, so publishing them again finds what the first
    publication created.
  - Only the start of each file is parsed here; P(testops.testmgmt.test_results#lookup) reads them in full.
  - The role C(testops.testmgmt.publish_results) keys its publications by this run id.
  - Runs on the controller; relative paths and globs are looked up like P(ansible.builtin.fileglob#lookup) does,
    in the C(files/) directory and the directory of the role or playbook.
options:
  _terms:
    description:
      - Paths or globs (C(*), C(?), C([...]), C(**) for subdirectories) of result files; gzip-compressed files are
        read through. A term that matches no file is an error; a file named twice counts once.
    type: list
    elements: str
    required: true
  run_id:
    description:
      - The pipeline's run id. Empty means a digest of the files.
    type: str
    default: ""
  max_bytes:
    description:
      - Largest uncompressed size of a result file, in bytes.
    type: int
    default: 268435456
notes:
  - "The formats are the names P(testops.testmgmt.test_results#lookup) takes: V(junit), V(robot), V(cucumber),
    V(behave), V(testng), V(nunit), V(xunit). A behave JSON report is V(behave), other Cucumber JSON V(cucumber)."
seealso:
  - plugin: testops.testmgmt.test_results
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: The files of this run and the id they are published under
  ansible.builtin.set_fact:
    run_files: "{{ lookup('testops.testmgmt.result_files', 'reports/*.xml', 'reports/*.json.gz',
                          run_id=lookup('ansible.builtin.env', 'CI_PIPELINE_ID')) }}"

- name: Name the Xray execution after the run
  ansible.builtin.debug:
    msg: "Nightly {{ run_files.run_id }}: {{ run_files.files | map(attribute='name') | join(', ') }}"
"""

RETURN = r"""
_raw:
  description: One dict for all the terms.
  type: list
  elements: dict
  contains:
    run_id:
      description: O(run_id), or the first 12 hex digits of RV(_raw[].digest).
      type: str
      sample: 3f9c0a7d51e2
    digest:
      description: SHA-256 of the files' digests, in sorted order.
      type: str
    files:
      description: The files, in the order the terms name them.
      type: list
      elements: dict
      contains:
        path:
          description: Absolute path.
          type: str
        name:
          description: File name.
          type: str
        format:
          description: Format, told from the content.
          type: str
          sample: junit
        compressed:
          description: Whether the file is gzip-compressed.
          type: bool
        bytes:
          description: Uncompressed size.
          type: int
        digest:
          description: SHA-256 of the uncompressed content.
          type: str
"""

import json
import os

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.testops.testmgmt.plugins.module_utils.results.detect import detect_format
from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.source import ResultSource
from ansible_collections.testops.testmgmt.plugins.module_utils.run_id import file_digest, files_digest, run_id
from ansible_collections.testops.testmgmt.plugins.plugin_utils.result_paths import find_files


def is_behave(path, max_bytes):
    """behave -f json writes features with a location and no uri, and steps with a step_type."""
    with ResultSource(path, max_bytes) as source:
        try:
            data = json.loads(source.read_all().decode("utf-8-sig"))
        except ValueError:
            return False  # the full read (test_results) reports what is wrong with it
    for feature in data if isinstance(data, list) else ():
        if not isinstance(feature, dict):
            continue
        if "location" in feature and "uri" not in feature:
            return True
        for element in feature.get("elements") or ():
            if any(isinstance(step, dict) and "step_type" in step for step in element.get("steps") or ()):
                return True
    return False


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        max_bytes = self.get_option("max_bytes")
        paths = []
        seen = set()
        for term in terms:
            for path in find_files(self, term, variables, "result_files"):
                if path not in seen:
                    seen.add(path)
                    paths.append(path)
        if not paths:
            raise AnsibleLookupError("result_files: no result file given")
        files = []
        try:
            for path in paths:
                fmt = detect_format(path, max_bytes)
                if fmt == "cucumber" and is_behave(path, max_bytes):
                    fmt = "behave"
                digest, size, compressed = file_digest(path, max_bytes)
                files.append({"path": path, "name": os.path.basename(path), "format": fmt,
                              "compressed": compressed, "bytes": size, "digest": digest})
        except ResultFileError as exc:
            raise AnsibleLookupError("result_files: %s" % exc)
        try:
            key = run_id(self.get_option("run_id"), [f["digest"] for f in files])
        except ValueError as exc:
            raise AnsibleLookupError("result_files: run_id: %s" % exc)
        return [{"run_id": key, "digest": files_digest([f["digest"] for f in files]), "files": files}]
