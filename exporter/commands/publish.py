"""``newsexport publish``: every input in every format into one folder, incrementally."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..inputs import discover
from ..publishing import Plan, Summary, run
from ..publishing.layout import MAX_SHARDS
from ..publishing.loading import LoadState, dataset_bundle, load_unless_current
from ..settings import Settings
from ..store import DEFAULT_STORE, Loader
from ..writers import parse_list
from .common import ConsoleReporter, debug_enabled, jobs_option, settings_options, writer_options
from .load import Remote, loader_for, remote_options, report, target_options


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
@click.option("--scheduler", metavar="tcp://HOST:PORT|local:N",
              help="Run on a Dask cluster instead of --jobs: a running scheduler's address, "
                   "or local:N for N worker processes on this machine. Every worker must see "
                   "INPUT... and DIR at the same paths (a shared filesystem); needs "
                   'pip install "newsexport[dask]".')
@click.option("--chunk", type=click.IntRange(min=1), metavar="N",
              help="Inputs per task sent to a worker (default 16; 200 with --scheduler).")
@click.option("--shards", type=click.IntRange(1, MAX_SHARDS), metavar="N",
              help="Write each bundle as N shards (all-00000.nq, ...: ranges of the input "
                   "order, so concatenated in order they are the one file), assembled in "
                   "parallel by the workers.")
@click.option("--load", is_flag=True,
              help="Then load DIR's N-Quads bundle into a triple store (--store, default "
                   f"./{DEFAULT_STORE}, or --endpoint; either implies --load).")
@target_options
@remote_options
@settings_options
@writer_options
def publish(inputs: tuple[str, ...], output: Path, formats: str, force: bool, fail_fast: bool,
            quiet: bool, jobs: int, scheduler: str | None, chunk: int | None,
            shards: int | None, load: bool,
            store_dir: Path | None, endpoint: str | None, remote: Remote, settings: Settings
            ) -> int:
    """Write every input in every format into DIR, with a manifest.

    \b
    DIR/<format>/<id><ext>     one file per article and format
    DIR/nquads/all.nq, DIR/trig/all.trig, DIR/ninjs/all.ninjs.jsonl, ...
                               every article in one file (bundles), or with
                               --shards N in N files: all-00000.nq, ...
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

    With --load, DIR/nquads/all.nq (or DIR/trig/all.trig) is then loaded as
    `newsexport load` would, one named graph per article; a rerun loads it
    again only when it changed (or with --force).

    \b
    Examples:
      newsexport publish seeds/ -o out/
      newsexport publish archive/ -o out/ --jobs 8 --publisher-name "Example News"
      newsexport publish feed/ -o site/ --to jsonld,atom --limit 50
      newsexport publish archive/ -o out/ --scheduler local:2 --shards 8
      newsexport publish /shared/archive/ -o /shared/out/ --scheduler tcp://dask-scheduler:8786
      newsexport publish archive/ -o out/ --load --store /data/news-store
      newsexport publish archive/ -o out/ --endpoint http://127.0.0.1:7878/store
    """
    if output == Path("-"):
        raise click.UsageError("publish writes a folder of files, not a stream: give -o DIR "
                               "(for one format on standard output, use `newsexport export`)")
    plan = Plan(output, tuple(parse_list(formats)), settings, jobs, force=force,
                fail_fast=fail_fast, debug=debug_enabled(), scheduler=scheduler, chunk=chunk,
                shards=shards or 0)
    load = load or store_dir is not None or endpoint is not None
    bundle = dataset_bundle(plan.formats)
    if load and bundle is None:
        raise click.UsageError("--load loads the N-Quads or TriG bundle: add nquads "
                               "(or trig) to --to")
    show_bar = not quiet and sys.stderr.isatty()
    total = sum(1 for _ in discover(list(inputs))) if show_bar else None
    with ConsoleReporter(total, "publishing") as reporter:
        summary = run(inputs, plan, reporter)
    if summary.stopped:
        click.echo("newsexport: stopped at the first bad input (--fail-fast); "
                   "run again to go on", err=True)
        return 1
    if not quiet:
        click.echo(summary_line(summary, len(plan.formats)), err=True)
    failed = summary.errors
    if load:
        assert bundle is not None
        target = endpoint or str(store_dir or DEFAULT_STORE)
        where = endpoint or str(Path(target).resolve())  # one store, whatever the cwd
        gone = endpoint is None and not Path(target).is_dir()  # a store deleted since
        failed += load_published(output, bundle, target, where, force or gone, quiet,
                                 lambda: loader_for(settings, store_dir, endpoint, remote),
                                 plan.shards)
    return 1 if failed else 0


def load_published(out: Path, bundle: str, target: str, where: str, force: bool, quiet: bool,
                   open_target: Callable[[], Loader], shards: int = 0) -> int:
    """Make `target` (`where`, named absolutely) hold the bundle's articles (its `shards`
    shards), unless it already does; the errors."""
    state = LoadState(out, bundle, where, shards)
    loader, failed = load_unless_current(state, force, open_target,
                                         lambda events: report(events, bar=not quiet))
    if loader is None:
        if not quiet:
            click.echo(f"{target} already holds {state.name}: nothing to load", err=True)
        return 0
    if not quiet:
        removed = f", {loader.removed:,} removed" if loader.removed else ""
        click.echo(f"{loader.articles:,} article(s) loaded into {target}{removed}", err=True)
    return failed


def summary_line(summary: Summary, formats: int) -> str:
    return (f"{summary.inputs:,} inputs ({summary.unchanged:,} unchanged), "
            f"{summary.articles:,} articles, {formats} formats, "
            f"{summary.failed:,} failed inputs, {summary.errors:,} errors, "
            f"{summary.seconds:.1f} s")
