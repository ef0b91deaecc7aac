"""The batch benchmark: newsexport against a naive baseline, on generated wire articles.

    python -m bench.run                  # 1k and 10k articles
    python -m bench.run 1000 10000 100000

For each size it generates the corpus once (bench/corpus/<size>/, kept for reruns) and
measures, each in a fresh child process so that peak memory is per measurement:

- baseline: per article, our reader (with validation), a schema.org dict, rdflib
  ``Graph().parse(format="json-ld")`` + ``serialize(format="turtle")``, and an lxml
  NewsML-shaped element; on one core;
- reader + validation alone: the baseline's first step, which every pipeline pays, so
  the baseline's time divided by it is the most any pipeline can beat the baseline by;
- each format alone: its writer's render (or feed) on the first SAMPLE parsed records;
- all formats + validation, in memory: read, validate and render every format for every
  article (documents, bundle items, feeds), no files, on one core: the target's measure;
- ``publish`` (read, validate, every format, every file, bundles, feeds, manifest) with
  --jobs 1, then --jobs 2;
- the machine: how much faster two processes run pure Python than one (the ceiling of
  any --jobs 2 speed-up; shared or throttled vCPUs give less than 2);
- peak RSS (``resource.getrusage``: the largest process, main or worker).

It prints one table per size, then how peak memory grows from the smallest size to the
largest; no number here is asserted by the test suite.

Then, per size, the same work side by side (issue 16's targets), on variants of the seed
(bench/corpus/seed-<size>/, the layout the peer parses), each a whole process timed from
outside (wall and CPU time and peak RSS from wait4), best of two rounds run in turn
(peer, --jobs 1, --jobs 2, peer, ...):

- the same-work peer, ``../shared/bench/peer_samework.py`` (rdflib, lxml, json, feedgen:
  every format publish writes, one file per document; needs the ``bench`` extra);
- ``newsexport publish --jobs 1`` and ``--jobs 2`` of the same inputs;
- a rerun with nothing changed, against the full run;
- ``newsexport load`` of the published ``nquads/all.nq`` into an embedded store, against
  ``pyoxigraph.Store.bulk_load`` of the same file.

    python -m bench.run --same-work 4000 100000   # only the side-by-side runs
    TMPDIR=/dev/shm python -m bench.run --same-work 10000   # outputs in memory (tmpfs)

Every side-by-side run starts on a quiet disk: creating a file on this machine's ext4
costs 20x more for minutes after many files were removed (bench/disk.py says why), so no
run's output is removed before the next while there is room, and each run waits until a
probe creates files at the disk's normal speed; the table prints what the probe measured.
"""

from __future__ import annotations

import importlib.util
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from . import disk
from .corpus import ROOT

if TYPE_CHECKING:
    from exporter.writers import Format

BENCH = Path(__file__).resolve().parent
SAMPLE = 1000  # records the per-format rates are measured on
ROUNDS = 3  # of the machine's two-process measurement


def _records(corpus: Path, limit: int | None = None) -> list[dict]:
    from exporter.pipeline import read_all
    from exporter.settings import Settings

    records: list[dict] = []
    for outcome in read_all([str(corpus)], Settings()):
        records += outcome.records
        if limit and len(records) >= limit:
            break
    return records[:limit]


def _peak_mib() -> float:
    """The largest resident set of this process or any child it waited for, in MiB."""
    return max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
               resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def _one_core() -> None:
    """Run this measurement on one CPU (where the system can pin a process)."""
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})


