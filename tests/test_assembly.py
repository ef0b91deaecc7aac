"""The batch documents publish assembles from part files (workers' printed newsMessage items,
the fields feeds choose by) are the bytes the writers make from the whole records: with
one job or two, on a rerun after changes, with a different ``--now``, and from part files
an older build wrote without those sections."""

from __future__ import annotations

import io
import json
import shutil
import warnings
from datetime import date, timedelta
from pathlib import Path

import pytest

from bench.corpus import generate
from exporter import api
from exporter.pipeline import read_all
from exporter.publishing import layout
from exporter.publishing.assemble import kept
from exporter.publishing.parts import KEYS, entry, read_part, write_part
from exporter.record import Article
from exporter.settings import Publisher, Settings
from exporter.writers import Kept, get, parse_list

ARTICLES = 30
FEEDS = [f for f in parse_list("all") if f.feed]
ZONE = "Pacific/Kiritimati"  # --timezone: times and days of no zone of their own, not UTC


def settings(now: str) -> Settings:
    """Every feed written, the sitemap included: a publisher, a zone, links, a window, a limit
    below the batch's size (so entries are chosen), a `now` (the undated article's item)."""
    return Settings(publisher=Publisher("Example News", "https://news.example/"),
                    timezone=ZONE,
                    feed={"base_url": "https://news.example/out/", "limit": 12, "now": now,
                          "links": {"html": "html/{id}.html", "jsonld": "jsonld/{id}.jsonld"}})


