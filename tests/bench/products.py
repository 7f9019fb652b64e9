"""Publishing a result file to each product with playbooks/publish_results.yml, and the least the API allows.

Each product says how to prepare a publish of N results (Tests that must exist, the cycle), the
variables that point publish_results at it, and the minimum number of requests for the same work,
term by term from /work/shared/api. The bench runs the real playbook against the emulator and sums
what its tasks report in ``api_calls`` (cross-checked with the emulator's request log).
"""

import math
import os

from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results

from tests.bench.reports import write_junit

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
PLAYBOOK = os.path.join(ROOT, "playbooks", "publish_results.yml")
MODULES = os.path.join(ROOT, "plugins", "modules")
COMMENT_LIMIT = 200  # zephyr_execution's comment_limit default: failure comments cost one request each
NO_TARGETS = {"publish_results_zephyr_squad": {}, "publish_results_zephyr_enterprise": {}, "publish_results_xray": {}}


def ceil_div(a, b):
    return int(math.ceil(a / float(b)))


def _failed_with_message(report):
    return sum(1 for r in read_results(report, fmt="junit") if r.status in ("failed", "error") and r.message)


def _bulk_status_jobs(report, chunk):
    """updateBulkStatus jobs: one per status and per ``chunk`` executions of that status."""
    mapping = {"passed": "pass", "failed": "fail", "error": "fail", "skipped": "skip"}
    per_status = {}
    for result in read_results(report, fmt="junit"):
        status = mapping[result.status]
        per_status[status] = per_status.get(status, 0) + 1
    return sum(ceil_div(count, chunk) for count in per_status.values())


class Product:
    name = None
    module = None
    page = None  # the product's largest page for the data a re-run must read

    def available(self):
        return os.path.exists(PLAYBOOK) and os.path.exists(os.path.join(MODULES, self.module + ".py"))

    def missing(self):
        return "playbooks/publish_results.yml or %s is not in the collection yet" % self.module

    def prepare(self, emu, n, workdir, tag):
        """(extra vars for publish_results, env, report path) for publishing n fresh results."""
        raise NotImplementedError

    def minimum(self, n, report):
        """(requests, how) - the least the API needs for the first publish."""
        raise NotImplementedError

    def rerun_reads(self, n):
        """(reads, how) - what a re-run with nothing to change must read at least."""
        raise NotImplementedError

    def known_excess(self, n, rerun=False):
        """Why the module sends more than the minimum by design (appended to a missed row); ``rerun``: of a re-run."""
        return None

    def curl_import(self, emu, report, tag):
        """The raw import of the same file, as argv for curl; None if the product has no one-call import."""
        return None

    @staticmethod
    def _vars(report, tag, **target):
        extra = dict(NO_TARGETS, publish_results_files=[report], publish_results_run_id="bench-%s" % tag,
                     publish_results_quarantine=[], publish_results_set_stats=False)
        extra.update(target)
        return extra


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
        return self._vars(report, tag, publish_results_zephyr_squad={
            "project": "SHOP", "version": "2.4.0", "cycle": cycle}), env, report

    def minimum(self, n, report):
        comments = min(_failed_with_message(report), COMMENT_LIMIT)
        pages = ceil_div(n, self.page)
        jobs = _bulk_status_jobs(report, self.page)
        total = 4 + pages + 2 + 2 * pages + pages + 2 * jobs + comments
        how = ("project, version, cycle and status lookups (4) + %d key check(s) (`key in` search, 1,000 a page) + "
               "the run's folder: list and create (2) + %d addTestsToCycle job(s) of 1,000 with 1 poll each + %d "
               "execution page(s) + %d bulk status job(s) (one per status and 1,000 executions) with 1 poll each + "
               "%d failure comments (ZAPI has no bulk comment; comment_limit %d)" % (
                   pages, pages, pages, jobs, comments, COMMENT_LIMIT))
        return total, how

    def rerun_reads(self, n):
        return 4 + 1 + ceil_div(n, self.page), ("project, version, cycle and status lookups (4) + the folder list "
                                                "(1) + N/%d execution pages" % self.page)

    def known_excess(self, n, rerun=False):
        return None if rerun else ("the module checks the bulk status jobs with one listing of the folder's "
                                   "status counts (N/1,000 pages when they disagree: ZAPI skips COMPLETED-workflow "
                                   "executions and its lists can lag a finished job)")


