"""``newsexport load``: articles into a triple store, one named graph per article."""

from __future__ import annotations

import warnings
from pathlib import Path

import click

from .. import api
from . import common


@common.command
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@common.target_options
@click.option("--batch", type=click.IntRange(1, 10_000), default=api.DEFAULT_BATCH,
              show_default=True,
              help="Graphs (articles and the nodes they share) per transaction or server "
                   "request; 1 sends each graph as its own Graph Store request.")
@click.option("--no-bulk", is_flag=True,
              help="Never use Oxigraph's bulk loader: every article in a transaction.")
@click.option("--scheduler", metavar="tcp://HOST:PORT|local:N",
              help="With --endpoint: the Dask cluster's workers send the N-Quads or TriG "
                   "files (a published folder's bundle shards) to the server in parallel; "
                   "every worker must see them at the same paths. Needs "
                   'pip install "newsexport[dask]".')
@common.remote_options
@common.settings_options
@common.reading_options
def load(inputs: tuple[str, ...], store_dir: Path | None, endpoint: str | None, batch: int,
         no_bulk: bool, scheduler: str | None, remote: common.Remote, settings: api.Settings
         ) -> int:
    """Load articles into a triple store, one named graph per article.

    INPUT is an article, a records file (from parse), an N-Quads or TriG file (.nq,
    .trig) from export or publish, a directory, or - for standard input. A folder
    publish wrote is loaded from its N-Quads (else TriG) bundle, shard by shard; a
    directory holding N-Quads or TriG files (export's output) from those; any other
    is searched for articles as parse searches it. Loading an article again replaces
    its graph, so a load that was interrupted is completed by running it again. Bad
    inputs are reported one line each on stderr and the others loaded; the exit code
    is then 1.

    \b
    Examples:
      newsexport load seeds/                        # into ./newsexport-store
      newsexport load records.jsonl --store /data/news-store
      newsexport export seeds/ --to nquads | newsexport load -
      newsexport load out/nquads/all.nq --endpoint http://127.0.0.1:7878/store
      newsexport load out/ --endpoint http://127.0.0.1:7878/store --scheduler local:2
    """
    with warnings.catch_warnings(record=True) as caught, \
            common.ConsoleReporter("loading", True) as console:
        warnings.simplefilter("once")
        articles = api.load(list(inputs), store=store_dir, endpoint=endpoint,
                            settings=settings, batch=batch, bulk=not no_bulk, reporter=console,
                            scheduler=scheduler,
                            debug=common.debug_enabled(), **remote.options())
    ours = (w for w in caught if w.category.__module__.startswith("exporter."))
    for message in dict.fromkeys(str(w.message) for w in ours):  # libraries' own go unsaid
        click.echo(f"newsexport: warning: {message}", err=True)
    click.echo(f"{articles} article(s) loaded into {common.target(store_dir, endpoint)}",
               err=True)
    return 1 if console.errors else 0
