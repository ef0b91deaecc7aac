"""The SPARQL 1.1 Protocol endpoint: queries only, bounded in time and in results.

Results are negotiated: SELECT and ASK as SPARQL JSON, XML, CSV or TSV (or an HTML table,
for a browser that asks for it first); CONSTRUCT and
DESCRIBE as Turtle, N-Triples or JSON-LD. An update (``update=``, a
``application/sparql-update`` body, or a query text that is an update) is refused with
403, a ``SERVICE`` clause with 400: the server never reaches the network for a query.

Limits: a query must finish within ``timeout`` seconds (else 503) and give at most
``limit`` results (else 400). Here the time is checked between results; on the embedded
store :mod:`.workers` also kills a query that computes past its time without giving any.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

import pyoxigraph as ox

from ..querying import SPARQL_TOKEN, calls_service
from . import pages
from .negotiation import choose
from .representations import rdf_body
from .source import Source

RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
HTML = "text/html"  # SELECT and ASK results as a table, for the form; offered last
# Also accepted for SELECT/ASK: what browsers and generic clients ask for.
RESULT_ALIASES = {"application/json": "application/sparql-results+json",
                  "application/xml": "application/sparql-results+xml"}
GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
               "application/ld+json": "jsonld"}
UPDATE_WORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD",
                "WITH"}


class Refused(Exception):
    """The query cannot be answered: `status` and a one-line reason."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


@dataclass(frozen=True)
class Answer:
    media_type: str
    body: bytes


def is_update(text: str) -> bool:
    """Whether the request text is a SPARQL Update (its first keyword after the prologue)."""
    tokens = [t for t in SPARQL_TOKEN.findall(text) if not t.startswith("#")]
    i = 0
    while i < len(tokens) and tokens[i].upper() in ("PREFIX", "BASE"):
        i += 3 if tokens[i].upper() == "PREFIX" else 2
    return i < len(tokens) and tokens[i].upper() in UPDATE_WORDS


def check(text: str) -> None:
    if is_update(text):
        raise Refused(403, "this endpoint is read-only: SPARQL Update is refused")
    if calls_service(text):
        raise Refused(400, "SERVICE is not allowed: this endpoint never queries other endpoints")


def run(source: Source, text: str, accept: str | None, *, timeout: float, limit: int,
        base: str = "") -> Answer:
    """Evaluate `text` and serialize its results as `accept` prefers, within the limits
    (an HTML table links IRIs under `base` to this server's pages)."""
    check(text)
    deadline = time.monotonic() + timeout
    try:
        result = source.query(text)
    except SyntaxError as exc:
        raise Refused(400, "SPARQL syntax error: " + " ".join(str(exc).split())) from None
    if isinstance(result, ox.QueryBoolean):
        media_type = _choose(accept, [*RESULT_TYPES, HTML], RESULT_ALIASES)
        if media_type == HTML:
            return Answer(HTML, pages.results_page(text, ["boolean"], [[str(bool(result))]], base))
        return Answer(media_type, result.serialize(format=RESULT_TYPES[media_type]))
    if isinstance(result, ox.QuerySolutions):
        media_type = _choose(accept, [*RESULT_TYPES, HTML], RESULT_ALIASES)
        names = [v.value for v in result.variables]
        rows = _bounded(result, deadline, timeout, limit)
        if media_type == HTML:
            cells = [[_text(row[name]) for name in names] for row in rows]
            return Answer(HTML, pages.results_page(text, names, cells, base))
        document = json.dumps({"head": {"vars": names}, "results": {"bindings": [
            {name: _binding(row[name]) for name in names if row[name] is not None}
            for row in rows]}}, ensure_ascii=False).encode()
        if media_type == "application/sparql-results+json":
            return Answer(media_type, document)
        parsed = ox.parse_query_results(document, format=ox.QueryResultsFormat.JSON)
        return Answer(media_type, parsed.serialize(format=RESULT_TYPES[media_type]))
    media_type = _choose(accept, list(GRAPH_TYPES), {})
    triples = _bounded(result, deadline, timeout, limit)
    return Answer(media_type, rdf_body(GRAPH_TYPES[media_type], "", triples))


def _choose(accept: str | None, offered: list[str], aliases: dict[str, str]) -> str:
    chosen = choose(accept, offered + list(aliases))
    if chosen is None:
        raise Refused(406, "none of the accepted types; this query's results come as "
                      + ", ".join(offered))
    return aliases.get(chosen, chosen)


def _bounded(results, deadline: float, timeout: float, limit: int) -> list:
    kept = []
    try:
        for item in results:
            if time.monotonic() > deadline:
                raise Refused(503, f"the query ran longer than the limit of {timeout:g} s; "
                              "narrow it or add a LIMIT", {"Retry-After": "10"})
            if len(kept) >= limit:
                raise Refused(400, f"the query gives more than {limit:,} results, the limit "
                              "here; add a LIMIT (and OFFSET to page)")
            kept.append(item)
    except OSError as exc:
        raise Refused(500, "the query failed: " + " ".join(str(exc).split())) from None
    if time.monotonic() > deadline:
        raise Refused(503, f"the query ran longer than the limit of {timeout:g} s; narrow it",
                      {"Retry-After": "10"})
    return kept


def _text(term: object) -> str:
    """A term as a person reads it in a table cell: an IRI, a literal's text, or nothing."""
    if term is None:
        return ""
    return term.value if isinstance(term, ox.NamedNode | ox.Literal) else str(term)


def _binding(term: object) -> dict[str, str]:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        found = {"type": "literal", "value": term.value}
        if term.language:
            found["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            found["datatype"] = term.datatype.value
        return found
    return {"type": "literal", "value": str(term)}
