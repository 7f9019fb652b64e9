# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: test_results
author:
  - testops.testmgmt developers (@testops)
version_added: 0.1.0
short_description: Read automated test result files into normalized results and a summary
description:
  - Reads test result files written by test runners and returns, for each term, the test cases as normalized
    results plus a summary that a quality gate can check.
  - "Formats: JUnit XML (pytest xunit1/xunit2, Maven Surefire with reruns, jest-junit, mocha-junit-reporter,
    Robot C(--xunit), behave C(--junit), nested suites), Robot Framework C(output.xml), Cucumber JSON
    (cucumber-js, cucumber-jvm) and behave C(-f json), TestNG C(testng-results.xml), NUnit 2/3 XML, xUnit.net
    XML. The format is told from the content, not the file name; gzip-compressed files are read transparently."
  - "Each case gets a test key when one can be found, first match wins: a C(test_key)/C(test_id) property, a tag
    that is a key (Robot tag C(SHOP-201), Cucumber tag C(@SHOP-601), Xray-style C(@TEST_SHOP-601)), then the
    first match of O(key_pattern) in the case's own name."
  - Reruns are folded into one result per test. Surefire C(flakyFailure)/C(flakyError) and pytest-rerunfailures
    repeats that end in a pass give a passed result marked C(flaky); C(rerunFailure) gives a failure with the
    number of attempts.
  - "XML files are parsed safely; a DOCTYPE (entity expansion, external entities) is refused, as are files larger
    than O(max_bytes). Any unreadable, truncated, hostile or non-report file fails the lookup with
    C(<file>: line N: <problem>)."
  - Runs on the controller; relative paths and globs are looked up in the C(files/) directory and the directory of
    the role or playbook, like the P(ansible.builtin.fileglob#lookup) lookup.
options:
  _terms:
    description:
      - Path or glob (C(*), C(?), C([...]), C(**) for subdirectories) of result files. A term that matches no file
        is an error. All files matched by one term are read together and give one entry of the returned list.
    type: list
    elements: str
    required: true
  format:
    description:
      - Format of the files. V(auto) tells it from the content of each file.
      - Any other value makes a file of another format an error. V(behave) reads behave JSON (durations in
        seconds); V(xunit) is xUnit.net XML, not JUnit.
    type: str
    default: auto
    choices: [auto, junit, robot, cucumber, behave, testng, nunit, xunit]
  key_pattern:
    description:
      - Regular expression (Python syntax) of a test key, searched in test names and matched against whole tags.
      - If the pattern has a capture group, the key is the text of the first group instead of the whole match.
    type: str
    default: '[A-Z][A-Z0-9_]+-\d+'
  inherit_keys:
    description:
      - Also take a key from what encloses the case when the case itself has none, such as Cucumber feature tags
        (V(@REQ-SHOP-10)), a jest C(describe) title or the class name.
      - Off by default because those usually name a story or requirement, not the test.
    type: bool
    default: false
  quarantine:
    description:
      - Tests whose outcome must not fail the gate, by key, name or full name (C(classname.name)); shell-style
        patterns (V(com.shop.Flaky*)) are allowed.
      - A quarantined result keeps its real C(status), gets C(quarantined=true) and C(publish_status) set to
        O(quarantine_status), and is counted in the summary's C(quarantined) instead of C(passed), C(failed),
        C(error) or C(skipped).
    type: list
    elements: str
    default: []
  quarantine_status:
    description:
      - Status published for quarantined tests. A portable name (V(pass), V(fail), V(skip), V(blocked),
        V(todo), V(in_progress)), a result status (V(skipped) means V(skip)), or a custom status name of the
        server.
    type: str
    default: skip
  statuses:
    description:
      - "Overrides of the status published for each result status, for example V({\"error\": \"blocked\"})."
      - Keys are result statuses (V(passed), V(failed), V(error), V(skipped)); values are portable names or custom
        status names. Without an override V(passed) publishes V(pass), V(failed) and V(error) publish V(fail), and
        V(skipped) publishes V(skip).
    type: dict
    default: {}
  max_bytes:
    description:
      - Largest uncompressed size of a result file, in bytes.
    type: int
    default: 268435456
  digest:
    description:
      - Return, instead of one entry per term, one digest of all the terms' results (RV(_raw[].summaries),
        RV(_raw[].keys), RV(_raw[].keyed) and the other lists below) and no result itself.
      - This is what a publication needs (the C(testops.testmgmt.publish_results) role reads the files this
        way); thousands of results with their output are slow to template and to keep in facts.
    type: bool
    default: false
    version_added: 0.1.0
