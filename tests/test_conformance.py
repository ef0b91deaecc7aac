"""What an independent audit of the outputs found (issue 12), checked with tools other than
the writers: lxml and IPTC's XSDs for NewsML-G2, feedparser and the raw XML for the feeds,
the sitemaps.org structure rule for the news sitemap, and real inputs from ../shared
(IPTC's NewsML-G2 and ninjs examples, Reuters-21578, PolNeAR's wire stories)."""

from __future__ import annotations

import csv
import hashlib
import subprocess
import sys
import warnings
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from exporter.iptc import NAR
from exporter.pipeline import read_all
from exporter.readers import newsml as newsml_reader
from exporter.readers import ninjs as ninjs_reader
from exporter.record import Article, ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.writers import get
from exporter.writers.jsonld import article_nodes
from exporter.writers.newsml import news_message, render

from .conftest import ROOT, SEED
from .iptc_check import newsml_errors, reuters_records

PUBLISHER = Publisher("Example Daily", "https://daily.example/")
ATOM = "http://www.w3.org/2005/Atom"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
NS = {"g2": NAR, "a": ATOM, "s": SITEMAP, "n": NEWS}
G2 = Path("standards/newsml-g2")
NINJS = Path("standards/ninjs/examples")
NOW = "2026-11-30T06:00:00+00:00"


def newsexport(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True,
                          timeout=300, cwd=cwd)


def warning_lines(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in result.stderr.decode().splitlines()
            if line.startswith("newsexport: warning:")]


def quietly(function, *args):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return function(*args)


def polnear_wire_paths(shared: Path, count: int = 50) -> list[Path]:
    """PolNeAR stories its metadata tags as wire copy (their text prints no date)."""
    root = shared / "corpora" / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if r["wire"] not in ("", "None")]
    paths = [root / r["compartment"] / "text" / f"{r['filename']}.txt" for r in rows]
    return sorted(p for p in paths if p.is_file())[:count]


def polnear_records(shared: Path, count: int = 50) -> list[Article]:
    records = [r for outcome in read_all(map(str, polnear_wire_paths(shared, count)), Settings())
               for r in outcome.records]
    assert len(records) >= count - 2
    assert all(r["date_published"] is None and r["date_modified"] is None for r in records)
    return records


def read_file(path: Path, module) -> list[Article]:
    data = path.read_bytes()
    ctx = ReadContext(path.name, hashlib.sha256(data).hexdigest())
    return [r for r in quietly(lambda: list(module.read(data, ctx)))]


def iptc_newsml(shared: Path) -> dict[str, Article]:
    paths = sorted((shared / G2 / "examples").glob("*.xml"))
    return {p.name: r for p in paths for r in read_file(p, newsml_reader)}


def ninjs_examples(shared: Path) -> dict[str, Article]:
    return {f"{p.parent.name}/{p.name}": r for p in sorted((shared / NINJS).glob("*/*.json"))
            for r in read_file(p, ninjs_reader)}


def every_real_record(shared: Path) -> list[Article]:
    return [*iptc_newsml(shared).values(), *ninjs_examples(shared).values(),
            *reuters_records(shared, 300), *polnear_records(shared)]


# -- 1. NewsML-G2 never dates an undated article 1970-01-01 ------------------------------


def test_an_undated_article_is_never_the_epoch(shared):
    records = polnear_records(shared)
    for record in records:
        with pytest.warns(UserWarning, match="--now"):
            assert render(record, Settings()) is None  # no date: no item, and says why
        item = render(record, Settings(feed={"now": NOW}))
        assert newsml_errors(item, shared) == []
        assert etree.fromstring(item).findtext("g2:itemMeta/g2:versionCreated",
                                               namespaces=NS) == NOW
    dated = reuters_records(shared, 20)
    with pytest.warns(UserWarning, match="--now"):
        message = news_message([*records, *dated], Settings())
    assert b"1970-01-01" not in message
    root = etree.fromstring(message)
    assert len(root.findall("g2:itemSet/g2:newsItem", NS)) == len(dated)
    assert newsml_errors(message, shared) == []
    with_now = news_message([*records, *dated], Settings(feed={"now": NOW}))
    assert len(etree.fromstring(with_now).findall("g2:itemSet/g2:newsItem", NS)) == \
        len(records) + len(dated)
    assert newsml_errors(with_now, shared) == []


