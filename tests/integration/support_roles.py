"""Reading back what the release_setup and publish_results roles left on the emulator, over the
products' own APIs (as a user's script would): the integration tests, the demo summary and the
expected counts of a result file all come from here."""

import urllib.parse

Z = "/rest/zapi/latest"
ZE = "/flex/services/rest/latest"
RAVEN = "/rest/raven/1.0/api"


def ok(answer):
    status, body = answer
    assert 200 <= status < 300, (status, body)
    return body


def _count(statuses):
    counts = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return counts


# -- Zephyr Squad ----------------------------------------------------------------------------------
def squad_status_names(emu):
    return dict((str(s["id"]), s["name"]) for s in ok(emu.api("GET", Z + "/util/testExecutionStatus")))


def squad_versions(emu, project="SHOP"):
    versions = ok(emu.api("GET", "/rest/api/2/project/%s/versions" % project))
    return [{"id": "-1", "name": "Unscheduled"}] + [{"id": str(v["id"]), "name": v["name"]} for v in versions]


def squad_state(emu, project="SHOP", project_id="10000"):
    """{version name: {cycle name: {"cycle": raw, "tests": {key: status}, "folders": {name: {key: status}}}}}"""
    names = squad_status_names(emu)
    state = {}
    for version in squad_versions(emu, project):
        raw = ok(emu.api("GET", Z + "/cycle?projectId=%s&versionId=%s" % (project_id, version["id"])))
        for cycle_id, cycle in sorted(raw.items()):
            if cycle_id in ("-1", "recordsCount"):
                continue
            base = Z + "/execution?cycleId=%s&projectId=%s&versionId=%s&offset=0&limit=1000" % (
                cycle_id, project_id, version["id"])
            entry = {"cycle": dict(cycle, id=cycle_id), "tests": _squad_statuses(emu, base, names), "folders": {}}
            for folder in ok(emu.api("GET", Z + "/cycle/%s/folders?projectId=%s&versionId=%s" % (
                    cycle_id, project_id, version["id"]))):
                entry["folders"][folder["folderName"]] = _squad_statuses(
                    emu, base + "&folderId=%s" % folder["folderId"], names)
            state.setdefault(version["name"], {})[cycle["name"]] = entry
    return state


def _squad_statuses(emu, path, names):
    executions = ok(emu.api("GET", path))["executions"]
    return dict((e["issueKey"], names.get(str(e["executionStatus"]), str(e["executionStatus"])))
                for e in executions)


# -- Zephyr Enterprise ---------------------------------------------------------------------------
ZE_STATUS = {"1": "Pass", "2": "Fail", "3": "WIP", "4": "Blocked", "10": "Not Executed"}


def ze_release(emu, project="Shop", release="Release 1.0"):
    project_id = [p["id"] for p in ok(emu.api("GET", ZE + "/project/lite")) if p["name"] == project][0]
    return [r["id"] for r in ok(emu.api("GET", ZE + "/release/project/%s" % project_id)) if r["name"] == release][0]


def ze_state(emu, project="Shop", release="Release 1.0"):
    """{cycle name: {"cycle": raw, "phases": {phase name: {test case name: status name}}}}"""
    state = {}
    for cycle in ok(emu.api("GET", ZE + "/cycle/release/%s" % ze_release(emu, project, release))):
        phases = {}
        for phase in cycle.get("cyclePhases") or []:
            rows = ok(emu.api("GET", ZE + "/execution?cyclephaseid=%s&pagesize=0" % phase["id"]))["results"]
            phases[phase["name"]] = dict(
                (r["tcrTreeTestcase"]["testcase"]["name"],
                 ZE_STATUS.get(str((r.get("lastTestResult") or {}).get("executionStatus") or r.get("status")),
                               "Not Executed"))
                for r in rows)
        state[cycle["name"]] = {"cycle": cycle, "phases": phases}
    return state


def ze_jobs(emu, project="Shop", release="Release 1.0"):
    project_id = [p["id"] for p in ok(emu.api("GET", ZE + "/project/lite")) if p["name"] == project][0]
    return ok(emu.api("GET", "/flex/services/rest/v4/upload-file/automation/file-upload-job/list?projectId=%s"
                             "&releaseId=%s" % (project_id, ze_release(emu, project, release))))


# -- Xray (Server) ---------------------------------------------------------------------------------
def xray_state(emu, project="SHOP"):
    """{summary: {"key": key, "runs": {test key: status}}} for the project's Test Executions."""
    jql = 'project = %s AND issuetype = "Test Execution"' % project
    found = ok(emu.api("GET", "/rest/api/2/search?maxResults=1000&fields=summary&jql=" + urllib.parse.quote(jql)))
    state = {}
    for issue in found["issues"]:
        runs = ok(emu.api("GET", RAVEN + "/testexec/%s/test" % issue["key"]))
        state[issue["fields"]["summary"]] = {"key": issue["key"], "runs": dict((r["key"], r["status"]) for r in runs)}
    return state


def counts(statuses):
    """{status: how many} of a {test: status} map."""
    return _count(statuses.values())
