"""SPARQL queries on the embedded store or a server, and their results as text or Python.

Results come out the same whichever store answers: a server's JSON results and N-Triples
are read back with pyoxigraph and written by the same code as the embedded store's.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

import pyoxigraph as ox

from .errors import InputError
from .store import DEFAULT_STORE, EmbeddedStore
from .writers.rdf import PREFIXES

if TYPE_CHECKING:
    import rdflib

    from .remote import Credentials, Response

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV}
# How results print: "text" is what `newsexport query` prints without --format.
PRINTED = ("text", "table", *RESULT_FORMATS)
CELL_WIDTH = 80  # table cells are cut here; json, csv and tsv hold every value whole
Result: TypeAlias = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]
Row: TypeAlias = dict[str, str | None]

# SPARQL tokens, enough to find the SERVICE keyword outside strings, IRIs and comments.
SPARQL_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                         r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[?$]?[\w:.-]+|\S")
SERVICE_REFUSED = ("the query calls another endpoint (SERVICE); pass --allow-service "
                   "(allow_service=True) to let it reach the network")


def calls_service(text: str) -> bool:
    """Whether the query names SERVICE outside its strings, IRIs and comments."""
    return any(token.upper() == "SERVICE" for token in SPARQL_TOKEN.findall(text))


def run(text: str, convert: Any, *, store: Path | None = None, endpoint: str | None = None,
        allow_service: bool = False, credentials: Credentials | None = None,
        timeout: float = 60.0, retries: int = 4) -> Any:
    """`convert(result)` of the query on the store or the server, while the store is open;
    the embedded engine's evaluation failures as one line."""
    try:
        if endpoint is not None:
            from .remote import RemoteStore  # the HTTP machinery only when a server is used
            server = RemoteStore(endpoint, credentials=credentials, timeout=timeout,
                                 retries=retries)
            return convert(server_result(server.query(text), endpoint))
        if not allow_service and calls_service(text):
            raise InputError(SERVICE_REFUSED)
        embedded = EmbeddedStore(store or DEFAULT_STORE, create=False)
        try:
            return convert(embedded.query(text))
        finally:
            embedded.close()
    except OSError as exc:  # the embedded engine reports evaluation failures so
        raise InputError(f"the query failed: {' '.join(str(exc).split())}") from None


def server_result(answer: Response, endpoint: str) -> Result:
    """A server's answer read back: JSON results, or N-Triples for CONSTRUCT/DESCRIBE."""
    media_type, body = answer.media_type, answer.body
    if media_type == "application/sparql-results+json":
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if media_type == "application/n-triples":
        return [quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    raise InputError(f"the server answered {media_type}, not SPARQL results or N-Triples",
                     source=endpoint)


def plain(result: Result) -> list[Row] | bool | rdflib.Graph:
    """Results as plain Python: rows of text (None when unbound), a bool, an rdflib Graph."""
    import rdflib

    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [variable.value for variable in result.variables]
        return [{name: None if solution[name] is None else solution[name].value
                 for name in names} for solution in result]
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


def printed(result: Result, output_format: str) -> bytes:
    """Results as ``newsexport query --format`` prints them (see PRINTED)."""
    if isinstance(result, ox.QueryBoolean):
        if output_format == "json":
            return result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n"
        return b"true\n" if result else b"false\n"  # CSV/TSV define no boolean: as a table
    if isinstance(result, ox.QuerySolutions):
        if output_format in RESULT_FORMATS:
            data = result.serialize(format=RESULT_FORMATS[output_format])
            return data + b"\n" if output_format == "json" else data
        names = [v.value for v in result.variables]
        rows = [[_cell(solution[name]) for name in names] for solution in result]
        return table(names, rows).encode()
    if output_format != "text":
        raise InputError("CONSTRUCT and DESCRIBE print Turtle; --format is for SELECT "
                         "and ASK")
    return turtle(result)


def turtle(triples: Iterable[ox.Triple]) -> bytes:
    """Triples as Turtle in a stable order (each subject's statements together)."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    prefixes = {name: str(namespace) for name, namespace in PREFIXES.items()}
    return ox.serialize(ordered, format=ox.RdfFormat.TURTLE, prefixes=prefixes)


def _cell(term: object) -> str:
    """A term as a person reads it: <IRI>, a literal's text, _:blank, empty when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return term.value
    return str(term)


def table(names: list[str], rows: list[list[str]]) -> str:
    """Aligned columns under the variable names, then the number of rows."""
    escape = str.maketrans({"\n": "\\n", "\r": "\\r", "\t": "\\t"})
    cells = [names] + [[_cut(value.translate(escape)) for value in row] for row in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(names))]
    lines = [_line(row, widths) for row in cells]
    lines.insert(1, _line(["-" * w for w in widths], widths))
    count = len(rows)
    return "\n".join(lines) + f"\n({count} row{'' if count == 1 else 's'})\n"


def _line(row: list[str], widths: list[int]) -> str:
    return "  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip()


def _width(text: str) -> int:
    """Columns the text takes in a terminal: wide East Asian characters take two."""
    return sum(0 if unicodedata.combining(c) else
               2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cut(text: str) -> str:
    if _width(text) <= CELL_WIDTH:
        return text
    kept, used = [], 0
    for char in text:
        used += _width(char)
        if used > CELL_WIDTH - 1:
            break
        kept.append(char)
    return "".join(kept) + "…"
