"""``publish --load``: make a triple store hold the articles of the output folder.

The folder's N-Quads (or TriG) bundle has every article it holds, one named graph each,
so loading it gives the store this run's articles whichever inputs the run redid (an
earlier run may have published without loading). Graphs are replaced whole, so a load
cut short is completed by the next run. A sharded bundle (``--shards``) is loaded shard
by shard, each through the store's bulk path; ``load`` of a published folder reads the
same files (:func:`published_bundle`).

The state folder remembers, per store, the bundle last loaded completely (the size and
modification time of each of its files, which change whenever one is rebuilt) and its
article IRIs,
in SQLite so that memory does not grow with the archive. An unchanged bundle is not
loaded again; a changed one is loaded, then the graphs of the articles it no longer has
(an input deleted, a headline corrected: a new id) are dropped from the store.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager
from pathlib import Path

from .. import writers
from ..errors import InputError
from ..store import DATASET_FORMATS, Loader
from ..writers import Format
from . import layout

PREFERRED = ("nquads", "trig")  # N-Quads first: it streams in the fewest bytes
SCHEMA = ("CREATE TABLE IF NOT EXISTS bundle (stamp TEXT)",
          "CREATE TABLE IF NOT EXISTS graphs (iri TEXT PRIMARY KEY)",
          "CREATE TEMP TABLE now (iri TEXT PRIMARY KEY)")


def published_bundle(folder: Path) -> list[Path]:
    """The files of a published folder's N-Quads (else TriG) bundle, shards in order; none
    when `folder` is not one publish wrote (no manifest) or it has no such bundle."""
    if not (folder / layout.MANIFEST).is_file():
        return []
    for name in PREFERRED:
        bundle = layout.bundle_file(writers.get(name))
        shards = sorted(folder.glob(layout.shard_pattern(bundle)))
        if shards or (folder / bundle).is_file():
            return shards or [folder / bundle]
    return []


def folder_datasets(folder: Path) -> list[Path]:
    """What ``load`` reads of a folder: a published folder's bundle (not its per-article
    files, which hold the same graphs again), else every N-Quads and TriG file in it
    (export's output), sorted; none for a file or a folder of neither."""
    if not folder.is_dir():
        return []
    return published_bundle(folder) or sorted(
        path for path in folder.rglob("*")
        if path.suffix.lower() in DATASET_FORMATS and path.is_file())


def dataset_files(arguments: Iterable[str]) -> list[Path]:
    """The N-Quads and TriG files `arguments` name, for ``load --scheduler``, which sends
    files from the workers: an argument that names none is one line (InputError)."""
    files = []
    for argument in arguments:
        path = Path(argument)
        found = folder_datasets(path) or \
            ([path] if path.suffix.lower() in DATASET_FORMATS and path.is_file() else [])
        if not found:
            raise InputError("--scheduler sends N-Quads or TriG files (a published folder, "
                             "export's .nq or .trig); load articles without it",
                             source=argument)
        files += found
    return files


def dataset_bundle(formats: tuple[Format, ...]) -> str | None:
    """The bundle --load reads, relative to the output folder (None if the run has none)."""
    by_name = {f.name: f for f in formats if f.bundle}
    for name in PREFERRED:
        if name in by_name:
            return layout.bundle_file(by_name[name])
    return None


class LoadState:
    """What the output folder remembers of its loads into one store.

    `where` names the store absolutely (a resolved directory or a server URL); only its
    hash is kept, so no path or URL is written into the published folder. `graphs` holds
    every article graph the store may hold from this folder (a load cut short included:
    more than it holds is harmless, as dropping an absent graph does nothing).
    """

    def __init__(self, out: Path, bundle: str, where: str, shards: int = 0) -> None:
        self.files = [out / name for name in layout.bundle_files(bundle, shards)]
        self.name = f"{shards} shards of {bundle}" if shards else bundle  # to show
        key = hashlib.sha256(where.encode()).hexdigest()[:16]
        self.path = out / layout.STATE / f"loaded-{key}.sqlite"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError:  # damaged: forget it, the next load is a whole one
            self.path.unlink(missing_ok=True)
            self.db = self._open()
        self.loading: str | None = None  # the stamp of the bundle being loaded

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, isolation_level=None)
        try:
            for statement in SCHEMA:
                db.execute(statement)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _stamp(self) -> str:
        stats = [path.stat() for path in self.files]
        return json.dumps([{"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}
                           for stat in stats])

    def current(self) -> bool:
        """Whether this very bundle was loaded completely into the store."""
        if not all(path.is_file() for path in self.files):
            return False
        found = self.db.execute("SELECT stamp FROM bundle").fetchone()
        return found is not None and found[0] == self._stamp()

    def load(self, loader: Loader) -> Iterator[InputError | str]:
        """Load the bundle, then drop the articles it no longer has (unless a graph was
        refused: a file cut short would look like every later article removed). Yields
        what ``Loader.add_dataset`` yields; call :meth:`remember` once the loader closed.

        The stamp is taken before the bundle is opened: a bundle rebuilt meanwhile (by
        another publish) then has another stamp, and the next run loads it.
        """
        for path in self.files:
            if not path.is_file():
                yield InputError("missing: run publish again to rebuild it", source=str(path))
                return
        self.loading = self._stamp()
        failed = False
        self.db.execute("BEGIN")
        try:
            for path in self.files:
                fmt = DATASET_FORMATS[path.suffix.lower()]
                for event in loader.add_dataset(path, fmt, str(path)):
                    if isinstance(event, InputError):
                        failed = True
                    else:
                        self.db.execute("INSERT OR IGNORE INTO now VALUES (?)", (event,))
                        self.db.execute("INSERT OR IGNORE INTO graphs VALUES (?)", (event,))
                    yield event
        finally:
            self.db.execute("COMMIT")  # Ctrl-C or a failing store included
        if failed:
            return
        for (iri,) in self.db.execute("SELECT iri FROM graphs EXCEPT SELECT iri FROM now"):
            loader.remove(iri)

    def remember(self) -> None:
        """The store holds the bundle and nothing else of the folder's: keep its stamp."""
        if self.loading is None:
            return
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM graphs WHERE iri NOT IN (SELECT iri FROM now)")
            self.db.execute("DELETE FROM bundle")
            self.db.execute("INSERT INTO bundle VALUES (?)", (self.loading,))

    def close(self) -> None:
        self.db.close()


def load_unless_current(state: LoadState, force: bool,
                        open_target: Callable[[], AbstractContextManager[Loader]],
                        consume: Callable[[Iterator[object]], int]) -> tuple[Loader | None, int]:
    """Load the state's bundle into what `open_target` opens unless the state says that
    target holds it already (then no loader), and remember it when `consume`, given the
    load's events, counts no error: (the loader, the errors counted). Closes the state."""
    try:
        if not force and state.current():
            return None, 0
        with open_target() as loader:
            failed = consume(state.load(loader))
        if not failed:
            state.remember()
        return loader, failed
    finally:
        state.close()
