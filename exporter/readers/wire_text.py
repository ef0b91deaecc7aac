"""The plain-text wire format, as news pages print it once the HTML is gone.

    [navigation / breadcrumb lines]
     date 2021-07-29 Chinese defense minister vows ...      <- or the headline alone
    Xinhua) 09:19, July 29, 2021                             <- source/time, byline, editor lines
    Chinese State Councilor ... on July 28, 2021. (Xinhua)   <- captions ending in a credit
    China has the ambition, ... Wei said.                    <- summary (standfirst)
    DUSHANBE, July 28 (Xinhua) -- Visiting Chinese ...        <- datelined first body paragraph
    ...body...
    [editor line, "Enditem", related links, page furniture]

Every non-empty line lands in exactly one field of the record: headline, meta_lines,
a caption, summary, body (the dateline split off into `dateline.text`) or unparsed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time

from .. import sources
from ..dates import MONTH_RE, checked_date, local_iso, month_number, printed_zone, zone_for
from ..errors import InputError
from ..inputs import decode
from ..record import Article, ReadContext, Timezone, new_record
from .datelines import split_dateline

NAME = "wire-text"

_TIME = r"(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?"
_ZONE = r"(?:\s*(?P<zone>(?:GMT|UTC)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?))?"
_MDY = rf"(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
_DMY = rf"(?P<day2>\d{{1,2}})\s+(?P<month2>{MONTH_RE}),?\s+(?P<year2>\d{{4}})"
_ISO = r"(?P<y>\d{4})-(?P<mo>\d{1,2})-(?P<d>\d{1,2})"
_WHEN = rf"(?:{_ISO}|{_MDY}|{_DMY})(?:,?\s+(?:at\s+)?{_TIME})?{_ZONE}"

_DATE_HEADLINE = re.compile(r"date\s+(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(.*))?", re.I)
# "Xinhua) 09:19, July 29, 2021" (its opening parenthesis lost) or "(People's Daily Online) ..."
_SOURCE_TIME = re.compile(rf"\(?(?P<source>[^()]{{2,60}})\)\s*{_TIME},?\s*{_MDY}{_ZONE}", re.I)
# "Source: Xinhua| 2018-05-31 23:31:37|Editor: Mu Xuequan"
_SOURCE_BAR = re.compile(
    rf"Source:\s*(?P<source>[^|]+?)\s*\|\s*{_ISO}(?:\s+{_TIME})?{_ZONE}\s*"
    r"(?:\|\s*Editor:\s*(?P<editors>[^|]+?))?\s*\|?", re.I)
# "By Zhang San (chinadaily.com.cn) Updated: 2021-07-29 09:19"
_BY_SOURCE_STAMP = re.compile(
    rf"By\s+(?P<by>[^()]+?)\s*\((?P<source>[^()]+)\)\s*(?P<kind>Updated|Published)\s*:\s*{_WHEN}",
    re.I)
_STAMP = re.compile(rf"(?P<kind>Updated|Published|Posted|Last updated|Date)\s*:?\s*{_WHEN}", re.I)
_WEEKDAY = re.compile(rf"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day,?\s+{_WHEN}", re.I)
_BYLINE = re.compile(r"By\s+(?P<by>[^.!?]{2,150}?)\.?", re.I)
_EDITOR = re.compile(r"\(?\s*(?:Web\s+)?Editors?\s*:\s*(?P<editors>[^()]+?)\s*\)?", re.I)
_STAFF = re.compile(r"(?P<source>.+?)\s+(?:staff\s+)?(?:writers?|reporters?|correspondents?)\s+"
                    r"(?P<names>.+)", re.I)

# A credit closing a caption: "(Xinhua)", "(Xinhua/Li Ren)", "(mod.gov.cn/Photo by Li Xiaowei)".
_CREDIT = re.compile(r"\s*\((?P<credit>[^()]{2,80})\)\s*$")
_STRONG_CREDIT = re.compile(r"/|\bphoto|\bcredit|\bfile\b|\bVCG\b|\bGetty|\bCFP\b|\bIC\b", re.I)

_FURNITURE = re.compile(
    r"(?:share(?: this(?: article| story)?)?|print|e-?mail|comments?|photos?|videos?|"
    r"advertisement|home|menu|search|log ?in|sign ?up|subscribe\b.*|next(?: page)?|"
    r"previous(?: page)?|back to top|top|follow us\b.*|copyright\b.*|©.*|"
    r"all rights reserved\b.*|tags?\s*:.*|keywords?\s*:.*|read more\b.*|see also\b.*|enditem|"
    r"\(?end\)?|reuters?|-30-|#+|[-_*=~]{3,}|(?:\[\s*\d+\s*\]\s*)+|[<>«»|]+)[\s.:!]*",
    re.I)
# Headings after which a page lists other stories: the article has ended.
_TAIL_HEADINGS = re.compile(
    r"(?:related(?: (?:stories|news|articles|links|coverage|reading))?|recommended(?: for you)?|"
    r"most (?:read|popular|viewed)|more (?:from|on|stories)\b.*|you may also like|"
    r"latest news|trending|editor'?s picks?)\s*:?", re.I)
_BREADCRUMB = re.compile(r"\s*>>\s*|\s+[›»>|]\s+|\s*\|\s*")
_WORDS = re.compile(r"[^\W\d_]+")
_MAX_DATELINE_SEARCH = 6  # a dateline opens the body within the first few paragraphs or not at all


@dataclass
class _Meta:
    """What the metadata lines said, before it becomes record fields."""

    published: tuple[date, time | None, Timezone | None] | None = None
    modified: tuple[date, time | None, Timezone | None] | None = None
    source: str | None = None
    publisher: str | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    """The one article a wire-text file holds."""
    yield parse_text(decode(data, ctx.name), ctx)


def _moment(match: re.Match, line: int) -> tuple[date, time | None, Timezone | None]:
    """The date, time (if printed) and printed zone (if any) of a _WHEN-style match."""
    groups = match.groupdict()
    try:
        if groups.get("y"):
            day = checked_date(int(groups["y"]), int(groups["mo"]), int(groups["d"]))
        elif groups.get("month"):
            day = checked_date(int(groups["year"]), month_number(groups["month"]),
                               int(groups["day"]))
        else:
            day = checked_date(int(groups["year2"]), month_number(groups["month2"]),
                               int(groups["day2"]))
        clock = None
        if groups.get("hour"):
            clock = time(int(groups["hour"]), int(groups["minute"]), int(groups["second"] or 0))
    except ValueError as exc:
        raise InputError(str(exc) if "date" in str(exc) else f"impossible time: {exc}",
                         line=line) from None
    zone = printed_zone(groups["zone"]) if groups.get("zone") else None
    return day, clock, zone


def _split_names(text: str) -> list[str]:
    parts = re.split(r"\s*(?:,|;|\band\b|&|/)\s*", text.strip().strip("()"))
    return [p.strip(" .") for p in parts if p.strip(" .")]


def _note_source(meta: _Meta, name: str) -> None:
    """Credit a source; an outlet (not an agency) is also the page's publisher."""
    name = sources.canonical_name(name)
    meta.source = meta.source or name
    known = sources.lookup(name)
    if known and not known.agency:
        meta.publisher = meta.publisher or known.name


