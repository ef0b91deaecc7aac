"""Dates as wire copy prints them, turned into ISO 8601 with the publisher's UTC offset, or
as a local ("floating") date-time without offset when no zone is known: never a guessed one."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta, timezone
from datetime import tzinfo as tzinfo_type
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import sources
from .record import UNKNOWN_ZONE, Timezone

# dateparser's default parsers but "relative-time", which reads "6 jours" (six days) as six
# days before today: a date that would change with the day of the run, never a printed one.
# ("no-spaces-time", not a default, reads a bare "010203" as 2 January 2003.)
ABSOLUTE_PARSERS = ["timestamp", "custom-formats", "absolute-time"]

MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}
# A month name as printed: "July", "Feb.", "Sept", "APRIL" (matched case-insensitively).
MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?" \
           r"|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"


def month_number(name: str) -> int:
    return MONTHS[name.lower().rstrip(".")]


def checked_date(year: int, month: int, day: int) -> date:
    """The date, or ValueError naming the impossible value as printed."""
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f"impossible date {year:04d}-{month:02d}-{day:02d}") from None


def zone_for(source_name: str | None, override: str | None) -> Timezone | None:
    """The zone local times are printed in: --timezone, else the source's documented default."""
    if override:
        return {"name": override, "origin": "option"}
    known = sources.lookup(source_name) if source_name else None
    return {"name": known.timezone, "origin": "source-default"} if known else None


def tzinfo(name: str) -> tzinfo_type:
    """The tzinfo for an IANA name or a printed fixed offset such as ``UTC+08:00``
    (ZoneInfoNotFoundError or ValueError for a name that is neither)."""
    fixed = re.fullmatch(r"UTC([+-])(\d{2}):(\d{2})", name)
    if fixed:
        sign = -1 if fixed.group(1) == "-" else 1
        return timezone(sign * timedelta(hours=int(fixed.group(2)), minutes=int(fixed.group(3))))
    return ZoneInfo(name)


def day_zone(zone: Timezone | None, fallback: str | None = None) -> tzinfo_type:
    """The zone a record's day is placed in, for every writer that needs an instant where
    the record has a date alone or a floating date-time (its day's start there): the
    record's own zone (an IANA name or a fixed offset such as ``UTC+08:00``), else
    `fallback` (the user's ``--timezone``), else UTC. A name that is neither is passed
    over: a writer never fails on a zone it cannot place."""
    for name in ((zone or {}).get("name"), fallback):
        if name:
            try:
                return tzinfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return UTC


def local_iso(moment: datetime, zone: Timezone | None) -> str:
    """ISO 8601 keeping the wall time as printed; the offset comes from `zone`, and without
    a known zone there is none (a floating date-time, ``2021-07-29T09:19:00``). Before
    standard time a zone's offset is local mean time, in seconds (Shanghai's +08:05:43 until
    1901), which ISO 8601 and XML Schema cannot write: then the date alone, no time invented."""
    if zone is None or zone["name"] is None:
        return moment.replace(tzinfo=None).isoformat(timespec="seconds")
    local = moment.replace(tzinfo=tzinfo(zone["name"]))
    offset = local.utcoffset()
    if offset is not None and offset.seconds % 60:
        return local.date().isoformat()
    return local.isoformat(timespec="seconds")


def is_floating(value: str | None) -> bool:
    """A record date-time without UTC offset: a wall time whose zone is unknown."""
    return value is not None and len(value) > 10 and _OFFSET.search(value) is None


def zone_of_floating(*values: str | None) -> Timezone | None:
    """The record's `timezone` for dates none of which has a known zone: UNKNOWN_ZONE when
    one of them is a floating date-time, else None (dates alone need no zone)."""
    return UNKNOWN_ZONE.copy() if any(map(is_floating, values)) else None


def order_key(value: str, day_zone: tzinfo_type = UTC) -> tuple[datetime, str]:
    """Where a record date sorts among others (feeds, a version's newest date). A date-time
    with offset is its instant. A date alone and a floating date-time, which are no
    instants, stand at their day's start in `day_zone` (where a writer places a date-only
    record's day): a floating time sorts with its day, before every instant after that
    day's start. The second part orders one day's floating times by their wall time, after
    the instants equal to their day's start; it is empty for the others, whose ties the
    caller breaks as before."""
    if len(value) == 10:
        return day_start(date.fromisoformat(value), day_zone), ""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        return day_start(moment.date(), day_zone), value
    return moment, ""


def day_start(day: date, zone: tzinfo_type) -> datetime:
    """Midnight of `day` in `zone`; in UTC where the zone was then on local mean time, whose
    offset in seconds (Shanghai's +08:05:43 before 1901) no RFC 3339, XML Schema or RFC 822
    date can write."""
    start = datetime.combine(day, time(), zone)
    offset = start.utcoffset()
    return start.replace(tzinfo=UTC) if offset is not None and offset.seconds % 60 else start


_OFFSET = re.compile(r"(?:Z|[+-]\d{2}:\d{2})$")

# Zone abbreviations news pages print after a time, with their offsets. Ambiguous ones are
# left out ("CST": US Central or China; "AST": Arabia or Atlantic); "IST" is India's, as
# news pages print it (Israel's and Ireland's pages rarely do).
ZONE_ABBREVIATIONS = {
    "EST": "-05:00", "EDT": "-04:00", "CDT": "-05:00", "MST": "-07:00", "MDT": "-06:00",
    "PST": "-08:00", "PDT": "-07:00", "BST": "+01:00", "CET": "+01:00", "CEST": "+02:00",
    "EET": "+02:00", "EEST": "+03:00", "MSK": "+03:00", "IST": "+05:30", "PKT": "+05:00",
    "BJT": "+08:00", "HKT": "+08:00", "SGT": "+08:00", "PHT": "+08:00", "JST": "+09:00",
    "KST": "+09:00", "ICT": "+07:00", "WIB": "+07:00", "AEST": "+10:00", "AEDT": "+11:00",
    "WAT": "+01:00", "CAT": "+02:00", "EAT": "+03:00", "GST": "+04:00", "IRST": "+03:30",
}


def printed_zone(text: str) -> Timezone | None:
    """A zone printed next to a time: "GMT+8", "UTC+05:30", "GMT", "EDT"."""
    offset = ZONE_ABBREVIATIONS.get(text.strip())
    if offset is not None:
        return {"name": f"UTC{offset}", "origin": "printed"}
    match = re.fullmatch(r"(?:GMT|UTC)(?:\s*([+-])(\d{1,2})(?::?(\d{2}))?)?", text.strip())
    if not match:
        return None
    sign, hours, minutes = match.group(1) or "+", int(match.group(2) or 0), int(match.group(3) or 0)
    return {"name": f"UTC{sign}{hours:02d}:{minutes:02d}", "origin": "printed"}


def nearest_year(month: int, day: int, anchor: date) -> date | None:
    """The date with this month/day closest to `anchor` (Dec datelines on Jan stories roll back)."""
    best: date | None = None
    for year in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if best is None or abs((candidate - anchor).days) < abs((best - anchor).days):
            best = candidate
    return best


def parse_iso_date(text: str) -> date | None:
    """The calendar day of an ISO date or date-time string."""
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", text or "")
    return date(*map(int, match.groups())) if match else None
