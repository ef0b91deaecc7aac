"""NewsML-G2 2.35: the golden seed, validity against IPTC's XSDs, the newsMessage header,
IPTC's own examples, and XML that tries to attack the reader."""

from __future__ import annotations

import hashlib
import io
import json
import subprocess
import sys
import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from exporter import xmlsafe
from exporter.errors import InputError
from exporter.iptc import NAR, NITF
from exporter.readers import newsml as reader
from exporter.record import Article, ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.validation import first_error
from exporter.writers import get
from exporter.writers.newsml import (
    _Header,
    _message,
    news_item,
    news_message,
    render,
    version_moment,
    write_news_message,
)
from tests.conftest import GOLDEN, ROOT, SEED
from tests.iptc_check import carried_by_newsml, newsml_errors, reuters_records

CTX = ReadContext(name="story.xml", sha256="ab" * 32)
NS = {"g2": NAR, "nitf": NITF}
EXAMPLES = Path("standards/newsml-g2")  # inside ../shared


def seed_record() -> Article:
    return json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))


def story(**fields: object) -> Article:
    values: dict = {"reader": "test", "headline": "Budget passes",
                    "date_published": "2021-07-29T09:19:00+08:00", "source": "Xinhua",
                    "body": ["First.", "Second."]}
    values.update(fields)
    return new_record(CTX, **values)


def read_one(data: bytes, ctx: ReadContext = CTX) -> Article:
    (record,) = reader.read(data, ctx)
    return record


def test_registry_has_the_newsml_format() -> None:
    fmt = get("newsml")
    assert fmt.render is render and fmt.feed is news_message
    assert fmt.stream_feed is write_news_message
    assert fmt.media_type == "application/vnd.iptc.g2.newsitem+xml"


def test_seed_matches_the_golden_file() -> None:
    assert render(seed_record(), Settings()) == (GOLDEN / "seed.newsml.xml").read_bytes()


def test_golden_seed_element_by_element_against_the_seed_text(shared: Path) -> None:
    """Every text of the golden newsItem is printed in the seed (or derived from it as noted)."""
    data = (GOLDEN / "seed.newsml.xml").read_bytes()
    assert newsml_errors(data, shared) == []
    seed = SEED.read_text(encoding="utf-8")
    item = etree.fromstring(data)

    def one(path: str) -> etree._Element:
        (found,) = item.findall(path, NS)
        return found

    assert item.get("guid") == "https://newsexport.example/article/4254cb3e62e38d7f"
    assert (item.get("standard"), item.get("standardversion"), item.get("conformance"),
            item.get("version")) == ("NewsML-G2", "2.35", "power", "1")
    assert one("g2:catalogRef").get("href").endswith("catalog.IPTC-G2-Standards_41.xml")
    # "Xinhua) 09:19, July 29, 2021": Beijing wall time, Xinhua's zone (UTC+8).
    assert "09:19, July 29, 2021" in seed
    assert one("g2:itemMeta/g2:versionCreated").text == "2021-07-29T09:19:00+08:00"
    assert one("g2:contentMeta/g2:contentCreated").text == "2021-07-29T09:19:00+08:00"
    assert one("g2:itemMeta/g2:itemClass").get("qcode") == "ninat:text"
    assert one("g2:itemMeta/g2:pubStatus").get("qcode") == "stat:usable"
    headline = one("g2:contentMeta/g2:headline").text
    assert seed.splitlines()[0].endswith(" " + headline)
    assert one(".//nitf:hedline/nitf:hl1").text == headline
    assert one("g2:contentMeta/g2:infoSource/g2:name").text == "Xinhua"
    assert one("g2:contentMeta/g2:infoSource").get("role") == "cpprole:origcont"
    assert one("g2:contentMeta/g2:dateline").text == "DUSHANBE, July 28 (Xinhua) --"
    assert "\nDUSHANBE, July 28 (Xinhua) -- Visiting" in seed
    assert one("g2:contentMeta/g2:located/g2:name").text == "Dushanbe"
    nitf_line = one(".//nitf:body.head/nitf:dateline")
    assert "".join(nitf_line.itertext()) == "DUSHANBE, July 28 (Xinhua) --"
    assert one(".//nitf:dateline/nitf:location").text == "DUSHANBE"
    assert one(".//nitf:dateline/nitf:story.date").text == "July 28"
    assert one(".//nitf:dateline/nitf:story.date").get("norm") == "20210728"
    assert one(".//nitf:body.head/nitf:distributor").text == "Xinhua"
    summary = one("g2:contentMeta/g2:description")
    assert summary.get("role") == "drol:summary" and f"\n{summary.text}\n" in seed
    caption = one(".//nitf:media/nitf:media-caption").text
    assert f"\n{caption} (Xinhua)\n" in seed
    assert one(".//nitf:media/nitf:media-producer").text == "Xinhua"
    paragraphs = [p.text for p in item.findall(".//nitf:body.content/nitf:p", NS)]
    lines = [line for line in seed.splitlines() if line.strip()]
    start = lines.index("DUSHANBE, July 28 (Xinhua) -- " + paragraphs[0])
    assert paragraphs[1:] == lines[start + 1:]
    assert len(paragraphs) == 13
    # The page prints no byline, no subject codes and no web address.
    assert item.findall(".//g2:creator", NS) == item.findall(".//g2:by", NS) == []
    assert item.findall(".//g2:subject", NS) == item.findall(".//g2:remoteContent", NS) == []


