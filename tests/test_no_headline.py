"""An article whose page prints no headline (it opens with a photo caption or the dateline):
its record says null rather than inventing one, every writer's output stays valid against the
official schemas, and the formats that must have a title take the one shared stand-in."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from exporter.iptc import NAR
from exporter.readers import newsml as newsml_reader
from exporter.readers import ninjs as ninjs_reader
from exporter.readers import wire_text
from exporter.record import ReadContext, new_record, title_of
from exporter.serving.pages import article_page
from exporter.serving.records import record_from_graph
from exporter.serving.site import Site
from exporter.serving.source import EmbeddedSource
from exporter.settings import Publisher, Settings
from exporter.store import load_records
from exporter.validation import errors
from exporter.writers import get
from exporter.writers.feeds import FORMATS as FEEDS
from tests.iptc_check import newsml_errors, ninjs_errors
from tests.rdf_check import rdf_form_errors

CTX = ReadContext("photo-page.txt", "0" * 64)
PAGE = """2021-07-28 16:39:32 Source: Xinhua

Firefighters work at the scene of a warehouse fire in Beijing, capital of China, on July 27, \
2021. (Xinhua/Li Ren)

BEIJING, July 28 (Xinhua) -- Firefighters put out a blaze in a warehouse on Tuesday, local \
officials said.

No one was hurt, they said.
"""
STAND_IN = "Firefighters work at the scene of a warehouse fire in Beijing, capital …"
DAILY = Settings(publisher=Publisher("Example Daily", "https://daily.example/",
                                     "https://daily.example/logo.png"))


@pytest.fixture(scope="module")
def record():
    return wire_text.parse_text(PAGE, CTX)


def test_a_page_opening_with_a_caption_has_no_headline_and_a_valid_record(record):
    assert record["headline"] is None
    assert [i["caption"][:12] for i in record["images"]] == ["Firefighters"]
    assert record["body"][0].startswith("Firefighters put out a blaze")
    assert list(errors(record)) == []
    assert title_of(record) == STAND_IN


@pytest.mark.parametrize(("value", "valid"), [
    (None, True), ("A headline", True), ("", False), ("  ", False), (7, False)])
def test_the_schema_takes_a_headline_or_null_but_never_a_blank_one(record, value, valid):
    assert (list(errors({**record, "headline": value})) == []) is valid
    without = {k: v for k, v in record.items() if k != "headline"}
    assert list(errors(without)) != []  # the key stays required


def test_the_stand_in_is_the_first_caption_else_paragraph_else_the_id():
    bare = new_record(CTX, reader="test", headline=None, body=["Short body."])
    assert title_of(bare) == "Short body."
    assert title_of({**bare, "body": []}) == f"Article {bare['id']}"
    assert title_of({**bare, "headline": "Given"}) == "Given"
    # The id still tells headline-less articles apart: it is made of what stands in.
    other = new_record(CTX, reader="test", headline=None, body=["Another body."])
    assert other["id"] != bare["id"]


def test_json_ld_and_every_rdf_form_leave_the_headline_out_and_check_clean(record):
    found = rdf_form_errors(record, DAILY)
    assert len(found) == 7 and all(errors == [] for errors in found.values()), found
    doc = json.loads(get("jsonld").render(record, DAILY))
    article = next(n for n in doc["@graph"] if n.get("@type") == "NewsArticle")
    assert "headline" not in article and article["articleBody"].startswith("Firefighters put")


def test_newsml_g2_leaves_the_headline_out_and_validates(record, shared: Path):
    data = get("newsml").render(record, DAILY)
    assert newsml_errors(data, shared) == []
    root = etree.fromstring(data)
    assert root.find(f".//{{{NAR}}}contentMeta/{{{NAR}}}headline") is None
    assert b"hedline" not in data


@pytest.mark.parametrize(("name", "version"), [("ninjs", "2.2"), ("ninjs3", "3.1")])
def test_ninjs_leaves_the_headline_out_and_validates(record, shared: Path, name, version):
    doc = json.loads(get(name).render(record, DAILY))
    assert "headlines" not in doc
    assert ninjs_errors(doc, version, shared) == []


@pytest.mark.parametrize("name", ["newsml", "ninjs", "ninjs3"])
def test_it_reads_back_from_newsml_g2_and_ninjs_still_without_a_headline(record, name):
    data = get(name).render(record, DAILY)
    reader = {"newsml": newsml_reader, "ninjs": ninjs_reader, "ninjs3": ninjs_reader}[name]
    (back,) = reader.read(data if isinstance(data, bytes) else data.encode(),
                          ReadContext(f"item.{name}", "0" * 64))
    assert back["headline"] is None
    assert back["body"] == record["body"]
    assert [i["caption"] for i in back["images"]] == [i["caption"] for i in record["images"]]
    assert title_of(back) == STAND_IN
    assert list(errors(back)) == []


def test_feeds_and_the_news_sitemap_title_the_entry_with_the_stand_in(record):
    settings = Settings(publisher=DAILY.publisher,
                        feed={"now": "2021-07-28T12:00:00+00:00", "base_url": "https://daily.example/",
                              "links": {"html": "html/{id}.html"}})
    for name in ("atom", "rss"):
        parsed = feedparser.parse(FEEDS[name].feed([record], settings))
        assert parsed.bozo == 0, (name, parsed.get("bozo_exception"))
        assert [e.title for e in parsed.entries] == [STAND_IN], name
    sitemap = FEEDS["news-sitemap"].feed([record], settings)
    titles = etree.fromstring(sitemap).findall(
        ".//{http://www.google.com/schemas/sitemap-news/0.9}title")
    assert [t.text for t in titles] == [STAND_IN]


def test_served_pages_list_find_and_show_it_by_the_stand_in(record, tmp_path: Path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_records([record], Settings(), store=tmp_path / "store")
    site = Site(EmbeddedSource(tmp_path / "store"), Settings())
    try:
        rows, _ = site.articles()
        assert [(r.iri, r.headline) for r in rows] == [(record["iri"], STAND_IN)]
        assert [r.iri for r in site.articles(words=("blaze",))[0]] == [record["iri"]]
        back = record_from_graph(record["iri"], site.describe(record["iri"])[0])
        assert back is not None and back["headline"] is None and list(errors(back)) == []
    finally:
        site.source.close()
    page = article_page(record, href="/a", root="/", link=str, offers=(), script="").decode()
    assert f"<h1>{STAND_IN}</h1>" in page and f"<title>{STAND_IN}" in page
