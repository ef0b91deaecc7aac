"""Does a document use schema.org as the vocabulary defines it?

Every class and property must exist; a property's subject must have a type in its
``domainIncludes`` and its value must be in its ``rangeIncludes``, both up the
``rdfs:subClassOf`` hierarchy. Literals are matched to schema.org's data types (Text,
URL, Date, DateTime, Time, Integer, Number, Boolean) by their datatype or, for plain
text, by how they read, as schema.org asks consumers to parse text ("2021-07-28" is a
Date). Text where only entities are expected is a warning: schema.org allows it.
Terms may use ``http://schema.org/`` (what the JSON-LD context expands to) or
``https://schema.org/``, but mixing both is reported.

The vocabulary is the index ``build_vocab`` derives from a schema.org release; the
package ships the pinned release's, and ``--vocabulary FILE`` reads another index or a
release's own Turtle (or any RDF) file.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from rdflib import RDF, XSD, Graph

from ..errors import InputError
from .detect import rdf_format
from .model import Document, Link, Literal, Node, Value, walk
from .report import Problem, at_line, error, warning

SHIPPED = "schemaorg-30.0.json"
NAMESPACES = ("https://schema.org/", "http://schema.org/")

# XSD datatypes as the schema.org data type their values are.
_XSD_TYPES = {
    str(XSD[name]): kind for kind, names in {
        "Text": ("string", "normalizedString", "token"), "URL": ("anyURI",),
        "Boolean": ("boolean",), "Date": ("date",), "DateTime": ("dateTime",),
        "Time": ("time",), "Number": ("decimal",), "Float": ("double", "float"),
        "Integer": ("integer", "int", "long", "short", "nonNegativeInteger",
                    "positiveInteger"),
    }.items() for name in names} | {str(RDF.langString): "Text", str(RDF.HTML): "Text"}
# What plain text can also be read as.
_LEXICAL = (
    ("Date", re.compile(r"-?\d{4,}-\d\d-\d\d")),
    ("DateTime", re.compile(r"-?\d{4,}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?")),
    ("Time", re.compile(r"\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?")),
    ("Integer", re.compile(r"[+-]?\d+")),
    ("Number", re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")),
    ("Boolean", re.compile(r"true|false|True|False")),
    # an absolute or root-relative URL, or a URI template ("...?q={search_term_string}")
    ("URL", re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"|\\^`]+|/[^\s<>\"|\\^`]*")),
)
_RULE = "schema.org/"


@dataclass(frozen=True, repr=False)
class Vocabulary:
    """The schema.org classes and properties, by local name."""

    release: str | None
    classes: frozenset[str]
    datatypes: frozenset[str]  # DataType instances and their subclasses (URL, Integer, ...)
    quantities: frozenset[str]  # data types written as free text: "3 km" is a Distance
    properties: dict[str, tuple[frozenset[str], frozenset[str]]]  # name -> (domains, ranges)
    supers: dict[str, frozenset[str]]  # class -> itself and every superclass
    instances: dict[str, frozenset[str]]  # enumeration member -> its classes
    pending: frozenset[str]
    superseded: frozenset[str]
    prefixes: dict[str, str]

    @staticmethod
    @functools.cache
    def shipped() -> Vocabulary:
        """The pinned release's vocabulary, shipped in the package."""
        data = resources.files("exporter.checking").joinpath("data", SHIPPED).read_text("utf-8")
        return Vocabulary.from_index(json.loads(data))

    @staticmethod
    @functools.cache
    def load(path: Path) -> Vocabulary:
        """A vocabulary index (JSON from build_vocab) or a schema.org release file (RDF)."""
        try:
            data = path.read_bytes()
            if path.suffix == ".json":
                return Vocabulary.from_index(json.loads(data))
            return Vocabulary.from_graph(Graph().parse(data=data, format=rdf_format(path.name)))
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", source=str(path)) from None
        except Exception as exc:  # bad JSON or index, and rdflib's parsers' own types
            raise InputError(f"not a schema.org vocabulary: {exc}", source=str(path)) from None

    @staticmethod
    def from_graph(vocab: Graph) -> Vocabulary:
        from .build_vocab import index  # not at the top: ``python -m`` runs that module

        return Vocabulary.from_index(index(vocab))

    @staticmethod
    def from_index(data: dict) -> Vocabulary:
        parents = {c: set(p) for c, p in data["classes"].items()}
        supers = {c: frozenset(_closure(c, parents)) for c in parents}
        roots = set(data["datatype_roots"])
        if not parents:
            raise ValueError("it defines no schema.org class")
        return Vocabulary(
            release=data.get("release"),
            classes=frozenset(parents),
            datatypes=frozenset(c for c in parents if supers[c] & roots),
            quantities=frozenset(c for c in parents if "Quantity" in supers[c]),
            properties={p: (frozenset(d), frozenset(r)) for p, (d, r) in
                        data["properties"].items()},
            supers=supers,
            instances={m: frozenset(c) for m, c in data["instances"].items()},
            pending=frozenset(data["pending"]), superseded=frozenset(data["superseded"]),
            prefixes=dict(data.get("prefixes") or {}))

    @functools.cached_property
    def text_kinds(self) -> frozenset[str]:
        """Data types that any text is (CssSelectorType, XPathType); not URL, which text
        must read as."""
        return frozenset(c for c in self.datatypes if "Text" in self.supers[c]) - {"URL"}

    @functools.cached_property
    def context(self) -> dict:
        """The JSON-LD context that reads ``"@context": "https://schema.org"`` offline:
        schema.org's vocabulary and prefixes, without type coercions (which schema.org
        dropped after 30.0, so no reading depends on them)."""
        return {"@vocab": "http://schema.org/", "id": "@id", "type": "@type", **self.prefixes}

    def __repr__(self) -> str:
        return f"<Vocabulary {self.release}: {len(self.classes)} classes, " \
               f"{len(self.properties)} properties>"

    def fits(self, types: Iterable[str], wanted: frozenset[str]) -> bool:
        """Whether one of `types` is one of `wanted` or a subclass of one."""
        return any(self.supers.get(t, frozenset({t})) & wanted for t in types)


