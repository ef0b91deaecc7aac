"""``newsexport validate``: check records and anyone's news structured data, offline."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import common


@common.command
@click.argument("files", nargs=-1, required=True, metavar="FILE...")
@click.option("--profile", type=click.Choice(["google-article", "none"]),
              default="google-article", show_default=True,
              help="Google's Article rules for Article/NewsArticle/BlogPosting nodes.")
@click.option("--vocabulary", "vocabulary_file", metavar="FILE",
              type=click.Path(dir_okay=False, path_type=Path),
              help="Another schema.org release (its .ttl, or an index from build_vocab).")
@click.option("--shapes", "shape_files", multiple=True, metavar="FILE|newsexport",
              help="SHACL shapes to run (needs newsexport[shacl]); 'newsexport' names the "
                   "shapes of newsexport's own output. Repeatable.")
@click.option("--standards", metavar="DIR",
              help="Folder of IPTC's NewsML-G2 XSD and ninjs JSON Schemas "
                   f"(default: ${api.STANDARDS_ENVIRONMENT}); without it those schema checks are "
                   "skipped.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="One line per problem, or one JSON object per problem.")
@click.option("--strict", is_flag=True, help="Warnings fail the run too.")
def validate(files: tuple[str, ...], profile: str, vocabulary_file: Path | None,
             shape_files: tuple[str, ...], standards: str | None, output_format: str,
             strict: bool) -> int:
    """Check Article records and news structured data, recognised by content: JSON-LD,
    HTML pages (JSON-LD, microdata, RDFa), Turtle, N-Triples, N-Quads, TriG, RDF/XML,
    NewsML-G2 and ninjs. Nothing is fetched.

    Each problem is one line on stderr, FILE:LINE: PATH: error|warning: message (rule), or
    with --format json one JSON object per line on stdout; the summary goes to stderr.
    The exit code is 0 only when there is no error (and, with --strict, no warning).

    \b
    Examples:
      newsexport validate records.jsonl
      newsexport parse seeds/ | newsexport validate -
      newsexport validate page.html article.jsonld story.ttl
      newsexport validate --shapes newsexport out/jsonld/
      newsexport validate --standards ../shared/standards item.xml story.ninjs.json
      newsexport validate --format json --strict feed/ > problems.jsonl
    """
    tally = api.Tally.empty()
    for checked in api.check(files, google=profile == "google-article",
                             vocabulary=vocabulary_file, shapes=shape_files,
                             standards=standards, reporter=common.ConsoleReporter()):
        tally.documents[checked.kind] += 1
        for problem in checked.problems:
            tally.add(problem)
            if output_format == "json":
                click.echo(problem.as_json())
            else:
                click.echo(str(problem), err=True)
    if not tally.documents:
        click.echo(f"newsexport: no file to check in {' '.join(files)} (a folder is searched "
                   f"for {' '.join(api.CHECKED_SUFFIXES)} files)", err=True)
    click.echo(tally.summary(), err=True)
    return 1 if tally.failed(strict) else 0
