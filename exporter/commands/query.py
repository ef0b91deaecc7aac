"""``newsexport query``: SPARQL over the embedded store or a server.

Results print the same whichever store answers: the API reads a server's back as the
embedded store's.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from . import common


@common.command
@click.argument("sparql", required=False)
@click.option("-f", "--file", "query_file", metavar="FILE",
              help="Read the query from FILE (- for standard input).")
@common.target_options
@click.option("--format", "output_format", type=click.Choice(["table", *api.RESULT_FORMATS]),
              help="How SELECT and ASK results print (default: table). CONSTRUCT and "
                   "DESCRIBE print Turtle.")
@click.option("--allow-service", is_flag=True,
              help="Let a query on the embedded store call other endpoints (SERVICE); "
                   "without it a query never reaches the network.")
@common.remote_options
def query(sparql: str | None, query_file: str | None, store_dir: Path | None,
          endpoint: str | None, output_format: str | None, allow_service: bool,
          remote: common.Remote) -> int:
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
    if (sparql is None) == (query_file is None):
        raise click.UsageError("give the query as an argument or with -f FILE (one of them)")
    name = "<stdin>" if query_file == "-" else query_file
    try:
        text = sparql if sparql is not None else api.read_text(query_file or "-", name)
        sys.stdout.buffer.write(api.query(
            text, store=store_dir, endpoint=endpoint, allow_service=allow_service,
            format=output_format or "text", **remote.options()))
    except api.InputError as exc:
        raise exc.located(name) if name else exc from None
    sys.stdout.buffer.flush()
    return 0