def test_seed_and_500_reuters_stories_validate(shared: Path) -> None:
    records = [seed_record(), *reuters_records(shared, 500)]
    problems = {r["id"]: newsml_errors(render(r, Settings()), shared) for r in records}
    assert {k: v for k, v in problems.items() if v} == {}
    assert newsml_errors(news_message(records, Settings()), shared) == []


def test_reuters_stories_read_back_field_for_field(shared: Path) -> None:
    records = reuters_records(shared, 500)
    back = list(reader.read(news_message(records, Settings()), CTX))
    assert [carried_by_newsml(r) for r in back] == [carried_by_newsml(r) for r in records]


def test_every_part_of_a_full_record(shared: Path) -> None:
    record = story(
        subheadline="At last", date_modified="2021-07-30", publisher="People's Daily",
        authors=[("Wei Ming", "person"), ("Xinhua", "organization")], editors=["Li Na"],
        dateline={"text": "DUSHANBE, Tajikistan, July 28 (Xinhua) --", "place": "DUSHANBE",
                  "place_name": "Dushanbe", "region": "Tajikistan", "date": "2021-07-28",
                  "agency": "Xinhua"},
        images=[("Wei speaks.", "Xinhua/Li", "https://img.example/1.jpg"), (None, None, None)],
        summary=["One.", "Two."],
        subjects=[{"qcode": "medtop:11000000", "name": "politics",
                   "uri": "http://cv.iptc.org/newscodes/mediatopic/11000000"},
                  {"qcode": "reuters:cocoa", "name": None, "uri": "https://r.example/cocoa"}],
        url="https://daily.example/budget")
    data = render(record, Settings(publisher=Publisher("Daily", "https://daily.example/")))
    assert newsml_errors(data, shared) == []
    item = etree.fromstring(data)
    provider = item.find("g2:itemMeta/g2:provider", NS)
    assert provider.get("uri") == "https://daily.example/"
    assert provider.findtext("g2:name", namespaces=NS) == "Daily"
    sources = {e.get("role"): e.findtext("g2:name", namespaces=NS)
               for e in item.iterfind("g2:contentMeta/g2:infoSource", NS)}
    assert sources == {"cpprole:origcont": "Xinhua", "cpprole:distributor": "People's Daily Online"}
    assert [(c.get("type"), c.findtext("g2:name", namespaces=NS))
            for c in item.iterfind("g2:contentMeta/g2:creator", NS)] == [
        ("cpnat:person", "Wei Ming"), ("cpnat:organisation", "Xinhua")]
    assert item.find("g2:contentMeta/g2:contributor", NS).get("role") == "cpprole:editor"
    assert item.findtext("g2:contentMeta/g2:by", namespaces=NS) == "Wei Ming, Xinhua"
    assert item.findtext("g2:contentMeta/g2:located/g2:broader/g2:name",
                         namespaces=NS) == "Tajikistan"
    subjects = item.findall("g2:contentMeta/g2:subject", NS)
    assert [dict(s.attrib) for s in subjects] == [
        {"type": "cpnat:abstract", "qcode": "medtop:11000000"},  # the URI follows from it
        {"qcode": "reuters:cocoa", "uri": "https://r.example/cocoa"}]
    assert item.findtext(".//nitf:hl2", namespaces=NS) == "At last"
    assert item.find("g2:contentSet/g2:remoteContent", NS).attrib == {
        "href": "https://daily.example/budget", "contenttype": "text/html"}
    # A date-only modification: contentModified keeps the day, versionCreated is the newer
    # of the two instants, the day taken as midnight in the record's zone (none: UTC).
    assert item.findtext("g2:contentMeta/g2:contentModified", namespaces=NS) == "2021-07-30"
    assert item.findtext("g2:itemMeta/g2:versionCreated",
                         namespaces=NS) == "2021-07-30T00:00:00+00:00"
    back = read_one(data)
    assert first_error(back) is None
    assert {k: back[k] for k in record if k not in ("provenance",)} == \
        {k: record[k] for k in record if k not in ("provenance",)}


