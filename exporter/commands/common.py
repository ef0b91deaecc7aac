"""Options and output handling that several commands share."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

from .. import readers
from .. import settings as settings_module
from ..atomic import atomic_writer
from ..errors import InputError
from ..pipeline import Outcome
from ..settings import Publisher, Settings, check_name, check_url


def settings_options(command: Callable) -> Callable:
    """--config, --base-uri, --timezone, --strict -> a `settings` keyword argument."""

    @click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                  help="Settings file (default: ./newsexport.toml when it exists).")
    @click.option("--base-uri", metavar="IRI",
                  help="Base of every minted IRI (default: https://newsexport.example/).")
    @click.option("--timezone", metavar="ZONE",
                  help="IANA zone for printed local times, instead of the source's default.")
    @click.option("--from", "input_format", type=click.Choice(list(readers.FORMATS)),
                  help="Read every input as this format instead of recognising it (for "
                       "standard input, e.g. --from html).")
    @click.option("--strict", is_flag=True,
                  help="Refuse an input holding control characters or non-characters "
                       "(default: remove them, with a warning naming the first).")
    @functools.wraps(command)
    def wrapper(*args: Any, config: Path | None, base_uri: str | None, timezone: str | None,
                input_format: str | None, strict: bool, **kwargs: Any) -> Any:
        loaded = settings_module.load(config)
        kwargs["settings"] = loaded.with_options(base_uri=base_uri, timezone=timezone,
                                                 input_format=input_format,
                                                 strict=strict or None)
        return command(*args, **kwargs)

    return wrapper


def writer_options(command: Callable) -> Callable:
    """--publisher-name/-url/-logo and the feed's --limit and --now, applied to `settings`.

    Place it below ``settings_options``: it changes the settings that one loaded.
    """

    @click.option("--publisher-name", metavar="NAME",
                  help="Who publishes the output (JSON-LD publisher, feed author); "
                       "overrides [publisher] in newsexport.toml.")
    @click.option("--publisher-url", metavar="URL", help="The publisher's home page.")
    @click.option("--publisher-logo", metavar="URL", help="The publisher's logo.")
    @click.option("--limit", type=click.IntRange(min=1), metavar="N",
                  help="Entries in Atom and RSS feeds (default 100; news sitemap: 1,000).")
    @click.option("--now", metavar="ISO",
                  help="This run's time, e.g. 2021-07-29T12:00:00+08:00: the feeds' "
                       "current time (default: the newest article) and the NewsML-G2 "
                       "versionCreated of an article nothing else dates (default: none, "
                       "so no newsItem). Never read from the clock: a rerun gives the "
                       "same bytes.")
    @functools.wraps(command)
    def wrapper(*args: Any, settings: Settings, publisher_name: str | None,
                publisher_url: str | None, publisher_logo: str | None, limit: int | None,
                now: str | None, **kwargs: Any) -> Any:
        publisher = settings.publisher
        if publisher_name is not None:
            check_name(publisher_name, "--publisher-name")
        for value, option in ((publisher_url, "--publisher-url"),
                              (publisher_logo, "--publisher-logo")):
            if value is not None:
                check_url(value, option)
        if publisher_name or publisher_url or publisher_logo:
            name = publisher_name or (publisher.name if publisher else None)
            if name is None:
                raise click.UsageError("--publisher-url and --publisher-logo need "
                                       "--publisher-name (or [publisher] name in the settings)")
            publisher = Publisher(name, publisher_url or (publisher.url if publisher else None),
                                  publisher_logo or (publisher.logo if publisher else None))
        feed = dict(settings.feed)
        feed.update({k: v for k, v in (("limit", limit), ("now", now)) if v is not None})
        kwargs["settings"] = settings.with_options(publisher=publisher, feed=feed)
        return command(*args, **kwargs)

    return wrapper


def jobs_option(command: Callable) -> Callable:
    return click.option(
        "-j", "--jobs", type=click.IntRange(min=1), default=os.cpu_count() or 1,
        show_default="the number of CPUs", metavar="N",
        help="Worker processes; the output is the same, byte for byte, for every N.",
    )(command)


class ConsoleReporter:
    """A run's messages on stderr: each error on its line, each distinct warning once,
    and a progress bar (counts, rate, ETA) when `total` is given."""

    def __init__(self, total: int | None = None, label: str = "") -> None:
        self.seen: set[str] = set()
        self.bar = click.progressbar(length=total, label=label, file=sys.stderr,
                                     show_pos=True, item_show_func=lambda rate: rate) \
            if total is not None else None
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


def report(outcome: Outcome) -> int:
    """Print each error of one input as one line on stderr; the number printed."""
    for error in outcome.errors:
        click.echo(str(error), err=True)
    return len(outcome.errors)


@contextlib.contextmanager
def output_stream(target: str | None) -> Iterator[BinaryIO]:
    """stdout for None or "-", else an atomically replaced file."""
    if target in (None, "-"):
        yield sys.stdout.buffer
        sys.stdout.buffer.flush()
        return
    try:
        with atomic_writer(Path(target)) as handle:
            yield handle
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", source=target) from None


