"""The output formats. Each writer module exposes ``FORMATS: dict[str, Format]``.

Modules are imported only when their format is asked for, so a command that
writes JSON-LD never pays for lxml or the NewsML machinery.
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from ..errors import InputError
from ..record import Article
from ..settings import Settings

# format name -> module that defines it; the order is the order of --help and `publish`.
MODULES: dict[str, str] = {
    "jsonld": "exporter.writers.jsonld",
    "html": "exporter.writers.jsonld",
    "turtle": "exporter.writers.rdf",
    "ntriples": "exporter.writers.rdf",
    "nquads": "exporter.writers.rdf",
    "trig": "exporter.writers.rdf",
    "rdfxml": "exporter.writers.rdf",
    "newsml": "exporter.writers.newsml",
    "ninjs": "exporter.writers.ninjs",
    "ninjs3": "exporter.writers.ninjs",
    "atom": "exporter.writers.feeds",
    "rss": "exporter.writers.feeds",
    "news-sitemap": "exporter.writers.feeds",
}


@dataclass(frozen=True)
class Bundle:
    """Many articles in one file, written as head + item per article + tail (streamable)."""

    filename: str  # e.g. "all.nq"
    head: Callable[[Settings], bytes]
    item: Callable[[Article, Settings], bytes]
    tail: Callable[[Settings], bytes]


@dataclass(frozen=True)
class Format:
    name: str
    extension: str  # with the dot: ".jsonld"
    media_type: str
    # One document per article; None when the article has none in this format (warned).
    render: Callable[[Article, Settings], bytes | None] | None = None
    bundle: Bundle | None = None
    # One document per batch; None when no valid one can be made (a warning says why).
    feed: Callable[[Iterable[Article], Settings], bytes | None] | None = None
    # The same batch document written to a stream, for a format whose document grows with
    # the batch (a NewsML-G2 newsMessage), so that its memory does not; False: none written.
    stream_feed: Callable[[Iterable[Article], Settings, BinaryIO], bool] | None = None
    # The document and the article's entry in the batch document at once, for a format
    # whose batch document holds every article (NewsML-G2): a publish worker keeps the
    # printed entry (:class:`Kept`), so that the batch is assembled by copying bytes.
    render_entry: Callable[[Article, Settings], tuple[bytes | None, bytes]] | None = None

    def write_feed(self, records: Iterable[Article], settings: Settings, out: BinaryIO) -> bool:
        """The batch document of `records` on `out`, streamed when the format can; False
        (nothing written) when the batch has no valid document, as a warning says."""
        if self.stream_feed is not None:
            return self.stream_feed(records, settings, out)
        if self.feed is None:
            raise TypeError(f"{self.name} has no batch document")
        document = self.feed(records, settings)
        if document is not None:
            out.write(document)
        return document is not None


class Kept(dict):  # type: ignore[type-arg]
    """A record as publish keeps it for the batch documents: the few fields that choose a
    feed's entries at hand, the rest parsed from `raw` (its JSON) on first use, and each
    format's printed entry (``Format.render_entry``; b"": the batch writer renders it)."""

    # The fields the feeds choose their entries by (writers/feeds.py reads no other field
    # of a record before it prints the entry): all a feed parses of an article it leaves out.
    FIELDS = ("id", "date_published", "date_modified", "timezone", "language", "url")

    def __init__(self, fields: dict[str, object], raw: bytes,
                 entries: dict[str, bytes]) -> None:
        super().__init__(fields)
        self.raw, self.entries = raw, entries

    def __missing__(self, key: str) -> object:
        self.update(self.whole())
        return dict.__getitem__(self, key)

    def whole(self) -> Article:
        """The whole record, as a plain one."""
        return json.loads(self.raw)  # type: ignore[no-any-return]


class UndatedWarning(UserWarning):
    """An article without any date was left out of an output that needs a date."""


# One fixed line, so that a run says it once whichever writers left articles out.
UNDATED = ("articles without a publication or modification date are left out of the feeds, "
           "and of NewsML-G2 unless --now dates them (an empty Atom feed needs --now; "
           "an empty news sitemap is not written)")


def get(name: str) -> Format:
    """The format called `name`, or an InputError that lists the known ones."""
    module = MODULES.get(name)
    if module is None:
        raise InputError(f"unknown format {name!r}; choose from {', '.join(MODULES)}",
                         field="--to")
    return importlib.import_module(module).FORMATS[name]


def parse_list(spec: str) -> list[Format]:
    """``"jsonld,turtle"`` (or ``all``) -> Formats, in the order given, without repeats."""
    names = list(MODULES) if spec.strip() == "all" else [
        n.strip() for n in spec.split(",") if n.strip()]
    if not names:
        raise InputError("no format given", field="--to")
    return [get(n) for n in dict.fromkeys(names)]
