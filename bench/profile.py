"""Where publish's time goes, per article: CPU µs of each stage, and of the same-work peer's.

    python -m bench.corpus --seed-layout 1000 bench/corpus/seed-1000/in  # (bench.run makes it)
    python -m bench.profile bench/corpus/seed-1000/in          # publish --jobs 1, by stage
    python -m bench.profile --peer bench/corpus/seed-1000/in   # ../shared/bench's peer, by step
    python -m bench.profile --jobs 2 bench/corpus/seed-4000/in  # the main process's share

CPU time (user + system, ``time.process_time``), not wall time: on a shared machine it
moves much less with the load. Each stage is timed by wrapping the function that does
it, so a stage's time includes what it calls (a nested stage is not subtracted); "rest"
is the run's CPU less the stages. With ``--jobs N`` the table is the main process's
alone (placing, journal, bundles and feeds: the serial part that caps N workers), the
workers' CPU printed below it. Start-up (imports, the gazetteer and date-parser
tables a first article loads) is in its own row, not spread over the articles.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import pathlib
import shutil
import sys
import tempfile
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .corpus import ROOT

PEER = ROOT.parent / "shared" / "bench" / "peer_samework.py"
spent: defaultdict[str, float] = defaultdict(float)
_stack: list[list[Any]] = []  # [stage, CPU seconds of the stages it ran] of each running stage


def timed(stage: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """`function`, its CPU time added to `stage`, less that of the stages it runs (each
    second counts once)."""
    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        _stack.append([stage, 0.0])
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            elapsed = time.process_time() - started
            spent[stage] += elapsed - _stack.pop()[1]
            if _stack:
                _stack[-1][1] += elapsed
    return wrapper


def _publish_stages() -> None:
    """Wrap the functions of each publish stage (formats: their render and bundle item)."""
    import exporter.publishing as publishing
    from exporter.writers import MODULES, get

    work = sys.modules["exporter.publishing.work"]
    work.read_input = timed("read + validate", work.read_input)
    for name in MODULES:
        fmt = get(name)
        if fmt.render:
            object.__setattr__(fmt, "render", timed(f"render {name}", fmt.render))
        if getattr(fmt, "render_entry", None):  # the document and its batch entry at once
            object.__setattr__(fmt, "render_entry", timed(f"render {name}", fmt.render_entry))
        if fmt.bundle and fmt.bundle.item is not getattr(fmt.render, "__wrapped__", None):
            object.__setattr__(fmt.bundle, "item", timed(f"bundle item {name}", fmt.bundle.item))
        elif fmt.bundle:
            object.__setattr__(fmt.bundle, "item", fmt.render)
    if hasattr(work, "write_private"):
        work.write_private = timed("write files (worker)", work.write_private)
    else:  # before it had write_private
        pathlib.Path.write_bytes = timed("write files (worker)", pathlib.Path.write_bytes)
    work.write_part = timed("write part files", work.write_part)
    publishing._Run._place = timed("place files, journal (main)", publishing._Run._place)
    publishing.assemble = timed("bundles + feeds", publishing.assemble)


def _warm_up(corpus: Path) -> None:
    """Read one input first: the tables a first article loads are start-up, not per article."""
    from exporter.inputs import discover
    from exporter.pipeline import read_input
    from exporter.settings import Settings

    read_input(next(iter(discover([str(corpus)]))), Settings())
    # Tables a later article may load for the first time: the gazetteer's other names (a
    # dateline place not found by its own name) and dateparser's languages (a date in
    # another language's form), once per process: start-up too (read from the table cache
    # in milliseconds, or built in a second; the few languages that could read the span).
    from exporter.linking.gazetteer import load
    from exporter.readers.wire.stamps import _foreign_day

    load().by_alias  # noqa: B018 - built on first use
    _foreign_day("27. The 1965")  # read by no language: each one's tables are loaded


def publish(corpus: Path, jobs: int = 1) -> tuple[int, float, float]:
    """(articles, run CPU seconds, CPU seconds before the run: start-up) of ``publish --jobs
    N`` of `corpus`, stages timed (with several jobs, the main process's CPU and stages)."""
    from exporter.publishing import Plan, run
    from exporter.settings import Settings
    from exporter.writers import parse_list

    class Quiet:
        def error(self, line: str) -> None: ...
        def warning(self, message: str) -> None: ...
        def advance(self) -> None: ...

    _warm_up(corpus)
    _publish_stages()
    out = Path(tempfile.mkdtemp(prefix="newsexport-profile-"))
    try:
        started = time.process_time()
        summary = run([str(corpus)], Plan(out / "out", tuple(parse_list("all")), Settings(),
                                          jobs=jobs), Quiet())
        return summary.articles, time.process_time() - started, started
    finally:
        shutil.rmtree(out)


def peer(corpus: Path) -> tuple[int, float, float]:
    """(articles, run CPU seconds, start-up CPU seconds) of the same-work peer on `corpus`,
    its steps timed."""
    import json

    import rdflib
    from feedgen.feed import FeedGenerator
    from lxml import etree

    spec = importlib.util.spec_from_file_location("peer_samework", PEER)
    assert spec and spec.loader, f"no peer at {PEER}"
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name in ("parse", "jsonld", "newsml_item", "ninjs"):
        setattr(module, name, timed(f"build {name}", getattr(module, name)))
    module.write = timed("write files", module.write)

    def by_format(method: Callable[..., Any], what: str) -> Callable[..., Any]:
        return lambda self, *a, **k: timed(f"{what} {k.get('format', '')}".strip(), method)(
            self, *a, **k)

    rdflib.Graph.parse = by_format(rdflib.Graph.parse, "rdflib parse")
    rdflib.Graph.serialize = by_format(rdflib.Graph.serialize, "rdflib serialize")
    module.json = type("json", (), {"dumps": staticmethod(timed("json dumps", json.dumps))})
    module.etree = type("etree", (), {
        "Element": etree.Element, "SubElement": etree.SubElement,
        "tostring": staticmethod(timed("lxml tostring", etree.tostring))})
    FeedGenerator.atom_str = timed("feedgen", FeedGenerator.atom_str)
    FeedGenerator.rss_str = timed("feedgen", FeedGenerator.rss_str)
    out = Path(tempfile.mkdtemp(prefix="newsexport-profile-peer-"))
    argv = sys.argv
    try:
        sys.argv = ["peer", str(corpus), str(out)]
        started = time.process_time()
        module.main()
        return len(list(corpus.glob("*.txt"))), time.process_time() - started, started
    finally:
        sys.argv = argv
        shutil.rmtree(out)


def table(title: str, articles: int, seconds: float, startup: float) -> str:
    """The stages' CPU per article; start-up is what the process spent before the run (not
    the output's removal after it)."""
    rows = [*sorted(spent.items(), key=lambda item: -item[1]),
            ("rest", seconds - sum(spent.values()))]
    lines = [f"{title}: {articles:,} articles, {seconds * 1e6 / articles:,.0f} µs CPU per "
             f"article (user + system), start-up {startup:.2f} s "
             "besides", "", "| stage | µs per article | share |", "|---|---|---|"]
    lines += [f"| {stage} | {s * 1e6 / articles:,.0f} | {s / seconds:.0%} |"
              for stage, s in rows]
    return "\n".join(lines)


def main(argv: list[str]) -> None:
    use_peer = "--peer" in argv
    jobs = int(argv[argv.index("--jobs") + 1]) if "--jobs" in argv else 1
    corpus = Path(argv[-1])
    warnings.simplefilter("ignore")
    articles, seconds, startup = peer(corpus) if use_peer else publish(corpus, jobs)
    times = os.times()
    title = "same-work peer" if use_peer else f"publish --jobs {jobs}" + \
        (", main process" if jobs > 1 else "")
    print(table(title, articles, seconds, startup))
    print(f"\nprocess: user {times.user:.2f} s, system {times.system:.2f} s")
    if jobs > 1:
        workers = times.children_user + times.children_system
        print(f"workers: {workers:.2f} s, {workers * 1e6 / articles:,.0f} µs per article")


if __name__ == "__main__":
    main(sys.argv[1:])