_NAME = re.compile(r"(?:(?:[A-Z][\w'’.-]*|de|da|van|von|der|bin|al|la|le)\s+){0,4}"
                   r"[A-Z][\w'’.-]*", re.UNICODE)


def _byline_names(text: str) -> list[str] | None:
    """The names of a byline, or None when it reads like a sentence ("By the end of ...")."""
    staff = _STAFF.fullmatch(text)
    if staff and sources.lookup(staff.group("source")):
        text = staff.group("names")
    names = _split_names(text)
    if names and all(sources.lookup(n) or _NAME.fullmatch(n) for n in names):
        return names
    return None


def _note_byline(meta: _Meta, text: str) -> bool:
    """"Rie Sagawa, Reuters" -> author + source; "Xinhua writers A, B" -> source + authors.

    An agency alone ("By AFP") is the author as an organization."""
    names = _byline_names(text)
    if names is None:
        return False
    staff = _STAFF.fullmatch(text)
    if staff and sources.lookup(staff.group("source")):
        _note_source(meta, staff.group("source"))
    people = [n for n in names if not sources.lookup(n)]
    for name in names:
        if sources.lookup(name):
            _note_source(meta, name)
    if people:
        meta.authors += [(n, "person") for n in people]
    elif not meta.authors:
        meta.authors += [(sources.canonical_name(n), "organization") for n in names]
    return True


