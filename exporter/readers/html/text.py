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
    wire reading takes out only what it recognised: captions, metadata lines, the dateline
    and a standfirst above a datelined paragraph. A paragraph it could not place (a short
    line, a list item, a subheading) stays in the body, where the page printed it."""
    captions = [c for image in record["images"] for c in (image["caption"], image["credit"]) if c]
    taken = set(record["meta_lines"])
    kept: list[str] = []
    for paragraph in paragraphs:
        if paragraph in taken or any(paragraph.startswith(c) for c in captions):
            continue
        kept.append(paragraph)
    dateline = record["dateline"]
    if dateline and record["body"]:
        first = record["body"][0]
        at = next((i for i, p in enumerate(kept)
                   if p.startswith(dateline["text"]) and p.endswith(first)), None)
        if at is not None and at <= STANDFIRST:
            return {**record, "summary": [p for p in kept[:at] if p in record["summary"]],
                    "body": [first, *kept[at + 1:]], "unparsed": []}
        # deep in the text, a place and a dash are a sentence's, not the story's dateline
        return {**record, "dateline": None, "summary": [], "body": kept, "unparsed": []}
    return {**record, "summary": [], "body": kept, "unparsed": []}
