"""The per-input work of a batch, run in worker processes (or inline with one job).

A worker reads one input, renders each article in every format into a staging
folder, and returns only names and messages: the main process moves the files into
place in input order, so the result does not depend on which worker finished first
(on a first run with several jobs, workers move the files of the ids they claim
themselves, see .claims).
A staged file is moved only once it is whole (by the main process once its worker has
returned, or by the worker that just wrote it), and a killed run's staging folder is
removed by the next run, so staged files need no atomic write of their own
(but on a cluster, which may run a chunk twice at once: see .cluster).
Tasks go to the pool in chunks (one task per input would spend more time in
inter-process messages than in rendering), with a bounded number of chunks in
flight, so neither the inputs nor the results are ever all in memory.
"""

from __future__ import annotations

import contextlib
import functools
import itertools
import os
import signal
import threading
import time
import traceback
import warnings
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import jsontext, writers
from ..atomic import write_atomic, write_private
from ..errors import InputError
from ..inputs import Input, sha256
from ..pipeline import read_input
from ..record import Article
from ..settings import Settings
from . import claims, layout
from .parts import KEYS, RECORD, Part, entry, write_part

CHUNK = 16  # inputs per task sent to a worker
IN_FLIGHT = 3  # chunks queued per worker


@dataclass(frozen=True)
class Context:
    """What every worker needs, sent once when the pool starts."""

    settings: Settings
    format_names: tuple[str, ...]
    out: Path
    stage: Path
    debug: bool = False
    retried: bool = False  # a cluster may run a chunk twice at once (see .cluster)
    claims: Path | None = None  # workers claim ids here and place their files (see .claims)

    @property
    def formats(self) -> tuple[writers.Format, ...]:
        return tuple(writers.get(name) for name in self.format_names)


@dataclass(frozen=True)
class Task:
    seq: int
    input: Input
    data: bytes | None = None  # standard input, read by the main process
    unchanged_if: str | None = None  # the last run's SHA-256 of this input
    expect: tuple[str, ...] = ()  # and the files that must still be there to skip it


@dataclass
class Result:
    seq: int
    path: str
    sha256: str | None
    skipped: bool = False
    ids: list[str] = field(default_factory=list)  # rendered, documents staged
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    missing: set[str] = field(default_factory=set)  # documents a writer had none for (warned)
    placed: list[str] = field(default_factory=list)  # ids whose files the worker moved in


def staged(stage: Path, seq: int, name: str) -> Path:
    """Where a worker leaves file `name` (relative to the output) of input number `seq`."""
    return stage / f"{seq}-{name.replace('/', '-')}"