def _closure(cls: str, parents: dict[str, set[str]]) -> set[str]:
    seen, todo = {cls}, [cls]
    while todo:
        for parent in parents.get(todo.pop(), set()) - seen:
            seen.add(parent)
            todo.append(parent)
    return seen


def local(iri: str) -> str | None:
    """The schema.org local name of `iri`, in either namespace."""
    for namespace in NAMESPACES:
        if iri.startswith(namespace):
            return iri[len(namespace):]
    return None


def check(document: Document, vocab: Vocabulary, *, allow_pending: bool = True,
          only_schema: bool = False) -> list[Problem]:
    """Every use of schema.org in `document` that the vocabulary does not allow.

    Terms of other vocabularies are none of this check's business, unless `only_schema`
    (what newsexport's own output promises). Pending terms (e.g. creditText) are part of
    schema.org; `allow_pending=False` reports them too, as a strict consumer might.
    """
    problems: list[Problem] = []
    nodes = list(walk(document.nodes))
    spaces: set[str] = set()
    used: set[str] = set()
    for node in nodes:
        start = len(problems)
        types = _types(node, vocab)
        for cls in node.types:
            name = local(cls)
            if name is None:
                if only_schema:
                    problems.append(error(_RULE + "foreign", f"{cls} is not a schema.org class",
                                          node.path, cls))
                continue
            spaces.add(cls[:-len(name)])
            used.add(name)
            if name not in vocab.classes or name in vocab.datatypes:
                why = "is a data type, not a class" if name in vocab.datatypes else \
                    "is not a schema.org class"
                problems.append(error(_RULE + "unknown-class", f"{name} {why}", node.path, cls))
        for predicate, value, path in node.values:
            name = local(predicate)
            if name is None:
                if only_schema:
                    problems.append(error(_RULE + "foreign", f"{predicate} is not a schema.org "
                                          "property", path, predicate))
                continue
            spaces.add(predicate[:-len(name)])
            used.add(name)
            if isinstance(value, Link) and (member := local(value.iri)):
                used.add(member)
            problems += _check_value(node, types, name, value, path, vocab)
        problems[start:] = at_line(problems[start:], node.line)
    if len(spaces) > 1:
        problems.append(warning(_RULE + "namespace", "mixes http://schema.org/ and "
                                "https://schema.org/ terms"))
    problems += [warning(_RULE + "superseded", f"{term} is superseded in schema.org", term=term)
                 for term in sorted(used & vocab.superseded)]
    if not allow_pending:
        problems += [warning(_RULE + "pending", f"{term} is a pending schema.org term",
                             term=term) for term in sorted(used & vocab.pending)]
    return problems


