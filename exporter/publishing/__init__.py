"""Batch export: every input in every format into one folder, in parallel, incrementally.

The one entry point is :func:`run` (``newsexport publish``, and ``export -o DIR``).

How a run stays correct when it is interrupted (Ctrl-C, SIGTERM, kill -9):

- Every file is written to a temporary name and renamed (:mod:`exporter.atomic`);
  workers stage an input's documents, and the main process renames them into place
  in input order, so the output does not depend on the number of jobs. On a first
  run with a process pool, workers place the files of the article ids they claim
  first, and the main process only settles the rare id two inputs raced for (:mod:`.claims`).
  A run stopped by Ctrl-C removes its staging folder once its workers are gone; a second
  Ctrl-C, which cuts the wait for them short, leaves it to the next run (:mod:`.claims`).
- After an input's files are in place, its manifest row is appended to
  ``.newsexport/journal.jsonl``: a crash never marks unfinished work done. The next
  run reads the manifest, then the journal, skips what both say is finished and
  unchanged, and redoes the rest.
- Bundles and feeds are assembled at the end from the part files (:mod:`.parts`) of
  every input, in input order (bundle shards by the pool's workers, see :mod:`.shards`),
  then the manifest is replaced; only then is the journal removed. A run with nothing
  to do rebuilds neither.
- Files are not fsynced one by one (that cost more than the rendering): everything a
  run wrote is flushed at once (``os.sync``) before the manifest is replaced, durably,
  so a finished run survives a power loss. A process that dies keeps what it wrote in
  the page cache, but a machine that crashes may lose it: the journal is trusted only
  by a run on the same boot of the machine (Linux's boot id); after a restart every
  input is redone and every batch file rebuilt, as ``--force`` would.

An input is skipped when its SHA-256, the options (settings, formats, newsexport's
version) and its outputs are unchanged. A changed input replaces its outputs and
removes those of the articles it no longer has. When two inputs hold the same
article id (the same source, day and headline), the first in input order keeps it
and the other's copy is left out with a warning, as ``--jobs 1`` would.
"""

from __future__ import annotations

import contextlib
import dataclasses
import fcntl
import hashlib
import json
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from .. import __version__
from ..atomic import atomic_writer, write_atomic
from ..errors import InputError
from ..inputs import discover
from ..record import RECORD_VERSION
from ..settings import Settings
from ..writers import Format
from . import claims, layout
from .assemble import assemble
from .index import Index, Row, dump
from .parts import read_part, write_part
from .shards import build, plan, with_shards
from .work import (
    IN_FLIGHT,
    Context,
    Pool,
    Result,
    Task,
    local_pool,
    results,
    staged,
    warnings_to,
    work,
)

__all__ = ["Plan", "Reporter", "Summary", "run", "warnings_to"]


class Reporter(Protocol):
    """Where a run's messages go (the command line prints them)."""

    def error(self, line: str) -> None: ...
    def warning(self, message: str) -> None: ...
    def advance(self) -> None: ...


@dataclass(frozen=True)
class Plan:
    out: Path
    formats: tuple[Format, ...]
    settings: Settings
    jobs: int = 1
    incremental: bool = True  # publish: manifest and skipping; export -o: neither
    force: bool = False
    fail_fast: bool = False
    debug: bool = False
    scheduler: str | None = None  # a Dask cluster instead of --jobs (see .cluster)
    chunk: int | None = None  # inputs per task (default: the pool's)
    shards: int = 0  # bundles as this many shards, assembled in parallel (0: one file each)


@dataclass
class Summary:
    inputs: int = 0
    unchanged: int = 0
    articles: int = 0
    failed: int = 0  # inputs with an error
    errors: int = 0  # error lines, feeds included
    stopped: bool = False  # --fail-fast stopped the batch
    seconds: float = 0.0
    formats: int = 0  # formats written


