"""Test helper: does a graph use schema.org as the vocabulary defines it?

Checks every triple against ``schemaorg-current-https.ttl`` (release 30.0, in
../shared): the class or property must exist, the subject must have a type in
the property's ``domainIncludes`` and the value must be in its ``rangeIncludes``,
both up the ``rdfs:subClassOf`` hierarchy. Literal values are matched to the
schema.org data types (Text, URL, Date, DateTime, Time, Integer, Number, Boolean).
Terms may use ``http://schema.org/`` (what the JSON-LD context expands to) or
``https://schema.org/``, but not both in one graph.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

VOCABULARY = Path("standards/schemaorg/schemaorg-current-https.ttl")  # inside ../shared
NAMESPACES = ("https://schema.org/", "http://schema.org/")
_SDO = Namespace("https://schema.org/")
_PENDING = URIRef("https://pending.schema.org")

# XSD datatypes as the schema.org data type their values are.
_XSD_TYPES = {
    XSD.string: "Text", XSD.normalizedString: "Text", XSD.token: "Text", XSD.anyURI: "URL",
    XSD.boolean: "Boolean", XSD.date: "Date", XSD.dateTime: "DateTime", XSD.time: "Time",
    XSD.integer: "Integer", XSD.int: "Integer", XSD.long: "Integer",
    XSD.nonNegativeInteger: "Integer", XSD.positiveInteger: "Integer",
    XSD.decimal: "Number", XSD.double: "Float", XSD.float: "Float",
    RDF.langString: "Text",
}
# What a string literal can also be read as: schema.org asks consumers to parse
# text ("2021-07-28" is a Date), which is how JSON-LD without coercions reads.
_LEXICAL = (
    ("Date", re.compile(r"-?\d{4,}-\d\d-\d\d")),
    ("DateTime", re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")),
    ("Time", re.compile(r"\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")),
    ("Integer", re.compile(r"[+-]?\d+")),
    ("Number", re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")),
    ("Boolean", re.compile(r"true|false|True|False")),
    ("URL", re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")),
)


@dataclass(frozen=True)
class Problem:
    kind: str  # namespace, unknown-class, unknown-property, untyped, domain, range, ...
    subject: str
    term: str
    message: str

    def __str__(self) -> str:
        where = f"<{self.subject}> " if self.subject else ""
        return f"{self.kind}: {where}{self.term}: {self.message}"


@dataclass(frozen=True, repr=False)
class Vocabulary:
    """The schema.org classes and properties, by local name."""

    classes: frozenset[str]
    datatypes: frozenset[str]  # DataType instances and their subclasses (URL, Integer, ...)
    quantities: frozenset[str]  # data types written as free text: "3 km" is a Distance
    properties: dict[str, tuple[frozenset[str], frozenset[str]]]  # name -> (domains, ranges)
    supers: dict[str, frozenset[str]]  # class -> itself and every superclass
    instances: dict[str, frozenset[str]]  # enumeration member -> its classes
    pending: frozenset[str]
    superseded: frozenset[str]

    @staticmethod
    @functools.cache
    def load(path: Path) -> Vocabulary:
        """The vocabulary in the schema.org release file at `path` (parsed once)."""
        return Vocabulary.from_graph(Graph().parse(path, format="turtle"))

    @staticmethod
    def from_graph(vocab: Graph) -> Vocabulary:
        def name(term: Node) -> str | None:
            return str(term)[len(_SDO):] if str(term).startswith(str(_SDO)) else None

        classes = {name(c) for c in vocab.subjects(RDF.type, RDFS.Class)} - {None}
        parents: dict[str, set[str]] = {c: set() for c in classes}
        for child, parent in vocab.subject_objects(RDFS.subClassOf):
            if name(child) in parents and name(parent) in classes:
                parents[name(child)].add(name(parent))
        supers = {c: frozenset(_closure(c, parents)) for c in classes}
        roots = {name(d) for d in vocab.subjects(RDF.type, _SDO.DataType)}
        datatypes = frozenset(c for c in classes if supers[c] & roots)
        properties = {
            name(p): (frozenset(name(d) for d in vocab.objects(p, _SDO.domainIncludes)),
                      frozenset(name(r) for r in vocab.objects(p, _SDO.rangeIncludes)))
            for p in vocab.subjects(RDF.type, RDF.Property) if name(p)}
        instances: dict[str, set[str]] = {}
        for member, cls in vocab.subject_objects(RDF.type):
            if name(member) and name(cls) in classes and cls != _SDO.DataType:
                instances.setdefault(name(member), set()).add(name(cls))
        return Vocabulary(
            classes=frozenset(classes), datatypes=datatypes, properties=properties,
            quantities=frozenset(c for c in classes if "Quantity" in supers[c]),
            supers=supers, instances={m: frozenset(c) for m, c in instances.items()},
            pending=frozenset(name(t) for t in vocab.subjects(_SDO.isPartOf, _PENDING)),
            superseded=frozenset(name(t) for t in vocab.subjects(_SDO.supersededBy, None)))

    def __repr__(self) -> str:
        return f"<Vocabulary: {len(self.classes)} classes, {len(self.properties)} properties>"

    def fits(self, types: Iterable[str], wanted: frozenset[str]) -> bool:
        """Whether one of `types` is one of `wanted` or a subclass of one."""
        return any(self.supers.get(t, frozenset({t})) & wanted for t in types)


def _closure(cls: str, parents: dict[str, set[str]]) -> set[str]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in parents[todo.pop()] - seen:
            seen.add(parent)
            todo.append(parent)
    return seen


def check(graph: Graph, vocab: Vocabulary, *, allow_pending: bool = True) -> list[Problem]:
    """Every use of schema.org in `graph` that the vocabulary does not allow.

    Pending terms (e.g. creditText) are part of schema.org; `allow_pending=False`
    reports them too, as a strict consumer might.
    """
    problems: list[Problem] = []
    spaces = {ns for term in _terms(graph) for ns in NAMESPACES if str(term).startswith(ns)}
    if len(spaces) > 1:
        problems.append(Problem("namespace", "", "", "mixes http://schema.org/ and "
                                "https://schema.org/ terms"))
    types: dict[Node, set[str]] = {
        s: set(vocab.instances[name]) for s in set(graph.subjects())
        if (name := _local(s)) in vocab.instances}
    for subject, cls in graph.subject_objects(RDF.type):
        local = _local(cls)
        types.setdefault(subject, set()).add(local or str(cls))
        if local is None or local not in vocab.classes or local in vocab.datatypes:
            why = "is a data type, not a class" if local in vocab.datatypes else "no such class"
            problems.append(Problem("unknown-class", str(subject), str(cls), why))
    for subject, predicate, value in graph:
        if predicate == RDF.type:
            continue
        problems += _check_triple(subject, predicate, value, types, vocab)
    used = {t for term in _terms(graph) if (t := _local(term))}
    problems += [Problem("superseded", "", term, "superseded in schema.org")
                 for term in sorted(used & vocab.superseded)]
    if not allow_pending:
        problems += [Problem("pending", "", term, "a pending schema.org term")
                     for term in sorted(used & vocab.pending)]
    return problems


def _check_triple(subject: Node, predicate: Node, value: Node, types: dict[Node, set[str]],
                  vocab: Vocabulary) -> list[Problem]:
    local = _local(predicate)
    if local is None or local not in vocab.properties:
        return [Problem("unknown-property", str(subject), str(predicate), "no such property")]
    domains, ranges = vocab.properties[local]
    problems = []
    if subject not in types:
        problems.append(Problem("untyped", str(subject), local, "subject has no rdf:type"))
    elif domains and not vocab.fits(types[subject], domains):
        problems.append(Problem("domain", str(subject), local,
                                f"{sorted(types[subject])} not in {sorted(domains)}"))
    kinds = _value_types(value, types, vocab)
    if not vocab.fits(kinds, ranges):
        problems.append(Problem("range", str(subject), local,
                                f"{value.n3()} is {sorted(kinds)}, not in {sorted(ranges)}"))
    if isinstance(value, Literal) and value.ill_typed:
        problems.append(Problem("literal", str(subject), local,
                                f"{value.n3()} is not a valid {value.datatype}"))
    return problems


def _value_types(value: Node, types: dict[Node, set[str]], vocab: Vocabulary) -> set[str]:
    """The schema.org classes or data types a value belongs to."""
    if isinstance(value, Literal):
        declared = _literal_type(value)
        if declared in ("Text", "Date", "DateTime"):  # incl. the 30.0 context's ^^schema:Date
            lexical = {t for t, shape in _LEXICAL if shape.fullmatch(value)}
            return {declared} | lexical | (vocab.quantities if declared == "Text" else set())
        return {declared} if declared else set()
    known = types.get(value, set()) | vocab.instances.get(_local(value) or "", frozenset())
    if known:
        return known
    return {"URL"} if isinstance(value, URIRef) else set()  # a bare link


def _literal_type(value: Literal) -> str | None:
    if value.datatype is None:
        return "Text"
    local = _local(value.datatype)
    return local if local else _XSD_TYPES.get(value.datatype)


def _local(term: Node) -> str | None:
    """The schema.org local name of `term`, in either namespace."""
    if isinstance(term, (Literal, BNode)):
        return None
    text = str(term)
    return next((text[len(ns):] for ns in NAMESPACES if text.startswith(ns)), None)


def _terms(graph: Graph) -> Iterable[Node]:
    for _, predicate, value in graph:
        yield predicate
        if isinstance(value, URIRef):
            yield value
        elif isinstance(value, Literal) and value.datatype is not None:
            yield value.datatype
