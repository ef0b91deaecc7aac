"""Loading articles into RDF stores, and the embedded on-disk Oxigraph store.

Layout in a store (embedded or a server): an article's named graph, named by its IRI,
holds the statements about the article and its images (IRIs under the article's);
each node articles share (the agency, persons, places, subject terms, the input file)
is described once, in a graph named by the node's own IRI. Loading an article replaces
its graph (``DROP`` + ``INSERT DATA`` in one transaction, so reloading never duplicates)
and adds its shared nodes' statements to theirs (a store is a set, so adding again adds
nothing). Shared nodes get their own graphs because Oxigraph 0.5 matches a triple once
per graph that holds it when querying the union of graphs, which would multiply every
count by the number of articles naming the agency.

The N-Quads and TriG that ``export`` writes (one graph per article, shared nodes inside)
load into exactly the same layout. No blank node is ever written to a store.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from . import writers
from .errors import InputError
from .record import Article
from .record_sidecar import RecordSidecar, graph_digest
from .settings import DEFAULT_BATCH, DEFAULT_STORE, Settings

if TYPE_CHECKING:
    from .remote import Credentials

# Files read as RDF datasets (one named graph per article), by extension.
DATASET_FORMATS = {".nq": ox.RdfFormat.N_QUADS, ".nquads": ox.RdfFormat.N_QUADS,
                   ".trig": ox.RdfFormat.TRIG}
BULK_MIN = 1000  # new article graphs in one flush for the bulk loader to beat transactions
BULK_BUFFER = 5000  # graphs held before a flush when the bulk loader may be used
MAX_UPDATE_BYTES = 8_000_000  # one SPARQL update stays well under servers' request limits
_LOCKED = re.compile(r"\block\b", re.IGNORECASE)
_IRI = r'<[^<>"{}|^`\\\s]*>'
_TRIG_START = re.compile(rf"(@prefix|@base|prefix\s|base\s|graph\s|{_IRI}\s*\{{)", re.IGNORECASE)
_NQUADS_START = re.compile(rf"({_IRI}|_:\S+)\s+{_IRI}\s+\S")


class StoreError(InputError):
    """The store or server failed (unreachable, refused, disk full): the load cannot go on."""


@dataclass(eq=False)
class GraphWrite:
    """What one graph gets: exactly `quads` (`replace`) or `quads` added to it."""

    graph: ox.NamedNode
    quads: list[ox.Quad]
    replace: bool


class GraphStore(Protocol):
    """Where a Loader writes: the embedded store or a server (:mod:`exporter.remote`)."""

    capacity: int  # graphs the Loader may hold before calling write()

    def write(self, writes: Sequence[GraphWrite]) -> None: ...

    # A target that can keep records beside the graphs (the embedded store) also has
    # keep_records(rows): see EmbeddedStore.keep_records.

    def close(self) -> None: ...


def record_quads(record: Article, settings: Settings) -> list[ox.Quad]:
    """The article's quads, as the ``nquads`` format writes them (one graph, its IRI)."""
    data = writers.get("nquads").render(record, settings)
    return list(ox.parse(data, format=ox.RdfFormat.N_QUADS))


def split_graph(graph: ox.NamedNode, quads: Iterable[ox.Quad], source: str,
                replace: bool = True) -> list[GraphWrite]:
    """One article graph as the store keeps it: the article's own statements in its graph
    (subjects `graph` and IRIs under ``graph/``), every other subject in a graph of its own.

    Refuses blank nodes and triple terms (nothing anonymous reaches a store), and a graph
    that does not describe the node it is named after (not an article graph).
    """
    own: list[ox.Quad] = []
    shared: dict[str, list[ox.Quad]] = {}
    prefix = graph.value + "/"
    for quad in quads:
        subject, value = quad.subject, quad.object
        named = isinstance(subject, ox.NamedNode)
        if not named or not isinstance(value, ox.NamedNode | ox.Literal):
            anonymous = value if named else subject
            raise InputError(f"graph <{graph.value}> holds {anonymous}: newsexport stores no "
                             "blank nodes or triple terms", source=source)
        if subject == graph or subject.value.startswith(prefix):
            own.append(quad)
        else:
            shared.setdefault(subject.value, []).append(
                ox.Quad(subject, quad.predicate, value, subject))
    if not own:
        raise InputError(f"graph <{graph.value}> says nothing about <{graph.value}>: not an "
                         "article graph (load the N-Quads or TriG that export writes)",
                         source=source)
    return [GraphWrite(graph, own, replace)] + [
        GraphWrite(quads[0].graph_name, quads, False) for quads in shared.values()]


