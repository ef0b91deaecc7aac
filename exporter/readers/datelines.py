"""Datelines as agencies print them, split from the first body paragraph.

    DUSHANBE, July 28 (Xinhua) --        BEIJING, July 28 --
    WASHINGTON (AP) —                    MEXICO CITY, Feb. 8 (UPI) —
    FLINT, Mich., Oct. 4 (UPI) —         Washington (AFP) –
    SALVADOR, Feb 26 -                   LONDON (Reuters) -
    DUSHANBE, July 28. /TASS/.           Dushanbe [Tajikistan] July 27 (ANI):

A capitalised place alone before a dash ("LONDON -") counts; a place in lower or
title case needs a date, an agency or a bracketed region too, so that an ordinary
sentence with a dash is never taken for a dateline.
"""

from __future__ import annotations

import re
from datetime import date

from ..dates import MONTH_RE, month_number, nearest_year

_WORD = r"[^\W\d_][\w.'’&-]*"
_PLACE = rf"{_WORD}(?: {_WORD}){{0,4}}"
_DATE = rf"(?:{MONTH_RE} *\d{{1,2}}|\d{{1,2}} +{MONTH_RE})(?:, *\d{{4}})?"
_DATELINE = re.compile(
    rf"(?P<text>(?P<place>{_PLACE})"
    rf"(?P<regions>(?:, *{_PLACE})*?)"
    r"(?: *\[(?P<bracket>[^\]\n]{1,40})\]"
    r"| *\((?P<paren>[^()\n]{1,40})\)(?= *\())?"
    rf"(?:,? *(?P<date>{_DATE}))?"
    r",?\.?"
    r"(?: *\((?P<agency>[^()\n]{1,40})\)|, *(?P<trail>Reuters?|AP|AFP|UPI)\b)?"
    r"(?: */(?P<slash>[A-Za-z]{2,12})/\.?| *(?P<sep>--+|[—–]|-(?=\s)|:(?=\s))))\s*",
    re.IGNORECASE,
)
_MONTH_DAY = re.compile(
    rf"(?P<m>{MONTH_RE}) *(?P<d>\d{{1,2}})|(?P<d2>\d{{1,2}}) +(?P<m2>{MONTH_RE})", re.IGNORECASE)
# Capitalised words that open a paragraph with a colon or dash but are no place.
_NOT_PLACES = {"NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "UPDATE", "UPDATED", "CORRECTION",
               "BREAKING", "WARNING", "ADVISORY", "FLASH", "URGENT", "BULLETIN", "EDS", "Q", "A"}
_LOWER_PARTICLES = {"de", "da", "do", "dos", "das", "del", "della", "di", "du", "des", "la",
                    "le", "el", "al", "of", "on", "upon", "am", "an", "der", "den", "van", "von",
                    "y", "en"}


def clean_place(printed: str) -> str:
    """DUSHANBE -> Dushanbe, RIO DE JANEIRO -> Rio de Janeiro, New york -> New York: one
    spelling per place, since the place's IRI is minted from it."""
    if not (printed.isupper() or printed.islower()):
        return " ".join(w[:1].upper() + w[1:] if w.islower() and w not in _LOWER_PARTICLES
                        else w for w in printed.split())

    def word(w: str, first: bool) -> str:
        if not first and w.lower() in _LOWER_PARTICLES:
            return w.lower()
        parts = re.split(r"([-'’.])", w.lower())
        out = "".join(p[:1].upper() + p[1:] if i % 2 == 0 else p for i, p in enumerate(parts))
        return re.sub(r"^Mc(\w)", lambda m: "Mc" + m.group(1).upper(), out)

    return " ".join(word(w, i == 0) for i, w in enumerate(printed.split()))


def _resolve(printed: str, anchor: date | None) -> str | None:
    match = _MONTH_DAY.search(printed)
    if not match or anchor is None:
        return None
    month = month_number(match.group("m") or match.group("m2"))
    day = int(match.group("d") or match.group("d2"))
    year = re.search(r"\d{4}", printed)
    if year:
        try:
            return date(int(year.group()), month, day).isoformat()
        except ValueError:
            return None
    resolved = nearest_year(month, day, anchor)
    return resolved.isoformat() if resolved else None


def split_dateline(paragraph: str, anchor: date | None) -> tuple[dict | None, str]:
    """(dateline fields, the paragraph without it), or (None, paragraph) when it has none.

    `anchor` is the publication day, which gives the dateline its year (the nearest
    one, so a Dec 31 dateline on a Jan 1 story is last year's).
    """
    match = _DATELINE.match(paragraph[:200])
    if not match:
        return None, paragraph
    place = match.group("place")
    agency = match.group("agency") or match.group("trail") or match.group("slash")
    has_context = bool(match.group("date") or agency or match.group("bracket"))
    if not has_context and not (place.isupper() and match.group("sep")
                                and place.upper() not in _NOT_PLACES):
        return None, paragraph
    if agency and not re.search(r"[A-Za-z]", agency):
        return None, paragraph
    regions = [r.strip() for r in match.group("regions").split(",") if r.strip()]
    for enclosed in (match.group("bracket"), match.group("paren")):
        if enclosed:
            regions.append(enclosed.strip())
    printed_date = match.group("date")
    fields = {
        "text": match.group("text").strip(),
        "place": place,
        "place_name": clean_place(place),
        "region": ", ".join(regions) or None,
        "date": _resolve(printed_date, anchor) if printed_date else None,
        "agency": agency.strip() if agency else None,
    }
    return fields, paragraph[match.end():]
