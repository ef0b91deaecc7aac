"""The schema.org checker (exporter.checking.vocabulary) finds what it must: each test breaks
one rule of a valid graph. The release file in ../shared and the index shipped in the package
must give the same vocabulary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from exporter.checking.build_vocab import dumps, release_index
from exporter.checking.report import Problem
from exporter.checking.vocabulary import SHIPPED, Vocabulary, check_graph
from tests.conftest import ROOT, SCHEMAORG

CONTEXT = Path("standards/schemaorg/schemaorgcontext.jsonld")  # inside ../shared

S = Namespace("http://schema.org/")
S_HTTPS = Namespace("https://schema.org/")
DC = Namespace("http://purl.org/dc/terms/")
EX = Namespace("https://newsexport.example/")
ARTICLE, WEI, XINHUA, DUSHANBE = EX["article/1"], EX["person/wei"], EX["org/xinhua"], EX["place/d"]


@pytest.fixture(scope="module")
def vocab(shared: Path) -> Vocabulary:
    return Vocabulary.load(shared / SCHEMAORG)


def check(graph: Graph, vocab: Vocabulary, **options: bool) -> list[Problem]:
    """Strict, as for newsexport's own output: a term of another vocabulary is a problem."""
    return check_graph(graph, vocab, **{"only_schema": True, **options})


def test_the_shipped_index_is_the_pinned_release(shared: Path, vocab: Vocabulary) -> None:
    """The package's index is, byte for byte, what build_vocab derives from ../shared's
    schema.org 30.0, and reads as the release's own Turtle file does."""
    rebuilt = dumps(release_index(shared / SCHEMAORG, shared / CONTEXT, "30.0"))
    assert rebuilt.encode() == (ROOT / "exporter/checking/data" / SHIPPED).read_bytes()
    shipped = Vocabulary.shipped()
    assert shipped.release == "30.0"
    assert (shipped.classes, shipped.properties, shipped.supers, shipped.instances,
            shipped.pending, shipped.superseded) == (
        vocab.classes, vocab.properties, vocab.supers, vocab.instances, vocab.pending,
        vocab.superseded)
    assert len(shipped.classes) == 933 and len(shipped.properties) == 1521
    derived = json.loads(rebuilt)
    assert derived["classes"]["NewsArticle"] == ["Article"]
    assert derived["properties"]["dateline"] == [["NewsArticle"], ["Text"]]
    assert derived["prefixes"]["schema"] == "http://schema.org/"


def valid() -> Graph:
    """A NewsArticle that uses inheritance on both sides: headline is a CreativeWork
    property, author's range is Person/Organization, about's range is Thing."""
    graph = Graph()
    for triple in [
        (ARTICLE, RDF.type, S.NewsArticle),
        (ARTICLE, S.headline, Literal("Minister vows no concession")),
        (ARTICLE, S.dateline, Literal("DUSHANBE, July 28 (Xinhua) --")),
        (ARTICLE, S.articleBody, Literal("Body.")),
        (ARTICLE, S.datePublished, Literal("2021-07-29T09:19:00+08:00", datatype=XSD.dateTime)),
        (ARTICLE, S.dateModified, Literal("2021-07-30", datatype=XSD.date)),
        (ARTICLE, S.wordCount, Literal(527)),
        (ARTICLE, S.isAccessibleForFree, Literal(True)),
        (ARTICLE, S.url, URIRef("https://news.example/a")),
        (ARTICLE, S.author, WEI),
        (ARTICLE, S.publisher, XINHUA),
        (ARTICLE, S.locationCreated, DUSHANBE),
        (ARTICLE, S.about, URIRef("http://cv.iptc.org/newscodes/mediatopic/11000000")),
        (URIRef("http://cv.iptc.org/newscodes/mediatopic/11000000"), RDF.type, S.DefinedTerm),
        (WEI, RDF.type, S.Person),
        (WEI, S.name, Literal("Wei Fenghe")),
        (XINHUA, RDF.type, S.NewsMediaOrganization),
        (XINHUA, S.name, Literal("Xinhua")),
        (DUSHANBE, RDF.type, S.City),
        (DUSHANBE, S.name, Literal("Dushanbe")),
    ]:
        graph.add(triple)
    return graph


def kinds(problems: list[Problem]) -> list[tuple[str, str]]:
    return sorted((p.kind, p.term) for p in problems)


def test_a_valid_graph_has_no_problem(vocab: Vocabulary) -> None:
    assert check(valid(), vocab) == []


def test_the_https_namespace_of_the_vocabulary_file_is_accepted_too(vocab: Vocabulary) -> None:
    graph = Graph()
    for s, p, o in valid():
        graph.add(tuple(URIRef(str(t).replace("http://schema.org/", "https://schema.org/"))
                        if isinstance(t, URIRef) else t for t in (s, p, o)))
    assert check(graph, vocab) == []


def test_mixing_http_and_https_schema_org_is_a_problem(vocab: Vocabulary) -> None:
    graph = valid()
    graph.add((ARTICLE, S_HTTPS.alternativeHeadline, Literal("Sub")))
    assert kinds(check(graph, vocab)) == [("namespace", "")]


@pytest.mark.parametrize(("triple", "expected"), [
    ((ARTICLE, S.headlineText, Literal("x")), ("unknown-property", "headlineText")),
    ((ARTICLE, DC.title, Literal("x")), ("foreign", str(DC.title))),
    ((ARTICLE, S.NewsArticle, Literal("x")), ("unknown-property", "NewsArticle")),
    ((WEI, RDF.type, S.Journalist), ("unknown-class", str(S.Journalist))),
    ((WEI, RDF.type, S.headline), ("unknown-class", str(S.headline))),
    ((WEI, RDF.type, S.Text), ("unknown-class", str(S.Text))),
])
def test_unknown_terms(vocab: Vocabulary, triple: tuple, expected: tuple[str, str]) -> None:
    graph = valid()
    graph.add(triple)
    assert kinds(check(graph, vocab)) == [expected]