@contextlib.contextmanager
def warnings_to(sink: Callable[[str], None]) -> Iterator[None]:
    """Every UserWarning (what writers issue) goes to `sink` as its message, every time,
    threads included; library deprecation warnings stay hidden as usual."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", UserWarning)
        warnings.showwarning = lambda message, *_args, **_kwargs: sink(str(message))
        yield


_context: Context | None = None
_lock: int | None = None  # a pool worker's hold on the staging folder (see .claims)


def init(context: Context, parent: int | None = None) -> None:
    """The context of this process's tasks; `parent`: the pid of the main process that
    started this pool worker (given, not read here: a main process killed before the
    worker starts would leave it watching the pid of whoever adopted it)."""
    global _context, _lock
    _context = context
    if parent is not None:  # a pool worker: the main process alone handles Ctrl-C
        with contextlib.suppress(OSError):  # a filesystem without locks: see claims.supported
            _lock = claims.hold_while_working(context.stage)  # see claims.workers_gone
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        threading.Thread(target=_exit_with, args=(parent,), daemon=True).start()


def _exit_with(parent: int) -> None:
    """A worker whose main process was killed (kill -9) would wait for work forever."""
    while os.getppid() == parent:
        time.sleep(0.2)
    os._exit(1)


def work(task: Task, context: Context | None = None) -> Result:
    """One task, in a worker (its context from init()) or in the main process."""
    context = context or _context
    assert context is not None, "init() first"
    messages: list[str] = []
    with warnings_to(messages.append):
        result = _work(task, context)
    result.warnings = list(dict.fromkeys(messages))
    return result


def work_chunk(tasks: list[Task], context: Context | None = None) -> list[Result]:
    """A chunk of tasks: in a pool worker (`context` from init()), or on a Dask worker,
    which has no initializer, so the context comes with every chunk."""
    return [work(task, context) for task in tasks]


def _work(task: Task, ctx: Context) -> Result:
    item, data = task.input, task.data
    if task.unchanged_if and data is None:
        with contextlib.suppress(InputError):
            data = item.read_bytes()
        if data is not None and sha256(data) == task.unchanged_if and \
                all(map(os.path.exists, _under(ctx.out, task.expect))):
            return Result(task.seq, item.display, task.unchanged_if, skipped=True)
    outcome = read_input(item, ctx.settings, ctx.debug, data)
    result = Result(task.seq, item.display, outcome.sha256,
                    errors=[str(error) for error in outcome.errors])
    formats = ctx.formats
    part = Part(sections={f.name: [] for f in formats if f.bundle})
    if any(f.feed for f in formats):
        part.sections.update({RECORD: [], KEYS: []})
        part.sections.update({entry(f.name): [] for f in formats if f.render_entry})
    seen: set[str] = set()
    for record in outcome.records:
        if record["id"] in seen:
            warnings.warn(f"{item.display}: article {record['id']} occurs twice; "
                          "the second copy is left out", stacklevel=1)
            continue
        try:
            documents, items = render(record, formats, ctx.settings)
        except InputError as exc:
            result.errors.append(f"{item.display}: article {record['id']}: {exc}")
            continue
        except Exception as exc:  # a writer's bug must not stop the batch
            detail = traceback.format_exc() if ctx.debug else f"{type(exc).__name__}: {exc}"
            result.errors.append(f"{item.display}: article {record['id']}: internal error "
                                 f"({detail.strip()}); rerun with --debug and report it")
            continue
        for name, document in documents.items():  # private to this run until moved
            if document is None:
                result.missing.add(name)
            elif ctx.retried:  # whole, so two runs of a chunk never mix their bytes
                write_atomic(staged(ctx.stage, task.seq, name), document, durable=False)
            else:
                write_private(staged(ctx.stage, task.seq, name), document)
        if ctx.claims is not None and claims.claim(ctx.claims, record["id"], item.display):
            for name, document in documents.items():
                if document is not None:
                    os.replace(staged(ctx.stage, task.seq, name), ctx.out / name)
            result.placed.append(record["id"])
        seen.add(record["id"])
        part.ids.append(record["id"])
        for name, section in part.sections.items():
            if name == RECORD:
                section.append(jsontext.compact(record) + b"\n")
            elif name == KEYS:
                section.append(jsontext.compact({key: record[key] for key in writers.Kept.FIELDS}))
            else:
                section.append(items[name])
    result.ids = part.ids
    if part.ids:
        write_part(staged(ctx.stage, task.seq, "part"), part, atomic=ctx.retried)
    return result



def _under(folder: Path, names: Iterable[str]) -> Iterator[str]:
    """`names` (relative, with "/") as paths under `folder`: strings, as a rerun checks
    every file of every input, and a Path per file was a third of its time."""
    prefix = os.path.join(folder, "")
    return (prefix + name for name in names)


def render(record: Article, formats: Iterable[writers.Format], settings: Settings
           ) -> tuple[dict[str, bytes | None], dict[str, bytes]]:
    """(output name -> document, part section -> item) of one article: each bundle's item,
    each batch document's printed entry (see .parts); a document is None when its writer
    has none for this article (and warned why).

    A bundle whose item is the format's own document (N-Quads) reuses it.
    """
    documents, items = {}, {}
    for fmt in formats:
        if fmt.render_entry:
            document, items[entry(fmt.name)] = fmt.render_entry(record, settings)
        else:
            document = fmt.render(record, settings) if fmt.render else None
        if fmt.render:
            documents[layout.article_file(fmt, record["id"])] = document
        if fmt.bundle:
            items[fmt.name] = document if fmt.bundle.item is fmt.render \
                else fmt.bundle.item(record, settings)
    return documents, items


@dataclass(frozen=True)
class Pool:
    """Where chunks of tasks run: a local process pool, or a Dask cluster (.cluster)."""

    submit: Callable[[list[Task]], Future[list[Result]]]
    slots: Callable[[], int]  # chunks that run at once (now: a cluster's workers come and go)
    chunk: int = CHUNK  # inputs per chunk
    isolate: bool = False  # a chunk that raised is run again input by input (see _outcome)
    call: Callable[..., Future[Any]] | None = None  # any function on a worker (bundle shards)


@contextlib.contextmanager
def local_pool(context: Context, jobs: int, chunk: int | None = None
               ) -> Iterator[Pool | None]:
    """A process pool of `jobs` workers; None (run inline) for one job."""
    if jobs <= 1:
        yield None
        return
    with ProcessPoolExecutor(jobs, initializer=init,
                             initargs=(context, os.getpid())) as executor:
        yield Pool(functools.partial(executor.submit, work_chunk), lambda: jobs, chunk or CHUNK,
                   call=executor.submit)


def results(tasks: Iterable[Task], context: Context, pool: Pool | None) -> Iterator[Result]:
    """The result of every task, in the order of `tasks`, wherever they run."""
    if pool is None:
        init(context)
        yield from map(work, tasks)
        return
    remaining = iter(tasks)
    chunks = iter(lambda: list(itertools.islice(remaining, pool.chunk)), [])
    pending: deque[tuple[list[Task], Future[list[Result]]]] = deque()
    try:
        for chunk in chunks:
            pending.append((chunk, pool.submit(chunk)))
            if len(pending) >= IN_FLIGHT * pool.slots():
                yield from _outcome(pool, *pending.popleft())
        while pending:
            yield from _outcome(pool, *pending.popleft())
    finally:
        for _chunk, future in pending:
            future.cancel()


def _outcome(pool: Pool, chunk: list[Task], future: Future[list[Result]]) -> list[Result]:
    """A chunk's results. On a cluster, a chunk that raised (a worker killed by one input
    too often, a bug) is run again one input per task, so that only the input that fails
    alone gets an error row; a cancelled chunk (the client lost the scheduler) ends the run."""
    if not pool.isolate:
        return future.result()
    try:
        return future.result()
    except CancelledError:
        raise
    except Exception:
        alone = [(task, pool.submit([task])) for task in chunk]
    outcome = []
    for task, single in alone:
        try:
            outcome += single.result()
        except CancelledError:
            raise
        except Exception as exc:
            outcome.append(Result(task.seq, task.input.display, None,
                                  errors=[f"{task.input.display}: failed on the cluster "
                                          f"({type(exc).__name__}: {exc})"]))
    return outcome
