"""Options and output handling that several commands share."""

from __future__ import annotations

import contextlib
import functools
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

import click

from .. import settings as settings_module
from ..atomic import atomic_writer
from ..errors import InputError
from ..pipeline import Outcome


def settings_options(command: Callable) -> Callable:
    """--config, --base-uri, --timezone -> a `settings` keyword argument."""

    @click.option("--config", type=click.Path(dir_okay=False, path_type=Path),
                  help="Settings file (default: ./newsexport.toml when it exists).")
    @click.option("--base-uri", metavar="IRI",
                  help="Base of every minted IRI (default: https://newsexport.example/).")
    @click.option("--timezone", metavar="ZONE",
                  help="IANA zone for printed local times, instead of the source's default.")
    @functools.wraps(command)
    def wrapper(*args: Any, config: Path | None, base_uri: str | None, timezone: str | None,
                **kwargs: Any) -> Any:
        loaded = settings_module.load(config)
        kwargs["settings"] = loaded.with_options(base_uri=base_uri, timezone=timezone)
        return command(*args, **kwargs)

    return wrapper


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