notes:
  - "Portable statuses map to the products as follows: V(pass) is PASS (Zephyr Squad), 1 (Zephyr Enterprise),
    PASS (Xray Server) and PASSED (Xray Cloud); V(fail) is FAIL, 2, FAIL, FAILED; V(skip) and V(todo) are UNEXECUTED,
    10, TODO, TODO; V(blocked) is BLOCKED, 4, BLOCKED, BLOCKED; V(in_progress) is WIP, 3, EXECUTING, EXECUTING."
  - jest-junit writes C(todo) tests like passed ones; they are recognized only when the suite's C(tests) count
    leaves no doubt. mocha-junit-reporter leaves skipped tests out of the file altogether.
seealso:
  - plugin: ansible.builtin.fileglob
    plugin_type: lookup
"""

EXAMPLES = r"""
- name: Read the pytest results
  ansible.builtin.set_fact:
    pytest_run: "{{ lookup('testops.testmgmt.test_results', 'reports/junit.xml') }}"

- name: Fail the gate on real failures only
  ansible.builtin.assert:
    that:
      - pytest_run.summary.failed + pytest_run.summary.error == 0
    fail_msg: "{{ pytest_run.summary.failures | map(attribute='name') | join(', ') }}"

- name: One entry per term; keys of Cucumber scenarios come from their tags
  ansible.builtin.debug:
    msg: "{{ item.summary.total }} cases, {{ item.summary.unmapped }} without a key"
  loop: "{{ query('testops.testmgmt.test_results', 'reports/**/TEST-*.xml', 'reports/cucumber.json') }}"

- name: Quarantine known flaky tests and publish errors as blocked
  ansible.builtin.set_fact:
    ui_run: >-
      {{ lookup('testops.testmgmt.test_results', 'reports/ui/*.xml.gz',
                quarantine=['SHOP-77', 'com.shop.ui.Checkout*'], quarantine_status='blocked',
                statuses={'error': 'blocked'}) }}

- name: Keys written as TC_1234 in test names
  ansible.builtin.set_fact:
    legacy_run: "{{ lookup('testops.testmgmt.test_results', 'out/results.xml', key_pattern='TC_(\\d+)') }}"