def test_every_real_article_is_dated_by_itself_or_not_at_all(shared):
    for record in every_real_record(shared):
        item = quietly(render, record, Settings())
        stamps = [record["date_published"], record["date_modified"],
                  (record["dateline"] or {}).get("date")]
        assert (item is None) == (not any(stamps)), record["headline"]
        if item is not None:
            version = etree.fromstring(item).findtext("g2:itemMeta/g2:versionCreated",
                                                      namespaces=NS)
            assert version[:10] in {s[:10] for s in stamps if s}  # its own day, never 1970


def test_export_of_an_undated_story_prints_no_epoch(shared):
    path = str(polnear_wire_paths(shared, 1)[0])
    result = newsexport("export", path, "--to", "newsml")
    assert b"1970" not in result.stdout
    assert result.returncode == 1 and result.stdout == b""
    assert any("--now" in line for line in result.stderr.decode().splitlines())
    dated = newsexport("export", path, "--to", "newsml", "--now", NOW)
    assert dated.returncode == 0, dated.stderr
    assert f"<versionCreated>{NOW}</versionCreated>".encode() in dated.stdout


# -- 2. every QCode's scheme is defined by a catalog the output references ---------------


def catalog_aliases(shared: Path) -> set[str]:
    catalog = etree.parse(str(shared / G2 / "catalog" / "catalog.IPTC-G2-Standards_41.xml"))
    return {s.get("alias") for s in catalog.iter(f"{{{NAR}}}scheme")}


def test_every_qcode_scheme_is_defined_where_the_item_says(shared):
    iptc = catalog_aliases(shared)
    records = [*iptc_newsml(shared).values(), *reuters_records(shared, 300)]
    records.append(new_record(ReadContext("x.xml", "0" * 64), reader="test", headline="Cocoa",
                              date_published="2021-07-29", subjects=[
                                  {"qcode": "reuters:cocoa", "name": "cocoa",
                                   "uri": "https://r.example/cocoa"}]))
    for record in records:
        data = quietly(render, record, Settings())
        assert newsml_errors(data, shared) == [], record["headline"]
        item = etree.fromstring(data)
        hrefs = [c.get("href") for c in item.findall("g2:catalogRef", NS)]
        assert hrefs == ["http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"]
        inline = {s.get("alias"): s.get("uri") for s in item.iterfind("g2:catalog/g2:scheme", NS)}
        assert not set(inline) & iptc  # an alias is defined once
        for element in item.iter():
            qcode = element.get("qcode") if isinstance(element.tag, str) else None
            if qcode:
                assert qcode.split(":")[0] in iptc | set(inline), (record["headline"], qcode)
        for subject in item.iterfind("g2:contentMeta/g2:subject", NS):
            alias, _, code = (subject.get("qcode") or ":").partition(":")
            if alias in inline:  # the inline scheme gives the subject's own URI back
                assert inline[alias] + code == subject.get("uri") or subject.get("uri") is None
    sports = iptc_newsml(shared)["LISTING_22_Sports_story_in_NewsML-G2NITF.xml"]
    with pytest.warns(UserWarning, match="conf:l.mlb.com-c.national"):
        item = etree.fromstring(render(sports, Settings()))
    written = {s.get("qcode") for s in item.iterfind("g2:contentMeta/g2:subject", NS)}
    assert "medtop:20000822" in written
    assert not {q for q in written if q and q.split(":")[0] in ("conf", "team", "league")}
    cocoa = records[-1]
    back = newsml_reader.read(render(cocoa, Settings()), ReadContext("c.xml", "1" * 64))
    assert next(back)["subjects"] == cocoa["subjects"]


# -- 3. every Atom entry has content or an alternate link (RFC 4287 4.1.1) ----------------


def test_every_atom_entry_has_content_or_an_alternate_link(shared):
    records = every_real_record(shared)
    settings = Settings(publisher=PUBLISHER, feed={"now": NOW, "limit": 1000})
    dated = [r for r in records if r["date_published"] or r["date_modified"]]
    feed = quietly(get("atom").feed, records, settings)
    root = etree.fromstring(feed)
    entries = root.findall("a:entry", NS)
    assert len(entries) == len({r["id"] for r in dated}) > 300
    for entry in entries:
        content = entry.find("a:content", NS)
        alternate = entry.find("a:link[@rel='alternate']", NS)
        assert alternate is not None or (content is not None and (content.text or "").strip()), \
            entry.findtext("a:title", namespaces=NS)
    parsed = feedparser.parse(feed)
    assert parsed.bozo == 0
    assert all(e.get("content") or e.get("link") for e in parsed.entries)


# -- 4. the RSS channel always has its <link> ---------------------------------------------