@pytest.mark.parametrize(("published", "modified", "zone", "line_day", "expected"), [
    ("2021-07-29T09:19:00+08:00", None, None, None, "2021-07-29T09:19:00+08:00"),
    ("2021-07-29T09:19:00Z", "2021-07-29T03:00:00+02:00", None, None, "2021-07-29T09:19:00Z"),
    ("2021-07-29", None, {"name": "Asia/Shanghai", "origin": "source-default"}, None,
     "2021-07-29T00:00:00+08:00"),
    (None, None, None, "2021-07-28", "2021-07-28T00:00:00+00:00"),
    (None, None, None, None, None),  # nothing dates it: no newsItem (test_conformance.py)
])
def test_version_created_never_reads_the_clock(published, modified, zone, line_day,
                                               expected) -> None:
    dateline = {"text": "X --", "date": line_day} if line_day else None
    record = story(date_published=published, date_modified=modified, timezone=zone,
                   dateline=dateline)
    moment = version_moment(record)
    assert (moment and moment[1]) == expected
    now = datetime(2026, 11, 30, 6, tzinfo=UTC)  # --now dates only what nothing else does
    assert version_moment(record, now)[1] == (expected or "2026-11-30T06:00:00+00:00")


def test_news_message_header_comes_from_the_items(shared: Path) -> None:
    early = story(headline="Early", date_published="2021-07-29T09:00:00+08:00")
    late = story(headline="Late", date_published="2021-07-29T03:00:00+02:00")  # 09:00 +08:00
    latest = story(headline="Latest", date_published="2021-07-29T01:30:00Z")  # 09:30 +08:00
    records = [early, late, latest]
    data = news_message(records, Settings(publisher=Publisher("Daily")))
    assert newsml_errors(data, shared) == []
    assert data == news_message(records, Settings(publisher=Publisher("Daily")))
    header = etree.fromstring(data).find("g2:header", NS)
    assert header.findtext("g2:sent", namespaces=NS) == "2021-07-29T01:30:00Z"
    assert header.findtext("g2:sender", namespaces=NS) == "Daily"
    guids = "\n".join(r["iri"] for r in records)
    assert header.findtext("g2:transmitId", namespaces=NS) == \
        hashlib.sha256(guids.encode()).hexdigest()[:32]
    reordered = news_message(records[::-1], Settings())
    assert etree.fromstring(reordered).findtext("g2:header/g2:transmitId", namespaces=NS) != \
        header.findtext("g2:transmitId", namespaces=NS)
    back = list(reader.read(data, CTX))
    assert [r["id"] for r in back] == [r["id"] for r in records]
    assert [r["provenance"]["item"] for r in back] == [r["iri"] for r in records]


def printed_whole(records: list[Article], settings: Settings) -> bytes:
    """The newsMessage as one lxml tree printed at once (what streaming must reproduce)."""
    moments = [version_moment(r) for r in records]
    sent = max(moments, key=lambda m: m[0])[1]
    guids = "\n".join(r["iri"] for r in records)
    sender = settings.publisher.name if settings.publisher else None
    message = _message(_Header(sent, hashlib.sha256(guids.encode()).hexdigest()[:32], sender))
    message[-1].extend(news_item(r, settings) for r in records)
    return etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)


@pytest.mark.parametrize("settings", [Settings(), Settings(publisher=Publisher(
    "Daily & <Sons> \u00e9", "https://daily.example/"))], ids=["no-publisher", "publisher"])