"""

RETURN = r"""
_raw:
  description:
    - One entry per term, with the results of every file the term matched.
    - With O(digest=true), one entry for all the terms, with RV(_raw[].summaries), RV(_raw[].failures),
      RV(_raw[].keyless), RV(_raw[].keys), RV(_raw[].xray_keys), RV(_raw[].quarantined) and RV(_raw[].keyed) only.
  type: list
  elements: dict
  contains:
    results:
      description:
        - One entry per test case, in file order.
        - "Each has: C(suite), C(classname), C(name), C(full_name) (C(classname.name), or C(suite.name) without a
          classname: the Xray Generic Test Definition and the Zephyr Enterprise test case name), C(status)
          (V(passed), V(failed), V(error) or V(skipped)), C(detail) (V(xfail), V(xpass), V(todo), V(flaky) or
          null), C(duration) (seconds), C(message), C(output) (failure text and captured output, at most 64 KiB),
          C(key), C(tags), C(properties), C(steps) (list of C(name), C(status), C(message)), C(flaky),
          C(attempts), C(file), C(line), C(quarantined) and C(publish_status) (portable or custom status to
          publish)."
      type: list
      elements: dict
      returned: unless O(digest=true)
    summary:
      description: Counts over the results of the term.
      type: dict
      returned: unless O(digest=true)
      contains:
        total:
          description: Number of results.
          type: int
        passed:
          description: Passed results that are not quarantined.
          type: int
        failed:
          description: Failed results that are not quarantined.
          type: int
        error:
          description: Errored results that are not quarantined.
          type: int
        skipped:
          description: Skipped results (including xfail and todo) that are not quarantined.
          type: int
        quarantined:
          description: Results matched by O(quarantine).
          type: int
        flaky:
          description: Results that passed only after failed attempts.
          type: int
        unmapped:
          description: Results without a test key.
          type: int
        duration:
          description: Sum of the durations, in seconds.
          type: float
        failures:
          description: Failed and errored results that are not quarantined, with C(name) (the full name), C(key)
            and C(message).
          type: list
          elements: dict
        files:
          description: The files that were read.
          type: list
          elements: str
    summaries:
      description: With O(digest=true), the summary of each term, in order, without its C(failures) and C(files).
      type: list
      elements: dict
      returned: when O(digest=true)
    failures:
      description: With O(digest=true), the full names of the failed and errored results that are not quarantined.
      type: list
      elements: str
      returned: when O(digest=true)
    keyless:
      description: With O(digest=true), the full names of the results without a test key.
      type: list
      elements: str
      returned: when O(digest=true)
    keys:
      description: With O(digest=true), the test keys of the results, each once, in the order they were read.
      type: list
      elements: str
      returned: when O(digest=true)
    xray_keys:
      description:
        - With O(digest=true), the keys that Xray reads from the files itself (a C(test_key) or C(test_id) property,
          or a tag), each once.
      type: list
      elements: str
      returned: when O(digest=true)
    quarantined:
      description:
        - With O(digest=true), C(test) (the key) and C(status) (the publish status) of each key whose first result is
          quarantined.
      type: list
      elements: dict
      returned: when O(digest=true)
    keyed:
      description:
        - With O(digest=true), one entry per key, in the order of RV(_raw[].keys), as a publication sends them when
          the files cannot be imported as they are.
        - "C(test) is the key; C(status) the worst publish status of its results (V(fail), V(blocked), V(in_progress),
          V(todo), V(skip), V(pass), then custom statuses; of equal ones the first); C(comment) the first failure
          or error message among them, at most 1000 characters, or null."
      type: list
      elements: dict
      returned: when O(digest=true)
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.testops.testmgmt.plugins.module_utils.results.errors import ResultFileError
from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import is_glob, load_results
from ansible_collections.testops.testmgmt.plugins.plugin_utils.result_digest import ResultDigest
from ansible_collections.testops.testmgmt.plugins.plugin_utils.result_paths import find_files


class LookupModule(LookupBase):

    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        options = dict(
            fmt=self.get_option("format"),
            key_pattern=self.get_option("key_pattern"),
            inherit_keys=self.get_option("inherit_keys"),
            quarantine=self.get_option("quarantine"),
            quarantine_status=self.get_option("quarantine_status"),
            statuses=self.get_option("statuses"),
            max_bytes=self.get_option("max_bytes"),
        )
        digest = ResultDigest() if self.get_option("digest") else None
        entries = []
        for term in terms:
            results, summary = self._load(term, variables, options)
            if digest is None:
                entries.append({"results": [result.as_dict() for result in results], "summary": summary})
            else:
                digest.add(results, summary)
        return entries if digest is None else [digest.as_dict()]

    def _load(self, term, variables, options):
        """(results, summary) of the files a term names."""
        files = find_files(self, term, variables, "test_results")
        try:
            return load_results(files, **options)
        except ResultFileError as exc:
            if exc.line is None and files == [exc.path] and not is_glob(term):
                # the term as the playbook wrote it says more than the path it was found at
                raise AnsibleLookupError("test_results: %s: %s" % (term.strip(), exc.problem))
            raise AnsibleLookupError("test_results: %s" % exc)
        except ValueError as exc:
            raise AnsibleLookupError("test_results: %s" % exc)