def test_other_vocabularies_are_not_this_checks_business_by_default(vocab: Vocabulary) -> None:
    graph = valid()
    graph.add((ARTICLE, DC.title, Literal("x")))
    graph.add((WEI, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Person")))
    assert check(graph, vocab, only_schema=False) == []


@pytest.mark.parametrize("triple", [
    (WEI, S.dateline, Literal("BEIRUT --")),  # NewsArticle only
    (DUSHANBE, S.headline, Literal("x")),  # CreativeWork, and a City is not one
    (XINHUA, S.articleBody, Literal("x")),  # Article
    (WEI, S.wordCount, Literal(3)),
])
def test_a_property_on_a_type_outside_its_domain(vocab: Vocabulary, triple: tuple) -> None:
    graph = valid()
    graph.add(triple)
    assert kinds(check(graph, vocab)) == [("domain", str(triple[1])[len(S):])]


def test_a_subject_without_a_type_has_no_domain(vocab: Vocabulary) -> None:
    graph = valid()
    graph.add((EX["person/li"], S.name, Literal("Li")))
    assert kinds(check(graph, vocab)) == [("untyped", "name")]


def test_text_where_an_entity_is_expected_is_a_warning(vocab: Vocabulary) -> None:
    graph = valid()
    graph.add((ARTICLE, S.author, Literal("Wei Fenghe")))
    [problem] = check(graph, vocab)
    assert (problem.kind, problem.term, problem.severity) == ("text-for-entity", "author",
                                                              "warning")


@pytest.mark.parametrize("triple", [
    (ARTICLE, S.locationCreated, WEI),  # a Person is not a Place
    (ARTICLE, S.sourceOrganization, WEI),  # a Person is not an Organization
    (ARTICLE, S.editor, XINHUA),  # editor is Person only
    (ARTICLE, S.headline, WEI),  # a node where Text goes
    (ARTICLE, S.datePublished, Literal("yesterday")),
    (ARTICLE, S.datePublished, Literal(2021)),
    (ARTICLE, S.wordCount, Literal("527 words")),
    (ARTICLE, S.wordCount, Literal(5.5)),  # a Number, not an Integer
    (ARTICLE, S.isAccessibleForFree, Literal("maybe")),
    (ARTICLE, S.url, Literal("not a url")),
    (ARTICLE, S.inLanguage, Literal("2021-07-29", datatype=XSD.date)),
    (ARTICLE, S.dateModified, Literal("09:19:00", datatype=XSD.time)),
    (ARTICLE, S.url, Literal("0F", datatype=XSD.hexBinary)),  # no schema.org data type
])
def test_a_value_outside_the_range(vocab: Vocabulary, triple: tuple) -> None:
    graph = valid()
    graph.add(triple)
    [problem] = check(graph, vocab)
    assert (problem.kind, problem.term, problem.severity) == ("range", str(triple[1])[len(S):],
                                                              "error")


@pytest.mark.parametrize("triple", [
    (ARTICLE, S.wordCount, Literal("527")),  # text read as a number, as JSON-LD gives it
    (ARTICLE, S.datePublished, Literal("2021-07-29")),
    (ARTICLE, S.datePublished, Literal("2021-07-29T09:19:00+08:00", datatype=S.Date)),  # 30.0
    (ARTICLE, S.image, URIRef("https://img.example/a.jpg")),  # a bare link is a URL
    (ARTICLE, S.copyrightYear, Literal(2021)),  # Integer is a Number
    (ARTICLE, S.creditText, Literal("Xinhua")),  # pending, allowed by default
    (ARTICLE, S.inLanguage, Literal("en")),
])
def test_values_in_range_through_data_type_rules(vocab: Vocabulary, triple: tuple) -> None:
    graph = valid()
    graph.add(triple)
    assert check(graph, vocab) == []


def test_enumeration_members_and_free_text_quantities(vocab: Vocabulary) -> None:
    graph = valid()
    offer, image = EX["offer/1"], EX["image/1"]
    graph.add((offer, RDF.type, S.Offer))
    graph.add((offer, S.availability, S.InStock))
    graph.add((image, RDF.type, S.ImageObject))
    graph.add((image, S.width, Literal("1200 px")))
    assert check(graph, vocab) == []
    graph.add((offer, S.availability, S.Monday))  # a DayOfWeek, not an ItemAvailability
    assert kinds(check(graph, vocab)) == [("range", "availability")]


def test_an_ill_typed_literal(vocab: Vocabulary) -> None:
    graph = valid()
    graph.remove((ARTICLE, S.dateModified, None))
    graph.add((ARTICLE, S.dateModified, Literal("2021-02-30", datatype=XSD.date)))
    assert kinds(check(graph, vocab)) == [("literal", "dateModified")]


def test_superseded_and_pending_terms(vocab: Vocabulary) -> None:
    graph = valid()
    graph.add((DUSHANBE, S.containedIn, EX["place/tj"]))
    graph.add((EX["place/tj"], RDF.type, S.Country))
    assert kinds(check(graph, vocab)) == [("superseded", "containedIn")]
    graph.remove((DUSHANBE, S.containedIn, None))
    graph.add((ARTICLE, S.creditText, Literal("Xinhua")))
    assert check(graph, vocab) == []
    assert kinds(check(graph, vocab, allow_pending=False)) == [
        ("pending", "DefinedTerm"), ("pending", "NewsMediaOrganization"), ("pending", "creditText")]
