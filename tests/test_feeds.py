"""Atom, RSS and Google News sitemap writers, read back by feedparser (a real consumer).

feedparser's `bozo` flag reports XML errors but not bad dates, so every test also
checks the raw date strings and the parsed (UTC) date fields.
"""

from __future__ import annotations

import csv
import html
import json
import random
import weakref
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import pytest
from hypothesis import assume, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from lxml import etree

from exporter.errors import InputError
from exporter.record import ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.writers import UndatedWarning, get
from exporter.writers.feeds import FORMATS, FeedWarning
from exporter.writers.jsonld import NO_PUBLISHER, NoPublisherWarning

from .conftest import GOLDEN

CTX = ReadContext(name="feeds-test.txt", sha256="0" * 64)
PUBLISHER = Publisher("Example Daily", "https://daily.example/", "https://daily.example/logo.png")
ATOM_NS = "http://www.w3.org/2005/Atom"
MEDIA_NS = "http://search.yahoo.com/mrss/"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"
SAFE_XML = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)


def article(headline: str, published: str | None, **fields):
    return new_record(CTX, reader="test", headline=headline, date_published=published, **fields)


def configured(**feed) -> Settings:
    return Settings(publisher=PUBLISHER, feed=feed)


def write(name: str, records, settings: Settings) -> bytes:
    return FORMATS[name].feed(records, settings)


def read(document: bytes):
    """The feed as feedparser sees it; it must have parsed without complaint."""
    parsed = feedparser.parse(document)
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    return parsed


def xml(document: bytes) -> etree._Element:
    return etree.fromstring(document, SAFE_XML)


def utc(moment: str) -> tuple[int, ...]:
    """What feedparser's *_parsed fields must hold for an ISO date-time: the UTC instant."""
    return datetime.fromisoformat(moment).astimezone(UTC).timetuple()[:6]


def rich_article():
    return article(
        "Storm closes ports", "2021-07-29T09:19:00+08:00",
        date_modified="2021-07-29T11:00:00+08:00", source="Xinhua",
        authors=[("Li Wei", "person"), ("Anna Berg", "person")],
        summary=["Ports shut as the storm nears."],
        dateline={"text": "SHANGHAI --", "place": "SHANGHAI", "place_name": "Shanghai"},
        body=["Ports closed on Thursday.", "Ships waited offshore."],
        subjects=[{"qcode": "medtop:06000000", "name": "environment",
                   "uri": "http://cv.iptc.org/newscodes/mediatopic/06000000"},
                  {"qcode": "medtop:20000170", "name": None, "uri": None}],
        url="https://daily.example/2021/07/29/storm?src=feed&lang=en",
        images=[("Waves hit the Bund.", "Xinhua/Wang Fang", "https://img.daily.example/1.jpg"),
                ("No URL, no media element.", None, None)])


# -- Atom ---------------------------------------------------------------------------------