def options_digest(settings: Settings, formats: Iterable[Format], batch: bool = False,
                   shards: int = 0) -> str:
    """What an input's outputs depend on besides its bytes (`batch`: the batch files'
    too, which the feeds' settings and the number of bundle shards change)."""
    options = dataclasses.asdict(settings)
    if not batch:
        del options["feed"]  # only the batch files depend on [feed]
    elif shards:
        options["shards"] = shards
    options.update(newsexport=__version__, record_version=RECORD_VERSION,
                   formats=[f.name for f in formats])
    text = json.dumps(options, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def run(arguments: Iterable[str], plan: Plan, reporter: Reporter) -> Summary:
    """Export every input named by `arguments` into `plan.out` (see the module notes)."""
    started = time.perf_counter()
    plan.out.mkdir(parents=True, exist_ok=True)
    for name in [layout.STATE, *(f.name for f in plan.formats)]:
        if (plan.out / name).is_symlink():  # what is written there would land elsewhere
            raise InputError(f"{name} is a symbolic link; newsexport writes only inside the "
                             "output folder: remove the link", source=str(plan.out))
    if plan.incremental:
        state = plan.out / layout.STATE
        state.mkdir(exist_ok=True)
    else:
        state = Path(tempfile.mkdtemp(prefix=".newsexport-", dir=plan.out))
    try:
        with _locked(state / "lock"):
            summary = _Run(plan, state, reporter).go(arguments)
    finally:
        if not plan.incremental:
            shutil.rmtree(state, ignore_errors=True)
    summary.seconds = time.perf_counter() - started
    summary.formats = len(plan.formats)
    return summary


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """One run per output folder. A POSIX lock, so that workers do not inherit it."""
    with path.open("a") as handle:
        try:
            fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            raise InputError("another newsexport run is writing here; wait for it to end",
                             source=str(path.parent.parent)) from None
        yield


class _Run:
    def __init__(self, plan: Plan, state: Path, reporter: Reporter) -> None:
        self.plan, self.state, self.reporter = plan, state, reporter
        self.out = plan.out
        self.stage = state / f"stage-{os.getpid()}"
        self.journal_path = state / "journal.jsonl"
        self.parts = state / "parts"
        self.parts_name = self.parts.relative_to(self.out).as_posix()  # as outputs are named
        self.options = options_digest(plan.settings, plan.formats)
        self.summary = Summary()
        self.resumed = False
        self.folders: set[Path] = set()
        self.context = Context(plan.settings, tuple(f.name for f in plan.formats), self.out,
                               self.stage, plan.debug)
        self.redo: dict[int, Task] = {}  # inputs that left an article out last run, by seq
        self.previous: dict[int, Row | None] = {}  # the last run's row of each input in flight
        # Ids a later input's worker placed first, by id: (earlier input's seq, its names)
        self.waiting: dict[str, tuple[int, list[str]]] = {}

    def go(self, arguments: Iterable[str]) -> Summary:
        arguments = list(arguments)
        self.resumed = self.journal_path.exists()  # the last run was interrupted
        if self.resumed:
            _remove_temporaries(self.out)
            if not _begun(self.journal_path):  # killed before its first input: no work lost
                self.journal_path.unlink()
            elif not _written_this_boot(self.journal_path):
                # By a machine crash: any file that run wrote may be lost, including ones
                # the manifest lists and batch files it had begun to rebuild; redo all.
                self.reporter.warning("the last run here was cut short by a machine restart: "
                                      "every input is redone")
                self.journal_path.unlink()
                (self.state / "batch").unlink(missing_ok=True)
                self.plan = dataclasses.replace(self.plan, force=True)
        for path in self.state.glob("index-*.sqlite"):  # of runs that were killed
            path.unlink(missing_ok=True)
        index = Index(self.state / f"index-{os.getpid()}.sqlite")
        finished = False
        try:
            index.load(self.out / layout.MANIFEST)
            index.load(self.journal_path)
            self._remove_stale_stages(index)
            self.stage.mkdir()
            if self.plan.scheduler is None and self.plan.jobs > 1 and not index.has_old():
                self._let_workers_place()
            with self._pool(arguments) as pool, \
                    self.journal_path.open("a", encoding="utf-8") as journal, \
                    contextlib.closing(results(self._tasks(arguments, index), self.context,
                                               pool)) as done:
                if journal.tell() == 0:  # on disk before any input is done (see _begun)
                    journal.write(json.dumps({"boot": _boot_id()}) + "\n")
                    journal.flush()
                    os.fsync(journal.fileno())
                for result in done:
                    row = self._place(result, index)
                    text = dump(row)
                    journal.write(text + "\n")
                    journal.flush()
                    index.finish(result.seq, row["path"], text)
                    self.reporter.advance()
                    if row["errors"] and self.plan.fail_fast:
                        self.summary.stopped = True
                        return self.summary
                self._finish(index, pool)  # shards are assembled by the pool
                finished = True
        finally:
            # export -o DIR's state folder goes with the run: wait for the workers there
            with claims.workers_gone(self.stage, wait=not self.plan.incremental) as gone:
                if gone and not finished and self.context.claims is not None:
                    claims.undo(self.out, self.context.claims,
                                lambda article_id, holder: holder == claims.digest(
                                    index.owner(article_id) or ""))
                if gone:  # else a second Ctrl-C: left to the next run, which waits for them
                    shutil.rmtree(self.stage, ignore_errors=True)
            index.close()
        return self.summary

    def _let_workers_place(self) -> None:
        """A first run with a process pool: workers place the files of the ids they claim,
        where the folder's filesystem has symbolic links and locks (not FAT or some network
        mounts: there the main process places every file, as on later runs)."""
        folder = self.stage / "claims"
        folder.mkdir()
        if not claims.supported(folder):
            return
        for fmt in self.plan.formats:  # the workers' renames need their folders
            if fmt.render:
                (self.out / fmt.name).mkdir(exist_ok=True)
                self.folders.add(self.out / fmt.name)
        self.context = dataclasses.replace(self.context, claims=folder)

    def _remove_stale_stages(self, index: Index) -> None:
        """Staging folders of runs that were killed, and the files their workers placed
        for ids the journal does not give to the input that placed them (see .claims)."""
        stale = list(self.state.glob("stage-*"))
        if any((stage / "claims").is_dir() for stage in stale):
            holders = {article_id: claims.digest(row["path"])
                       for row in index.old_rows() for article_id in row["articles"]}
        for stage in stale:
            claims.wait_for_workers(stage)  # a run stopped twice may have left them working
            if (stage / "claims").is_dir():
                claims.undo(self.out, stage / "claims",
                            lambda article_id, holder: holders.get(article_id) == holder)
            shutil.rmtree(stage, ignore_errors=True)

    def _pool(self, arguments: list[str]) -> contextlib.AbstractContextManager[Pool | None]:
        if self.plan.scheduler is None:
            return local_pool(self.context, self.plan.jobs, self.plan.chunk)
        from .cluster import cluster_pool  # Dask is an optional extra

        return cluster_pool(self.plan.scheduler, self.context, arguments, self.plan.chunk)

    def _tasks(self, arguments: Iterable[str], index: Index) -> Iterator[Task]:
        for seq, item in enumerate(discover(list(arguments))):
            if not index.first_visit(item.display):
                continue
            data = item.read_bytes() if item.path is None else None  # stdin: read here, once
            old = self.previous[seq] = index.previous(item.display)
            if self.plan.force:
                old = None
            if old and old["options"] == self.options and old["sha256"]:
                expect = tuple(old["outputs"]) + ((f"{self.parts_name}/"
                                                   f"{claims.digest(item.display)}.part",)
                                                  if old["articles"] else ())
                if old["duplicates"]:  # may have to be done after all (see _place)
                    self.redo[seq] = Task(seq, item, data)
                yield Task(seq, item, data, old["sha256"], expect)
            else:
                yield Task(seq, item, data)

    def _part(self, path: str) -> Path:
        """The part file of the input at `path` (see .parts), named by a hash of the path."""
        return self.parts / f"{claims.digest(path)}.part"

    def _place(self, result: Result, index: Index) -> Row:
        """Move one input's files into place (in input order) and return its row."""
        old = self.previous.pop(result.seq)
        redo = self.redo.pop(result.seq, None)
        if result.skipped and redo is not None and not self._still_left_out(old, index):
            result = work(redo, self.context)  # an article it left out is its own now
        for message in result.warnings:
            self.reporter.warning(message)
        part = self._part(result.path)
        if result.skipped and old is not None:
            self.summary.unchanged += 1
            row = self._unchanged(old, index, part)
        else:
            row = self._changed(result, old, index, part)
        for article_id in row["duplicates"]:
            self.reporter.warning(f"{result.path}: article {article_id} is also in an earlier "
                                  "input; this copy is left out")
        for line in row["errors"]:
            self.reporter.error(line)
        self.summary.inputs += 1
        self.summary.articles += len(row["articles"])
        self.summary.failed += bool(row["errors"])
        self.summary.errors += len(row["errors"])
        return row

    def _still_left_out(self, old: Row, index: Index) -> bool:
        """Whether an unchanged input that left articles out last run would leave out the
        same ones now: earlier inputs (all placed by now) still have them, and none of
        the articles it kept (whose order among the left-out ones is not kept)."""
        return all(map(index.owned, old["duplicates"])) and \
            not any(map(index.owned, old["articles"]))

    def _unchanged(self, row: Row, index: Index, part: Path) -> Row:
        """The last run's row, less the articles an input earlier in the order now has."""
        kept, duplicates = self._claim(index, row["path"], row["articles"])
        if not duplicates:
            return row
        if kept:
            write_part(part, read_part(part).keep(set(kept)))
        else:
            part.unlink()
        return {**row, "articles": kept, "duplicates": duplicates,
                "outputs": [name for name in row["outputs"] if _article_of(name) in kept]}

    def _changed(self, result: Result, old: Row | None, index: Index, part: Path) -> Row:
        kept, duplicates = self._claim(index, result.path, result.ids)
        placed = set(result.placed)
        outputs = []
        for article_id in result.ids:
            names = [name for name in (layout.article_file(fmt, article_id)
                                       for fmt in self.plan.formats if fmt.render)
                     if name not in result.missing]
            if article_id in placed:  # by its worker, which claimed it first (see .claims)
                if article_id in duplicates:  # before the earlier input that owns it
                    self._hand_back(index, article_id, names)
                else:
                    outputs += names
            elif article_id in duplicates:
                for name in names:
                    staged(self.stage, result.seq, name).unlink()
            elif self.context.claims is not None:  # a later input placed it: replaced when
                self.waiting[article_id] = (result.seq, names)  # that one comes
                outputs += names
            else:
                for name in names:
                    os.replace(staged(self.stage, result.seq, name), self._ready(self.out / name))
                outputs += names
        source = staged(self.stage, result.seq, "part")
        if kept and not duplicates:
            os.replace(source, self._ready(part))
        else:
            if kept:
                write_part(part, read_part(source).keep(set(kept)))
            else:
                part.unlink(missing_ok=True)
            source.unlink(missing_ok=True)  # not moved: the staging folder stays small
        if old:
            self._remove_outputs(index, set(old["outputs"]) - set(outputs))
        return {"path": result.path, "sha256": result.sha256, "options": self.options,
                "status": "error" if result.errors else "ok", "articles": kept,
                "duplicates": duplicates, "outputs": outputs, "errors": result.errors}

    def _hand_back(self, index: Index, article_id: str, names: list[str]) -> None:
        """The files of an earlier input, in place of those a later input's worker placed
        for the same id (all in by now: that worker has returned)."""
        seq, kept = self.waiting.pop(article_id)
        assert self.context.claims is not None
        for name in kept:
            os.replace(staged(self.stage, seq, name), self.out / name)
        for name in set(names) - set(kept):
            (self.out / name).unlink(missing_ok=True)
        claims.hand_over(self.context.claims, article_id, index.owner(article_id) or "")

    def _ready(self, path: Path) -> Path:
        """`path`, once its folder exists: made once per run, as a mkdir for every file
        moved was a twentieth of the main process's work."""
        if path.parent not in self.folders:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(path.parent)
        return path

    def _claim(self, index: Index, path: str, ids: list[str]) -> tuple[list[str], list[str]]:
        """(ids this input keeps, ids an earlier input has) in order."""
        kept, duplicates = [], []
        for article_id in ids:
            (duplicates if index.claim(article_id, path) else kept).append(article_id)
        return kept, duplicates

    def _remove_outputs(self, index: Index, names: Iterable[str]) -> None:
        """Delete files of articles no input of this run has claimed (so far)."""
        for name in names:
            if not index.owned(_article_of(name)):
                (self.out / name).unlink(missing_ok=True)

    def _finish(self, index: Index, pool: Pool | None) -> None:
        """Remove what vanished inputs left, assemble the batch files, replace the manifest."""
        for row in index.vanished():
            self._remove_outputs(index, row["outputs"])
            (self._part(row["path"])).unlink(missing_ok=True)
        manifest = self.out / layout.MANIFEST
        marker = self.state / "batch"
        shards = self.plan.shards
        batch = options_digest(self.plan.settings, self.plan.formats, batch=True, shards=shards)
        total = self.summary.articles  # every row of the run is placed by now

        def rows() -> Iterator[Row]:
            return with_shards(index.rows(), total, shards)

        same_rows = _digest(manifest) == _digest_lines(dump(row) for row in rows())
        # The marker: the batch digest, then each batch file the batch has no document for.
        digest, *absent = marker.read_text().split("\n") if marker.is_file() else [None]
        current = self.plan.incremental and not self.plan.force and same_rows and \
            digest == batch and all((self.out / name).is_file() or name in absent
                                    for name in layout.batch_files(self.plan.formats, shards))
        if not current:
            with ThreadPoolExecutor(1) as driver:  # the shards, while the feeds are written
                built = driver.submit(self._shards, index.rows_for_another_thread(), total,
                                      pool)
                parts = (self._part(row["path"]) for row in index.rows()
                         if row["articles"])
                feed_errors, absent = [], []
                if not shards or any(f.feed for f in self.plan.formats):
                    with warnings_to(self.reporter.warning):
                        feed_errors, absent = assemble(self.out, self.plan.formats,
                                                       self.plan.settings, parts,
                                                       bundles=not shards)
                built.result()
            for line in feed_errors:
                self.reporter.error(line)
            self.summary.errors += len(feed_errors)
        if self.plan.incremental and not current:
            write_atomic(marker, "\n".join([batch, *absent]).encode(), durable=False)
        if self.resumed or not (current and self.summary.unchanged == self.summary.inputs):
            os.sync()  # every file this run (or the one it resumes) wrote is on disk
            #            before the manifest says so (os.sync waits for it on Linux)
        if self.plan.incremental and not same_rows:
            with atomic_writer(manifest) as handle:
                handle.writelines((dump(row) + "\n").encode() for row in rows())
        self.journal_path.unlink(missing_ok=True)

    def _shards(self, rows: Iterable[Row], total: int, pool: Pool | None) -> None:
        """Every bundle shard not current, by the pool's workers (see .shards); with one
        file per bundle (assembled with the feeds), only the shards an earlier run left."""
        count = self.plan.shards
        planned = plan(rows, lambda path: self._part(path).absolute(), total, count,
                       self.stage.absolute()) if count else ()
        build(self.out.absolute(), self.state, self.plan.formats, self.plan.settings, planned,
              count, self.plan.force, pool.call if pool else None,
              IN_FLIGHT * pool.slots() if pool else 1)


def _digest_lines(lines: Iterable[str]) -> str:
    digest = hashlib.sha256()
    for line in lines:
        digest.update((line + "\n").encode())
    return digest.hexdigest()


def _digest(path: Path) -> str | None:
    try:
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except FileNotFoundError:
        return None


def _article_of(name: str) -> str:
    """The article id in an output name (``jsonld/<id>.jsonld``)."""
    return name.rsplit("/", 1)[-1].split(".", 1)[0]


def _boot_id() -> str | None:
    """This boot of the machine (Linux; None elsewhere, where every journal is trusted)."""
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return None


def _begun(journal: Path) -> bool:
    """Whether the journal's header line is whole: it is written (durably) before any input
    is done, so a journal without it is one of a run killed before doing anything."""
    with journal.open("rb") as lines:
        return lines.readline().endswith(b"\n")


def _written_this_boot(journal: Path) -> bool:
    """Whether `journal` was begun (its first line) since the machine last started."""
    with journal.open(encoding="utf-8", errors="replace") as lines:
        first = lines.readline()
    try:
        header = json.loads(first)
    except ValueError:
        return False
    return isinstance(header, dict) and "boot" in header and header["boot"] == _boot_id()


def _remove_temporaries(out: Path) -> None:
    """Temporary files an interrupted run left (``.name.XXXX.tmp``, see exporter.atomic)."""
    for folder, _dirs, files in os.walk(out):
        for name in files:
            if name.startswith(".") and name.endswith(".tmp"):
                Path(folder, name).unlink(missing_ok=True)


