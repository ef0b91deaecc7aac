"""What the commands share: click options that become the API's arguments, and how a
command prints (errors one line each, warnings once, progress) and exits."""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import click

from .. import api


class Command(click.Command):
    """A command whose usage errors from the API are click's: the usage line, exit code 2."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except api.UsageError as exc:
            raise click.UsageError(str(exc), ctx) from None


def command(function: Callable) -> click.Command:
    """``@click.command()`` of a :class:`Command`."""
    return click.command(cls=Command)(function)


def settings_options(command: Callable) -> Callable:
    """--config, --base-uri, --timezone -> a `settings` keyword argument, with what
    `reading_options` and `writer_options` (below this one) add to it."""

    @click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                  help="Settings file (default: ./newsexport.toml when it exists).")
    @click.option("--base-uri", metavar="IRI",
                  help="Base of every minted IRI (default: https://newsexport.example/).")
    @click.option("--timezone", metavar="ZONE",
                  help="IANA zone for local times: of the articles read, instead of their "
                       "source's default, and of feed dates that have none.")
    @functools.wraps(command)
    def wrapper(*args: Any, config: Path | None, base_uri: str | None, timezone: str | None,
                **kwargs: Any) -> Any:
        options = {name: kwargs.pop(name) for name in SETTINGS if name in kwargs}
        kwargs["settings"] = api.settings_from_options(config, base_uri=base_uri,
                                                   timezone=timezone, **options)
        return command(*args, **kwargs)

    return wrapper


# What reading_options and writer_options give settings_from_options (in the API).
SETTINGS = ("input_format", "strict", "publisher_name", "publisher_url", "publisher_logo",
            "limit", "now")


def reading_options(command: Callable) -> Callable:
    """--from and --strict, for the commands that read articles."""
    command = click.option(
        "--strict", is_flag=True, help="Refuse an input holding control characters or "
        "non-characters (default: remove them, with a warning naming the first).")(command)
    return click.option(
        "--from", "input_format", type=click.Choice(list(api.READERS)),
        help="Read every input as this format instead of recognising it (for standard "
             "input, e.g. --from html).")(command)


def writer_options(command: Callable) -> Callable:
    """--publisher-name/-url/-logo and the feed's --limit and --now."""
    for option in reversed([
        click.option("--publisher-name", metavar="NAME",
                     help="Who publishes the output (JSON-LD publisher, feed author); "
                          "overrides [publisher] in newsexport.toml."),
        click.option("--publisher-url", metavar="URL", help="The publisher's home page."),
        click.option("--publisher-logo", metavar="URL", help="The publisher's logo."),
        click.option("--limit", type=click.IntRange(min=1), metavar="N",
                     help="Entries in Atom and RSS feeds (default 100; news sitemap: 1,000)."),
        click.option("--now", metavar="ISO",
                     help="This run's time, e.g. 2021-07-29T12:00:00+08:00: the feeds' "
                          "current time (default: the newest article) and the NewsML-G2 "
                          "versionCreated of an article nothing else dates (default: none, "
                          "so no newsItem). Never read from the clock: a rerun gives the "
                          "same bytes."),
    ]):
        command = option(command)
    return command


def jobs_option(command: Callable) -> Callable:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
        show_default="the number of CPUs", metavar="N",
        help="Worker processes; the output is the same, byte for byte, for every N.",
    )(command)


@dataclass(frozen=True)
class Remote:
    """Options for talking to a server, as the API's keyword arguments."""

    credentials: Any
    timeout: float
    retries: int

    def options(self) -> dict[str, Any]:
        return {"credentials": self.credentials, "timeout": self.timeout,
                "retries": self.retries}


def _remote_options(timeout: float, retries: int) -> Callable[[Callable], Callable]:
    """--user/--password/--token (or their environment variables), --timeout, --retries,
    with these defaults."""

    def decorate(command: Callable) -> Callable:
        @click.option("--user", envvar="NEWSEXPORT_STORE_USER", show_envvar=True,
                      help="HTTP basic user for --endpoint.")
        @click.option("--password", envvar="NEWSEXPORT_STORE_PASSWORD", show_envvar=True,
                      help="HTTP basic password (prefer the environment variable: options "
                           "show in the process list).")
        @click.option("--token", envvar="NEWSEXPORT_STORE_TOKEN", show_envvar=True,
                      help="Bearer token for --endpoint, instead of a user and password.")
        @click.option("--timeout", type=click.FloatRange(min=0.1), default=timeout,
                      show_default=True, help="Seconds one request may take in all "
                      "(connecting, sending, the whole answer).")
        @click.option("--retries", type=click.IntRange(0, 20), default=retries,
                      show_default=True, help="Attempts after a failed request (5xx, "
                      "connection lost), waiting 0.5 s, 1 s, 2 s, ... between them.")
        @functools.wraps(command)
        def wrapper(*args: Any, user: str | None, password: str | None, token: str | None,
                    timeout: float, retries: int, **kwargs: Any) -> Any:
            credentials = None
            if kwargs.get("endpoint") is not None:  # the HTTP machinery only when used
                credentials = api.Credentials(user, password, token)
            kwargs["remote"] = Remote(credentials, timeout, retries)
            return command(*args, **kwargs)

        return wrapper

    return decorate


