"""The RDF formats: one graph per article, the same in all seven formats, valid schema.org."""

from __future__ import annotations

import hashlib
import json
import socket
import subprocess
import sys
import urllib.request
import warnings
from pathlib import Path

import lxml.html
import pytest
from rdflib import RDF, XSD, BNode, Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from exporter import pipeline
from exporter.checking.vocabulary import Vocabulary, check_graph
from exporter.errors import InputError
from exporter.readers import reuters
from exporter.record import Article, ReadContext
from exporter.settings import Settings
from exporter.writers import MODULES, get
from exporter.writers.jsonld import NoPublisherWarning
from exporter.writers.rdf import SCHEMA, article_dataset, article_graph, graph_iri
from tests.conftest import GOLDEN, ROOT, SCHEMAORG, SEED
from tests.test_jsonld import DAILY, HOSTILE, seed_record, story

# rdflib 7's own parsers and serializers still call its deprecated ConjunctiveGraph API.
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

OURS = [name for name, module in MODULES.items()
        if module in ("exporter.writers.jsonld", "exporter.writers.rdf")]
RDF_PARSERS = {"turtle": "turtle", "ntriples": "nt", "rdfxml": "xml"}
REUTERS = Path("corpora/reuters21578/reut2-000.sgm")  # inside ../shared
CONTEXT = Path("standards/schemaorg/schemaorgcontext.jsonld")


@pytest.fixture(scope="module")
def vocab(shared: Path) -> Vocabulary:
    return Vocabulary.load(shared / SCHEMAORG)


@pytest.fixture(scope="module")
def context(shared: Path) -> dict:
    """The context https://schema.org serves, from the local copy: nothing is fetched."""
    return json.loads((shared / CONTEXT).read_text(encoding="utf-8"))


def reuters_stories(shared: Path) -> list[Article]:
    """The first 200 readable stories of reut2-000.sgm, through the Reuters reader."""
    data = (shared / REUTERS).read_bytes()
    ctx = ReadContext(REUTERS.name, hashlib.sha256(data).hexdigest())
    records = [r for r in reuters.read(data, ctx) if not isinstance(r, InputError)]
    assert len(records) >= 200
    return records[:200]


@pytest.fixture(scope="module")
def reuters_records(shared: Path) -> list[Article]:
    return reuters_stories(shared)


def samples() -> list[Article]:
    """The seed, a record with every part, and one whose text tries to break each syntax."""
    return [seed_record(), story(),
            story(headline=HOSTILE, body=[HOSTILE + ' """ \'\'\' \t\r\n x"', 'ends "'],
                  summary=["\\"], subheadline="\x7f delete", authors=[("O'Brien", "person")])]


def expand(data: bytes, context: dict) -> Graph:
    """The graph a JSON-LD document means, its "https://schema.org" context read locally
    (rdflib has no document loader, so the string is replaced by the context itself)."""
    doc = json.loads(data)
    assert doc["@context"] == "https://schema.org"
    doc["@context"] = context["@context"]
    return Graph().parse(data=json.dumps(doc), format="json-ld")


def modulo_context(graph: Graph, context: dict) -> set:
    """The triples of `graph`, with every value the context types (dates -> schema:Date,
    URLs -> @id) written as the context would: the one licensed difference."""
    coerced = {SCHEMA[d["@id"].removeprefix("schema:")]: d["@type"]
               for d in context["@context"].values() if isinstance(d, dict) and "@type" in d}
    return {(s, p, (URIRef(o) if coerced[p] == "@id" else Literal(str(o), datatype=SCHEMA[
        coerced[p]])) if p in coerced else o) for s, p, o in graph}


def parse_back(name: str, data: bytes, record: Article, context: dict) -> Graph:
    if name == "jsonld":
        return expand(data, context)
    if name == "html":
        script = lxml.html.document_fromstring(data).find(".//script")
        return expand(script.text.encode(), context)
    if name in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=data, format=name)
        assert [g.identifier for g in dataset.graphs() if len(g)] == [graph_iri(record)]
        return dataset.graph(graph_iri(record))
    return Graph().parse(data=data, format=RDF_PARSERS[name])


def render_all(record: Article, settings: Settings) -> dict[str, bytes]:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoPublisherWarning)
        return {name: get(name).render(record, settings) for name in OURS}


def bundle(name: str, records: list[Article], settings: Settings) -> bytes:
    parts = get(name).bundle
    return (parts.head(settings) + b"".join(parts.item(r, settings) for r in records)
            + parts.tail(settings))


