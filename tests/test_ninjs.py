"""ninjs 2.2 and 3.1: the golden seed, validity against IPTC's JSON schemas, dates, the HTML
body, JSON Lines, and IPTC's own 1.6, 2.2, 3.0 and 3.1 examples read back."""

from __future__ import annotations

import hashlib
import json
import warnings
from pathlib import Path

import lxml.html
import pytest

from exporter.errors import InputError
from exporter.readers import ninjs as reader
from exporter.record import Article, ReadContext, new_record
from exporter.settings import Settings
from exporter.validation import first_error
from exporter.writers import get
from exporter.writers.ninjs import document
from tests.conftest import GOLDEN, SEED
from tests.iptc_check import carried_by_ninjs, ninjs_errors, reuters_records

CTX = ReadContext(name="story.json", sha256="cd" * 32)
VERSIONS = {"ninjs": "2.2", "ninjs3": "3.1"}
EXAMPLES = Path("standards/ninjs/examples")  # inside ../shared


def seed_record() -> Article:
    return json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))


def story(**fields: object) -> Article:
    values: dict = {"reader": "test", "headline": "Budget passes",
                    "date_published": "2021-07-29T09:19:00+08:00", "source": "Xinhua",
                    "body": ["First.", "Second."]}
    values.update(fields)
    return new_record(CTX, **values)


def read_one(data: bytes) -> Article:
    (record,) = reader.read(data, CTX)
    return record


@pytest.mark.parametrize(("name", "golden"), [("ninjs", "seed.ninjs.json"),
                                              ("ninjs3", "seed.ninjs3.json")])
def test_seed_matches_the_golden_files(name: str, golden: str) -> None:
    assert get(name).render(seed_record(), Settings()) == (GOLDEN / golden).read_bytes()


def test_golden_seed_member_by_member_against_the_seed_text(shared: Path) -> None:
    doc = json.loads((GOLDEN / "seed.ninjs.json").read_text(encoding="utf-8"))
    assert ninjs_errors(doc, "2.2", shared) == []
    seed = SEED.read_text(encoding="utf-8")
    lines = [line for line in seed.splitlines() if line.strip()]
    assert list(doc) == ["uri", "standard", "type", "version", "versioncreated", "pubstatus",
                         "language", "headlines", "located", "places", "descriptions",
                         "bodies", "infosources", "associations"]
    assert doc["uri"] == "https://newsexport.example/article/4254cb3e62e38d7f"
    assert doc["versioncreated"] == "2021-07-29T09:19:00+08:00"  # "09:19, July 29, 2021"
    assert "09:19, July 29, 2021" in seed and "firstcreated" not in doc
    assert doc["headlines"] == [{"role": "main", "value": lines[0].split(" ", 3)[3]}]
    assert (doc["located"], doc["places"][0]["name"]) == ("Dushanbe", "Dushanbe")
    assert doc["descriptions"][0]["value"] in lines
    assert doc["infosources"] == [{
        "name": "Xinhua", "uri": "https://newsexport.example/organization/xinhua",
        "role": "http://cv.iptc.org/newscodes/contentprodpartyrole/origcont"}]
    (picture,) = doc["associations"]
    assert f"{picture['descriptions'][0]['value']} ({picture['by']})" in lines
    plain, html = doc["bodies"]
    start = lines.index(plain["value"].split("\n\n")[0])
    assert lines[start].startswith("DUSHANBE, July 28 (Xinhua) -- Visiting")
    assert plain["value"].split("\n\n") == lines[start:]
    paragraphs = lxml.html.fragments_fromstring(html["value"])
    assert [p.text_content() for p in paragraphs] == lines[start:]
    assert paragraphs[0][0].get("class") == "dateline"
    assert paragraphs[0][0].text == "DUSHANBE, July 28 (Xinhua) --"
    three = json.loads((GOLDEN / "seed.ninjs3.json").read_text(encoding="utf-8"))
    assert ninjs_errors(three, "3.1", shared) == []
    assert three["versionCreated"] == doc["versioncreated"]
    assert three["infoSources"] == doc["infosources"]


def test_seed_reads_back_whole() -> None:
    """Everything the seed has but the wire reader's own notes comes back from ninjs."""
    seed = seed_record()
    for name in VERSIONS:
        back = read_one(get(name).render(seed, Settings()))
        assert back == {**seed, "timezone": None, "meta_lines": [], "provenance": {
            "reader": "ninjs", "input": "story.json", "sha256": "cd" * 32, "item": None}}


