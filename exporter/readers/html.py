"""HTML pages: what the page declares (JSON-LD, microdata, <meta>) plus its article text.

Stages, in the folder ``html/`` beside this module:

    decode    bytes -> text (gzip, BOM, <meta charset>, documented fallback)
    tree      text -> lxml tree, refusing nesting no article page has
    declared  JSON-LD, microdata, OpenGraph/article:*/Twitter/Dublin Core <meta>, canonical
    content   the main text among navigation, teasers and comments (trafilatura)
    text      the extracted paragraphs read with the wire-text knowledge (dateline, captions)
    images    figures, captions and credits, URLs made absolute
    when      declared dates -> the record's ISO form
    merge     one record, each field's origin in provenance.origins

trafilatura, extruct and dateparser are the ``html`` extra; without them an HTML input is
one clear error line.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from ..errors import InputError
from ..record import Article, ReadContext

NAME = "html"
# This module is the face of the stages in the folder of the same name.
__path__ = [str(Path(__file__).with_suffix(""))]

SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
_MARKUP = re.compile(rb"\s*(?:(?><!--.*?-->)\s*)*(?:<!doctype\s+html|<html[\s>]|<head[\s>]|"
                     rb"<meta\s|<title[\s>])", re.I | re.S)
_XHTML = re.compile(rb"<html\b[^>]*xmlns=[\"']http://www\.w3\.org/1999/xhtml", re.I)


def sniff(data: bytes, name: str) -> bool:
    """An HTML file by its name or, whatever its name, by how it starts."""
    if name.lower().endswith(SUFFIXES):
        return True
    head = data[:4096].removeprefix(b"\xef\xbb\xbf")
    return bool(_MARKUP.match(head) or (head.lstrip().startswith(b"<?xml") and _XHTML.search(head)))


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """The one article a page holds."""
    try:
        from .html import content, declared, merge
    except ImportError as exc:
        raise InputError(f"reading HTML needs the html extra ({exc.name} is missing): "
                         "pip install 'newsexport[html]'", source=ctx.name) from None
    from .html.decode import page_text
    from .html.tree import parse

    tree = parse(page_text(data, ctx.name), ctx.name)
    found = declared.read_declared(tree, ctx.name)
    paragraphs = content.paragraphs(tree, found.get("url"), found.get("description"))
    yield merge.build(ctx, tree, found, paragraphs, NAME)
