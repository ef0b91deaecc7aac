"""JSON-LD into the check model, offline.

Almost every page says ``"@context": "https://schema.org"``: such a document is walked
as JSON (fast, and a problem keeps its JSON path). Any other context is expanded by
rdflib after every schema.org context URL is replaced by the shipped one; a remote
context that is not schema.org's is never fetched: the document is reported and left
unchecked, as its terms mean nothing without it.
"""

from __future__ import annotations

import bisect
import json
import re
from dataclasses import replace
from json.decoder import scanstring
from typing import Any

from rdflib import Graph

from . import model
from .model import Document, Link, Literal, Node
from .report import Problem, error
from .vocabulary import Vocabulary

_SCHEMA_URL = re.compile(r"(?i)https?://(www\.)?schema\.org(/|/docs/jsonldcontext\.jsonld?)?")
_ALIASES = {"id": "@id", "type": "@type"}  # as the schema.org context aliases them
# Keywords the walker does not follow: a document that uses them is expanded by rdflib.
_EXPANDED_ONLY = frozenset({"@reverse", "@nest", "@included"})


def is_jsonld(value: object) -> bool:
    """Whether a JSON value reads as JSON-LD (an object with keywords, or a list of them)."""
    if isinstance(value, list):
        return bool(value) and all(isinstance(v, dict) and is_jsonld(v) for v in value)
    return isinstance(value, dict) and any(k in value for k in ("@context", "@graph", "@type",
                                                                "@id"))


def read(value: Any, vocab: Vocabulary) -> tuple[Document | None, list[Problem]]:
    """The nodes of one JSON-LD document, and what keeps it from being read as it is."""
    try:
        return _read(value, vocab)
    except RecursionError:
        return None, [error("jsonld/depth", "nested too deeply to read: not checked")]


def _read(value: Any, vocab: Vocabulary) -> tuple[Document | None, list[Problem]]:
    problems: list[Problem] = []
    contexts = list(_contexts(value))
    if not contexts:
        problems.append(error("jsonld/context", "no @context: its terms mean nothing in JSON-LD "
                              "(read as schema.org, as search engines do)"))
    remote = sorted({c for c in contexts if isinstance(c, str) and not _SCHEMA_URL.fullmatch(c)})
    if remote:
        return None, [*problems, error(
            "jsonld/remote-context", f"remote @context {remote[0]} is not fetched (offline), "
            "so its terms are unknown: not checked")]
    prefixes = _schema_prefixes(contexts, vocab)
    if prefixes is not None and not _uses(value, _EXPANDED_ONLY):
        return _Walker(prefixes).document(value), problems
    try:
        graph = Graph().parse(data=json.dumps(_offline(value, vocab)), format="json-ld",
                              publicID=model.BASE)
    except Exception as exc:  # rdflib raises many types for bad JSON-LD
        return None, [*problems, error("jsonld/syntax", f"not valid JSON-LD: {exc}")]
    return model.from_graph(graph), problems


def _contexts(value: Any) -> Any:
    """Every context in the document, lists flattened: @context values, the contexts scoped
    in their term definitions, and what an ``@import`` names."""
    if isinstance(value, list):
        for item in value:
            yield from _contexts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key in ("@context", "@import"):
                for context in item if isinstance(item, list) else [item]:
                    yield context
                    yield from _contexts(context)
            else:
                yield from _contexts(item)


def _uses(value: Any, keywords: frozenset[str]) -> bool:
    """Whether any object in the document has one of `keywords`."""
    if isinstance(value, list):
        return any(_uses(item, keywords) for item in value)
    if isinstance(value, dict):
        return bool(keywords & value.keys()) or any(_uses(v, keywords) for v in value.values())
    return False


def _schema_prefixes(contexts: list[Any], vocab: Vocabulary) -> dict[str, str] | None:
    """The term -> IRI table when every context is schema.org's or only names a vocabulary
    and prefixes; None when a context defines terms the walker does not follow."""
    table = {**vocab.prefixes, "@vocab": "http://schema.org/"}
    for context in contexts or ["https://schema.org"]:
        if isinstance(context, str):
            continue
        if not isinstance(context, dict):
            return None
        for key, target in context.items():
            if not isinstance(target, str) or (key.startswith("@") and key != "@vocab"):
                return None
            table[key] = target
    return table


def _offline(value: Any, vocab: Vocabulary) -> Any:
    """`value` with each schema.org context URL replaced by the shipped context."""
    if isinstance(value, list):
        return [_offline(v, vocab) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: _offline(v, vocab) for k, v in value.items() if k != "@context"}
    if "@context" in value:
        items = value["@context"] if isinstance(value["@context"], list) else [value["@context"]]
        out["@context"] = [vocab.context if isinstance(c, str) else c for c in items]
    return out


