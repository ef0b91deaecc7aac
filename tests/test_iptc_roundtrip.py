"""Property tests: any record -> NewsML-G2 -> record, and -> ninjs 2.2 / 3.1 -> record, keeps
every field the format carries (tests/iptc_check.py says which), and every output is valid
against IPTC's schemas. Then IPTC's own examples, read and exported as schema.org JSON-LD."""

from __future__ import annotations

import json
import re
import warnings
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter import sources
from exporter.iptc import SCHEMES
from exporter.readers import newsml as newsml_reader
from exporter.readers import ninjs as ninjs_reader
from exporter.record import Article, ReadContext, new_record
from exporter.settings import Publisher, Settings
from exporter.validation import first_error
from exporter.writers import get
from tests.iptc_check import carried_by_newsml, carried_by_ninjs, newsml_errors, ninjs_errors

CTX = ReadContext(name="generated", sha256="ef" * 32)
PROPERTY = settings(max_examples=60, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
KNOWN = [source.name for source in sources.table()]

# Words of any script, with punctuation, symbols, markup characters and spaces other than
# U+0020 (no-break, ideographic); text is words joined by single spaces, as readers make it.
word = st.text(st.characters(categories=("L", "N", "P", "S", "Zs"), exclude_characters=" "),
               min_size=1, max_size=9) | st.sampled_from(["<p>", "&amp;", "]]>", '"', "'"])
text = st.lists(word, min_size=1, max_size=10).map(" ".join).filter(lambda t: re.search(r"\S", t))
optional_text = st.none() | text
# Names a byline can carry back: letters only, no "and"/"und", no "By" in front, and no
# name a known agency or outlet goes by (that reads back as the organisation).
name_word = st.text(st.characters(categories=("Lu", "Ll")), min_size=2, max_size=9)
person = st.lists(name_word, min_size=1, max_size=3).map(" ".join).filter(
    lambda n: not {w.casefold() for w in n.split()} & {"and", "und"}
    and n.split()[0].casefold() not in {"by", "von", "par", "por"}
    and sources.lookup(n) is None)
organization = st.sampled_from(KNOWN)
offsets = st.sampled_from(["Z", "+00:00", "+08:00", "-05:00", "+05:30", "-09:30", "+14:00"])
day = st.dates(min_value=date(1900, 1, 1), max_value=date(2099, 12, 31))
day_text = day.map(date.isoformat)
moment = st.builds(lambda d, t, o: f"{d.isoformat()}T{t.isoformat(timespec='seconds')}{o}",
                   day, st.times(), offsets)
when = st.none() | day_text | moment
url = st.none() | st.from_regex(r"https://[a-z]{1,8}\.example/[A-Za-z0-9._~-]{0,12}",
                                fullmatch=True) | st.just("urn:uuid:0f4e7a52-4c1d-4c3e-9d6a-1c2b")
medtop = st.builds(lambda n, name: {"qcode": f"medtop:{n}", "name": name,
                                    "uri": f"{SCHEMES['medtop']}{n}"},
                   st.integers(10000000, 99999999), optional_text)
other_subject = st.builds(
    lambda alias, code, name, has_uri: {"qcode": f"{alias}:{code}", "name": name,
                                        "uri": f"https://vocab.example/{code}" if has_uri
                                        else None},
    st.from_regex(r"[a-z][a-z0-9-]{1,7}", fullmatch=True).filter(lambda a: a not in SCHEMES),
    st.from_regex(r"[A-Za-z0-9._-]{1,10}", fullmatch=True), optional_text, st.booleans())


@st.composite
def dateline(draw: st.DrawFn) -> dict:
    place = draw(st.none() | st.from_regex(r"[A-Z]{2,10}( [A-Z]{2,8})?", fullmatch=True))
    parts = [draw(st.none() | text), place, draw(st.none() | text)]
    return {"text": " ".join(p for p in parts if p) or draw(text), "place": place,
            "place_name": draw(text), "region": draw(optional_text),
            "date": draw(st.none() | day_text), "agency": draw(st.none() | organization | text)}


@st.composite
def records(draw: st.DrawFn) -> Article:
    return new_record(
        CTX, reader="generated", headline=draw(text), guid=draw(st.none() | text),
        subheadline=draw(optional_text),
        language=draw(st.sampled_from(["en", "de", "zh-Hans", "pt-BR", "nb-NO", "und"])),
        date_published=draw(when), date_modified=draw(when),
        timezone=draw(st.sampled_from([None, {"name": "Asia/Shanghai",
                                              "origin": "source-default"}])),
        source=draw(st.none() | organization | person), publisher=draw(st.none() | organization),
        authors=draw(st.lists(st.tuples(person, st.just("person"))
                              | st.tuples(organization, st.just("organization")), max_size=3)),
        editors=draw(st.lists(person, max_size=2)), dateline=draw(st.none() | dateline()),
        images=draw(st.lists(st.tuples(optional_text, optional_text, url), max_size=3)),
        summary=draw(st.lists(text, max_size=3)), body=draw(st.lists(text, max_size=5)),
        subjects=draw(st.lists(medtop | other_subject, max_size=4)), url=draw(url),
        meta_lines=draw(st.lists(text, max_size=2)), unparsed=draw(st.lists(text, max_size=2)))


# --now: what dates the version of an article that has no date (NewsML-G2 needs one).
DATED = Settings(feed={"now": "2026-11-30T06:00:00+00:00"})


def read_all(module: object, data: bytes) -> list[Article]:
    found = list(module.read(data, CTX))
    assert all(first_error(r) is None for r in found)
    return found


@PROPERTY
@given(record=records())
def test_newsml_keeps_every_field_it_carries(record: Article, shared: Path) -> None:
    data = get("newsml").render(record, DATED)
    assert newsml_errors(data, shared) == []
    (back,) = read_all(newsml_reader, data)
    assert carried_by_newsml(back) == carried_by_newsml(record)


@PROPERTY
@given(record=records())
def test_ninjs_keeps_every_field_it_carries(record: Article, shared: Path) -> None:
    for name, version in (("ninjs", "2.2"), ("ninjs3", "3.1")):
        data = get(name).render(record, Settings())
        assert ninjs_errors(json.loads(data), version, shared) == []
        (back,) = read_all(ninjs_reader, data)
        assert carried_by_ninjs(back) == carried_by_ninjs(record)


@PROPERTY
@given(batch=st.lists(records(), min_size=1, max_size=4))
def test_a_news_message_keeps_every_item(batch: list[Article], shared: Path) -> None:
    daily = Settings(publisher=Publisher("Daily"), feed=DATED.feed)
    data = get("newsml").feed(batch, daily)
    assert newsml_errors(data, shared) == []
    assert data == get("newsml").feed(batch, daily)
    back = read_all(newsml_reader, data)
    assert [carried_by_newsml(r) for r in back] == [carried_by_newsml(r) for r in batch]


def test_iptc_examples_export_to_schema_org_jsonld(shared: Path) -> None:
    """IPTC's NewsML-G2 and ninjs examples, read and written as JSON-LD, use schema.org as
    its vocabulary defines it."""
    from exporter.checking.vocabulary import Vocabulary, check_graph
    from tests.conftest import SCHEMAORG
    from tests.test_rdf import expand
    vocab = Vocabulary.load(shared / SCHEMAORG)
    context = json.loads((shared / "standards/schemaorg/schemaorgcontext.jsonld")
                         .read_text(encoding="utf-8"))
    daily = Settings(publisher=Publisher("Example Daily", "https://daily.example/"))
    paths = [*sorted((shared / "standards/newsml-g2/examples").glob("*.xml")),
             shared / "standards/newsml-g2/local-minimal-text-newsItem.xml",
             *sorted((shared / "standards/ninjs/examples").glob("*/*.json"))]
    for path in paths:
        module = newsml_reader if path.suffix == ".xml" else ninjs_reader
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # subjects without a QCode are left out
            (record,) = read_all(module, path.read_bytes())
        graph = expand(get("jsonld").render(record, daily), context)
        assert len(graph) > 10 and check_graph(graph, vocab, only_schema=True) == [], path.name
