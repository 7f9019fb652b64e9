"""The automation run, really done in the background: new -> Waiting -> in-progress -> complete
(or failed / cancelled), one state per ``ze_run_step`` seconds. In progress, the runner reads the
job's result file, finds or creates the test cases (``<class or suite>.<name>``) under the job's
folder, creates or reuses (``isReuse``) the cycle and phase, sets the execution statuses and points
the job's ``cycleId`` at the cycle."""

import base64
import datetime
import threading
import time

from flask import current_app
from werkzeug.exceptions import HTTPException

from tests.emulator.products.common import docs_by_id, store
from tests.emulator.products.zephyr_enterprise import results
from tests.emulator.products.zephyr_enterprise.common import (
    ANYONE,
    CYCLE,
    JOB,
    PHASE,
    RELEASE,
    RTS,
    RUN,
    TCT,
    TESTCASE,
    TREE,
    ms_to_day,
    now_ms,
)
from tests.emulator.products.zephyr_enterprise.model import (
    create_cycle,
    create_node,
    create_phase,
    apply_result,
    create_testcase,
    create_testcases,
    environment_required,
    folder_by_path,
    new_rts,
    phase_rts_index,
)

GENERATION = "ZE_RUN_GENERATION"
STATUS_IDS = {"passed": "1", "failed": "2", "error": "2", "skipped": "10"}
RANK = {"1": 0, "10": 1, "2": 2}  # a test listed twice keeps its worst outcome
FINAL = ("complete", "failed", "cancelled")


def schedule(job, who):
    """A new run of ``job`` (status ``new``) and its background thread."""
    run = store().insert(RUN, {"jobId": job["id"], "status": "new", "jobScheduleDate": now_ms(), "cycleId": None,
                               "cycleDuration": 0, "fileContent": job.get("fileContent"), "userId": who["id"],
                               "message": ""}, ref=job["id"])
    app = current_app._get_current_object()
    generation = app.config.get(GENERATION, 0)
    threading.Thread(target=_drive, args=(app, run["id"], generation), daemon=True).start()
    return run


def cancel(run):
    if run["status"] in FINAL:
        return False
    run["status"] = "cancelled"
    store().update(RUN, run)
    return True


def _drive(app, run_id, generation):
    with app.app_context():
        for status in ("Waiting", "in-progress", None):
            time.sleep(float(app.config["SETTINGS"]["ze_run_step"]))
            if app.config.get(GENERATION, 0) != generation:
                return  # the emulator was reset
            with app.config["STORE"]:
                run = store().get(RUN, run_id)
                if run is None or run["status"] in FINAL:
                    return
                if status:
                    run["status"] = status
                else:
                    _finish(run)
                store().update(RUN, run)


def _finish(run):
    started = time.time()
    try:
        run["cycleId"] = process(run)
        run["status"] = "complete"
    except (results.ResultError, RunError) as exc:
        run["status"], run["message"] = "failed", str(exc)
    except HTTPException as exc:
        run["status"], run["message"] = "failed", exc.get_response().get_data(as_text=True)
    except Exception as exc:  # a broken run fails; it must not stay in progress forever
        run["status"], run["message"] = "failed", "internal error: %s" % exc
    run["cycleDuration"] = int((time.time() - started) * 1000)


class RunError(Exception):
    pass


def process(run):
    job = store().get(JOB, run["jobId"])
    if job is None:
        raise RunError("the job was deleted")
    if not run.get("fileContent"):
        raise RunError("the job has no result file")
    release = store().get(RELEASE, job["releaseId"])
    who = store().get("user", run["userId"])
    parsed = results.parse(base64.b64decode(run["fileContent"]))
    folder = _folder(job, release, who)
    lookup = _Lookup(release, who)
    entries = []
    for container, name, status in parsed:
        full = "%s.%s" % (container, name) if container else name
        target = folder
        if job.get("createPackage") and container:
            for segment in container.split(".")[:-1]:
                target = lookup.child(target, segment)
        entries.append((target, full, status))
    lookup.create_missing((target, full) for target, full, _status in entries)
    wanted = {}
    for target, full, status in entries:
        tct = lookup.testcase(target, full)
        status_id = STATUS_IDS[status]
        if tct["id"] not in wanted or RANK[status_id] > RANK[wanted[tct["id"]]]:
            wanted[tct["id"]] = status_id
    cycle = _cycle(job, release, who)
    phase = _phase(job, cycle, folder, who)
    tester = job.get("assignResultsTo")
    tester = who["id"] if tester is None else tester
    _record(phase, wanted, tester, who)
    store().update(PHASE, phase)
    job["cycleId"] = cycle["id"]
    store().update(JOB, job)
    return cycle["id"]