def _note_editors(meta: _Meta, text: str) -> None:
    # "Bianji" is pinyin for "editor", printed after the names on People's Daily pages.
    meta.editors += [n for n in _split_names(text) if n.lower() != "bianji"]


def _meta_line(text: str, line: int, meta: _Meta) -> bool:
    """Record what a metadata line says; False when `text` is no metadata line."""
    if match := _SOURCE_TIME.fullmatch(text):
        _note_source(meta, match.group("source"))
        meta.published = _moment(match, line)
    elif match := _SOURCE_BAR.fullmatch(text):
        _note_source(meta, match.group("source"))
        meta.published = _moment(match, line)
        if match.group("editors"):
            _note_editors(meta, match.group("editors"))
    elif match := _BY_SOURCE_STAMP.fullmatch(text):
        _note_source(meta, match.group("source"))
        _note_byline(meta, match.group("by"))
        meta.published = meta.published or _moment(match, line)
        if match.group("kind").lower() == "updated":
            meta.modified = _moment(match, line)
    elif match := _STAMP.fullmatch(text):
        moment = _moment(match, line)
        if match.group("kind").lower() in ("updated", "last updated"):
            meta.modified = moment
        meta.published = meta.published or moment
    elif match := _WEEKDAY.fullmatch(text):
        meta.published = meta.published or _moment(match, line)
    elif match := _EDITOR.fullmatch(text):
        _note_editors(meta, match.group("editors"))
    elif (match := _BYLINE.fullmatch(text)) and _note_byline(meta, match.group("by")):
        pass
    else:
        return False
    return True


def _is_navigation(text: str) -> bool:
    """Breadcrumbs and menus: "Home>>World", "China | World | Business", lone furniture."""
    if _FURNITURE.fullmatch(text):
        return True
    segments = [s for s in _BREADCRUMB.split(text) if s]
    return (len(segments) >= 2 and (">>" in text or len(segments) >= 3)
            and all(len(s) <= 40 and not s.endswith((".", "!", "?")) for s in segments))


def _caption(text: str, before_body: bool) -> tuple[str | None, str] | None:
    """(caption, credit) when the paragraph is a photo caption ending in a credit."""
    match = _CREDIT.search(text)
    if not match or match.start() == 0:
        return None
    credit = match.group("credit").strip()
    strong = bool(_STRONG_CREDIT.search(credit))
    if not (strong or (before_body and sources.lookup(credit.split("/")[0]))):
        return None
    return text[:match.start()].strip() or None, credit


def _headline(paragraphs: list[tuple[int, str]], unparsed: list[str]
              ) -> tuple[int, str, date | None]:
    """(index after the headline, headline, page date) — navigation before it goes to unparsed."""
    for index, (line, text) in enumerate(paragraphs):
        match = _DATE_HEADLINE.fullmatch(text)
        if match:
            year, month, day, headline = match.groups()
            try:
                page_date = checked_date(int(year), int(month), int(day))
            except ValueError as exc:
                raise InputError(str(exc), line=line) from None
            if not headline:
                raise InputError("no headline after the date", line=line)
            return index + 1, headline.strip(), page_date
        if _is_navigation(text):
            unparsed.append(text)
            continue
        return index + 1, text, None
    raise InputError("no headline: the file has only navigation or furniture lines")


def _iso(moment: tuple[date, time | None, Timezone | None] | None,
         zone: Timezone | None) -> str | None:
    if moment is None:
        return None
    day, clock, _ = moment
    if clock is None or zone is None:
        return day.isoformat()
    return local_iso(datetime.combine(day, clock), zone)


