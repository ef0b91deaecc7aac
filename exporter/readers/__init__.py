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
    for module_name in READERS[:-1]:
        module = importlib.import_module(module_name)
        if module.sniff(data, name):
            return module
    return importlib.import_module(READERS[-1])


def named(name: str) -> ModuleType:
    """The reader called `name` (its NAME, as records' provenance gives it)."""
    modules = [importlib.import_module(module_name) for module_name in READERS]
    for module in modules:
        if name == module.NAME:
            return module
    raise InputError(f"unknown reader {name!r}; choose from "
                     f"{', '.join(module.NAME for module in modules)}", field="format")


def read(data: bytes, ctx: ReadContext, reader: str | None = None) -> Iterator[Article]:
    """Every article in one input, read by the reader called `reader` or else the first
    that recognises the bytes."""
    return (choose(data, ctx.name) if reader is None else named(reader)).read(data, ctx)
