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
"""

from __future__ import annotations

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


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        print(json.dumps(MEASURES[argv[1]](Path(argv[2]))))
        return
    sizes = [int(a) for a in argv] or [1000, 10000]
    peaks: dict[int, dict[str, float]] = {}
    for size in sizes:
        corpus = corpus_of(size)
        results = {name: measure(name, corpus) for name in MEASURES}
        peaks[size] = {name: results[name]["rss"] for name in ("memory", "publish1", "publish2")}
        print(table(size, results), flush=True)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        growth = ", ".join(f"{name} {peaks[large][name] / peaks[small][name]:.2f}x"
                           for name in peaks[small])
        print(f"peak RSS at {large:,} articles / at {small:,}: {growth}")


if __name__ == "__main__":
    main(sys.argv[1:])
