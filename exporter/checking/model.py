"""What the checks read: nodes with types and property values, wherever they came from.

JSON-LD read with the schema.org context keeps each node's JSON path, so a problem names
``$.author[0].name``; RDF (Turtle, RDFa, JSON-LD with other contexts) gives one node per
subject, named ``<iri>``. The vocabulary, Google and SHACL checks all read this one model.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from rdflib import RDF, XSD, BNode, Graph, URIRef
from rdflib import Literal as RdfLiteral
from rdflib.compare import to_canonical_graph
from rdflib.term import Node as RdfNode

# What relative IRIs in a document resolve against: the same on every machine (never the
# folder validate runs in).
BASE = "file:///"
# JSON values as the XSD type JSON-LD gives them.
JSON_TYPES = {bool: str(XSD.boolean), int: str(XSD.integer), float: str(XSD.double)}


@dataclass(frozen=True)
class Literal:
    """A literal value; `datatype` is an IRI (None for a plain string)."""

    text: str
    datatype: str | None = None
    language: str | None = None
    ill_typed: bool = False


@dataclass(frozen=True)
class Link:
    """An IRI used as a value without a node of its own in the document."""

    iri: str


@dataclass(eq=False)
class Node:
    """A subject: its key (IRI or blank label), its types (IRIs) and values in order."""

    key: str
    path: str
    line: int
    types: list[str] = field(default_factory=list)
    values: list[tuple[str, Value, str]] = field(default_factory=list)  # (predicate, value, path)
    blank: bool = True


Value = Literal | Link | Node


@dataclass
class Document:
    """The nodes of one document (a JSON-LD object, a page, an RDF file)."""

    nodes: list[Node]
    graph: Graph | None = None  # the RDF graph when the document was read as RDF
    named: list[Graph] = field(default_factory=list)  # a dataset's graphs, one by one

    def shape_graphs(self) -> list[Graph]:
        """What SHACL checks: each named graph of a dataset on its own (one article each in
        newsexport's N-Quads and TriG), else the whole document as RDF."""
        if self.named:
            return self.named
        if self.graph is None:
            self.graph = to_graph(self.nodes)
        return [self.graph]


def walk(nodes: list[Node]) -> Iterator[Node]:
    """Every node once, nested ones included."""
    seen: set[int] = set()
    todo = list(reversed(nodes))
    while todo:
        node = todo.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        yield node
        todo.extend(reversed([v for _, v, _ in node.values if isinstance(v, Node)]))


def to_graph(nodes: list[Node]) -> Graph:
    graph = Graph()

    def term(node: Node) -> RdfNode:
        return BNode(node.key.removeprefix("_:")) if node.blank else URIRef(node.key)

    for node in walk(nodes):
        subject = term(node)
        for cls in node.types:
            graph.add((subject, RDF.type, URIRef(cls)))
        for predicate, value, _ in node.values:
            if isinstance(value, Node):
                obj: RdfNode = term(value)
            elif isinstance(value, Link):
                obj = URIRef(value.iri)
            else:
                obj = RdfLiteral(value.text, lang=value.language,
                                 datatype=URIRef(value.datatype) if value.datatype else None)
            graph.add((subject, URIRef(predicate), obj))
    return graph


def from_graph(graph: Graph, lines: dict[str, int] | None = None) -> Document:
    """One node per subject of `graph`; `lines` gives where a subject IRI first appears."""
    lines = lines or {}
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        graph = to_canonical_graph(graph)  # blank nodes named by content: stable output
    nodes: dict[RdfNode, Node] = {}

    def node(term: RdfNode) -> Node:
        if term not in nodes:
            blank = isinstance(term, BNode)
            key = f"_:{term}" if blank else str(term)
            nodes[term] = Node(key, f"<{key}>" if not blank else key,
                               lines.get(str(term), 1), blank=blank)
        return nodes[term]

    subjects = sorted(set(graph.subjects()), key=lambda t: (isinstance(t, BNode), str(t)))
    for subject in subjects:
        node(subject)
    for subject in subjects:
        current = nodes[subject]
        for predicate, value in sorted(graph.predicate_objects(subject)):
            if predicate == RDF.type and not isinstance(value, RdfLiteral):
                current.types.append(str(value))
                continue
            if isinstance(value, RdfLiteral):
                item: Value = Literal(str(value), str(value.datatype) if value.datatype else None,
                                      value.language, bool(value.ill_typed))
            elif value in nodes:
                item = nodes[value]
            elif isinstance(value, BNode):
                item = node(value)
            else:
                item = Link(str(value))
            current.values.append((str(predicate), item, f"{current.path}.{_short(predicate)}"))
    return Document(list(nodes.values()), graph)


def _short(predicate: RdfNode) -> str:
    text = str(predicate)
    return text.rsplit("/", 1)[-1].rsplit("#", 1)[-1] or text
