"""RDF/XML of a small graph, written from its rdflib terms without building a store.

For one article, filling rdflib's memory store and walking it was most of the cost
of RDF/XML, the slowest format. This writes the bytes rdflib's ``xml`` serializer
writes for the same triples (the tests compare them on the seed, hostile text and
real stories): one ``rdf:Description`` per subject in the order subjects first
appear, each subject's statements grouped by predicate in the order predicates first
appear (how rdflib's memory store iterates), a repeated triple written once; the
``xmlns`` declarations are those of the predicates, sorted by prefix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from xml.sax.saxutils import escape, quoteattr

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node as Term

from .rdf_text import PrefixedNames

Triple = tuple[URIRef, URIRef, Term]

_CR = {"\r": "&#13;"}  # as rdflib escapes element text


def rdfxml(triples: Iterable[Triple], prefixes: Mapping[str, str]) -> bytes:
    """An RDF/XML document of the triples; every predicate must be in one of `prefixes`
    (an element name is a prefixed name)."""
    subjects: dict[URIRef, dict[URIRef, dict[Term, None]]] = {}
    for subject, predicate, value in triples:
        subjects.setdefault(subject, {}).setdefault(predicate, {})[value] = None
    names, qnames = PrefixedNames(prefixes), {}
    for statements in subjects.values():
        for predicate in statements:
            if predicate not in qnames:
                qnames[predicate] = names.name(predicate)
                if qnames[predicate].startswith("<"):
                    raise ValueError(f"RDF/XML needs a prefix for the predicate <{predicate}>")
    bindings = {"rdf": str(RDF), **names.used}
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rdf:RDF\n']
    out += [f'   xmlns:{prefix}="{namespace}"\n' for prefix, namespace in sorted(bindings.items())]
    out.append(">\n")
    for subject, statements in subjects.items():
        out.append(f"  <rdf:Description rdf:about={quoteattr(subject)}>\n")
        for predicate, values in statements.items():
            name = qnames[predicate]
            out += [_element(name, value) for value in values]
        out.append("  </rdf:Description>\n")
    out.append("</rdf:RDF>\n")
    return "".join(out).encode("utf-8", "replace")


def _element(name: str, value: Term) -> str:
    if not isinstance(value, Literal):
        return f"    <{name} rdf:resource={quoteattr(value)}/>\n"
    attributes = f' xml:lang="{value.language}"' if value.language else ""
    if value.datatype:
        attributes += f' rdf:datatype="{value.datatype}"'
    return f"    <{name}{attributes}>{_text(value)}</{name}>\n"


def _text(text: str) -> str:
    """``escape(text, _CR)``, without its calls where nothing needs escaping (most text)."""
    if "&" in text or "<" in text or ">" in text or "\r" in text:
        return escape(text, _CR)
    return str(text)