def test_atom_feed_and_entry_fields_read_back_exactly():
    record = rich_article()
    document = write("atom", [record], configured(self="https://daily.example/feed.atom",
                                                  subtitle="All the news"))
    parsed = read(document)
    assert parsed.version == "atom10"
    feed = parsed.feed
    assert (feed.id, feed.title, feed.subtitle) == (
        "https://newsexport.example/feed", "Example Daily", "All the news")
    assert feed.updated == "2021-07-29T11:00:00+08:00"
    assert feed.updated_parsed[:6] == (2021, 7, 29, 3, 0, 0)
    assert feed.author_detail == {"name": "Example Daily", "href": "https://daily.example/"}
    assert feed.logo == "https://daily.example/logo.png"
    assert feed.links == [
        {"rel": "alternate", "type": "text/html", "href": "https://daily.example/"},
        {"rel": "self", "type": "application/atom+xml", "href": "https://daily.example/feed.atom"}]
    assert feed.language == "en"

    [entry] = parsed.entries
    assert entry.id == record["iri"]
    assert entry.title == "Storm closes ports"
    assert entry.title_detail.type == "text/plain"
    assert entry.published == "2021-07-29T09:19:00+08:00"
    assert entry.published_parsed[:6] == (2021, 7, 29, 1, 19, 0)
    assert entry.updated == "2021-07-29T11:00:00+08:00"
    assert entry.updated_parsed[:6] == (2021, 7, 29, 3, 0, 0)
    assert entry.authors == [{"name": "Li Wei"}, {"name": "Anna Berg"}]
    assert entry.summary_detail == {"type": "text/plain", "language": "en", "base": "",
                                    "value": "Ports shut as the storm nears."}
    assert [(c.type, c.value) for c in entry.content] == [(
        "text/html", "<p>SHANGHAI -- Ports closed on Thursday.</p>\n<p>Ships waited offshore.</p>")]
    assert entry.tags == [
        {"term": "medtop:06000000", "scheme": None, "label": "environment"},
        {"term": "medtop:20000170", "scheme": None, "label": None}]
    assert entry.links == [{"rel": "alternate", "type": "text/html",
                            "href": "https://daily.example/2021/07/29/storm?src=feed&lang=en"}]
    assert entry.media_content == [{"url": "https://img.daily.example/1.jpg", "medium": "image"}]
    assert entry.media_credit == [{"content": "Xinhua/Wang Fang"}]
    # feedparser folds media:description into the summary; check the caption in the XML itself.
    [caption] = xml(document).iterfind(f".//{{{MEDIA_NS}}}content/{{{MEDIA_NS}}}description")
    assert (caption.text, caption.get("type")) == ("Waves hit the Bund.", "plain")


def test_atom_author_falls_back_to_the_credited_agency_then_the_publisher():
    agency = article("Agency story", "2021-07-29T10:00:00+08:00", source="Xinhua")
    unsigned = article("Unsigned story", "2021-07-29T09:00:00+08:00")
    entries = read(write("atom", [agency, unsigned], configured())).entries
    assert entries[0].authors == [{"name": "Xinhua"}]
    assert "authors" not in entries[1]  # inherits the feed's author, the publisher


def test_atom_entry_without_summary_uses_the_first_paragraph():
    record = article("Body only", "2021-07-29T10:00:00Z", body=["First & foremost.", "Second."])
    [entry] = read(write("atom", [record], configured())).entries
    assert entry.summary == "First & foremost."
    assert entry.content[0].value == "<p>First &amp; foremost.</p>\n<p>Second.</p>"
    assert entry.updated == entry.published == "2021-07-29T10:00:00+00:00"


# -- RSS ----------------------------------------------------------------------------------


def test_rss_channel_and_item_fields_read_back_exactly():
    record = rich_article()
    document = write("rss", [record], configured(self={"rss": "https://daily.example/feed.rss"}))
    parsed = read(document)
    assert parsed.version == "rss20"
    channel = parsed.feed
    assert (channel.title, channel.link, channel.subtitle) == (
        "Example Daily", "https://daily.example/", "Example Daily")
    assert channel.updated == "Thu, 29 Jul 2021 11:00:00 +0800"
    assert channel.updated_parsed[:6] == (2021, 7, 29, 3, 0, 0)
    assert channel.image.href == "https://daily.example/logo.png"
    assert {"rel": "self", "type": "application/rss+xml",
            "href": "https://daily.example/feed.rss"} in channel.links

    [item] = parsed.entries
    assert item.id == record["iri"]
    assert item.guidislink is False
    assert item.title == "Storm closes ports"
    assert item.link == "https://daily.example/2021/07/29/storm?src=feed&lang=en"
    assert item.published == "Thu, 29 Jul 2021 09:19:00 +0800"
    assert item.published_parsed[:6] == (2021, 7, 29, 1, 19, 0)
    assert item.authors == [{"name": "Li Wei"}, {"name": "Anna Berg"}]
    assert item.summary_detail.value == "<p>Ports shut as the storm nears.</p>"
    assert item.content[0].value == (
        "<p>SHANGHAI -- Ports closed on Thursday.</p>\n<p>Ships waited offshore.</p>")
    assert item.tags == [{"term": "environment", "scheme": "medtop", "label": None},
                         {"term": "medtop:20000170", "scheme": "medtop", "label": None}]
    assert item.media_content == [{"url": "https://img.daily.example/1.jpg", "medium": "image"}]
    assert item.media_credit == [{"content": "Xinhua/Wang Fang"}]

    tree = xml(document)
    assert tree.get("version") == "2.0"
    assert tree.find("channel/item/guid").get("isPermaLink") == "false"
    [caption] = tree.iterfind(f"channel/item/{{{MEDIA_NS}}}content/{{{MEDIA_NS}}}description")
    assert caption.text == "Waves hit the Bund."


