"""The run's bookkeeping: the last run's manifest rows, this run's rows, who owns each id.

Kept in a scratch SQLite file under the state folder rather than in dicts, so that
a batch of a million inputs costs disk, not memory. Deleted at the end of each run.
"""

from __future__ import annotations

import contextlib
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from orjson import loads  # json's rows read back, several times faster than json.loads

from .layout import is_article_file

Row = dict[str, Any]
_ARTICLE_ID = re.compile(r"[0-9a-f]{16}")


def dump(row: Row) -> str:
    return json.dumps(row, ensure_ascii=False)


def rows_of(path: Path) -> Iterator[tuple[Row, str]]:
    """Manifest or journal rows, each with its line; a line a crash cut short is not a row,
    nor one edited out of shape or naming a file outside the output folder (its input is
    then redone)."""
    with contextlib.suppress(FileNotFoundError), path.open(encoding="utf-8") as lines:
        for line in lines:
            with contextlib.suppress(ValueError, RecursionError):
                row = loads(line)
                if _well_formed(row):
                    yield row, line


def _well_formed(row: object) -> bool:
    return isinstance(row, dict) and isinstance(row.get("path"), str) and \
        isinstance(row.get("options"), str) and isinstance(row.get("status"), str) and \
        (row.get("sha256") is None or isinstance(row.get("sha256"), str)) and \
        all(isinstance(row.get(key), list) and all(isinstance(v, str) for v in row[key])
            for key in ("articles", "duplicates", "outputs", "errors")) and \
        all(map(is_article_file, row["outputs"])) and \
        all(_ARTICLE_ID.fullmatch(v) for v in row["articles"] + row["duplicates"])


class Index:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.db = sqlite3.connect(path, isolation_level=None)
        for statement in (
                "PRAGMA journal_mode=OFF", "PRAGMA synchronous=OFF",
                "CREATE TABLE old (path TEXT PRIMARY KEY, row TEXT)",
                "CREATE TABLE done (seq INTEGER PRIMARY KEY, path TEXT UNIQUE, row TEXT)",
                "CREATE TABLE owner (id TEXT PRIMARY KEY, path TEXT)",
                "CREATE TABLE seen (path TEXT PRIMARY KEY)",
                "BEGIN"):
            self.db.execute(statement)

    def load(self, path: Path) -> None:
        """Rows of a manifest or journal; a later row for a path replaces an earlier one."""
        self.db.executemany("INSERT OR REPLACE INTO old VALUES (?, ?)",
                            ((row["path"], line) for row, line in rows_of(path)))

    def previous(self, path: str) -> Row | None:
        found = self.db.execute("SELECT row FROM old WHERE path = ?", (path,)).fetchone()
        return loads(found[0]) if found else None

    def first_visit(self, path: str) -> bool:
        """False for an input named twice in one run (a file inside a folder also given)."""
        return bool(self.db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (path,)).rowcount)

    def claim(self, article_id: str, path: str) -> str | None:
        """Make `path` the owner of `article_id`; the earlier owner's path if it had one."""
        cursor = self.db.execute("INSERT OR IGNORE INTO owner VALUES (?, ?)", (article_id, path))
        return None if cursor.rowcount else self.owner(article_id)

    def owner(self, article_id: str) -> str | None:
        found = self.db.execute("SELECT path FROM owner WHERE id = ?", (article_id,)).fetchone()
        return found[0] if found else None

    def has_old(self) -> bool:
        """Whether a manifest or journal gave any row (a first run into the folder if not)."""
        return self.db.execute("SELECT 1 FROM old LIMIT 1").fetchone() is not None

    def old_rows(self) -> Iterator[Row]:
        for (text,) in self.db.execute("SELECT row FROM old"):
            yield loads(text)

    def owned(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM owner WHERE id = ?", (article_id,)).fetchone() \
            is not None

    def finish(self, seq: int, path: str, text: str) -> None:
        """Input number `seq`, at `path`, is done: its row, as `dump` printed it."""
        self.db.execute("INSERT INTO done VALUES (?, ?, ?)", (seq, path, text))

    def rows(self) -> Iterator[Row]:
        """This run's rows in input order."""
        for (text,) in self.db.execute("SELECT row FROM done ORDER BY seq"):
            yield loads(text)

    def rows_for_another_thread(self) -> Iterator[Row]:
        """This run's rows in input order, read through a connection of their own, which
        the thread that iterates them opens (a connection serves its own thread only)."""
        self.db.execute("COMMIT")  # what was written so far, visible to that connection
        self.db.execute("BEGIN")

        def rows() -> Iterator[Row]:
            with contextlib.closing(sqlite3.connect(self.path)) as db:
                for (text,) in db.execute("SELECT row FROM done ORDER BY seq"):
                    yield loads(text)
        return rows()

    def vanished(self) -> Iterator[Row]:
        """Rows of the last run whose input this run did not see."""
        for (text,) in self.db.execute(
                "SELECT row FROM old WHERE path NOT IN (SELECT path FROM done) ORDER BY path"):
            yield loads(text)

    def close(self) -> None:
        self.db.close()
        self.path.unlink(missing_ok=True)
