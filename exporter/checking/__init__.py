"""Checking anyone's news structured data, offline: the engine behind ``newsexport validate``.

A file is recognised by its content (:mod:`.detect`), split into documents (a record, a
JSON-LD object, a page's embedded blocks, an RDF file, a NewsML-G2 item or message, a
ninjs document), and each document gets the checks that apply: the Article record
schema; the schema.org vocabulary (:mod:`.vocabulary`), Google's Article rules
(:mod:`.google`) and SHACL shapes (:mod:`.shacl`) for everything that is RDF; IPTC's
schemas and semantic rules (:mod:`.iptc`). A document that breaks a checker is reported
as ``validate/internal`` and the run goes on.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from lxml import etree
from rdflib import Dataset, Graph

from ..errors import InputError
from ..inputs import decode
from ..iptc import NAR
from ..readers.records import documents as json_documents
from ..validation import errors as record_errors
from . import detect, google, html, iptc, jsonld, model, shacl, vocabulary
from .model import Document
from .report import Problem, error, warning
from .vocabulary import Vocabulary

_RDF_XML = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_FULL_IRI = re.compile(r"<([^<>\s\"]*)>")
_ABSOLUTE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
RDF_NAMES = {"turtle": "Turtle", "nt": "N-Triples", "nquads": "N-Quads", "trig": "TriG",
             "xml": "RDF/XML", "n3": "N3"}


@dataclass(frozen=True)
class Options:
    """What to check with: the vocabulary, the Google profile, SHACL shapes, IPTC schemas."""

    vocab: Vocabulary = field(default_factory=Vocabulary.shipped)
    google: bool = True
    shapes: tuple[Graph, ...] = ()
    standards: Path | None = None
    only_schema: bool = False


@dataclass
class Checked:
    """One document and what was found in it; `kind` is a lower-case label (json-ld,
    record, turtle, newsml-g2, ...) as validate's summary counts them."""

    kind: str
    problems: list[Problem]


def check_bytes(data: bytes, name: str, options: Options) -> Iterator[Checked]:
    """Every document in the bytes of the file `name`, checked; problems name `name`."""
    for found in _documents(data, name, options):
        found.problems = [p.at(name) for p in found.problems]
        yield found


def _guarded(kind: str, line: int, run: Callable[[], list[Problem]],
             lines: Callable[[], dict[str, int]] | None = None) -> Checked:
    """`run`'s problems at `line` (or at their path's line, from `lines`), or one internal
    error if a checker broke."""
    try:
        problems = run()
        if problems and lines is not None:
            problems = jsonld.place(problems, lines())
    except InputError:
        raise
    except Exception as exc:  # a checker's bug must not stop the batch
        problems = [error("validate/internal", f"{type(exc).__name__}: {exc} (a bug in "
                          "validate: please report it)")]
    placed = [p if p.line != 1 else replace(p, line=line) for p in problems]
    return Checked(kind, sorted(placed, key=lambda p: p.line))  # stable: same order per line


def _documents(data: bytes, name: str, options: Options) -> Iterator[Checked]:
    try:
        data = detect.gunzip(data)
        form = detect.kind(data, name)
    except detect.Unreadable as exc:
        yield Checked("unreadable", [error("validate/input", str(exc))])
        return
    if form == "json":
        yield from _json(data, name, options)
    elif form == "html":
        yield _guarded("html", 1, lambda: _page(data, options))
    elif form == "xml":
        yield _xml(data, options)
    else:
        yield _guarded(RDF_NAMES[form].lower(), 1, lambda: _rdf(data, form, options))


def _json(data: bytes, name: str, options: Options) -> Iterator[Checked]:
    try:
        text = decode(data, name)
        values = list(json_documents(text, name))
    except InputError as exc:
        yield Checked("unreadable", [error("validate/input", exc.reason)
                                     .at(name, exc.line or 1)])
        return
    except json.JSONDecodeError as exc:
        yield Checked("unreadable", [error("validate/json", f"invalid JSON: {exc.msg}")
                                     .at(name, exc.lineno)])
        return
    except RecursionError:  # the JSON parser's own limit, about a thousand levels
        yield Checked("unreadable", [error("validate/json", "JSON nested too deeply to read: "
                                           "not checked").at(name)])
        return
    # One JSON value over several lines (not JSON lines): place problems by their path.
    whole = len({line for line, _ in values}) == 1 and "\n" in text.strip()
    for index, (line, value) in enumerate(values):
        lines = functools.partial(_item_lines, text, index, len(values)) if whole else None
        if isinstance(value, InputError):
            yield Checked("unreadable", [error("validate/json", value.reason)
                                         .at(name, value.line or line)])
        elif isinstance(value, dict) and "record_version" in value:
            yield _guarded("record", line, lambda v=value: _record(v))
        elif iptc.is_ninjs(value):
            yield _guarded("ninjs", line, lambda v=value: list(iptc.check_ninjs(
                v, options.standards)), lines)
        elif jsonld.is_jsonld(value):
            yield _guarded("json-ld", line, lambda v=value: _jsonld(v, options), lines)
        else:
            yield Checked("unreadable", [error(
                "validate/input", "JSON that is neither an Article record, JSON-LD "
                "(no @context, @type or @id) nor ninjs").at(name, line)])