# -- escaping -----------------------------------------------------------------------------

HOSTILE = ("Tom & Jerry <script>alert('x')</script> ]]> &amp; "
           "\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff 中国国防部 العربية\tend")
HOSTILE_CLEAN = "Tom & Jerry <script>alert('x')</script> ]]> &amp;  中国国防部 العربية\tend"
HOSTILE_HTML = ("<p>Tom &amp; Jerry &lt;script&gt;alert('x')&lt;/script&gt; ]]&gt; &amp;amp;  "
                "中国国防部 العربية\tend</p>")


@pytest.mark.parametrize("name", ["atom", "rss"])
def test_hostile_text_comes_out_well_formed_and_exact(name):
    # A lone surrogate cannot be in a headline (the id hashes it as UTF-8), but in a body it can.
    record = article(HOSTILE, "2021-07-29T09:19:00+08:00", language="zh", summary=[HOSTILE],
                     body=[HOSTILE.replace("\x00", "\ud800")], authors=[(HOSTILE, "person")],
                     subjects=[{"qcode": "test:1", "name": HOSTILE, "uri": None}],
                     url="https://daily.example/a?b=1&c=<2>")
    with pytest.warns(UserWarning, match="removed .* character"):
        document = write(name, [record], configured(title=HOSTILE))
    for forbidden in ("\x00", "\x01", "\x0b", "\x1f", "\ud800", "\ufffe", "]]>"):
        assert forbidden.encode("utf-8", "surrogatepass") not in document
    xml(document)  # strict XML 1.0 parser
    parsed = read(document)
    [entry] = parsed.entries
    assert parsed.feed.title == HOSTILE_CLEAN
    assert entry.title == HOSTILE_CLEAN
    assert entry.authors == [{"name": HOSTILE_CLEAN}]
    assert entry.content[0].value == HOSTILE_HTML
    assert entry.summary == (HOSTILE_CLEAN if name == "atom" else HOSTILE_HTML)
    assert entry.link == "https://daily.example/a?b=1&c=<2>"
    tag = entry.tags[0]
    assert (tag.label if name == "atom" else tag.term) == HOSTILE_CLEAN


def test_c1_controls_are_legal_xml_and_kept():
    """XML 1.0 allows U+007F-U+009F; they are written as they are (feedparser, like browsers,
    reads them as Windows-1252, so the exact check is on the XML)."""
    title = "a\x7f\x80\x85\x9fb"
    document = write("atom", [article(title, "2021-07-29T09:19:00Z")], configured())
    assert xml(document).findtext(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}title") == title


def is_xml_char(char: str) -> bool:
    """XML 1.0's Char production, spelled independently of the writer."""
    point = ord(char)
    return (char in "\t\n\r" or 0x20 <= point <= 0xD7FF or 0xE000 <= point <= 0xFFFD
            or 0x10000 <= point <= 0x10FFFF)


def looks_double_encoded(text: str) -> bool:
    """Text feedparser takes for UTF-8 misread as Latin-1 and decodes again."""
    try:
        return text.encode("iso-8859-1").decode("utf-8") != text
    except UnicodeError:
        return False


