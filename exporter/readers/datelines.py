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

from .. import sources
from ..dates import MONTH_RE, month_number, nearest_year
from ..textcache import line_cache

_WORD = r"[^\W\d_][\w.'’&-]*"
_PLACE = rf"{_WORD}(?:/{_WORD})?(?: {_WORD}){{0,4}}"  # "Pune/Nashik": two places
_DATE = rf"(?:{MONTH_RE} *\d{{1,2}}|\d{{1,2}} +{MONTH_RE})(?:,? *\d{{4}})?"
# An agency named after the date without brackets: "Tehran, Jan 23, IRNA --", "SYDNEY, Jan 29
# AAP -", "TOKYO, Dec. 5, Kyodo", "ASTANA. KAZINFORM –".
_AGENCIES = [a for a in sources.aliases() if len(a) >= 2]
_TRAIL = sources.alternation(_AGENCIES)
_DATELINE_FORM = (
    r"(?:\((?P<lead>[^()\n]{1,40}(?:\([^()\n]{1,20}\))?)\) ?[-–—]? ?)?"
    rf"(?P<text>(?P<place>{_PLACE})"
    rf"(?P<regions>(?:, *{_PLACE})*?)"
    r"(?: *\[(?P<bracket>[^\]\n]{1,40})\]"
    r"| *\((?P<paren>[^()\n]{1,40})\)(?= *[(,\[])(?: *\[(?P<bracket2>[^\]\n]{1,40})\])?)?"
    rf"(?:[,.]? *(?P<date>{_DATE}))?"
    r"[,.]?"
    rf"(?: *\((?P<agency>[^()\n]{{1,70}})\)(?:,? *(?P<date2>{_DATE}))?"
    r"|,? *(?P<trail>TRAIL)(?![\w]))?"
    r"(?: */(?P<slash>[^/\n]{2,40})/\.?(?: *(?:--+|[—–]))?"
    r"| *(?P<sep>--+|[—–]|\.-(?=\s)|-(?=\s)|:(?=\s)|\.(?=\s)|/(?=\s))"
    r"ENDS))\s*"
)
_OPEN_ENDS = r"|(?P<open>(?-i:(?= [A-Z\"“‘'])))|(?P<end>$)"
# Tried first: a dateline closed by a separator. Then, failing that, one with none. Each
# (without, with) the agency named after the place or date: see _trailed.
_DATELINE, _OPEN_DATELINE = (
    tuple(re.compile(_DATELINE_FORM.replace("ENDS", ends).replace("TRAIL", trail),
                     re.IGNORECASE) for trail in ("(?!)", _TRAIL))
    for ends in ("", _OPEN_ENDS))
# Where a known agency's name ends so that the form's `trail` can close a dateline: spaces,
# then a separator; in the open form also a space and a capital, or the end. Looked for in
# the line spelt backwards, with the names spelt backwards (see _trailed).
_BACKWARDS = sources.alternation([a[::-1] for a in _AGENCIES])
_TRAIL_THEN_SEPARATOR = re.compile(rf"[-—–.:/] *(?:{_BACKWARDS})", re.IGNORECASE)
_TRAIL_THEN_CAPITAL = re.compile(rf"(?-i:[A-Z\"“‘']) (?:{_BACKWARDS})", re.IGNORECASE)
_TRAIL_AT_END = re.compile(rf"\n?(?:{_BACKWARDS})", re.IGNORECASE)


def _trailed(text: str, open_form: bool) -> bool:
    """Whether the form's `trail` part (a known agency after the place or date) can match
    in `text`. Trying its hundreds of names at every word of every line was most of the
    reader's time; where none can close a dateline, the form without it finds the same one."""
    backwards = text[::-1]
    return bool(_TRAIL_THEN_SEPARATOR.search(backwards) or (open_form and (
        _TRAIL_THEN_CAPITAL.search(backwards) or _TRAIL_AT_END.match(backwards))))


# "(Bruxelles) La Belgique ...": a bracketed place opening the paragraph, as French-language
# papers print it.
_BRACKETED_PLACE = re.compile(rf"\((?P<place>{_PLACE})\) (?=[A-ZÀ-Þ])")
_INNER_DATE = re.compile(rf"\d{{1,2}}(?:st|nd|rd|th)? +{MONTH_RE},? *\d{{4}}|{MONTH_RE} *"
                         rf"\d{{1,2}},? *\d{{4}}", re.IGNORECASE)