@pytest.mark.parametrize("settings", [Settings(), Settings(publisher=Publisher("No URL Daily")),
                                      Settings(base_uri="https://kg.example/")])
def test_the_rss_channel_always_has_a_link(shared, settings):
    records = reuters_records(shared, 20)
    rss = quietly(get("rss").feed, records, settings)
    channel = etree.fromstring(rss).find("channel")
    link = channel.findtext("link")
    assert link and link.startswith(("http://", "https://"))
    parsed = feedparser.parse(rss)
    assert parsed.bozo == 0 and parsed.feed.link == link


# -- 5. an all-undated batch: consistent feeds, one warning, no invalid sitemap ---------


def assert_sitemap_structure(path: Path) -> None:
    """sitemaps.org's XSD: a urlset holds one url or more, each with its loc."""
    urlset = etree.parse(str(path)).getroot()
    assert urlset.tag == f"{{{SITEMAP}}}urlset"
    urls = urlset.findall("s:url", NS)
    assert urls and all(u.findtext("s:loc", namespaces=NS) for u in urls)


@pytest.mark.parametrize("now", [None, NOW])
def test_an_all_undated_batch_gives_consistent_feeds_and_one_warning(shared, tmp_path, now):
    paths = [str(p) for p in polnear_wire_paths(shared, 12)]
    extra = ["--now", now] if now else []
    out = tmp_path / "out"
    result = newsexport("publish", *paths, "-o", str(out), "--to", "atom,rss,news-sitemap,newsml",
                        "--publisher-name", "Example Daily", "--publisher-url",
                        "https://daily.example/", *extra)
    assert result.returncode == 0, result.stderr
    lines = warning_lines(result)
    assert len(lines) == 1, lines
    assert "date" in lines[0]
    rss = feedparser.parse((out / "rss" / "feed.rss").read_bytes())
    assert rss.bozo == 0 and rss.entries == []
    assert not (out / "news-sitemap" / "feed.xml").exists()  # a urlset needs a url
    atom_file = out / "atom" / "feed.atom"
    if now:
        atom = feedparser.parse(atom_file.read_bytes())
        assert atom.bozo == 0 and atom.entries == [] and atom.feed.updated == NOW
        assert newsml_errors((out / "newsml" / "all.newsml.xml").read_bytes(), shared) == []
    else:
        assert not atom_file.exists()  # it would need a date for <updated>
        assert not (out / "newsml" / "all.newsml.xml").exists()
    for sitemap in out.rglob("*.xml"):
        if etree.parse(str(sitemap)).getroot().tag == f"{{{SITEMAP}}}urlset":
            assert_sitemap_structure(sitemap)


def test_a_sitemap_is_written_only_with_urls_and_stays_valid(shared):
    records = reuters_records(shared, 50)
    settings = Settings(publisher=PUBLISHER, feed={"links": {"html": "html/{id}.html"},
                                                   "base_url": "https://daily.example/"})
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        assert get("news-sitemap").feed(records, Settings(publisher=PUBLISHER)) is None
    assert len({str(w.message) for w in caught}) == 1
    document = get("news-sitemap").feed(records, settings)
    urlset = etree.fromstring(document)
    assert urlset.findall("s:url", NS)


# -- 6. RSS's own self link ----------------------------------------------------------------


def test_rss_self_link_is_the_rss_feeds_own_url(shared):
    records = reuters_records(shared, 10)
    for feed in ({"base_url": "https://daily.example/out/"},
                 {"self": {"atom": "https://daily.example/f.atom",
                           "rss": "https://daily.example/f.rss"}}):
        settings = Settings(publisher=PUBLISHER, feed=feed)
        rss = etree.fromstring(get("rss").feed(records, settings))
        [own] = rss.findall(f"channel/{{{ATOM}}}link[@rel='self']")
        assert own.get("type") == "application/rss+xml"
        assert own.get("href").endswith((".rss",)), own.get("href")
        atom = etree.fromstring(get("atom").feed(records, settings))
        [self_link] = atom.findall("a:link[@rel='self']", NS)
        assert self_link.get("type") == "application/atom+xml"
        assert self_link.get("href").endswith(".atom")
    atom_only = Settings(publisher=PUBLISHER, feed={"self": "https://daily.example/feed.atom"})
    rss = etree.fromstring(get("rss").feed(records, atom_only))
    assert rss.findall(f"channel/{{{ATOM}}}link[@rel='self']") == []  # never Atom's URL


# -- 7. news:language, creators' URIs and organisations ----------------------------------