@hsettings(max_examples=150, deadline=None)
@given(st.text(min_size=1, max_size=40))
def test_any_title_reads_back_without_its_forbidden_characters(title):
    expected = "".join(c for c in title if is_xml_char(c))
    assume(expected.strip() == expected != "")  # feedparser strips surrounding whitespace,
    assume(not looks_double_encoded(expected))  # "repairs" these ("Â¡" becomes "¡")
    assume(not any(0x80 <= ord(c) <= 0x9F for c in expected))  # and reads C1 as Windows-1252
    record = article(title, "2021-07-29T09:19:00+08:00", body=[title])
    with pytest.warns(UserWarning):  # the feed's fallbacks, and any character removed
        document = write("atom", [record], Settings())
    assert read(document).entries[0].title == expected
    assert xml(document).findtext(f"{{{ATOM_NS}}}entry/{{{ATOM_NS}}}title") == expected


# -- dates --------------------------------------------------------------------------------


@pytest.mark.parametrize(("zone_setting", "record_zone", "atom", "rss"), [
    (None, None, "2021-07-28T00:00:00+00:00", "Wed, 28 Jul 2021 00:00:00 +0000"),
    ("Asia/Shanghai", None, "2021-07-28T00:00:00+08:00", "Wed, 28 Jul 2021 00:00:00 +0800"),
    ("Asia/Shanghai", "America/New_York", "2021-07-28T00:00:00-04:00",
     "Wed, 28 Jul 2021 00:00:00 -0400"),
])
def test_date_only_record_is_midnight_in_its_zone(zone_setting, record_zone, atom, rss):
    zone = {"name": record_zone, "origin": "option"} if record_zone else None
    record = article("Dated only", "2021-07-28", timezone=zone, url="https://daily.example/d")
    settings = Settings(publisher=PUBLISHER, timezone=zone_setting,
                        feed={"now": "2021-07-29T12:00:00Z"})
    [entry] = read(write("atom", [record], settings)).entries
    assert entry.published == entry.updated == atom
    assert entry.published_parsed[:6] == utc(atom)
    [item] = read(write("rss", [record], settings)).entries
    assert item.published == rss
    assert item.published_parsed[:6] == utc(atom)
    sitemap = xml(write("news-sitemap", [record], settings))
    assert sitemap.findtext(f".//{{{NEWS_NS}}}publication_date") == "2021-07-28"


def test_undated_articles_are_left_out_with_a_warning():
    dated = article("Dated", "2021-07-29T09:00:00Z")
    undated = article("Undated", None)
    with pytest.warns(UndatedWarning, match="without a publication or modification date"):
        entries = read(write("atom", [undated, dated], configured())).entries
    assert [e.title for e in entries] == ["Dated"]


# -- selection: limit, order, duplicates, memory ------------------------------------------


def test_newest_first_with_ties_broken_by_id():
    early = article("Early", "2021-07-29T09:00:00+08:00")  # 01:00Z
    tie_a = article("Tie A", "2021-07-29T02:00:00+00:00")  # 02:00Z
    tie_b = article("Tie B", "2021-07-28T22:00:00-04:00")  # 02:00Z as well
    later_id, earlier_id = sorted([tie_a, tie_b], key=lambda r: r["id"], reverse=True)
    for name in ("atom", "rss"):
        titles = [e.title for e in read(write(name, [early, tie_a, tie_b], configured())).entries]
        assert titles == [later_id["headline"], earlier_id["headline"], "Early"]


def spread_articles(count: int, seed: int = 7) -> list:
    """Articles at scattered times in several offsets, some sharing an instant."""
    rng = random.Random(seed)
    offsets = ["+08:00", "+00:00", "-04:00", "+05:30"]
    out = []
    for n in range(count):
        offset = offsets[n % len(offsets)]
        sign = 1 if offset[0] == "+" else -1
        shift = timedelta(hours=int(offset[1:3]), minutes=int(offset[4:6])) * sign
        instant = datetime(2021, 7, 1, tzinfo=UTC) + timedelta(hours=rng.randrange(0, 200))
        local = (instant + shift).replace(tzinfo=None).isoformat(timespec="seconds")
        out.append(article(f"Article {n}", local + offset, body=[f"Body {n}."]))
    return out


