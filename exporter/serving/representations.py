"""What a resource is served as: the offered formats, by media type and by suffix, and
the RDF serializations of the triples the store holds about it.

RDF bodies come from the store (so whatever a store holds about a node, also what other
tools added, is served), sorted so that the same store gives the same bytes. NewsML-G2
and ninjs are written by the project's writers from the record rebuilt from the graph.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from ..querying import turtle
from ..writers.rdf import PREFIXES

PREFIX_IRIS = {name: str(namespace) for name, namespace in PREFIXES.items()}
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class Offer:
    name: str  # the writer registry's name where the format is one of export's
    media_type: str
    suffix: str
    label: str
    articles_only: bool = False


OFFERS: tuple[Offer, ...] = (
    Offer("html", "text/html", ".html", "HTML"),
    Offer("jsonld", "application/ld+json", ".jsonld", "JSON-LD"),
    Offer("turtle", "text/turtle", ".ttl", "Turtle"),
    Offer("ntriples", "application/n-triples", ".nt", "N-Triples"),
    Offer("rdfxml", "application/rdf+xml", ".rdf", "RDF/XML"),
    Offer("trig", "application/trig", ".trig", "TriG"),
    Offer("newsml", "application/vnd.iptc.g2.newsitem+xml", ".xml", "NewsML-G2", True),
    Offer("ninjs", "application/json", ".ninjs.json", "ninjs 2.2", True),
)
# Longest first, so that ".ninjs.json" is never read as something ending in ".json".
SUFFIXES = sorted(OFFERS, key=lambda o: -len(o.suffix))


def offers(article: bool) -> list[Offer]:
    return [o for o in OFFERS if article or not o.articles_only]


def split_suffix(segment: str) -> tuple[str, Offer | None]:
    """``4254cb3e62e38d7f.ttl`` -> (``4254cb3e62e38d7f``, Turtle); no known suffix: None.

    Ids and slugs hold no dots, so a suffix is never part of a name."""
    for offer in SUFFIXES:
        if segment.endswith(offer.suffix) and len(segment) > len(offer.suffix):
            return segment[: -len(offer.suffix)], offer
    return segment, None


def ordered(triples: Iterable[ox.Triple]) -> list[ox.Triple]:
    unique = dict.fromkeys(triples)
    return sorted(unique, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))


def rdf_body(name: str, iri: str, triples: Sequence[ox.Triple]) -> bytes:
    """The triples as `name` (turtle, ntriples, rdfxml, trig: in the graph `iri`, as the
    trig format of export names an article's graph; jsonld)."""
    triples = ordered(triples)
    if name == "turtle":
        return turtle(triples)
    if name == "ntriples":
        return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    if name == "rdfxml":
        return ox.serialize(triples, format=ox.RdfFormat.RDF_XML, prefixes=PREFIX_IRIS)
    if name == "trig":
        graph = ox.NamedNode(iri)
        return ox.serialize([ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples],
                            format=ox.RdfFormat.TRIG, prefixes=PREFIX_IRIS)
    if name == "jsonld":
        return (json.dumps(jsonld(triples), ensure_ascii=False, indent=2) + "\n").encode()
    raise ValueError(name)


def _compact(iri: str) -> str:
    for prefix, namespace in PREFIX_IRIS.items():
        if iri.startswith(namespace) and iri != namespace:
            return f"{prefix}:{iri[len(namespace):]}"
    return iri


def _value(term: ox.NamedNode | ox.Literal) -> object:
    if isinstance(term, ox.NamedNode):
        return {"@id": term.value}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return term.value
    return {"@value": term.value, "@type": _compact(term.datatype.value)}


def jsonld(triples: Sequence[ox.Triple]) -> dict:
    """JSON-LD with an inline context (prefixes only, nothing fetched): one node per
    subject, values as the triples state them (typed literals keep their datatype)."""
    nodes: dict[str, dict] = {}
    for triple in triples:
        node = nodes.setdefault(triple.subject.value, {"@id": triple.subject.value})
        if triple.predicate.value == str(PREFIXES["rdf"]) + "type":
            node.setdefault("@type", []).append(_compact(triple.object.value))
        else:
            node.setdefault(_compact(triple.predicate.value), []).append(_value(triple.object))
    graph = [{k: v[0] if isinstance(v, list) and len(v) == 1 else v for k, v in n.items()}
             for n in nodes.values()]
    return {"@context": PREFIX_IRIS, "@graph": graph}
