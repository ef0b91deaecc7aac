"""A time printed in no known zone (no zone beside it, no known source or outlet, no
--timezone): the record keeps it as a local ("floating") date-time without offset and says
its zone is unknown, never guessing one; every writer then does what its standard allows,
and its output stays valid against the official schemas."""

from __future__ import annotations

import json
import warnings
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from rdflib import XSD, Graph, Literal, URIRef

from exporter.checking import Options, check_bytes
from exporter.dates import is_floating, order_key
from exporter.iptc import NAR
from exporter.readers import newsml as newsml_reader
from exporter.readers import ninjs as ninjs_reader
from exporter.readers import wire_text
from exporter.record import ReadContext, new_record
from exporter.serving.pages import article_page
from exporter.serving.records import record_from_graph
from exporter.serving.site import Site
from exporter.serving.source import EmbeddedSource
from exporter.settings import Publisher, Settings
from exporter.store import load_records
from exporter.validation import errors
from exporter.writers import get
from exporter.writers.feeds import FORMATS as FEEDS
from exporter.writers.jsonld import render_jsonld
from exporter.writers.newsml import news_message
from exporter.writers.rdf import render_rdfxml
from tests.iptc_check import newsml_errors, ninjs_errors
from tests.rdf_check import rdf_form_errors
from tests.test_rdf_fastpath import TEXT_FORMATS, by_rdflib

CTX = ReadContext("harbour.txt", "0" * 64)
# A page of an outlet the reader does not know, written for this test: the time stamp
# prints no zone and the story credits no agency.
PAGE = """Harbour ferries sail again after the storm
{stamp}
By Ana Lima

The harbour's ferries crossed again on Thursday morning, a day after a storm closed the \
port, the operator said.

Crews checked every pier overnight, it said.
"""
WALL = "2021-07-29T09:19:00"
UNKNOWN = {"name": None, "origin": "unknown"}
DAILY = Settings(publisher=Publisher("Example Daily", "https://daily.example/",
                                     "https://daily.example/logo.png"))


def read(stamp: str, ctx: ReadContext = CTX) -> dict:
    return wire_text.parse_text(PAGE.format(stamp=stamp), ctx)


@pytest.fixture(scope="module")
def record() -> dict:
    return read("2021-07-29 09:19")


@pytest.mark.parametrize(("stamp", "expected"), [
    ("2021-07-29 09:19", WALL),
    ("Published: 2021/7/29 09:19:00", WALL),
    ("July 29, 2021 9:19 AM", WALL),
    ("09:19, July 29, 2021", WALL),
    ("July 29, 2021 9:19 PM", "2021-07-29T21:19:00"),
    ("29.07.2021 kl 09:19", WALL),
])
def test_a_time_in_no_known_zone_is_kept_as_a_local_date_time(stamp: str, expected: str):
    record = read(stamp)
    assert record["date_published"] == expected
    assert record["timezone"] == UNKNOWN
    assert list(errors(record)) == []
    assert stamp in record["meta_lines"]  # the line as printed is still kept: nothing lost


@pytest.mark.parametrize("stamp", [
    # the day printed bare, then again with its time
    "07/29/2021 | Press release | Distributed on 07/29/2021 09:19",
    # a time beside a relative stamp, the day on the line above
    "July 29, 2021\nHarbour News - 5 hours ago - 09:19 | Local, Transport",
])
def test_the_time_printed_apart_from_the_day_is_the_days(stamp: str):
    record = read(stamp)
    assert (record["date_published"], record["timezone"]) == (WALL, UNKNOWN)
    assert set(stamp.splitlines()) <= set(record["meta_lines"])


@pytest.mark.parametrize(("stamp", "ctx", "expected", "zone"), [
    ("2021-07-29 09:19 GMT+2", CTX, WALL + "+02:00", {"name": "UTC+02:00", "origin": "printed"}),
    ("2021-07-29 09:19 Source: Xinhua", CTX, WALL + "+08:00",
     {"name": "Asia/Shanghai", "origin": "source-default"}),
    ("2021-07-29 09:19", ReadContext("harbour.txt", "0" * 64, timezone="Europe/Lisbon"),
     WALL + "+01:00", {"name": "Europe/Lisbon", "origin": "option"}),
    ("2021-07-29", CTX, "2021-07-29", None),
])
def test_a_known_zone_still_gives_the_offset_and_a_date_alone_no_zone(stamp, ctx, expected,
                                                                      zone):
    record = read(stamp, ctx)
    assert (record["date_published"], record["timezone"]) == (expected, zone)
    assert list(errors(record)) == []


@pytest.mark.parametrize(("value", "valid"), [
    (WALL, True), (WALL + "+08:00", True), (WALL + "Z", True), ("2021-07-29", True),
    ("2021-07-29T09:19", False), ("2021-07-29T24:00:00", False),
    ("2021-02-30T09:19:00", False), ("0000-01-01T09:19:00", False), (WALL + " ", False)])