def latest(records: list[Article]) -> str:
    """The newest date-time published (a --now for the batch)."""
    return max(r["date_published"] for r in records if "T" in (r["date_published"] or ""))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated wire articles, one record with no date at all (its newsItem is dated by
    --now alone, which is no part of an input's options) and the newest, dated by its day
    alone (the newsMessage's header gives its day's start in --timezone)."""
    root = generate(ARTICLES, tmp_path_factory.mktemp("corpus") / "in", shared=None)
    [outcome] = read_all([str(sorted((root / "000").glob("*.txt"))[0])], Settings())
    undated = {**outcome.records[0], "id": "0" * 16, "date_published": None,
               "date_modified": None, "dateline": None, "headline": "An undated story",
               "iri": "https://newsexport.example/article/" + "0" * 16}
    newest = date.fromisoformat(latest(records_of(root))[:10])
    day_only = {**undated, "id": "1" * 16, "date_published": str(newest + timedelta(days=1)),
                "timezone": None,
                "headline": "A story dated by its day", "iri": undated["iri"][:-16] + "1" * 16}
    (root / "zz-undated.jsonl").write_text(json.dumps(undated) + "\n" + json.dumps(day_only)
                                            + "\n")
    return root


def records_of(corpus: Path) -> list[Article]:
    return [r for outcome in read_all([str(corpus)], Settings(timezone=ZONE))
            for r in outcome.records]


def batch_files(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in
            (layout.feed_file(f) for f in FEEDS) if (out / name).is_file()}


def expected(records: list[Article], chosen: Settings) -> dict[str, bytes]:
    """Each feed and the newsMessage as its writer makes it from the whole records."""
    documents = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for fmt in FEEDS:
            out = io.BytesIO()
            if fmt.write_feed(records, chosen, out):
                documents[layout.feed_file(fmt)] = out.getvalue()
    return documents


def publish(corpus: Path, out: Path, chosen: Settings, jobs: int) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.publish([corpus], out, settings=chosen, jobs=jobs, chunk=2)


def test_the_batch_documents_are_those_of_the_whole_records(corpus, tmp_path):
    records = records_of(corpus)
    now = latest(records)
    chosen = settings(now)
    publish(corpus, tmp_path / "two", chosen, jobs=2)
    want = expected(records, chosen)
    assert set(want) == {layout.feed_file(f) for f in FEEDS}  # the sitemap too
    assert batch_files(tmp_path / "two") == want
    assert b"An undated story" in want["newsml/all.newsml.xml"]
    publish(corpus, tmp_path / "one", chosen, jobs=1)
    assert batch_files(tmp_path / "one") == want

    # A rerun after changes (an input retitled, one gone) and with another --now: the
    # undated article's item is made again with the new time, the others are copied.
    inputs = sorted((corpus / "000").glob("*.txt"))
    changed = tmp_path / "in"
    shutil.copytree(corpus, changed)
    text = inputs[3].read_text()
    (changed / "000" / inputs[3].name).write_text(text.replace("\n", " (updated)\n", 1))
    (changed / "000" / inputs[4].name).unlink()
    later = settings(now.replace(now[:4], str(int(now[:4]) + 1), 1))
    publish(changed, tmp_path / "two", later, jobs=2)
    records = records_of(changed)
    assert batch_files(tmp_path / "two") == expected(records, later)


def test_parts_of_an_older_build_give_the_same_bytes(corpus, tmp_path):
    """Part files without the entries and keys sections (an older build's): the records
    are parsed and the items made in the main process, as before, to the same bytes."""
    chosen = settings(latest(records_of(corpus)))
    out = tmp_path / "out"
    publish(corpus, out, chosen, jobs=2)
    before = batch_files(out)
    parts = sorted((out / layout.STATE / "parts").glob("*.part"))
    assert parts
    for path in parts:
        part = read_part(path)
        assert part.sections[KEYS] and entry("newsml") in part.sections
        for name in (KEYS, entry("newsml")):
            del part.sections[name]
        write_part(path, part)
    for name in before:
        (out / name).unlink()
    (out / layout.STATE / "batch").unlink()  # the batch files are made again
    publish(corpus, out, chosen, jobs=1)
    assert batch_files(out) == before


def test_a_kept_record_gives_the_bytes_and_warnings_of_the_whole_record(corpus, tmp_path):
    """The newsMessage item a worker printed, with the warnings its newsItem gave, and the
    fields a feed chooses by, against the record itself; a record whose item is dated by
    --now is left to the message's writer (an empty entry)."""
    chosen = settings(latest(records_of(corpus)))
    out = tmp_path / "out"
    publish(corpus, out, chosen, jobs=1)
    stored = [k for path in sorted((out / layout.STATE / "parts").glob("*.part"))
              for k in kept(read_part(path), FEEDS)]
    whole = [k.whole() for k in stored]
    assert all(isinstance(k, Kept) and set(k) == set(Kept.FIELDS) for k in stored)
    assert sum(k.entries["newsml"] == b"" for k in stored) == 1  # the undated one
    # A subject in a scheme no catalog defines: its newsItem warns, and so must the copy.
    odd = {"qcode": "team:x1", "uri": None, "name": "A team"}
    whole[0] = {**whole[0], "subjects": [*whole[0]["subjects"], odd]}
    document, printed = get("newsml").render_entry(whole[0], chosen)
    stored[0] = Kept({key: whole[0][key] for key in Kept.FIELDS},
                     json.dumps(whole[0]).encode(), {"newsml": printed})
    given: dict[str, list] = {}
    for fmt in FEEDS:
        given[fmt.name] = []
        for batch in (whole, stored):
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                out_bytes = io.BytesIO()
                fmt.write_feed(batch, chosen, out_bytes)
            given[fmt.name].append((out_bytes.getvalue(),
                                    sorted({str(w.message) for w in caught})))
        assert given[fmt.name][0] == given[fmt.name][1], fmt.name
    assert document is not None
    assert any("team:x1" in message for message in given["newsml"][1][1])


def test_kept_fields_are_all_a_feed_reads_before_it_prints(corpus):
    """A feed chooses its entries by Kept.FIELDS alone: of the records it leaves out, it
    reads no other field (a Kept record would parse the whole one for it)."""
    records = records_of(corpus)
    chosen = settings(latest(records))

    class Watched(dict):
        def __init__(self, record: Article) -> None:
            super().__init__(record)
            self.read: set[str] = set()

        def __getitem__(self, key):
            self.read.add(key)
            return dict.__getitem__(self, key)

    for name in ("atom", "rss", "news-sitemap"):
        watched = [Watched(r) for r in records]
        limited = Settings(publisher=chosen.publisher, feed={**chosen.feed, "limit": 1})
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            get(name).write_feed(watched, limited, io.BytesIO())
        beyond = [w for w in watched if not w.read <= set(Kept.FIELDS)]
        assert len(beyond) == 1, name  # the one entry printed


def test_a_printed_entry_keeps_the_items_warnings_not_a_librarys(corpus, monkeypatch):
    """The warnings a worker keeps with a printed newsMessage item are replayed by the main
    process as the user's warnings: a library's DeprecationWarning, which Python hides
    outside __main__, must not be kept (and then shown once per article)."""
    from exporter.writers import newsml

    records = records_of(corpus)
    record = next(r for r in records if r["date_published"])
    item = newsml.news_item

    def deprecated(*args):
        warnings.warn("a library's deprecation", DeprecationWarning, stacklevel=2)
        return item(*args)

    monkeypatch.setattr(newsml, "news_item", deprecated)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # Python's default, as in the CLI
        _document, printed = newsml.render_entry(record, settings(latest(records)))
    assert json.loads(printed.partition(b"\n")[0])[3] == []