# "9-23-05 - The Army Corps ...": a local page's numeric date where the dateline goes.
_NUMERIC_DATELINE = re.compile(r"(?P<date>\d{1,2}(?P<s>[-/.])\d{1,2}(?P=s)(?:\d{4}|\d{2})) "
                               r"?(?:--?|[—–]) ?(?=[A-Z])")
_CREDIT_ONLY = re.compile(r"\((?P<agency>[^()\n]{2,30})\) ?(?:--+|[—–]|-) ?(?=\S)")
# "Example 24 – WAM: The ..." / "Example Times - AFP: ...": the carrying outlet (or a place),
# a dash, the agency and a colon.
_CARRIER_CREDIT = re.compile(r"(?P<lead>[^\W_][\w.'’&]*(?: [\w.'’&]+){0,3}) [-–—] "
                             r"(?P<agency>[A-Z][\w.-]{1,20}(?: [A-Z][\w.-]+){0,3}):\s+(?=\S)")
_MONTH_DAY = re.compile(
    rf"(?P<m>{MONTH_RE}) *(?P<d>\d{{1,2}})(?!\d)|(?P<d2>\d{{1,2}}) +(?P<m2>{MONTH_RE})",
    re.IGNORECASE)
# Capitalised words that open a paragraph with a colon or dash but are no place.
_NOT_PLACES = {"NOTE", "EDITOR'S NOTE", "EDITOR’S NOTE", "UPDATE", "UPDATED", "CORRECTION",
               "BREAKING", "WARNING", "ADVISORY", "FLASH", "URGENT", "BULLETIN", "EDS", "Q", "A",
               "PUBLISHED", "EDITION", "FILE PHOTO", "NEWS DESK", "PM", "PHOTO", "VIDEO",
               "WATCH", "LIVE", "EXCLUSIVE", "ANALYSIS", "OPINION", "COMMENTARY", "EDITORIAL"}
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
    if not match:
        return None
    month = month_number(match.group("m") or match.group("m2"))
    day = int(match.group("d") or match.group("d2"))
    year = re.search(r"\d{4}", printed)
    if year is None and anchor is None:
        return None
    if year:
        try:
            return date(int(year.group()), month, day).isoformat()
        except ValueError:
            return None
    resolved = nearest_year(month, day, anchor)
    return resolved.isoformat() if resolved else None


def _slash_agency(printed: str | None) -> str | None:
    """"/TASS/" -> TASS; "/TASS Correspondent Ivan Petrov/" -> TASS."""
    if not printed:
        return None
    found = sources.mentions(printed)
    return printed[found[0][0]:found[0][1]] if found else (
        printed if re.fullmatch(r"[A-Za-z]{2,12}", printed) else None)


def known_place(name: str, other_names: bool = False) -> bool:
    """Whether the gazetteer knows `name` as a city (15,000 people or more) or a country
    (`other_names`: by another spelling too, "Bruxelles"): a place printed with neither date
    nor agency is a dateline only then."""
    from ..linking.gazetteer import load
    from ..linking.names import key
    from ..linking.regions import country_named
    folded = key(name)
    gazetteer = load()
    return folded in gazetteer.by_name or country_named(name) is not None or \
        (other_names and folded in gazetteer.by_alias)


def _known(place: str, match: re.Match, region_needed: bool = False) -> bool:
    """The place is a known one, printed with a region where `region_needed` ("Yushu,
    Qinghai:", as a colon also closes a headline's "South Africa:" prefix)."""
    regions = [r for r in match.group("regions").split(",") if r.strip()]
    if region_needed and not (regions and match.group("place")[:1].isupper()):
        return False
    return len(place.split()) <= 3 and known_place(place)


