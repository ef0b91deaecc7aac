"""The wire-text reader on the seed, on each layout outlets print, and on real PolNeAR stories."""

from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from exporter.inputs import sha256
from exporter.readers import wire_text
from exporter.record import ReadContext
from exporter.validation import errors

from .conftest import GOLDEN, SEED

FIXTURES = Path(__file__).parent / "fixtures" / "wire"


def parse(path: Path, **options) -> dict:
    data = path.read_bytes()
    return next(wire_text.read(data, ReadContext(path.name, sha256(data), **options)))


def test_seed_matches_golden_record():
    golden = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    assert parse(SEED) == golden


def test_seed_fields_against_the_text():
    """The golden file's key facts, each read off the seed by eye."""
    record = parse(SEED)
    assert record["headline"] == ("Chinese defense minister vows no concession in protecting "
                                  "national interests")
    assert record["date_published"] == "2021-07-29T09:19:00+08:00"  # 09:19 stays 09:19
    assert record["timezone"] == {"name": "Asia/Shanghai", "origin": "source-default"}
    assert record["source"]["name"] == "Xinhua"
    assert record["publisher"] is None and record["authors"] == []
    assert record["dateline"]["text"] == "DUSHANBE, July 28 (Xinhua) --"
    assert (record["dateline"]["place"], record["dateline"]["place_name"]) == \
        ("DUSHANBE", "Dushanbe")
    assert record["dateline"]["date"] == "2021-07-28"
    assert record["dateline"]["agency"] == "Xinhua"
    [image] = record["images"]
    assert image["caption"].startswith("Chinese State Councilor and Minister of National Defense")
    assert image["caption"].endswith("in Dushanbe, Tajikistan on July 28, 2021.")
    assert image["credit"] == "Xinhua"
    assert record["summary"] == ["China has the ambition, backbone and confidence to withstand "
                                 "all external pressure, overcome all risks and challenges, "
                                 "Wei said."]
    assert record["body"][0].startswith("Visiting Chinese State Councilor")
    assert record["body"][-1].startswith("On the sidelines of the meeting, Wei held talks")
    assert len(record["body"]) == 13  # 17 non-empty lines: headline, meta, caption, summary
    assert record["meta_lines"] == ["Xinhua) 09:19, July 29, 2021"]
    assert record["word_count"] == sum(len(p.split()) for p in record["body"]) == 527
    assert record["provenance"]["sha256"] == \
        "1f6800d8c80e7f85f1bd55e3501bce9f22838f55e3835ac05db9e3fb50a5eea5"


def test_id_is_stable_and_base_uri_configurable():
    first, second = parse(SEED), parse(SEED, base_uri="https://news.example.org/")
    assert first["id"] == second["id"]
    assert second["iri"] == f"https://news.example.org/article/{first['id']}"
    assert second["source"]["iri"] == "https://news.example.org/organization/xinhua"


def test_timezone_option_overrides_the_source_default():
    record = parse(SEED, timezone="Asia/Dushanbe")
    assert record["date_published"] == "2021-07-29T09:19:00+05:00"
    assert record["timezone"] == {"name": "Asia/Dushanbe", "origin": "option"}


