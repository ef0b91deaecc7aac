"""The article's schema.org graph in RDF: Turtle, N-Triples, N-Quads, TriG and RDF/XML.

Every format writes the one set of triples `article_triples` reads from the JSON-LD
nodes of :mod:`exporter.writers.jsonld`, so they all carry exactly the triples the
JSON-LD means. Terms use ``http://schema.org/``: the namespace the schema.org JSON-LD
context expands to, so the Turtle and the JSON-LD a page embeds are one graph.
N-Quads and TriG put each article in its own named graph (`graph_iri`) so that a
store can replace one article atomically. RDF/XML is rdflib's serializer; the line
formats, Turtle and TriG are written by :mod:`exporter.writers.rdf_text`, byte for
byte as rdflib writes them but several times faster (the tests hold them to rdflib).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterable, Iterator

from rdflib import RDF, XSD, Dataset, Graph, Literal, Namespace, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node as Term

from .. import xmlsafe
from ..record import Article
from ..settings import Settings
from . import Bundle, Format, rdf_text, rdf_xml
from .jsonld import Node, Url, When, article_nodes

SCHEMA = Namespace("http://schema.org/")
PREFIXES: dict[str, Namespace] = {"schema": SCHEMA, "xsd": Namespace(XSD), "rdf": Namespace(RDF)}

Triple = tuple[URIRef, URIRef, Term]


def graph_iri(record: Article) -> URIRef:
    """The named graph that holds one article: its own IRI, one per article."""
    return URIRef(record["iri"])


_thread = threading.local()  # the last article's nodes and triples


def article_triples(record: Article, settings: Settings) -> tuple[Triple, ...]:
    """The article's triples, each once, in the order of its nodes.

    ``publish`` writes every RDF format of one article in a row, so the triples of the
    last article each thread saw are kept. The nodes are asked for every time (so that
    their warnings are issued every time; jsonld keeps its last ones) and compared with
    the kept ones,
    so a changed or different record never gets stale triples; equal nodes mean equal
    triples because each property's values have one Python type (jsonld makes them so).
    """
    nodes = article_nodes(record, settings)
    if getattr(_thread, "nodes", None) != nodes:
        _thread.triples = tuple(dict.fromkeys(triples(nodes)))
        _thread.nodes = nodes
    return _thread.triples


def article_graph(record: Article, settings: Settings) -> Graph:
    """The article's graph, named by `graph_iri`, in an rdflib store.

    The store keeps insertion order (unlike rdflib's default store, whose order
    follows string hashes), so serializers that do not sort stay byte-deterministic.
    """
    return _graph(article_triples(record, settings), graph_iri(record))


def _graph(statements: Iterable[Triple], name: URIRef) -> Graph:
    graph = Graph(store="SimpleMemory", identifier=name, bind_namespaces="none")
    _bind(graph)
    graph.addN((s, p, o, graph) for s, p, o in statements)
    return graph


def article_dataset(records: Iterable[Article], settings: Settings) -> Dataset:
    """Each article's graph as its own named graph of one dataset (nothing in the default)."""
    dataset = Dataset()
    dataset.namespace_manager = NamespaceManager(dataset, bind_namespaces="none")
    _bind(dataset)
    for record in records:
        named = dataset.graph(graph_iri(record))
        for triple in article_triples(record, settings):
            named.add(triple)
    return dataset


def triples(nodes: Iterable[Node]) -> Iterator[Triple]:
    """The RDF statements of JSON-LD nodes, read as the schema.org context reads them."""
    for node in nodes:
        subject = URIRef(node["@id"])
        for key, value in node.items():
            if key == "@id":
                continue
            if key == "@type":
                for item in value if isinstance(value, list) else [value]:
                    yield subject, _RDF_TYPE, _schema(item)
                continue
            predicate = _schema(key)
            for item in value if isinstance(value, list) else [value]:
                yield subject, predicate, _term(item)


@functools.cache
def _schema(name: str) -> URIRef:
    """A schema.org term; the names are the writer's own (properties and classes), so
    the cache stays as small as the vocabulary jsonld uses."""
    return SCHEMA[name]


_RDF_TYPE, _DATE_TIME, _DATE = RDF.type, XSD.dateTime, XSD.date


def _term(value: object) -> Term:
    if type(value) is str:  # the most common: plain text
        return Literal(value)
    if isinstance(value, dict):
        return URIRef(value["@id"])
    if isinstance(value, Url):
        return URIRef(value)
    if isinstance(value, When):
        return Literal(value, datatype=_DATE_TIME if "T" in value else _DATE)
    if isinstance(value, (str, int, float)):
        return Literal(value)  # a float is an xsd:double, as JSON-LD reads a JSON number
    raise TypeError(f"no RDF term for {value!r}")


def _bind(graph: Graph) -> None:
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace)


def render_turtle(record: Article, settings: Settings) -> bytes:
    return rdf_text.turtle(article_triples(record, settings), PREFIXES)


def render_ntriples(record: Article, settings: Settings) -> bytes:
    return rdf_text.ntriples(article_triples(record, settings))


def render_nquads(record: Article, settings: Settings) -> bytes:
    return rdf_text.nquads(article_triples(record, settings), graph_iri(record))


def render_trig(record: Article, settings: Settings) -> bytes:
    triples = article_triples(record, settings)
    head, block = rdf_text.trig_parts(triples, graph_iri(record), PREFIXES)
    _thread.trig_block = (triples, record["iri"], block)  # the bundle item, next (trig_item)
    return head + b"\n" + block


def render_rdfxml(record: Article, settings: Settings) -> bytes:
    """RDF/XML; text XML 1.0 cannot carry (control characters) is removed with a warning,
    as in every XML format of newsexport, so only then does it differ from the graph."""
    statements = article_triples(record, settings)
    if xmlsafe.any_forbidden(o for _, _, o in statements if isinstance(o, Literal)):
        statements = tuple((s, p, _xml_safe(s, p, o) if isinstance(o, Literal) else o)
                           for s, p, o in statements)
    return rdf_xml.rdfxml(statements, PREFIXES)


def _xml_safe(subject: URIRef, predicate: URIRef, value: Literal) -> Literal:
    text = xmlsafe.clean(value, f"<{subject}> schema:{predicate.removeprefix(SCHEMA)}")
    return value if len(text) == len(value) else Literal(text, datatype=value.datatype)


def trig_head(_settings: Settings) -> bytes:
    """Every prefix an article's TriG can use, declared once at the top of all.trig."""
    return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items()).encode() + b"\n"


def trig_item(record: Article, settings: Settings) -> bytes:
    """One article's named graph without the prefix lines `trig_head` declared: the graph
    of the article's TriG document when that was the last one rendered (as in publish)."""
    triples = article_triples(record, settings)
    last = getattr(_thread, "trig_block", None)
    if last is not None and last[0] is triples and last[1] == record["iri"]:
        return last[2]
    return rdf_text.trig_graph(triples, graph_iri(record), PREFIXES)


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
