"""One page's lines into the pieces of one article, each line given one class and a reason.

Constraints, in order: the body starts at the first datelined paragraph near the top or
else at the first paragraph of running prose; captions (lines closing with a photo credit,
or printed twice) are set aside; the header block (source, byline, editor, time stamps)
lies before the body; the headline is the one title-shaped line before the body that the
page marks most (printed again, right above the header block or the body, the page-date
line's text); everything before the headline is navigation.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date

from ... import sources
from ...textcache import line_cache
from ..datelines import clean_place, split_dateline
from .features import (
    CAPTION_LABEL,
    TAIL,
    caption_of,
    ends_sentence,
    is_menu,
    is_navigation,
    is_prose,
    is_title,
    is_title_case,
    words,
)
from .lines import PAGE_DATE, Line
from .meta import Facts, is_name, name_list, read_credits, read_header
from .stamps import Stamp, find_stamps

_DATELINE_WINDOW = 8  # a dateline opens the body within the first few content lines or never
_SITE_AFFIX = re.compile(r"^(?P<pre>[^:|–—]{2,40}?)(?::|\s?\|| [-–—] )\s*(?=\S)|"
                         r"\s*(?:\||–|—|-|_)\s*(?P<post>[^|–—-]{2,40})$")


@dataclass
class Verdict:
    """The class of one line and why, for the record and for --explain."""

    line: Line
    cls: str = "unparsed"
    why: str = ""


@dataclass
class Pieces:
    """An article's parts as the page gives them, before they become a record."""

    headline: str | None = None
    page_date_text: str | None = None  # the " date YYYY-MM-DD" prefix of the first line
    after_dateline: str = ""  # the first body paragraph's text after its dateline
    site: str | None = None  # a known outlet the page names above the body: its zone only
    site_credit: str | None = None  # a known source's name run onto the headline
    dateline_at: int | None = None  # a header line that is the dateline (kept there only)
    copyright: str | None = None  # an agency's copyright line after the story
    page_date: date | None = None
    published: Stamp | None = None
    modified: Stamp | None = None
    source: str | None = None
    authors: list[tuple[str, str]] = field(default_factory=list)
    editors: list[str] = field(default_factory=list)
    dateline: dict | None = None
    images: list[tuple[str | None, str | None, str | None]] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    meta_lines: list[str] = field(default_factory=list)
    unparsed: list[str] = field(default_factory=list)
    verdicts: list[Verdict] = field(default_factory=list)


def _page_date(lines: list[Line]) -> tuple[date | None, list[Line], str | None]:
    """The ` date YYYY-MM-DD` opening line's date, the lines with its text split off."""
    if not lines:
        return None, lines, None
    match = PAGE_DATE.match(lines[0].text)
    if not match:
        return None, lines, None
    year, month, day = match.group("year"), match.group("month"), match.group("day")
    try:
        found = date(int(year), int(month), int(day or 1))
    except ValueError:
        from ...errors import InputError
        raise InputError(f"impossible date {year}-{int(month):02d}-{int(day or 0):02d}",
                         line=lines[0].number) from None
    if not 1900 <= found.year <= 2100:
        found = None
    rest = lines[0].text[match.end():].strip()
    head = [Line(lines[0].number, rest, rest)] if rest else []
    return (found if day else None), head + lines[1:], match.group()