def baseline(corpus: Path) -> dict:
    """The naive way: rdflib's JSON-LD parser and Turtle serializer, lxml, per article."""
    import rdflib
    from lxml import etree

    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.settings import Settings

    _one_core()
    settings, count = Settings(), 0
    started = time.perf_counter()
    for item in discover([str(corpus)]):
        for record in read_input(item, settings).records:
            doc = {"@context": {"@vocab": "https://schema.org/"}, "@id": record["iri"],
                   "@type": "NewsArticle", "headline": record["headline"],
                   "datePublished": record["date_published"],
                   "description": "\n\n".join(record["summary"]),
                   "articleBody": "\n\n".join(record["body"]),
                   "inLanguage": record["language"], "wordCount": record["word_count"],
                   "author": [{"@id": a["iri"], "@type": "Person", "name": a["name"]}
                              for a in record["authors"]],
                   "sourceOrganization": {"@id": record["source"]["iri"], "name":
                                          record["source"]["name"]} if record["source"] else None,
                   "image": [{"@id": i["iri"], "@type": "ImageObject", "caption": i["caption"]}
                             for i in record["images"]]}
            graph = rdflib.Graph().parse(data=json.dumps(doc), format="json-ld")
            graph.serialize(format="turtle")
            item_element = etree.Element("newsItem", guid=record["iri"])
            etree.SubElement(item_element, "headline").text = record["headline"]
            content = etree.SubElement(item_element, "body")
            for paragraph in record["body"]:
                etree.SubElement(content, "p").text = paragraph
            etree.tostring(item_element)
            count += 1
    return {"articles": count, "seconds": time.perf_counter() - started, "rss": _peak_mib()}


def reader(corpus: Path) -> dict:
    """Our reader and the schema validation alone: the baseline's floor, on one core."""
    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.settings import Settings

    _one_core()
    settings, count = Settings(), 0
    started = time.perf_counter()
    for item in discover([str(corpus)]):
        count += len(read_input(item, settings).records)
    return {"articles": count, "seconds": time.perf_counter() - started, "rss": _peak_mib()}


def in_memory(corpus: Path) -> dict:
    """Read, validate and render every format for every article, no files, on one core:
    each article's documents and bundle items as ``publish``'s workers make them, and
    every record through every feed writer at once, as ``publish`` assembles them (a
    feed's bytes go to /dev/null)."""
    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.publishing.assemble import broadcast
    from exporter.publishing.work import render
    from exporter.settings import Settings
    from exporter.writers import parse_list

    _one_core()
    warnings.simplefilter("ignore")
    settings, chosen, count = Settings(), tuple(parse_list("all")), 0

    def records() -> Iterator[dict]:
        nonlocal count
        for item in discover([str(corpus)]):
            for record in read_input(item, settings).records:
                render(record, chosen, settings)
                count += 1
                yield record

    def feed(fmt: Format) -> Callable[[Iterable[dict]], None]:
        def write(batch: Iterable[dict]) -> None:
            with open(os.devnull, "wb") as sink:
                fmt.write_feed(batch, settings, sink)
        return write

    started = time.perf_counter()
    broadcast(records(), [feed(f) for f in chosen if f.feed])
    return {"articles": count, "seconds": time.perf_counter() - started, "rss": _peak_mib()}


def formats(corpus: Path) -> dict:
    """Each format's own rate (render, bundle item, or feed) on the first SAMPLE records."""
    from exporter.settings import Settings
    from exporter.writers import parse_list

    records, settings, rates = _records(corpus, SAMPLE), Settings(), {}
    warnings.simplefilter("ignore")
    for fmt in parse_list("all"):
        started = time.perf_counter()
        if fmt.render:
            for record in records:
                fmt.render(record, settings)
        else:
            with open(os.devnull, "wb") as sink:
                fmt.write_feed(records, settings, sink)
        rates[fmt.name] = len(records) / (time.perf_counter() - started)
    return {"rates": rates, "rss": _peak_mib()}


