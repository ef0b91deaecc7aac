"""``newsexport parse``: articles in, Article records out as JSON lines."""

from __future__ import annotations

import json

import click

from .. import api
from . import common


@common.command
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", metavar="FILE", help="Write here instead of stdout (atomically).")
@click.option("--explain", is_flag=True,
              help="Instead of records, print each line of a wire-text input with the class "
                   "the reader gave it (headline, meta, caption, summary, body, unparsed) and why.")
@common.settings_options
@common.reading_options
def parse(inputs: tuple[str, ...], output: str | None, explain: bool,
          settings: api.Settings) -> int:
    """Parse articles into Article records, one JSON object per line.

    INPUT is a file, a directory (searched recursively for .txt, .xml, .json,
    .jsonl, .sgm, .html, .htm, .xhtml, .html.gz and .htm.gz files) or - for
    standard input. Bad inputs are reported one line each on stderr and skipped;
    the exit code is then 1.

    \b
    Examples:
      newsexport parse seeds/
      newsexport parse story.txt --timezone Europe/Paris -o story.jsonl
      cat story.txt | newsexport parse - | jq .headline
      newsexport parse - --from html < saved-page.html
      newsexport parse --explain seeds/000_5e049a17b6f076d8.txt
    """
    with common.output_stream(output) as out, common.ConsoleReporter() as console:
        if explain:
            for line in api.explain(inputs, reporter=console):
                out.write(f"{line}\n".encode())
        else:
            for record in api.parse(inputs, settings=settings, reporter=console,
                                    debug=common.debug_enabled()):
                out.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")
    return 1 if console.errors else 0
