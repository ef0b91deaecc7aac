"""An Article record read back from the article's graph in the store.

HTML, NewsML-G2 and ninjs are written from records, while the store holds RDF. Where
``load`` kept the record beside the graph and the graph is unchanged, that record is
used (:mod:`exporter.record_sidecar`); otherwise (N-Quads loaded, a SPARQL server, a
graph replaced since) it is read back from the graph: every field the RDF states comes
back (headline, dates, agency, publisher, authors and editors, dateline, images, summary
and body paragraphs, subjects, url, word count, the input's SHA-256). The dateline's
parts are read again from its printed text with the readers' own dateline parser. What
RDF does not carry is absent: ``meta_lines``, ``unparsed``, ``timezone``, the input's
name, and the order of authors, editors and subjects (a graph is a set: they come in
the order of their IRIs). NewsML-G2 and ninjs carry none of the first four, so for an
article with at most one author, editor and subject their documents are the ones
``export`` writes; the tests hold them to that.
"""

from __future__ import annotations

import base64
from collections import defaultdict
from collections.abc import Iterable
from datetime import date

import pyoxigraph as ox

from ..dates import zone_of_floating
from ..readers.datelines import split_dateline
from ..record import RECORD_VERSION, Agent, Article, Dateline, Organization, Subject

SCHEMA = "http://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

Index = dict[str, dict[str, list[ox.NamedNode | ox.Literal]]]


def index(triples: Iterable[ox.Triple]) -> Index:
    """subject IRI -> predicate IRI -> objects, sorted: a store answers in no set order,
    and a node with two values (a place spelled two ways) must read the same each time."""
    nodes: Index = defaultdict(lambda: defaultdict(list))
    for triple in sorted(triples, key=lambda t: (t.predicate.value, str(t.object))):
        if isinstance(triple.subject, ox.NamedNode):
            nodes[triple.subject.value][triple.predicate.value].append(triple.object)
    return nodes


class _Node:
    """One subject's statements, read by schema.org property name."""

    def __init__(self, nodes: Index, iri: str) -> None:
        self.iri = iri
        self.nodes = nodes
        self.props = nodes.get(iri, {})

    def all(self, name: str) -> list[ox.NamedNode | ox.Literal]:
        return self.props.get(SCHEMA + name, [])

    def text(self, name: str) -> str | None:
        values = self.all(name)
        return values[0].value if values else None

    def link(self, name: str) -> _Node | None:
        values = [v for v in self.all(name) if isinstance(v, ox.NamedNode)]
        return _Node(self.nodes, values[0].value) if values else None

    def links(self, name: str) -> list[_Node]:
        return sorted((_Node(self.nodes, v.value) for v in self.all(name)
                       if isinstance(v, ox.NamedNode)), key=lambda n: _number(n.iri))

    def types(self) -> set[str]:
        return {v.value.removeprefix(SCHEMA) for v in self.props.get(RDF_TYPE, [])}


def _number(iri: str) -> tuple[int, str]:
    """Images sort by their number (…/image/2 before …/image/10); others by IRI."""
    tail = iri.rsplit("/", 1)[-1]
    return (int(tail), iri) if tail.isdigit() else (0, iri)


def record_from_graph(iri: str, triples: Iterable[ox.Triple]) -> Article | None:
    """The record of article `iri` from its description, or None if it is no article."""
    nodes = index(triples)
    article = _Node(nodes, iri)
    if "NewsArticle" not in article.types():
        return None
    published, modified = _when(article.text("datePublished")), \
        _when(article.text("dateModified"))
    body = _paragraphs(article.text("articleBody"))
    subjects: list[Subject] = [
        {"qcode": term.text("termCode") or term.iri, "name": term.text("name"), "uri": term.iri}
        for term in article.links("about")]
    subjects += [{"qcode": k.value, "name": None, "uri": None} for k in article.all("keywords")]
    return {
        "record_version": RECORD_VERSION,
        "id": article.text("identifier") or iri.rsplit("/", 1)[-1],
        "iri": iri,
        "headline": article.text("headline"),
        "subheadline": article.text("alternativeHeadline"),
        "language": article.text("inLanguage") or "en",
        "date_published": published,
        "date_modified": modified,
        "timezone": zone_of_floating(published, modified),
        "source": _organization(article.link("sourceOrganization")),
        "publisher": _organization(article.link("publisher")),
        "authors": [_agent(a) for a in article.links("author")],
        "editors": [_agent(e) for e in article.links("editor")],
        "dateline": _dateline(article, published),
        "images": [{"iri": i.iri, "caption": i.text("caption"), "credit": i.text("creditText"),
                    "url": i.text("contentUrl") or i.text("url")}
                   for i in article.links("image")],
        "summary": _paragraphs(article.text("description")),
        "body": body,
        "subjects": subjects,
        "url": article.text("url"),
        "word_count": int(article.text("wordCount") or sum(len(p.split()) for p in body)),
        "meta_lines": [],
        "unparsed": [],
        "provenance": _provenance(article.link("isBasedOn")),
    }


def _when(value: str | None) -> str | None:
    """A date as the writers spell it: a store may write UTC as ``Z`` (the same instant)."""
    return value[:-1] + "+00:00" if value and value.endswith("Z") else value


def _paragraphs(text: str | None) -> list[str]:
    return text.split("\n\n") if text else []


def _organization(node: _Node | None) -> Organization | None:
    if node is None:
        return None
    return {"name": node.text("name") or node.iri, "iri": node.iri, "url": node.text("url")}


def _agent(node: _Node) -> Agent:
    kind = "organization" if "Organization" in node.types() else "person"
    return {"name": node.text("name") or node.iri, "kind": kind, "iri": node.iri}


def _dateline(article: _Node, published: str | None) -> Dateline | None:
    text = article.text("dateline")
    if text is None:
        return None
    place = article.link("locationCreated")
    region = place.link("containedInPlace") if place else None
    anchor = date.fromisoformat(published[:10]) if published else None
    parsed, _ = split_dateline(text + " x", anchor)
    parsed = parsed if parsed and parsed["text"] == text else {}
    # The printed dateline names the place as the reader minted it; a node's name in the
    # store may hold other spellings too (two articles' "Fla." and "Fla" are one region).
    return {"text": text, "place": parsed.get("place"),
            "place_name": (parsed.get("place_name") or place.text("name")) if place else None,
            # containedInPlace is the printed region, or the country a link found: the
            # printed text, when it parses, says which
            "region": parsed.get("region") if parsed else
                      (region.text("name") if region else None),
            "place_iri": place.iri if place else None,
            "date": parsed.get("date"), "agency": parsed.get("agency")}


def _provenance(node: _Node | None) -> dict:
    digest = node.text("sha256") if node else None
    if digest is None and node is not None and node.iri.startswith("ni:///sha-256;"):
        name = node.iri.split(";", 1)[1]
        digest = base64.urlsafe_b64decode(name + "=" * (-len(name) % 4)).hex()
    return {"reader": "store", "input": node.iri if node else "", "sha256": digest or "0" * 64,
            "item": None}
