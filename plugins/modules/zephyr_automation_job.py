#!/usr/bin/python
# -*- coding: utf-8 -*-
# GNU General Public License v3.0+ (see COPYING or https://www.gnu.org/licenses/gpl-3.0.txt)

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
module: zephyr_automation_job
short_description: Manage and run a Zephyr Enterprise automation job
version_added: 0.1.0
description:
  - Creates, updates or deletes a Zephyr Enterprise automation (file upload) job, schedules its runs, waits for a
    run to finish and cancels a run.
  - The job is found by its exact O(name) within the project and release. Job names are not unique in Zephyr
    Enterprise; when several jobs share the name the module fails and lists their ids instead of picking one.
  - Only the options given are managed; only the properties that differ are sent. Nothing is sent when the job
    already matches, so a second run reports no change.
  - A run uploads nothing by itself; Zephyr Enterprise reads the job's result file, finds or creates a test case
    named C(<class or suite>.<test name>) for each result under the job's repository folder, creates or reuses the
    cycle and phase, and sets the execution statuses.
  - Only O(run=true) schedules a run. With O(run=true), O(results_file) and a job that does not exist yet, the job
    is created, its file uploaded and run in one call (C(create-and-execute-job)); O(results_file) without
    O(run) creates or updates the job and its file and runs nothing.
  - With O(skip_completed=true) a job whose latest run completed with the same result file is not run again; the
    job list is then all that is read.
  - With O(wait=true) each status the run goes through is reported in RV(progress) as it is seen (and written to
    the module's log on the target); C(ansible-playbook -v) shows it.
author:
  - testops.testmgmt developers (@testops)
extends_documentation_fragment:
  # first: its edition (default enterprise) wins over the connection fragment's
  - testops.testmgmt.zephyr_scope.enterprise_only
  - testops.testmgmt.connection.zephyr
attributes:
  check_mode:
    support: full
    description: Reads only; reports what would change. No run is scheduled, so nothing is waited for.
  diff_mode:
    support: full
    description: Shows the job's managed properties before and after.
options:
  name:
    description:
      - The job's name (C(jobName)); it identifies the job within the project and release.
    type: str
    required: true
  framework:
    description:
      - The automation framework, as the Automation Framework list of the UI names it, in any case
        (V(JUnit), V(TestNG), V(Cucumber), V(Selenium), V(SoapUI PRO), V(TestComplete), V(Tricentis Tosca), V(UFT),
        V(Eggplant)). Robot Framework and pytest results go in as V(JUnit) XML.
      - Required to create a job.
    type: str
  cycle:
    description:
      - Name of the cycle the run's results go to (C(cycleName)). Required to create a job.
    type: str
  phase:
    description:
      - Name of the cycle phase the results go to (C(phaseName)); Zephyr uses the folder's name when unset.
    type: str
  repository_path:
    description:
      - Repository folder for the test cases, as folder names joined by C( > ), for example
        V(Release 1.0 > Automation > Cart) (C(testRepositoryPath)); missing folders are created by the run.
    type: str
  repository_folder_id:
    description:
      - Id of an existing repository folder for the test cases (C(jobDetailTcrCatalogTreeId)); checked before
        anything is written.
    type: str
  cycle_start_date:
    description:
      - First day of the cycle, as an ISO date V(YYYY-MM-DD) (V(MM/DD/YYYY) is accepted too); sent as
        C(cycleStartDateStr) in C(MM/dd/yyyy).
    type: str
  cycle_end_date:
    description:
      - Last day of the cycle, like O(cycle_start_date); not before it.
    type: str
  reuse:
    description:
      - Reuse the same cycle on every run (C(isReuse)) instead of creating one per run.
    type: bool
  timestamp:
    description:
      - Add the run's date and time to the cycle name (C(timeStamp)).
    type: bool
  create_package:
    description:
      - Create a folder per package of the test classes below the repository folder (C(createPackage)).
    type: bool
  assign_to:
    description:
      - Who the executions are assigned to (C(assignResultsTo)) - a user name, a user id, or V(anyone).
    type: str
  environment:
    description:
      - Environment of the cycle; mandatory when the server's repository configuration requires one.
    type: str
  results_file:
    description:
      - Result file to upload (JUnit or TestNG XML, Cucumber JSON), checked before anything is written.
      - Uploaded when the job is created, when its properties change, or with O(run=true). Without O(run) an
        existing job's file is not replaced when nothing else changed, since the server cannot tell whether the
        file differs.
    type: path
  run:
    description:
      - Schedule a run of the job. With O(results_file) that file is run; otherwise the file the job already has.
      - Scheduling a run is always a change.
    type: bool
    default: false
  skip_completed:
    description:
      - With O(run=true), leave the job as it is and run nothing when its latest run ended C(complete) with a
        result file of the same name as O(results_file) (or, without O(results_file), with the file it has). The
        task then reports no change and reads nothing but the job list, so the job's other properties are not
        compared and its run's cycle is not read (RV(cycle_id) is null).
      - The server keeps only the file's name, so let O(name) or the file name tell the content apart (the
        C(publish_results) role puts a digest of the file in the job name). A run that failed or was cancelled
        is run again.
    type: bool
    default: false
    version_added: 0.1.0
  wait:
    description:
      - Wait for the run (the one just scheduled, or else the job's latest) to complete, fail or be cancelled, up to
        O(wait_timeout) seconds, reporting each status in RV(progress). A run that fails, is cancelled or is still
        going at the timeout fails the task.
    type: bool
    default: false
  wait_timeout:
    description:
      - Seconds to wait with O(wait=true).
    type: int
    default: 600
  poll_interval:
    description:
      - Longest pause between two progress checks, in seconds; checks start after a quarter second and slow down
        to this.
    type: float
    default: 5.0
  state:
    description:
      - V(present) creates or updates the job (and runs it with O(run)), V(absent) deletes it, V(canceled) stops
        its latest run when that run has not ended yet.
    type: str
    choices: [present, absent, canceled]
    default: present
notes:
  - Zephyr Enterprise documents the run statuses C(new), C(queued) and C(complete); clients also see C(Waiting) and
    C(in-progress). This module treats C(complete), C(failed) and C(cancelled) as final and any other status as
    still running.
  - C(update-execute-job) is used to update a job; runs are scheduled with C(execute-job) (or, for a new job with
    O(run=true) and a result file, C(create-and-execute-job)).
seealso:
  - module: testops.testmgmt.zephyr_automation_job_info
"""

EXAMPLES = r"""
- name: Publish the nightly JUnit results and wait for Zephyr to import them
  testops.testmgmt.zephyr_automation_job:
    url: https://zephyr.example.com
    token: "{{ zephyr_api_token }}"
    project: Shop
    release: Release 1.0
    name: Nightly API tests
    framework: JUnit
    cycle: Nightly
    phase: API
    repository_path: Release 1.0 > Automation > API
    reuse: true
    assign_to: anyone
    results_file: build/test-results/junit.xml
    run: true
    wait: true
    wait_timeout: 900
  register: nightly

- name: Publish a result file once - a second play with the same file runs nothing
  testops.testmgmt.zephyr_automation_job:
    project: Shop
    release: Release 1.0
    name: "Build 4711 {{ (lookup('ansible.builtin.file', 'build/junit.xml') | hash('sha1'))[:8] }}"
    framework: JUnit
    cycle: Nightly
    reuse: true
    results_file: build/junit.xml
    run: true
    skip_completed: true
    wait: true

- name: Show where the results went
  ansible.builtin.debug:
    msg: "Cycle {{ nightly.cycle_id }}: run {{ nightly.run.id }} {{ nightly.run.status }}"

- name: Stop a run that is no longer wanted
  testops.testmgmt.zephyr_automation_job:
    project: Shop
    release: Release 1.0
    name: Nightly API tests
    state: canceled

- name: Remove the job
  testops.testmgmt.zephyr_automation_job:
    project: Shop
    release: Release 1.0
    name: Nightly API tests
    state: absent
"""

RETURN = r"""
job:
  description:
    - The job as it is after the task (as it would be, in check mode). Empty when absent.
    - A job created and run in one call is what was sent plus what the job list shows of it; what neither says
      is the server's default.
    - A job skipped by O(skip_completed) has only what the job list shows - C(id), C(name), C(project_id),
      C(release_id), C(framework), C(phase), C(repository_path), C(repository_folder_id), C(cycle_start_date),
      C(cycle_end_date), C(created_by), C(result_file).
  returned: always
  type: dict
  contains:
    id:
      description: The job id (null in check mode for a job that would be created).
      type: str
      sample: "12"
    name:
      description: Name.
      type: str
    project_id:
      description: Project id.
      type: str
    release_id:
      description: Release id.
      type: str
    framework:
      description: Automation framework, as the UI names it.
      type: str
      sample: JUnit
    cycle:
      description: Cycle name.
      type: str
    phase:
      description: Phase name.
      type: str
    repository_path:
      description: Repository folder path, C( > ) between levels (unescaped).
      type: str
    repository_folder_id:
      description: Repository folder id, or null.
      type: str
    cycle_start_date:
      description: First day of the cycle, ISO.
      type: str
    cycle_end_date:
      description: Last day of the cycle, ISO.
      type: str
    reuse:
      description: Whether runs reuse the cycle.
      type: bool
    timestamp:
      description: Whether the cycle name gets the run's time.
      type: bool
    create_package:
      description: Whether package folders are created.
      type: bool
    assign_to:
      description: User id the executions are assigned to (C(-10) is Anyone), or null.
      type: str
    environment:
      description: Environment.
      type: str
    created_by:
      description: Id of the user who created the job.
      type: str
    created_on:
      description:
        - When the job was created (UTC, ISO 8601).
        - Null when the task did not read the job's properties back (a job it created and ran in one call, or one
          skipped by O(skip_completed)).
      type: str
    result_file:
      description: Name of the job's result file.
      type: str
    cycle_id:
      description: The cycle of the job's latest completed run, when the server reports it.
      type: str