def test_limit_keeps_the_newest_and_output_ignores_input_order():
    records = spread_articles(60)
    expected = sorted(records, key=lambda r: (datetime.fromisoformat(r["date_published"]),
                                              r["id"]), reverse=True)[:7]
    settings = configured(limit=7)
    for name in ("atom", "rss"):
        document = write(name, records, settings)
        assert [e.id for e in read(document).entries] == [r["iri"] for r in expected]
        shuffled = records[:]
        random.Random(1).shuffle(shuffled)
        assert write(name, shuffled, settings) == document
        assert write(name, iter(reversed(records)), settings) == document
    assert len(read(write("atom", records, configured())).entries) == 60  # default limit 100
    assert len(read(write("atom", spread_articles(130), configured())).entries) == 100


class Tracked(dict):
    """A record that can be weakly referenced, to count how many are alive."""


def test_memory_stays_bounded_by_the_limit():
    alive = most_alive = 0

    def released() -> None:
        nonlocal alive
        alive -= 1

    def stream():
        nonlocal alive, most_alive
        for n in range(3000):
            record = Tracked(article(f"Story {n}", f"2021-07-29T{n % 24:02d}:{n % 60:02d}:00Z"))
            weakref.finalize(record, released)
            alive += 1
            most_alive = max(most_alive, alive)
            yield record
            del record

    entries = read(write("atom", stream(), configured(limit=10))).entries
    assert len(entries) == 10
    assert entries[0].updated == "2021-07-29T23:59:00+00:00"
    assert most_alive <= 10 + 2  # the kept ten, the one just looked at, the one arriving


def test_a_repeated_id_keeps_the_later_version():
    first = article("Minister resigns", "2021-07-29T09:00:00Z", source="Xinhua",
                    body=["First version."])
    corrected = article("Minister resigns", "2021-07-29T09:00:00Z", source="Xinhua",
                        date_modified="2021-07-29T12:00:00Z", body=["Corrected version."])
    other = article("Other news", "2021-07-29T08:00:00Z")
    assert first["id"] == corrected["id"]
    for records in ([first, other, corrected], [corrected, other, first]):
        entries = read(write("atom", records, configured(limit=2))).entries
        assert [e.title for e in entries] == ["Minister resigns", "Other news"]
        assert entries[0].content[0].value == "<p>Corrected version.</p>"
        assert entries[0].updated == "2021-07-29T12:00:00+00:00"


# -- Google News sitemap ------------------------------------------------------------------


def sitemap_entries(document: bytes) -> list[dict]:
    """The sitemap's structure, checked element by element, as plain values."""
    root = xml(document)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    assert root.nsmap == {None: SITEMAP_NS, "news": NEWS_NS}
    out = []
    for url in root:
        assert url.tag == f"{{{SITEMAP_NS}}}url"
        loc, news = url
        assert loc.tag == f"{{{SITEMAP_NS}}}loc"
        assert news.tag == f"{{{NEWS_NS}}}news"
        assert [child.tag for child in news] == [
            f"{{{NEWS_NS}}}{tag}" for tag in ("publication", "publication_date", "title")]
        publication, date, title = news
        assert [c.tag for c in publication] == [f"{{{NEWS_NS}}}name", f"{{{NEWS_NS}}}language"]
        out.append({"loc": loc.text, "name": publication[0].text,
                    "language": publication[1].text, "date": date.text, "title": title.text})
    return out


