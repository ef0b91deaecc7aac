"""Workers that move an article's files into place themselves (``--jobs N`` on a first run).

The main process moving every article's files into place in input order was most of its
work, and two worker processes waited for it. Now, on a run into a folder with no earlier
rows, a worker *claims* each article id it rendered, by making a symbolic link
``claims/<id>`` whose target names its input (a digest of the input's path): creating a
link fails when the name exists, on every POSIX filesystem and atomically, so exactly one
input holds each id. The holder moves the id's files into place at once; the others leave
theirs staged, and the main process, which still settles who owns an id in input order,
decides:

- the usual case, the first input in input order holds its ids: nothing is left to do;
- an earlier input lost the race to a later one (the same article in two inputs, in chunks
  that ran at once): the later input's files may still be landing, so the earlier input's
  staged copy replaces them when the main process reaches the later input (its worker has
  returned by then), and the claim is handed over (:func:`hand_over`).

So the output is the one ``--jobs 1`` writes. Files placed ahead of the journal are what a
crash must not leave behind: a run that stops early, and the next run for a run that was
killed, remove the files of every claim whose holder is not the journaled owner of the id
(:func:`undo`); the inputs are then redone. Every pool worker holds a shared lock on
``workers.lock`` until it exits, so the next run waits for a killed run's workers
(:func:`wait_for_workers`) before it looks, and a run stopped by Ctrl-C removes its staging
folder only once its workers are gone (:func:`workers_gone`): a second Ctrl-C, which cuts
the pool's wait for them short, leaves the folder to the next run.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

from .. import writers
from . import layout

LOCK = "workers.lock"


def digest(path: str) -> str:
    """A fixed-length name for the input at `path` (also its part file's name, see .parts)."""
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:32]


def supported(folder: Path) -> bool:
    """Whether `folder` takes what claims need: a symbolic link and a shared lock."""
    probe = folder / ".probe"
    try:
        os.symlink("probe", probe)
        probe.unlink()
        os.close(hold_while_working(folder.parent))
    except OSError:
        return False
    return True


def claim(folder: Path, article_id: str, path: str) -> bool:
    """Whether the input at `path` is the first to claim `article_id` in this run."""
    try:
        os.symlink(digest(path), folder / article_id)
    except FileExistsError:
        return False
    return True


def hand_over(folder: Path, article_id: str, path: str) -> None:
    """Make the input at `path` the holder of `article_id` (its files are in place now)."""
    temporary = folder / f".{article_id}"
    with contextlib.suppress(FileNotFoundError):
        temporary.unlink()
    os.symlink(digest(path), temporary)
    os.replace(temporary, folder / article_id)


def undo(out: Path, folder: Path, settled: Callable[[str, str], bool]) -> None:
    """Remove the files of each claimed id that is not `settled(id, holder's digest)`."""
    names = [f"{fmt.name}/{{}}{fmt.extension}" for fmt in map(writers.get, writers.MODULES)
             if fmt.render]
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.name.startswith(".") or settled(entry.name, os.readlink(entry.path)):
                continue
            for name in names:
                name = name.format(entry.name)
                if layout.is_article_file(name):
                    (out / name).unlink(missing_ok=True)


def hold_while_working(stage: Path) -> int:
    """A worker's shared lock on the staging folder's ``workers.lock``, kept until it exits."""
    fd = os.open(stage / LOCK, os.O_RDONLY | os.O_CREAT, 0o600)
    fcntl.flock(fd, fcntl.LOCK_SH)
    return fd


@contextlib.contextmanager
def workers_gone(stage: Path, wait: bool = False) -> Iterator[bool]:
    """Whether every pool worker of this run (each holds ``workers.lock`` in `stage` while
    it lives) has exited, waiting for them if `wait`; while the caller removes what they
    left, a worker still starting waits, and then finds no staging folder to work in.
    False when one is still running (a second Ctrl-C cut the pool's wait for it short):
    the caller must then leave `stage` to the next run, which waits for it."""
    try:
        fd = os.open(stage / LOCK, os.O_RDONLY | os.O_CREAT, 0o600)
    except FileNotFoundError:  # no staging folder: nothing to remove
        yield True
        return
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
            gone = True
        except BlockingIOError:
            gone = False
        except OSError:  # a filesystem without locks: the pool's own wait must do
            gone = True
        yield gone
    finally:
        os.close(fd)


def wait_for_workers(stage: Path) -> None:
    """Wait until no worker of the (killed) run that staged in `stage` is still running
    (no wait where there is no lock file, or the filesystem has no locks)."""
    with contextlib.suppress(OSError):  # BlockingIOError is handled below
        fd = os.open(stage / LOCK, os.O_RDONLY)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                warnings.warn(f"{stage}: waiting for the workers of a run that was stopped to "
                              "exit", UserWarning, stacklevel=2)
                fcntl.flock(fd, fcntl.LOCK_EX)
        finally:
            os.close(fd)
