"""``newsexport export``: articles in, documents out (stdout, or a folder per format)."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

import click

from ..errors import InputError
from ..pipeline import read_all
from ..publishing import Plan, run, warnings_to
from ..record import Article
from ..settings import Settings
from ..writers import MODULES, Format, parse_list
from .common import (
    ConsoleReporter,
    debug_enabled,
    jobs_option,
    output_stream,
    report,
    settings_options,
    writer_options,
)


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("--to", "formats", required=True, metavar="FORMAT[,FORMAT...]",
              help=f"Formats: {', '.join(MODULES)}, or all.")
@click.option("-o", "--output", metavar="DIR", type=click.Path(file_okay=False, path_type=Path),
              help="Write DIR/<format>/<id><ext> per article, plus bundles and feeds "
                   "(-o - or no -o: standard output).")
@jobs_option
@settings_options
@writer_options
def export(inputs: tuple[str, ...], formats: str, output: Path | None, jobs: int,
           settings: Settings) -> int:
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
    chosen = tuple(parse_list(formats))
    if output == Path("-"):
        output = None
    if output is not None:
        with ConsoleReporter() as reporter:
            summary = run(inputs, Plan(output, chosen, settings, jobs, incremental=False,
                                       debug=debug_enabled()), reporter)
        return 1 if summary.errors else 0
    if len(chosen) > 1:
        raise click.UsageError("several formats need -o DIR (one folder per format)")
    reporter = ConsoleReporter()
    failed = found = 0

    def records() -> Iterator[Article]:
        nonlocal failed, found
        for outcome in read_all(inputs, settings, debug_enabled()):
            failed += report(outcome)
            found += len(outcome.records)
            yield from outcome.records

    with warnings_to(reporter.warning), output_stream(None) as out:
        every = records()
        written = write_stdout(chosen[0], every, settings, out)
        for _ in every:  # a writer that stopped early (no news sitemap without a publisher):
            pass  # the other inputs are still read, counted and their errors reported
    if not found and not failed:
        raise InputError("no article found in the inputs")
    if found and not written:  # e.g. an Atom feed of undated articles: it has no <updated>
        raise InputError(f"no {chosen[0].name} document from these articles (see the "
                         "warning above)")
    return 1 if failed else 0


def write_stdout(fmt: Format, records: Iterator[Article], settings: Settings,
                 out: BinaryIO) -> bool:
    """One format's output for `records` on one stream (see the command's help); False
    when there was nothing to write (no article, or a feed the writer could not make)."""
    if fmt.render is None:
        return fmt.write_feed(records, settings, out)
    first = next(records, None)
    second = next(records, None) if first is not None else None
    if first is None:
        return False
    if second is None:
        document = fmt.render(first, settings)
        if document is None:
            raise InputError(f"article {first['id']}: no {fmt.name} document (see the "
                             "warning above)")
        out.write(document)
        return True
    every = itertools.chain((first, second), records)
    if fmt.bundle is not None:
        out.write(fmt.bundle.head(settings))
        for record in every:
            out.write(fmt.bundle.item(record, settings))
        out.write(fmt.bundle.tail(settings))
        return True
    if fmt.feed is not None:
        return fmt.write_feed(every, settings, out)  # a newsMessage streams, whatever its size
    raise click.UsageError(
        f"{fmt.name} writes one document per article and the inputs hold several: "
        "use -o DIR (or a format with a bundle, such as nquads or trig)")
