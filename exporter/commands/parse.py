"""``newsexport parse``: articles in, Article records out as JSON lines."""

from __future__ import annotations

import json

import click

from ..pipeline import read_all
from ..publishing import warnings_to
from ..settings import Settings
from .common import ConsoleReporter, debug_enabled, output_stream, report, settings_options


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@settings_options
def parse(inputs: tuple[str, ...], output: str | None, settings: Settings) -> int:
    """Parse articles into Article records, one JSON object per line.

    INPUT is a file, a directory (searched recursively for .txt, .xml, .json,
    .jsonl, .sgm, .html, .htm and .html.gz files) or - for standard input. Bad
    inputs are reported one line each on stderr and skipped; the exit code is
    then 1.

    \b
    Examples:
      newsexport parse seeds/
      newsexport parse story.txt --timezone Europe/Paris -o story.jsonl
      cat story.txt | newsexport parse - | jq .headline
      newsexport parse - --from html < saved-page.html
    """
    failed = 0
    with output_stream(output) as out, ConsoleReporter() as console, \
            warnings_to(console.warning):
        for outcome in read_all(inputs, settings, debug_enabled()):
            failed += report(outcome)
            for record in outcome.records:
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return 1 if failed else 0
