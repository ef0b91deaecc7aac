"""Files that appear whole or not at all: write to a temporary name, then rename.

A crash, Ctrl-C or kill -9 mid-write leaves at most a ``.*.tmp`` file, never a
half-written output under the real name. The file gets the permissions a plain
``open(path, "w")`` would give a new file (0o666 less the umask, default ACLs
applied), so a web server can serve what ``publish`` writes.

The rename is atomic whether or not the file is durable. ``durable=True`` (the
default) also makes it survive a power loss: the data is fsynced before the rename
and the folder after it. Bulk writers pass ``durable=False`` and make the whole batch
durable once at the end (``exporter.publishing`` does), which costs one flush instead
of one per file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

_ATTEMPTS = 100  # temporary names tried before giving up (mkstemp's number)


def _create_temporary(path: Path, folder: Path) -> tuple[int, Path]:
    """A new, empty ``.name.XXXXXXXX.tmp`` file in `folder`, open for writing."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0)
    for _ in range(_ATTEMPTS):
        temporary = folder / f".{path.name}.{secrets.token_hex(4)}.tmp"
        try:
            return os.open(temporary, flags, 0o666), temporary  # the umask applies, as open()
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


@contextlib.contextmanager
def atomic_writer(path: Path, durable: bool = True, scratch: Path | None = None
                  ) -> Iterator[BinaryIO]:
    """A binary file object whose content replaces `path` only if the block succeeds.
    The temporary file is made beside `path`, or in `scratch` (on the same filesystem): a
    folder whose leftovers are removed as a whole (a process killed mid-write, whose
    task another process does again, leaves nothing behind in `path`'s folder)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = _create_temporary(path, path.parent if scratch is None else scratch)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise
    if durable:
        sync_folder(path.parent)


def write_atomic(path: Path, data: bytes, durable: bool = True) -> None:
    with atomic_writer(path, durable) as handle:
        handle.write(data)


_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0)


def write_private(path: Path, data: bytes) -> None:
    """`data` as the file at `path`, not atomically: for a file that only a rename will
    show (a batch's staging folder). Three system calls (open, write, close), where a
    Python file object adds three more (fstat, ioctl, lseek) for each of the ten or so
    files of an article. The permissions are open()'s: 0o666 less the umask."""
    fd = os.open(path, _NEW_FILE, 0o666)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def sync_folder(folder: Path) -> None:
    """Make the names in `folder` (a rename, a new file) survive a power loss."""
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        if exc.errno not in (errno.EINVAL, errno.EBADF):  # some mounts cannot sync a folder
            raise
    finally:
        os.close(fd)
