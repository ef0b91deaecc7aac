"""The hand-written N-Triples, N-Quads, Turtle and TriG against rdflib's serializers.

Reference: rdflib itself, serializing the same triples as the writers did before
:mod:`exporter.writers.rdf_text` existed (a SimpleMemory graph or a Dataset, prefixes
bound, line formats sorted). The fast path must give rdflib's bytes, and where it
deliberately does not, rdflib's text must be the one a strict parser (Oxigraph) refuses
or the difference must be an IRI written whole instead of abbreviated: the same graph.
"""

from __future__ import annotations

import re
import threading
import warnings
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager

from exporter.errors import InputError
from exporter.record import Article
from exporter.settings import Settings
from exporter.writers import get, rdf_text, rdf_xml
from exporter.writers.jsonld import NoPublisherWarning, article_nodes
from exporter.writers.rdf import (
    PREFIXES,
    SCHEMA,
    article_graph,
    article_triples,
    graph_iri,
    render_rdfxml,
    trig_item,
    triples,
)
from exporter.writers.rdf import (
    _xml_safe as xml_safe,
)
from tests.test_jsonld import DAILY, seed_record, story
from tests.test_rdf import reuters_stories, samples

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

TEXT_FORMATS = ("turtle", "ntriples", "nquads", "trig")
OX_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
              "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


@pytest.fixture(scope="module")
def reuters_records(shared: Path) -> list[Article]:
    return reuters_stories(shared)


def quiet(render: Callable[[Article, Settings], bytes], record: Article,
          config: Settings) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoPublisherWarning)
        return render(record, config)


def node_triples(record: Article, config: Settings) -> list:
    """The article's triples straight from its nodes, in their order: no memo, repeats kept."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoPublisherWarning)
        return list(triples(article_nodes(record, config)))


def reference_triples(record: Article, config: Settings) -> set:
    return set(node_triples(record, config))


def by_rdflib(name: str, record: Article, config: Settings) -> bytes:
    """What the writers wrote before the fast path: rdflib's serializer on an rdflib store."""
    statements = node_triples(record, config)
    if name in ("turtle", "ntriples"):
        graph = Graph(store="SimpleMemory", identifier=graph_iri(record),
                      bind_namespaces="none")
        target = graph
    else:
        graph = Dataset()
        graph.namespace_manager = NamespaceManager(graph, bind_namespaces="none")
        target = graph.graph(graph_iri(record))
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for statement in statements:
        target.add(statement)
    data = graph.serialize(format={"ntriples": "nt"}.get(name, name), encoding="utf-8")
    if name in ("ntriples", "nquads"):
        return b"".join(line + b"\n" for line in sorted(data.splitlines()) if line)
    return data


def rdflib_trig_item(record: Article, config: Settings) -> bytes:
    """The bundle item as it was made: the whole TriG, split after its prefix lines."""
    return by_rdflib("trig", record, config).split(b"\n\n", 1)[1]


def from_oxigraph(term: ox.NamedNode | ox.Literal) -> URIRef | Literal:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    assert isinstance(term, ox.Literal), term
    if term.language:
        return Literal(term.value, lang=term.language)
    datatype = term.datatype.value
    return Literal(term.value, datatype=None if datatype == XSD_STRING else URIRef(datatype))


def oxigraph_reads(name: str, data: bytes, record: Article) -> set:
    """The triples a strict parser reads; the quad formats' all in the article's graph."""
    quads = list(ox.parse(data, format=OX_FORMATS[name]))
    expected_graph = ox.DefaultGraph() if name in ("turtle", "ntriples") else \
        ox.NamedNode(record["iri"])
    assert {q.graph_name for q in quads} == {expected_graph}
    return {(from_oxigraph(q.subject), from_oxigraph(q.predicate), from_oxigraph(q.object))
            for q in quads}


def rdflib_reads(name: str, data: bytes, record: Article) -> set:
    if name in ("turtle", "ntriples"):
        return set(Graph().parse(data=data, format={"ntriples": "nt"}.get(name, name)))
    dataset = Dataset()
    dataset.parse(data=data, format=name)
    assert [g.identifier for g in dataset.graphs() if len(g)] == [graph_iri(record)]
    return set(dataset.graph(graph_iri(record)))


def test_seed_in_every_text_format_is_rdflibs_bytes() -> None:
    record = seed_record()
    for name in TEXT_FORMATS:
        assert quiet(get(name).render, record, Settings()) == by_rdflib(name, record,
                                                                        Settings()), name
    assert quiet(trig_item, record, Settings()) == rdflib_trig_item(record, Settings())


