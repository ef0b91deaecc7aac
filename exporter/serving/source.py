"""Where `serve` reads from: the embedded store, opened read-only, or a SPARQL server.

Oxigraph opens a store read-write in one process at a time (RocksDB's lock on the
store's ``LOCK`` file). A read-only open takes no lock, and reading while another
process writes is undefined behaviour, so `serve` opens the store read-only *and*
holds a shared POSIX lock on that same file for as long as it runs: several servers
(or workers) may read one store together, while a `load` or `query` is refused with
"the store is in use" until they stop, and a server does not start while a load
runs. What a server shows is the store as it was when it started; to publish new
articles, stop it, load, start it again (or load into an Oxigraph server and run
``serve --endpoint``, which reads the server live).
"""

from __future__ import annotations

import errno
import fcntl
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any, Protocol

import pyoxigraph as ox

from ..errors import InputError
from ..record_sidecar import RecordSidecar

Result = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples | list[ox.Triple]


class Source(Protocol):
    """A read-only SPARQL dataset whose default graph is the union of its graphs."""

    name: str
    #: when the data last changed, if known (the embedded store: its files' newest mtime)
    modified: datetime | None
    #: the records load kept beside the graphs (the embedded store), if any
    records: RecordSidecar | None

    def query(self, text: str) -> Result: ...

    def close(self) -> None: ...


class EmbeddedSource:
    """The on-disk store `load` wrote, read-only, with a shared lock against writers."""

    def __init__(self, directory: Path) -> None:
        self.name = str(directory)
        if not (directory / "CURRENT").is_file():
            raise InputError("no store here; load articles first "
                             "(newsexport load INPUT --store DIR)", source=self.name)
        self._lock: IO[bytes] | None = _shared_lock(directory / "LOCK", self.name)
        try:
            self.store = ox.Store.read_only(self.name)
        except OSError as exc:
            self.close()
            raise InputError(f"cannot open the store: {' '.join(str(exc).split())}",
                             source=self.name) from None
        newest = max(p.stat().st_mtime for p in directory.iterdir() if p.is_file())
        self.modified = datetime.fromtimestamp(int(newest), UTC)
        self.records = RecordSidecar.open_existing(directory)

    def query(self, text: str) -> Result:
        return self.store.query(text, use_default_graph_as_union=True)

    def close(self) -> None:
        if getattr(self, "records", None) is not None:
            self.records.close()
            self.records = None
        if self._lock is not None:
            self._lock.close()  # closing the file releases the lock
            self._lock = None


def _shared_lock(path: Path, name: str) -> IO[bytes]:
    try:
        handle = open(path, "rb")  # noqa: SIM115 -- held open for the server's lifetime
    except OSError as exc:
        raise InputError(f"cannot open the store: {exc.strerror or exc}", source=name) from None
    try:
        fcntl.lockf(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise InputError("the store is in use by another process (a load, a query or an "
                             "Oxigraph server); wait for it to finish", source=name) from None
        raise InputError(f"cannot lock the store: {exc.strerror or exc}", source=name) from None
    return handle


class RemoteSource:
    """A SPARQL server, queried live (start Oxigraph with --union-default-graph)."""

    modified = None
    records = None

    def __init__(self, endpoint: str, **options: Any) -> None:
        """`options`: RemoteStore's credentials, timeout and retries."""
        from ..remote import RemoteStore  # the HTTP machinery only when a server is used
        self.name = endpoint
        self.server = RemoteStore(endpoint, **options)

    def query(self, text: str) -> Result:
        from ..querying import server_result
        return server_result(self.server.query(text), self.name)

    def close(self) -> None:
        """Nothing stays open between requests."""


def open_source(store: Path | None, endpoint: str | None, **options: object) -> Source:
    from ..store import DEFAULT_STORE
    if endpoint is not None:
        return RemoteSource(endpoint, **options)
    return EmbeddedSource(store or DEFAULT_STORE)

