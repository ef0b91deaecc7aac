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

# Stands in for the headline, which the page gave already (its metadata wins at merge): given
# as known, it keeps the reader from taking the first paragraph for the headline.
_HEADLINE = "Headline"
# Paragraphs a standfirst may take above a datelined first paragraph.
STANDFIRST = 2
# Paragraphs at the top of the extracted text where a byline or date line may stand.
HEADER = 5


def read_as_wire_text(paragraphs: list[str], ctx: ReadContext, reader: str) -> Article | None:
    """The wire-text reading of the paragraphs, or None when it finds no article in them."""
    numbered = list(enumerate(paragraphs, 1))
    try:
        record = parse_paragraphs(numbered, ctx, reader=reader, headline=_HEADLINE)
    except InputError:
        return None
    return _dated_by_its_header(_extracted_text_stays_body(record, paragraphs), paragraphs)


def _dated_by_its_header(record: Article, paragraphs: list[str]) -> Article:
    """A date the text gives counts only from a metadata line at the top of the extracted
    text: further down, a dated line is a related-story card's or a comment's."""
    if not record["date_published"] or \
            any(line in paragraphs[:HEADER] for line in record["meta_lines"]):
        return record
    return {**record, "date_published": None, "date_modified": None, "timezone": None}


def _extracted_text_stays_body(record: Article, paragraphs: list[str]) -> Article:
    """The page's content extractor already chose these paragraphs as the article, so the
    wire reading takes out only what it recognised: above the body's first paragraph,
    captions, metadata lines and a standfirst above a datelined paragraph; after its last
    one, what follows the article's end (related links, tags). In between, everything stays
    where the page printed it: a paragraph it could not place (a short line, a list item, a
    subheading), and a line that reads like metadata (an embedded post's signature, a
    closing credit, which the record also keeps as a metadata line)."""
    captions = [c for image in record["images"] for c in (image["caption"], image["credit"]) if c]
    taken = set(record["meta_lines"])
    body = record["body"]
    first = next((i for i, p in enumerate(paragraphs) if body and _holds(p, body[0])),
                 len(paragraphs))
    last = max((i for i, p in enumerate(paragraphs) if body and _holds(p, body[-1])),
               default=first)
    last = max(first, last)
    # a closing credit after the last body paragraph is still the article's
    while last + 1 < len(paragraphs) and paragraphs[last + 1] in taken:
        last += 1
    # the text begins at its first paragraph that is no metadata line and no caption: from
    # there on, a metadata line (a signature the reader took for a header) stays too
    begins = next((i for i, p in enumerate(paragraphs[:first])
                   if p not in taken and not _caption(p, captions)), first)
    head = [p for i, p in enumerate(paragraphs[:first])
            if not _caption(p, captions) and (i >= begins or p not in taken)]
    kept = head + paragraphs[first:last + 1]
    dateline = record["dateline"]
    if dateline and body:
        at = len(head) if paragraphs[first:first + 1] and \
            paragraphs[first].startswith(dateline["text"]) else None
        if at is not None and at <= STANDFIRST:
            return {**record, "summary": [p for p in kept[:at] if p in record["summary"]],
                    "body": [body[0], *kept[at + 1:]], "unparsed": []}
        # deep in the text, a place and a dash are a sentence's, not the story's dateline
        return {**record, "dateline": None, "summary": [], "body": kept, "unparsed": []}
    return {**record, "summary": [], "body": kept, "unparsed": []}


def _caption(paragraph: str, captions: list[str]) -> bool:
    return any(paragraph.startswith(c) for c in captions)


def _holds(paragraph: str, text: str) -> bool:
    """The paragraph is the body's `text` (ended by it, after a dateline)."""
    return paragraph == text or paragraph.endswith(text)
