"""SPARQL queries on the embedded store, evaluated in worker processes that can be killed.

Oxigraph cannot interrupt a query it is evaluating: an aggregate over a cross product
would compute for hours before its first result, whatever the caller's deadline. So the
endpoint's queries run in separate processes, each holding its own read-only view of
the store (the server's shared lock keeps writers away from all of them); a query past
its time limit is answered 503 and its process killed and replaced. At most `size`
queries run at a time; the others wait for a free worker, within their own time limit.
"""

from __future__ import annotations

import multiprocessing
import queue
import time
from multiprocessing.connection import Connection
from pathlib import Path

from . import sparql
from .source import Result

START_TIMEOUT = 60.0  # seconds for a new worker to open the store


class _ReadOnly:
    """The store as a worker reads it (no lock of its own: the server holds one)."""

    modified = None

    def __init__(self, directory: str) -> None:
        import pyoxigraph as ox
        self.name = directory
        self.store = ox.Store.read_only(directory)

    def query(self, text: str) -> Result:
        return self.store.query(text, use_default_graph_as_union=True)

    def close(self) -> None:
        """Nothing to release."""


def _main(directory: str, base: str, conn: Connection) -> None:
    """A worker: answer (query, accept, timeout, limit) requests until the pipe closes."""
    source = _ReadOnly(directory)
    conn.send("ready")
    while True:
        try:
            text, accept, timeout, limit = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer = sparql.run(source, text, accept, timeout=timeout, limit=limit, base=base)
            conn.send(("ok", answer.media_type, answer.body))
        except sparql.Refused as exc:
            conn.send(("refused", exc.status, exc.reason, exc.headers))


class _Worker:
    def __init__(self, directory: str, base: str) -> None:
        context = multiprocessing.get_context("spawn")  # no fork of a threaded server
        self.conn, child = context.Pipe()
        self.process = context.Process(target=_main, args=(directory, base, child), daemon=True,
                                       name="newsexport-sparql")
        self.process.start()
        child.close()
        if not self.conn.poll(START_TIMEOUT) or self.conn.recv() != "ready":
            self.kill()
            raise OSError("a SPARQL worker could not open the store")

    def kill(self) -> None:
        self.process.kill()
        self.process.join(5)
        self.conn.close()


class WorkerPool:
    """`size` worker processes over the store in `directory`, started when first needed
    (`base`: see :func:`.sparql.run`)."""

    def __init__(self, directory: Path, size: int, base: str = "") -> None:
        self.directory = str(directory)
        self.base = base
        self.idle: queue.LifoQueue[_Worker | None] = queue.LifoQueue()
        for _ in range(size):
            self.idle.put(None)  # a slot whose worker is not started yet

    def run(self, text: str, accept: str | None, *, timeout: float,
            limit: int) -> sparql.Answer:
        """The answer, or Refused: 503 past `timeout` (waiting for a free worker and
        evaluating count; starting a new worker does not)."""
        late = sparql.Refused(503, f"the query ran longer than the limit of {timeout:g} s; "
                              "narrow it or add a LIMIT", {"Retry-After": "10"})
        began = time.monotonic()
        try:
            worker = self.idle.get(timeout=timeout)
        except queue.Empty:
            raise late from None
        try:
            if worker is None:
                worker = _Worker(self.directory, self.base)
                began = time.monotonic()  # a new worker's start-up is not the query's time
            worker.conn.send((text, accept, timeout, limit))
            if not worker.conn.poll(max(began + timeout - time.monotonic(), 0.0)):
                worker.kill()
                worker = None
                raise late
            reply = worker.conn.recv()
        except (EOFError, OSError):  # the worker died (out of memory?): a new one next time
            if worker is not None:
                worker.kill()
            worker = None
            raise sparql.Refused(500, "the query's worker process failed") from None
        finally:
            self.idle.put(worker)
        if reply[0] == "refused":
            raise sparql.Refused(*reply[1:])
        return sparql.Answer(reply[1], reply[2])

    def close(self) -> None:
        while True:
            try:
                worker = self.idle.get_nowait()
            except queue.Empty:
                return
            if worker is not None:
                worker.kill()
