"""The input formats. Each reader module has ``sniff(data, name) -> bool`` and
``read(data, ctx) -> Iterator[Article]``; the first that recognises the bytes reads them.

Plain wire text is the fallback, so any other text file is read as an article.
"""

from __future__ import annotations

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
    for module_name in READERS[:-1]:
        module = importlib.import_module(module_name)
        if module.sniff(data, name):
            return module
    return importlib.import_module(READERS[-1])


def named(name: str) -> ModuleType:
    """The reader called `name`, as ``--from`` names it (``wire-text``, ``html``, ...)."""
    if name not in FORMATS:
        raise InputError(f"unknown reader {name!r}; choose from {', '.join(FORMATS)}",
                         field="format")
    return importlib.import_module(FORMATS[name])


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """Every article in one input, read by the reader ``--from`` named (ctx.input_format)
    or else the first that recognises the bytes."""
    return (named(ctx.input_format) if ctx.input_format else choose(data, ctx.name)).read(
        data, ctx)
