"""``publish --shards N``: each bundle written as N shards, assembled in parallel.

Which articles a shard holds: ranges of the input order. The articles of the batch, in
the order of the unsharded bundle, are cut into N runs of equal length (to one article),
so shard ``k`` of A articles holds positions ``k*A//N`` to ``(k+1)*A//N``. Concatenating
the shards in order therefore gives the unsharded bundle byte for byte (for TriG, once
each shard's prefix lines are taken off), and an article's shard depends only on its
place in the input order and A: inputs added at the end (an archive's new days) leave
the articles before them where they were, in the same order.

A shard is a copy of part-file bytes (:mod:`.parts`), so a worker can make it without
the client: the client plans the shards as it reads the manifest rows, writing each
shard's slices (part file, first and last article) to a file in the run's staging
folder, sends each shard to the pool (a local process pool or the cluster) as that
file's name, and writes the feeds meanwhile; so the memory of neither grows with the
batch. A
shard is rebuilt only when what it holds changed: its stamp, a hash of its rows (input
path, input SHA-256, options, the article ids of its range), is kept in the state
folder and compared with the next run's. The stamps are cleared before any shard is
written and kept again once all are whole, so a run cut short rebuilds every shard.
The state also remembers how many shards may exist, so that changing N (or going back
to one bundle file) removes the shards that no longer belong.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .. import writers
from ..atomic import atomic_writer, write_atomic
from ..settings import Settings
from . import layout
from .index import Row
from .parts import read_part

STAMPS = "shards.json"  # in the state folder


@dataclass(frozen=True)
class Slice:
    """Articles ``start:stop`` of one input's part file."""

    part: Path
    start: int
    stop: int


@dataclass(frozen=True)
class Shard:
    """Shard `index`: its stamp, and its slices in a file (`slices` reads them), so that
    neither the client nor the task sent to a worker holds a list of them."""

    index: int
    file: Path
    stamp: str

    def slices(self) -> Iterator[Slice]:
        with self.file.open(encoding="utf-8") as lines:
            for line in lines:
                part, start, stop = json.loads(line)
                yield Slice(Path(part), start, stop)


def shard_of(position: int, total: int, shards: int) -> int:
    """The shard of the article at `position` (0-based) of `total`: the k with
    ``k*total//shards <= position < (k+1)*total//shards``."""
    return ((position + 1) * shards - 1) // total


class _Spool:
    """The shard being planned: its slices written to its file as they come, its stamp
    hashed from its rows' slices."""

    def __init__(self, index: int, shards: int, folder: Path) -> None:
        self.index, self.file = index, folder / f"shard-{index:05d}.slices"
        self.lines = self.file.open("w", encoding="utf-8")
        self.hasher = hashlib.sha256(f"{index}/{shards}".encode())

    def add(self, part: Path, row: Row, start: int, stop: int) -> None:
        self.lines.write(json.dumps([str(part), start, stop]) + "\n")
        self.hasher.update(json.dumps([row["path"], row["sha256"], row["options"],
                                       row["articles"][start:stop]]).encode() + b"\n")

    def done(self) -> Shard:
        self.lines.close()
        return Shard(self.index, self.file, self.hasher.hexdigest())


