"""The one door to the project's wire-text knowledge, for text extracted from a page.

The extracted paragraphs, under a headline, are read as wire text: the dateline
split off the first body paragraph, captions with their credits, the standfirst before a
datelined body, bylines and metadata lines, page furniture left in the text. Kept to this
one function so that a rewritten wire-text reader is plugged in here and nowhere else.
"""

from __future__ import annotations

from ...errors import InputError
from ...record import Article, ReadContext
from ..wire_text import parse_paragraphs

# Stands in for the headline, which the page gave already: a real one that reads like a
# menu ("News | Sport | Weather") would make the wire-text reader take the first paragraph.
_HEADLINE = "Headline"


def read_as_wire_text(paragraphs: list[str], ctx: ReadContext, reader: str) -> Article | None:
    """The wire-text reading of the paragraphs, or None when it finds no article in them."""
    numbered = [(0, _HEADLINE), *((n, p) for n, p in enumerate(paragraphs, 1))]
    try:
        return parse_paragraphs(numbered, ctx, reader=reader)
    except InputError:
        return None