def test_sitemap_lists_the_last_two_days_before_now():
    def story(title, published, language="en", url=True):
        return article(title, published, language=language,
                       url=f"https://daily.example/{title.replace(' ', '-')}" if url else None)

    records = [
        story("in one hour", "2021-07-30T13:00:00Z"),
        story("one hour ago", "2021-07-30T19:00:00+08:00", language="zh-Hant-TW"),
        story("47 hours ago", "2021-07-28T13:00:00Z", language="zh"),
        story("49 hours ago", "2021-07-28T11:00:00Z"),
        story("yesterday, date only", "2021-07-29", language="en-GB"),
        story("three days ago, date only", "2021-07-27"),
        story("no url", "2021-07-30T11:00:00Z", url=False),
    ]
    with pytest.warns(FeedWarning, match="1 article.* without a URL"):
        document = write("news-sitemap", records, configured(now="2021-07-30T12:00:00Z"))
    assert sitemap_entries(document) == [
        {"loc": "https://daily.example/one-hour-ago", "name": "Example Daily",
         "language": "zh-tw", "date": "2021-07-30T19:00:00+08:00", "title": "one hour ago"},
        {"loc": "https://daily.example/yesterday,-date-only", "name": "Example Daily",
         "language": "en", "date": "2021-07-29", "title": "yesterday, date only"},
        {"loc": "https://daily.example/47-hours-ago", "name": "Example Daily",
         "language": "zh-cn", "date": "2021-07-28T13:00:00Z", "title": "47 hours ago"},
    ]


def test_sitemap_now_defaults_to_the_newest_article():
    newest = article("Newest", "2021-07-30T12:00:00Z", url="https://daily.example/n")
    inside = article("Inside", "2021-07-28T12:00:00Z", url="https://daily.example/i")
    outside = article("Outside", "2021-07-28T11:59:59Z", url="https://daily.example/o")
    document = write("news-sitemap", [outside, inside, newest], configured())
    assert [e["title"] for e in sitemap_entries(document)] == ["Newest", "Inside"]


def test_sitemap_escapes_titles_and_encodes_urls():
    record = article(HOSTILE, "2021-07-30T12:00:00Z",
                     url="https://daily.example/新闻?a=1&b=ü")
    with pytest.warns(UserWarning, match="<title>: removed 8 character"):
        [entry] = sitemap_entries(write("news-sitemap", [record], configured()))
    assert entry["title"] == HOSTILE_CLEAN
    assert entry["loc"] == "https://daily.example/%E6%96%B0%E9%97%BB?a=1&b=%C3%BC"


def test_sitemap_caps_at_google_limit():
    records = [article(f"S{n}", f"2021-07-30T{n % 24:02d}:{n % 60:02d}:{n % 59:02d}Z",
                       url=f"https://daily.example/{n}") for n in range(1100)]
    with pytest.warns(FeedWarning, match="at most 1000"):
        capped = sitemap_entries(write("news-sitemap", records, configured(limit=5000)))
    assert len(capped) == 1000
    assert len(sitemap_entries(write("news-sitemap", records, configured()))) == 1000
    assert len(sitemap_entries(write("news-sitemap", records, configured(limit=3)))) == 3


# -- settings -----------------------------------------------------------------------------


def test_unconfigured_feed_uses_documented_fallbacks_and_warns():
    record = article("Lonely", "2021-07-29T09:00:00Z")
    with pytest.warns(NoPublisherWarning) as caught:
        atom = read(write("atom", [record], Settings()))
    assert [str(w.message) for w in caught] == [NO_PUBLISHER]  # one line, with the fix
    assert atom.feed.title == "newsexport feed"
    assert atom.feed.id == "https://newsexport.example/feed"
    assert atom.feed.author_detail == {"name": "newsexport feed"}
    assert "links" not in atom.feed  # no URL is ever made up
    with pytest.warns(NoPublisherWarning):
        rss = read(write("rss", [record], Settings(base_uri="https://kg.example/")))
    assert rss.feed.title == "newsexport feed"
    assert rss.feed.link == "https://kg.example/"  # RSS requires one: the base URI
    with pytest.warns(NoPublisherWarning):  # Google News needs the publication's name
        assert write("news-sitemap", [record], Settings()) is None


