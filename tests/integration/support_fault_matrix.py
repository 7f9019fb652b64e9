"""The fault matrix: every module on every product it supports, against every fault, over real HTTP.

One playbook per target (a module on a product, with its minimal options) keeps the suite fast. Each case
is two tasks: an "arm" task whose pipe lookup runs this file as a script, then the module call
(``ignore_errors``). Arming saves the request log of the case before, puts the emulator back where the case
starts (the seed again for targets that write, so every case makes the same things as the clean run), and
injects the case's faults, placed with the clean run's log so that they land where they matter: the 429 and
a dropped connection on its first write, the long burst on the last read before it (a write after that
failed read would be a bug). Faults are counted exactly, so a retry beyond the budget would get through.
"""

import contextlib
import json
import os
import queue
import shlex
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from tests.emulator_process import Emulator
from tests.integration.playbook import ROOT, run_tasks
from tests.shared_samples import SAMPLES

RETRIES, TIMEOUT = 2, 5  # the retry budget of every case but the slow one (FAST in support_faults)
SLOW = {"timeout": 0.3, "retries": 1, "delay": 0.6}
TTL = 1.5  # session, token and cookie lifetime in the expiry case; one request is held longer
DEFAULTS = {"jira_session_ttl": 8 * 3600, "ze_session_ttl": 5400, "cloud_token_ttl": 86400, "cloud_rate_limit": 0,
            "job_delay": 0.05, "ze_run_step": 0.05}
LOGINS = ("/rest/auth/1/session", "/api/v2/authenticate", "/flex/services/rest/latest/manifest")
READ_POSTS = LOGINS + ("/api/v2/graphql", "/rest/api/2/search")

ZE = "/flex/services/rest/latest"