def test_the_registry_names_all_seven_formats() -> None:
    assert sorted(OURS) == ["html", "jsonld", "nquads", "ntriples", "rdfxml", "trig", "turtle"]
    assert {get(n).extension for n in OURS} == {
        ".html", ".jsonld", ".nq", ".nt", ".rdf", ".trig", ".ttl"}


def test_seed_matches_the_golden_turtle() -> None:
    """tests/golden/seed.ttl, read line by line: the triples of seed.jsonld, with
    xsd:dateTime for 09:19 +08:00 and IRIs for the source's home page."""
    with pytest.warns(NoPublisherWarning):
        output = get("turtle").render(seed_record(), Settings())
    assert output == (GOLDEN / "seed.ttl").read_bytes()


def test_golden_turtle_and_golden_jsonld_are_one_graph(context: dict) -> None:
    turtle = Graph().parse(GOLDEN / "seed.ttl", format="turtle")
    expanded = expand((GOLDEN / "seed.jsonld").read_bytes(), context)
    assert modulo_context(turtle, context) == modulo_context(expanded, context)
    assert len(turtle) == len(expanded) == 36


def test_seven_formats_parse_back_to_the_article_graph(context: dict,
                                                       reuters_records: list[Article]) -> None:
    for record in samples() + reuters_records[:20]:
        expected = article_graph(record, DAILY)
        for name, data in render_all(record, DAILY).items():
            parsed = parse_back(name, data, record, context)
            if name in ("jsonld", "html"):
                assert modulo_context(parsed, context) == modulo_context(expected, context), name
            else:
                assert isomorphic(parsed, expected), name
                assert set(parsed) == set(expected), name


def test_jsonld_differs_from_the_rdf_only_in_context_datatypes(context: dict) -> None:
    """Undo the context's typing and nothing is left: dates are the only values it
    types differently (schema:Date for xsd:date/xsd:dateTime); URLs are IRIs in both."""
    record = story()
    expected = set(article_graph(record, DAILY))
    parsed = set(expand(get("jsonld").render(record, DAILY), context))
    dates = {SCHEMA.datePublished, SCHEMA.dateModified}
    assert {(s, p, str(o)) for s, p, o in parsed - expected} == {
        (s, p, str(o)) for s, p, o in expected - parsed}
    assert {p for _, p, _ in expected ^ parsed} == dates
    assert {o.datatype for _, p, o in parsed if p in dates} == {SCHEMA.Date}


def test_terms_iris_and_datatypes() -> None:
    record = story(date_modified="2021-07-30")
    graph = article_graph(record, DAILY)
    article = URIRef(record["iri"])
    assert not any(isinstance(t, BNode) for triple in graph for t in triple)
    assert {str(p).rsplit("/", 1)[0] + "/" for p in graph.predicates() if p != RDF.type} == {
        "http://schema.org/"}
    assert all(str(c).startswith("http://schema.org/") for c in graph.objects(None, RDF.type))
    assert (article, SCHEMA.url, URIRef(record["url"])) in graph
    assert (article, SCHEMA.mainEntityOfPage, URIRef(record["url"])) in graph
    assert graph.value(article, SCHEMA.datePublished).datatype == XSD.dateTime
    assert graph.value(article, SCHEMA.dateModified) == Literal("2021-07-30", datatype=XSD.date)
    assert graph.value(article, SCHEMA.wordCount) == Literal(3)
    assert graph.identifier == graph_iri(record) == article


def test_schema_org_vocabulary_seed_and_samples(vocab: Vocabulary, context: dict) -> None:
    with pytest.warns(NoPublisherWarning):
        assert check_graph(article_graph(seed_record(), Settings()), vocab,
                           only_schema=True) == []
    for record in samples():
        assert check_graph(article_graph(record, DAILY), vocab, only_schema=True) == []
        # the JSON-LD as a consumer reads it: http://schema.org/, dates as schema:Date
        assert check_graph(expand(get("jsonld").render(record, DAILY), context), vocab,
                           only_schema=True) == []


def test_schema_org_vocabulary_200_reuters_stories(vocab: Vocabulary,
                                                   reuters_records: list[Article]) -> None:
    assert len(reuters_records) == 200
    problems = {r["provenance"]["item"]: [str(p) for p in check_graph(
        article_graph(r, DAILY), vocab, only_schema=True)] for r in reuters_records}
    assert {item: found for item, found in problems.items() if found} == {}


def test_each_article_is_its_own_named_graph(reuters_records: list[Article]) -> None:
    records = [seed_record(), story(), *reuters_records[:30]]
    dataset = article_dataset(records, DAILY)
    assert len(dataset.default_graph) == 0
    for record in records:
        assert set(dataset.graph(graph_iri(record))) == set(article_graph(record, DAILY))