def test_the_news_sitemap_never_says_und(shared):
    records = [*ninjs_examples(shared).values(), *iptc_newsml(shared).values()]
    assert any(r["language"] == "und" for r in records)
    settings = Settings(publisher=PUBLISHER, feed={
        "links": {"html": "html/{id}.html"}, "base_url": "https://daily.example/",
        "now": "2030-01-01T00:00:00Z"})
    for record in records:
        day = record["date_published"] or record["date_modified"]
        if not day:
            continue
        one = Settings(publisher=PUBLISHER, feed={**settings.feed, "now": _end_of(day)})
        if record["language"] == "und":
            with pytest.warns(UserWarning, match="language"):
                assert get("news-sitemap").feed([record], one) is None
        else:
            document = quietly(get("news-sitemap").feed, [record], one)
            language = etree.fromstring(document).findtext(".//n:language", namespaces=NS)
            assert language == record["language"].split("-")[0].lower()


def _end_of(stamp: str) -> str:
    return stamp[:10] + "T23:59:59-12:00"


def test_a_creators_uri_and_kind_reach_json_ld(shared):
    examples = iptc_newsml(shared)
    text = examples["LISTING_2_NewsML-G2_Text_Document.xml"]
    nodes = quietly(article_nodes, text, Settings())
    [person] = [n for n in nodes if n.get("name") == "Meredith Jameson"]
    assert person["@type"] == "Person"
    assert "http://www.acmenews.com/staff/mjameson" in (person.get("url"), person.get("sameAs"),
                                                         person["@id"])
    news = examples["LISTING_1_A_NewsML-G2_News_Item.xml"]
    [author] = [n for n in quietly(article_nodes, news, Settings())
                if n.get("name") == "Meredith Jameson"]
    assert "http://www.example.com/staff/mjameson" in (author.get("url"), author["@id"])
    sports = examples["LISTING_22_Sports_story_in_NewsML-G2NITF.xml"]
    assert [(a["name"], a["kind"]) for a in sports["authors"]] == [
        ("The Sports Network", "organization")]
    [network] = [n for n in quietly(article_nodes, sports, Settings())
                 if n.get("name") == "The Sports Network"]
    assert network["@type"] == "Organization"
    seed = next(read_all([str(SEED)], Settings())).records[0]
    back = next(newsml_reader.read(quietly(render, seed, Settings()), ReadContext("s", "2" * 64)))
    assert back["authors"] == seed["authors"]  # our own output keeps its IRIs


# -- 8. the README's first command: one warning line, with the fix -----------------------


def test_the_first_command_warns_once_with_the_fix(tmp_path):
    result = newsexport("publish", str(ROOT / "seeds"), "-o", str(tmp_path / "out"),
                        cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = warning_lines(result)
    assert len(lines) == 1, lines
    assert "--publisher-name" in lines[0] and "[publisher]" in lines[0]
    assert "newsexport.toml" in lines[0]
    quiet = newsexport("publish", str(ROOT / "seeds"), "-o", str(tmp_path / "named"),
                       "--publisher-name", "Example Daily", cwd=tmp_path)
    assert not any("publisher" in line for line in warning_lines(quiet)), quiet.stderr


def test_a_sitemap_an_earlier_run_wrote_goes_when_the_batch_has_none(shared, tmp_path):
    config = tmp_path / "newsexport.toml"
    config.write_text('[publisher]\nname = "Example Daily"\nurl = "https://daily.example/"\n'
                      '[feed]\nbase_url = "https://daily.example/out/"\n'
                      'links = { html = "html/{id}.html" }\n', encoding="utf-8")
    out = tmp_path / "out"
    sitemap = out / "news-sitemap" / "feed.xml"
    first = newsexport("publish", str(SEED), "-o", str(out), "--config", str(config))
    assert first.returncode == 0 and warning_lines(first) == [], first.stderr
    assert_sitemap_structure(sitemap)
    undated = str(polnear_wire_paths(shared, 1)[0])
    second = newsexport("publish", undated, "-o", str(out), "--config", str(config))
    assert second.returncode == 0, second.stderr
    assert len(warning_lines(second)) == 1
    assert not sitemap.exists() and not (out / "atom" / "feed.atom").exists()
    assert feedparser.parse((out / "rss" / "feed.rss").read_bytes()).entries == []
    again = newsexport("publish", undated, "-o", str(out), "--config", str(config))
    assert "(1 unchanged)" in again.stderr.decode()  # the batch's absent files are current
    assert warning_lines(again) == []