def test_the_schema_takes_a_whole_local_date_time_on_a_real_day(record, value, valid):
    for field in ("date_published", "date_modified"):
        assert (list(errors({**record, field: value})) == []) is valid, (field, value)


@pytest.mark.parametrize(("zone", "valid"), [
    (UNKNOWN, True), (None, True), ({"name": "Asia/Shanghai", "origin": "source-default"}, True),
    ({"name": None, "origin": "nowhere"}, False), ({"name": "", "origin": "unknown"}, False),
    ({"origin": "unknown"}, False)])
def test_the_schema_names_the_unknown_zone(record, zone, valid):
    assert (list(errors({**record, "timezone": zone})) == []) is valid


def test_json_ld_and_every_rdf_form_keep_the_local_time_and_check_clean(record):
    found = rdf_form_errors(record, DAILY)
    assert len(found) == 7 and all(errors == [] for errors in found.values()), found
    article = next(n for n in json.loads(render_jsonld(record, DAILY))["@graph"]
                   if n.get("@type") == "NewsArticle")
    assert article["datePublished"] == WALL
    graph = Graph().parse(data=get("turtle").render(record, DAILY), format="turtle")
    [when] = graph.objects(URIRef(record["iri"]), URIRef("http://schema.org/datePublished"))
    assert when == Literal(WALL, datatype=XSD.dateTime) and str(when) == WALL


def test_the_rdf_fast_paths_write_rdflibs_bytes(record):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in TEXT_FORMATS:
            assert get(name).render(record, DAILY) == by_rdflib(name, record, DAILY), name
        assert render_rdfxml(record, DAILY).count(WALL.encode()) == 1


def test_newsml_g2_keeps_it_as_content_date_and_versions_its_day(record, shared: Path):
    data = get("newsml").render(record, DAILY)
    assert newsml_errors(data, shared) == []
    root = etree.fromstring(data)
    assert root.findtext(f".//{{{NAR}}}contentCreated") == WALL  # xs:dateTime allows it
    # An item's version is an instant (the checker calls one without offset an error):
    # the day's start in UTC, as for a date-only record.
    assert root.findtext(f".//{{{NAR}}}versionCreated") == "2021-07-29T00:00:00+00:00"
    found = [p for c in check_bytes(data, "a.xml", Options(standards=shared / "standards"))
             for p in c.problems]
    assert [p.rule for p in found if p.severity == "error"] == []
    assert [p.rule for p in found] == ["newsml-g2/date-offset"]  # a warning: as printed


def test_newsml_and_ninjs_read_it_back_as_it_was(record):
    item = get("newsml").render(record, DAILY)
    [back] = newsml_reader.read(item, ReadContext("a.xml", "0" * 64))
    assert (back["date_published"], back["timezone"]) == (WALL, UNKNOWN)
    placed = ReadContext("a.xml", "0" * 64, timezone="Asia/Tokyo")
    [there] = newsml_reader.read(item, placed)
    assert (there["date_published"], there["timezone"]) == (
        WALL + "+09:00", {"name": "Asia/Tokyo", "origin": "option"})
    doc = json.dumps({"uri": "https://x.example/1", "type": "text", "version": "1",
                      "versioncreated": WALL, "headlines": [{"role": "main", "value": "H"}],
                      "body_text": "One paragraph."}).encode()
    [from_ninjs] = ninjs_reader.read(doc, ReadContext("a.json", "0" * 64))
    assert (from_ninjs["date_published"], from_ninjs["timezone"]) == (WALL, UNKNOWN)
    assert list(errors(back)) == list(errors(from_ninjs)) == []


@pytest.mark.parametrize(("name", "version"), [("ninjs", "2.2"), ("ninjs3", "3.1")])
def test_ninjs_leaves_it_out_as_a_date_alone(record, shared: Path, name, version):
    """ninjs dates are RFC 3339 date-times, which need an offset: none is invented."""
    doc = json.loads(get(name).render(record, DAILY))
    assert not {"versioncreated", "versionCreated", "firstcreated", "firstCreated"} & set(doc)
    assert ninjs_errors(doc, version, shared) == []


def feed_settings(**feed) -> Settings:
    return Settings(publisher=DAILY.publisher,
                    feed={"base_url": "https://daily.example/",
                          "links": {"html": "html/{id}.html"}, **feed})


def test_atom_rss_and_the_news_sitemap_write_its_day(record):
    settings = feed_settings(now="2021-07-29T12:00:00+00:00")
    atom = feedparser.parse(FEEDS["atom"].feed([record], settings))
    assert atom.bozo == 0
    [entry] = atom.entries
    assert entry.published_parsed[:6] == entry.updated_parsed[:6] == (2021, 7, 29, 0, 0, 0)
    rss = FEEDS["rss"].feed([record], settings)
    assert feedparser.parse(rss).bozo == 0
    assert b"<pubDate>Thu, 29 Jul 2021 00:00:00 +0000</pubDate>" in rss
    sitemap = etree.fromstring(FEEDS["news-sitemap"].feed([record], settings))
    assert [d.text for d in sitemap.iter("{*}publication_date")] == ["2021-07-29"]


