"""``newsexport export``: articles in, documents out (stdout, or a folder per format)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import api
from . import common


@common.command
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--to", "formats", required=True, metavar="FORMAT[,FORMAT...]",
              help=f"Formats: {', '.join(api.FORMATS)}, or all.")
@click.option("-o", "--output", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<format>/<id><ext> per article, plus bundles and feeds "
                   "(-o - or no -o: standard output).")
@common.jobs_option
@common.settings_options
@common.reading_options
@common.writer_options
def export(inputs: tuple[str, ...], formats: str, output: Path | None, jobs: int,
           settings: api.Settings) -> int:
    """Export articles (or records from `parse`) to one or more formats.

    Without -o, one format goes to standard output: the article's document when
    the inputs hold one article; with several, the format's bundle (N-Quads,
    TriG and ninjs as JSON lines), or its batch document (a NewsML-G2
    newsMessage); a feed (atom, rss, news-sitemap) is always one document.
    Formats with one document per article (jsonld, html, turtle, ntriples,
    rdfxml) need -o DIR for several articles.

    With -o DIR: DIR/<format>/<id><ext> for each article, and each format's
    bundle or feed file, as `publish` writes them (without its manifest).

    \b
    Examples:
      newsexport export seeds/000_5e049a17b6f076d8.txt --to jsonld
      newsexport export records.jsonl --to nquads > all.nq
      newsexport export stories/ --to atom --limit 20 --publisher-name "Example News"
      newsexport export stories/ --to jsonld,turtle,newsml -o out/
    """
    with common.ConsoleReporter() as console:
        if output is not None and output != Path("-"):
            api.publish(inputs, output, formats=formats, settings=settings, jobs=jobs,
                        incremental=False, reporter=console, debug=common.debug_enabled())
        else:
            records = api.parse(inputs, settings=settings, reporter=console,
                                debug=common.debug_enabled())
            found = api.export(records, formats, sys.stdout.buffer, settings=settings,
                               reporter=console)
            sys.stdout.buffer.flush()
            if not found and not console.errors:
                raise api.InputError("no article found in the inputs")
    return 1 if console.errors else 0