def plan(rows: Iterable[Row], part_of: Callable[[str], Path], total: int, shards: int,
         folder: Path) -> Iterator[Shard]:
    """Every shard, in order, with its stamp and its slices spooled to a file in `folder`,
    as the rows (in input order, `total` articles in all) are read. Slices held in memory
    cost some 400 bytes an article (80 MB at 200,000 articles), in the client and again
    in each task; on disk, memory stays the same whatever the size of the batch."""
    bounds = [k * total // shards for k in range(shards + 1)]
    spool, position = _Spool(0, shards, folder), 0
    try:
        for row in rows:
            count, offset = len(row["articles"]), 0
            while offset < count:
                while position >= bounds[spool.index + 1]:
                    yield spool.done()
                    spool = _Spool(spool.index + 1, shards, folder)
                take = min(count - offset, bounds[spool.index + 1] - position)
                spool.add(part_of(row["path"]), row, offset, offset + take)
                offset += take
                position += take
        while True:
            yield spool.done()
            if spool.index + 1 == shards:
                return
            spool = _Spool(spool.index + 1, shards, folder)
    finally:
        spool.lines.close()


def with_shards(rows: Iterable[Row], total: int, shards: int) -> Iterator[Row]:
    """The manifest rows, each with the shards that hold its articles (``"shards": [k,
    ...]``) when the bundles are sharded; without that key otherwise."""
    position = 0
    for row in rows:
        row.pop("shards", None)
        count = len(row["articles"])
        if shards and count:
            first, last = (shard_of(p, total, shards) for p in (position, position + count - 1))
            row["shards"] = list(range(first, last + 1))
        position += count
        yield row


def assemble_shard(out: Path, format_names: tuple[str, ...], settings: Settings,
                   shard: Shard) -> None:
    """Write `shard` of every bundle format (a worker's task: pure file work, one input's
    part in memory at a time). The temporary files are made in the run's staging folder,
    beside the shard's slices: a worker killed mid-shard, whose task Dask gives another,
    leaves nothing in the output folder (the run removes its staging folder)."""
    formats = [writers.get(name) for name in format_names]
    with contextlib.ExitStack() as stack:
        handles = [stack.enter_context(atomic_writer(
            out / layout.shard_file(layout.bundle_file(f), shard.index), durable=False,
            scratch=shard.file.parent)) for f in formats]
        for fmt, handle in zip(formats, handles, strict=True):
            assert fmt.bundle is not None
            handle.write(fmt.bundle.head(settings))
        for piece in shard.slices():
            part = read_part(piece.part)
            for fmt, handle in zip(formats, handles, strict=True):
                handle.writelines(part.sections[fmt.name][piece.start:piece.stop])
        for fmt, handle in zip(formats, handles, strict=True):
            assert fmt.bundle is not None
            handle.write(fmt.bundle.tail(settings))


class Stamps:
    """The state's record of the shards: how many may exist, and each one's stamp."""

    def __init__(self, state: Path) -> None:
        self.path = state / STAMPS
        try:
            kept = json.loads(self.path.read_bytes())
            self.written, self.stamps = int(kept["written"]), list(kept["stamps"])
        except (OSError, ValueError, KeyError, TypeError):
            self.written, self.stamps = 0, []

    def save(self, written: int, stamps: list[str]) -> None:
        self.written, self.stamps = written, stamps
        write_atomic(self.path, json.dumps({"written": written, "stamps": stamps}).encode(),
                     durable=False)


def build(out: Path, state: Path, formats: tuple[writers.Format, ...], settings: Settings,
          shards: Iterable[Shard], count: int, force: bool,
          call: Callable[..., Future[Any]] | None, in_flight: int) -> None:
    """Write every shard that is not current (all with `force`) through `call` (an
    executor's submit; None: here), at most `in_flight` at a time, then remove the
    shards and bundle files that `count` shards (0: one file per bundle) leave over."""
    names = tuple(f.name for f in formats if f.bundle)
    stamps = Stamps(state)
    if not count and not stamps.written:  # not sharded now, nor before
        return
    old = list(stamps.stamps)
    stamps.save(max(stamps.written, count), [])  # nothing is current while shards change
    kept: list[str] = []
    if count and names:
        pending: deque[tuple[Shard, Future[Any]]] = deque()
        for shard in shards:
            kept.append(shard.stamp)
            files = [layout.shard_file(layout.bundle_file(writers.get(n)), shard.index)
                     for n in names]
            if not force and shard.index < len(old) and old[shard.index] == shard.stamp and \
                    all((out / name).is_file() for name in files):
                shard.file.unlink()
                continue
            if call is None:
                assemble_shard(out, names, settings, shard)
                shard.file.unlink()
                continue
            pending.append((shard, call(assemble_shard, out, names, settings, shard)))
            if len(pending) >= in_flight:
                _done(*pending.popleft())
        while pending:
            _done(*pending.popleft())
    _remove_left_over(out, names, count, stamps.written)
    if count:
        stamps.save(count, kept)
    else:
        stamps.path.unlink(missing_ok=True)


def _done(shard: Shard, future: Future[Any]) -> None:
    """Wait for a shard's task; its slices' file is kept until then (a task that Dask runs
    again, its worker lost, reads it again)."""
    future.result()
    shard.file.unlink()


def _remove_left_over(out: Path, names: tuple[str, ...], count: int, written: int) -> None:
    for name in names:
        bundle = layout.bundle_file(writers.get(name))
        if count:
            (out / bundle).unlink(missing_ok=True)
        for index in range(count, written):
            (out / layout.shard_file(bundle, index)).unlink(missing_ok=True)
