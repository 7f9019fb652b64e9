"""Publishing a result file to each product through our modules, and the least the product's API allows.

Each product says how to prepare a publish of N results (tests that must exist, an empty cycle),
the task that publishes the file, and the minimum number of requests for the same work, term by
term from /work/shared/api. The bench runs the task as a real ansible-playbook against the emulator
and reads the module's own request count (cross-checked with the emulator's request log).
"""

import math
import os

from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results

from tests.bench.reports import write_junit

MODULES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))),
                       "plugins", "modules")


def ceil_div(a, b):
    return int(math.ceil(a / float(b)))


def have_module(name):
    return os.path.exists(os.path.join(MODULES, name + ".py"))


class Product:
    name = None
    module = None
    page = None  # the product's largest page for the data a re-run must read
    max_n = None  # sizes above this are not run (with the reason below)
    max_n_reason = None

    def available(self):
        return have_module(self.module)

    def prepare(self, emu, n, workdir, tag):
        """(task args, env, report path) for publishing n fresh results."""
        raise NotImplementedError

    def minimum(self, n, report):
        """(requests, how) — the least the API needs for the first publish."""
        raise NotImplementedError

    def rerun_reads(self, n):
        """(reads, how) — what a re-run with nothing to change must read at least."""
        raise NotImplementedError

    def rerun_task(self, task):
        """The task of the re-run: by default the same."""
        return task

    def curl_import(self, emu, report, tag):
        """The raw import of the same file, as argv for curl; None if the product has no one-call import."""
        return None


def _failed_with_message(report):
    return sum(1 for r in read_results(report, fmt="junit") if r.status in ("failed", "error") and r.message)


def _statuses(report):
    mapping = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "skip"}
    return len(set(mapping[r.status] for r in read_results(report, fmt="junit")))


class ZephyrSquad(Product):
    name = "Zephyr Squad"
    module = "zephyr_execution"
    page = 1000  # ZAPI MAX_LIMIT for execution lists

    def prepare(self, emu, n, workdir, tag):
        status, body = emu.api("POST", "/rest/api/2/issue/bulk", {"issueUpdates": [
            {"fields": {"project": {"key": "SHOP"}, "summary": "bench %s %d" % (tag, i),
                        "issuetype": {"name": "Test"}}} for i in range(n)]})
        if status != 201 or len(body["issues"]) != n:
            raise RuntimeError("could not create %d tests: %s %s" % (n, status, str(body)[:300]))
        keys = [issue["key"] for issue in body["issues"]]
        cycle = "Bench %s" % tag
        status, body = emu.api("POST", "/rest/zapi/latest/cycle",
                               {"name": cycle, "projectId": "10000", "versionId": "10100"})
        if status != 200:
            raise RuntimeError("could not create the cycle: %s" % body)
        report = write_junit(os.path.join(workdir, "squad-%s.xml" % tag), n, key_of=lambda i: keys[i])
        env = {"ZEPHYR_URL": emu.url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin"}
        task = {"testops.testmgmt.zephyr_execution": {
            "project": "SHOP", "version": "2.4.0", "cycle": cycle, "results_file": [report]}}
        return task, env, report

    def minimum(self, n, report):
        comments = _failed_with_message(report)
        statuses = _statuses(report)
        pages = ceil_div(n, self.page)
        total = 4 + 1 + 2 + pages + 2 * statuses + comments
        how = ("4 name/status lookups + 1 empty execution list + add tests 1+1 poll + %d list page(s) + "
               "%d bulk status(es) with 1 poll each + %d comments (no bulk comment call)" % (pages, statuses, comments))
        return total, how

    def rerun_reads(self, n):
        return 3 + 1 + ceil_div(n, self.page), ("project, version, status lookups + 1 cycle list + N/%d "
                                                "execution pages" % self.page)


class XrayServer(Product):
    name = "Xray Server"
    module = "xray_test_execution"
    page = 100  # the module's run page (testexec/{key}/test)

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "xray-server-%s.xml" % tag), n, classname="bench.%s" % tag)
        env = {"XRAY_URL": emu.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}
        task = {"testops.testmgmt.xray_test_execution": {
            "project": "SHOP", "summary": "Bench %s" % tag, "results_file": [report], "format": "junit"}}
        return task, env, report

    def minimum(self, n, report):
        return 2, "1 JQL search (is the execution there already?) + 1 multipart import creating it"

    def rerun_reads(self, n):
        return 1 + ceil_div(n, self.page), "1 JQL search + N/%d run pages" % self.page

    def curl_import(self, emu, report, tag):
        return ["curl", "-sS", "-f", "-u", "admin:admin", "-H", "X-Atlassian-Token: nocheck",
                "-F", "file=@%s;type=application/xml" % report,
                "-F", 'info={"fields":{"project":{"key":"SHOP"},"summary":"curl %s","issuetype":{"name":"Test Execution"}}};type=application/json' % tag,
                emu.url + "/rest/raven/1.0/import/execution/junit/multipart"]


class XrayCloud(Product):
    name = "Xray Cloud"
    module = "xray_test_execution"
    page = 100  # GraphQL connections return at most 100

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "xray-cloud-%s.xml" % tag), n, classname="cloud.%s" % tag)
        env = {"XRAY_URL": emu.url, "XRAY_CLIENT_ID": "demo-client", "XRAY_CLIENT_SECRET": "demo-secret",
               "XRAY_DEPLOYMENT": "cloud", "XRAY_CLOUD_RATE_LIMIT": "off"}
        task = {"testops.testmgmt.xray_test_execution": {
            "project": "SHOP", "summary": "Cloud bench %s" % tag, "results_file": [report], "format": "junit"}}
        return task, env, report

    def minimum(self, n, report):
        return 3, "1 authenticate + 1 GraphQL lookup + 1 multipart import"

    def rerun_reads(self, n):
        return 2 + ceil_div(n, self.page), "authenticate + 1 lookup + N/%d run pages" % self.page


class ZephyrEnterprise(Product):
    name = "Zephyr Enterprise"
    module = "zephyr_automation_job"
    page = None
    max_n = 1000
    max_n_reason = ("the emulator's automation run matches each test case by scanning the whole folder "
                    "(tests/emulator/products/zephyr_enterprise/runner.py _testcase), quadratic in N")

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "ze-%s.xml" % tag), n, classname="bench.%s" % tag)
        env = {"ZEPHYR_URL": emu.url, "ZEPHYR_TOKEN": "demo-token", "ZEPHYR_EDITION": "enterprise"}
        task = {"testops.testmgmt.zephyr_automation_job": {
            "project": "Shop", "release": "Release 1.0", "name": "Bench %s" % tag, "framework": "junit",
            "cycle": "Bench %s" % tag, "phase": "Bench", "repository_path": "Release 1.0 > Automation > Bench",
            "reuse": True, "assign_to": "anyone", "results_file": report, "run": True, "wait": True,
            "wait_timeout": 900}}
        return task, env, report

    def minimum(self, n, report):
        return 5, "project + release lookups + 1 job lookup + 1 create-and-execute upload + 1 progress poll"

    def rerun_reads(self, n):
        return 3, "project + release + job lookups"

    def rerun_task(self, task):
        # run: true schedules a new run on every call by design; the idempotent re-run is the job
        # with the same file and properties, which must upload and schedule nothing
        args = dict(task["testops.testmgmt.zephyr_automation_job"])
        args.pop("run")
        args.pop("wait")
        return {"testops.testmgmt.zephyr_automation_job": args}


ALL = (ZephyrSquad(), ZephyrEnterprise(), XrayServer(), XrayCloud())