def test_500_reuters_stories_validate_and_read_back(shared: Path) -> None:
    for record in reuters_records(shared, 500):
        for name, version in VERSIONS.items():
            data = get(name).render(record, Settings())
            assert ninjs_errors(json.loads(data), version, shared) == [], record["id"]
            assert carried_by_ninjs(read_one(data)) == carried_by_ninjs(record)


@pytest.mark.parametrize(("published", "modified", "written", "read"), [
    ("2021-07-29T09:19:00+08:00", None, {"versioncreated": "2021-07-29T09:19:00+08:00"},
     ("2021-07-29T09:19:00+08:00", None)),
    ("2021-07-29T09:19:00+08:00", "2021-07-29T10:00:00Z",
     {"firstcreated": "2021-07-29T09:19:00+08:00", "versioncreated": "2021-07-29T10:00:00Z"},
     ("2021-07-29T09:19:00+08:00", "2021-07-29T10:00:00Z")),
    ("2021-07-29", None, {}, (None, None)),  # a day alone is never given an invented time
    ("2021-07-29", "2021-07-30T08:00:00Z", {"versioncreated": "2021-07-30T08:00:00Z"},
     ("2021-07-30T08:00:00Z", None)),
])
def test_dates(published, modified, written, read, shared: Path) -> None:
    record = story(date_published=published, date_modified=modified)
    doc = document(record, "2.2")
    assert {k: doc[k] for k in ("firstcreated", "versioncreated") if k in doc} == written
    assert ninjs_errors(doc, "2.2", shared) == []
    back = read_one(json.dumps(doc).encode())
    assert (back["date_published"], back["date_modified"]) == read


def test_html_body_escapes_what_it_carries() -> None:
    hostile = '</p><script>alert("x")</script> & <!-- "quoted" \u2028 ünïcødé 🎉'
    record = story(body=[hostile, "x < y"], dateline={"text": "<b>LONDON</b> --",
                                                      "place": None})
    doc = document(record, "2.2")
    html = doc["bodies"][1]["value"]
    assert "<script>" not in html and "<b>" not in html
    assert len(lxml.html.fragments_fromstring(html)) == 2
    back = read_one(json.dumps(doc).encode())
    assert back["body"] == [hostile, "x < y"]
    assert back["dateline"]["text"] == "<b>LONDON</b> --"


def test_json_lines_bundle_reads_back_line_by_line() -> None:
    records = [story(headline=f"Story {n}") for n in range(3)]
    for name in VERSIONS:
        parts = get(name).bundle
        data = parts.head(Settings()) + b"".join(parts.item(r, Settings()) for r in records) \
            + parts.tail(Settings())
        assert parts.filename == f"all.{name}.jsonl" and data.count(b"\n") == 3
        back = list(reader.read(data, CTX))
        assert [r["id"] for r in back] == [r["id"] for r in records]
        assert [r["provenance"]["item"] for r in back] == ["line 1", "line 2", "line 3"]


def test_a_bad_json_line_is_an_error_and_the_others_are_read() -> None:
    good = get("ninjs").bundle.item(story(), Settings())
    data = good + b'{"uri": "x", "headlines": "not a list"}\n[1]\n' + good
    results = list(reader.read(data, CTX))
    assert [type(r).__name__ for r in results] == ["dict", "InputError", "InputError", "dict"]
    assert str(results[1]) == "story.json:2: headlines: 'headlines' must be an array of objects"
    assert str(results[2]) == "story.json:3: a ninjs document is a JSON object, not list"


@pytest.mark.parametrize(("data", "message"), [
    (b'{"uri": "x",\n "headlines": [}', r"story\.json:2: invalid JSON"),
    (b'{"uri": "x", "by": 5, "headlines": [{"value": "H"}]}', "'by' must be a string"),
    (b'{"uri": "x"}', "neither a headline"),
    (b"[]", "a JSON object, not list"),
    (b'{"uri": "x", "headlines": [{"value": "Bad \\ud800"}]}',
     r"story\.json: a string holds a lone surrogate \(U\+D800\)"),  # no UTF-8 can carry it
])
def test_bad_documents_are_input_errors(data: bytes, message: str) -> None:
    with pytest.raises(InputError, match=message):
        list(reader.read(data, CTX))