def assemble(lines: list[Line], *, headline: str | None = None,
             published: Stamp | None = None, in_dateline: bool = True) -> Pieces:
    """The pieces of the article these lines print. `headline` and `published` are known
    from outside the text (a container's title or timestamp) and win over the page's."""
    pieces = Pieces()
    page_date, lines, date_text = _page_date(lines)
    pieces.page_date = page_date
    pieces.page_date_text = date_text
    verdicts = [Verdict(line) for line in lines]
    pieces.verdicts = verdicts
    anchor = page_date or (published.day if published else None)

    headers: dict[int, Facts] = {}
    stamped: dict[int, tuple[str, str, Facts]] = {}  # a headline with its time stamp glued on
    captions: dict[int, tuple[str | None, str | None, str]] = {}
    hint = anchor or _dateline_day(lines)
    for i, line in enumerate(lines):
        facts = read_header(line.gapped, hint)
        bare_credit = facts is not None and (
            ((found := caption_of(line.text, True)) and "bare" in found[2])
            or _credit_printed_twice(i, lines))
        if facts is not None and not bare_credit and \
                not (is_prose(line.text) and facts.leftover > 2) and \
                not _titled_after_source(facts, line.text):
            headers[i] = facts
        elif facts is None and (split := _title_and_stamp(line.text, anchor)):
            stamped[i] = split
    texts = [line.text for line in lines]
    given = None
    if headline is not None:
        given = next((i for i, t in enumerate(texts) if _same(t, headline)), None)

    # The body's first paragraph: a dateline near the top, else the first prose paragraph.
    start, dateline, rest = _body_start(lines, headers, anchor, given, in_dateline)
    _captions_before_body(texts, start, headers, captions)

    # The headline: the title-shaped line before the body the page marks most.
    if given is not None:
        head, why = given, "the headline given with the text"
    else:
        head, why = _choose_headline(lines, start, headers, captions, date_text is not None,
                                     dateline is not None, stamped)
        if head is None and start is not None and dateline is None and \
                _headline_shaped(start, texts, captions) \
                and not (ends_sentence(texts[start]) and len(texts[start].split()) > 12) \
                and not is_menu(texts[start]) \
                and all(is_navigation(t) for t in texts[:start]):
            # A short first paragraph with nothing above it is the headline after all.
            head, why = start, "title-shaped first line with nothing above it"
            start, dateline, rest = _body_start(lines, headers, anchor, head, in_dateline)
            _captions_before_body(texts, start, headers, captions)
            captions.pop(head, None)
        elif head is None and start is not None:
            # A short title right above the body or the header block, with only navigation
            # above it ("Typhoon warning" over a datelined story), is the headline.
            above = [i for i in range(start) if not is_navigation(texts[i])]
            first = above[0] if above else None
            if first is not None and first not in headers and first not in captions and \
                    _headline_shaped(first, texts, captions) and not is_menu(texts[first]) and \
                    not ends_sentence(texts[first]) and \
                    all(j in headers or j in captions for j in above[1:]):
                head, why = first, "the only title-shaped line above the body"
    head_facts: Facts | None = None
    glued = glued_dateline(texts[start], anchor) if start is not None and dateline and \
        dateline["text"] != texts[start][:len(dateline["text"])] else None
    if glued is None and dateline is None and head is not None and start is not None and \
            given is None and texts[start].startswith(texts[head]):
        # The headline printed again with the dateline run onto it, no space between
        # ("... trafficPune, Mar 8 : The party ...").
        found, after = split_dateline(texts[start][len(texts[head]):].lstrip(), anchor)
        if found is not None and after.strip():
            glued = (texts[head], found, after)
    byline = read_header(glued[0], anchor) if glued is not None and \
        re.match(r"by\s", glued[0], re.IGNORECASE) else None
    if byline is not None and byline.people:
        # "By Jane Doe, Director of the Agency (AG) PLACE, date (AG) -": the byline and the
        # dateline run into the first paragraph; the headline is chosen as for any page.
        pieces.authors += [(n, "person") for n in byline.people]
        pieces.meta_lines.append(glued[0])
        verdicts[start].why = "the byline, then the dateline, run into one line"
    again = glued is not None and head is not None and given is None and \
        glued[0].casefold().startswith(texts[head].casefold())
    if again:
        # The headline printed again before the dateline, with an aside ("(updates
        # previous)"): the headline stays the line that prints it alone.
        pieces.unparsed.append(glued[0])
        verdicts[start].why = "the headline printed again, then the dateline, run into one line"
    if glued is not None and given is None and not (byline and byline.people) and not again:
        title, tail = glued[0], ""
        if (split := _title_and_stamp(title, anchor)) is not None:
            title, tail, facts = split
            pieces.meta_lines.append(tail)
            head_facts = facts
        pieces.headline = tidy_headline(title)
        head, why = None, ""
        verdicts[start].why = "the headline, then the dateline, run into one line"
    elif head is not None:
        title = texts[head]
        if head in stamped:
            title, tail, facts = stamped[head]
            pieces.meta_lines.append(tail)
            headers[head] = facts  # its stamp and credit count as the header block's
        pieces.headline = tidy_headline(_strip_label(_strip_site(title, pieces), pieces))
        verdicts[head].cls, verdicts[head].why = "headline", why
    elif headline is not None:
        pieces.headline = headline

    # Header lines count between the headline (or the top) and the body; after the body a
    # source credit line still counts ("Source: Xinhua" at the page's end).
    stamps_after: list[tuple[Stamp, bool]] = []
    stamps_before: list[tuple[Stamp, bool]] = []
    clocks: list = []
    body_at = start if start is not None else len(lines)
    closing_source = closing_name = None
    closing_stamps: list[tuple[Stamp, bool]] = []
    # The headline printed twice (its alt text or the page's title, then the title): the
    # header lines between the two copies are the story's.
    first_head = head if head is None else \
        next((j for j in range(head) if _same(texts[j], texts[head])), head)
    for i, facts in sorted(headers.items()):
        if verdicts[i].cls == "headline":
            stamps_after.extend(facts.stamps)
            _take_people(pieces, facts, False)
            continue
        if i >= body_at:
            if is_navigation(texts[i]):
                # a lone name that is also page furniture (a logo's text): a credit only
                # where nothing else credits one
                if sources.lookup(texts[i]):
                    closing_name = closing_name or facts.source
                continue
            if (facts.editors or (facts.source and not facts.people
                                  and len(texts[i].split()) <= 6)) \
                    and not facts.stamps and not is_prose(texts[i]) and \
                    not re.match(r"[a-z]", texts[i]) and \
                    not re.search(r",\s*(?:on|in)\s+\w", texts[i]):
                # not "according to Thomson Reuters data.", not "--Outlet, on August 31"
                # (a quoted outlet and when it said it)
                verdicts[i].cls = "meta"
                verdicts[i].why = "a credit line after the body: " + ", ".join(facts.said())
                pieces.editors += [n for n in facts.editors if n not in pieces.editors]
                closing_source = closing_source or facts.source
            elif facts.stamps and not is_prose(texts[i]) and len(texts[i].split()) <= 12:
                closing_stamps.extend(facts.stamps)
                verdicts[i].cls = "meta"
                verdicts[i].why = "a dated credit line after the body: " + ", ".join(facts.said())
                closing_source = closing_source or facts.source
            continue
        before_head = first_head is not None and i < first_head
        verdicts[i].cls = "meta"
        verdicts[i].why = "header line: " + ", ".join(facts.said())
        (stamps_before if before_head else stamps_after).extend(facts.stamps)
        if facts.clock_only:
            clocks.append(facts.clock_only)
        if before_head and not facts.stamps and not facts.clock_only:
            verdicts[i].cls, verdicts[i].why = "unparsed", "navigation before the headline"
            continue
        if not before_head or facts.stamps:
            _take_people(pieces, facts, before_head)
    if head is not None:
        _name_lines(texts, verdicts, headers, head, body_at, pieces)
    if head_facts is not None:
        stamps_after.extend(head_facts.stamps)
        _take_people(pieces, head_facts, False)
    for i, found in captions.items():
        if verdicts[i].cls == "unparsed":
            verdicts[i].cls, verdicts[i].why = "caption", found[2]

    # Publication time: the header block's, else the page-date line's, else a banner's.
    chosen = _publication(stamps_after, stamps_before, page_date) or _first(closing_stamps)
    if published is not None:
        chosen = published
    if chosen is not None and chosen.clock is None and clocks and chosen is not published:
        clock, zone, _, _ = clocks[0]
        chosen = Stamp(chosen.day, clock, zone, 0, 0)
    pieces.published = chosen
    for i in range(min(body_at, len(lines))):
        found = sources.mentions(texts[i])
        if found and verdicts[i].cls in ("unparsed", "meta", "headline"):
            pieces.site = found[0][2].name
            break
    updates = [s for s, upd in stamps_after if upd]
    pieces.modified = updates[0] if updates else None
    anchor = chosen.day if chosen else anchor

    # The body and what precedes it.
    if start is not None:
        if glued is not None:
            _, dateline, rest = glued_dateline(texts[start], anchor) or glued
        elif dateline is not None:
            dateline, rest = split_dateline(texts[start], anchor)
        _body(pieces, lines, verdicts, start, dateline, rest, captions)
    _credits_before_captions(texts, verdicts, captions, headers, pieces.headline)
    if pieces.dateline is None and start is not None:
        _dateline_in_header(pieces, verdicts, headers, start, anchor)
    for i, verdict in enumerate(verdicts):
        if verdict.cls == "unparsed" and not verdict.why:
            verdict.why = "before the headline" if head is not None and i < head else \
                "navigation or page furniture"
    _collect(pieces, verdicts, captions)
    if not pieces.authors:
        pieces.authors = _run_on_credit(pieces.body) or _correspondent(pieces.dateline)
    if pieces.published is None and pieces.dateline and pieces.dateline.get("date") and \
            re.search(r"\b\d{4}\b|^\d{1,2}([-/.])\d{1,2}\1\d\d\b", pieces.dateline["text"]):
        # No stamp on the page, but the dateline prints its year: it dates the story.
        pieces.published = Stamp(date.fromisoformat(pieces.dateline["date"]), None, None, 0, 0)
    # A known agency in the dateline wins over a site's name run onto the headline (a
    # scraper's banner over WAM copy); an unknown one (a release's distributor) does not.
    if pieces.site_credit and not pieces.source:
        agency = pieces.dateline.get("agency") if pieces.dateline else None
        pieces.source = sources.tidy_name(agency) if agency and sources.lookup(agency) \
            else pieces.site_credit
    if pieces.dateline and pieces.dateline.get("agency") and not pieces.source:
        pieces.source = sources.tidy_name(pieces.dateline["agency"])
    pieces.source = pieces.source or closing_source or _sign_off(pieces.body) or \
        pieces.copyright or _editorial_of(pieces.headline) or \
        _self_attribution(pieces.summary + pieces.body[:2]) or \
        _named_alone(texts[:body_at], verdicts[:body_at]) or closing_name
    return pieces


