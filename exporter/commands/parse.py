"""``newsexport parse``: articles in, Article records out as JSON lines."""

from __future__ import annotations

import json
from typing import BinaryIO

import click

from .. import readers
from ..errors import InputError
from ..inputs import decode, discover
from ..pipeline import read_all
from ..publishing import warnings_to
from ..readers import wire_text
from ..settings import Settings
from .common import ConsoleReporter, debug_enabled, output_stream, report, settings_options


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--explain", is_flag=True,
              help="Instead of records, print each line of a wire-text input with the class "
                   "the reader gave it (headline, meta, caption, summary, body, unparsed) and why.")
@settings_options
def parse(inputs: tuple[str, ...], output: str | None, explain: bool, settings: Settings) -> int:
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
      newsexport parse --explain seeds/000_5e049a17b6f076d8.txt
    """
    failed = 0
    with output_stream(output) as out, ConsoleReporter() as console, \
            warnings_to(console.warning):
        if explain:
            return _explain(inputs, out)
        for outcome in read_all(inputs, settings, debug_enabled()):
            failed += report(outcome)
            for record in outcome.records:
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return 1 if failed else 0


def _explain(inputs: tuple[str, ...], out: BinaryIO) -> int:
    """`FILE:LINE: class: why | text` for every non-empty line of each wire-text input."""
    failed = 0
    for item in discover(list(inputs)):
        try:
            data = item.read_bytes()
            module = readers.choose(data, item.name)
            if module is not wire_text:
                out.write(f"{item.display}: read by the {module.NAME} reader, whose fields "
                          "are marked up; --explain shows how wire text is read\n".encode())
                continue
            for number, cls, why, text in wire_text.explain_text(decode(data, item.display)):
                out.write(f"{item.display}:{number}: {cls}: {why} | {text}\n".encode())
        except InputError as exc:
            if exc.source is None:
                exc.source = item.display
            click.echo(str(exc), err=True)
            failed += 1
    return 1 if failed else 0