# For commands that move a batch (load, publish --load, query): patient. For serve, where a
# page waits on each request: brief.
remote_options = _remote_options(timeout=60.0, retries=4)
server_remote_options = _remote_options(timeout=30.0, retries=1)


def target_options(command: Callable) -> Callable:
    """--store DIR or --endpoint URL."""

    @click.option("--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
                  help=f"Embedded Oxigraph store directory (default: ./{api.DEFAULT_STORE}).")
    @click.option("--endpoint", metavar="URL",
                  help="A SPARQL server instead: its Graph Store endpoint (Oxigraph: "
                       "http://HOST:7878/store; Fuseki: http://HOST:3030/DATASET).")
    @functools.wraps(command)
    def wrapper(*args: Any, store_dir: Path | None, endpoint: str | None, **kwargs: Any) -> Any:
        if store_dir is not None and endpoint is not None:
            raise click.UsageError("give --store or --endpoint, not both")
        return command(*args, store_dir=store_dir, endpoint=endpoint, **kwargs)

    return wrapper


def target(store_dir: Path | None, endpoint: str | None) -> str:
    """The store or server as messages name it."""
    return endpoint or str(store_dir or api.DEFAULT_STORE)


class ConsoleReporter:
    """A run's messages on stderr (an API reporter): each error on its line, each distinct
    warning once, and, with `bar` on a terminal, a progress bar (counts, rate, and the ETA
    when `total` tells the number of steps)."""

    def __init__(self, label: str = "", bar: bool = False,
                 total: Callable[[], int] | None = None) -> None:
        self.seen: set[str] = set()
        self.errors = 0
        self.bar = None
        if bar and sys.stderr.isatty():
            steps = {"length": total()} if total else {"iterable": itertools.repeat(None)}
            self.bar = click.progressbar(**steps, label=label, file=sys.stderr, show_pos=True,
                                         item_show_func=lambda rate: rate)
        self.started = time.perf_counter()
        self.done = 0

    def __enter__(self) -> ConsoleReporter:
        if self.bar is not None:
            self.bar.__enter__()
        return self

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)

    def _echo(self, line: str) -> None:
        click.echo(("\r\x1b[K" if self.bar is not None else "") + line, err=True)

    def error(self, line: str) -> None:
        self.errors += 1
        self._echo(line)

    def warning(self, message: str) -> None:
        if message not in self.seen:
            self.seen.add(message)
            self._echo(f"newsexport: warning: {message}")

    def advance(self) -> None:
        self.done += 1
        if self.bar is not None:
            rate = self.done / max(time.perf_counter() - self.started, 1e-9)
            self.bar.update(1, f"{rate:,.0f}/s")


def debug_enabled() -> bool:
    ctx = click.get_current_context(silent=True)
    root = ctx.find_root() if ctx else None
    return bool(root and root.obj and root.obj.get("debug"))


@contextlib.contextmanager
def output_stream(target: str | None) -> Iterator[BinaryIO]:
    """stdout for None or "-", else a file replaced atomically once all is written."""
    if target in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    with api.atomic_output(target) as handle:
        yield handle


def report_run(summary: Any, quiet: bool) -> None:
    """How a publishing run ends on stderr: stopped by --fail-fast, else its counts (unless
    `quiet`)."""
    if summary.stopped:
        click.echo("newsexport: stopped at the first bad input (--fail-fast); "
                   "run again to go on", err=True)
    elif not quiet:
        click.echo(f"{summary.inputs:,} inputs ({summary.unchanged:,} unchanged), "
                   f"{summary.articles:,} articles, {summary.formats} formats, "
                   f"{summary.failed:,} failed inputs, {summary.errors:,} errors, "
                   f"{summary.seconds:.1f} s", err=True)


def loaded_line(loaded: Any, where: str) -> str:
    """What publish --load did (see api.Loaded)."""
    if loaded.articles is None:
        return f"{where} already holds {loaded.bundle}: nothing to load"
    removed = f", {loaded.removed:,} removed" if loaded.removed else ""
    return f"{loaded.articles:,} article(s) loaded into {where}{removed}"
