"""The input formats. Each reader module has ``sniff(data, name) -> bool`` and
``read(data, ctx) -> Iterator[Article]``; the first that recognises the bytes reads them.

Plain wire text is the fallback, so any other text file is read as an article.
"""

from __future__ import annotations

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
    "exporter.readers.html",
    "exporter.readers.wire_text",
)


# --from names -> reader modules.
FORMATS: dict[str, str] = {
    "records": "exporter.readers.records",
    "reuters": "exporter.readers.reuters",
    "newsml": "exporter.readers.newsml",
    "ninjs": "exporter.readers.ninjs",
    "html": "exporter.readers.html",
    "wire-text": "exporter.readers.wire_text",
}


def choose(data: bytes, name: str) -> ModuleType:
    """The reader module for these bytes."""
    for module_name in READERS[:-1]:
        module = importlib.import_module(module_name)
        if module.sniff(data, name):
            return module
    return importlib.import_module(READERS[-1])


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """Every article in one input."""
    if ctx.input_format:
        return importlib.import_module(FORMATS[ctx.input_format]).read(data, ctx)
    return choose(data, ctx.name).read(data, ctx)