@line_cache(1024)
def _forms(paragraph: str) -> tuple[re.Match | None, ...]:
    """The dateline forms' matches at the paragraph's start, in the order they are tried: the
    same whatever the anchor, and asked again of a page's first lines with another."""
    head = paragraph[:200]
    candidates = (_DATELINE[_trailed(head, False)].match(head),
                  _OPEN_DATELINE[_trailed(head, True)].match(head))
    if len(paragraph) <= 60:  # a line that is all dateline: "KATHMANDU, NEPAL"
        candidates += (_OPEN_DATELINE[_trailed(paragraph, True)].fullmatch(paragraph),)
    return candidates


def split_dateline(paragraph: str, anchor: date | None) -> tuple[dict | None, str]:
    """(dateline fields, the paragraph without it), or (None, paragraph) when it has none.

    `anchor` is the publication day, which gives the dateline its year (the nearest
    one, so a Dec 31 dateline on a Jan 1 story is last year's).
    """
    fields, rest = _split_dateline(paragraph, anchor)
    return (dict(fields) if fields is not None else None), rest  # the caller's own copy


@line_cache(1024)
def _split_dateline(paragraph: str, anchor: date | None) -> tuple[dict | None, str]:
    """split_dateline's answer, kept: the reader asks it again of a page's opening lines."""
    for match in _forms(paragraph):
        fields = _fields(match, paragraph, anchor) if match else None
        if fields is not None:
            return fields, paragraph[match.end():]
    bracketed = _BRACKETED_PLACE.match(paragraph[:80])
    if bracketed and not sources.lookup(bracketed["place"]) and \
            bracketed["place"].upper() not in _NOT_PLACES and \
            known_place(bracketed["place"], other_names=True):
        return {"text": bracketed.group().strip(), "place": bracketed["place"],
                "place_name": clean_place(bracketed["place"]), "region": None, "date": None,
                "agency": None}, paragraph[bracketed.end():]
    numeric = _NUMERIC_DATELINE.match(paragraph[:40])
    if numeric:
        from .wire.stamps import find_stamps
        found = find_stamps(numeric["date"], anchor)
        if found:
            return {"text": numeric.group().strip(), "place": None, "place_name": None,
                    "region": None, "date": found[0].day.isoformat(), "agency": None}, \
                paragraph[numeric.end():]
    carrier = _CARRIER_CREDIT.match(paragraph[:90])
    known = sources.lookup(carrier["agency"]) if carrier else None
    if known and known.agency:
        place = carrier["lead"] if known_place(carrier["lead"]) else None
        return {"text": carrier.group().strip(), "place": place,
                "place_name": clean_place(place) if place else None, "region": None,
                "date": None, "agency": carrier["agency"]}, paragraph[carrier.end():]
    credit = _CREDIT_ONLY.match(paragraph[:80])
    if credit and sources.lookup(credit.group("agency")):
        # "(Bloomberg) -- Shares of ...": the agency's credit without a place.
        return {"text": credit.group().strip(), "place": None, "place_name": None,
                "region": None, "date": None, "agency": credit.group("agency")}, \
            paragraph[credit.end():]
    return None, paragraph


def _sentence_words(place: str) -> bool:
    """Three words or more with a lower-case one that is no particle ("Bridge opens to
    traffic"): words of a sentence or title, not a place's ("Rio de Janeiro")."""
    parts = place.split()
    return len(parts) >= 3 and not place.islower() and \
        any(w.isalpha() and w.islower() and w not in _LOWER_PARTICLES for w in parts[1:])


