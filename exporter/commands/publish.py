"""``newsexport publish``: every input in every format into one folder, incrementally."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..inputs import discover
from ..publishing import Plan, Summary, run
from ..settings import Settings
from ..writers import parse_list
from .common import ConsoleReporter, debug_enabled, jobs_option, settings_options, writer_options


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path), help="The output folder.")
@click.option("--to", "formats", default="all", show_default=True, metavar="FORMAT[,FORMAT...]",
              help="The formats to write.")
@click.option("--force", is_flag=True, help="Redo every input, changed or not.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first bad input.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@jobs_option
@settings_options
@writer_options
def publish(inputs: tuple[str, ...], output: Path, formats: str, force: bool, fail_fast: bool,
            quiet: bool, jobs: int, settings: Settings) -> int:
    """Write every input in every format into DIR, with a manifest.

    \b
    DIR/<format>/<id><ext>     one file per article and format
    DIR/nquads/all.nq, DIR/trig/all.trig, DIR/ninjs/all.ninjs.jsonl, ...
                               every article in one file (bundles)
    DIR/newsml/all.newsml.xml  a NewsML-G2 newsMessage of every article
    DIR/atom/feed.atom, DIR/rss/feed.rss, DIR/news-sitemap/feed.xml
                               feeds of the newest articles (--limit, --now)
    DIR/manifest.jsonl         one row per input: path, sha256, articles,
                               outputs, status (ok or error), errors

    A rerun skips inputs whose bytes and options are unchanged (--force redoes
    them); a changed input replaces its files. Every file is written atomically,
    so an interrupted run (Ctrl-C, kill -9) is finished by running it again.
    Each bad input is one line on stderr and the batch goes on; the exit code is
    then 1. The output is the same, byte for byte, whatever --jobs is.

    \b
    Examples:
      newsexport publish seeds/ -o out/
      newsexport publish archive/ -o out/ --jobs 8 --publisher-name "Example News"
      newsexport publish feed/ -o site/ --to jsonld,atom --limit 50
    """
    plan = Plan(output, tuple(parse_list(formats)), settings, jobs, force=force,
                fail_fast=fail_fast, debug=debug_enabled())
    show_bar = not quiet and sys.stderr.isatty()
    total = sum(1 for _ in discover(list(inputs))) if show_bar else None
    with ConsoleReporter(total, "publishing") as reporter:
        summary = run(inputs, plan, reporter)
    if summary.stopped:
        click.echo("newsexport: stopped at the first bad input (--fail-fast); "
                   "run again to go on", err=True)
    elif not quiet:
        click.echo(summary_line(summary, len(plan.formats)), err=True)
    return 1 if summary.errors else 0


def summary_line(summary: Summary, formats: int) -> str:
    return (f"{summary.inputs:,} inputs ({summary.unchanged:,} unchanged), "
            f"{summary.articles:,} articles, {formats} formats, "
            f"{summary.failed:,} failed inputs, {summary.errors:,} errors, "
            f"{summary.seconds:.1f} s")
