"""Print what the demo left on the emulator, read back over the products' own APIs, product by product."""

import sys

sys.path.insert(0, ".")
from tests.emulator_process import Emulator  # noqa: E402
from tests.integration.support_roles import counts, squad_state, xray_state, ze_state  # noqa: E402


class Attached(Emulator):
    def __init__(self, url):  # pylint: disable=super-init-not-called
        self.url = url


def tally(statuses):
    found = counts(statuses)
    return "%d (%s)" % (len(statuses), ", ".join("%s %d" % (k, v) for k, v in sorted(found.items()))) \
        if statuses else "0"


def squad(emu):
    print("Zephyr Squad - project SHOP:")
    for version, cycles in sorted(squad_state(emu).items()):
        for name, entry in sorted(cycles.items()):
            cycle = entry["cycle"]
            print("  [%s] %-22s version=%-8s build=%-10s env=%-8s %s..%s" % (
                cycle["id"], name, version, cycle.get("build") or "-", cycle.get("environment") or "-",
                cycle.get("startDate") or "-", cycle.get("endDate") or "-"))
            print("       cycle executions: %s" % tally(entry["tests"]))
            for folder, statuses in sorted(entry["folders"].items()):
                print("       folder %-20s %s" % (folder + ":", tally(statuses)))


def enterprise(emu):
    print("Zephyr Enterprise - project Shop, Release 1.0:")
    for name, entry in sorted(ze_state(emu).items()):
        cycle = entry["cycle"]
        print("  [%s] %-22s build=%-10s env=%-8s %s..%s" % (
            cycle["id"], name, cycle.get("build") or "-", cycle.get("environment") or "-",
            cycle.get("cycleStartDate") or "-", cycle.get("cycleEndDate") or "-"))
        for phase, statuses in sorted(entry["phases"].items()):
            print("       phase %-21s %s" % (phase + ":", tally(statuses)))


def xray(emu):
    print("Xray - project SHOP, Test Executions:")
    for summary, entry in sorted(xray_state(emu).items(), key=lambda item: item[1]["key"]):
        print("  %-9s %-26s runs: %s" % (entry["key"], summary, tally(entry["runs"])))


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
    squad(emu)
    enterprise(emu)
    xray(emu)
    print("requests in this run: %d, writes: %d" % (len(emu.requests()), len(writes)))


if __name__ == "__main__":
    main(sys.argv[1], "--writes-only" in sys.argv)