def _fields(match: re.Match, paragraph: str, anchor: date | None) -> dict | None:
    """The dateline's parts, or None when the match is no dateline after all."""
    place = match.group("place")
    agency = match.group("agency") or match.group("trail") or _slash_agency(match.group("slash"))
    inner_date = None
    if match.group("agency") and len(agency) > 40:
        # "ABU DHABI, (UrduPoint / Pakistan Point News / WAM - 02nd May, 2021)": carriers,
        # the agency and the date in one parenthesis.
        named = sources.mentions(agency)
        inner = _INNER_DATE.search(agency)
        if not (named and inner):
            return None
        agency = agency[named[-1][0]:named[-1][1]]
        inner_date = re.sub(r"(?<=\d)(?:st|nd|rd|th)|,", "", inner.group())
    if match.group("sep") == "/" and not (match.group("trail") or match.group("agency")):
        return None  # "REPORT.AZ/" closes a dateline; "CHINA / SOCIETY" is a section path
    lead = match.group("lead")
    if not agency and lead and (sources.lookup(lead) or sources.mentions(lead)):
        agency = lead.strip()
    if match.group("agency") and not re.search(r"[A-Za-z]", agency):
        return None
    has_context = bool(match.group("date") or agency or match.group("bracket"))
    if sources.lookup(place) and not agency and match.group("date") and match.group("sep") \
            and not match.group("regions"):
        # "OREANDA-NEWS. November 24, 2008.": the agency and the date, no place.
        return {"text": paragraph[:match.end()].strip(), "place": None, "place_name": None,
                "region": None, "date": _resolve(match.group("date"), anchor),
                "agency": place.rstrip(".")}
    sep = match.group("sep")
    if sep == "-" and re.search(r"[a-zà-ÿ]{2}\.$", place):
        sep = ".-"  # "México.- El ...": the place took the full stop
    if place.upper() in _NOT_PLACES and match.group("agency") and sources.lookup(agency) and \
            match.group("sep"):  # "NEWS DESK (DİHA) -": the agency's credit, no place
        return {"text": paragraph[:match.end()].strip(), "place": None, "place_name": None,
                "region": None, "date": None, "agency": agency.strip()}
    if _sentence_words(place):
        return None  # "Bridge opens to traffic (updates) (ANSA) -": a headline, no place
    if place.upper() in _NOT_PLACES or sources.lookup(place) or place.lower().startswith("by ") or \
            (match.group("lead") and not has_context):
        return None
    # A known place (the first of two joined by a slash), a dash or a full stop, then a
    # paragraph: "Cape Town - The party says ...", "Wien/Linz. Die Regierung ...".
    story_after_known = sep in ("-", "–", "—", ".") and \
        re.fullmatch(r"[^\W\d_]{3,}(?:[ /-][^\W\d_]{2,}){0,2}", place) and \
        known_place(place.split("/")[0], other_names=True) and \
        len(paragraph[match.end():].split()) >= 12 and \
        paragraph[match.end():match.end() + 1].isupper()
    if match.groupdict().get("open") is not None or match.groupdict().get("end") is not None:
        if not all(w[:1].isupper() for w in place.split()):
            return None
        # No separator: the agency in brackets ("Pune, Oct 17 (IANS) A fire"), or a place
        # in capitals with its date ("NEW YORK May 22 Shares ..."), or a whole line.
        whole_line = match.groupdict().get("end") is not None
        if not (match.group("agency") and match.group("agency").strip() and
                (sources.lookup(agency) or match.group("date") or inner_date)) and \
                not (place.isupper() and match.group("date")) and \
                not (whole_line and ((agency and sources.lookup(agency)) or match.group("date")
                                     or (place.isupper() and _known(place, match)))):
            return None  # a line "ANKARA" alone over the story is its dateline, as AA prints
    elif (match.group("sep") == "." and not agency and not story_after_known) or \
            (not has_context and not (place.isupper() and match.group("sep")) and
             not (sep == ".-" and _known(place.rstrip("."), match)) and
             not (sep == ":" and _known(place, match, region_needed=True)) and
             not (sep in ("-", "–", "—", ".") and story_after_known)):
        return None  # "Yushu, Qinghai: Relief ...", "México.- El ...": a known place
    place = re.sub(r"(?<=[a-z]{2})\.$", "", place)  # "Baku. 27 June."
    glued = re.fullmatch(r"(?P<place>.+?)\. (?P<agency>.+)", place)
    if glued and sources.lookup(glued.group("agency")):  # "ASTANA. KAZINFORM –"
        place, agency = glued.group("place"), glued.group("agency")
    regions = [r.strip() for r in match.group("regions").split(",") if r.strip()]
    for enclosed in (match.group("paren"), match.group("bracket"), match.group("bracket2")):
        if enclosed:
            regions.append(enclosed.strip())
    printed_date = match.group("date") or match.group("date2") or inner_date
    return {
        "text": paragraph[:match.end()].strip(),
        "place": place,
        "place_name": clean_place(place),
        "region": ", ".join(regions) or None,
        "date": _resolve(printed_date, anchor) if printed_date else None,
        "agency": agency.strip() if agency else None,
    }
