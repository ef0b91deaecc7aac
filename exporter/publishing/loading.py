"""``publish --load``: make a triple store hold the articles of the output folder.

The folder's N-Quads (or TriG) bundle has every article it holds, one named graph each,
so loading it gives the store this run's articles whichever inputs the run redid (an
earlier run may have published without loading). Graphs are replaced whole, so a load
cut short is completed by the next run.

The state folder remembers, per store, the bundle last loaded completely (its size and
modification time, which change whenever the bundle is rebuilt) and its article IRIs,
in SQLite so that memory does not grow with the archive. An unchanged bundle is not
loaded again; a changed one is loaded, then the graphs of the articles it no longer has
(an input deleted, a headline corrected: a new id) are dropped from the store.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..store import DATASET_FORMATS, Loader
from ..writers import Format
from . import layout

PREFERRED = ("nquads", "trig")  # N-Quads first: it streams in the fewest bytes
SCHEMA = ("CREATE TABLE IF NOT EXISTS bundle (stamp TEXT)",
          "CREATE TABLE IF NOT EXISTS graphs (iri TEXT PRIMARY KEY)",
          "CREATE TEMP TABLE now (iri TEXT PRIMARY KEY)")


def dataset_bundle(formats: tuple[Format, ...]) -> str | None:
    """The bundle --load reads, relative to the output folder (None if the run has none)."""
    by_name = {f.name: f for f in formats if f.bundle}
    for name in PREFERRED:
        if name in by_name:
            return layout.bundle_file(by_name[name])
    return None


class LoadState:
    """What the output folder remembers of its last complete load into one store.

    `where` names the store absolutely (a resolved directory or a server URL); only its
    hash is kept, so no path or URL is written into the published folder.
    """

    def __init__(self, out: Path, bundle: str, where: str) -> None:
        self.bundle = out / bundle
        key = hashlib.sha256(where.encode()).hexdigest()[:16]
        path = out / layout.STATE / f"loaded-{key}.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(path, isolation_level=None)
        for statement in SCHEMA:
            self.db.execute(statement)

    def _stamp(self) -> str:
        stat = self.bundle.stat()
        return json.dumps({"size": stat.st_size, "mtime_ns": stat.st_mtime_ns})

    def current(self) -> bool:
        """Whether this very bundle was loaded completely into the store."""
        if not self.bundle.is_file():
            return False
        found = self.db.execute("SELECT stamp FROM bundle").fetchone()
        return found is not None and found[0] == self._stamp()

    def load(self, loader: Loader) -> Iterator[InputError | str]:
        """Load the bundle, then drop the articles it no longer has (unless a graph was
        refused: a file cut short would look like every later article removed). Yields
        what ``Loader.add_dataset`` yields; call :meth:`remember` once the loader closed."""
        if not self.bundle.is_file():
            yield InputError("no bundle to load: the run wrote no article",
                             source=str(self.bundle))
            return
        failed = False
        fmt = DATASET_FORMATS[self.bundle.suffix.lower()]
        for event in loader.add_dataset(self.bundle, fmt, str(self.bundle)):
            if isinstance(event, InputError):
                failed = True
            else:
                self.db.execute("INSERT OR IGNORE INTO now VALUES (?)", (event,))
            yield event
        if failed:
            return
        for (iri,) in self.db.execute("SELECT iri FROM graphs EXCEPT SELECT iri FROM now"):
            loader.remove(iri)

    def remember(self) -> None:
        """The store holds the bundle: keep its stamp and its articles (one transaction)."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.execute("DELETE FROM graphs")
            self.db.execute("INSERT INTO graphs SELECT iri FROM now")
            self.db.execute("DELETE FROM bundle")
            self.db.execute("INSERT INTO bundle VALUES (?)", (self._stamp(),))

    def close(self) -> None:
        self.db.close()
