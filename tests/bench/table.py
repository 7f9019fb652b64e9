"""Rows of the benchmark table, printed and written to docs/benchmarks.md."""

import datetime
import os
import platform
import sys


class Row:
    """One side-by-side ratio. ``target`` is the highest ratio that meets it (None: informative)."""

    def __init__(self, section, what, measured, ratio, target, reason=None, failed=False):
        self.failed = failed  # a condition besides the ratio was missed (e.g. a re-run wrote)
        self.section = section
        self.what = what
        self.measured = measured
        self.ratio = ratio
        self.target = target
        self.reason = reason

    @property
    def met(self):
        if self.failed:
            return False
        return self.target is None or (self.ratio is not None and self.ratio <= self.target + 1e-9)

    def cells(self):
        ratio = "-" if self.ratio is None else "%.2f×" % self.ratio
        target = "-" if self.target is None else "≤ %g×" % self.target
        verdict = "met" if self.met else "MISSED: %s" % (self.reason or "over target")
        if self.met and self.reason:
            verdict = "met (%s)" % self.reason
        return [self.section, self.what, self.measured, ratio, target, verdict]


HEADER = ["area", "what", "measured side by side", "ratio", "target", "result"]


def render_text(rows):
    table = [HEADER] + [r.cells() for r in rows]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    out = []
    for index, line in enumerate(table):
        out.append("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(line)).rstrip())
        if index == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def render_markdown(rows, notes):
    def esc(text):
        return text.replace("|", "\\|")

    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (tools/bench.py) on %s: Python %s, %s, %d CPU(s). Every ratio is measured"
        % (datetime.date.today().isoformat(), platform.python_version(), platform.system(), os.cpu_count() or 1),
        "side by side in the same run, against the emulator (tests/emulator) on loopback, so the numbers",
        "compare our way with the reference way on the same machine at the same moment; absolute times",
        "depend on the machine.",
        "",
        "| " + " | ".join(HEADER) + " |",
        "|" + "---|" * len(HEADER),
    ]
    for row in rows:
        lines.append("| " + " | ".join(esc(c) for c in row.cells()) + " |")
    lines.append("")
    missed = [r for r in rows if not r.met]
    lines.append("%d of %d rows meet their target." % (len(rows) - len(missed), len(rows)))
    if notes:
        lines += ["", "## How each row is measured", ""]
        lines += ["- %s" % note for note in notes]
    lines.append("")
    return "\n".join(lines)


def write(rows, notes, path):
    with open(path, "w", encoding="utf-8") as out:
        out.write(render_markdown(rows, notes))


def print_table(rows, stream=sys.stdout):
    stream.write(render_text(rows) + "\n")