def exact_doubles(data: bytes, record: Article) -> bytes:
    """rdflib's Turtle with each double (a place's coordinates) spelled with all its digits:
    rdflib's ``%e`` rounds -118.24368 to -1.182437e+02, another number."""
    for _, _, value in node_triples(record, DAILY):
        if isinstance(value, Literal) and isinstance(value.value, float):
            rounded = re.sub(r"\.?0*e", "e", f"{value.value:e}").encode()
            data = data.replace(b" " + rounded + b" ", b" " + rdf_text.double(value.value).encode()
                                + b" ")
    return data


def test_samples_and_200_reuters_stories_are_rdflibs_bytes(
        reuters_records: list[Article]) -> None:
    records = samples() + reuters_records
    assert len(records) == 203
    rounded = 0
    for record in records:
        for name in TEXT_FORMATS:
            ours, theirs = quiet(get(name).render, record, DAILY), by_rdflib(name, record, DAILY)
            rounded += ours != theirs
            assert ours == exact_doubles(theirs, record), (name, record["id"])
        assert quiet(trig_item, record, DAILY) == exact_doubles(
            rdflib_trig_item(record, DAILY), record)
    assert rounded  # some Reuters datelines' coordinates have eight digits


def test_doubles_keep_every_digit_where_rdflib_rounds() -> None:
    assert rdf_text.double(38.53575) == "3.853575e+01"  # rdflib's own spelling
    assert rdf_text.double(-118.24368) == "-1.1824368e+02"  # rdflib: -1.182437e+02
    assert rdf_text.double(10.0) == "1e+01" and rdf_text.double(0.00001) == "1e-05"
    for value in (-118.24368, 1e-05, 179.99999, -0.5):
        turtle = f"<http://x/s> <http://x/p> {rdf_text.double(value)} ."
        [quad] = ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
        assert float(quad.object.value) == value


def test_strict_and_rdflib_parsers_read_the_article_graph(
        reuters_records: list[Article]) -> None:
    for record in samples() + reuters_records:
        expected = reference_triples(record, DAILY)
        for name in TEXT_FORMATS:
            data = quiet(get(name).render, record, DAILY)
            assert oxigraph_reads(name, data, record) == expected, (name, record["id"])
            assert rdflib_reads(name, data, record) == expected, (name, record["id"])


# Characters each syntax treats specially, mixed into arbitrary Unicode (no surrogates:
# they are not characters, see test_a_lone_surrogate_is_an_input_error).
SPECIAL = ('"\\\n\r\t\x00\x08\x0b\x0c\x1f\x7f\x85\u2028\u2029\ufeff\U0001f600\U00010000'
           "'<>&{}|^`.:;#")
CHARACTER = st.characters(exclude_categories=("Cs",))
TEXT = st.text(st.one_of(CHARACTER, st.sampled_from(SPECIAL)), max_size=30)
NAME = st.text(st.one_of(CHARACTER, st.sampled_from(SPECIAL)), min_size=1, max_size=20)


@st.composite
def hostile_records(draw: st.DrawFn) -> Article:
    return story(
        headline=draw(TEXT), subheadline=draw(st.none() | TEXT),
        summary=draw(st.lists(TEXT, max_size=2)), body=draw(st.lists(TEXT, max_size=3)),
        authors=[(draw(NAME), "person"), (draw(NAME), "organization")],
        editors=draw(st.lists(NAME, max_size=1)), source=draw(NAME),
        images=[(draw(st.none() | TEXT), draw(st.none() | TEXT), None)],
        dateline={"text": draw(TEXT), "place": "X", "place_name": draw(NAME),
                  "region": draw(st.none() | NAME), "date": None, "agency": None},
        subjects=[{"qcode": "reuters:x", "name": draw(NAME), "uri": None}])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_records())
def test_arbitrary_text_reads_back_as_the_graph_and_matches_rdflib(record: Article) -> None:
    expected = reference_triples(record, DAILY)
    for name in TEXT_FORMATS:
        ours, theirs = get(name).render(record, DAILY), by_rdflib(name, record, DAILY)
        assert oxigraph_reads(name, ours, record) == expected, name
        assert rdflib_reads(name, ours, record) == expected, name
        if ours != theirs:  # only where rdflib's own text is wrong
            assert name in ("turtle", "trig")
            assert not _reads_as(name, theirs, record, expected)


