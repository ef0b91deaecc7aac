"""``newsexport load``: articles into a triple store, one named graph per article."""

from __future__ import annotations

import contextlib
import functools
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..errors import InputError
from ..inputs import Input, discover
from ..pipeline import read_input
from ..publishing.loading import dataset_files, folder_datasets
from ..settings import Settings
from ..store import (
    DATASET_FORMATS,
    DEFAULT_BATCH,
    DEFAULT_STORE,
    Loader,
    StoreError,
    open_loader,
    sniff_dataset,
)
from .common import debug_enabled, settings_options

if TYPE_CHECKING:
    from ..remote import Credentials

# Formats that hold no named graph: refused by name rather than read as wire text. An .html
# file is a page, read as an article (what it declares and its text).
GRAPHLESS = {".ttl", ".nt", ".rdf", ".jsonld"}


@dataclass(frozen=True)
class Remote:
    """Options for talking to a server: credentials, timeout, retries."""

    user: str | None
    password: str | None
    token: str | None
    timeout: float
    retries: int

    def credentials(self) -> Credentials:
        from ..remote import Credentials  # the HTTP machinery only when a server is used
        return Credentials(self.user, self.password, self.token)


def remote_options(command: Callable) -> Callable:
    """--user/--password/--token (or their environment variables), --timeout, --retries."""

    @click.option("--user", envvar="NEWSEXPORT_STORE_USER", show_envvar=True,
                  help="HTTP basic user for --endpoint.")
    @click.option("--password", envvar="NEWSEXPORT_STORE_PASSWORD", show_envvar=True,
                  help="HTTP basic password (prefer the environment variable: options show "
                       "in the process list).")
    @click.option("--token", envvar="NEWSEXPORT_STORE_TOKEN", show_envvar=True,
                  help="Bearer token for --endpoint, instead of a user and password.")
    @click.option("--timeout", type=click.FloatRange(min=0.1), default=60.0, show_default=True,
                  help="Seconds one request may take in all (connecting, sending, the whole "
                       "answer).")
    @click.option("--retries", type=click.IntRange(0, 20), default=4, show_default=True,
                  help="Attempts after a failed request (5xx, connection lost), waiting "
                       "0.5 s, 1 s, 2 s, ... between them.")
    @functools.wraps(command)
    def wrapper(*args: Any, user: str | None, password: str | None, token: str | None,
                timeout: float, retries: int, **kwargs: Any) -> Any:
        kwargs["remote"] = Remote(user, password, token, timeout, retries)
        return command(*args, **kwargs)

    return wrapper


def target_options(command: Callable) -> Callable:
    """--store DIR or --endpoint URL."""

    @click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
                  help=f"Embedded Oxigraph store directory (default: ./{DEFAULT_STORE}).")
    @click.option("--endpoint", metavar="URL",
                  help="A SPARQL server instead: its Graph Store endpoint (Oxigraph: "
                       "http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET).")
    @functools.wraps(command)
    def wrapper(*args: Any, store_dir: Path | None, endpoint: str | None, **kwargs: Any) -> Any:
        if store_dir is not None and endpoint is not None:
            raise click.UsageError("give --store or --endpoint, not both")
        return command(*args, store_dir=store_dir, endpoint=endpoint, **kwargs)

    return wrapper


@click.command()
@click.argument("inputs", nargs=-1, required=True, metavar="INPUT...")
@target_options
@click.option("--batch", type=click.IntRange(1, 10_000), default=DEFAULT_BATCH,
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
@remote_options
@settings_options
def load(inputs: tuple[str, ...], store_dir: Path | None, endpoint: str | None, batch: int,
         no_bulk: bool, scheduler: str | None, remote: Remote, settings: Settings) -> int:
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
    target = endpoint or str(store_dir or DEFAULT_STORE)
    if scheduler is not None:
        if endpoint is None:
            raise click.UsageError("--scheduler sends the files from the Dask workers to a "
                                   "server: give --endpoint (an embedded store takes one "
                                   "writer)")
        from ..publishing.cluster import Sending  # Dask is an optional extra

        sending = Sending(scheduler, dataset_files(inputs), endpoint, settings, batch,
                          remote.credentials(), remote.timeout, remote.retries)
        failed = report(sending.events())
        click.echo(f"{sending.articles} article(s) loaded into {target}", err=True)
        return 1 if failed else 0
    failed = 0
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("once")
        loader = loader_for(settings, store_dir, endpoint, remote, batch, not no_bulk)
        with loader:
            failed = report(_load(inputs, loader, settings, debug_enabled()))
    ours = (w for w in caught if w.category.__module__.startswith("exporter."))
    for message in dict.fromkeys(str(w.message) for w in ours):  # libraries' own go unsaid
        click.echo(f"newsexport: warning: {message}", err=True)
    click.echo(f"{loader.articles} article(s) loaded into {target}", err=True)
    return 1 if failed else 0


def loader_for(settings: Settings, store_dir: Path | None, endpoint: str | None,
               remote: Remote, batch: int = DEFAULT_BATCH, bulk: bool = True) -> Loader:
    """The Loader the target options name (the embedded store by default)."""
    return open_loader(settings, store=store_dir, endpoint=endpoint, batch=batch, bulk=bulk,
                       credentials=remote.credentials() if endpoint else None,
                       timeout=remote.timeout, retries=remote.retries)


def report(events: Iterable[InputError | str], bar: bool = True) -> int:
    """Print each error as one line (with a progress bar on a terminal); the errors."""
    failed = 0
    with contextlib.ExitStack() as stack:
        if bar and sys.stderr.isatty():
            events = stack.enter_context(click.progressbar(events, label="loading",
                                                           show_pos=True, file=sys.stderr))
        for event in events:
            if isinstance(event, InputError):
                click.echo(str(event), err=True)
                failed += 1
    return failed


@dataclass(frozen=True)
class _Read(Input):
    """An input whose bytes were already read (standard input, sniffed for N-Quads)."""

    data: bytes = b""

    def read_bytes(self) -> bytes:
        return self.data


def _datasets(argument: str) -> list[Path]:
    """The N-Quads and TriG files a directory holds (see folder_datasets); else none."""
    return folder_datasets(Path(argument))


def _load(inputs: tuple[str, ...], loader: Loader, settings: Settings, debug: bool
          ) -> Iterator[InputError | str]:
    """Load every input; yield each article's IRI as it is loaded and each error (the load
    goes on, except when the store itself fails: that StoreError ends it)."""
    for argument in inputs:
        suffix = Path(argument).suffix.lower()
        if argument == "-":
            data = sys.stdin.buffer.read()
            fmt = sniff_dataset(data)
            if fmt is not None:
                yield from loader.add_dataset(data, fmt, "<stdin>")
                continue
            items: Iterator[Input] = iter([_Read("<stdin>", "stdin", None, data)])
        elif suffix in DATASET_FORMATS or _datasets(argument):
            for path in _datasets(argument) or [Path(argument)]:
                yield from loader.add_dataset(path, DATASET_FORMATS[path.suffix.lower()],
                                              str(path))
            continue
        elif suffix in GRAPHLESS:
            yield InputError("holds no named graph; load the N-Quads or TriG that export "
                             "writes (--to nquads or trig), or the articles", source=argument)
            continue
        else:
            items = discover([argument])
        for item in items:
            outcome = read_input(item, settings, debug)
            yield from outcome.errors
            for record in outcome.records:
                try:
                    loader.add(record)
                except StoreError:
                    raise
                except InputError as exc:
                    yield exc.located(item.display)
                else:
                    yield record["iri"]
