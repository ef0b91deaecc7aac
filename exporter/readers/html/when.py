"""Declared dates (ISO 8601 in many spellings, RFC 2822, bare days) -> the record's form.

A declared time with its UTC offset keeps it; one without (``2021-03-04 10:15``) stays a
local (floating) date-time, as the record holds a time printed in no known zone: no zone
is guessed.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from email.utils import parsedate_to_datetime

from ...dates import ABSOLUTE_PARSERS, MONTH_RE, month_number

_ISO = re.compile(
    r"(?P<y>\d{4})-?(?P<m>\d{2})-?(?P<d>\d{2})"
    r"(?:[T ](?P<H>\d{2}):?(?P<M>\d{2})(?::?(?P<S>\d{2}))?(?:[.,]\d+)?\s*"
    r"(?P<zone>Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?)?")


def iso(value: str | None) -> str | None:
    """The record's date form of a declared value, or None when it names no real date."""
    if not value:
        return None
    text = value.strip()
    match = _ISO.match(text)
    if match:
        return _from_match(match)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if moment.tzinfo is None:
        return moment.date().isoformat()
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _from_match(match: re.Match) -> str | None:
    g = match.groupdict()
    try:
        day = date(int(g["y"]), int(g["m"]), int(g["d"]))
    except ValueError:
        return None
    if day.year < 1900:
        return None
    if not g["H"]:
        return day.isoformat()
    zone = g["zone"]
    if zone is None:
        offset = ""  # no zone declared: a floating date-time
    elif zone in ("Z", "UTC", "GMT"):
        offset = "Z"
    else:
        digits = zone[1:].replace(":", "")
        offset = f"{zone[0]}{digits[:2]}:{digits[2:4] or '00'}"
        if offset in ("+00:00", "-00:00"):
            offset = "Z"
    try:
        moment = datetime(day.year, day.month, day.day, int(g["H"]), int(g["M"]),
                          int(g["S"] or 0))
    except ValueError:
        return day.isoformat()
    if not re.fullmatch(r"|Z|[+-]([01]\d|2[0-3]):[0-5]\d", offset):
        return day.isoformat()
    return moment.isoformat(timespec="seconds") + offset


_PRINTED = re.compile(
    rf"(?P<y>\d{{4}})[-/.年](?P<m>\d{{1,2}})[-/.月](?P<d>\d{{1,2}})"
    rf"|(?P<month>{MONTH_RE})\s+(?P<day>\d{{1,2}}),?\s+(?P<year>\d{{4}})"
    rf"|(?P<day2>\d{{1,2}})\.?\s+(?P<month2>{MONTH_RE}),?\s+(?P<year2>\d{{4}})", re.I)


# A date with its month spelled out in any language: "22 de janeiro de 2018", "17. November
# 2023", "17 ноября 2023", "enero 8, 2014"; dateparser reads the month in the page's language.
_SPELLED = re.compile(r"\d{1,2}\.?\s+(?:de\s+)?[^\W\d_]{3,}\.?,?\s+(?:de\s+)?\d{4}"
                      r"|[^\W\d_]{3,}\.?\s+\d{1,2},?\s+\d{4}")


def printed_day(text: str, language: str | None = None) -> str | None:
    """The first real date printed in `text` (2023-11-17, 2018年6月18日, Nov. 17, 2023, and
    month names in `language`, a BCP 47 tag)."""
    day = _numeric_or_english(text)
    if day or not language or language == "und":
        return day
    import dateparser  # the html extra; imported here, as most pages declare their dates

    primary = language.split("-")[0].lower()
    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "RETURN_AS_TIMEZONE_AWARE": False,
                "PARSERS": ABSOLUTE_PARSERS}
    for match in _SPELLED.finditer(text):
        try:
            found = dateparser.parse(match.group(), languages=[primary], settings=settings)
        except (ValueError, KeyError, OverflowError):
            return None  # a language dateparser does not know
        if found and found.year >= 1900:
            return found.date().isoformat()
    return None


def _numeric_or_english(text: str) -> str | None:
    for match in _PRINTED.finditer(text):
        g = match.groupdict()
        try:
            if g["y"]:
                day = date(int(g["y"]), int(g["m"]), int(g["d"]))
            elif g["month"]:
                day = date(int(g["year"]), month_number(g["month"]), int(g["day"]))
            else:
                day = date(int(g["year2"]), month_number(g["month2"]), int(g["day2"]))
        except ValueError:
            continue
        if day.year >= 1900:
            return day.isoformat()
    return None