def _reads_as(name: str, data: bytes, record: Article, expected: set) -> bool:
    """Whether the text is Turtle/TriG holding the expected graph: rdflib's is sometimes not
    Turtle (a long string ending in a backslash and a quote), sometimes another graph (it
    prints a double with six significant digits: a linked place's longitude 100.77899 as
    1.00779e+02)."""
    try:
        return oxigraph_reads(name, data, record) == expected
    except SyntaxError:
        return False


def test_long_string_ending_in_backslash_quote_where_rdflib_breaks() -> None:
    """rdflib doubles the backslash but leaves the quote bare: ``\\\\"`` + ``\"\"\"`` closes
    the string a quote early. Ours escapes that quote; nothing else differs."""
    record = story(body=["first", 'ends in \\"'])
    theirs = by_rdflib("turtle", record, DAILY)
    with pytest.raises(SyntaxError):
        list(ox.parse(theirs, format=ox.RdfFormat.TURTLE))
    ours = get("turtle").render(record, DAILY)
    assert ours == theirs.replace(b'\\\\""""', b'\\\\\\""""')
    body = {o for _, p, o in oxigraph_reads("turtle", ours, record) if p == SCHEMA.articleBody}
    assert body == {Literal('first\n\nends in \\"')}


@pytest.mark.parametrize("url", [
    "http://schema.org/Thing", "http://schema.org/Foo/Bar", "http://schema.org/a.b",
    "http://schema.org/2020", "http://www.w3.org/1999/02/22-rdf-syntax-ns#nil",
    "http://www.w3.org/2001/XMLSchema#x(y)", "urn:isbn:0451450523",
    "https://例え.jp/ニュース?q=a&b=%20#frag"])
def test_iris_near_the_bound_namespaces(url: str) -> None:
    """rdflib abbreviates some of these where ours writes the IRI whole (``schema:2020``,
    ``()`` for rdf:nil): the same graph, read alike by Oxigraph and rdflib."""
    record = story(url=url)
    expected = reference_triples(record, DAILY)
    assert (URIRef(record["iri"]), SCHEMA.url, URIRef(url)) in expected
    for name in TEXT_FORMATS:
        data = get(name).render(record, DAILY)
        assert oxigraph_reads(name, data, record) == expected, name
        assert rdflib_reads(name, data, record) == expected, name
        if name in ("ntriples", "nquads"):
            assert data == by_rdflib(name, record, DAILY)


def test_an_iri_ntriples_cannot_carry_is_an_input_error() -> None:
    """The record's IRI pattern lets C0 controls through; rdflib writes them raw into
    text no strict parser accepts, ours refuses the article with a one-line error."""
    record = story(url="https://daily.example/a\x01b")
    with pytest.raises(SyntaxError):
        list(ox.parse(by_rdflib("ntriples", record, DAILY), format=ox.RdfFormat.N_TRIPLES))
    for name in TEXT_FORMATS:
        with pytest.raises(InputError, match=r"cannot be an RDF IRI.*U\+0001"):
            get(name).render(record, DAILY)


@pytest.mark.parametrize("char", [chr(c) for c in (*range(0x21), *range(0x7f, 0xa0))]
                         + list('<>"{}|^`\\'))
def test_iri_refuses_what_iriref_excludes(char: str) -> None:
    """N-Triples 1.1 IRIREF: ``[^#x00-#x20<>"{}|^`\\]``, and DEL and the C1 controls, which
    no IRI holds (Oxigraph refuses them too). The record's own IRI pattern keeps spaces
    and most of these out, so only this guard sees the rest."""
    with pytest.raises(SyntaxError):
        list(ox.parse(f"<http://a.example/a{char}b> <http://a.example/p> 1 .".encode(),
                      format=ox.RdfFormat.N_TRIPLES))
    with pytest.raises(InputError, match=f"U\\+{ord(char):04X}"):
        rdf_text.iri(f"https://daily.example/a{char}b")


def test_iri_keeps_everything_else_as_it_is() -> None:
    text = "https://例え.jp/%20a#b~!$&'()*+,;=:@\xa0\u2028\U0001f600"
    assert rdf_text.iri(text) == f"<{text}>"


def test_a_lone_surrogate_is_an_input_error() -> None:
    """Text from JSON can hold "\\ud800", which is no character: rdflib's N-Triples
    raises UnicodeEncodeError and its N-Quads writes "?"; ours refuses the article."""
    record = story(body=["half \ud800 a pair"])
    for name in TEXT_FORMATS:
        with pytest.raises(InputError, match="lone surrogate"):
            get(name).render(record, DAILY)


