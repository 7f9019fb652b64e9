"""Print what the demo left on the emulator, read back over the products' own APIs."""

import sys

sys.path.insert(0, ".")
from tests.emulator_process import Emulator  # noqa: E402


class Attached(Emulator):
    def __init__(self, url):  # pylint: disable=super-init-not-called
        self.url = url


def main(url, writes_only=False):
    emu = Attached(url)
    writes = emu.writes()
    if writes_only:
        print("requests in this run: %d, writes: %d" % (len(emu.requests()), len(writes)))
        if writes:
            for w in writes:
                print("  unexpected write: %s %s" % (w["method"], w["path"]))
            sys.exit(1)
        return
    _status, versions = emu.api("GET", "/rest/api/2/project/SHOP/versions")
    print("Zephyr Squad cycles in SHOP:")
    for version in [{"id": "-1", "name": "Unscheduled"}] + versions:
        _s, cycles = emu.api("GET", "/rest/zapi/latest/cycle?projectId=10000&versionId=%s" % version["id"])
        for cid, cycle in sorted(cycles.items()):
            if cid in ("-1", "recordsCount"):
                continue
            print("  [%s] %-22s version=%-8s build=%-10s env=%-8s %s..%s executions=%s" % (
                cid, cycle["name"], version["name"], cycle.get("build") or "-", cycle.get("environment") or "-",
                cycle.get("startDate") or "-", cycle.get("endDate") or "-", cycle.get("totalExecutions", 0)))
    print("requests in this run: %d, writes: %d" % (len(emu.requests()), len(writes)))


if __name__ == "__main__":
    main(sys.argv[1], "--writes-only" in sys.argv)