@pytest.mark.parametrize(("feed", "field"), [
    ({"limt": 5}, "feed"),
    ({"limit": 0}, "feed.limit"),
    ({"limit": "10"}, "feed.limit"),
    ({"limit": True}, "feed.limit"),
    ({"now": "2021-07-29T12:00:00"}, "feed.now"),
    ({"now": "2021-07-29"}, "feed.now"),
    ({"now": "yesterday"}, "feed.now"),
    ({"title": ""}, "feed.title"),
    ({"links": {"jsonld": "jsonld/{id}.jsonld"}}, "feed.links"),
    ({"links": {"jsonld": "jsonld/all.jsonld"}, "base_url": "https://x.example/"}, "feed.links"),
    ({"links": {"nosuch": "x/{id}"}, "base_url": "https://x.example/"}, "feed.links"),
    ({"links": ["jsonld"]}, "feed.links"),
])
@pytest.mark.parametrize("name", list(FORMATS))
def test_bad_feed_settings_are_input_errors(name, feed, field):
    with pytest.raises(InputError) as caught:
        write(name, [article("A", "2021-07-29T09:00:00Z")], configured(**feed))
    assert caught.value.field == field


def test_now_accepts_offsets_and_toml_datetimes():
    record = article("A", "2021-07-29T09:00:00Z", url="https://daily.example/a")
    for now in ("2021-07-30T08:00:00+08:00", datetime(2021, 7, 30, tzinfo=UTC)):
        assert len(sitemap_entries(write("news-sitemap", [record], configured(now=now)))) == 1


def test_empty_batches():
    with pytest.warns(FeedWarning, match="no Atom feed written"):
        assert write("atom", [], configured()) is None  # <updated> needs a date
    empty = read(write("atom", [], configured(now="2021-07-30T12:00:00Z")))
    assert (empty.entries, empty.feed.updated) == ([], "2021-07-30T12:00:00+00:00")
    assert read(write("rss", [], configured())).entries == []
    assert write("news-sitemap", [], configured()) is None  # a urlset needs a url


def test_links_to_published_files():
    links = {"html": "html/{id}.html", "jsonld": "jsonld/{id}.jsonld"}
    settings = configured(links=links, base_url="https://daily.example/out")
    own_page = article("Own page", "2021-07-29T10:00:00Z", url="https://daily.example/own")
    no_page = article("No page", "2021-07-29T09:00:00Z")
    html_type, jsonld_type = get("html").media_type, get("jsonld").media_type
    assert html_type == "text/html"
    base = "https://daily.example/out/"

    atom = read(write("atom", [own_page, no_page], settings)).entries
    assert atom[0].links == [
        {"rel": "alternate", "type": "text/html", "href": "https://daily.example/own"},
        {"rel": "related", "type": html_type, "href": f"{base}html/{own_page['id']}.html"},
        {"rel": "alternate", "type": jsonld_type, "href": f"{base}jsonld/{own_page['id']}.jsonld"}]
    assert atom[1].links == [
        {"rel": "alternate", "type": html_type, "href": f"{base}html/{no_page['id']}.html"},
        {"rel": "alternate", "type": jsonld_type, "href": f"{base}jsonld/{no_page['id']}.jsonld"}]

    rss = read(write("rss", [own_page, no_page], settings)).entries
    assert rss[1].link == f"{base}html/{no_page['id']}.html"
    assert rss[1].links == atom[1].links  # <link> for the page, atom:link for the rest
    assert rss[0].link == "https://daily.example/own"
    assert rss[0].links == atom[0].links

    sitemap = sitemap_entries(write("news-sitemap", [own_page, no_page], settings))
    assert [e["loc"] for e in sitemap] == ["https://daily.example/own",
                                           f"{base}html/{no_page['id']}.html"]


# -- the seed article and a real corpus -------------------------------------------------