def test_the_streamed_message_is_the_message_printed_whole(shared: Path, settings) -> None:
    records = [seed_record(), *reuters_records(shared, 500)]
    records.append(story(headline="Caf\u00e9 <b>& \u201cquotes\u201d</b>",
                         dateline={"text": "PARIS, July 28 (AFP) --", "place": "PARIS",
                                   "place_name": "Paris", "region": None, "date": "2021-07-28",
                                   "agency": "AFP"}))
    streamed = io.BytesIO()
    write_news_message(iter(records), settings, streamed)
    assert streamed.getvalue() == printed_whole(records, settings)
    assert news_message(records, settings) == streamed.getvalue()


def test_a_message_bigger_than_the_memory_spool_is_the_same(monkeypatch) -> None:
    records = [story(headline=f"Story {n}", body=[f"Paragraph {n}."] * 20) for n in range(60)]
    whole = news_message(records, Settings())
    monkeypatch.setattr("exporter.writers.newsml.SPOOL_IN_MEMORY", 4096)  # to a file at once
    assert news_message(records, Settings()) == whole == printed_whole(records, Settings())


PEAK_RSS = """
import resource, sys
from exporter.record import ReadContext, new_record
from exporter.settings import Settings
from exporter.writers import newsml
newsml.SPOOL_IN_MEMORY = 1 << 16
ctx = ReadContext(name="story.xml", sha256="ab" * 32)
records = (new_record(ctx, reader="test", headline=f"Story {n}", source="Xinhua",
                      date_published="2021-07-29T09:19:00+08:00",
                      body=[f"Paragraph {n} of a long enough story. " * 8] * 30)
           for n in range(int(sys.argv[1])))
with open("/dev/null", "wb") as out:
    newsml.write_news_message(records, Settings(), out)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def test_a_message_takes_the_memory_of_one_item_whatever_its_size() -> None:
    """Holding every item, 3,000 of these (~12 KB printed, several times that as lxml
    trees) would take well over 100 MiB more than 300 do."""
    def peak_kib(count: int) -> int:
        child = subprocess.run([sys.executable, "-c", PEAK_RSS, str(count)], cwd=ROOT,
                               capture_output=True, text=True, check=True, timeout=120)
        return int(child.stdout)

    assert peak_kib(3000) - peak_kib(300) < 16 * 1024


def test_an_empty_batch_is_an_input_error_before_any_byte() -> None:
    with pytest.raises(InputError, match="at least one article"):
        news_message([], Settings())
    out = io.BytesIO()
    with pytest.raises(InputError, match="at least one article"):
        write_news_message(iter([]), Settings(), out)
    assert out.getvalue() == b""


def test_characters_xml_forbids_are_removed_with_a_warning(shared: Path) -> None:
    record = story(headline="Bell\x07 rings\ufffe", body=["Null\x00 and \ud800 lone"])
    with pytest.warns(UserWarning) as caught:
        data = render(record, Settings())
    assert sorted(str(w.message) for w in caught) == [
        f"article {record['id']}: $.body[0]: removed 2 character(s) that XML 1.0 forbids",
        f"article {record['id']}: $.headline: removed 2 character(s) that XML 1.0 forbids"]
    assert newsml_errors(data, shared) == []
    item = etree.fromstring(data)
    assert item.findtext("g2:contentMeta/g2:headline", namespaces=NS) == "Bell rings"
    assert item.findtext(".//nitf:p", namespaces=NS) == "Null and  lone"


def test_iptc_examples_read_into_valid_records(shared: Path) -> None:
    paths = sorted((shared / EXAMPLES / "examples").glob("*.xml"))
    paths.append(shared / EXAMPLES / "local-minimal-text-newsItem.xml")
    records = {}
    for path in paths:
        data = path.read_bytes()
        assert reader.sniff(data, path.name)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # LISTING_3 has a subject with no identifier
            (record,) = reader.read(data, ReadContext(path.name, hashlib.sha256(data).hexdigest()))
        assert first_error(record) is None, path.name
        records[path.name] = record
    text = records["LISTING_2_NewsML-G2_Text_Document.xml"]
    assert text["headline"] == 'Fed to halt QE to avert "bubble"'
    assert text["language"] == "en-US"
    assert (text["date_published"], text["date_modified"]) == (
        "2016-11-21T15:21:06-05:00", "2018-11-21T16:22:45-05:00")
    assert text["source"]["name"] == "The Associated Press"
    assert [a["name"] for a in text["authors"]] == ["Meredith Jameson"]
    assert [s["qcode"] for s in text["subjects"]] == [
        "medtop:04000000", "medtop:20000350", "medtop:20000379"]
    assert text["subjects"][1] == {"qcode": "medtop:20000350", "name": "central bank",
                                   "uri": "http://cv.iptc.org/newscodes/mediatopic/20000350"}
    assert len(text["body"]) == 2 and text["body"][0].startswith("(New York, NY - October 21)")
    sports = records["LISTING_22_Sports_story_in_NewsML-G2NITF.xml"]
    assert sports["summary"][0].startswith("A pair of teams coming off big weekend sweeps will")
    assert len(sports["body"]) == 6
    photo = records["LISTING_3_Photo_in_NewsML-G2.xml"]["images"]
    assert [(i["credit"], i["url"]) for i in photo] == [("Getty Images", None)]  # paths only
    assert photo[0]["caption"].startswith("A general view of part of downtown")
    minimal = records["local-minimal-text-newsItem.xml"]
    assert minimal["images"][0]["url"] == "https://example.com/photo.jpg"
    assert minimal["dateline"]["text"] == "BERLIN, Jan 1"
    assert [a["name"] for a in minimal["authors"]] == ["Jane Doe"]  # from "By Jane Doe"


def test_a_bad_item_in_a_message_is_an_error_and_the_others_are_read() -> None:
    good = etree.fromstring(render(story(), Settings()))
    bad = etree.fromstring(render(story(headline="Gone", body=[]), Settings()))
    for element in bad.iter(f"{{{NAR}}}headline", f"{{{NITF}}}hl1"):
        element.getparent().remove(element)
    message = etree.fromstring(news_message([story(), story()], Settings()))
    item_set = message.find("g2:itemSet", NS)
    item_set[:] = [bad, good]
    data = etree.tostring(message, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    error, record = reader.read(data, CTX)
    assert isinstance(error, InputError) and "neither a headline" in error.reason
    line = data[:data.index(b"<newsItem")].count(b"\n") + 1
    assert str(error).startswith(f"story.xml:{line}: ")
    assert record["headline"] == "Budget passes"


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" standard="NewsML-G2"
  standardversion="2.35"><contentMeta><headline>&xxe;</headline></contentMeta></newsItem>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x" standard="NewsML-G2"
  standardversion="2.35"><contentMeta><headline>&lol4;</headline></contentMeta></newsItem>"""