def parse_text(text: str, ctx: ReadContext) -> Article:
    """The record for one article in wire-text form (text already decoded and checked)."""
    paragraphs = [(n, line.strip()) for n, line in enumerate(text.splitlines(), 1) if line.strip()]
    return parse_paragraphs(paragraphs, ctx)


def parse_paragraphs(paragraphs: list[tuple[int, str]], ctx: ReadContext, *, reader: str = NAME,
                     published: tuple[date, time | None, Timezone | None] | None = None,
                     guid: str | None = None, item: str | None = None) -> Article:
    """The record for numbered paragraphs; `published` is a moment known from outside the text
    (a container's timestamp), `guid`/`item` identify an article inside a multi-article input."""
    unparsed: list[str] = []
    try:
        start, headline, page_date = _headline(paragraphs, unparsed)
    except InputError as exc:
        raise exc.located(ctx.name) from None
    meta, meta_lines = _Meta(published=published), []
    images: list[tuple[str | None, str | None, str | None]] = []
    before: list[str] = []  # content paragraphs before the dateline: the summary, if one follows
    body: list[str] = []
    dateline = None
    ended = False
    for line, paragraph in paragraphs[start:]:
        try:
            is_meta = not ended and _meta_line(paragraph, line, meta)
        except InputError as exc:
            raise exc.located(ctx.name) from None
        if is_meta:
            meta_lines.append(paragraph)
            continue
        in_body = dateline is not None or len(before) >= _MAX_DATELINE_SEARCH
        if ended or _is_navigation(paragraph):
            unparsed.append(paragraph)
            continue
        if (body or before) and _TAIL_HEADINGS.fullmatch(paragraph):
            ended = True
            unparsed.append(paragraph)
            continue
        caption = _caption(paragraph, before_body=not in_body)
        if caption:
            images.append((*caption, None))
            continue
        if dateline is None and not in_body:
            found, rest = split_dateline(paragraph, _anchor(meta, page_date))
            if found:
                dateline = found
                if rest.strip():
                    body.append(rest.strip())
                continue
            before.append(paragraph)
            continue
        body.append(paragraph)
    summary = before if dateline else []
    body = body if dateline else before + body

    published = meta.published
    if published is None and page_date is not None:
        published = (page_date, None, None)
    if dateline and dateline["agency"] and not meta.source:
        _note_source(meta, dateline["agency"])
    zone = _zone(meta, published, ctx)
    if not body and not summary:
        raise InputError("no article text after the headline", source=ctx.name)
    return new_record(
        ctx, reader=reader, guid=guid, item=item, headline=_tidy_headline(headline),
        date_published=_iso(published, zone), date_modified=_iso(meta.modified, zone),
        timezone=zone if _has_time(published, meta.modified) else None,
        source=meta.source, publisher=meta.publisher, authors=meta.authors,
        editors=meta.editors, dateline=dateline, images=images, summary=summary, body=body,
        meta_lines=meta_lines, unparsed=unparsed)


def _anchor(meta: _Meta, page_date: date | None) -> date | None:
    return meta.published[0] if meta.published else page_date


def _has_time(*moments: tuple[date, time | None, Timezone | None] | None) -> bool:
    return any(m is not None and m[1] is not None for m in moments)


def _zone(meta: _Meta, published: tuple | None, ctx: ReadContext) -> Timezone | None:
    """A printed zone, else --timezone, else the credited source's default zone."""
    for moment in (published, meta.modified):
        if moment is not None and moment[2] is not None:
            return moment[2]
    return zone_for(meta.source, ctx.timezone)


def _tidy_headline(headline: str) -> str:
    """Drop a lone full stop some pages add to headlines ("... on Putin.", "‘useless.’"),
    keep abbreviations ("U.S.")."""
    match = re.search(r"(?<!\.)\.([’”\"']?)$", headline)
    if match and not re.search(r"(?:\b[A-Za-z]\.){2,}[’”\"']?$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$",
                               headline):
        return headline[:match.start()] + match.group(1)
    return headline