def dataset_runs(data: bytes | Path, fmt: ox.RdfFormat, source: str
                 ) -> Iterator[tuple[ox.NamedNode | ox.BlankNode | ox.DefaultGraph, list[ox.Quad]]
                                 | InputError]:
    """(graph, quads) for each run of consecutive quads in one graph, streaming.

    A syntax error ends the file: it comes last, as an InputError naming its line, and the
    run being read when it happened is dropped, so no graph is ever loaded half.
    """
    graph, run = None, []
    try:
        parsed = ox.parse(path=data, format=fmt) if isinstance(data, Path) else \
            ox.parse(data, format=fmt)
        for quad in parsed:
            if quad.graph_name != graph and run:
                yield graph, run
                run = []
            graph = quad.graph_name
            run.append(quad)
    except SyntaxError as exc:
        yield InputError(f"{fmt.name} syntax error: {_one_line(str(exc))}", source=source,
                         line=exc.lineno)
        return
    except OSError as exc:
        yield InputError(f"cannot read: {exc.strerror or exc}", source=source)
        return
    if run:
        yield graph, run


def sniff_dataset(data: bytes) -> ox.RdfFormat | None:
    """N-Quads or TriG by their first statement (for standard input, which has no name)."""
    for line in data[:65536].decode("utf-8", "replace").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if _TRIG_START.match(line):
            return ox.RdfFormat.TRIG
        return ox.RdfFormat.N_QUADS if _NQUADS_START.match(line) else None
    return None


def sparql_updates(writes: Sequence[GraphWrite], batch: int) -> Iterator[str]:
    """SPARQL updates of at most `batch` graphs each: every replaced graph dropped, then
    all quads inserted. A store applies one update atomically, so each graph is replaced
    whole or not at all."""
    drops: list[str] = []
    inserts: list[str] = []
    size = count = 0
    for write in writes:
        triples = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in write.quads)
        block = f"GRAPH {write.graph} {{\n{triples}}}"
        if count and (count >= batch or size + len(block) > MAX_UPDATE_BYTES):
            yield _update(drops, inserts)
            drops, inserts, size, count = [], [], 0, 0
        if write.replace:
            drops.append(f"DROP SILENT GRAPH {write.graph}")
        if write.quads:  # none: a removed article, only dropped
            inserts.append(block)
        size += len(block)
        count += 1
    if count:
        yield _update(drops, inserts)


def _update(drops: list[str], inserts: list[str]) -> str:
    body = "\n".join(inserts)
    return " ;\n".join([*drops, *([f"INSERT DATA {{\n{body}\n}}"] if inserts else [])]) + "\n"


