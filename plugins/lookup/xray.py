# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: xray
author:
  - testops.testmgmt developers (@testops)
version_added: 0.1.0
short_description: Read Xray Tests, a Test Plan's Tests, or a Test Execution's runs
description:
  - Reads from Xray Server/Data Center or Xray Cloud (O(deployment)) with the same connection options as the Xray
    modules (options, C(XRAY_*) environment variables or C(xray_*) variables).
  - "Exactly one of: test keys as terms, O(jql), O(test_plan) or O(execution)."
  - Runs on the controller. Reads only; large answers are fetched page by page.
options:
  _terms:
    description:
      - Keys of Tests to read. Keys that are not Tests are left out of the answer.
    type: list
    elements: str
    required: false
  jql:
    description:
      - JQL query; the Tests it matches are returned (other issue types are left out).
    type: str
  test_plan:
    description:
      - Key of a Test Plan; its Tests are returned.
    type: str
  execution:
    description:
      - Key of a Test Execution; its Test Runs are returned.
    type: str
extends_documentation_fragment:
  - testops.testmgmt.connection_lookup.xray
notes:
  - Use C(query) instead of C(lookup) (or C(wantlist=true)) to always get a list.
seealso:
  - module: testops.testmgmt.xray_test_execution
"""

EXAMPLES = r"""
- name: Tests of the SHOP project labelled smoke
  ansible.builtin.set_fact:
    smoke_tests: "{{ query('testops.testmgmt.xray', jql='project = SHOP AND issuetype = Test AND labels = smoke') }}"

- name: Put every Test of the release plan into the sign-off execution
  testops.testmgmt.xray_test_execution:
    project: SHOP
    summary: Release 2.5.0 sign-off
    tests: "{{ query('testops.testmgmt.xray', test_plan='SHOP-200') | map(attribute='key') }}"

- name: Fail the gate when the nightly execution has failed runs
  ansible.builtin.assert:
    that: >-
      query('testops.testmgmt.xray', execution='SHOP-321')
      | selectattr('status', 'in', ['FAIL', 'FAILED']) | list | length == 0

- name: Two Tests by key, from Xray Cloud
  ansible.builtin.debug:
    msg: "{{ query('testops.testmgmt.xray', 'SHOP-101', 'SHOP-102', deployment='cloud') }}"
"""

RETURN = r"""
_raw:
  description:
    - Tests (terms, O(jql), O(test_plan)) or Test Runs (O(execution)).
    - "A Test has: C(key), C(id), C(summary) (null where the API does not return it: Server keys), C(type) (Manual,
      Generic, Cucumber), C(definition) (Generic definition or Cucumber scenario); Test Plan Tests also C(status),
      the latest status Xray shows for the Test (Server)."
    - "A Test Run has: C(id), C(test_key), C(status) (the product's name), C(comment), C(defects), C(evidence)
      (file names)."
  type: list
  elements: dict
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.testops.testmgmt.plugins.module_utils.xray import xray_backend
from ansible_collections.testops.testmgmt.plugins.plugin_utils.lookup_client import lookup_client, lookup_errors


class LookupModule(LookupBase):
    @lookup_errors
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        asked = [name for name, given in (("terms", bool(terms)), ("jql", self.get_option("jql")),
                                          ("test_plan", self.get_option("test_plan")),
                                          ("execution", self.get_option("execution"))) if given]
        if len(asked) != 1:
            raise AnsibleLookupError("give exactly one of: test keys as terms, jql, test_plan or execution (got %s)"
                                     % (", ".join(asked) or "none"))
        client = lookup_client(self, "xray")
        backend = xray_backend(self.get_option("deployment"), client)
        if terms:
            found = backend.find_tests([str(t).strip() for t in terms])
            return [found[str(t).strip()] for t in terms if str(t).strip() in found]
        if self.get_option("jql"):
            return backend.search_tests(self.get_option("jql"))
        if self.get_option("test_plan"):
            return backend.plan_tests(backend.find_plan(self.get_option("test_plan")))
        execution = backend.find_execution(key=self.get_option("execution"))
        return [dict((k, run.get(k)) for k in ("id", "test_key", "status", "comment", "defects", "evidence"))
                for run in backend.list_runs(execution)]
