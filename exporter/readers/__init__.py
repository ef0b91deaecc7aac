"""The input formats. Each reader module has ``sniff(data, name) -> bool`` and
``read(data, ctx) -> Iterator[Article]``; the first that recognises the bytes reads them.

Plain wire text is the fallback, so any other text file is read as an article; but not
XML or JSON that no reader recognised (a feed, JSON-LD), whose markup wire text would take
for a headline.
"""

from __future__ import annotations

import codecs
import importlib
import json
import re
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


# Each prolog item is an atomic group: a lazy `.*?` free to run past its own end into the
# next item's made a prolog of a few hundred items take minutes to fail (found by fuzzing).
_XML_ROOT = re.compile(rb"(?><\?xml.*?\?>)\s*(?:(?><!--.*?-->|<![^>]*>|<\?.*?\?>)\s*)*"
                       rb"<([\w.:-]+)", re.S)


def reader(data: bytes, ctx: ReadContext) -> ModuleType:
    """The reader of one input: the one ``--from`` named (ctx.input_format), else the first
    that recognises the bytes (XML or JSON that none knows is refused). A reader whose
    ``CHECKS_RECORDS`` is true schema-checks each record itself (Article records as input)."""
    if ctx.input_format:
        return named(ctx.input_format)
    module = choose(data, ctx.name)
    if module.__name__ == READERS[-1]:
        _refuse_structured(data, ctx.name)
    return module


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """Every article in one input, read by its :func:`reader`."""
    return reader(data, ctx).read(data, ctx)


def _refuse_structured(data: bytes, name: str) -> None:
    """Raise for XML or JSON that reached the wire-text fallback: no reader knows it."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<?xml"):
        root = _XML_ROOT.match(head)
        what = f"XML whose root is <{root.group(1).decode(errors='replace')}>" if root else "XML"
        raise InputError(f"{what}, which no reader knows (NewsML-G2, Reuters SGML and HTML "
                         "pages are read; --from wire-text reads it as text)", source=name)
    if head.startswith((b"{", b"[")) and _is_json(data):
        raise InputError("JSON that is neither Article records (no record_version) nor ninjs "
                         "(no uri); JSON-LD and other structured data: newsexport validate",
                         source=name)


def _is_json(data: bytes) -> bool:
    """Whether the bytes are a JSON document or JSON lines (then their first line is)."""
    text = data.decode("utf-8", "replace").lstrip("\ufeff")
    try:
        json.loads(text)
    except RecursionError:  # JSON, nested deeper than the parser goes
        return True
    except ValueError:
        try:
            json.loads(text.lstrip().split("\n", 1)[0])
        except RecursionError:
            return True
        except ValueError:
            return False
    return True