class Loader:
    """Loads articles (records or article graphs read from N-Quads/TriG) into a GraphStore.

    Graphs are buffered and written `target.capacity` at a time; an article added twice
    before a write is written once, as last added. Use it as a context manager (or call
    close()) so the last graphs are written. Killed at any point, running the same load
    again ends with exactly the right graphs: every write replaces whole graphs.
    """

    def __init__(self, target: GraphStore, settings: Settings) -> None:
        self.target = target
        self.settings = settings
        self.articles = 0  # article graphs loaded (or buffered) so far
        self.removed = 0  # article graphs dropped
        self._pending: dict[str, GraphWrite] = {}
        self._records: dict[str, tuple[str, str, Article]] = {}  # kept with the next write
        self._described: set[bytes] = set()  # shared-node descriptions already sent

    def add(self, record: Article) -> None:
        """Replace the record's article graph (and add its shared nodes' statements)."""
        source = record["provenance"]["input"]
        quads = record_quads(record, self.settings)
        graph = ox.NamedNode(record["iri"])
        if any(q.graph_name != graph for q in quads):
            raise InputError(f"the nquads writer put statements outside <{graph.value}>; "
                             "please report this input", source=source)
        writes = split_graph(graph, quads, source)
        if hasattr(self.target, "keep_records"):
            self._records.pop(graph.value, None)
            self._records[graph.value] = (
                graph.value, graph_digest(graph.value, writes[0].quads), record)
        self._queue(writes)

    def add_dataset(self, data: bytes | Path, fmt: ox.RdfFormat, source: str
                    ) -> Iterator[InputError | str]:
        """Load every named graph of an N-Quads/TriG file as an article graph.

        Yields each graph's IRI as it is loaded and an InputError per graph refused (the
        others go on). A graph that comes back later in the same file is added to, not
        replaced.
        """
        seen: set[str] = set()
        for run in dataset_runs(data, fmt, source):
            if isinstance(run, InputError):
                yield run
                continue
            graph, quads = run
            if not isinstance(graph, ox.NamedNode):
                where = "outside any named graph" if isinstance(graph, ox.DefaultGraph) \
                    else f"in the blank-node graph {graph}"
                yield InputError(f"{len(quads)} triple(s) {where} were not loaded: newsexport "
                                 "loads one named graph per article", source=source)
                continue
            try:
                writes = split_graph(graph, quads, source, graph.value not in seen)
            except InputError as exc:
                yield exc
                continue
            self._queue(writes)  # a StoreError here ends the load
            seen.add(graph.value)
            yield graph.value

    def remove(self, iri: str) -> None:
        """Drop an article's graph (one its publisher no longer has); absent, nothing."""
        self._pending.pop(iri, None)
        self._records.pop(iri, None)
        self._pending[iri] = GraphWrite(ox.NamedNode(iri), [], True)
        self.removed += 1
        if len(self._pending) >= self.target.capacity:
            self.flush()

    def _queue(self, writes: list[GraphWrite]) -> None:
        article, *shared = writes
        key = article.graph.value
        if article.replace or key not in self._pending:
            self._pending.pop(key, None)
            self._pending[key] = article
        else:
            self._pending[key].quads.extend(article.quads)
        if article.replace:
            self.articles += 1
        for write in shared:
            digest = _digest(write)
            if digest in self._described:
                continue
            self._described.add(digest)
            known = self._pending.setdefault(write.graph.value, GraphWrite(write.graph, [], False))
            known.quads.extend(write.quads)
        if len(self._pending) >= self.target.capacity:
            self.flush()

    def flush(self) -> None:
        if self._pending:
            writes = list(self._pending.values())
            self._pending.clear()
            self.target.write(writes)
        if self._records:  # after the graphs: a record is used only if its graph matches
            rows = list(self._records.values())
            self._records.clear()
            self.target.keep_records(rows)  # type: ignore[attr-defined]

    def close(self) -> None:
        try:
            self.flush()
        finally:
            self.target.close()

    def __enter__(self) -> Loader:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is None:
            self.close()
        else:  # what was written is whole graphs; the buffer is dropped, a rerun loads it
            self.target.close()


def _digest(write: GraphWrite) -> bytes:
    lines = sorted(f"{q.predicate} {q.object}" for q in write.quads)
    return hashlib.sha256("\n".join([str(write.graph), *lines]).encode()).digest()