def test_feeds_order_a_floating_time_with_its_day(record):
    """Newest first: an instant after the day's start, then the day's floating times by
    their wall time (after a date alone of that day), then instants before the day."""
    def dated(headline: str, when: str) -> dict:
        return wire_text.parse_text(PAGE.format(stamp=when).replace(
            "Harbour ferries sail again after the storm", headline), CTX)

    names = ["Late", "Evening", "Morning", "Day", "Before"]
    stamps = ["2021-07-29 23:00 GMT+2", "2021-07-29 21:00", "2021-07-29 08:00", "2021-07-29",
              "2021-07-28 23:30 GMT"]
    records = [dated(f"{name} ferries sail again after the storm", stamp)
               for name, stamp in zip(names, stamps, strict=True)]
    for order in (records, records[::-1], records[2:] + records[:2]):
        parsed = feedparser.parse(FEEDS["atom"].feed(order, feed_settings()))
        assert [e.title.split()[0] for e in parsed.entries] == names
    assert sorted(map(order_key, [WALL, "2021-07-29", "2021-07-29T00:00:00+00:00"])) == [
        (datetime(2021, 7, 29, tzinfo=UTC), ""), (datetime(2021, 7, 29, tzinfo=UTC), ""),
        (datetime(2021, 7, 29, tzinfo=UTC), WALL)]


def test_a_news_message_is_sent_at_an_instant(record):
    other = wire_text.parse_text(PAGE.format(stamp="2021-07-28 23:30 GMT"), CTX)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        message = etree.fromstring(news_message([record, other], DAILY))
    assert message.findtext(f".//{{{NAR}}}sent") == "2021-07-29T00:00:00+00:00"


def test_json_ld_drops_a_modification_only_when_it_is_surely_earlier(record):
    def modified(published: str, modified: str) -> str | None:
        doc = json.loads(render_jsonld({**record, "date_published": published,
                                        "date_modified": modified}, DAILY))
        return next(n for n in doc["@graph"] if n.get("@type") == "NewsArticle").get(
            "dateModified")

    assert modified(WALL, "2021-07-29T08:00:00") is None  # one page, one zone: earlier
    assert modified(WALL, "2021-07-29T10:00:00") == "2021-07-29T10:00:00"
    assert modified(WALL, "2021-07-29T08:00:00+08:00") is not None  # zones unknown: one day
    assert modified(WALL, "2021-07-28T23:00:00+00:00") is None  # an earlier day


def test_served_pages_show_it_and_the_store_gives_it_back(record, tmp_path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_records([record], Settings(), store=tmp_path / "store")
    site = Site(EmbeddedSource(tmp_path / "store"), Settings())
    try:
        back = record_from_graph(record["iri"], site.describe(record["iri"])[0])
        assert back is not None and back["date_published"] == WALL
        assert back["timezone"] == UNKNOWN and list(errors(back)) == []
        rows, _ = site.articles()
        assert [r.published for r in rows] == [WALL]
    finally:
        site.source.close()
    page = article_page(record, href="/a", root="/", link=str, offers=(), script="").decode()
    assert f'<time datetime="{WALL}">2021-07-29 09:19</time>' in page


def test_is_floating_tells_a_local_time_from_an_instant_and_a_day():
    assert is_floating(WALL) and not is_floating(WALL + "Z")
    assert not is_floating(WALL + "-03:00") and not is_floating("2021-07-29")
    assert not is_floating(None)


def test_a_day_before_standard_time_is_placed_in_utc_not_at_a_local_mean_time_offset(
        shared: Path) -> None:
    """Shanghai kept local mean time (+08:05:43) until 1901: a date-only record of 1900 with
    its source's zone would start its day at an offset no date format can write (hypothesis
    found it: `versionCreated 1900-11-20T00:00:00+08:05:43` failed the XSD)."""
    record = new_record(ReadContext("old.txt", "0" * 64), reader="test", headline="Old",
                        date_published="1900-11-20", body=["Text."],
                        timezone={"name": "Asia/Shanghai", "origin": "source-default"})
    daily = Settings(publisher=Publisher("Daily", "https://daily.example/"),
                     feed={"links": {"html": "html/{id}.html"},
                           "base_url": "https://daily.example/"})
    item = get("newsml").render(record, daily)
    assert newsml_errors(item, shared) == []
    assert b">1900-11-20T00:00:00+00:00</versionCreated>" in item
    for name in ("atom", "rss"):
        entry = feedparser.parse(FEEDS[name].feed([record], daily)).entries[0]
        when = entry.get("updated_parsed") or entry.get("published_parsed")
        assert tuple(when)[:6] == (1900, 11, 20, 0, 0, 0), name
