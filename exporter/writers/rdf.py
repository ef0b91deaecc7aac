"""The article's schema.org graph in RDF: Turtle, N-Triples, N-Quads, TriG and RDF/XML.

Every format serializes the one graph `article_graph` builds from the JSON-LD nodes
of :mod:`exporter.writers.jsonld`, so they all carry exactly the triples the
JSON-LD means. Terms use ``http://schema.org/``: the namespace the schema.org JSON-LD
context expands to, so the Turtle and the JSON-LD a page embeds are one graph.
N-Quads and TriG put each article in its own named graph (`graph_iri`) so that a
store can replace one article atomically.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node as Term

from .. import xmlsafe
from ..record import Article
from ..settings import Settings
from . import Bundle, Format
from .jsonld import Node, Url, When, article_nodes

SCHEMA = Namespace("http://schema.org/")
PREFIXES: dict[str, Namespace] = {"schema": SCHEMA, "xsd": Namespace(XSD), "rdf": Namespace(RDF)}

Triple = tuple[URIRef, URIRef, Term]


def graph_iri(record: Article) -> URIRef:
    """The named graph that holds one article: its own IRI, one per article."""
    return URIRef(record["iri"])


def article_graph(record: Article, settings: Settings) -> Graph:
    """The article's graph, named by `graph_iri`; every RDF format serializes it.

    The store keeps insertion order (unlike rdflib's default store, whose order
    follows string hashes), so serializers that do not sort stay byte-deterministic.
    """
    graph = Graph(store="SimpleMemory", identifier=graph_iri(record), bind_namespaces="none")
    _bind(graph)
    for triple in triples(article_nodes(record, settings)):
        graph.add(triple)
    return graph


def article_dataset(records: Iterable[Article], settings: Settings) -> Dataset:
    """Each article's graph as its own named graph of one dataset (nothing in the default)."""
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    _bind(dataset)
    for record in records:
        named = dataset.graph(graph_iri(record))
        for triple in triples(article_nodes(record, settings)):
            named.add(triple)
    return dataset


def triples(nodes: Iterable[Node]) -> Iterator[Triple]:
    """The RDF statements of JSON-LD nodes, read as the schema.org context reads them."""
    for node in nodes:
        subject = URIRef(node["@id"])
        for key, value in node.items():
            if key == "@id":
                continue
            predicate = RDF.type if key == "@type" else SCHEMA[key]
            for item in value if isinstance(value, list) else [value]:
                yield subject, predicate, SCHEMA[item] if key == "@type" else _term(item)


def _term(value: object) -> Term:
    if isinstance(value, dict):
        return URIRef(value["@id"])
    if isinstance(value, Url):
        return URIRef(value)
    if isinstance(value, When):
        return Literal(value, datatype=XSD.dateTime if "T" in value else XSD.date)
    if isinstance(value, (str, int)):
        return Literal(value)
    raise TypeError(f"no RDF term for {value!r}")


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)


def _sorted_lines(data: bytes) -> bytes:
    """Line-based RDF in code-point order: rdflib writes it in store order."""
    return b"".join(line + b"\n" for line in sorted(data.splitlines()) if line)


def render_turtle(record: Article, settings: Settings) -> bytes:
    return article_graph(record, settings).serialize(format="turtle", encoding="utf-8")


def render_ntriples(record: Article, settings: Settings) -> bytes:
    return _sorted_lines(article_graph(record, settings).serialize(format="nt", encoding="utf-8"))


def render_nquads(record: Article, settings: Settings) -> bytes:
    dataset = article_dataset([record], settings)
    return _sorted_lines(dataset.serialize(format="nquads", encoding="utf-8"))


def render_trig(record: Article, settings: Settings) -> bytes:
    return article_dataset([record], settings).serialize(format="trig", encoding="utf-8")


def render_rdfxml(record: Article, settings: Settings) -> bytes:
    """RDF/XML; text XML 1.0 cannot carry (control characters) is removed with a warning,
    as in every XML format of newsexport, so only then does it differ from the graph."""
    graph = article_graph(record, settings)
    for subject, predicate, value in list(graph):
        if isinstance(value, Literal):
            text = xmlsafe.clean(value, f"<{subject}> {graph.qname(predicate)}")
            if text != value:
                graph.remove((subject, predicate, value))
                graph.add((subject, predicate, Literal(text, datatype=value.datatype)))
    return graph.serialize(format="xml", encoding="utf-8")


def trig_head(_settings: Settings) -> bytes:
    """Every prefix an article's TriG can use, declared once at the top of all.trig."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode() + b"\n"


def trig_item(record: Article, settings: Settings) -> bytes:
    """One article's named graph without the prefix lines `trig_head` declared."""
    text = render_trig(record, settings)
    return text.split(b"\n\n", 1)[1] if text.startswith(b"@prefix ") else text


def _nothing(_settings: Settings) -> bytes:
    return b""


FORMATS: dict[str, Format] = {
    "turtle": Format("turtle", ".ttl", "text/turtle", render=render_turtle),
    "ntriples": Format("ntriples", ".nt", "application/n-triples", render=render_ntriples),
    "nquads": Format("nquads", ".nq", "application/n-quads", render=render_nquads,
                     bundle=Bundle("all.nq", _nothing, render_nquads, _nothing)),
    "trig": Format("trig", ".trig", "application/trig", render=render_trig,
                   bundle=Bundle("all.trig", trig_head, trig_item, _nothing)),
    "rdfxml": Format("rdfxml", ".rdf", "application/rdf+xml", render=render_rdfxml),
}
