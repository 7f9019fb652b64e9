# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)
"""Where a Zephyr module works - project, version (release), repository folder - documented once.

Every Zephyr module that takes O(project) extends the plain fragment; CYCLE adds the options of the modules
that work on the cycles of a version (zephyr_cycle, zephyr_cycle_info), REPOSITORY those of the modules that
work on tests (zephyr_test, zephyr_test_info). What an option means for one module only (for example that
zephyr_test needs O(folder) on Enterprise) stays in that module's description.

ENTERPRISE_ONLY is the scope of the modules that speak to Zephyr Enterprise only (zephyr_automation_job,
zephyr_automation_job_info), with the edition they default to. List it before connection.zephyr: of two
fragments that document the same option, the first one listed wins, and its O(edition) must.
"""

from __future__ import absolute_import, division, print_function

__metaclass__ = type


class ModuleDocFragment(object):
    DOCUMENTATION = r"""
options:
  project:
    description:
      - The project, by key (V(SHOP)), id or name.
    type: str
    required: true
"""

    CYCLE = r"""
options:
  version:
    description:
      - Zephyr Squad - the Jira version, by name or id. V(Unscheduled) (or V(-1)) is Zephyr's unscheduled version.
      - Zephyr Enterprise - the release, by name or id (same as O(release)).
      - Zephyr Squad uses V(Unscheduled) when neither this nor O(release) is given.
    type: str
  release:
    description:
      - Zephyr Enterprise - the release, by name or id. An alias of O(version) for readability.
    type: str
"""

    REPOSITORY = r"""
options:
  release:
    description:
      - Zephyr Enterprise - the release whose repository holds the test cases, by name or id.
    type: str
  folder:
    description:
      - Zephyr Enterprise - the repository folder, as folder names joined by C( > ), for example
        V(Regression > Cart) (a leading release name, as the UI shows it, is allowed).
    type: str
"""

    ENTERPRISE_ONLY = r"""
options:
  edition:
    description:
      - This module works with Zephyr Enterprise only, so the edition defaults to V(enterprise) and
        E(ZEPHYR_EDITION) is not read. V(squad) fails.
    type: str
    choices: [squad, enterprise]
    default: enterprise
  project:
    description:
      - The Zephyr Enterprise project, by name or id.
    type: str
    required: true
  release:
    description:
      - The release of O(project), by name or id.
    type: str
    required: true
"""
