"""Tables a process would otherwise build from installed data before its first article
(the gazetteer and its index of other names: about 1.4 s of CPU), kept on disk per user,
so that the next process, and each ``--jobs`` worker, loads them in milliseconds.

The cache is never required: a folder that cannot be made or written (a read-only home)
or a file that is stale, truncated or corrupt only means the table is built again, as it
would be without a cache. A table is read only from a folder the user owns and no one else
may write to, from a regular file the user owns, with marshal (which builds plain values
and runs no code); it is used only when its key (newsexport's version, the Python and its
Unicode database, the hash of the data and code it was built from) and its checksum
match. Its file is named by the table and its key, so two installs (two versions, two
Pythons) sharing the folder do not overwrite each other's tables; a table no process has
rewritten in STALE_DAYS is removed when one of the same name is written. It is written to a
temporary name, then renamed.

The folder: ``$NEWSEXPORT_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsexport``, else
``~/.cache/newsexport``.
"""

from __future__ import annotations

import contextlib
import hashlib
import marshal
import os
import stat
import sys
import tempfile
import time
import unicodedata
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import __version__

FORMAT = b"newsexport-table-1"
# What a table also depends on besides its sources: the interpreter (marshal's format) and
# its Unicode database (how names are folded, what a letter is), which Python versions change.
_INTERPRETER = f"{sys.implementation.cache_tag}\0{unicodedata.unidata_version}"
_OTHERS_WRITE = stat.S_IWGRP | stat.S_IWOTH
STALE_DAYS = 30


def file_name(name: str, key: str) -> str:
    return f"{name}.{key[:16]}.marshal"


def folder() -> Path | None:
    """Where tables are kept; None when there is no home to keep them in."""
    explicit = os.environ.get("NEWSEXPORT_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:  # no HOME and no password entry
            return None
    return Path(base) / "newsexport"


def source_key(*sources: Path) -> str | None:
    """The key of a table built from the files `sources` (data and the code that folds it)
    by this version of newsexport and this Python (its Unicode database folds the names);
    None when one cannot be read (no table is then kept)."""
    digest = hashlib.sha256(f"{FORMAT.decode()}\0{__version__}\0{_INTERPRETER}".encode())
    try:
        for source in sources:
            data = source.read_bytes()
            digest.update(f"\0{source.name}\0{len(data)}\0".encode())
            digest.update(data)
    except OSError:
        return None
    return digest.hexdigest()


def _owned(info: os.stat_result) -> bool:
    """Whether a file or folder is the user's own and no one else may write to it."""
    uid = getattr(os, "getuid", None)
    return (uid is None or info.st_uid == uid()) and not info.st_mode & _OTHERS_WRITE


def _safe_folder(create: bool) -> Path | None:
    where = folder()
    if where is None:
        return None
    try:
        if create:
            where.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = os.lstat(where)
    except OSError:
        return None
    return where if stat.S_ISDIR(info.st_mode) and _owned(info) else None


def read(name: str, key: str | None) -> Any | None:
    """The table `name` kept under `key`, or None (absent, stale, corrupt or unsafe)."""
    where = _safe_folder(create=False) if key else None
    if where is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | \
        getattr(os, "O_NONBLOCK", 0)  # a FIFO in its place opens at once (then is refused)
    try:
        fd = os.open(where / file_name(name, key), flags)
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode) or not _owned(info):
                return None
            data = handle.read()
        magic, kept_key, checksum, payload = marshal.loads(data)
        if magic != FORMAT or kept_key != key or zlib.crc32(payload) != checksum:
            return None
        return marshal.loads(payload)
    except (OSError, EOFError, ValueError, TypeError):  # truncated, corrupt, another format
        return None


def write(name: str, key: str | None, table: Any) -> bool:
    """Keep `table` (plain values: str, bytes, numbers, lists, tuples, dicts) as `name`
    under `key`; False when it cannot be kept (the caller goes on without)."""
    where = _safe_folder(create=True) if key else None
    if where is None:
        return False
    payload = marshal.dumps(table)
    data = marshal.dumps((FORMAT, key, zlib.crc32(payload), payload))
    temporary = None
    try:
        fd, temporary = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=where)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, where / file_name(name, key))
        temporary = None
        _prune(where, name)
        return True
    except OSError:
        return False
    finally:  # also when Ctrl-C stops the write: no temporary is left in the folder
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)


def cached(name: str, key: str | None, build: Callable[[], Any]) -> Any:
    """The table `name` from the cache, else `build()`, kept for the next process."""
    table = read(name, key)
    if table is None:
        table = build()
        write(name, key, table)
    return table


def _prune(where: Path, name: str) -> None:
    """Remove tables `name` of other keys (other versions) not rewritten in STALE_DAYS."""
    cutoff = time.time() - STALE_DAYS * 86400
    for old in where.glob(f"{name}.*.marshal"):
        with contextlib.suppress(OSError):
            if old.lstat().st_mtime < cutoff:
                old.unlink()
