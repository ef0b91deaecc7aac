"""Where a date-only record's day is placed: one rule (dates.day_zone) for every writer that
needs an instant (Atom, RSS, NewsML-G2), and every other writer still valid on that record."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import feedparser
import pytest
from lxml import etree

from exporter.iptc import NAR
from exporter.record import ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.writers import MODULES, get
from tests.iptc_check import newsml_errors, ninjs_errors
from tests.rdf_check import rdf_form_errors

CTX = ReadContext(name="day-zone.txt", sha256="d" * 64)
PUBLISHER = Publisher("Example Daily", "https://daily.example/", "https://daily.example/logo.png")
G2 = {"g2": NAR}
NINJS_VERSION = {"ninjs": "2.2", "ninjs3": "3.1"}


@pytest.mark.parametrize(("record_zone", "setting", "offset"), [
    ("UTC+08:00", None, "+08:00"),  # a printed fixed offset is honoured
    ("UTC-03:30", "Asia/Shanghai", "-03:30"),  # the record's own zone before --timezone
    (None, "Asia/Shanghai", "+08:00"),  # no zone of its own: the user's
    ("Mars/Olympus_Mons", "UTC", "+00:00"),  # a name no zone database knows: passed over
])
def test_every_writer_places_a_date_only_record_in_one_zone(shared: Path, record_zone,
                                                             setting, offset) -> None:
    zone = {"name": record_zone, "origin": "printed"} if record_zone else None
    record = new_record(CTX, reader="test", headline="Dated only", date_published="2021-07-28",
                        timezone=zone, url="https://daily.example/d", body=["Text."])
    settings = Settings(publisher=PUBLISHER, timezone=setting,
                        feed={"now": "2021-07-29T12:00:00Z"})
    placed = f"2021-07-28T00:00:00{offset}"
    written = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the feeds' fallbacks; not what this test is about
        for name in MODULES:
            form = get(name)
            written[name] = form.render(record, settings) if form.render \
                else form.feed([record], settings)

    atom = feedparser.parse(written["atom"])
    assert atom.bozo == 0 and atom.entries[0].published == placed
    rss = feedparser.parse(written["rss"])
    assert rss.bozo == 0
    assert rss.entries[0].published == f"Wed, 28 Jul 2021 00:00:00 {offset.replace(':', '')}"
    sitemap = etree.fromstring(written["news-sitemap"])
    assert sitemap.findtext(".//{http://www.google.com/schemas/sitemap-news/0.9}"
                            "publication_date") == "2021-07-28"  # W3C dates allow a day

    for data in (written["newsml"], get("newsml").feed([record], settings)):
        assert newsml_errors(data, shared) == []
    item = etree.fromstring(written["newsml"])
    assert item.findtext("g2:itemMeta/g2:versionCreated", namespaces=G2) == placed
    assert item.findtext("g2:contentMeta/g2:contentCreated", namespaces=G2) == "2021-07-28"
    message = etree.fromstring(get("newsml").feed([record], settings))
    assert message.findtext("g2:header/g2:sent", namespaces=G2) == placed

    for name, version in NINJS_VERSION.items():  # date-times only: a day is left out
        document = json.loads(written[name])
        assert ninjs_errors(document, version, shared) == []
        assert "versioncreated" not in document and "firstcreated" not in document
    rdf_errors = rdf_form_errors(record, settings)
    assert rdf_errors and all(found == [] for found in rdf_errors.values()), rdf_errors
    assert json.loads(written["jsonld"])["@graph"][0]["datePublished"] == "2021-07-28"
