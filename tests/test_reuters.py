"""The readers on real wire copy nobody here wrote: Reuters-21578's 19,043 DATELINE fields."""

from __future__ import annotations

import re
from datetime import date

import pytest

from exporter.inputs import sha256
from exporter.readers import reuters
from exporter.record import ReadContext

_STORY = re.compile(r'<REUTERS[^>]*NEWID="(\d+)"[^>]*>(.*?)</REUTERS>', re.S)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1)}


def expected_dateline(field: str, stamp: str) -> tuple[str, str | None]:
    """Ground truth from the DATELINE field alone: the place before the first comma (or the
    dash), the month and day after it, the year from the story's DATE."""
    text = field.strip()
    place = re.split(r",| -| (?=[A-Z][a-z]+ \d)", text, maxsplit=1)[0].strip()
    rest = text[len(place):]
    match = re.search(r"\b([A-Za-z]{3})[A-Za-z]*\.?\s*(\d{1,2})\b", rest)
    if not match or match.group(1).lower() not in _MONTHS:
        match = re.search(r"\b()(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\b", rest)
        if not match or match.group(3).lower() not in _MONTHS:
            return place, None
        return place, _day(stamp, match.group(3), match.group(2))
    return place, _day(stamp, match.group(1), match.group(2))


def _day(stamp: str, month: str, day: str) -> str | None:
    year = int(stamp.strip().split("-")[2][:4])
    try:
        return date(year, _MONTHS[month.lower()], int(day)).isoformat()
    except ValueError:
        return None


@pytest.fixture(scope="module")
def stories(shared):
    """(ground truth, record) for every story with a DATELINE, read through the reader."""
    pairs = []
    for path in sorted((shared / "corpora" / "reuters21578").glob("reut2-*.sgm")):
        data = path.read_bytes()
        truth = {}
        for newid, content in _STORY.findall(data.decode("latin-1")):
            line = re.search(r"<DATELINE>(.*?)</DATELINE>", content, re.S)
            if line:
                stamp = re.search(r"<DATE>(.*?)</DATE>", content).group(1)
                truth[f"NEWID={newid}"] = expected_dateline(line.group(1), stamp)
        records = {r["provenance"]["item"]: r
                   for r in reuters.read(data, ReadContext(path.name, sha256(data)))
                   if isinstance(r, dict)}
        pairs += [(expected, records.get(item)) for item, expected in truth.items()]
    return pairs


def test_corpus_has_the_documented_datelines(stories):
    assert len(stories) == 19043


def _rate(stories, index: int, field: str) -> tuple[float, list]:
    misses = [(expected, (record or {}).get("dateline"))
              for expected, record in stories
              if not record or not record["dateline"]
              or record["dateline"][field] != expected[index]]
    return 1 - len(misses) / len(stories), misses


def test_dateline_place_is_exact_for_99_percent(stories):
    rate, misses = _rate(stories, 0, "place")
    for expected, got in misses[:40]:
        print("place miss:", expected, "->", got and got["text"])
    print(f"place: {rate:.4%} exact, {len(misses)} misses")
    assert rate >= 0.99


def test_dateline_date_is_exact_for_99_percent(stories):
    rate, misses = _rate(stories, 1, "date")
    for expected, got in misses[:40]:
        print("date miss:", expected, "->", got and (got["text"], got["date"]))
    print(f"date: {rate:.4%} exact, {len(misses)} misses")
    assert rate >= 0.99


def test_reuters_story_fields(shared):
    data = (shared / "corpora" / "reuters21578" / "reut2-000.sgm").read_bytes()
    first = next(reuters.read(data, ReadContext("reut2-000.sgm", sha256(data))))
    assert first["headline"] == "BAHIA COCOA REVIEW"
    assert first["date_published"] == "1987-02-26T15:01:01+00:00"
    assert first["dateline"]["text"] == "SALVADOR, Feb 26 -"
    assert first["dateline"]["place_name"] == "Salvador"
    assert first["body"][0].startswith("Showers continued throughout the week in the Bahia cocoa")
    assert first["body"][1] == "The dry period means the temporao will be late this year."
    assert first["unparsed"] == ["Reuter"]
    assert first["provenance"]["item"] == "NEWID=1"


def test_reuters_byline_becomes_author_and_source(shared):
    data = (shared / "corpora" / "reuters21578" / "reut2-000.sgm").read_bytes()
    text = data.decode("latin-1")
    newid = re.search(r'NEWID="(\d+)">(?:(?!</REUTERS>).)*<AUTHOR>\s*by ([^<,]+), Reuter',
                      text, re.S | re.I)
    record = next(r for r in reuters.read(data, ReadContext("reut2-000.sgm", sha256(data)))
                  if isinstance(r, dict) and r["provenance"]["item"] == f"NEWID={newid.group(1)}")
    assert [a["name"] for a in record["authors"]] == [" ".join(newid.group(2).split())]
    assert record["authors"][0]["kind"] == "person"
    assert record["source"]["name"] == "Reuters"
