"""make bench: run the benchmark sections, print the table, write docs/benchmarks.md.

    .venv/bin/python tools/bench.py [--only parse,publish,e2e,headline] [--quick] [--out docs/benchmarks.md]

BENCH_PRODUCTS=squad,enterprise,server,cloud limits the publish and headline sections to those products.

Exit status 0 even when a row misses its target: the table says which and why (the numbers are
a report, not a test; timing tests would be flaky on shared machines).
"""

import argparse
import os
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, ROOT)

from tests.bench import sections, table  # noqa: E402  (after the path tweak)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default=",".join(sections.ORDER),
                        help="comma-separated sections: %s" % ", ".join(sections.ORDER))
    parser.add_argument("--quick", action="store_true", help="smaller sizes, for trying the suite out")
    parser.add_argument("--out", default=os.path.join(ROOT, "docs", "benchmarks.md"))
    args = parser.parse_args(argv)
    wanted = [s.strip() for s in args.only.split(",") if s.strip()]
    unknown = sorted(set(wanted) - set(sections.ORDER))
    if unknown:
        parser.error("unknown sections: %s" % ", ".join(unknown))
    rows, notes = [], []
    with tempfile.TemporaryDirectory(prefix="testops-bench-") as workdir:
        for name in sections.ORDER:
            if name not in wanted:
                continue
            print("== %s" % name, flush=True)
            section_rows, section_notes = sections.run(name, workdir, quick=args.quick)
            table.print_table(section_rows)
            rows += section_rows
            notes += section_notes
    print("")
    table.print_table(rows)
    table.write(rows, notes, args.out)
    missed = [r for r in rows if not r.met]
    where = os.path.relpath(args.out, ROOT)
    print("\n%d of %d rows meet their target; written to %s" % (len(rows) - len(missed), len(rows), where))
    return 0


if __name__ == "__main__":
    sys.exit(main())