_NAME_PARTS = re.compile(r"\s+[-–—|]\s+")


def _dateline_in_header(pieces: Pieces, verdicts: list[Verdict], headers: dict[int, Facts],
                        end: int, anchor: date | None) -> None:
    """A header line that prints the place beside the stamp or the credit, where the body
    has no dateline: "Reuters, Paris, Mar 3 2021, 10:15", "09:20 | Quito, Apr. 5.",
    "Riyadh - SPA" above the headline. The line is the dateline."""
    for i in range(end):
        v = verdicts[i]
        if v.cls not in ("meta", "unparsed") or len(v.line.text) > 80:
            continue
        text = v.line.text
        facts = headers.get(i) or read_header(text, anchor)
        if facts is None or facts.people or facts.editors:
            continue
        spans = [(s.start, s.end) for s, _ in facts.stamps]
        if facts.clock_only:
            spans.append(facts.clock_only[2:4])
        spans += [(a, b) for a, b, _ in sources.mentions(text)]
        if not spans:
            continue
        rest = text
        for a, b in sorted(spans, reverse=True):
            rest = rest[:a] + " | " + rest[b:]
        rest = re.sub(r"(?:\s*[|,–—-]\s*)+$|^(?:\s*[|,–—-]\s*)+", "", rest).strip()
        if not rest or len(rest.split()) > 5 or "|" in rest:
            continue
        found, after = split_dateline(rest, anchor)
        if found is not None and found["place"] and not after.strip() and \
                _place_alone(found["place"]):
            place, day = found["place"], found["date"]
        elif _place_alone(rest):
            place, day = rest, None
        else:
            continue
        agency = next((text[a:b] for a, b, src in sources.mentions(text) if src.agency), None)
        stamp = facts.stamps[0][0] if facts.stamps else None
        pieces.dateline = {"text": text, "place": place, "place_name": clean_place(place),
                           "region": None, "agency": agency,
                           "date": day or (stamp.day.isoformat() if stamp else None)}
        pieces.dateline_at = i
        v.why = (v.why + "; " if v.cls == "meta" and v.why else "") + \
            "the dateline, printed in the header block"
        v.cls = "meta"
        return


def _named_alone(texts: list[str], verdicts: list[Verdict]) -> str | None:
    """A source named alone on a line above the body, where nothing else credits one: the
    publication's name over a print story ("Shanghai Daily"), an agency's name and its long
    form ("APA - Austria Presse Agentur"), a place and the agency ("Riyadh - SPA")."""
    for text, verdict in zip(texts, verdicts, strict=True):
        if verdict.cls not in ("unparsed", "meta") or len(text) > 60:
            continue
        parts = _NAME_PARTS.split(text.strip())
        named = [p for p in parts if sources.lookup(p)]
        if named and len(parts) - len(named) <= 1 and \
                all(p in named or _place_alone(p) for p in parts):
            return sources.tidy_name(named[0])
    return None


def _place_alone(text: str) -> bool:
    from ..datelines import known_place
    return bool(re.fullmatch(r"[A-Z][\w'’. -]{1,30}", text)) and not _WEEKDAY.match(text) \
        and known_place(text)


