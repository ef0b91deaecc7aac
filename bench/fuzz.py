"""Fuzz every reader through the entry point the CLI uses, then every writer on what it read.

    python -m bench.fuzz --minutes 10                 # every target, in turn, for 10 minutes
    python -m bench.fuzz --minutes 2 --target ninjs   # one target
    python -m bench.fuzz --examples 50 --seed 1       # a fixed number, reproducibly

Targets: ``wire`` (wire text), ``newsml``, ``ninjs`` (JSON and JSON Lines), ``records``
(JSON Lines), ``reuters`` (SGML), and ``any``: bytes made from pieces of every format
(HTML included) under every file name, so whatever reader the sniffers choose (an HTML
reader too, where there is one) is fuzzed. Inputs are real documents (the repository's
seed and golden files) mutated by hypothesis: hostile pieces inserted (control characters,
U+2028, brackets, "%", "#", tags, deep nesting, long runs of spaces, huge numbers), spans
deleted or repeated; for JSON, values replaced at any place. Each input goes through
:func:`exporter.pipeline.read_input`, and each record through every writer. It fails on:

- an internal error, or a record the readers built invalid (the only two messages that
  ask the user to report a bug), or any exception out of a writer but an InputError;
- RDF that Oxigraph refuses, or XML that lxml refuses;
- a hang: one input taking longer than --hang seconds plus 1/200 of that for each
  article or error row it gives (reading, then writing every format and parsing it back): an
  input repeating a story 2,000 times is 2,000 articles of work, not a hang, but a reader
  slower than linear in what it reads still fails;
- a good record lost: the targets with several articles per input (records, ninjs JSON
  Lines, Reuters) put the mutated one between two good ones, which must both come out
  (unless the file as a whole is refused as not being text: not UTF-8, binary, encoded
  twice, a line of a million characters).

A failure prints the smallest input hypothesis found and exits 1.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import re
import signal
import sys
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from hypothesis import HealthCheck, Phase, given, seed, settings
from hypothesis import strategies as st
from lxml import etree

from exporter import writers
from exporter.errors import InputError
from exporter.inputs import Input
from exporter.pipeline import read_input
from exporter.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT / "seeds" / "000_5e049a17b6f076d8.txt"
SETTINGS = Settings()
HANG_SECONDS = 10.0
# A reading stopped at BACKSTOP x --hang is a hang whatever it would have given.
BACKSTOP = 20
# Each article or error row an input gives adds this share of --hang to its budget: 50 ms at
# the default, about 20x what reading and writing one article costs on a loaded 2-core machine.
PER_ARTICLE = 1 / 200
BUGS = ("internal error", "the reader built an invalid record")
# Refusals of a whole file, good articles and all: its bytes are not text as a whole.
WHOLE_FILE = ("not UTF-8", "invalid UTF-16", "binary file", "UTF-8 twice", "characters long")
RDF = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
       "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
       "rdfxml": ox.RdfFormat.RDF_XML}
XML = ("newsml",)

# What broke the readers and writers before, and what is known to break parsers.
PIECES = ["\x0b", "\x00", "\x1f", "\x85", "\u2028", "\u2029", "\ufeff", "\ufffe", "\U0010ffff",
          "\ud7ff", "\U0001f600", "é", "中国", "]", "[", "#", "%", "%zz", "%4", "\\", '"', "'",
          "<", ">", "&", "&#2;", "&#x0;", "&amp;", "&bogus;", "{", "}", "[[[[", "]]]]", ":",
          " ", "\t", "\r", "\r\n", "\n", "\n\n", "    ", "-- ", ", ", "(Xinhua) --",
          "By ", " and ", "Reuter", "<TITLE>", "</TITLE>", "<BODY>", "</BODY>", "<DATE>",
          '<REUTERS NEWID="7">', '<REUTERS NEWID="x y">', "</REUTERS>", "<REUTERS ",
          "0000-01-01", "0001-01-01T00:00:00+08:00", "9999-12-31T23:59:59-12:00",
          "2021-02-30", "January 1, 0001", "Feb 29", "09:19", "GMT+8", "1e308", "NaN",
          "-1", "9" * 400, "http://[::1/", "https://x/#a#", "https://x/a]b", "file:///etc",
          "<!DOCTYPE html>", "<html><body>", "<p>", "</p>", "<span class=\"dateline\">",
          "<!ENTITY x 'y'>", "<![CDATA[", "]]>", "<!--", "-->", "<?xml version='1.0'?>"]
REPEATS = [1, 1, 1, 2, 3, 50, 2000]
NAMES = ["story.txt", "story.xml", "story.json", "story.jsonl", "reut2-000.sgm", "page.html",
         "story"]


def hostile_text() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(PIECES),
                     st.builds(lambda p, n: p * n, st.sampled_from(PIECES),
                               st.sampled_from(REPEATS)),
                     st.text(max_size=30))


@st.composite
def mutated(draw: st.DrawFn, base: str) -> str:
    """`base` with a few pieces inserted, spans deleted or repeated."""
    text = base
    for _ in range(draw(st.integers(1, 5))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["insert", "insert", "delete", "repeat"]))
        if kind == "insert":
            text = text[:at] + draw(hostile_text()) + text[at:]
        else:
            end = min(len(text), at + draw(st.integers(1, 200)))
            times = draw(st.sampled_from(REPEATS)) if kind == "repeat" else 0
            text = text[:at] + text[at:end] * times + text[end:]
    return text


def hostile_json() -> st.SearchStrategy[Any]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), hostile_text(),
                        st.floats(allow_nan=False), st.sampled_from([1e308, 10 ** 40, -0.0]))
    return st.recursive(scalars, lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(
            ["value", "role", "name", "uri", "href", "contenttype", "type", "version",
             "literal", "qcode", "@id"]), inner, max_size=3)), max_leaves=8)


def _paths(value: Any, where: tuple = ()) -> list[tuple]:
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    found = [where]
    for key, item in items:
        found += _paths(item, (*where, key))
    return found


@st.composite
def json_mutated(draw: st.DrawFn, document: dict) -> dict:
    """`document` with values replaced (or keys removed) at a few places anywhere in it."""
    changed = copy.deepcopy(document)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(_paths(changed)[1:] or [("extra",)]))
        parent = changed
        for key in path[:-1]:
            parent = parent[key]
        if isinstance(parent, dict) and draw(st.booleans()) and draw(st.booleans()):
            parent.pop(path[-1], None)
        else:
            parent[path[-1]] = draw(hostile_json())
    return changed


@dataclass(frozen=True)
class Case:
    """One input: its bytes and name, and the headlines of good articles it must yield."""

    data: bytes
    name: str
    keep: tuple[str, ...] = ()


def _golden(name: str) -> str:
    return (GOLDEN / name).read_text(encoding="utf-8")


def _record(n: int) -> dict:
    record = json.loads(_golden("seed.record.json"))
    record.update(id=f"{n:016x}", iri=f"{SETTINGS.base_uri}article/{n:016x}",
                  headline=f"Good article number {n}")
    return record


def _ninjs(n: int) -> dict:
    document = json.loads(_golden("seed.ninjs.json"))
    document.update(uri=f"urn:example:good:{n}", headlines=[{"role": "main",
                                                              "value": f"Good ninjs {n}"}])
    return document


def reuters_story(newid: str, title: str) -> str:
    return (f'<REUTERS TOPICS="NO" NEWID="{newid}">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n'
            f"<TEXT>&#2;\n<TITLE>{title}</TITLE>\n<DATELINE>    NEW YORK, Feb 26 - </DATELINE>"
            "<BODY>Shares rose in early trading on Thursday, dealers said.\n"
            "    Volume was heavy.\n Reuter\n&#3;</BODY></TEXT>\n</REUTERS>\n")


def cases(target: str) -> st.SearchStrategy[Case]:
    """The inputs of one target."""
    if target == "wire":
        return st.builds(lambda t: Case(t.encode("utf-8", "surrogatepass"), "story.txt"),
                         mutated(SEED.read_text(encoding="utf-8")))
    if target == "newsml":
        return st.builds(lambda t: Case(t.encode("utf-8", "surrogatepass"), "story.xml"),
                         mutated(_golden("seed.newsml.xml")))
    if target == "ninjs":
        line = st.one_of(st.builds(json.dumps, json_mutated(_ninjs(9))),
                         mutated(json.dumps(_ninjs(9))))
        return st.builds(lambda bad: Case("\n".join(
            [json.dumps(_ninjs(1)), bad.replace("\n", " "), json.dumps(_ninjs(2))]).encode(
                "utf-8", "surrogatepass"), "stories.jsonl", ("Good ninjs 1", "Good ninjs 2")),
            line)
    if target == "records":
        line = st.one_of(st.builds(json.dumps, json_mutated(_record(9))),
                         mutated(json.dumps(_record(9), ensure_ascii=False)))
        return st.builds(lambda bad: Case("\n".join(
            [json.dumps(_record(1)), bad.replace("\n", " "), json.dumps(_record(2))]).encode(
                "utf-8", "surrogatepass"), "records.jsonl",
            ("Good article number 1", "Good article number 2")), line)
    if target == "reuters":
        return st.builds(lambda bad: Case(
            (reuters_story("1", "First good story") + bad + reuters_story("2", "Second good story")
             ).encode("utf-8", "surrogatepass"), "reut2-000.sgm",
            ("First good story", "Second good story")), mutated(reuters_story("9", "Fuzzed")))
    if target == "any":
        everything = [SEED.read_text(encoding="utf-8"), _golden("seed.newsml.xml"),
                      _golden("seed.ninjs.json"), _golden("seed.record.json"),
                      reuters_story("1", "Story"), "<!DOCTYPE html><html><head><title>Budget "
                      "passes</title></head><body><h1>Budget passes</h1><p>BEIJING, July 28 "
                      "(Xinhua) -- The budget passed.</p></body></html>"]
        return st.builds(lambda text, name, encoding: Case(text.encode(encoding, "surrogatepass")
                                                          if encoding == "utf-8" else
                                                          text.encode(encoding, "replace"), name),
                         st.sampled_from(everything).flatmap(mutated), st.sampled_from(NAMES),
                         st.sampled_from(["utf-8", "utf-8", "utf-16", "latin-1"]))
    raise ValueError(f"unknown target {target!r}")


TARGETS = ("wire", "newsml", "ninjs", "records", "reuters", "any")


def check(case: Case, hang: float = HANG_SECONDS, allow: re.Pattern[str] | None = None
          ) -> None:
    """Read `case` as the CLI does and write what it yields in every format (see the module
    notes for what fails); an error matching `allow` (a known, open bug) is no failure."""
    started = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with _time_limit(hang and hang * BACKSTOP):
            outcome = read_input(Input(case.name, case.name, None), SETTINGS, data=case.data)
        budget = hang * (1 + PER_ARTICLE * (len(outcome.records) + len(outcome.errors)))
        _within(started, budget, hang)
        for error in outcome.errors:
            if allow is not None and allow.search(str(error)):
                continue
            assert not any(bug in str(error) for bug in BUGS), str(error)
            assert "\n" not in str(error).strip(), str(error)
        headlines = [r["headline"] for r in outcome.records]
        refused = len(outcome.errors) == 1 and not headlines and any(
            reason in str(outcome.errors[0]) for reason in WHOLE_FILE)
        for headline in () if refused else case.keep:
            assert headline in headlines, f"good article {headline!r} lost: {outcome.errors}"
        with _time_limit(hang and max(0.001, budget - (time.perf_counter() - started))):
            for record in outcome.records:
                write(record)
    _within(started, budget, hang)


def _within(started: float, budget: float, hang: float) -> None:
    elapsed = time.perf_counter() - started
    assert elapsed < budget, (f"took {elapsed:.1f} s (more than --hang {hang:g} s and "
                              f"{hang * PER_ARTICLE:g} s per article it gave)")


@contextlib.contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """A hang is stopped (and reported) when its time is up, not when it ends, if ever."""
    def expire(*_args: object) -> None:
        raise AssertionError(f"took more than {seconds:g} s")

    if seconds <= 0 or threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def write(record: dict) -> None:
    for name in writers.MODULES:
        fmt = writers.get(name)
        if fmt.render is None:
            continue
        try:
            document = fmt.render(record, SETTINGS)
        except InputError:
            continue
        if document is None:  # a writer that says why it makes none (undated NewsML-G2)
            continue
        if name in RDF:
            list(ox.parse(document, RDF[name]))
        elif name in XML:
            etree.fromstring(document, etree.XMLParser(resolve_entities=False, no_network=True))
        elif name.startswith(("ninjs", "jsonld")):
            json.loads(document)


def target_test(target: str, examples: int, hang: float, random_seed: int | None = None,
                allow: re.Pattern[str] | None = None, shrink: bool = True
                ) -> Callable[[], None]:
    """A hypothesis test of one target: `examples` inputs, reproducible given a seed."""

    @settings(max_examples=examples, deadline=None, database=None, print_blob=True,
              suppress_health_check=list(HealthCheck),
              phases=list(Phase) if shrink else [p for p in Phase if p is not Phase.shrink])
    @given(cases(target))
    def run(case: Case) -> None:
        check(case, hang, allow)

    return seed(random_seed)(run) if random_seed is not None else run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.fuzz", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--minutes", type=float, default=None,
                        help="run every target in turn for this long (default: one round)")
    parser.add_argument("--target", choices=TARGETS, action="append",
                        help="fuzz only this target (repeatable)")
    parser.add_argument("--examples", type=int, default=200,
                        help="inputs per target in each round (default 200)")
    parser.add_argument("--seed", type=int, default=None, help="for a reproducible run")
    parser.add_argument("--hang", type=float, default=HANG_SECONDS,
                        help=f"seconds one input may take (default {HANG_SECONDS:g})")
    parser.add_argument("--allow", type=re.compile, metavar="REGEX",
                        help="errors matching this are no failure (a known bug, reported)")
    parser.add_argument("--no-shrink", action="store_true",
                        help="report a failing input as found (shrinking a hang takes long)")
    options = parser.parse_args(argv)
    targets = options.target or list(TARGETS)
    stop = time.monotonic() + 60 * (options.minutes or 0)
    counts = dict.fromkeys(targets, 0)
    round_number = 0
    while True:
        for target in targets:
            round_seed = None if options.seed is None else options.seed + round_number
            try:
                target_test(target, options.examples, options.hang, round_seed,
                            options.allow, not options.no_shrink)()
            except Exception as exc:  # hypothesis has printed the smallest failing input
                notes = "\n".join(getattr(exc, "__notes__", []))  # the input, as hypothesis saw it
                print(f"fuzz: {target}: FAILED after {counts[target]} inputs: "
                      f"{type(exc).__name__}: {str(exc)[:2000]}\n{notes[:20000]}", file=sys.stderr)
                return 1
            counts[target] += options.examples
            print(f"fuzz: {target}: {counts[target]:,} inputs, no failure", file=sys.stderr,
                  flush=True)
        round_number += 1
        if time.monotonic() >= stop:
            break
    print("fuzz: no failure in " + ", ".join(f"{n:,} {t}" for t, n in counts.items())
          + " inputs", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
