"""The renderers' shortcuts (issue 16) give the bytes of their plain forms: each article's
objects built once and shared by its file and its bundle line, on real inputs (the
samples, 200 Reuters stories) in publish's order, with records changed in place and
records holding text XML forbids."""

from __future__ import annotations

import copy
import json
import warnings
from pathlib import Path

import pytest

from exporter.jsontext import pretty
from exporter.record import Article
from exporter.settings import Settings
from exporter.writers import get
from exporter.writers.ninjs import document
from tests.test_jsonld import DAILY
from tests.test_rdf import reuters_stories, samples

NINJS = {"ninjs": "2.2", "ninjs3": "3.1"}


@pytest.fixture(scope="module")
def records(shared: Path) -> list[Article]:
    return samples() + reuters_stories(shared)


def _ninjs_plain(record: Article, version: str) -> tuple[bytes, bytes]:
    """(file, bundle line) straight from `document`, nothing kept between calls."""
    return (pretty(document(record, version)) + b"\n",
            (json.dumps(document(record, version), ensure_ascii=False) + "\n").encode())


def _ninjs_shared(record: Article, name: str, config: Settings) -> tuple[bytes, bytes]:
    fmt = get(name)
    assert fmt.render and fmt.bundle
    return fmt.render(record, config), fmt.bundle.item(record, config)


def test_ninjs_file_and_line_are_the_plain_bytes(records: list[Article]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for record in records:
            for name, version in NINJS.items():
                assert _ninjs_shared(record, name, DAILY) == _ninjs_plain(record, version), \
                    (name, record["id"])


def test_ninjs_of_a_record_changed_in_place_is_its_new_text(records: list[Article]) -> None:
    record = copy.deepcopy(records[1])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        before = _ninjs_shared(record, "ninjs", DAILY)
        record["headline"] = "A changed headline"
        after = _ninjs_shared(record, "ninjs", DAILY)
        assert after == _ninjs_plain(record, "2.2") and after != before
        assert b"A changed headline" in after[0] and b"A changed headline" in after[1]


def test_ninjs_warns_for_forbidden_text_every_time() -> None:
    record = samples()[2]  # its subheadline holds DEL; its headline hostile text
    record = {**record, "headline": "Bell\x07 rings"}
    for name, version in NINJS.items():
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            assert _ninjs_shared(record, name, DAILY) == _ninjs_plain(record, version)
        removed = [w for w in caught if "XML 1.0 forbids" in str(w.message)]
        assert len(removed) == 4  # file and line, then the plain form's two


def _forget_last_article() -> None:
    """Empty every per-thread memo of the last article, so the next render starts cold."""
    from exporter.writers import jsonld, ninjs, rdf, rdf_text
    for kept in (jsonld._last, rdf._thread, rdf_text._kept, ninjs._last):
        kept.__dict__.clear()


def test_publish_order_gives_each_format_s_bytes_rendered_alone(records: list[Article]) -> None:
    """Every format and bundle item of an article, rendered in a row as publish does
    (the RDF formats sharing rows and layout, ninjs its objects), is what each gives
    when rendered alone from cold; articles alternate so nothing of the last one leaks."""
    from exporter.publishing.work import render
    from exporter.writers import parse_list

    formats = parse_list("all")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for record in records + records[:3]:
            documents, items = render(record, formats, DAILY)
            for fmt in formats:
                if fmt.render:
                    _forget_last_article()
                    assert documents[f"{fmt.name}/{record['id']}{fmt.extension}"] == \
                        fmt.render(record, DAILY), (fmt.name, record["id"])
                if fmt.bundle:
                    _forget_last_article()
                    assert items[fmt.name] == fmt.bundle.item(record, DAILY), \
                        (fmt.name, record["id"])


def test_rdf_names_kept_across_articles_change_nothing(records: list[Article],
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """Turtle, TriG, N-Triples and RDF/XML are the same whether names and IRI texts come
    from the kept ones or are worked out afresh (a store of three, emptied all the time);
    an IRI N-Triples cannot carry is refused every time, never kept."""
    from exporter.errors import InputError
    from exporter.writers import rdf_text

    names = ("turtle", "trig", "ntriples", "rdfxml")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        kept = [get(name).render(record, DAILY) for record in records for name in names]
        monkeypatch.setattr(rdf_text, "_NAMES_KEPT", 3)
        rdf_text._IRIS.clear()
        rdf_text._NAMES.clear()
        _forget_last_article()
        fresh = [get(name).render(record, DAILY) for record in records for name in names]
    assert fresh == kept
    assert len(rdf_text._IRIS) <= 3
    for _ in range(2):
        with pytest.raises(InputError, match="cannot be an RDF IRI"):
            rdf_text.nt_term(rdf_text.URIRef("http://x/a b"))
        with pytest.raises(InputError, match="cannot be an RDF IRI"):
            rdf_text.PrefixedNames({}).name("http://x/a b")


@pytest.mark.parametrize("texts", [[], ["plain", "text"], ["a\x00b"], ["ok", "\ud800"],
                                   ["\ufffe"], ["\U0001f600 \t\n\r fine"], ["x\x1f", "y"]])
def test_any_forbidden_agrees_with_clean_text_by_text(texts: list[str]) -> None:
    """RDF/XML's one search over all literals finds what `clean` would remove in any one."""
    from exporter.xmlsafe import _FORBIDDEN, any_forbidden

    assert any_forbidden(iter(texts)) == any(_FORBIDDEN.search(text) for text in texts)


@pytest.mark.parametrize("text", ["plain", "a & b", "<tag>", "1 > 0", "line\r\nbreak", "",
                                  "quote \" and '"])
def test_rdfxml_element_text_is_saxutils_escape(text: str) -> None:
    from xml.sax.saxutils import escape

    from exporter.writers.rdf_xml import _CR, _text

    assert _text(text) == escape(text, _CR)
