"""The input formats. Each reader module has ``sniff(data, name) -> bool`` and
``read(data, ctx) -> Iterator[Article]``; the first that recognises the bytes reads them.

Plain wire text is the fallback, so any other text file is read as an article.
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Iterator
from types import ModuleType

from ..record import Article, ReadContext

# Tried in this order; the last one (wire text) takes anything.
READERS: tuple[str, ...] = (
    "exporter.readers.records",
    "exporter.readers.reuters",
    "exporter.readers.newsml",
    "exporter.readers.ninjs",
    "exporter.readers.wire_text",
)


def choose(data: bytes, name: str) -> ModuleType:
    """The reader module for these bytes."""
    head = _as_utf8(data)
    for module_name in READERS[:-1]:
        module = importlib.import_module(module_name)
        if module.sniff(head, name):
            return module
    return importlib.import_module(READERS[-1])


def _as_utf8(data: bytes) -> bytes:
    """The start of `data` in UTF-8 for the sniffers, which look for ASCII marks: UTF-16
    (with its byte order mark) is transcoded; the reader still gets the bytes as they are."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    head = data[:1 << 17]
    return head.decode("utf-16", errors="ignore").encode("utf-8", errors="replace")


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """Every article in one input."""
    return choose(data, ctx.name).read(data, ctx)