def _record(phase, wanted, tester, who):
    """Plan and execute ``wanted`` ({tct id: status}) in the phase: what create_rts + execute do per test
    case, written in bulk (new executions get their ids in the same order one call each would give)."""
    planned = set(phase["plan"])
    executions = phase_rts_index(phase)
    fresh, known = [], []
    for tct_id in wanted:
        if tct_id not in planned:
            planned.add(tct_id)
            phase["plan"].append(tct_id)
        rts = executions.get(int(tct_id))
        if rts is None:
            rts = executions[int(tct_id)] = new_rts(phase, tct_id, tester, who)
            fresh.append(rts)
        else:
            rts["testerId"] = tester  # tester is never None here: create_rts would set it
            known.append(rts)
    first = store().reserve_ids(RTS, len(fresh))
    for offset, rts in enumerate(fresh):
        rts["id"] = first + offset
    for tct_id, status_id in wanted.items():
        apply_result(executions[int(tct_id)], status_id, None if tester == ANYONE else tester, who)  # Anyone stays
    store().insert_many(RTS, fresh, ref_of=lambda r: r["cyclePhaseId"])
    store().update_many(RTS, known)


def _folder(job, release, who):
    if job.get("jobDetailTcrCatalogTreeId"):
        node = store().get(TREE, job["jobDetailTcrCatalogTreeId"])
        if node is None:
            raise RunError("repository node %s no longer exists" % job["jobDetailTcrCatalogTreeId"])
        return node
    return folder_by_path(release, job.get("testRepositoryPath") or "Automation", who, create=True)


class _Lookup:
    """Folders and test cases by name, each folder read once per run: a run of N results must not scan a
    folder of N test cases N times. The first match in store order wins, as a scan would find it."""

    def __init__(self, release, who):
        self.release, self.who = release, who
        self.children = {}  # parent id -> {name: node}
        self.testcases = {}  # folder id -> {test case name: tct}

    def child(self, parent, name):
        known = self.children.get(parent["id"])
        if known is None:
            known = self.children[parent["id"]] = {}
            for node in store().find(TREE, ref="p%s" % parent["id"]):
                known.setdefault(node["name"], node)
        if name not in known:
            known[name] = create_node(self.release, parent, name, "Module", self.who)
        return known[name]

    def _known(self, folder):
        known = self.testcases.get(folder["id"])
        if known is None:
            known = self.testcases[folder["id"]] = _testcases_by_name(folder)
        return known

    def create_missing(self, wanted):
        """Create the test cases of ``wanted`` ((folder, name) pairs) not there yet, all at once."""
        missing, seen = [], set()
        for folder, name in wanted:
            if name not in self._known(folder) and (folder["id"], name) not in seen:
                seen.add((folder["id"], name))
                missing.append((folder, {"name": name, "automated": True, "scriptName": name}))
        for (folder, fields), tct in zip(missing, create_testcases(self.release, missing, self.who)):
            self._known(folder)[fields["name"]] = tct

    def testcase(self, folder, name):
        known = self._known(folder)
        if name not in known:
            known[name] = create_testcase(self.release, folder, {"name": name, "automated": True,
                                                                 "scriptName": name}, self.who)
        return known[name]


def _testcases_by_name(folder):
    tcts = store().find(TCT, ref=folder["id"])
    versions = docs_by_id(TESTCASE, [t["testcaseVersionId"] for t in tcts])
    known = {}
    for tct in tcts:
        version = versions.get(int(tct["testcaseVersionId"]))
        if version is not None:
            known.setdefault(version["name"], tct)
    return known


def _cycle(job, release, who):
    name = job["cycleName"]
    if job.get("timeStamp"):
        name = "%s_%s" % (name, datetime.datetime.now().strftime("%d %b %Y_%H:%M:%S"))
    elif job.get("isReuse"):
        existing = [c for c in store().find(CYCLE, ref=release["id"]) if c["name"] == name]
        if existing:
            return existing[-1]
    if environment_required() and not (job.get("environment") or "").strip():
        raise RunError("environment is mandatory for cycles")
    start = ms_to_day(job.get("cycleStartDate")) or datetime.date.today()
    end = ms_to_day(job.get("cycleEndDate")) or start + datetime.timedelta(days=6)
    return create_cycle(release, name, who, start, end, environment=job.get("environment"))


def _phase(job, cycle, folder, who):
    name = job.get("phaseName") or folder["name"]
    for phase in store().find(PHASE, ref=cycle["id"]):
        if phase["name"] == name:
            return phase
    return create_phase(cycle, name, who)
