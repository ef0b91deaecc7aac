"""The Article records ``load`` put in the embedded store, kept beside their graphs.

RDF keeps some of a record and loses the rest: the order of authors, editors and
subjects (a graph is a set), ``meta_lines``, ``unparsed``, the time zone and the input's
name. So when ``load`` writes an article from its record into the embedded store, the
record goes into ``newsexport-records.sqlite`` inside the store's directory (Oxigraph
leaves files it does not know alone), with a digest of the article graph it was loaded
as. A reader (``serve``) takes the record only while the store's graph still has that
digest: a graph replaced since (loaded again from N-Quads, by another tool, or dropped)
never gets a stale record; it is then read back from the graph
(:mod:`exporter.serving.records`). Nothing else depends on the file: deleting it loses
nothing the graphs hold.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
import zlib
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

import pyoxigraph as ox

from .record import Article

FILENAME = "newsexport-records.sqlite"
XSD = "http://www.w3.org/2001/XMLSchema#"


def own(iri: str, subject: object) -> bool:
    """Whether `subject` is the article `iri` or one of its nodes (its images): the
    statements the article's own graph holds (see :func:`exporter.store.split_graph`)."""
    return isinstance(subject, ox.NamedNode) and (
        subject.value == iri or subject.value.startswith(iri + "/"))


def _canonical(term: object) -> str:
    """A term as the store gives it back, whatever its spelling when loaded: Oxigraph
    keeps values, not lexical forms (``+00:00`` comes back ``Z``)."""
    if isinstance(term, ox.Literal):
        kind = term.datatype.value
        try:
            if kind == XSD + "dateTime":
                return f"{datetime.fromisoformat(term.value).isoformat()}^^dateTime"
            if kind == XSD + "integer":
                return f"{int(term.value)}^^integer"
        except ValueError:
            pass
    return str(term)


def graph_digest(iri: str, statements: Iterable[ox.Triple | ox.Quad]) -> str:
    """The SHA-256 of the article's own statements among `statements`, in any order."""
    lines = sorted(f"{s.subject} {s.predicate} {_canonical(s.object)}"
                   for s in statements if own(iri, s.subject))
    return hashlib.sha256("\n".join(dict.fromkeys(lines)).encode()).hexdigest()


class RecordSidecar:
    """The records file of one store directory: written by a load, read by servers."""

    def __init__(self, directory: Path, *, writable: bool) -> None:
        path = directory / FILENAME
        if writable:
            self.db = sqlite3.connect(path, check_same_thread=False)
            self.db.execute("CREATE TABLE IF NOT EXISTS records (iri TEXT PRIMARY KEY, "
                            "digest TEXT NOT NULL, record BLOB NOT NULL)")
            self.db.commit()
        else:
            self.db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                                      check_same_thread=False)
        self._lock = threading.Lock()  # one connection, used from the server's threads

    @classmethod
    def open_existing(cls, directory: Path) -> RecordSidecar | None:
        """The store's records file read-only, or None when `load` wrote none."""
        if not (directory / FILENAME).is_file():
            return None
        try:
            return cls(directory, writable=False)
        except sqlite3.Error:  # unreadable: the graphs alone serve
            return None

    def put(self, rows: Iterable[tuple[str, str, Article]]) -> None:
        """(iri, graph digest, record) rows, replacing the records of those articles."""
        data = [(iri, digest, zlib.compress(json.dumps(record, ensure_ascii=False).encode()))
                for iri, digest, record in rows]
        with self._lock, self.db:
            self.db.executemany("INSERT OR REPLACE INTO records VALUES (?, ?, ?)", data)

    def get(self, iri: str, digest: str) -> Article | None:
        """The record of `iri` if it was loaded as the graph whose digest is `digest`."""
        try:
            with self._lock:
                row = self.db.execute("SELECT digest, record FROM records WHERE iri = ?",
                                      (iri,)).fetchone()
        except sqlite3.Error:  # damaged or not ours: the record comes from the graph
            return None
        if row is None or row[0] != digest:
            return None
        return json.loads(zlib.decompress(row[1]))

    def close(self) -> None:
        self.db.close()