def _types(node: Node, vocab: Vocabulary) -> set[str]:
    """A node's schema.org types: its @types, or the classes of the enumeration member it is."""
    found = {name or cls for cls in node.types for name in [local(cls)]}
    return found | vocab.instances.get(local(node.key) or "", frozenset())


def _check_value(node: Node, types: set[str], name: str, value: Value, path: str,
                 vocab: Vocabulary) -> list[Problem]:
    if name.endswith(("-input", "-output")) and name.rsplit("-", 1)[0] in vocab.properties:
        return []  # an Action's input/output annotation ("query-input"), schema.org's syntax
    if name not in vocab.properties:
        return [error(_RULE + "unknown-property", f"{name} is not a schema.org property",
                      path, name)]
    domains, ranges = vocab.properties[name]
    problems = []
    if types and not types & vocab.classes:
        pass  # its classes are unknown, reported once: no domain to check against
    elif not types:
        problems.append(warning(_RULE + "untyped", f"{name} on a node without @type, so its "
                                "domain cannot be checked", path, name))
    elif domains and not vocab.fits(types, domains):
        problems.append(error(_RULE + "domain", f"{name} is not a property of "
                              f"{_names(types)} (it is one of {_names(domains)})", path, name))
    kinds = _value_types(value, vocab)
    if kinds is None:  # an untyped entity: any class fits, no data type does
        kinds = ranges - vocab.datatypes or {"Thing"}
    if not vocab.fits(kinds, ranges):
        shown = _shown(value)
        if isinstance(value, Literal) and _literal_type(value) == "Text" and \
                not ranges & vocab.datatypes:
            problems.append(warning(_RULE + "text-for-entity", f"{name} is text {shown} where "
                                    f"schema.org expects {_names(ranges)}", path, name))
        else:
            problems.append(error(_RULE + "range", f"{name} value {shown} is "
                                  f"{_kind(value, kinds)}, not {_names(ranges)}", path, name))
    if isinstance(value, Literal) and value.ill_typed:
        problems.append(error(_RULE + "literal", f"{name} value {_shown(value)} is not a valid "
                              f"{value.datatype}", path, name))
    return problems


def _value_types(value: Value, vocab: Vocabulary) -> set[str] | None:
    """The schema.org classes or data types a value belongs to; None for an untyped entity."""
    if isinstance(value, Literal):
        declared = _literal_type(value)
        if declared in ("Text", "Date", "DateTime"):  # incl. the 30.0 context's ^^schema:Date
            lexical = {t for t, shape in _LEXICAL if shape.fullmatch(value.text)}
            free = vocab.quantities | vocab.text_kinds if declared == "Text" else set()
            return {declared} | lexical | free
        if declared in ("Integer", "Number", "Float"):  # pixels: "width": 576
            return {declared} | vocab.quantities
        return {declared} if declared else set()
    if isinstance(value, Link):
        member = vocab.instances.get(local(value.iri) or "")
        return set(member) if member else {"URL"}  # a bare link
    return _types(value, vocab) or None


def _kind(value: Value, kinds: set[str]) -> str:
    if isinstance(value, Literal):
        return _literal_type(value) or str(value.datatype)
    return _names(kinds) if kinds else "untyped"


def _literal_type(value: Literal) -> str | None:
    if value.datatype is None:
        return "Text"
    return local(value.datatype) or _XSD_TYPES.get(value.datatype)


def _shown(value: Value) -> str:
    if isinstance(value, Literal):
        text = value.text if len(value.text) <= 60 else value.text[:57] + "..."
        return json.dumps(text, ensure_ascii=False)
    return f"<{value.iri if isinstance(value, Link) else value.key}>"


def _names(names: Iterable[str]) -> str:
    return "/".join(sorted(names))


def check_graph(graph: Graph, vocab: Vocabulary, **options: bool) -> list[Problem]:
    """`check` for an rdflib graph (one node per subject)."""
    from .model import from_graph

    return check(from_graph(graph), vocab, **options)
