"""The benchmark sections, in table order; each returns (rows, notes)."""

ORDER = ("parse", "publish", "e2e", "headline")


def run(name, workdir, quick=False):
    if name == "parse":
        from tests.bench import parsing

        sizes = (2000, 20000) if quick else (10000, 100000)
        return parsing.run(workdir, sizes=sizes), parsing.NOTES
    if name == "publish":
        from tests.bench import publish

        sizes = (100, 1000) if quick else (100, 1000, 10000)
        return publish.run(workdir, sizes=sizes)
    if name == "e2e":
        from tests.bench import e2e

        return e2e.run(workdir, n=2000 if quick else 10000), e2e.NOTES
    if name == "headline":
        from tests.bench import headline

        return headline.run(workdir, n=4000 if quick else 20000), headline.NOTES
    raise ValueError("unknown section %s" % name)