EXPECTED = {
    "peoples_daily.txt": {
        "headline": "China launches new satellite for Earth observation",
        "date_published": "2022-03-03T14:20:00+08:00",
        "source": "People's Daily Online", "publisher": "People's Daily Online",
        "dateline": ("JIUQUAN", "Jiuquan", None, "2022-03-03", "Xinhua"),
        "images": [("Photo by Wang Jiangbo/Xinhua"), ("Xinhua/Li Gang")],
        "editors": ["Hu Ximeng", "Liang Jun"], "unparsed": ["Home>>China"], "body": 3,
    },
    "xinhuanet.txt": {
        "headline": "Xi meets foreign ministers of SCO member states",
        "date_published": "2018-05-31T23:31:37+08:00", "source": "Xinhua",
        "dateline": ("BEIJING", "Beijing", None, "2018-05-31", None),
        "editors": ["Mu Xuequan"], "unparsed": ["Enditem"], "body": 2,
    },
    "chinadaily.txt": {
        "headline": "City parks extend opening hours for summer",
        "date_published": "2021-07-29T09:19:00+08:00",
        "date_modified": "2021-07-29T09:19:00+08:00",
        "source": "chinadaily.com.cn", "publisher": "China Daily", "authors": ["Zhang San"],
        "dateline": None, "body": 2,
        "unparsed": ["Share this article", "Copyright 1995 - 2021. All rights reserved."],
    },
    "tass.txt": {
        "date_published": "2021-07-28", "source": "TASS",
        "dateline": ("DUSHANBE", "Dushanbe", None, "2021-07-28", "TASS"), "body": 2,
    },
    "ani.txt": {
        "date_published": None, "source": "ANI",
        "dateline": ("Dushanbe", "Dushanbe", "Tajikistan", None, "ANI"), "body": 2,
    },
    "ap.txt": {
        "headline": "Obama says Trump modeling policies on Putin",
        "source": "AP",
        "dateline": ("WASHINGTON", "Washington", None, None, "AP"), "body": 2,
    },
    "upi_region.txt": {
        "date_published": "2016-10-04", "source": "UPI",
        "dateline": ("FLINT", "Flint", "Mich.", "2016-10-04", "UPI"), "body": 2,
    },
    "reuters_byline.txt": {
        "source": "Reuters", "authors": ["Rie Sagawa"],
        "dateline": ("TOKYO", "Tokyo", None, None, "Reuters"), "body": 2,
        "unparsed": ["Reuters"],
    },
    "no_dateline.txt": {"dateline": None, "summary": [], "body": 2, "source": None},
    "december_rollover.txt": {
        "date_published": "2022-01-01T00:05:00+08:00",
        "dateline": ("SYDNEY", "Sydney", None, "2021-12-31", "Xinhua"), "body": 2,
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_layouts(name):
    record = parse(FIXTURES / name)
    assert list(errors(record)) == []
    want = EXPECTED[name]
    for key, value in want.items():
        got = record[key]
        if key in ("source", "publisher"):
            got = got and got["name"]
        elif key == "dateline":
            got = got and (got["place"], got["place_name"], got["region"], got["date"],
                           got["agency"])
        elif key == "images":
            got = [image["credit"] for image in got]
        elif key in ("authors", "editors"):
            got = [agent["name"] for agent in got]
        elif key == "body":
            got = len(got)
        assert got == value, key


def _tokens(text: str) -> Counter:
    return Counter(t for t in (w.strip("()[]/.,:;—–-\"“”'’") for w in text.split()) if t)


def assert_nothing_lost(path: Path, record: dict) -> None:
    """Every word of every non-empty line lands in exactly one field: the multisets match."""
    text = path.read_text(encoding="utf-8-sig")
    text = re.sub(r"\A\s*date\s+\d{4}-\d{1,2}-\d{1,2}", "", text)  # the date is a field value
    placed = [record["headline"] or "", *record["meta_lines"], *record["summary"], *record["body"],
              *record["unparsed"], record["dateline"]["text"] if record["dateline"] else ""]
    # A credit printed without brackets stays in the caption as printed; count it once.
    placed += [i["caption"] if i["caption"] and i["credit"] and i["credit"] in i["caption"]
               else f"{i['caption'] or ''} {i['credit'] or ''}" for i in record["images"]]
    assert _tokens(" ".join(placed)) == _tokens(text), path.name


@pytest.mark.parametrize("path", [SEED, *sorted(FIXTURES.glob("*.txt"))], ids=lambda p: p.name)
def test_nothing_is_lost(path):
    assert_nothing_lost(path, parse(path))


def _polnear_wire(shared):
    root = shared / "corpora" / "polnear"
    with (root / "metadata.tsv").open(encoding="utf-8") as handle:
        rows = {r["filename"]: r for r in csv.DictReader(handle, delimiter="\t")
                if r["wire"] in ("AP", "UPI", "AFP", "Reuters")}
    files = {p.stem: p for p in root.glob("*/text/*.txt")}
    return [(files[name], row) for name, row in sorted(rows.items()) if name in files]


def test_polnear_wire_stories_headline_agency_and_nothing_lost(shared):
    """PolNeAR's metadata is ground truth for the headline and agency of its wire stories."""
    stories = _polnear_wire(shared)
    assert len(stories) >= 70  # 87 wire rows, 75 of them with a text file
    headline_ok = agency_ok = 0
    for path, row in stories:
        record = parse(path)
        assert list(errors(record)) == [], path.name
        assert_nothing_lost(path, record)
        same = (record["headline"] or "").rstrip(".") == row["title"].strip().rstrip(".")
        headline_ok += same
        if not same:
            print("headline differs:", record["headline"], "|", row["title"])
        credited = record["source"]["name"] if record["source"] else None
        agency_ok += credited is not None and wire_text.sources.canonical_name(credited) == \
            wire_text.sources.canonical_name(row["wire"])
        if not credited:
            print("no agency found:", path.name, row["wire"], record["body"][:1])
    print(f"headline {headline_ok}/{len(stories)}, agency {agency_ok}/{len(stories)}")
    assert headline_ok / len(stories) >= 0.95
    assert agency_ok / len(stories) >= 0.9


@pytest.mark.parametrize(("printed", "clean"), [
    ("DUSHANBE", "Dushanbe"), ("MEXICO CITY", "Mexico City"), ("New york", "New York"),
    ("RIO DE JANEIRO", "Rio de Janeiro"), ("ST. LOUIS", "St. Louis"), ("omaha", "Omaha"),
    ("WILKES-BARRE", "Wilkes-Barre"), ("McAllen", "McAllen")])
def test_place_names_have_one_spelling(printed, clean):
    assert wire_text.split_dateline(f"{printed}, July 28 - Text.", None)[0]["place_name"] == clean


@pytest.mark.parametrize("blank", ["\ufeff", "\u200b", "\u200b \ufeff\t"])
def test_a_line_of_zero_width_characters_is_no_paragraph(blank):
    """Python's str.strip() keeps U+FEFF and U+200B; the reader drops them (found by fuzzing:
    a trailing BOM made an empty body paragraph and an invalid record)."""
    text = f"Headline here\n\nDUSHANBE, July 28 (Xinhua) -- Body text.\n\n{blank}\n\nMore.\n"
    data = text.encode("utf-8")
    [record] = wire_text.read(data, ReadContext("blank.txt", sha256(data)))
    assert list(errors(record)) == []
    assert record["body"] == ["Body text.", "More."]


def test_a_time_in_local_mean_time_keeps_the_date_only():
    """Shanghai kept local mean time (+08:05:43) until 1901: no ISO offset can say it, so the
    record holds the date and the printed time stays in meta_lines (fuzzing found it)."""
    text = "Headline here\n\nXinhua) 09:19, January 1, 1900\n\nDUSHANBE (Xinhua) -- Body.\n"
    data = text.encode("utf-8")
    [record] = wire_text.read(data, ReadContext("lmt.txt", sha256(data)))
    assert list(errors(record)) == []
    assert record["date_published"] == "1900-01-01"
    assert "Xinhua) 09:19, January 1, 1900" in record["meta_lines"]
