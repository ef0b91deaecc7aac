"""The batch benchmark: newsexport against a naive baseline, on generated wire articles.

    python -m bench.run                  # 1k and 10k articles
    python -m bench.run 1000 10000 100000

For each size it generates the corpus once (bench/corpus/<size>/, kept for reruns) and
measures, each in a fresh child process so that peak memory is per measurement:

- baseline: per article, our reader, a schema.org dict, rdflib ``Graph().parse(format=
  "json-ld")`` + ``serialize(format="turtle")``, and an lxml NewsML-shaped element;
- each format alone: its writer's render (or bundle item / feed) on parsed records;
- all formats + validation: ``publish`` (read, validate, every format, every file,
  bundles, feeds, manifest) with --jobs 1, then --jobs 2;
- peak RSS (``resource.getrusage``: the largest process, main or worker).

It prints one table per size; no number here is asserted by the test suite.
"""

from __future__ import annotations

import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

from .corpus import ROOT, generate

BENCH = Path(__file__).resolve().parent
SAMPLE = 1000  # records the per-format rates are measured on


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


def baseline(corpus: Path) -> dict:
    """The naive way: rdflib's JSON-LD parser and Turtle serializer, lxml, per article."""
    import rdflib
    from lxml import etree

    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.settings import Settings

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
            fmt.feed(records, settings)
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

    out = Path(tempfile.mkdtemp(prefix="newsexport-bench-"))
    try:
        summary = run([str(corpus)], Plan(out / "out", tuple(parse_list("all")), Settings(),
                                          jobs), Quiet())
    finally:
        shutil.rmtree(out)
    return {"articles": summary.articles, "seconds": summary.seconds, "rss": _peak_mib()}


def _spin(_: int) -> float:
    started = time.perf_counter()
    total = 0
    for n in range(20_000_000):
        total += n
    return time.perf_counter() - started


def machine(_corpus: Path) -> dict:
    """How much faster two processes do pure Python work than one, on this machine: the
    ceiling of any --jobs 2 speed-up (shared or throttled vCPUs give less than 2)."""
    from concurrent.futures import ProcessPoolExecutor

    one = _spin(0)
    with ProcessPoolExecutor(2) as pool:
        started = time.perf_counter()
        list(pool.map(_spin, range(2)))
        two = time.perf_counter() - started
    return {"scaling": 2 * one / two}


MEASURES = {"machine": machine, "baseline": baseline, "formats": formats,
            "publish1": lambda c: publish(c, 1), "publish2": lambda c: publish(c, 2)}


def measure(name: str, corpus: Path) -> dict:
    """One measurement in a fresh interpreter (its own peak RSS)."""
    child = subprocess.run([sys.executable, "-m", "bench.run", "--measure", name, str(corpus)],
                           cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(child.stdout)


def corpus_of(size: int) -> Path:
    path = BENCH / "corpus" / str(size)
    if not (path / "done").exists():
        shutil.rmtree(path, ignore_errors=True)
        shared = ROOT.parent / "shared"
        generate(size, path, shared if shared.is_dir() else None)
        (path / "done").write_text("")
    return path


def table(size: int, results: dict[str, dict]) -> str:
    base = results["baseline"]["articles"] / results["baseline"]["seconds"]
    one = results["publish1"]["articles"] / results["publish1"]["seconds"]
    two = results["publish2"]["articles"] / results["publish2"]["seconds"]
    lines = [f"### {size:,} articles", "", "| measure | articles/s | vs baseline |",
             "|---|---|---|",
             f"| naive baseline (rdflib JSON-LD -> Turtle, lxml) | {base:,.0f} | 1.00x |"]
    for name, rate in results["formats"]["rates"].items():
        lines.append(f"| {name} alone (writer only) | {rate:,.0f} | {rate / base:.2f}x |")
    lines += [f"| all formats + validation, publish --jobs 1 | {one:,.0f} | {one / base:.2f}x |",
              f"| all formats + validation, publish --jobs 2 | {two:,.0f} | {two / base:.2f}x |",
              "", f"--jobs 2 speed-up over --jobs 1: {two / one:.2f}x (this machine runs two "
              f"processes {results['machine']['scaling']:.2f}x as fast as one)",
              f"peak RSS: publish --jobs 1 {results['publish1']['rss']:.0f} MiB, --jobs 2 "
              f"{results['publish2']['rss']:.0f} MiB (largest process), baseline "
              f"{results['baseline']['rss']:.0f} MiB", ""]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    if argv[:1] == ["--measure"]:
        print(json.dumps(MEASURES[argv[1]](Path(argv[2]))))
        return
    sizes = [int(a) for a in argv] or [1000, 10000]
    peaks = {}
    for size in sizes:
        corpus = corpus_of(size)
        results = {name: measure(name, corpus) for name in MEASURES}
        peaks[size] = results["publish1"]["rss"]
        print(table(size, results), flush=True)
    if len(peaks) > 1:
        small, large = min(peaks), max(peaks)
        print(f"peak RSS of publish --jobs 1 at {large:,} / at {small:,}: "
              f"{peaks[large] / peaks[small]:.2f}x")


if __name__ == "__main__":
    main(sys.argv[1:])