# -- products and targets -------------------------------------------------------------------------
def product_env(product, url):
    if product == "squad":
        return {"ZEPHYR_URL": url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin", "ZEPHYR_EDITION": "squad"}
    if product == "enterprise":
        return {"ZEPHYR_URL": url, "ZEPHYR_USERNAME": "admin", "ZEPHYR_PASSWORD": "admin", "ZEPHYR_TOKEN": "demo-token",
                "ZEPHYR_EDITION": "enterprise"}
    if product == "server":
        return {"XRAY_URL": url, "XRAY_USERNAME": "admin", "XRAY_PASSWORD": "admin", "XRAY_DEPLOYMENT": "server"}
    return {"XRAY_URL": url, "XRAY_DEPLOYMENT": "cloud", "XRAY_CLIENT_ID": "demo-client",
            "XRAY_CLIENT_SECRET": "demo-secret", "XRAY_CLOUD_RATE_LIMIT": "off"}


def module_task(name, module, args):
    return {"name": name, "testops.testmgmt." + module: args}


SQUAD_CYCLE = {"project": "SHOP", "version": "2.4.0", "name": "Matrix"}
ZE_CYCLE = {"project": "Shop", "release": "Release 1.0", "name": "Matrix"}
ZE_TEST = {"project": "Shop", "release": "Release 1.0", "folder": "Release 1.0 > Matrix", "name": "Matrix case"}
ZE_JOB = {"project": "Shop", "release": "Release 1.0", "name": "Matrix job", "framework": "junit", "cycle": "Matrix"}
SUREFIRE = os.path.join(SAMPLES, "surefire-TEST-com.shop.CartServiceTest.xml")  # uploaded as a file
RESULTS = [{"test": "SHOP-101", "status": "pass"}, {"test": "SHOP-102", "status": "fail"}]

# name -> module, product, its minimal options, whether it writes (each case then starts from the seed),
# and what a read-only target reads (made once, by the module that writes it, at the top of the playbook)
TARGETS = {
    "zephyr_cycle-squad": ("zephyr_cycle", "squad", SQUAD_CYCLE, True, None),
    "zephyr_cycle-enterprise": ("zephyr_cycle", "enterprise", ZE_CYCLE, True, None),
    "zephyr_cycle_info-squad": ("zephyr_cycle_info", "squad", {"project": "SHOP", "version": "2.4.0"}, False,
                                ("zephyr_cycle", dict(SQUAD_CYCLE, tests=["SHOP-101", "SHOP-102"]))),
    "zephyr_cycle_info-enterprise": ("zephyr_cycle_info", "enterprise", {"project": "Shop", "release": "Release 1.0"},
                                     False, ("zephyr_cycle", ZE_CYCLE)),
    "zephyr_test-squad": ("zephyr_test", "squad", {"project": "SHOP", "summary": "Matrix test"}, True, None),
    "zephyr_test-enterprise": ("zephyr_test", "enterprise", ZE_TEST, True, None),
    "zephyr_test_info-squad": ("zephyr_test_info", "squad", {"project": "SHOP", "keys": ["SHOP-101", "SHOP-102"]},
                               False, None),
    "zephyr_test_info-enterprise": ("zephyr_test_info", "enterprise",
                                    {"project": "Shop", "release": "Release 1.0", "query": "Release 1.0 > Matrix"},
                                    False, ("zephyr_test", ZE_TEST)),
    "zephyr_execution-squad": ("zephyr_execution", "squad", dict(
        {"project": "SHOP", "version": "2.4.0", "cycle": "Matrix"}, results=RESULTS), True, None),
    "zephyr_execution-enterprise": ("zephyr_execution", "enterprise", {
        "project": "Shop", "release": "Release 1.0", "cycle": "Matrix", "phase": "Matrix",
        "results": [{"test": "Matrix case", "status": "pass"}]}, True, None),
    "zephyr_automation_job-enterprise": ("zephyr_automation_job", "enterprise", ZE_JOB, True, None),
    "zephyr_automation_job_info-enterprise": ("zephyr_automation_job_info", "enterprise",
                                              {"project": "Shop", "release": "Release 1.0"}, False,
                                              ("zephyr_automation_job", ZE_JOB)),
    "xray_test_execution-server": ("xray_test_execution", "server",
                                   {"project": "SHOP", "summary": "Matrix", "results": RESULTS}, True, None),
    "xray_test_execution-cloud": ("xray_test_execution", "cloud",
                                  {"project": "SHOP", "summary": "Matrix", "results": RESULTS}, True, None),
    # a multipart upload: a retry must send the file again, not the stream's empty rest
    "zephyr_automation_job-enterprise-upload": ("zephyr_automation_job", "enterprise", dict(
        ZE_JOB, results_file=SUREFIRE, run=True, wait=True, poll_interval=0.2), True, None),
    "xray_test_execution-server-file": ("xray_test_execution", "server", {
        "project": "SHOP", "summary": "Matrix", "results_file": [SUREFIRE], "format": "junit"}, True, None),
    "xray_test_execution-cloud-file": ("xray_test_execution", "cloud", {
        "project": "SHOP", "summary": "Matrix", "results_file": [SUREFIRE], "format": "junit"}, True, None),
    "xray_test_execution_info-server": ("xray_test_execution_info", "server", {"project": "SHOP", "summary": "Matrix"},
                                        False, ("xray_test_execution", {"project": "SHOP", "summary": "Matrix",
                                                                        "results": RESULTS})),
    "xray_test_execution_info-cloud": ("xray_test_execution_info", "cloud", {"project": "SHOP", "summary": "Matrix"},
                                       False, ("xray_test_execution", {"project": "SHOP", "summary": "Matrix",
                                                                       "results": RESULTS})),
    "xray_test_plan-server": ("xray_test_plan", "server",
                              {"project": "SHOP", "summary": "Matrix plan", "tests": ["SHOP-101"]}, True, None),
    "xray_test_plan-cloud": ("xray_test_plan", "cloud",
                             {"project": "SHOP", "summary": "Matrix plan", "tests": ["SHOP-101"]}, True, None),
}

# what each case must end with: "ok" (succeeds, same result as the clean run), "fail" (one clean line), or
# "either" of them. The first write is the last request where none is known to be one (Cloud's GraphQL).
CASES = {
    "clean": "ok",
    "429": "ok",        # 429 + Retry-After on the first write: waited out, even for a creating POST
    "burst": "ok",      # 502 then 503 on the first request: within the retry budget
    "long": "fail",     # 504 on every attempt at the last read before the first write: beyond the budget
    "reset": "ok",      # the first request's connection is dropped: a read, so retried
    "reset-write": "either",  # the first write's connection is dropped: retried if idempotent, else one line
    "long-write": "fail",  # 504 on the first write: tried once if it creates, else to the budget; one line
    "slow": "fail",     # every request answered after the timeout
    "expire": "ok",     # the session/token dies while a request is held; one re-login carries on
}


WRITE_CASES = ("reset-write", "long-write")


def cases_of(target):
    """A read-only target has no write: its first write would be its last read, which the others fault."""
    return [case for case in CASES if TARGETS[target][3] or case not in WRITE_CASES]


# -- the emulator, from the arm script ------------------------------------------------------------
def control(url, method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url + "/_emulator/" + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def ze_api(url, method, path, body=None):
    req = urllib.request.Request(url + ZE + path, data=json.dumps(body).encode() if body is not None else None,
                                 method=method, headers={"Content-Type": "application/json",
                                                         "Authorization": "Bearer demo-token"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return json.loads(resp.read() or b"null")


def seed(url, target):
    """What a writing target's case starts from, straight over the product API."""
    if target == "zephyr_execution-squad":
        req = urllib.request.Request(url + "/rest/zapi/latest/cycle", method="POST", data=json.dumps(
            {"name": "Matrix", "projectId": "10000", "versionId": "10100"}).encode(), headers={
                "Content-Type": "application/json", "Authorization": "Basic YWRtaW46YWRtaW4="})
        urllib.request.urlopen(req, timeout=10).close()
    elif target == "zephyr_execution-enterprise":
        folder = ze_api(url, "POST", "/testcasetree?parentid=0", {"name": "Matrix", "releaseId": 1})
        ze_api(url, "POST", "/testcase/bulk", [{"tcrCatalogTreeId": folder["id"],
                                               "testcase": {"name": "Matrix case", "customProperties": {}}}])
        cycle = ze_api(url, "POST", "/cycle", {"name": "Matrix", "releaseId": 1})
        phase = ze_api(url, "POST", "/cycle/%s/phase" % cycle["id"],
                       {"name": "Matrix", "freeForm": False, "tcrCatalogTreeId": folder["id"]})
        ze_api(url, "POST", "/assignmenttree/%s/assign" % phase["id"])


def is_write(entry):
    return entry["method"] not in ("GET", "HEAD") and not entry["path"].startswith(READ_POSTS)


def anchors(clean_log):
    """(index of the first write, index of the last read before it) in the clean run's requests.

    Xray Cloud's GraphQL queries and mutations share one POST path: there only the first request after the
    login is known to be a read (the lookup of what the module manages)."""
    first_write = next((i for i, r in enumerate(clean_log) if is_write(r)), len(clean_log) - 1)
    reads = [i for i, r in enumerate(clean_log[:first_write]) if not is_write(r)] or [0]
    if any(r["path"] == "/api/v2/graphql" for r in clean_log):
        return first_write, next((i for i in reads if not clean_log[i]["path"].startswith(LOGINS)), reads[-1])
    return first_write, reads[-1]


def faults_of(case, clean_log):
    """The faults of ``case``, in order; a short no-op delay first lets the next one skip N requests."""
    def skip(count):
        return [{"delay": 0.001, "count": count}] if count else []

    first_write, last_read = anchors(clean_log)
    if case == "429":
        return skip(first_write) + [{"status": 429, "retry_after": 1, "count": 1}]
    if case == "burst":
        return [{"status": 502, "count": 1}, {"status": 503, "count": 1}]
    if case == "long":
        return skip(last_read) + [{"status": 504, "count": RETRIES + 1}]
    if case == "reset":
        return [{"drop": True, "count": 1}]
    if case == "reset-write":
        return skip(first_write) + [{"drop": True, "count": 1}]
    if case == "long-write":
        return skip(first_write) + [{"status": 504, "count": RETRIES + 1}]
    if case == "slow":
        return [{"delay": SLOW["delay"], "count": SLOW["retries"] + 1}]
    if case == "expire":  # past the login, the next request is held beyond the session's life
        return skip(1) + [{"delay": TTL + 0.5, "count": 1}]
    return []


def arm(url, state_dir, target, case):
    """Save the previous case's request log, then start ``case`` (``end`` only saves)."""
    current = os.path.join(state_dir, "current")
    if os.path.exists(current):
        with open(current) as handle:
            previous = handle.read()
        if previous == "slow":
            time.sleep(SLOW["delay"] - SLOW["timeout"] + 0.2)  # the held requests reach the log after the client gave up
        with open(os.path.join(state_dir, previous + ".json"), "w") as out:
            json.dump(control(url, "GET", "requests")["requests"], out)
    if case == "end":
        return "saved"
    with open(current, "w") as handle:
        handle.write(case)
    if TARGETS[target][3]:
        control(url, "POST", "reset")
        seed(url, target)
    control(url, "DELETE", "faults")
    settings = dict(DEFAULTS)
    if case == "expire":
        settings.update(jira_session_ttl=TTL, ze_session_ttl=TTL, cloud_token_ttl=TTL)
    control(url, "POST", "settings", settings)
    clean_log = []
    if case != "clean" and os.path.exists(os.path.join(state_dir, "clean.json")):
        with open(os.path.join(state_dir, "clean.json")) as handle:
            clean_log = json.load(handle)
    for fault in faults_of(case, clean_log):
        control(url, "POST", "faults", fault)
    control(url, "POST", "requests/clear")
    return "armed %s %s" % (target, case)


# -- the playbooks --------------------------------------------------------------------------------
def arm_task(url, state_dir, target, case):
    command = "cd %s && %s -m tests.integration.support_fault_matrix %s" % (
        shlex.quote(ROOT), shlex.quote(sys.executable),
        " ".join(shlex.quote(str(a)) for a in (url, state_dir, target, case)))
    return {"name": "arm %s" % case, "ansible.builtin.debug": {"msg": "{{ lookup('pipe', command) }}"},
            "vars": {"command": command}}


def case_args(target, case):
    module, product, args = TARGETS[target][:3]
    args = dict(args, retries=RETRIES, timeout=TIMEOUT)
    if case == "slow":
        args.update(retries=SLOW["retries"], timeout=SLOW["timeout"])
    if case == "expire" and product != "cloud":
        args["auth_method"] = "session"
    return module, args


def target_tasks(url, state_dir, target):
    tasks = []
    reads = TARGETS[target][4]
    if reads:
        tasks.append(module_task("seed", reads[0], reads[1]))
    for case in cases_of(target):
        module, args = case_args(target, case)
        tasks.append(arm_task(url, state_dir, target, case))
        tasks.append(dict(module_task(case, module, args), ignore_errors=True))
    tasks.append(arm_task(url, state_dir, target, "end"))
    return tasks


class Outcome:
    """One target's playbook: each case's task result and the requests the emulator saw during it."""

    def __init__(self, run, state_dir):
        self.run = run
        self.state_dir = state_dir

    def result(self, case):
        return self.run.task(case)

    def log(self, case):
        with open(os.path.join(self.state_dir, case + ".json")) as handle:
            return json.load(handle)


def run_target(emulator, target, state_dir):
    os.makedirs(state_dir)
    emulator.reset()  # a read-only target reads what its seed task makes, from the seed state
    emulator.settings(**DEFAULTS)
    env = product_env(TARGETS[target][1], emulator.url)
    run = run_tasks(target_tasks(emulator.url, state_dir, target), env=env)
    return Outcome(run, state_dir)


# -- lookups --------------------------------------------------------------------------------------
# product -> (the module and options that make what it reads, the lookup expression, the path of its read)
LOOKUPS = {
    "squad": ("zephyr_cycle", dict(SQUAD_CYCLE, tests=["SHOP-101", "SHOP-102"], edition="squad"),
              "query('testops.testmgmt.zephyr', 'executions', project='SHOP', version='2.4.0', cycle='Matrix', "
              "edition='squad', retries=%d)" % RETRIES, "/rest/zapi/latest/execution"),
    "enterprise": ("zephyr_cycle", dict(ZE_CYCLE, edition="enterprise"),
                   "query('testops.testmgmt.zephyr', 'cycle', project='Shop', version='Release 1.0', cycle='Matrix', "
                   "edition='enterprise', retries=%d)" % RETRIES, ZE + "/cycle"),
    "server": (None, None, "query('testops.testmgmt.xray', jql='project = SHOP AND issuetype = Test', "
               "deployment='server', retries=%d)" % RETRIES, "/rest/api/2/search"),
    "cloud": (None, None, "query('testops.testmgmt.xray', jql='project = SHOP AND issuetype = Test', "
              "deployment='cloud', retries=%d)" % RETRIES, "/api/v2/graphql"),
}


def arm_lookup(url, product):
    """Every attempt at the lookup's read answers 503: one more than the retry budget allows."""
    control(url, "DELETE", "faults")
    control(url, "POST", "faults", {"status": 503, "count": RETRIES + 1, "path": LOOKUPS[product][3]})
    return "armed lookup %s" % product


def lookup_tasks(url):
    """All four lookups in one play: each read clean, then with its read failing beyond the budget."""
    tasks = [module_task("seed " + p, module, args) for p, (module, args, _e, _p) in LOOKUPS.items() if module]
    for product, (_module, _args, expression, _path) in LOOKUPS.items():
        command = "cd %s && %s -m tests.integration.support_fault_matrix %s %s" % (
            shlex.quote(ROOT), shlex.quote(sys.executable), shlex.quote(url), product)
        lookup = {"ansible.builtin.debug": {"msg": "{{ %s }}" % expression}, "ignore_errors": True}
        tasks.extend([dict(lookup, name="clean " + product),
                      {"name": "arm " + product, "ansible.builtin.debug": {"msg": "{{ lookup('pipe', command) }}"},
                       "vars": {"command": command}},
                      dict(lookup, name="faults " + product)])
    return tasks


def lookup_env(url):
    env = product_env("squad", url)
    env.update(product_env("cloud", url))
    env.update(XRAY_USERNAME="admin", XRAY_PASSWORD="admin")
    return env


class Outcomes:
    """target (or ``lookups``) -> its Outcome, waiting for its playbook if it still runs."""

    def __init__(self, futures):
        self.futures = futures

    def __getitem__(self, name):
        return self.futures[name].result()


@contextlib.contextmanager
def run_all(names, directory, workers=3):
    """Run the playbooks of ``names`` (targets, ``lookups``), ``workers`` at a time, each on an emulator of its
    own: the cases mostly wait (Retry-After, back-off, timeouts), so they overlap well."""
    emulators = [Emulator() for _worker in range(min(workers, len(names)) or 1)]
    free = queue.Queue()
    for emulator in emulators:
        free.put(emulator)

    def one(name):
        emulator = free.get()
        try:
            if name == "lookups":
                emulator.reset()
                emulator.settings(**DEFAULTS)
                return Outcome(run_tasks(lookup_tasks(emulator.url), env=lookup_env(emulator.url)), None)
            return run_target(emulator, name, os.path.join(directory, name))
        finally:
            free.put(emulator)

    pool = ThreadPoolExecutor(len(emulators))
    try:
        yield Outcomes(dict((name, pool.submit(one, name)) for name in names))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # pytest -x: what has not started never will
        for emulator in emulators:
            emulator.stop()


if __name__ == "__main__":
    if len(sys.argv) == 3:
        print(arm_lookup(*sys.argv[1:3]))
    else:
        print(arm(*sys.argv[1:5]))
