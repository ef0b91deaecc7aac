"""The plain-text wire format, as news pages print it once the HTML is gone.

    [navigation / breadcrumb lines]
     date 2021-07-29 Chinese defense minister vows ...      <- or the headline alone
    Xinhua) 09:19, July 29, 2021                             <- source/time, byline, editor lines
    Chinese State Councilor ... on July 28, 2021. (Xinhua)   <- captions ending in a credit
    China has the ambition, ... Wei said.                    <- summary (standfirst)
    DUSHANBE, July 28 (Xinhua) -- Visiting Chinese ...        <- datelined first body paragraph
    ...body...
    [editor line, "Enditem", related links, page furniture]

The stages live in ``readers/wire/``: lines -> stamps/meta/features -> assemble. Every
non-empty line lands in exactly one field of the record: headline, meta_lines, a caption,
summary, body (the dateline split off into `dateline.text`) or unparsed.

Library entry point for text from elsewhere (paragraphs of an HTML page, a container's
story): :func:`parse_paragraphs`, which takes numbered paragraphs and optional hints (a
known headline, a known publication moment).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, time

from .. import sources
from ..dates import local_iso, zone_for, zone_of_floating
from ..errors import InputError
from ..inputs import decode
from ..record import Article, ReadContext, Timezone, new_record
from .datelines import split_dateline
from .wire.assemble import Pieces, assemble
from .wire.lines import Line, numbered_lines, page_lines
from .wire.stamps import Stamp

__all__ = ["NAME", "explain_text", "parse_paragraphs", "parse_text", "read", "sources",
           "split_dateline"]

NAME = "wire-text"
Moment = tuple[date, time | None, Timezone | None]


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """The one article a wire-text file holds."""
    yield parse_text(decode(data, ctx.name), ctx)


def parse_text(text: str, ctx: ReadContext) -> Article:
    """The record for one article in wire-text form (text already decoded and checked)."""
    return _record(page_lines(text), ctx, reader=NAME)


def parse_paragraphs(paragraphs: list[tuple[int, str]], ctx: ReadContext, *, reader: str = NAME,
                     published: Moment | None = None, headline: str | None = None,
                     guid: str | None = None, item: str | None = None) -> Article:
    """The record for numbered paragraphs (line number, text).

    `headline` and `published` are known from outside the text (a container's title and
    timestamp, an HTML page's metadata) and win over what the text suggests; `guid`/`item`
    identify an article inside a multi-article input.
    """
    lines = numbered_lines(paragraphs)
    return _record(lines, ctx, reader=reader, published=published, headline=headline,
                   guid=guid, item=item)


def explain_text(text: str) -> list[tuple[int, str, str, str]]:
    """(line number, class, why, text) for every non-empty line: how the page was read."""
    lines = page_lines(text)
    pieces = _pieces(lines, None, None, "-")
    out = []
    if pieces.page_date_text:
        out.append((lines[0].number, "page-date", "the page dump's date line",
                    pieces.page_date_text))
    for verdict in pieces.verdicts:
        out.append((verdict.line.number, verdict.cls, verdict.why, verdict.line.text))
    return out


def _pieces(lines: list[Line], published: Moment | None, headline: str | None,
            name: str) -> Pieces:
    given = Stamp(published[0], published[1], published[2], 0, 0) if published else None
    try:
        return assemble(lines, headline=headline, published=given)
    except InputError as exc:
        raise exc.located(name) from None


def _record(lines: list[Line], ctx: ReadContext, *, reader: str, published: Moment | None = None,
            headline: str | None = None, guid: str | None = None,
            item: str | None = None) -> Article:
    if not lines:
        raise InputError("no article text: the file is empty", source=ctx.name)
    pieces = _pieces(lines, published, headline, ctx.name)
    if not (pieces.body or pieces.summary or pieces.images):
        raise InputError("no article text: the file has only a title, navigation or "
                         "furniture lines", source=ctx.name)
    zone = _zone(pieces, ctx)
    first, last = _iso(pieces.published, zone), _iso(pieces.modified, zone)
    return new_record(
        ctx, reader=reader, guid=guid, item=item, headline=pieces.headline,
        date_published=first, date_modified=last,
        timezone=(zone if _has_time(pieces.published, pieces.modified) else None)
        or zone_of_floating(first, last),
        source=pieces.source, publisher=_publisher(pieces.source), authors=pieces.authors,
        editors=pieces.editors, dateline=pieces.dateline, images=pieces.images,
        summary=pieces.summary, body=pieces.body, meta_lines=pieces.meta_lines,
        unparsed=pieces.unparsed, source_as_printed=reader == NAME)


def _publisher(source: str | None) -> str | None:
    """An outlet (not an agency) credited for the story is also the page's publisher."""
    known = sources.lookup(source) if source else None
    return known.name if known and not known.agency else None


def _iso(stamp: Stamp | None, zone: Timezone | None) -> str | None:
    """The stamp in the record's form: a time in no known zone stays a floating date-time."""
    if stamp is None:
        return None
    if stamp.clock is None:
        return stamp.day.isoformat()
    return local_iso(datetime.combine(stamp.day, stamp.clock), zone)


def _has_time(*stamps: Stamp | None) -> bool:
    return any(s is not None and s.clock is not None for s in stamps)


def _zone(pieces: Pieces, ctx: ReadContext) -> Timezone | None:
    """A printed zone, else --timezone, else the credited source's default zone."""
    for stamp in (pieces.published, pieces.modified):
        if stamp is not None and stamp.zone is not None:
            return stamp.zone
    return zone_for(pieces.source or pieces.site, ctx.timezone)
