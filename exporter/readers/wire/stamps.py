"""Dates and times as pages print them: "2021-08-30 16:39:32", "13:12 UTC+8, 2022-01-06",
"Published: 2018/1/5 13:39:21", "July 29, 2021 9:19 PM", "29-07-21", "1st May, 2021",
"2024年03月09日", "Publié le lundi 3 mars 2014".

Common forms go through one set of linear patterns; a date in another language (a month
word the patterns do not know, next to a day and a year) goes to dateparser, so it is
called only on the few candidate spans. A year outside 1900-2100 is no publication date.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import date, time

from ...dates import ABSOLUTE_PARSERS, MONTH_RE, ZONE_ABBREVIATIONS, month_number, printed_zone
from ...record import Timezone
from .date_languages import candidates

_ORD = r"(?:st|nd|rd|th)?"
_DATE = re.compile(
    rf"(?:(?<![\w/.-])|(?<=[a-z])(?-i:(?=[A-Z][a-z])))(?:"  # "... / dbOctober 7, 2015" too
    rf"(?P<mon1>{MONTH_RE}) ?(?P<d1>\d{{1,2}}){_ORD}(?:,? ?|, )(?P<y1>\d{{4}})"
    rf"|(?P<d7>\d{{1,2}})(?P<mon7>{MONTH_RE})(?P<y7>\d{{4}})"  # "6Jan2015", as wire codes
    rf"|(?P<d2>\d{{1,2}}){_ORD} (?:of )?(?P<mon2>{MONTH_RE}),? ?(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})(?P<s3>[-/.])(?P<m3>\d{1,2})(?P=s3)(?P<d3>\d{1,2})"
    r"|(?P<y4>\d{4})年(?P<m4>\d{1,2})月(?P<d4>\d{1,2})日"
    rf"|(?P<d6>\d{{1,2}})-(?P<mon6>{MONTH_RE})-(?P<y6>\d{{4}})"
    r"|(?P<a5>\d{1,2})(?P<s5>[-/.])(?P<b5>\d{1,2})(?P=s5)(?P<y5>\d{4}|\d{2})"
    r")(?:(?![\w/-])|(?<=\d{4})(?=\d{1,2} ?min\b))", re.IGNORECASE)  # "20231 min. read"
_CLOCK = re.compile(
    r"(?<![\d:.])(?P<hour>\d{1,2}):(?P<minute>\d{2})(?::(?P<second>\d{2}))?(?!\d)"
    r"(?: ?(?P<ampm>[ap]\.? ?m\b\.?))?"
    r"(?: ?\(?(?P<zone>(?:GMT|UTC) ?[+-] ?\d{1,2}(?::?\d{2})?|GMT|UTC"
    r"|(?-i:" + "|".join(ZONE_ABBREVIATIONS) + r"))(?![\w+-]))?", re.IGNORECASE)
# What may stand between a date and its time: "2021-07-29 09:19", "July 29, 2021 / 8:18 PM",
# "03.04.2015 kl 10:20", "Sep 3 2015, 10:20", "09:19, July 29, 2021", "10:20 UTC+8, 2015-04-03".
_AFTER_GAP = re.compile(r"[ ,/|@-]{0,6}(?:(?:at|kl\.?|um|à|a las|às|o) )?", re.IGNORECASE)
_BEFORE_GAP = re.compile(r"[ ,|]{0,4}(?:(?:on|le|am|el) )?(?:[A-Z][a-z]{2,8},? )?")
# A word in place of a month, for dateparser: "3 mars 2014", "Januar 5, 2021".
_FOREIGN = re.compile(r"(?<!\w)(?:\d{1,2}\.? (?:de )?[^\W\d_]{3,12}\.?,? (?:de )?\d{4}"
                      r"|[^\W\d_]{3,12}\.? \d{1,2},? \d{4})(?!\w)")
_YEARS = range(1900, 2101)
# A stamp relative to when the page was seen ("5 hours ago", "28 min ago", "a day ago"): it
# dates nothing, but it is part of a header line's time stamp, not unexplained words.
RELATIVE = re.compile(r"(?<!\w)(?:\d{1,3}|an?|one) ?(?:secs?|seconds?|mins?|minutes?|h|hrs?|"
                      r"hours?|days?|weeks?)\.? ago(?!\w)", re.IGNORECASE)
# What every date holds (a four-digit year, or the "a/b/yy" of the last form), and the most
# a date prints before it ("22nd of September, 2021"): no date starts earlier on a line.
_YEAR_OR_NUMERIC = re.compile(r"\d{4}|\d[-/.]\d{1,2}[-/.]\d\d")
_BEFORE_YEAR = len("22nd of September., ")


@dataclass(frozen=True)
class Stamp:
    """A date as printed, with the time and zone printed next to it; `start`/`end` span both."""

    day: date
    clock: time | None
    zone: Timezone | None
    start: int
    end: int


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        year += 2000 if year < 70 else 1900
    return year


def _day(match: re.Match, anchor: date | None) -> date | None:
    g = match.groupdict()
    try:
        if g["mon1"]:
            y, m, d = _year(g["y1"]), month_number(g["mon1"]), int(g["d1"])
        elif g["mon2"]:
            y, m, d = _year(g["y2"]), month_number(g["mon2"]), int(g["d2"])
        elif g["y3"]:
            y, m, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
        elif g["mon7"]:
            y, m, d = int(g["y7"]), month_number(g["mon7"]), int(g["d7"])
        elif g["mon6"]:
            y, m, d = int(g["y6"]), month_number(g["mon6"]), int(g["d6"])
        elif g["y4"]:
            y, m, d = int(g["y4"]), int(g["m4"]), int(g["d4"])
        else:
            y, a, b = _year(g["y5"]), int(g["a5"]), int(g["b5"])
            m, d = _order(a, b, g["s5"], y, anchor)
        return date(y, m, d) if y in _YEARS else None
    except (ValueError, KeyError):
        return None


def _order(a: int, b: int, sep: str, year: int, anchor: date | None) -> tuple[int, int]:
    """(month, day) of "a/b/year": whichever reading is possible, else the one nearest the
    page's own date (or the dateline's day), else day first ("03.04.2015", "03/04/2015")
    but month first with hyphens ("04-03-2015", as US and Chinese sites print)."""
    if a > 12:
        return b, a
    if b > 12:
        return a, b
    if anchor is not None:
        readings = []
        for m, d in ((a, b), (b, a)):
            try:
                near = anchor.replace(year=year) if anchor.year != year else anchor
                readings.append((abs((date(year, m, d) - near).days), m, d))
            except ValueError:
                continue
        if readings:
            _, m, d = min(readings)
            return m, d
    return (a, b) if sep == "-" else (b, a)


def _clock(match: re.Match) -> tuple[time, Timezone | None] | None:
    hour, minute = int(match.group("hour")), int(match.group("minute"))
    second = int(match.group("second") or 0)
    ampm = (match.group("ampm") or "").lower()
    if ampm and 1 <= hour <= 12:
        hour = hour % 12 + (12 if ampm.startswith("p") else 0)
    if hour > 23 or minute > 59 or second > 59:
        return None
    zone = printed_zone(match.group("zone").replace(" ", "")) if match.group("zone") else None
    return time(hour, minute, second), zone


def find_clock(text: str) -> tuple[time, Timezone | None, int, int] | None:
    """The first time of day printed in `text`, with its zone and span."""
    colon = text.find(":")
    if colon < 0:
        return None
    for match in _CLOCK.finditer(text, max(0, colon - 2)):  # "9:19": its hour before the colon
        found = _clock(match)
        if found:
            return (*found, match.start(), match.end())
    return None


def _near_clock(text: str, start: int, end: int) -> tuple[time, Timezone | None, int, int] | None:
    """The time printed right after the date (or right before it)."""
    after = _CLOCK.match(text, _AFTER_GAP.match(text, end).end()) if end < len(text) else None
    if after and (found := _clock(after)):
        return (*found, start, after.end())
    window = text[max(0, start - 40):start]
    for match in reversed(list(_CLOCK.finditer(window))):
        if _BEFORE_GAP.fullmatch(window[match.end():]) and (found := _clock(match)):
            return (*found, max(0, start - 40) + match.start(), end)
        break
    return None


def find_stamps(text: str, anchor: date | None = None) -> list[Stamp]:
    """Every date printed in `text` (with its time when one is printed beside it)."""
    stamps: list[Stamp] = []
    year = _YEAR_OR_NUMERIC.search(text)
    if year is None:
        return stamps  # no date here, nor one in another language (it has a year too)
    for match in _DATE.finditer(text, max(0, year.start() - _BEFORE_YEAR)):
        day = _day(match, anchor)
        if day is None:
            continue
        stamps.append(_stamp(text, day, match.start(), match.end()))
    if not stamps and re.search(r"\d{4}", text):
        for match in _FOREIGN.finditer(text):
            day = _foreign_day(match.group())
            if day is not None:
                stamps.append(_stamp(text, day, match.start(), match.end()))
    return stamps


def _stamp(text: str, day: date, start: int, end: int) -> Stamp:
    near = _near_clock(text, start, end)
    if near is None:
        return Stamp(day, None, None, start, end)
    clock, zone, first, last = near
    return Stamp(day, clock, zone, min(first, start), max(last, end))


@functools.lru_cache(maxsize=256)
def _foreign_day(span: str) -> date | None:
    """dateparser's reading of a date in another language; None when it is no date."""
    if re.search(rf"(?i)\b{MONTH_RE}(?!\w)", span):
        return None  # an English month the patterns already tried: not a date they missed
    try:
        import dateparser
    except ImportError:  # pragma: no cover - a dependency; without it such dates stay text
        return None
    languages = candidates(span)  # the others would be prepared only to be found wanting
    if not languages:
        return None
    parsed = dateparser.parse(span, languages=languages,
                              settings={"REQUIRE_PARTS": ["day", "month", "year"],
                                        "PREFER_DATES_FROM": "past",
                                        "PARSERS": ABSOLUTE_PARSERS,
                                        "RETURN_AS_TIMEZONE_AWARE": False})
    if parsed is None or parsed.year not in _YEARS:
        return None
    return parsed.date()