PARAMETER_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd"> %remote;]>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="x"/>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS, PARAMETER_XXE], ids=["xxe", "laughs", "param"])
def test_entity_attacks_fail_cleanly(data: bytes) -> None:
    assert reader.sniff(data)
    with pytest.raises(InputError, match="DOCTYPE declares entities") as caught:
        list(reader.read(data, CTX))
    assert str(caught.value).startswith("story.xml:2: ")
    assert "root:" not in str(caught.value)


def test_malformed_xml_names_the_line() -> None:
    data = b'<?xml version="1.0"?>\n<newsItem xmlns="' + NAR.encode() + b'">\n<oops></newsItem>'
    with pytest.raises(InputError, match="not well-formed XML") as caught:
        list(reader.read(data, CTX))
    assert caught.value.line == 3


def test_an_undeclared_entity_is_malformed_not_expanded() -> None:
    with pytest.raises(InputError, match="not well-formed"):
        xmlsafe.parse(b"<a>&nbsp;</a>")


def test_other_xml_is_refused_with_its_root_named() -> None:
    assert not reader.sniff(b"<rss><channel/></rss>")
    with pytest.raises(InputError, match="root element is 'rss'"):
        list(reader.read(b"<rss><channel/></rss>", CTX))


@pytest.mark.parametrize(("data", "expected"), [
    (b'<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">', True),
    (b'<?xml version="1.0"?><g2:newsItem xmlns:g2="http://iptc.org/std/nar/2006-10-01/">', True),
    (b'<newsItem xmlns="http://example.com/">', False),
    (b'{"uri": "http://iptc.org/std/nar/2006-10-01/ <newsItem "}', False),
    (b"DUSHANBE, July 28 (Xinhua) -- text", False),
])
def test_sniff(data: bytes, expected: bool) -> None:
    assert reader.sniff(data, "x") is expected


def test_another_base_uri_makes_a_foreign_guid_a_new_id() -> None:
    """Only an article IRI under this run's base keeps its id; any other guid is hashed."""
    record = story()
    data = render(record, Settings())
    assert read_one(data)["id"] == record["id"]
    other = ReadContext("story.xml", "ab" * 32, base_uri="https://other.example/")
    assert read_one(data, other)["id"] != record["id"]