def publish(corpus: Path, jobs: int) -> dict:
    """``newsexport publish`` in this process, into a fresh folder removed afterwards."""
    from exporter.publishing import Plan, run
    from exporter.settings import Settings
    from exporter.writers import parse_list

    class Quiet:
        def error(self, line: str) -> None: ...
        def warning(self, message: str) -> None: ...
        def advance(self) -> None: ...

    os.sync()  # start on a quiet disk: the last measurement's files are written back first
    out = Path(tempfile.mkdtemp(prefix="newsexport-bench-"))
    try:
        summary = run([str(corpus)], Plan(out / "out", tuple(parse_list("all")), Settings(),
                                          jobs), Quiet())
        peak = _peak_mib()  # before the clean-up: listing 100k files is not publish's memory
    finally:
        shutil.rmtree(out)
        os.sync()  # and leave one: removing a million files is metadata to write back
    return {"articles": summary.articles, "seconds": summary.seconds, "rss": peak}


def _spin(_: int) -> float:
    started = time.perf_counter()
    total = 0
    for n in range(20_000_000):
        total += n
    return time.perf_counter() - started


def machine(_corpus: Path) -> dict:
    """How much faster two processes do pure Python work than one, on this machine: the
    ceiling of any --jobs 2 speed-up (shared or throttled vCPUs give less than 2). The
    best of a few rounds each, as a busy neighbour only ever slows a round down."""
    from concurrent.futures import ProcessPoolExecutor

    one, two = float("inf"), float("inf")
    with ProcessPoolExecutor(2) as pool:
        for _ in range(ROUNDS):
            one = min(one, pool.submit(_spin, 0).result())
            started = time.perf_counter()
            list(pool.map(_spin, range(2)))
            two = min(two, time.perf_counter() - started)
    return {"scaling": 2 * one / two}


MEASURES = {"machine": machine, "baseline": baseline, "reader": reader, "formats": formats,
            "memory": in_memory, "publish1": lambda c: publish(c, 1),
            "publish2": lambda c: publish(c, 2)}


def measure(name: str, corpus: Path) -> dict:
    """One measurement in a fresh interpreter (its own peak RSS)."""
    child = subprocess.run([sys.executable, "-m", "bench.run", "--measure", name, str(corpus)],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(child.stdout)


def corpus_of(size: int) -> Path:
    """The corpus of `size` articles, generated in a child process: this process must stay
    small, as Linux counts the peak RSS of a process it starts from the moment it forks."""
    path = BENCH / "corpus" / str(size)
    if not (path / "done").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "bench.corpus", str(size), str(path)], cwd=ROOT,
                       check=True, stdout=subprocess.DEVNULL)
        (path / "done").write_text("")
    return path


def _rate(result: dict) -> float:
    return result["articles"] / result["seconds"]


def table(size: int, results: dict[str, dict]) -> str:
    base, read = _rate(results["baseline"]), _rate(results["reader"])
    memory = _rate(results["memory"])
    one, two = _rate(results["publish1"]), _rate(results["publish2"])

    def row(label: str, rate: float, rss: float | None = None) -> str:
        return f"| {label} | {rate:,.0f} | {rate / base:.2f}x | " + \
            (f"{rss:.0f} |" if rss is not None else "- |")

    lines = [f"### {size:,} articles", "",
             "| measure | articles/s | vs baseline | peak RSS (MiB) |", "|---|---|---|---|",
             row("naive baseline (our reader + rdflib JSON-LD -> Turtle, lxml), 1 core", base,
                 results["baseline"]["rss"]),
             row("reader + validation alone (the baseline's first step), 1 core", read,
                 results["reader"]["rss"])]
    lines += [row(f"{name} alone (writer only)", rate)
              for name, rate in results["formats"]["rates"].items()]
    lines += [row("**all formats + validation, in memory, 1 core**", memory,
                  results["memory"]["rss"]),
              row("publish --jobs 1 (all formats + validation + files)", one,
                  results["publish1"]["rss"]),
              row("publish --jobs 2", two, results["publish2"]["rss"]), "",
              f"reader + validation: {1000 / read:.2f} ms of the baseline's {1000 / base:.2f} ms "
              f"per article, so no pipeline that reads and validates can beat the baseline by "
              f"more than {read / base:.2f}x; all formats in memory spend "
              f"{1000 / memory - 1000 / read:.2f} ms per article after reading.",
              f"--jobs 2 speed-up over --jobs 1: {two / one:.2f}x (this machine runs two "
              f"processes {results['machine']['scaling']:.2f}x as fast as one)", ""]
    return "\n".join(lines)