def test_a_record_changed_after_rendering_is_rendered_anew() -> None:
    """The writers keep the last article's triples; a change must never go unseen."""
    record = story()
    before = get("ntriples").render(record, DAILY)
    record["headline"] = "Changed after the first rendering"
    after = get("ntriples").render(record, DAILY)
    assert b'"Changed after the first rendering"' in after
    assert b'"Minister vows no concession"' in before and b"Minister vows" not in after
    assert get("ntriples").render(story(), DAILY) == before  # an equal record: equal text


def test_every_rendering_still_warns_about_a_missing_publisher() -> None:
    record = story()
    for name in (*TEXT_FORMATS, "rdfxml"):  # the first builds the triples, the rest reuse them
        with pytest.warns(NoPublisherWarning):
            get(name).render(record, Settings())


def test_threads_rendering_different_articles_get_their_own(
        reuters_records: list[Article]) -> None:
    records = reuters_records[:60]
    names = (*TEXT_FORMATS, "rdfxml")
    alone = {(r["id"], n): get(n).render(r, DAILY) for r in records for n in names}
    barrier = threading.Barrier(4)

    def run(offset: int) -> dict:
        barrier.wait()
        mine = records[offset:] + records[:offset]  # each thread in another order
        return {(r["id"], n): get(n).render(r, DAILY) for r in mine for n in names}

    with ThreadPoolExecutor(4) as pool:
        results = list(pool.map(run, (0, 15, 30, 45)))
    assert all(result == alone for result in results)


def test_rdfxml_is_rdflibs_fresh_output(
        reuters_records: list[Article]) -> None:
    """RDF/XML is written without rdflib, from the prefix table Turtle uses; the bytes are
    those of a fresh rdflib graph of the article."""
    for record in samples() + reuters_records[:50]:
        fresh = article_graph(record, DAILY).serialize(format="xml", encoding="utf-8")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no text was removed: the graphs are the same
            assert render_rdfxml(record, DAILY) == fresh, record["id"]


def rdflib_rdfxml(statements: list, name: URIRef) -> bytes:
    graph = Graph(store="SimpleMemory", identifier=name, bind_namespaces="none")
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)
    for statement in statements:
        graph.add(statement)
    return graph.serialize(format="xml", encoding="utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(hostile_records())
def test_rdfxml_of_arbitrary_text_is_rdflibs_bytes(record: Article) -> None:
    """Text XML cannot carry is removed first (with a warning), as render_rdfxml does."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = render_rdfxml(record, DAILY)
        statements = [(s, p, xml_safe(s, p, o) if isinstance(o, Literal) else o)
                      for s, p, o in article_triples(record, DAILY)]
    assert ours == rdflib_rdfxml(statements, graph_iri(record))


def test_rdfxml_groups_by_subject_then_predicate_and_writes_a_repeat_once() -> None:
    a, b = URIRef("https://x.example/a"), URIRef("https://x.example/b")
    name, url = SCHEMA["name"], SCHEMA["url"]
    statements = [(a, name, Literal("A & <1>\r")), (b, url, a), (a, url, b),
                  (a, name, Literal("A2")), (a, name, Literal("A & <1>\r")),
                  (b, SCHEMA["x"], Literal("1", datatype=URIRef(XSD_STRING))),
                  (b, SCHEMA["x"], Literal("fr", lang="fr")),
                  (a, RDF.type, SCHEMA["Thing"]), (b, url, URIRef('https://x.example/"q"'))]
    ours = rdf_xml.rdfxml(statements, PREFIXES)
    assert ours == rdflib_rdfxml(statements, a)
    assert ours.index(b"A2") < ours.index(b'rdf:resource="https://x.example/b"')
    with pytest.raises(ValueError, match="RDF/XML needs a prefix"):
        rdf_xml.rdfxml([(a, URIRef("https://x.example/p"), b)], PREFIXES)


def test_a_double_keeps_every_digit_where_rdflib_prints_six() -> None:
    record = story(dateline={"text": "NAN", "place": "NAN", "place_name": "Nan", "region": None,
                             "date": None, "agency": None})
    assert record["dateline"]["place_link"]["longitude"] == 100.77899  # a linked place
    for name in ("turtle", "trig"):
        ours, theirs = get(name).render(record, DAILY), by_rdflib(name, record, DAILY)
        assert b"1.0077899e+02" in ours and b"1.00779e+02" in theirs
        assert oxigraph_reads(name, ours, record) == reference_triples(record, DAILY)
