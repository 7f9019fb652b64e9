# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Which Xray issue (Test Plan or Test Execution) a module works on, and its Jira fields - documented once.

Every module that finds its issue by O(key), or by its exact O(summary) within O(project), extends the plain
fragment; FIELDS adds the Jira fields of the modules that create and change the issue. What holds for one module
only (that it creates the issue, that a different summary renames it, what Xray Cloud cannot change) stays in
that module's description or notes.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  project:
    description:
      - Key of the Jira project of the issue. Needed to find the issue by O(summary).
    type: str
  key:
    description:
      - Key of the existing issue the module works on (its Test Plan or Test Execution, as the module's name says).
        When given, the issue is not looked up by O(summary).
    type: str
  summary:
    description:
      - The issue's exact summary; it identifies the issue within O(project) when O(key) is not given.
      - When several issues of its type (Test Plans, or Test Executions) in the project have this exact summary, the
        task fails and lists their keys.
    type: str
"""

    FIELDS = r"""
options:
  description:
    description:
      - The issue's description.
    type: str
  fix_version:
    description:
      - Name of the Jira version the issue is for (Fix Version). One version only.
    type: str
  labels:
    description:
      - Jira labels of the issue. The list given replaces the current one.
    type: list
    elements: str
"""