def _item_lines(text: str, index: int, count: int) -> dict[str, int]:
    """The lines of the paths of the `index`th document of a JSON text (an array's member
    when the text is an array of documents), as paths within that document."""
    table = jsonld.value_lines(text)
    if count == 1 and not text.lstrip().startswith("["):
        return table
    prefix = f"$[{index}]"
    return {"$" + path[len(prefix):]: line for path, line in table.items()
            if path == prefix or path.startswith((prefix + ".", prefix + "["))}


def _record(value: Any) -> list[Problem]:
    found = []
    for problem in record_errors(value):
        path, _, reason = problem.partition(": ")
        found.append(error("record-schema", reason, path))
    return found


def _jsonld(value: Any, options: Options) -> list[Problem]:
    document, problems = jsonld.read(value, options.vocab)
    return problems + (rdf_checks(document, options) if document else [])


def rdf_checks(document: Document, options: Options) -> list[Problem]:
    """The vocabulary, Google and SHACL checks of one RDF-bearing document."""
    problems = vocabulary.check(document, options.vocab, only_schema=options.only_schema)
    if options.google:
        problems += google.check(document, options.vocab)
    for shapes in options.shapes:
        for graph in document.shape_graphs():
            problems += shacl.check(graph, shapes)
    return problems


def _page(data: bytes, options: Options) -> list[Problem]:
    problems: list[Problem] = []
    for block in html.embedded(data):
        if block.problem:
            found = [block.problem]
        elif block.document is not None:
            found = rdf_checks(block.document, options)
        else:
            found = _jsonld(block.value, options)
            if found and "\n" in block.text:
                found = jsonld.place(found, jsonld.value_lines(block.text, block.line))
        problems += [p if p.line != 1 else replace(p, line=block.line) for p in found]
    return problems


def _xml(data: bytes, options: Options) -> Checked:
    try:
        root = etree.fromstring(data, iptc.parser())
    except etree.XMLSyntaxError as exc:
        return Checked("xml", [Problem("error", "xml/syntax", exc.msg, "/", exc.lineno or 1)])
    if etree.QName(root).namespace == NAR:
        return _guarded("newsml-g2", 1, lambda: list(iptc.check_newsml(root, options.standards)))
    if root.tag == _RDF_XML:
        return _guarded(RDF_NAMES["xml"].lower(), 1, lambda: _rdf(data, "xml", options))
    if etree.QName(root).localname.lower() == "html":
        return _guarded("html", 1, lambda: _page(data, options))
    return Checked("xml", [warning(
        "validate/skipped", f"XML whose root is <{etree.QName(root).localname}>, neither "
        "NewsML-G2 nor RDF/XML nor HTML: not checked", "/")])


def _rdf(data: bytes, form: str, options: Options) -> list[Problem]:
    try:
        graph, named = _parse(data, form)
    except Exception as exc:  # rdflib's parsers raise their own types
        try:  # Turtle whose first statement looks like N-Triples
            if form not in ("nquads", "nt"):
                raise
            graph, named = _parse(data, "turtle")
        except Exception:
            return [error("rdf/syntax", f"not {RDF_NAMES[form]}: {_first_line(exc)}")]
    document = model.from_graph(graph, _iri_lines(data.decode("utf-8", "replace")))
    document.named = named
    return rdf_checks(document, options)


def _iri_lines(text: str) -> dict[str, int]:
    """The line where each IRI written in full (``<...>``) first appears, in one pass."""
    lines: dict[str, int] = {}
    line, last = 1, 0
    for match in _FULL_IRI.finditer(text):
        iri = match.group(1)
        iri = iri if _ABSOLUTE.match(iri) else urljoin(model.BASE, iri)
        if iri not in lines:
            line += text.count("\n", last, match.start())
            last = match.start()
            lines[iri] = line
    return lines


def _parse(data: bytes, form: str) -> tuple[Graph, list[Graph]]:
    """The triples of every graph together, and a dataset's graphs one by one."""
    if form not in ("nquads", "trig"):
        return Graph().parse(data=data, format=form, publicID=model.BASE), []
    dataset = Dataset()
    dataset.parse(data=data, format=form, publicID=model.BASE)
    merged, named = Graph(), []
    for part in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
        if len(part):
            named.append(part)
            for triple in part:
                merged.add(triple)
    return merged, named


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
