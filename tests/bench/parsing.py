"""Reading a large JUnit file: our streaming reader against a bare xml.etree iterparse loop.

Both read the same file in the same process, alternately, best of a few runs. The bare loop only
counts <testcase> elements and drops them: the least any reader can do. Ours also refuses DTDs,
maps statuses, extracts keys, messages and bounded output. Peak memory is measured with tracemalloc
separately from the timing runs (tracing slows both down).
"""

import gc
import os
import time
import tracemalloc
import xml.etree.ElementTree as ET

from ansible_collections.testops.testmgmt.plugins.module_utils.results.reader import read_results

from tests.bench.reports import write_junit
from tests.bench.table import Row

TIME_TARGET = 1.5
MEMORY_TARGET = 1.5  # peak at 100k over peak at 10k: flat, with room for allocator noise


def bare_iterparse(path):
    """Count <testcase> ends, dropping each from its suite so memory stays flat (the textbook idiom)."""
    count = 0
    suite = None
    for event, elem in ET.iterparse(path, events=("start", "end")):
        if event == "start":
            if elem.tag == "testsuite":
                suite = elem
            continue
        if elem.tag == "testcase":
            count += 1
            if suite is not None:
                suite.clear()
            else:
                elem.clear()
    return count


def ours(path):
    count = 0
    for _result in read_results(path, fmt="junit"):
        count += 1
    return count


def best_time(func, path, runs):
    best = None
    for _attempt in range(runs):
        gc.collect()
        start = time.perf_counter()
        count = func(path)
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, count


def peak_memory(func, path):
    gc.collect()
    tracemalloc.start()
    try:
        func(path)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(workdir, sizes=(10000, 100000), runs=5):
    rows = []
    peaks = {}
    for size in sizes:
        path = write_junit(os.path.join(workdir, "junit-%d.xml" % size), size)
        mib = os.path.getsize(path) / 1048576.0
        # alternate the two so machine load hits both alike
        ours_best, bare_best = None, None
        for _attempt in range(runs):
            t_ours, n_ours = best_time(ours, path, 1)
            t_bare, n_bare = best_time(bare_iterparse, path, 1)
            ours_best = t_ours if ours_best is None else min(ours_best, t_ours)
            bare_best = t_bare if bare_best is None else min(bare_best, t_bare)
        if n_ours != size or n_bare != size:
            raise AssertionError("read %d and %d cases of %d" % (n_ours, n_bare, size))
        ratio = ours_best / bare_best
        rows.append(Row(
            "parse", "JUnit %s cases (%.0f MiB)" % (format(size, ","), mib),
            "%.2f s vs %.2f s bare iterparse" % (ours_best, bare_best), ratio, TIME_TARGET,
            reason=None if ratio <= TIME_TARGET else
            "%.1f µs of Python per case (status, key, message, bounded output) on top of the parser's %.1f µs" % (
                (ours_best - bare_best) * 1e6 / size, bare_best * 1e6 / size)))
        peaks[size] = (peak_memory(ours, path), peak_memory(bare_iterparse, path))
        os.unlink(path)
    small, large = min(sizes), max(sizes)
    growth = peaks[large][0] / float(peaks[small][0])
    rows.append(Row(
        "parse", "peak memory, %s vs %s cases" % (format(large, ","), format(small, ",")),
        "%.1f MiB vs %.1f MiB (bare iterparse: %.1f vs %.1f)" % (
            peaks[large][0] / 1048576.0, peaks[small][0] / 1048576.0,
            peaks[large][1] / 1048576.0, peaks[small][1] / 1048576.0),
        growth, MEMORY_TARGET,
        reason=None if growth <= MEMORY_TARGET else "memory grows with the number of cases"))
    return rows


NOTES = [
    "**parse**: a JUnit file of N cases made by cycling the test cases of a real pytest 9 `--junitxml` report "
    "and a real Maven Surefire 3 report (failures with stack traces, skips, errors, reruns), each name made "
    "unique; read by `read_results()` (streaming, DTD guard, status/key/message extraction) against "
    "`xml.etree.ElementTree.iterparse` that only counts `<testcase>` ends and drops them from their suite; best of 5, "
    "alternating. Peak memory is tracemalloc's peak while reading, 100,000 against 10,000 cases.",
]
