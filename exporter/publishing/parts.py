"""One input's share of the batch files, kept so an incremental run can rebuild them.

A bundle (``all.nq``) or a feed needs every article, but an incremental run reads only
the inputs that changed. So each input's bundle items and records are kept in a part
file: assembling the batch files is then a copy of bytes in input order, never a
re-rendering. The file is a JSON header line ``{"ids": [...], "lengths": {section:
[bytes per article]}}`` followed by each section's items back to back; sections are
bundle format names and, for the feeds, ``RECORD`` (the records as JSON lines), ``KEYS``
(the fields a feed chooses its entries by, ``Kept.FIELDS``: all the main process parses of
an article a feed leaves out) and ``entry(name)`` (the article's entry in format `name`'s
batch document as a worker printed it, ``Format.render_entry``: the NewsML-G2 newsMessage
is a copy). A part written before a section existed lacks it: the batch writer then parses
the record (``KEYS``) or renders the entry itself, so older parts give the same bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..atomic import write_atomic, write_private

RECORD = "#record"
KEYS = "#keys"


def entry(name: str) -> str:
    """The section of format `name`'s printed entries."""
    return f"#entry:{name}"


@dataclass
class Part:
    ids: list[str] = field(default_factory=list)
    sections: dict[str, list[bytes]] = field(default_factory=dict)  # per article, as ids

    def keep(self, ids: set[str]) -> Part:
        """Only the articles whose id is in `ids`."""
        wanted = [n for n, article_id in enumerate(self.ids) if article_id in ids]
        return Part([self.ids[n] for n in wanted],
                    {name: [items[n] for n in wanted] for name, items in self.sections.items()})


def write_part(path: Path, part: Part, atomic: bool = True) -> None:
    """Written like every file of a batch: atomic, made durable at the end of the run;
    `atomic` False: a plain write, for a file no one else sees until it is renamed (a
    worker's staged part)."""
    header = {"ids": part.ids,
              "lengths": {name: [len(item) for item in items]
                          for name, items in part.sections.items()}}
    data = b"".join([json.dumps(header).encode(), b"\n",
                     *(item for items in part.sections.values() for item in items)])
    if atomic:
        write_atomic(path, data, durable=False)
    else:
        write_private(path, data)


def read_part(path: Path) -> Part:
    """One read, then slices (a read per item cost a quarter of the main process's
    assembly)."""
    with path.open("rb") as handle:
        data = handle.read()
    at = data.index(b"\n") + 1
    header = json.loads(data[:at])
    sections = {}
    for name, sizes in header["lengths"].items():
        items = sections[name] = []
        for size in sizes:
            items.append(data[at:at + size])
            at += size
    return Part(header["ids"], sections)