def test_characters_xml_forbids_are_removed_with_a_warning(shared: Path) -> None:
    record = story(headline="Bell\x07", body=["Null\x00"])
    with pytest.warns(UserWarning, match="removed 1 character"):
        doc = document(record, "3.1")
    assert ninjs_errors(doc, "3.1", shared) == []
    assert doc["headlines"][0]["value"] == "Bell"
    assert doc["bodies"][0]["value"] == "Null"


def test_iptc_examples_read_into_valid_records(shared: Path) -> None:
    records = {}
    for path in sorted((shared / EXAMPLES).glob("*/*.json")):
        data = path.read_bytes()
        assert reader.sniff(data, path.name), path
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # NTB and TT subjects carry no QCode
            (record,) = reader.read(data, ReadContext(path.name, hashlib.sha256(data).hexdigest()))
        assert first_error(record) is None, path
        records[path.relative_to(shared / EXAMPLES).as_posix()] = record
    complex_texts = [records[f"{v}/005_complex_text_article.json"] for v in ("1.6", "2.2", "3.1")]
    for record in complex_texts:
        assert record["headline"] == "Captain of wrecked cruise ship on trial in Italy"
        assert [(a["name"], a["kind"]) for a in record["authors"]] == [
            ("Paulo Santalucia", "person"), ("Frances d'Emilio", "person")]
        assert record["date_published"] == "2013-07-09T10:37:00Z"
        assert record["language"] == "en"
        assert len(record["body"]) == 4 and record["body"][0].startswith("GROSSETO, Italy (AP)")
    assert complex_texts[0] == {**complex_texts[1], "provenance": complex_texts[0]["provenance"]}
    dpa = records["3.0/dpa_text.json"]
    assert dpa["source"]["name"] == "dpa" and dpa["language"] == "de"
    assert [(a["name"], a["kind"]) for a in dpa["authors"]] == [
        ("Christian Hollmann", "person"), ("dpa", "organization")]
    assert len(dpa["body"]) == 9
    ntb = records["3.0/ntb_text.json"]
    assert (ntb["date_published"], ntb["date_modified"]) == (
        "2019-08-09T09:30:04Z", "2019-08-09T09:46:53Z")
    assert ntb["summary"][0].startswith("IT-giganten Google har kjøpt")
    tt = records["3.0/tt_text_image_3.json"]
    assert tt["images"][0]["credit"] == "Karl Melander/TT"
    assert tt["images"][0]["url"].endswith("a001_NormalHires.jpg")
    assert len(tt["body"]) == 4  # three paragraphs and a quote; the figure is not body text


def test_our_own_records_and_jsonld_are_not_ninjs() -> None:
    record = json.dumps(seed_record()).encode()
    assert not reader.sniff(record)
    assert not reader.sniff(b'{"@context": "https://schema.org", "uri": "x"}')
    assert not reader.sniff(b'<newsItem uri="x"/>')
    assert reader.sniff(b'\xef\xbb\xbf  {"uri": "x"}')


def test_a_ninjs_1x_object_is_read_like_2x() -> None:
    """1.x spells arrays as name-keyed objects and suffixed keys, subjects as scheme + code."""
    doc = {"uri": "urn:x:1", "headline": "Strike ends", "headline_sub": "After a week",
           "byline": "Ann Lee and Bo Ma", "versioncreated": "2013-07-09T10:37:00Z",
           "body_html": "<p>One.</p><ul><li>Two.</li></ul>", "description_summary": "In short.",
           "subject": [{"name": "labour market", "code": "20000523",
                        "scheme": "http://cv.iptc.org/newscodes/mediatopic/"}],
           "associations": {"pic": {"uri": "urn:x:2", "type": "picture",
                                    "description_caption": "Pickets.", "byline": "Foto",
                                    "renditions": {"big": {"href": "https://i.example/1.jpg"}}}}}
    record = read_one(json.dumps(doc).encode())
    assert (record["headline"], record["subheadline"]) == ("Strike ends", "After a week")
    assert [a["name"] for a in record["authors"]] == ["Ann Lee", "Bo Ma"]
    assert (record["body"], record["summary"]) == (["One.", "Two."], ["In short."])
    assert record["subjects"] == [{"qcode": "medtop:20000523", "name": "labour market",
                                   "uri": "http://cv.iptc.org/newscodes/mediatopic/20000523"}]
    assert [(i["caption"], i["credit"], i["url"]) for i in record["images"]] == [
        ("Pickets.", "Foto", "https://i.example/1.jpg")]