run:
  description:
    - The run scheduled by this task, or the latest run for O(state=canceled) and O(wait); null otherwise.
    - For a job skipped by O(skip_completed), its latest run as the job list shows it - C(job_id), C(status) and
      C(scheduled_on); C(id), C(cycle_id) and C(duration_ms) are null.
  returned: always
  type: dict
  contains:
    id:
      description: Run (schedule) id; what a cancel takes.
      type: str
    job_id:
      description: The job's id.
      type: str
    status:
      description: The run's status as the server reports it (C(new), C(Waiting), C(in-progress), C(complete), ...).
      type: str
    scheduled_on:
      description: When the run was scheduled (UTC, ISO 8601).
      type: str
    cycle_id:
      description: The cycle holding the run's results, once it completed.
      type: str
    duration_ms:
      description: How long the import took, when reported.
      type: int
cycle_id:
  description:
    - The cycle holding the results of the run, once it completed (or the job's last one).
    - Null for a job skipped by O(skip_completed).
  returned: always
  type: str
  sample: "42"
progress:
  description:
    - What the task went through, in order; empty when it did nothing long. C(ansible-playbook -v) prints it.
    - Every entry has C(kind), C(message), C(time) (UTC) and C(seconds) since the task started. C(kind=run) is a
      status the run was seen in while waiting (C(run_id), C(status), C(waited) seconds since the wait began; an
      entry with C(timed_out) when O(wait_timeout) passed); C(kind=retry) a request that was retried (C(attempt)).
  returned: always
  type: list
  elements: dict
  sample:
    - {"kind": "run", "run_id": "7", "status": "new", "waited": 0.0, "seconds": 0.9, "time": "2026-12-01T10:00:00.12Z",
       "message": "automation job 12: run 7 is new after 0.0s"}
    - {"kind": "run", "run_id": "7", "status": "complete", "waited": 1.8, "seconds": 2.7,
       "time": "2026-12-01T10:00:01.92Z", "message": "automation job 12: run 7 is complete after 1.8s"}
api_calls:
  description: How many HTTP requests the task sent, how many of them were writes, and how many were retried.
  returned: always
  type: dict
  sample: {"requests": 6, "writes": 1, "retries": 0}
"""

from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_flow import run
from ansible_collections.testops.testmgmt.plugins.module_utils.automation_job_task import run_job_module

ARGUMENT_SPEC = dict(
    project=dict(type="str", required=True),
    release=dict(type="str", required=True),
    name=dict(type="str", required=True),
    framework=dict(type="str"),
    cycle=dict(type="str"),
    phase=dict(type="str"),
    repository_path=dict(type="str"),
    repository_folder_id=dict(type="str"),
    cycle_start_date=dict(type="str"),
    cycle_end_date=dict(type="str"),
    reuse=dict(type="bool"),
    timestamp=dict(type="bool"),
    create_package=dict(type="bool"),
    assign_to=dict(type="str"),
    environment=dict(type="str"),
    results_file=dict(type="path"),
    run=dict(type="bool", default=False),
    skip_completed=dict(type="bool", default=False),
    wait=dict(type="bool", default=False),
    wait_timeout=dict(type="int", default=600),
    poll_interval=dict(type="float", default=5.0),
    state=dict(type="str", choices=["present", "absent", "canceled"], default="present"),
)


def main():
    run_job_module(ARGUMENT_SPEC, run)


if __name__ == "__main__":
    main()