def seed_record():
    path = GOLDEN / "seed.record.json"
    if not path.is_file():
        pytest.skip("tests/golden/seed.record.json is not written yet (wire reader)")
    return json.loads(path.read_text("utf-8"))


def test_seed_article_in_every_feed():
    seed = seed_record()
    settings = configured(links={"html": "html/{id}.html"}, base_url="https://daily.example/")
    [entry] = read(write("atom", [seed], settings)).entries
    assert entry.id == "https://newsexport.example/article/4254cb3e62e38d7f"
    assert entry.title == ("Chinese defense minister vows no concession in protecting "
                           "national interests")
    assert entry.published == entry.updated == "2021-07-29T09:19:00+08:00"
    assert entry.published_parsed[:6] == (2021, 7, 29, 1, 19, 0)
    assert entry.authors == [{"name": "Xinhua"}]
    assert entry.summary == seed["summary"][0]
    assert entry.content[0].value.count("<p>") == 13
    assert entry.content[0].value.startswith(  # the dateline opens the story again
        "<p>DUSHANBE, July 28 (Xinhua) -- Visiting Chinese State Councilor and Minister of "
        "National Defense Wei Fenghe said")
    assert "media_content" not in entry  # the photo has a caption but no URL
    [item] = read(write("rss", [seed], settings)).entries
    assert item.published == "Thu, 29 Jul 2021 09:19:00 +0800"
    assert item.link == "https://daily.example/html/4254cb3e62e38d7f.html"
    [listed] = sitemap_entries(write("news-sitemap", [seed], settings))
    assert listed == {"loc": "https://daily.example/html/4254cb3e62e38d7f.html",
                      "name": "Example Daily", "language": "en",
                      "date": "2021-07-29T09:19:00+08:00", "title": entry.title}


def polnear_articles(shared: Path, count: int = 50) -> list:
    """The first `count` PolNeAR training texts: first line the headline, the rest the body."""
    root = shared / "corpora" / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
                if row["compartment"] == "train"]
    records = []
    for row in sorted(rows, key=lambda r: r["filename"])[:count]:
        lines = [line.strip() for line in
                 (root / "train" / "text" / f"{row['filename']}.txt").read_text("utf-8")
                 .splitlines() if line.strip()]
        author = row["author"] if row["author"] not in ("", "None") else None
        records.append(new_record(
            ReadContext(name=f"{row['filename']}.txt", sha256="1" * 64), reader="test",
            headline=lines[0], date_published=row["publication_date"], body=lines[1:],
            authors=[(author, "person")] if author else [], publisher=row["publisher"]))
    return records


def test_real_corpus_reads_back_exactly(shared):
    records = polnear_articles(shared)
    assert len(records) == 50
    by_iri = {r["iri"]: r for r in records}
    atom = read(write("atom", records, configured()))
    rss = read(write("rss", records, configured()))
    assert len(atom.entries) == len(rss.entries) == 50
    assert {e.id for e in atom.entries} == set(by_iri)
    for entry, item in zip(atom.entries, rss.entries, strict=True):
        record = by_iri[entry.id]
        midnight = record["date_published"] + "T00:00:00+00:00"
        assert item.id == entry.id
        assert entry.title == item.title == record["headline"]
        assert entry.published == midnight
        assert entry.published_parsed[:6] == utc(midnight)
        assert item.published_parsed[:6] == utc(midnight)
        assert entry.get("authors", []) == item.get("authors", []) == [
            {"name": a["name"]} for a in record["authors"]]
        expected_html = "\n".join(f"<p>{html.escape(p, quote=False)}</p>"
                                  for p in record["body"])
        assert entry.content[0].value == item.content[0].value == expected_html
        assert entry.summary == record["body"][0]
    instants = [datetime.fromisoformat(e.published) for e in atom.entries]
    assert instants == sorted(instants, reverse=True)
    top = read(write("atom", records, configured(limit=10)))
    assert [e.id for e in top.entries] == [e.id for e in atom.entries[:10]]
