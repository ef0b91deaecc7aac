"""Bundles and feeds: every article of the batch, streamed from the part files.

Bundle items are copied in input order between the format's head and tail; the
records flow once through every feed writer at the same time (one thread each, fed
through a small queue) into its file; a feed keeps only its newest entries, and the
NewsML-G2 newsMessage, which has every article, streams them through a spool
(``Format.write_feed``). Nothing here holds more than a few inputs' articles.

The records are ``Kept``: a feed parses only the fields it chooses its entries by, and the
newsMessage copies the items the workers printed (see .parts), so that this serial
stage, which caps a run with several jobs, is mostly a copy of bytes.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import queue
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from ..atomic import atomic_writer
from ..errors import InputError
from ..record import Article
from ..settings import Settings
from ..writers import Format, Kept
from . import layout
from .parts import KEYS, RECORD, Part, entry, read_part

T = TypeVar("T")
_END = object()
BATCH = 32  # items handed to each consumer at once (a queue's lock per item cost more)


class _NoDocument(Exception):
    """A feed that has no valid document for this batch (its writer warned why)."""


def assemble(out: Path, formats: tuple[Format, ...], settings: Settings,
             parts: Iterable[Path], bundles: bool = True) -> tuple[list[str], list[str]]:
    """Write every bundle (unless `bundles` is False: they are sharded, see .shards) and
    feed file: (the errors of feeds that could not be made, the feed files not written
    because the batch has no valid document for them)."""
    bundled = [f for f in formats if f.bundle and bundles]
    feeds = [f for f in formats if f.feed]
    with contextlib.ExitStack() as stack:
        handles = {f.name: stack.enter_context(atomic_writer(out / layout.bundle_file(f),
                                                             durable=False))
                   for f in bundled}
        for fmt in bundled:
            handles[fmt.name].write(fmt.bundle.head(settings))

        def records() -> Iterator[Article]:
            for path in parts:
                part = read_part(path)
                for name, handle in handles.items():
                    handle.writelines(part.sections[name])
                if feeds:
                    yield from kept(part, feeds)

        failures = broadcast(records(), [_feed_writer(f, settings, out) for f in feeds])
        for fmt in bundled:
            handles[fmt.name].write(fmt.bundle.tail(settings))
    errors = [f"{layout.feed_file(fmt)}: {failure}" for fmt, failure in
              zip(feeds, failures, strict=True) if isinstance(failure, InputError)]
    absent = [layout.feed_file(fmt) for fmt, failure in zip(feeds, failures, strict=True)
              if isinstance(failure, _NoDocument)]
    return errors, absent


def kept(part: Part, feeds: list[Format]) -> Iterator[Kept]:
    """The part's records as the feeds take them: their KEYS parsed (the whole record
    where the part has none), with the entries a worker printed (see .parts)."""
    sections = part.sections
    keys = sections.get(KEYS)
    printed = [(f.name, sections[entry(f.name)]) for f in feeds if entry(f.name) in sections]
    for n, raw in enumerate(sections[RECORD]):
        yield Kept(json.loads(keys[n] if keys is not None else raw), raw,
                   {name: items[n] for name, items in printed})


def _feed_writer(fmt: Format, settings: Settings, out: Path
                 ) -> Callable[[Iterable[Article]], InputError | _NoDocument | None]:
    """Writes the feed file as the records come, or removes it (never leave an earlier
    batch's feed as if current) and returns the error, or the _NoDocument, that stopped it."""
    target = out / layout.feed_file(fmt)

    def write(records: Iterable[Article]) -> InputError | _NoDocument | None:
        try:
            with atomic_writer(target, durable=False) as handle:
                if not fmt.write_feed(records, settings, handle):
                    raise _NoDocument(fmt.name)
        except (InputError, _NoDocument) as exc:
            target.unlink(missing_ok=True)
            with contextlib.suppress(OSError):  # the format's folder, when nothing else is there
                target.parent.rmdir()
            return exc
        return None
    return write


def broadcast(source: Iterable[T], consumers: list[Callable[[Iterable[T]], Any]]) -> list[Any]:
    """Each consumer's return value, every consumer having been given every item once.

    The source is read once; a consumer that stops early (or fails) does not block
    the others. An exception raised by a consumer is raised here after the source ends.
    """
    if not consumers:
        deque(source, maxlen=0)
        return []
    channels = [Channel() for _ in consumers]
    outcomes: list[Any] = [None] * len(consumers)
    failures: list[BaseException] = []

    def run(index: int) -> None:
        try:
            outcomes[index] = consumers[index](channels[index].items())
        except BaseException as exc:  # re-raised in the calling thread
            failures.append(exc)
        finally:
            channels[index].drain()

    threads = [threading.Thread(target=run, args=(n,), daemon=True)
               for n in range(len(consumers))]
    for thread in threads:
        thread.start()
    items = iter(source)
    try:
        for batch in iter(lambda: list(itertools.islice(items, BATCH)), []):
            for channel in channels:
                channel.put(batch)
    finally:
        for channel in channels:
            channel.put(_END)
        for thread in threads:
            thread.join()
    if failures:
        raise failures[0]
    return outcomes


class Channel:
    """A bounded queue of batches of items, read as an iterator of items; what its reader
    leaves is drained."""

    def __init__(self) -> None:
        self.queue: queue.Queue[Any] = queue.Queue(maxsize=8)
        self.ended = False

    def put(self, item: Any) -> None:
        self.queue.put(item)

    def items(self) -> Iterator[Any]:
        while (batch := self.queue.get()) is not _END:
            yield from batch
        self.ended = True

    def drain(self) -> None:
        while not self.ended:
            self.ended = self.queue.get() is _END
