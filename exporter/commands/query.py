"""``newsexport query``: SPARQL over the embedded store or a server.

Results print the same whichever store answers: a server's JSON results and N-Triples
are read back with pyoxigraph and written by the same code as the embedded store's.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

import click
import pyoxigraph as ox

from ..errors import InputError
from ..inputs import decode
from ..store import DEFAULT_STORE, EmbeddedStore
from ..writers.rdf import PREFIXES
from .load import Remote, remote_options, target_options

if TYPE_CHECKING:
    from ..remote import Response

RESULT_FORMATS = {"json": ox.QueryResultsFormat.JSON, "csv": ox.QueryResultsFormat.CSV,
                  "tsv": ox.QueryResultsFormat.TSV}
CELL_WIDTH = 80  # table cells are cut here; json, csv and tsv hold every value whole
Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]

# SPARQL tokens, enough to find the SERVICE keyword outside strings, IRIs and comments.
SPARQL_TOKEN = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"(?:[^"\\\n]|\\.)*"|'
                         r"'(?:[^'\\\n]|\\.)*'|<[^<>\"{}|^`\\\s]*>|#[^\n]*|[?$]?[\w:.-]+|\S")


@click.command()
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", metavar="FILE",
              help="Read the query from FILE (- for standard input).")
@target_options
@click.option("--format", "output_format", type=click.Choice(["table", *RESULT_FORMATS]),
              help="How SELECT and ASK results print (default: table). CONSTRUCT and "
                   "DESCRIBE print Turtle.")
@click.option("--allow-service", is_flag=True,
              help="Let a query on the embedded store call other endpoints (SERVICE); "
                   "without it a query never reaches the network.")
@remote_options
def query(sparql: str | None, query_file: str | None, store_dir: Path | None,
          endpoint: str | None, output_format: str | None, allow_service: bool,
          remote: Remote) -> int:
    """Run a SPARQL query: SELECT, ASK, CONSTRUCT or DESCRIBE.

    On the embedded store (default ./newsexport-store) the default graph is the union
    of all the articles' graphs, so queries need no GRAPH clause. A server answers as
    it is configured (start Oxigraph with --union-default-graph for the same behaviour).

    \b
    Examples:
      newsexport query 'SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }'
      newsexport query -f per-agency.rq --format csv
      newsexport query 'DESCRIBE <https://newsexport.example/place/dushanbe>'
      newsexport query -f q.rq --endpoint http://127.0.0.1:7878/store --format json
    """
    text, source = _query_text(sparql, query_file)
    try:
        if endpoint is not None:
            from ..remote import RemoteStore  # the HTTP machinery only when a server is used
            server = RemoteStore(endpoint, credentials=remote.credentials(),
                                 timeout=remote.timeout, retries=remote.retries)
            result = server_result(server.query(text), endpoint)
        else:
            if not allow_service and calls_service(text):
                raise InputError("the query calls another endpoint (SERVICE); "
                                 "pass --allow-service to let it reach the network")
            result = EmbeddedStore(store_dir or DEFAULT_STORE, create=False).query(text)
        _write(result, output_format, sys.stdout.buffer)
    except InputError as exc:
        raise exc.located(source) if source else exc from None
    except OSError as exc:  # the embedded engine reports evaluation failures so
        raise InputError(f"the query failed: {' '.join(str(exc).split())}",
                         source=source) from None
    return 0


def _query_text(sparql: str | None, query_file: str | None) -> tuple[str, str | None]:
    """The query and, when read from a file, that file's name for messages."""
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with -f FILE (one of them)")
    if sparql is not None:
        return sparql, None
    name = "<stdin>" if query_file == "-" else query_file
    try:
        data = sys.stdin.buffer.read() if query_file == "-" else Path(query_file).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=name) from None
    return decode(data, name), name


def calls_service(text: str) -> bool:
    """Whether the query names SERVICE outside its strings, IRIs and comments."""
    return any(token.upper() == "SERVICE" for token in SPARQL_TOKEN.findall(text))


def server_result(answer: Response, endpoint: str) -> Result:
    """A server's answer read back: JSON results, or N-Triples for CONSTRUCT/DESCRIBE."""
    media_type, body = answer.media_type, answer.body
    if media_type == "application/sparql-results+json":
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if media_type == "application/n-triples":
        return [quad.triple for quad in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)]
    raise InputError(f"the server answered {media_type}, not SPARQL results or N-Triples",
                     source=endpoint)


def _write(result: Result, output_format: str | None, out: BinaryIO) -> None:
    if isinstance(result, ox.QueryBoolean):
        if output_format == "json":
            out.write(result.serialize(format=ox.QueryResultsFormat.JSON) + b"\n")
        else:  # the CSV/TSV results formats define no boolean: the word, as in a table
            out.write(b"true\n" if result else b"false\n")
    elif isinstance(result, ox.QuerySolutions):
        if output_format in RESULT_FORMATS:
            result.serialize(out, format=RESULT_FORMATS[output_format])
            if output_format == "json":
                out.write(b"\n")
        else:
            names = [v.value for v in result.variables]
            rows = [[_cell(solution[name]) for name in names] for solution in result]
            out.write(table(names, rows).encode())
    else:
        if output_format is not None:
            raise InputError("CONSTRUCT and DESCRIBE print Turtle; --format is for SELECT "
                             "and ASK")
        out.write(turtle(result))
    out.flush()


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