PEER = ROOT.parent / "shared" / "bench" / "peer_samework.py"
ROUNDS_SIDE_BY_SIDE = 2  # of each whole-process run; the best counts


def seed_corpus_of(size: int) -> Path:
    """`size` variants of the seed in one folder (the peer's input), generated once."""
    path = BENCH / "corpus" / f"seed-{size}"
    if not (path / "done").exists():
        shutil.rmtree(path, ignore_errors=True)
        subprocess.run([sys.executable, "-m", "bench.corpus", "--seed-layout", str(size),
                        str(path / "in")], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        (path / "done").write_text("")
    return path / "in"


def process(command: list[str], allowed: tuple[int, ...] = (0,)) -> dict:
    """One whole process: wall and CPU seconds, peak RSS (MiB), from outside (wait4);
    `allowed`: its exit codes that mean it did the work (publish exits 1 when it refused
    some inputs, as for the seed variants whose stories carry text encoded twice)."""
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
    _pid, status, usage = os.wait4(child.pid, 0)
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode not in allowed:
        raise RuntimeError(f"{' '.join(command)} exited with {child.returncode}")
    return {"wall": time.perf_counter() - started, "cpu": usage.ru_utime + usage.ru_stime,
            "rss": usage.ru_maxrss / 1024}


def _best(runs: list[dict]) -> dict:
    return {key: min(run[key] for run in runs) for key in runs[0]}


_BULK_LOAD = """import sys, pyoxigraph
pyoxigraph.Store(sys.argv[1]).bulk_load(path=sys.argv[2], format=pyoxigraph.RdfFormat.N_QUADS)
"""


def side_by_side(size: int) -> dict[str, dict]:
    """The peer, publish --jobs 1 and 2, a rerun, load and bulk_load, on `size` seed variants.

    Each run starts on a quiet disk (bench.disk.settle: no run pays for the deletions of the
    one before) and its output is kept until the end while the disk has room for the rest."""
    corpus = seed_corpus_of(size)
    newsexport = [sys.executable, "-m", "exporter"]
    runs: dict[str, list[dict]] = {name: [] for name in ("peer", "publish1", "publish2",
                                                         "rerun", "load", "bulk_load")}
    root = Path(tempfile.mkdtemp(prefix="newsexport-bench-"))
    probes: list[float] = []
    try:
        for round_ in range(ROUNDS_SIDE_BY_SIDE):
            for name, jobs in (("peer", 0), ("publish1", 1), ("publish2", 2)):
                out = root / f"{name}-{round_}"
                os.sync()  # the last run's files are written back first
                probe = disk.settle(root)
                command = [sys.executable, str(PEER), str(corpus), str(out / "out")] \
                    if not jobs else [*newsexport, "publish", str(corpus), "-o",
                                      str(out / "out"), "--jobs", str(jobs), "-q"]
                probes.append(probe)
                # The output's size from the free space, not a walk: walking a million files
                # grows this process, whose peak a child's exec inherits (and wait4 reports).
                free = shutil.disk_usage(root).free
                runs[name].append(process(command, (0, 1) if jobs else (0,)))
                if name == "publish1":
                    runs["rerun"].append(process(command, (0, 1)))
                    bundle = str(out / "out" / "nquads" / "all.nq")
                    runs["load"].append(process([*newsexport, "load", bundle, "--store",
                                                 str(out / "store")]))
                    runs["bulk_load"].append(process([sys.executable, "-c", _BULK_LOAD,
                                                      str(out / "bulk"), bundle]))
                left = shutil.disk_usage(root).free
                if left < 4 * (free - left) + 2**31:
                    shutil.rmtree(out)  # the next run's settle waits for this to age
    finally:
        shutil.rmtree(root)
    return {**{name: _best(result) for name, result in runs.items()},
            "disk": {"folder": str(root.parent), "fastest": min(probes), "slowest": max(probes)}}


def side_by_side_table(size: int, best: dict[str, dict]) -> str:
    peer, one, two = best["peer"], best["publish1"], best["publish2"]

    def ratio(key: str, slow: dict, fast: dict) -> str:
        return f"{slow[key] / fast[key]:.2f}x"

    lines = [f"### the same work, {size:,} seed variants (whole processes, best of "
             f"{ROUNDS_SIDE_BY_SIDE})", "",
             "| run | wall s | CPU s | peak RSS MiB |", "|---|---|---|---|"]
    lines += [f"| {label} | {best[name]['wall']:.2f} | {best[name]['cpu']:.2f} | "
              f"{best[name]['rss']:.0f} |" for name, label in (
                  ("peer", "same-work peer"), ("publish1", "publish --jobs 1"),
                  ("publish2", "publish --jobs 2"), ("rerun", "publish rerun, nothing changed"),
                  ("load", "load nquads/all.nq"), ("bulk_load", "pyoxigraph bulk_load"))]
    lines += ["", "| target | wall | CPU |", "|---|---|---|",
              f"| publish --jobs 1 vs the peer (>= 5x) | {ratio('wall', peer, one)} | "
              f"{ratio('cpu', peer, one)} |",
              f"| --jobs 2 vs --jobs 1 (>= 1.8x) | {ratio('wall', one, two)} | "
              f"{ratio('cpu', one, two)} (CPU: total of both processes) |",
              f"| rerun / full run (<= 5 %) | {best['rerun']['wall'] / one['wall']:.1%} | "
              f"{best['rerun']['cpu'] / one['cpu']:.1%} |",
              f"| load vs bulk_load (>= 0.50x) | {ratio('wall', best['bulk_load'], best['load'])}"
              f" | {ratio('cpu', best['bulk_load'], best['load'])} |", "",
              f"Creating one 8 KiB file in {best['disk']['folder']} took "
              f"{best['disk']['fastest']:.0f}-{best['disk']['slowest']:.0f} µs before the runs "
              "(python -m bench.disk; TMPDIR chooses the folder).", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if argv[:1] in (["-h"], ["--help"]):
        print(__doc__)
        return
    if argv[:1] == ["--measure"]:
        print(json.dumps(MEASURES[argv[1]](Path(argv[2]))))
        return
    same_work_only = argv[:1] == ["--same-work"]
    sizes = [int(a) for a in argv[same_work_only:]] or [1000, 10000]
    peaks: dict[int, dict[str, float]] = {}
    for size in sizes:
        if not same_work_only:
            corpus = corpus_of(size)
            results = {name: measure(name, corpus) for name in MEASURES}
            peaks[size] = {name: results[name]["rss"]
                           for name in ("memory", "publish1", "publish2")}
            print(table(size, results), flush=True)
        if not PEER.is_file() or importlib.util.find_spec("feedgen") is None:
            print(f"(the side-by-side runs need the peer, {PEER}, and feedgen: "
                  "pip install -e '.[bench]')")
            continue
        best = side_by_side(size)
        peaks.setdefault(size, {})["publish1 (whole process)"] = best["publish1"]["rss"]
        print(side_by_side_table(size, best), flush=True)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        growth = ", ".join(f"{name} {peaks[large][name] / peaks[small][name]:.2f}x"
                           for name in peaks[small])
        print(f"peak RSS at {large:,} articles / at {small:,}: {growth}")


if __name__ == "__main__":
    main(sys.argv[1:])
