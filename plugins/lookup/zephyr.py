# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
name: zephyr
short_description: Resolve Zephyr names to ids and read executions
version_added: 0.1.0
description:
  - Each term names what to answer - V(project), V(version), V(cycle), V(folder) or V(test) give that thing's id
    (a string); V(statuses) gives a dict of status name to id; V(executions) gives the executions of O(cycle) (or
    of O(folder) in it), one list element per execution.
  - Use C(query()) (or C(wantlist=true)) for V(executions), so the list stays a list.
  - The connection options are the modules' ones, read from the options, then the environment (C(ZEPHYR_*)),
    then variables (C(zephyr_*)).
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  - testops.testmgmt.connection_lookup.zephyr
options:
  _terms:
    description: What to answer - V(project), V(version), V(cycle), V(folder), V(test), V(statuses), V(executions).
    type: list
    elements: str
    required: true
  project:
    description: The project, by key, id or name.
    type: str
  version:
    description: Zephyr Squad version (or Enterprise release), by name or id; default V(Unscheduled).
    type: str
  cycle:
    description: The cycle, by exact name (terms V(cycle), V(folder), V(executions)).
    type: str
  folder:
    description: A folder of O(cycle), by name (terms V(folder), V(executions)).
    type: str
  test:
    description: A test, by key or exact summary (term V(test)).
    type: str
notes:
  - An unknown project, version, cycle, folder or test fails the lookup with one line naming the option.
seealso:
  - module: testops.testmgmt.zephyr_cycle_info
"""

EXAMPLES = r"""
- name: Ids for a REST call of your own
  ansible.builtin.debug:
    msg: >-
      cycle {{ lookup('testops.testmgmt.zephyr', 'cycle', project='SHOP', version='2.5.0', cycle='Regression') }}
      folder {{ lookup('testops.testmgmt.zephyr', 'folder', project='SHOP', version='2.5.0', cycle='Regression',
                       folder='Checkout') }}

- name: Failed executions of the regression
  ansible.builtin.debug:
    msg: "{{ query('testops.testmgmt.zephyr', 'executions', project='SHOP', version='2.5.0', cycle='Regression')
             | selectattr('status', 'equalto', 'FAIL') | map(attribute='test_key') | list }}"
"""

RETURN = r"""
_raw:
  description:
    - One id (string) per term for V(project), V(version), V(cycle), V(folder), V(test); a dict of status name to id
      for V(statuses); one dict per execution for V(executions) (id, test_id, test_key, test_name, group_id,
      status, status_id, comment, defect_count).
  type: list
  elements: raw
"""

from ansible.errors import AnsibleLookupError
from ansible.plugins.lookup import LookupBase

from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr import zephyr_backend
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_plan import as_option
from ansible_collections.testops.testmgmt.plugins.plugin_utils.lookup_client import lookup_client, lookup_errors

TERMS = ("project", "version", "cycle", "folder", "test", "statuses", "executions")


class LookupModule(LookupBase):
    @lookup_errors
    def run(self, terms, variables=None, **kwargs):
        self.set_options(var_options=variables, direct=kwargs)
        for term in terms:
            if term not in TERMS:
                raise AnsibleLookupError("unknown term %r; use one of: %s" % (term, ", ".join(TERMS)))
        self.backend = zephyr_backend(self.get_option("edition"), lookup_client(self, "zephyr"))
        self._scope = None
        answers = []
        for term in terms:
            value = getattr(self, "_" + term)()
            if term == "executions":
                answers.extend(value)
            else:
                answers.append(value)
        return answers

    def _need(self, option):
        value = self.get_option(option)
        if value in (None, ""):
            raise InputError(option, "is required for this term")
        return value

    def scope(self):
        if self._scope is None:
            self._scope = self.backend.resolve_scope(self._need("project"), self.get_option("version"))
        return self._scope

    def _project(self):
        return str(self.scope().project["id"])

    def _version(self):
        return str(self.scope().version["id"])

    def _cycle_obj(self):
        cycle = as_option("cycle", self.backend.find_cycle, self.scope(), self._need("cycle"))
        if cycle is None:
            raise InputError("cycle", "cycle %r not found in %s %s" % (
                self.get_option("cycle"), self.scope().project.get("key"), self.scope().version.get("name")))
        return cycle

    def _folder_obj(self, cycle):
        group = self.backend.find_group(self.scope(), cycle, self._need("folder"), option="folder")
        if group is None:
            raise InputError("folder", "folder %r not found in cycle %r"
                             % (self.get_option("folder"), self.get_option("cycle")))
        return group

    def _cycle(self):
        return str(self._cycle_obj()["id"])

    def _folder(self):
        return str(self._folder_obj(self._cycle_obj())["id"])

    def _test(self):
        ref = self._need("test").strip()
        scope = self.backend.resolve_scope(self._need("project"), None)
        try:
            found = self.backend.find_tests(scope, [ref]).get(ref)
        except InputError:  # not shaped like a key: try it as a summary
            found = None
        if found is None:
            found = as_option("test", self.backend.find_test, scope, name=ref)
        if found is None:
            raise InputError("test", "no test of %s has the key or summary %r" % (scope.project.get("key"), ref))
        return str(found["id"])

    def _statuses(self):
        return dict(self.backend.statuses())

    def _executions(self):
        cycle = self._cycle_obj()
        if self.get_option("folder"):
            return self.backend.list_executions(self.scope(), cycle, self._folder_obj(cycle))
        return self.backend.list_executions(self.scope(), cycle)