_WEEKDAY = re.compile(r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?$", re.IGNORECASE)


_SIGN_OFF = re.compile(r"(?:\((?P<paren>[^()]{2,30})\)|(?:(?<=[.!?\"”’] )|(?<=[.!?\"”’] [-–—] ))"
                       r"(?P<bare>[A-Z][\w.-]*(?: [A-Z][\w.-]*)?))\.?$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|copyright)\s*(?:\d{4}\s*)?(?P<name>.+?)(?:\s*\d{4})?\.?$",
                        re.IGNORECASE)


_EDITORIAL = re.compile(r":\s*(?P<name>[^:]{2,40}?)\s+(?:editorial|commentary|op-ed|opinion)$",
                        re.IGNORECASE)


def _editorial_of(headline: str | None) -> str | None:
    """The outlet whose editorial the headline says this is ("...: China Daily editorial")."""
    match = _EDITORIAL.search(headline or "")
    return match["name"] if match and sources.lookup(match["name"]) else None


_REPORTS = re.compile(r"\b(?:reports?|informs?)\b(?: (?:quoting|referring to|citing) "
                      r"[\"“']?(?P<origin>[A-Z][\w.-]*(?: [A-Z][\w.-]*){0,3})[\"”']?)?")


def _self_attribution(paragraphs: list[str]) -> str | None:
    """An agency naming itself in the lead, as many do instead of a credit line ("...,
    Ukrinform reports.", "Report informs referring to Anadolu"): the agency it quotes, else
    itself."""
    for paragraph in paragraphs:
        for start, end, source in sources.mentions(paragraph):
            match = _REPORTS.match(paragraph, end + 1) if paragraph[end:end + 1] == " " \
                else None
            if not match or not source.agency:
                continue
            origin = match.group("origin")
            found = sources.mentions(origin) if origin else []
            if found:
                return origin[found[0][0]:found[0][1]]
            return paragraph[start:end]
    return None


def _sign_off(body: list[str]) -> str | None:
    """An agency's name closing the story ("... police said. (IANS)", "... a dit. APS")."""
    for paragraph in body[-3:][::-1]:
        match = _SIGN_OFF.search(paragraph)
        name = match and (match.group("paren") or match.group("bare"))
        carried = re.fullmatch(r"(?P<agency>[A-Z]{2,})-[\w-]+(?:\.[a-z]{2,})+", name or "")
        if carried:  # "... he added. PNA-example.com": the agency, then the carrying site
            name = carried["agency"]
        known = sources.lookup(name) if name else None
        if known and known.agency:
            return sources.tidy_name(name)
    return None


_STAMP_LABEL = re.compile(r"(?:published|updated|posted|data publikacji|publié le|"
                          r"veröffentlicht(?: am)?)\s*:?$", re.IGNORECASE)


def _before_label(text: str, end: int) -> int:
    """Where the stamp's label and separators before `end` start ("Title | Updated: " ends
    at "Title"); found from the end, so a long run of separators costs its length once."""
    end = _before_separators(text, end)
    window = max(0, end - 30)
    label = _STAMP_LABEL.search(text, window, end)
    return _before_separators(text, label.start()) if label else end


def _before_separators(text: str, end: int) -> int:
    while end and (text[end - 1].isspace() or text[end - 1] in "|–—-"):
        end -= 1
    return end


def _title_and_stamp(text: str, anchor: date | None) -> tuple[str, str, Facts] | None:
    """("Port reopens after storm", "2022-05-26", facts) for a headline printed with its
    date on the same line."""
    stamps = find_stamps(text, anchor)
    if not stamps or stamps[0].start < 10:
        return None
    title = text[:_before_label(text, stamps[0].start)].strip()
    tail = text[len(title):].strip()
    facts = read_header(tail, anchor)
    if facts is None or not facts.stamps or not is_title(title) or is_prose(title):
        return None
    if re.search(r"(?:,|\b(?:on|in|at|of|since|until|from|day))$", title, re.IGNORECASE):
        return None  # "... in Kyiv Ukraine, Thursday, June 1, 2023": the date ends a sentence
    return title, tail, facts


def _name_lines(texts: list[str], verdicts: list[Verdict], headers: dict, head: int,
                body_at: int, pieces: Pieces) -> None:
    """A name alone on its line in the header block ("Jane Doe", "- Li Ming"), next to the
    headline or a header line, is the byline."""
    for i in range(head + 1, min(body_at, len(texts))):
        name, credit = texts[i].lstrip("-–— ").strip(), None
        glued = re.fullmatch(r"(?P<name>.+[a-z])(?P<credit>[A-Z][A-Za-z]+)", name)
        if glued and sources.lookup(glued["credit"]):  # "Jane DoeReuters"
            name, credit = glued["name"], glued["credit"]
        names = [name] if is_name(name) else name_list(name) if \
            re.search(r" (?:and|&) ", name) else []
        if verdicts[i].cls != "unparsed" or verdicts[i].why or \
                not (names and all(is_name(n) for n in names)):
            continue
        near = {i - 1, i + 1, i - 2, i + 2}
        if not (near & (set(headers) | {head})):
            continue
        verdicts[i].cls, verdicts[i].why = "meta", "a name alone in the header block: the byline"
        known = {n for n, _ in pieces.authors}
        pieces.authors += [(n, "person") for n in names if n not in known]
        pieces.source = pieces.source or credit


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _dateline_day(lines: list[Line]) -> date | None:
    """The month and day a dateline near the top prints (in a leap year, so Feb 29 fits):
    it tells "03/12/2009" apart on a page with no other date."""
    for line in lines[:15]:
        found, _ = split_dateline(line.text, date(2000, 1, 1))
        if found and found.get("date"):
            return date.fromisoformat(found["date"]).replace(year=2000)
    return None


def _publication(after: list[tuple[Stamp, bool]], before: list[tuple[Stamp, bool]],
                 page_date: date | None) -> Stamp | None:
    """The original publication stamp: the header block's, else one above the headline on the
    page-date line's day (it has the time), else the page-date line's, else an update's or a
    banner's. The original wins over "Updated"."""
    originals = [s for s, upd in after if not upd]
    if originals:
        # A day printed bare, then again with its time ("08/05/2022 | ... on 08/05/2022
        # 00:50"): the time is the day's.
        timed = [s for s in originals if s.clock and s.day == originals[0].day]
        return originals[0] if originals[0].clock or not timed else timed[0]
    above = [s for s, upd in before if not upd and (page_date is None or s.day == page_date)]
    if above:
        return ([s for s in above if s.clock] or above)[-1]
    if page_date is not None:
        # Only an update is printed: on the page-date line's day it gives the time too.
        updates = [s for s, _ in after + before if s.day == page_date and s.clock]
        return updates[0] if updates else Stamp(page_date, None, None, 0, 0)
    return _first(after) or _first(before)


def _first(stamps: list[tuple[Stamp, bool]]) -> Stamp | None:
    originals = [s for s, upd in stamps if not upd]
    return (originals or [s for s, _ in stamps] or [None])[0]


def _take_people(pieces: Pieces, facts: Facts, weak: bool) -> None:
    if facts.source and not pieces.source:
        pieces.source = facts.source
    if weak:
        return
    known = {n for n, _ in pieces.authors}
    pieces.authors += [(n, "person") for n in facts.people if n not in known]
    if facts.byline_org and not pieces.authors:
        pieces.authors.append((facts.byline_org, "organization"))
    pieces.editors += [n for n in facts.editors if n not in pieces.editors]


def _body_start(lines: list[Line], headers: dict[int, Facts], anchor: date | None,
                given: int | None, in_dateline: bool
                ) -> tuple[int | None, dict | None, str]:
    """(index of the body's first line, its dateline, the text after the dateline)."""
    last = len(lines) - 1
    first_prose = None
    content = 0
    for i, line in enumerate(lines):
        if given is not None and i <= given:
            continue
        if is_navigation(line.text):
            continue
        header = i in headers and not (line.text.endswith(".") and len(line.text.split()) > 12)
        if in_dateline:
            found, rest = split_dateline(line.text, anchor)
            dated = header and bool(headers[i].stamps or headers[i].people)
            alone = not rest.strip() and found["text"] == line.text and \
                (i == last or is_prose(lines[i + 1].text, i + 1 == last))
            speaker = found and first_prose is not None and found["text"].endswith(":") \
                and not (found.get("agency") or found.get("date"))
            if found and not dated and (rest.strip() or alone) and not speaker:
                # (under a paragraph of prose, "NAME:" with no agency or date is a speaker
                # in a transcript, no dateline)
                return i, found, rest
            if not header and first_prose is None and (glued := glued_dateline(line.text, anchor)):
                return i, glued[1], glued[2]
        if header:
            continue
        twice = any(lines[j].text == line.text for j in range(max(0, i - 1), min(last, i + 4) + 1)
                    if j != i)
        if first_prose is None and is_prose(line.text, last=(i == last)) and not twice and \
                not caption_of(line.text, before_body=True) and not _note_or_deck(i, lines):
            first_prose = i
        if first_prose is not None:
            content += 1
            if content > _DATELINE_WINDOW:
                break
    if first_prose is not None:
        # A paragraph above the byline or time stamp is the standfirst: the body follows them.
        # (the header block may be printed again under it: names, then the stamp)
        # So is one above the headline printed again, or a byline without "By".
        seen = {line.text for line in lines[:first_prose]}
        after = [j for j in range(first_prose + 1, min(len(lines), first_prose + 5))
                 if (j in headers or _names_only(lines[j].text) or _credited_name(lines[j].text)
                     or (lines[j].text in seen and is_title(lines[j].text)
                         and not ends_sentence(lines[j].text)))
                 and not any(is_prose(lines[k].text) and not caption_of(lines[k].text, True)
                             for k in range(first_prose + 1, j))]
        if after:
            later = next((j for j in range(max(after) + 1, len(lines))
                          if j not in headers and is_prose(lines[j].text, last=(j == last))
                          and not caption_of(lines[j].text, before_body=True)), None)
            if later is not None:
                return later, None, ""
        # A short first paragraph right under the header block: one sentence, no title.
        above = first_prose - 1
        if above > 0 and above not in headers and above - 1 in headers and \
                ends_sentence(lines[above].text) and len(lines[above].text.split()) >= 5 and \
                not caption_of(lines[above].text, before_body=True) and \
                _LOWER_START.search(lines[above].text):
            return above, None, ""
    return first_prose, None, ""


_LOWER_START = re.compile(r"^\S+ [a-z]")  # "Police this morning ...": a sentence, not a title


_EDITORS_NOTE = re.compile(r"editor'?s'? note\b", re.IGNORECASE)


def _note_or_deck(i: int, lines: list[Line]) -> bool:
    """An editor's note, or a standfirst that the story tells again a few paragraphs on
    (its first paragraph, with other quotes or a word changed): no start of the body."""
    if _EDITORS_NOTE.match(lines[i].text) or (i and _EDITORS_NOTE.match(lines[i - 1].text)
                                              and len(lines[i - 1].text.split()) <= 3):
        return True
    if re.fullmatch(r"\(.*\)", lines[i].text):
        return True  # an aside: "(The text below is a translation ...)"
    if i + 1 < len(lines) and _EDITORS_NOTE.match(lines[i + 1].text):
        return True  # a deck above the editor's note
    return any(len(lines[j].text.split()) >= 10 and _same_words(lines[i].text, lines[j].text)
               for j in range(i + 2, min(len(lines), i + 12)))


# Where a dateline run onto a headline may start: a place in capitals, or the agency's credit
# in brackets before the place ("... (ANSA) - Milan, March 4 - ...").
_GLUED_START = re.compile(r"(?<=\s)(?:[A-Z][A-Z.'’-]+(?=[ ,(])|\([^()]{2,30}\) ?[-–—] ?(?=[A-Z]))")


def glued_dateline(text: str, anchor: date | None) -> tuple[str, dict, str] | None:
    """(headline, dateline, rest) of a page run into one line: "Storm set to hit coast
    MANILA (AFP) Oct 9, 2004 A storm was ...". The dateline must credit a known agency."""
    for match in _GLUED_START.finditer(text[:300]):
        if sources.lookup(match.group()) and not match.group().startswith("("):
            continue  # "... 2021 AP CAIRO (AP) —": the credit, then the dateline
        found, rest = split_dateline(text[match.start():], anchor)
        if found and found.get("agency") and sources.lookup(found["agency"]) and rest.strip():
            title = text[:match.start()].strip()
            if is_title(title) or _title_and_stamp(title, anchor):
                return title, found, rest
    return None


_CREDIT_OF_ABOVE = "the credit of the caption above"


def _captions_before_body(texts: list[str], start: int | None, headers: dict,
                          captions: dict) -> None:
    """Captions above the body: lines closing with a credit, printed twice, labelled."""
    for i in range(start if start is not None else len(texts)):
        if i in headers:
            continue
        found = caption_of(texts[i], before_body=True)
        if found:
            captions[i] = found
    _twice_printed_captions(texts, start, headers, captions)
    _credits_on_their_own_line(texts, captions, headers, set())
    for i in range(len(texts) - 1):
        if CAPTION_LABEL.fullmatch(texts[i]) and texts[i].lower().startswith("image") and \
                i + 1 not in headers and (start is None or i + 1 < start):
            captions[i + 1] = (texts[i + 1], None, "the line after an 'Image caption' label")


def _credits_on_their_own_line(texts: list[str], captions: dict, headers: dict,
                               only: set[int]) -> None:
    """A bare credit line ("JOHN DOE/AP PHOTO") under a caption without one: the two lines
    are one image."""
    for i in sorted(only or captions):
        found = captions.get(i)
        if not found or found[2] != "a bare photo credit" or i == 0:
            continue
        above = texts[i - 1]
        if i - 1 in headers or (i - 1 in captions and captions[i - 1][1]) or \
                len(above.split()) < 8 or caption_of(above, True) or \
                not re.search(r"(?:\.|\b\d{4})[\"”’']?$", above):
            continue
        captions[i - 1] = (above, found[1], "a caption whose credit is on the next line")
        captions[i] = (None, None, _CREDIT_OF_ABOVE)


_BRACKETED = re.compile(r"\((?P<name>[^()]{2,30})\)")


def _credit_printed_twice(i: int, lines: list[Line]) -> bool:
    """A bracketed credit alone on its line, the line above or below the same ("(Reuters)"
    twice under the date): the credits of two images, as a story is credited once."""
    match = _BRACKETED.fullmatch(lines[i].text)
    return bool(match) and sources.lookup(match["name"]) is not None and any(
        0 <= j < len(lines) and lines[j].text == lines[i].text for j in (i - 1, i + 1))


def _twice_printed_captions(texts: list[str], start: int | None, headers: dict[int, Facts],
                            captions: dict) -> None:
    """A prose line printed twice in a row before the body is an image's alt text and caption."""
    end = start if start is not None else len(texts)
    for i in range(1, end):
        if texts[i] == texts[i - 1] and i not in headers and is_prose(texts[i]) and \
                (ends_sentence(texts[i]) or not is_title(texts[i])):
            for j in (i - 1, i):
                captions.setdefault(j, (texts[j], None, "printed twice (alt text and caption)"))
        elif texts[i] == texts[i - 1] and _BRACKETED.fullmatch(texts[i]) and \
                i not in headers and i - 1 not in headers and \
                sources.lookup(texts[i].strip("()")):
            for j in (i - 1, i):
                captions.setdefault(j, (texts[j], texts[j], "a bracketed credit printed twice: "
                                        "two images' credits"))


def _choose_headline(lines: list[Line], start: int | None, headers: dict[int, Facts],
                     captions: dict, has_page_date: bool, datelined: bool,
                     stamped: dict[int, tuple[str, str, Facts]]) -> tuple[int | None, str]:
    """The index of the headline line and why, or (None, reason) when the page shows none."""
    end = start if start is not None else len(lines)
    texts = [stamped[i][0] if i in stamped else line.text for i, line in enumerate(lines)]
    above = set(texts[:end])
    later: dict[str, list[int]] = {}
    for i, t in enumerate(texts):
        later.setdefault(t.casefold(), []).append(i)
    best, best_score, best_why = None, 0.0, ""
    first = None
    for i in range(end):
        text = texts[i]
        if i in headers or is_navigation(text) or \
                not _headline_shaped(i, texts, captions, above):
            continue
        if i in captions and not (
                captions[i][2].endswith("(dash)") and not ends_sentence(text)
                and not any(_same_words(text, texts[j]) for j in (i - 1, i + 1) if 0 <= j < end)):
            continue  # but a title with its site after a dash ("... – Global Times") may be one,
            # unless a line beside it says the same (a photo's alt text and caption)
        n = len(text.split())
        # the other lines printing it: the first two and last two say where (a page
        # repeating a line thousands of times stays linear)
        same = later[text.casefold()]
        twins = [j for j in same[:2] + same[-2:] if j != i]
        if ends_sentence(text) and i not in stamped and not twins and \
                (n > 12 or not all(is_navigation(t) for t in texts[:i])):
            # a sentence (a deck, a caption, the body's first line), no title; but a short
            # one opening the page is a headline with a full stop ("... on Putin.")
            continue
        score, why = (-1.0 if ends_sentence(text) else 0.0), []
        if ends_sentence(text) and n > 12:
            score -= 1.5  # a sentence, not a title
        if n >= 3:
            score += 1
        if n >= 5:
            score += 1
        if n <= 3:
            score -= 1.5
        if n > 20:
            score -= 1.5
        nxt = _next_kept(i, end, texts, headers, captions)
        if nxt < end and nxt not in headers and len(texts[nxt].split()) >= max(8, n + 1) and \
                n >= 5 and not ends_sentence(text):
            # a longer line under it, then the header block or the body: its deck
            nxt = _next_kept(nxt, end, texts, headers, captions)
        if is_menu(text):
            # A row of capitalised words is a menu, or a headline in title case right
            # above the header block or the body.
            if not (is_title_case(text) and n >= 4 and
                    (nxt in headers or (nxt == end and start))):
                continue
            score -= 1
        if i in stamped:
            score += 3
            why.append("its time stamp printed on the same line")
        elif nxt in headers:
            score += 3
            why.append("right above the header block")
        elif nxt == end and start is not None:
            score += 2
            why.append("right above the body")
        prev = _prev_kept(i, texts)
        if prev is not None and prev in headers and headers[prev].stamps:
            score += 1
            why.append("below a time stamp")
        if twins and n >= 3:
            # A headline is printed again in the header or the page's end; a deck repeated
            # inside the body is no headline.
            score += 3 if any(j < end or j > end + 8 for j in twins) else -1
            why.append("printed again on the page")
        if has_page_date and i == 0 and n >= 3:
            score += 2
            why.append("the page-date line's text")
        elif first is None and n >= 3:
            score += 1
            why.append("the page's first text line")
        if n >= 3:
            first = i if first is None else first
        score -= 0.1 * i / max(end, 1)
        if score > best_score:
            best, best_score, best_why = i, score, ", ".join(why) or "title-shaped line"
    if best is None or best_score < 1.5:
        return None, "no title-shaped line before the body"
    return best, "title-shaped: " + best_why


def _next_kept(i: int, end: int, texts: list[str], headers: dict, captions: dict) -> int:
    """The next line after `i` that is no navigation, caption, photo's alt text or deck (a
    sentence under the headline); the body's start counts."""
    j = i + 1
    while j < end and j not in headers and (
            is_navigation(texts[j]) or j in captions or _alt_text(j, texts, captions)
            or (is_menu(texts[j]) and len(texts[j].split()) <= 4) or _names_only(texts[j])
            or (ends_sentence(texts[j]) and len(texts[j].split()) > 12)):
        j += 1
    return j


def _headline_shaped(i: int, texts: list[str], captions: dict,
                     known: Collection[str] | None = None) -> bool:
    """A title's shape, and none of the lines shaped like one that are no headline: a byline
    without "By", a photo's alt text, a copy with a section label glued on (of a line among
    `known`, by default the page's), an aside."""
    text = texts[i]
    return is_title(text) and not _names_only(text) and not _alt_text(i, texts, captions) \
        and not _glued_copy(text, set(texts) if known is None else known) \
        and _opens_like_a_title(text) \
        and not _LABELS_ONLY.fullmatch(text) and not _DATED.match(text) \
        and not re.match(r"(?:image|photo|media|video) ?caption", text, re.IGNORECASE) \
        and not _FILE_NAME.search(text) \
        and not re.search(r"\b(?:the|a|an|of|and|or|to|from|with|for|by|at)$", text) \
        and not (len(text.split()) > 15 and re.search(r"[a-z]{2}[.!?] [A-Z]", text)) \
        and not (len(text.split()) > 12 and _CAPTION_DATE_END.search(text))


_DATED = re.compile(r"(?:mon|tues|wednes|thurs|fri|satur|sun)day,? (?:jan|feb|mar|apr|may|jun|"
                    r"jul|aug|sep|oct|nov|dec)[a-z]*\.? \d", re.IGNORECASE)  # a date line
# An image's file name printed as its alt text: "IMG 2020 05 01T120000.123", "x.jpg".
_FILE_NAME = re.compile(r"\d[A-Z]\d{5,}|\.(?:jpe?g|png|gif|webp)\b|\bthumbnail\b", re.IGNORECASE)
_LABELS_ONLY = re.compile(r"(?:[^\W\d_][\w ]{0,20}:\s*[|/]?\s*)+")  # "PUBLISHED: | EDITED:"
# A photo's caption without its credit ends with the day it was taken: "..., Jan. 8, 2023".
_CAPTION_DATE_END = re.compile(r",\s+(?:on\s+)?[A-Z][a-z]+\.? \d{1,2}, \d{4}\.?$")


def _titled_after_source(facts: Facts, text: str) -> bool:
    """A title that only names a source among other words ("Agency X marks its birthday",
    "Daily Times Opens New Bureau"): a headline about it, no credit line."""
    return facts.leftover >= 2 and facts.source is not None and not (
        facts.stamps or facts.clock_only or facts.people or facts.byline_org or facts.editors
        or facts.labels) and is_title(text) and not ends_sentence(text)


def _credited_name(text: str) -> bool:
    """A byline as "NAME / OUTLET": "Jane Doe / SHINE"."""
    name, slash, outlet = text.partition(" / ")
    return bool(slash) and is_name(name) and sources.lookup(outlet) is not None


def _names_only(text: str) -> bool:
    """A byline without "By": "Jane Doe and John Roe", "From Jane Doe, Abuja"."""
    if re.search(r"\d", text):
        return False
    text = re.sub(r"^(?:by|from)\s+", "", text, flags=re.IGNORECASE)
    parts = [p for p in re.split(r",\s*|\s+(?:and|&)\s+", text) if p]
    if len(parts) >= 2 and is_name(parts[0]) and re.fullmatch(r"[A-Z][\w'’-]+", parts[-1]):
        parts = parts[:-1]  # "..., Abuja": where the writer files from
    return bool(parts) and all(is_name(p) for p in parts)


def _opens_like_a_title(text: str) -> bool:
    """A headline opens with a capital, a digit or a quote, and is no aside in brackets
    ("(Updates with new figures)") nor a lower-case list ("world, sport, weather")."""
    if re.fullmatch(r"\(.*\)|\[.*\]", text):
        return False
    first = re.search(r"\w", text)
    if first is None or not first.group().islower():
        return True
    word = text[first.start():].split()[0]
    return any(c.isupper() for c in word)  # "iPhone sales soar"


def _alt_text(i: int, texts: list[str], captions: dict) -> bool:
    """A line next to a caption that says nearly the same words: the photo's alt text."""
    return any(j in captions and captions[j][0] and _same_words(texts[i], captions[j][0])
               for j in (i - 1, i + 1))


def _same_words(text: str, other: str) -> bool:
    """`other` has nearly every word of `text` (four words at least)."""
    mine, theirs = _word_set(text), _word_set(other)
    return len(mine) >= 4 and len(mine & theirs) >= 0.8 * len(mine)


@line_cache(256)  # one page's lines are compared with each other
def _word_set(text: str) -> frozenset[str]:
    """The words of `text` for comparing: _same_words compares one line with a dozen."""
    return frozenset(words(text.casefold().replace("’", "'")))


def _glued_copy(text: str, known: Collection[str]) -> bool:
    """A line that is a `known` line with a section label glued before it ("WorldFloods hit
    coast" beside "Floods hit coast"); looked up by its endings, so the cost does not grow
    with the page (a title is at most 300 characters, see is_title)."""
    return any(text[k - 1].isalpha() and text[k:] in known for k in range(1, len(text) - 14))


def _prev_kept(i: int, texts: list[str]) -> int | None:
    j = i - 1
    while j >= 0 and is_navigation(texts[j]):
        j -= 1
    return j if j >= 0 else None


def _strip_site(text: str, pieces: Pieces) -> str:
    """A site's name glued to the headline ("... new rules-Xinhua", "CCTV+: Talks open")."""
    match = _SITE_AFFIX.search(text)
    while match:
        part = match.group("pre") or match.group("post")
        if not sources.lookup(part):
            break
        pieces.meta_lines.append(part)
        pieces.site_credit = pieces.site_credit or sources.tidy_name(part)
        text = text[:match.start()] if match.group("post") else text[match.end():]
        match = _SITE_AFFIX.search(text)
    return text.strip()


_GLUED_LABEL = re.compile(r"(?P<label>[^:\s][^:]{1,40}):(?=[^\W\d_])")


def _strip_label(text: str, pieces: Pieces) -> str:
    """A section label the page dump ran onto the headline, a colon and no space between
    ("World - Paris:Talks resume"); a colon with a space ("Commentary: ...") belongs to it."""
    match = _GLUED_LABEL.match(text)
    if not match or not match.group("label")[-1].strip() or not text[match.end()].isupper():
        return text
    pieces.unparsed.append(match.group("label") + ":")
    return text[match.end():].strip()


def _body(pieces: Pieces, lines: list[Line], verdicts: list[Verdict], start: int,
          dateline: dict | None, rest: str, captions: dict) -> None:
    """Classes from the body's first line on; content just before a datelined body is its
    summary."""
    if dateline is not None:
        pieces.dateline = dateline
        verdicts[start].cls = "body"
        verdicts[start].why = (verdicts[start].why + ": " if verdicts[start].why else "") + \
            f"opens with the dateline {dateline['text']!r}"
    else:
        verdicts[start].cls, verdicts[start].why = "body", "the first paragraph of prose"
    for i in range(start - 1, -1, -1):
        v = verdicts[i]
        if v.cls in ("headline", "meta"):
            break
        if v.cls == "unparsed" and i not in captions and is_prose(v.line.text):
            v.cls, v.why = "summary", "prose between the header and the body"
    ended = False
    for i in range(start + 1, len(lines)):
        v, text = verdicts[i], lines[i].text
        if v.cls != "unparsed" or v.why:
            continue
        if ended:
            v.why = "after the article's end"
            continue
        if TAIL.fullmatch(text):
            ended = True
            v.why = "a heading of other stories: the article has ended"
            continue
        if is_navigation(text):
            v.why = "navigation or page furniture"
            if (match := _COPYRIGHT.match(text)) and (found := sources.mentions(match["name"])) \
                    and found[0][2].agency and not pieces.copyright:
                pieces.copyright = match["name"][found[0][0]:found[0][1]]
                v.why = "a copyright line naming the agency"
            continue
        found = caption_of(text, before_body=False)
        if found and (found[1] is None or "/" in (found[1] or "") or found[0] is None
                      or "(slash)" in found[2] or "(capitals)" in found[2]
                      or "credit word" in found[2] or "(dash)" in found[2]
                      or _in_body_credit(text, found[1])):
            captions[i] = found
            v.cls, v.why = "caption", found[2]
            if "bare" in found[2] and verdicts[i - 1].cls == "body" and i - 1 > start:
                _credits_on_their_own_line([t.text for t in lines], captions, {}, {i})
                if captions.get(i - 1):
                    verdicts[i - 1].cls, verdicts[i - 1].why = "caption", captions[i - 1][2]
            continue
        credits = read_credits(text)
        if credits is not None:
            v.cls, v.why = "meta", "the story's closing credit: " + ", ".join(credits.said())
            known = {n for n, _ in pieces.authors}
            if not pieces.authors:
                pieces.authors = [(n, "person") for n in credits.people if n not in known] \
                    or pieces.authors
            pieces.editors += [n for n in credits.editors if n not in pieces.editors]
            continue
        if _same(text, pieces.headline or "\0"):
            v.why = "the headline printed again"
            continue
        v.cls, v.why = "body", "after the body's start"
    pieces.after_dateline = rest


_CREDIT_OF_BELOW = "the credit of the caption below"
_CAPTION_BELOW = "the line under a credit printed before its caption"


def _credits_before_captions(texts: list[str], verdicts: list[Verdict], captions: dict,
                             headers: dict, headline: str | None) -> None:
    """Pages that print an image's credit above its caption ("Jane Doe / SHINE", then the
    caption). The page's style decides: a credit under a repeated headline (the image's alt
    text) or a line that is no caption, or credits alternating with short lines, print
    before; a caption-shaped sentence over the credit and a long paragraph under it, after."""
    def bare(i: int) -> bool:
        return i in captions and "bare" in captions[i][2] and captions[i][0] is not None

    def caption_shaped(i: int, body_too: bool = False) -> bool:
        if i >= len(texts) or i in headers or verdicts[i].cls not in ("body", "unparsed",
                                                                        "summary"):
            return False
        n = len(texts[i].split())
        opens_body = verdicts[i].cls == "body" and not verdicts[i].why.startswith("after")
        return 3 <= n <= (40 if opens_body else 60) and (body_too or not opens_body) and \
            "dateline" not in verdicts[i].why and not caption_of(texts[i], False) and \
            not _same(texts[i], headline or "\0") and not is_navigation(texts[i])

    credits = [i for i in range(len(texts)) if bare(i) or
               (i in captions and captions[i][2] == _CREDIT_OF_ABOVE)]
    before = after = 0
    for i in credits:
        above = texts[i - 1] if i else ""
        if not caption_shaped(i + 1):
            continue
        if _same(above, headline or "\0"):
            before += 2  # the image's alt text (the headline again), its credit, its caption
        elif not ends_sentence(above) or \
                len(texts[i + 1].split()) < len(above.split()):  # a caption is the shorter
            before += 1
        else:
            after += 1
    if before < 2 or after >= before:
        return
    for i in credits:
        if not caption_shaped(i + 1, body_too=True):
            continue
        if captions[i][2] == _CREDIT_OF_ABOVE and i > 0:
            # The line above was taken for this credit's caption: it is what it was before.
            twin = [i - 2] if i > 1 and texts[i - 2] == texts[i - 1] and \
                "printed twice" in captions.get(i - 2, (0, 0, ""))[2] else []
            for j in [i - 1, *twin]:
                captions.pop(j, None)
                verdicts[j].cls, verdicts[j].why = \
                    ("body", "after the body's start") if verdicts[j].cls == "caption" and \
                    any(v.cls == "body" for v in verdicts[:j]) else ("unparsed", "")
        credit = texts[i]
        captions[i] = (None, None, _CREDIT_OF_BELOW)
        verdicts[i].cls, verdicts[i].why = "caption", _CREDIT_OF_BELOW
        captions[i + 1] = (texts[i + 1], credit, _CAPTION_BELOW)
        verdicts[i + 1].cls, verdicts[i + 1].why = "caption", _CAPTION_BELOW


_RUN_ON_CREDIT = re.compile(r"\((?:additional )?reporting by [^()]{3,200}\)\.?$", re.IGNORECASE)
_CORRESPONDENT = re.compile(r"/[^/]*?\b(?:correspondent|reporter)\s+(?P<name>[A-Z][\w'’-]+"
                            r"(?: [A-Z][\w'’-]+){1,3})\s*/", re.IGNORECASE)


def _run_on_credit(body: list[str]) -> list[tuple[str, str]]:
    """The reporters of a closing credit run onto the story's last sentence ("... he said.
    (Reporting by Jane Doe; Editing by John Roe)")."""
    for paragraph in body:
        match = _RUN_ON_CREDIT.search(paragraph)
        credits = read_credits(match.group()) if match else None
        if credits and credits.people:
            return [(n, "person") for n in credits.people]
    return []


def _correspondent(dateline: dict | None) -> list[tuple[str, str]]:
    """The reporter a TASS-style dateline names: "MOSCOW, December 2. /TASS Correspondent
    Jane Doe/."."""
    match = _CORRESPONDENT.search(dateline["text"]) if dateline else None
    return [(match["name"], "person")] if match and is_name(match["name"]) else []


def _in_body_credit(text: str, credit: str) -> bool:
    """A credit that marks a caption even among body paragraphs: a photo word, an agency's
    photographer ("Jane Doe via AP", "(John Doe for AP)") or an agency in square brackets."""
    return bool(re.search(r"photo|foto|image|picture", credit, re.I) or
                (re.search(r"\b(?:via|for)\b", credit) and sources.mentions(credit)) or
                (text.endswith("]") and (sources.mentions(credit) or
                                         re.fullmatch(r"[A-Z]{2,6}", credit))))


def _collect(pieces: Pieces, verdicts: list[Verdict], captions: dict) -> None:
    rest = pieces.after_dateline
    for i, v in enumerate(verdicts):
        text = v.line.text
        if v.cls == "headline" or i == pieces.dateline_at:
            continue
        if v.cls == "meta":
            pieces.meta_lines.append(v.line.text)
        elif v.cls == "caption":
            caption, credit, how = captions[i]
            if how in (_CREDIT_OF_ABOVE, _CREDIT_OF_BELOW):
                continue
            if caption and pieces.headline and caption.startswith(pieces.headline) and \
                    len(caption) > len(pieces.headline) + 20:
                # The image's alt text (the headline, "photo 1") run into its caption.
                alt = re.match(r"\s*(?:ảnh|photo|image|foto|bild)?\s*\d{0,2}\s*",
                               caption[len(pieces.headline):], re.IGNORECASE)
                cut = len(pieces.headline) + (alt.end() if alt else 0)
                pieces.unparsed.append(caption[:cut].strip())
                caption = caption[cut:]
            lead = text[:len(text) - len(caption)].strip() \
                if caption is not None and caption != text and text.endswith(caption) else ""
            if lead and (credit is None or credit not in lead):
                pieces.unparsed.append(lead)  # "Image caption", a template's field name
            pieces.images.append((caption, credit, None))
        elif v.cls == "summary":
            pieces.summary.append(text)
        elif v.cls == "body":
            if pieces.dateline is not None and not pieces.body and \
                    "opens with the dateline" in v.why:
                if rest.strip():
                    pieces.body.append(rest.strip())
            else:
                pieces.body.append(text)
        else:
            pieces.unparsed.append(text)


def tidy_headline(headline: str) -> str:
    """Drop a lone full stop some pages add to headlines ("... on Putin.", "‘useless.’"),
    keep abbreviations ("U.S.")."""
    match = re.search(r"(?<!\.)\.([’”\"']?)$", headline)
    if match and not re.search(r"(?:\b[A-Za-z]\.){2,}[’”\"']?$|\b(?:Inc|Co|Corp|Ltd|Jr|Sr|St)\.$",
                               headline):
        return headline[:match.start()] + match.group(1)
    return headline
