"""The input formats. Each reader module has ``sniff(data, name) -> bool`` and
``read(data, ctx) -> Iterator[Article]``; the first that recognises the bytes reads them.

Plain wire text is the fallback, so any other text file is read as an article.
"""

from __future__ import annotations

import codecs
import importlib
from collections.abc import Iterator
from types import ModuleType

from ..errors import InputError
from ..record import Article, ReadContext

# --from names -> reader modules, in the order they are tried; the last one (wire text)
# takes anything.
FORMATS: dict[str, str] = {
    "records": "exporter.readers.records",
    "reuters": "exporter.readers.reuters",
    "newsml": "exporter.readers.newsml",
    "ninjs": "exporter.readers.ninjs",
    "html": "exporter.readers.html",
    "wire-text": "exporter.readers.wire_text",
}
READERS: tuple[str, ...] = tuple(FORMATS.values())


def choose(data: bytes, name: str) -> ModuleType:
    """The reader module for these bytes."""
    head = _as_utf8(data)
    for module_name in READERS[:-1]:
        module = importlib.import_module(module_name)
        if module.sniff(head, name):
            return module
    return importlib.import_module(READERS[-1])


def named(name: str) -> ModuleType:
    """The reader called `name`, as ``--from`` names it (``wire-text``, ``html``, ...)."""
    if name not in FORMATS:
        raise InputError(f"unknown reader {name!r}; choose from {', '.join(FORMATS)}",
                         field="format")
    return importlib.import_module(FORMATS[name])


def _as_utf8(data: bytes) -> bytes:
    """The start of `data` in UTF-8 for the sniffers, which look for ASCII marks: UTF-16
    (with its byte order mark) is transcoded; the reader still gets the bytes as they are."""
    if not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data
    head = data[:1 << 17]
    return head.decode("utf-16", errors="ignore").encode("utf-8", errors="replace")


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """Every article in one input, read by the reader ``--from`` named (ctx.input_format)
    or else the first that recognises the bytes."""
    return (named(ctx.input_format) if ctx.input_format else choose(data, ctx.name)).read(
        data, ctx)