IMPORT_BATCHES = ("xray_test_execution sends at most import_batch_size (default 1,000) results an import, so N/1,000 "
                  "imports: large Xray imports are known to time out at 60 s (api/xray.md, known problem 1); "
                  "import_batch_size >= N makes it one")


class XrayServer(Product):
    name = "Xray Server"
    module = "xray_test_execution"
    page = 100  # the module's run page (testexec/{key}/test)

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "xray-server-%s.xml" % tag), n, classname="bench.%s" % tag)
        env = {"XRAY_URL": emu.url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin"}
        return self._vars(report, tag, publish_results_xray={"project": "SHOP"}), env, report

    def minimum(self, n, report):
        return 2, "1 JQL search (is the run's execution there already?) + 1 multipart import creating it"

    def rerun_reads(self, n):
        return 1 + ceil_div(n, self.page), "1 JQL search + N/%d run pages" % self.page

    def known_excess(self, n, rerun=False):
        if not rerun:
            return IMPORT_BATCHES
        return ("JUnit cases without a Test key are matched to runs by their Generic Test Definition, which the run "
                "listing does not carry: 1 `GET /api/test?keys=` per 250 runs; and the listing gives no total, so a "
                "multiple of 100 runs costs one empty page")

    def curl_import(self, emu, report, tag):
        return ["curl", "-sS", "-f", "-u", "admin:admin", "-H", "X-Atlassian-Token: nocheck",
                "-F", "file=@%s;type=application/xml" % report,
                "-F", 'info={"fields":{"project":{"key":"SHOP"},"summary":"curl %s","issuetype":{"name":'
                      '"Test Execution"}}};type=application/json' % tag,
                emu.url + "/rest/raven/1.0/import/execution/junit/multipart"]


class XrayCloud(Product):
    name = "Xray Cloud"
    module = "xray_test_execution"
    page = 100  # GraphQL connections return at most 100

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "xray-cloud-%s.xml" % tag), n, classname="cloud.%s" % tag)
        env = {"XRAY_URL": emu.url, "XRAY_CLIENT_ID": "demo-client", "XRAY_CLIENT_SECRET": "demo-secret",
               "XRAY_DEPLOYMENT": "cloud"}
        return self._vars(report, tag, publish_results_xray={"project": "SHOP"}), env, report

    def minimum(self, n, report):
        return 3, "1 authenticate + 1 GraphQL lookup + 1 multipart import"

    def rerun_reads(self, n):
        return 2 + ceil_div(n, self.page), "authenticate + 1 lookup + N/%d run pages" % self.page

    def known_excess(self, n, rerun=False):
        return None if rerun else IMPORT_BATCHES


class ZephyrEnterprise(Product):
    name = "Zephyr Enterprise"
    module = "zephyr_automation_job"
    page = None

    def prepare(self, emu, n, workdir, tag):
        report = write_junit(os.path.join(workdir, "ze-%s.xml" % tag), n, classname="bench.%s" % tag)
        env = {"ZEPHYR_URL": emu.url, "ZEPHYR_TOKEN": "demo-token", "ZEPHYR_EDITION": "enterprise"}
        return self._vars(report, tag, publish_results_zephyr_enterprise={
            "project": "Shop", "release": "Release 1.0", "cycle": "Bench %s" % tag, "job": "Bench",
            "repository_path": "Release 1.0 > Automation", "poll_interval": 0.2, "wait_timeout": 900}), env, report

    def minimum(self, n, report):
        return 5, "project + release lookups + 1 job list + 1 create-and-execute upload + 1 progress poll"

    def rerun_reads(self, n):
        return 3, "project + release lookups + 1 job list"


ALL = (ZephyrSquad(), ZephyrEnterprise(), XrayServer(), XrayCloud())
# BENCH_PRODUCTS=squad,enterprise,server,cloud runs only those (words matched against the names).
_ONLY = [w.strip().lower() for w in os.environ.get("BENCH_PRODUCTS", "").split(",") if w.strip()]
if _ONLY:
    ALL = tuple(p for p in ALL if any(w in p.name.lower() for w in _ONLY))