@pytest.mark.parametrize("name", ["nquads", "trig"])
def test_bundles_stream_one_named_graph_per_article(name: str,
                                                    reuters_records: list[Article]) -> None:
    records = [seed_record(), story(), *reuters_records[:30]]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NoPublisherWarning)
        data = bundle(name, records, DAILY)
    assert get(name).bundle.filename == {"nquads": "all.nq", "trig": "all.trig"}[name]
    dataset = Dataset()
    dataset.parse(data=data, format=name)
    named = sorted(g.identifier for g in dataset.graphs() if len(g))
    assert named == sorted(graph_iri(r) for r in records)
    for record in records:
        assert set(dataset.graph(graph_iri(record))) == set(article_graph(record, DAILY))
    if name == "trig":
        head = get(name).bundle.head(DAILY)
        assert data.count(b"@prefix schema:") == 1 and data.startswith(head)


def test_line_formats_are_sorted() -> None:
    for name in ("ntriples", "nquads"):
        lines = get(name).render(story(), DAILY).splitlines()
        assert lines == sorted(lines) and all(lines)


def test_rdfxml_drops_what_xml_cannot_carry_with_a_warning() -> None:
    record = story(headline="form\x0cfeed")
    with pytest.warns(UserWarning, match="XML 1.0 forbids"):
        data = get("rdfxml").render(record, DAILY)
    graph = Graph().parse(data=data, format="xml")
    assert graph.value(URIRef(record["iri"]), SCHEMA.headline) == Literal("formfeed")
    turtle = Graph().parse(data=get("turtle").render(record, DAILY), format="turtle")
    assert turtle.value(URIRef(record["iri"]), SCHEMA.headline) == Literal("form\x0cfeed")


_DIGESTS = """
import hashlib, json, sys, warnings
from exporter.settings import Publisher, Settings
from exporter.writers import get
warnings.simplefilter("ignore")
records, names = json.load(sys.stdin), sys.argv[1:]
settings = Settings(publisher=Publisher("Example Daily", "https://daily.example/"))
out = [hashlib.sha256(get(n).render(r, settings)).hexdigest() for r in records for n in names]
print(json.dumps(out))
"""


def test_output_is_byte_identical_across_processes() -> None:
    """rdflib's default store iterates in string-hash order, which changes per process."""
    records = json.dumps(samples())
    runs = [subprocess.run([sys.executable, "-c", _DIGESTS, *OURS], input=records, cwd=ROOT,
                           capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout
            for seed in ("1", "2", "3")]
    assert runs[0] == runs[1] == runs[2] and len(json.loads(runs[0])) == 3 * len(OURS)


class NetworkUsed(AssertionError):
    """Something tried to reach the network."""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise NetworkUsed(f"network access: {args[:2]}")

    for name in ("connect", "connect_ex", "sendto", "sendall", "send"):
        monkeypatch.setattr(socket.socket, name, refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_the_whole_export_runs_without_the_network(no_network: None, shared: Path,
                                                   tmp_path: Path) -> None:
    with pytest.raises(NetworkUsed):  # the guard works
        urllib.request.urlopen("https://schema.org/docs/jsonldcontext.jsonld")
    sgml = (shared / REUTERS).read_text(encoding="latin-1")
    sample = tmp_path / "reut2-sample.sgm"
    sample.write_text(sgml[: sgml.index("</REUTERS>", sgml.index('NEWID="25"')) + 10],
                      encoding="latin-1")
    outcomes = list(pipeline.read_all([str(SEED), str(sample)], DAILY))
    records = [r for outcome in outcomes for r in outcome.records]
    assert len(records) >= 20 and not [e for o in outcomes for e in o.errors]
    vocab = Vocabulary.from_graph(Graph().parse(shared / SCHEMAORG, format="turtle"))
    context = json.loads((shared / CONTEXT).read_text(encoding="utf-8"))
    for record in records:
        expected = article_graph(record, DAILY)
        assert check_graph(expected, vocab, only_schema=True) == []
        for name, data in render_all(record, DAILY).items():
            parsed = parse_back(name, data, record, context)
            assert modulo_context(parsed, context) == modulo_context(expected, context), name
    for name in ("nquads", "trig"):
        dataset = Dataset()
        dataset.parse(data=bundle(name, records, DAILY), format=name)
        assert len([g for g in dataset.graphs() if len(g)]) == len(records)
