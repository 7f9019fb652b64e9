#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_automation_job_info
short_description: Read Zephyr Enterprise automation jobs and their latest run
version_added: 0.1.0
description:
  - Lists the automation (file upload) jobs of a Zephyr Enterprise project release with each job's latest run
    status.
  - With O(name) or O(id), also reads that job's properties and the progress of its latest run.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  # first: its edition (default enterprise) wins over the connection fragment's
  - testops.testmgmt.zephyr_scope.enterprise_only
  - testops.testmgmt.connection.zephyr
attributes:
  check_mode:
    support: full
    description: Reads only, in every mode.
  diff_mode:
    support: none
    description: Changes nothing.
options:
  name:
    description:
      - Read this job (by exact name) in detail. Fails when no job or several jobs have the name.
    type: str
  id:
    description:
      - Read the job with this id in detail (it must belong to O(project) and O(release)).
    type: str
seealso:
  - module: testops.testmgmt.zephyr_automation_job
"""

EXAMPLES = r"""
- name: List the jobs of Release 1.0
  testops.testmgmt.zephyr_automation_job_info:
    project: Shop
    release: Release 1.0
  register: jobs

- name: Read one job and its latest run
  testops.testmgmt.zephyr_automation_job_info:
    project: Shop
    release: Release 1.0
    name: Nightly API tests
  register: nightly

- name: Fail unless the last import completed
  ansible.builtin.assert:
    that: nightly.progress.status == 'complete'
"""

RETURN = r"""
jobs:
  description: Every job of the project release, with its latest run's status.
  returned: always
  type: list
  elements: dict
  contains:
    id:
      description: Job id.
      type: str
    name:
      description: Job name.
      type: str
    framework:
      description: Automation framework.
      type: str
    phase:
      description: Phase name.
      type: str
    repository_path:
      description: Repository folder path.
      type: str
    repository_folder_id:
      description: Repository folder id.
      type: str
    result_file:
      description: Name of the job's result file.
      type: str
    status:
      description: Status of the latest run (C(new) also when the job never ran).
      type: str
    scheduled_on:
      description: When the latest run was scheduled (UTC, ISO 8601), or null.
      type: str
job:
  description: The properties of the job named by O(name) or O(id) (see M(testops.testmgmt.zephyr_automation_job)); null
    otherwise.
  returned: always
  type: dict
progress:
  description: The latest run of that job (id, job_id, status, scheduled_on, cycle_id, duration_ms); null when it never
    ran or no job was named.
  returned: always
  type: dict
api_calls:
  description: How many HTTP requests the task sent.
  returned: always
  type: dict
  sample: {"requests": 5, "writes": 0, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job import (
    find_job,
    moment,
    portable_job,
    portable_run,
)
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_task import check_edition, run_job_module
from ansible_collections.testops.testmgmt.plugins.module_utils.input_error import InputError
from ansible_collections.testops.testmgmt.plugins.module_utils.zephyr_enterprise import ZephyrEnterpriseBackend

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    release=dict(type="str", required=True),
    name=dict(type="str"),
    id=dict(type="str"),
)


def listed(row):
    job = portable_job(row)
    keep = ("id", "name", "framework", "phase", "repository_path", "repository_folder_id", "result_file")
    out = dict((k, job[k]) for k in keep)
    out.update({"status": row.get("status"), "scheduled_on": moment(row.get("jobScheduleDate"))})
    return out


def run(module, client):
    params = module.params
    check_edition(params, "zephyr_automation_job_info")
    backend = ZephyrEnterpriseBackend(client)
    scope = backend.resolve_scope(params["project"], params["release"])
    rows = backend.api.jobs(scope.project["id"], scope.version["id"])
    results = {"jobs": [listed(r) for r in rows], "job": None, "progress": None}
    row = None
    if params["id"] is not None:
        row = next((r for r in rows if str(r.get("id")) == str(params["id"]).strip()), None)
        if row is None:
            raise InputError("id", "no automation job %s in %s %s" % (
                params["id"], scope.project["name"], scope.version["name"]), "list the jobs without id")
    elif params["name"] is not None:
        row = find_job(rows, params["name"], scope)
        if row is None:
            raise InputError("name", "no automation job named %r in %s %s" % (
                params["name"], scope.project["name"], scope.version["name"]), "list the jobs without name")
    if row is not None:
        results["job"] = portable_job(backend.api.job(row["id"]))
        results["progress"] = portable_run(backend.api.progress(row["id"]), row["id"])
    return False, results, None


def main():
    # progress here is the job's latest run (what get-latest-job-progress answers), not progress lines
    run_job_module(ARGUMENT_SPEC, run, report_progress=False)


if __name__ == "__main__":
    main()
