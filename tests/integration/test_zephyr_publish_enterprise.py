"""publish_results to Zephyr Enterprise alone, counting the requests in the emulator's log over real HTTP: the
first publish sends the project and release lookups, one job list, one create-and-execute upload, the list
that names the new job and one progress read; publishing the same file again reads the job list only."""

import os
import shutil

from tests.integration import support_roles as rb
from tests.integration.test_roles_publish_samples import SAMPLES, publish_task, summary_of

REST = "/flex/services/rest/latest"
JOBS = "/flex/services/rest/v4/upload-file/automation"
PROGRESS = JOBS + "/schedule/get-latest-job-progress"
LOOKUPS = [("GET", REST + "/project/lite"), ("GET", REST + "/release/project/1"),
           ("GET", JOBS + "/file-upload-job/list")]


def sent(emulator):
    return [(r["method"], r["path"]) for r in emulator.requests()]


def test_first_publish_and_rerun_send_the_fewest_requests(emulator, play, tmp_path):
    report = str(tmp_path / "api.xml")
    shutil.copy(os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml"), report)
    task = publish_task(report, publish_results_zephyr_squad={}, publish_results_xray={})
    emulator.settings(ze_run_step=0.05)
    # the first progress read is held until the run has ended, so the count does not depend on timing
    emulator.fault(delay=1.5, count=1, path=PROGRESS, method="GET")

    first = play([task])
    assert first.rc == 0, first.stdout[-3000:]
    assert sent(emulator) == LOOKUPS + [("POST", JOBS + "/create-and-execute-job"),
                                        ("GET", JOBS + "/file-upload-job/list"), ("GET", PROGRESS)]
    published = summary_of(first)["zephyr_enterprise"]
    assert published["changed"] == 1 and published["files"] == ["api.xml"]
    execution = published["executions"][0]
    assert execution["status"] == "complete" and execution["cycle_id"] and execution["job_id"]
    assert [j["status"] for j in rb.ze_jobs(emulator)] == ["complete"]

    emulator.clear_requests()
    again = play([task])
    assert again.rc == 0 and again.changed == 0, again.stdout[-3000:]
    assert sent(emulator) == LOOKUPS
    rerun = summary_of(again)["zephyr_enterprise"]["executions"][0]
    assert rerun["job_id"] == execution["job_id"] and rerun["status"] == "complete"
    assert rerun["key"] == execution["key"] and rerun["phase"] == execution["phase"]