class _Walker:
    """Reads a schema.org JSON-LD document as nodes, keeping JSON paths."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.vocab = table["@vocab"]
        self.nodes: dict[str, Node] = {}
        self.blanks = 0

    def document(self, value: Any) -> Document:
        roots: list[Node] = []
        for item, path in _items(value, "$"):
            if isinstance(item, dict):
                roots += self.objects(item, path)
        for node in model.walk(roots + list(self.nodes.values())):
            node.values = [(p, self.nodes.get(v.iri, v) if isinstance(v, Link) else v, at)
                           for p, v, at in node.values]
        unique = {id(n): n for n in roots + list(self.nodes.values())}
        return Document(list(unique.values()))

    def objects(self, item: dict, path: str) -> list[Node]:
        """The node(s) of a top-level object: itself, or its @graph."""
        if "@graph" in item and not any(k for k in item if k not in ("@context", "@graph",
                                                                       "@id")):
            found = []
            for member, at in _items(item["@graph"], f"{path}.@graph"):
                if isinstance(member, dict):
                    found += self.objects(member, at)
            return found
        node = self.node(item, path)
        return [node] if isinstance(node, Node) else []

    def iri(self, term: str, vocab: bool) -> str:
        term = _ALIASES.get(term, term) if vocab else term
        if term in self.table and vocab:
            return self.table[term]
        prefix, colon, rest = term.partition(":")
        if colon and not rest.startswith("//") and prefix in self.table:
            return self.table[prefix] + rest
        if colon or not vocab:
            return term
        return self.vocab + term

    def node(self, item: dict, path: str) -> Node | Link:
        key = item.get("@id", item.get("id"))
        key = self.iri(key, False) if isinstance(key, str) else None
        keys = [k for k in item if _ALIASES.get(k, k) not in ("@id", "@context")]
        if key is not None and not keys:
            return Link(key)
        if key is None:
            self.blanks += 1
            node = Node(f"_:b{self.blanks}", path, 1)
        elif key in self.nodes:
            node = self.nodes[key]
        else:
            node = self.nodes[key] = Node(key, path, 1, blank=key.startswith("_:"))
        for name, value in item.items():
            keyword = _ALIASES.get(name, name)
            if keyword == "@type":
                node.types += [self.iri(t, True) for t in (value if isinstance(value, list)
                                                            else [value]) if isinstance(t, str)]
            elif not keyword.startswith("@"):
                predicate = self.iri(name, True)
                for member, at in _items(value, f"{path}.{name}"):
                    found = self.value(member, at)
                    if found is not None:
                        node.values.append((predicate, found, at))
        return node

    def value(self, value: Any, path: str) -> model.Value | None:
        if isinstance(value, dict):
            if "@value" in value:
                kind = value.get("@type")
                return None if value["@value"] is None else Literal(
                    _text(value["@value"]), self.iri(kind, True) if isinstance(kind, str)
                    else _json_type(value["@value"]), value.get("@language"))
            if "@list" in value or "@set" in value:
                return None  # their members are read by _items
            return self.node(value, path)
        if value is None:
            return None
        return Literal(_text(value), _json_type(value))


def _items(value: Any, path: str) -> list[tuple[Any, str]]:
    """The members of a JSON-LD value with their paths (lists, @list and @set unwrapped)."""
    if isinstance(value, dict) and ("@list" in value or "@set" in value):
        key = "@list" if "@list" in value else "@set"
        return _items(value[key], f"{path}.{key}")
    if isinstance(value, list):
        return [(v, f"{path}[{i}]") for i, v in enumerate(value)]
    return [(value, path)]


def _text(value: Any) -> str:
    return json.dumps(value) if isinstance(value, bool) else str(value)


def _json_type(value: Any) -> str | None:
    return model.JSON_TYPES.get(type(value))


_SPACE = re.compile(r"[ \t\n\r]*")
_SCALAR = re.compile(r"true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")


def value_lines(text: str, first: int = 1) -> dict[str, int]:
    """The line of each JSON path's value (``$``, ``$.author[0]``) in a JSON text whose
    first line is `first`: JSON parsers keep no positions, so a problem found by path is
    placed by scanning the text once more. Empty when the text is not one JSON value."""
    breaks = [i for i, c in enumerate(text) if c == "\n"]
    found: dict[str, int] = {}

    def skip(pos: int) -> int:
        return _SPACE.match(text, pos).end()  # type: ignore[union-attr]

    def value(pos: int, path: str) -> int:
        pos = skip(pos)
        found[path] = first + bisect.bisect_left(breaks, pos)
        if text[pos] in "{[":
            close, index = "}" if text[pos] == "{" else "]", 0
            pos = skip(pos + 1)
            while text[pos] != close:
                if close == "}":
                    key, pos = scanstring(text, skip(pos) + 1)
                    pos = value(skip(pos) + 1, f"{path}.{key}")  # past the ":"
                else:
                    pos = value(pos, f"{path}[{index}]")
                    index += 1
                pos = skip(pos)
                pos = skip(pos + 1) if text[pos] == "," else pos
            return pos + 1
        if text[pos] == '"':
            return scanstring(text, pos + 1)[1]
        return _SCALAR.match(text, pos).end()  # type: ignore[union-attr]

    try:
        value(0, "$")
    except (IndexError, ValueError, AttributeError, RecursionError):
        return {}
    return found


def place(problems: list[Problem], lines: dict[str, int]) -> list[Problem]:
    """Each problem at the line of its path (or of the nearest enclosing path)."""
    placed = []
    for problem in problems:
        path = problem.path
        while path not in lines and len(path) > 1:
            path = path[:max(path.rfind("."), path.rfind("["))] or "$"
        placed.append(replace(problem, line=lines[path]) if path in lines else problem)
    return placed
