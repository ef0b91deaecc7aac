"""``newsexport publish``: every input in every format into one folder, incrementally."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import common


@common.command
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@click.option("-o", "--output", required=True, metavar="DIR",
              type=click.Path(file_okay=False, path_type=Path), help="The output folder.")
@click.option("--to", "formats", default="all", show_default=True, metavar="FORMAT[,FORMAT...]",
              help="The formats to write.")
@click.option("--force", is_flag=True, help="Redo every input, changed or not.")
@click.option("--fail-fast", is_flag=True, help="Stop at the first bad input.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary line.")
@common.jobs_option
@click.option("--scheduler", metavar="tcp://HOST:PORT|local:N",
              help="Run on a Dask cluster instead of --jobs: a running scheduler's address, "
                   "or local:N for N worker processes on this machine. Every worker must see "
                   "INPUT... and DIR at the same paths (a shared filesystem); needs "
                   'pip install "newsexport[dask]".')
@click.option("--chunk", type=click.IntRange(min=1), metavar="N",
              help="Inputs per task sent to a worker (default 16; 200 with --scheduler).")
@click.option("--shards", type=click.IntRange(1, api.MAX_SHARDS), metavar="N",
              help="Write each bundle as N shards (all-00000.nq, ...: ranges of the input "
                   "order, so concatenated in order they are the one file), assembled in "
                   "parallel by the workers.")
@click.option("--load", is_flag=True,
              help="Then load DIR's N-Quads bundle into a triple store (--store, default "
                   f"./{api.DEFAULT_STORE}, or --endpoint; either implies --load).")
@common.target_options
@common.remote_options
@common.settings_options
@common.reading_options
@common.writer_options
def publish(inputs: tuple[str, ...], output: Path, formats: str, force: bool, fail_fast: bool,
            quiet: bool, jobs: int, scheduler: str | None, chunk: int | None,
            shards: int | None, load: bool, store_dir: Path | None, endpoint: str | None,
            remote: common.Remote, settings: api.Settings) -> int:
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
    load = load or store_dir is not None or endpoint is not None
    if load:
        api.loadable(formats)  # refused before any work
    with common.ConsoleReporter("publishing", not quiet,
                                lambda: api.count_inputs(inputs)) as console:
        summary = api.publish(inputs, output, formats=formats, settings=settings, jobs=jobs,
                              force=force, fail_fast=fail_fast, scheduler=scheduler, chunk=chunk,
                              shards=shards or 0, reporter=console, debug=common.debug_enabled())
    common.report_run(summary, quiet)
    if summary.stopped or not load:
        return 1 if console.errors or summary.stopped else 0
    with common.ConsoleReporter("loading", not quiet) as loading:
        loaded = api.load_published(output, formats, store=store_dir, endpoint=endpoint,
                                    force=force, settings=settings, reporter=loading,
                                    shards=shards or 0, **remote.options())
    if not quiet:
        click.echo(common.loaded_line(loaded, common.target(store_dir, endpoint)), err=True)
    return 1 if console.errors or loading.errors else 0