class EmbeddedStore:
    """An on-disk Oxigraph store, opened by one process at a time (Oxigraph locks it).

    Article graphs go through SPARQL updates (atomic per batch); when a flush brings at
    least BULK_MIN article graphs the store does not hold yet, those and the shared
    nodes' statements go through Oxigraph's bulk loader, which is much faster but not
    transactional. Only graphs that were absent go that way, so a bulk load cut short
    leaves graphs that the next load replaces whole.
    """

    def __init__(self, directory: Path, *, create: bool = True, bulk: bool = True,
                 batch: int = DEFAULT_BATCH) -> None:
        self.directory = directory
        self.batch = batch
        self.bulk = bulk
        self.capacity = max(batch, BULK_BUFFER) if bulk else batch
        self._store: ox.Store | None = _open(directory, create)
        self._records: RecordSidecar | None = None

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise ValueError("the store is closed")
        return self._store

    def write(self, writes: Sequence[GraphWrite]) -> None:
        updates = list(writes)
        if self.bulk:
            present = [w for w in writes
                       if w.replace and self.store.contains_named_graph(w.graph)]
            if sum(w.replace for w in writes) - len(present) >= BULK_MIN:
                updates, keep = present, {id(w) for w in present}
                try:
                    self.store.bulk_extend(
                        q for w in writes if id(w) not in keep for q in w.quads)
                except OSError as exc:
                    raise StoreError(f"cannot write: {_one_line(str(exc))}",
                                     source=str(self.directory)) from None
        try:
            for update in sparql_updates(updates, self.batch):
                self.store.update(update)
        except OSError as exc:
            raise StoreError(f"cannot write: {_one_line(str(exc))}",
                             source=str(self.directory)) from None

    def keep_records(self, rows: Sequence[tuple[str, str, Article]]) -> None:
        """Keep (article IRI, graph digest, record) rows beside the graphs (see
        :mod:`exporter.record_sidecar`)."""
        try:
            if self._records is None:
                self._records = RecordSidecar(self.directory, writable=True)
            self._records.put(rows)
        except sqlite3.Error as exc:
            raise StoreError(f"cannot write the records file: {exc}",
                             source=str(self.directory)) from None

    def query(self, text: str) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        """Run a SPARQL query over the union of all graphs (the default graph holds none)."""
        try:
            return self.store.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            reason = _one_line(str(exc)).removeprefix("error ")
            raise InputError(f"SPARQL syntax error {reason}") from None

    def close(self) -> None:
        """Write everything to disk and release the lock (once nothing else holds the store,
        such as query results still being read)."""
        if self._records is not None:
            self._records.close()
            self._records = None
        if self._store is not None:
            self._store.flush()
            self._store = None


def _open(directory: Path, create: bool) -> ox.Store:
    """The store in `directory`, refusing a directory that holds something else."""
    where = str(directory)
    if not directory.is_dir():
        if not create:
            raise InputError("no store here; load articles first "
                             "(newsexport load INPUT --store DIR)", source=where)
    elif any(directory.iterdir()) and not (directory / "CURRENT").is_file():
        raise InputError("this directory holds other files, not an Oxigraph store; "
                         "choose a new or empty directory", source=where)
    try:
        return ox.Store(where)
    except OSError as exc:
        if _LOCKED.search(str(exc)):
            raise InputError("the store is in use by another process (a load, a query or an "
                             "Oxigraph server); wait for it to finish", source=where) from None
        raise InputError(f"cannot open the store: {_one_line(str(exc))}", source=where) from None


def _one_line(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def open_loader(settings: Settings, *, store: Path | None = None, endpoint: str | None = None,
                batch: int = DEFAULT_BATCH, bulk: bool = True,
                credentials: Credentials | None = None, timeout: float = 60.0,
                retries: int = 4) -> Loader:
    """A Loader into the embedded store `store` (default ./newsexport-store) or, given
    `endpoint`, into a server (see :class:`exporter.remote.RemoteStore`)."""
    if endpoint is not None:
        from .remote import RemoteStore  # only remote loads pay for the HTTP machinery
        return Loader(RemoteStore(endpoint, batch=batch, credentials=credentials,
                                  timeout=timeout, retries=retries), settings)
    return Loader(EmbeddedStore(store or DEFAULT_STORE, bulk=bulk, batch=batch), settings)


def load_records(records: Iterable[Article], settings: Settings, *,
                 store: Path | None = None, endpoint: str | None = None) -> int:
    """Load `records` into a store or a server (see open_loader); the articles loaded."""
    with open_loader(settings, store=store, endpoint=endpoint) as loader:
        for record in records:
            loader.add(record)
        return loader.articles
