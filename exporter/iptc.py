"""IPTC vocabulary shared by the NewsML-G2 and ninjs writers and readers.

Both formats name the same things the same way here, so a record written as one and
read back from the other comes out equal: subjects as QCodes and concept URIs of the
IPTC catalog, the credited source and the publisher as information sources with IPTC
Content Production Party roles, authors as one byline, dates as the record's ISO form.
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime

from . import iri, sources
from .dates import local_iso
from .record import UNKNOWN_ZONE, Agent, Subject, Timezone

NAR = "http://iptc.org/std/nar/2006-10-01/"
NITF = "http://iptc.org/std/NITF/2006-10-18/"
CATALOG = "http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"

# The schemes of IPTC catalog 41 that subjects use: alias -> scheme URI.
SCHEMES = {
    "medtop": "http://cv.iptc.org/newscodes/mediatopic/",
    "subj": "http://cv.iptc.org/newscodes/subjectcode/",
    "iso3166-1a2": "http://cvx.iptc.org/iso3166-1a2/",
    "wikidata": "http://www.wikidata.org/entity/",
    "geonames": "http://sws.geonames.org/",
    "dbpedia": "http://dbpedia.org/resource/",
}
# Content Production Party roles (cv.iptc.org/newscodes/contentprodpartyrole/).
ROLES = "http://cv.iptc.org/newscodes/contentprodpartyrole/"
SOURCE_ROLE = "origcont"  # "a party which originated the content": the credited agency
PUBLISHER_ROLE = "distributor"  # "a party that distributed an item": the outlet
EDITOR_ROLE = "editor"

_QCODE = re.compile(r"[A-Za-z0-9_-]+:\S+")  # the record schema's QCode
# Both begin a match only where a run of white space begins: tried at every space of a long
# run, each would rescan the rest of it (60,000 spaces took seconds).
_LAYOUT = re.compile(r"(?<![ \t])[ \t]*[\r\n][ \t\r\n]*")
_BY_PREFIX = re.compile(r"(?:by|von|par|por)\s+", re.IGNORECASE)
_BY_SEPARATOR = re.compile(r"(?<!\s)\s*(?:[,;&]|\band\b|\bund\b)\s*", re.IGNORECASE)
_WHEN = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?"
                   r"\s*(Z|[+-]\d{2}:?\d{2})?)?")


def qcode_uri(qcode: str) -> str | None:
    """The concept URI of a QCode whose scheme is in the IPTC catalog."""
    alias, _, code = qcode.partition(":")
    return SCHEMES[alias] + code if alias in SCHEMES and code else None


def uri_qcode(uri: str) -> str | None:
    """The QCode of a concept URI in an IPTC catalog scheme (http or https)."""
    plain = re.sub(r"^https://", "http://", uri)
    for alias, scheme in SCHEMES.items():
        if plain.startswith(scheme) and len(plain) > len(scheme):
            return f"{alias}:{plain[len(scheme):]}"
    return None


def subject(qcode: str | None, uri: str | None, name: str | None, where: str) -> Subject | None:
    """A record subject; its URI is the IPTC concept URI when the QCode has one.

    None (with a warning) when neither a QCode nor an IPTC concept URI identifies it:
    the record needs a QCode.
    """
    code = qcode if qcode and _QCODE.fullmatch(qcode) else (uri_qcode(uri) if uri else None)
    if code is None:
        warnings.warn(f"{where}: subject {name or qcode or uri!r} has no QCode or IPTC concept "
                      "URI; left out", stacklevel=2)
        return None
    concept = qcode_uri(code)
    return {"qcode": code, "name": name or None,
            "uri": link(uri) or (concept if iri.is_iri(concept) else None)}


def role(qcode_or_uri: str | None) -> str | None:
    """The Content Production Party role named by a QCode or URI, e.g. ``distributor``."""
    value = qcode_or_uri or ""
    for prefix in ("cpprole:", ROLES, ROLES.replace("http:", "https:")):
        if value.startswith(prefix):
            return value[len(prefix):]
    return None


def byline(agents: list[Agent]) -> str | None:
    """The authors as one natural-language line."""
    return ", ".join(a["name"] for a in agents) or None


def byline_agents(text: str) -> list[tuple[str, str]]:
    """(name, kind) for each name in a byline: "By A and B", "Von A, dpa".

    A name is an organisation when it is a known agency or outlet, else a person.
    """
    names = _BY_SEPARATOR.split(_BY_PREFIX.sub("", spaces(text), count=1))
    return [(n, "organization" if sources.lookup(n) else "person") for n in names if n]


def spaces(text: str) -> str:
    """A line break and the indentation around it (layout in markup) as one space, the ends
    trimmed. Runs of spaces within a line are text: wire tables align columns with them."""
    return _LAYOUT.sub(" ", text).strip(" \t\r\n")


def record_when(text: str, zone: str | None, where: str) -> str | None:
    """An ISO date or date-time from another system in the record's form, else None (warned).

    A date-time without an offset gets the --timezone zone's offset; without that option
    it stays a local (floating) date-time, no zone guessed. Fractions of seconds are dropped.
    """
    match = _WHEN.fullmatch(text.strip())
    try:
        if match is None:
            raise ValueError("not an ISO 8601 date or date-time")
        day, hour, minute, second, offset = match.groups()
        date.fromisoformat(day)
        if hour is None:
            return day
        wall = datetime.fromisoformat(f"{day}T{hour}:{minute}:{second or '00'}")
    except ValueError as exc:
        warnings.warn(f"{where}: {text.strip()!r} ignored: {exc}", stacklevel=2)
        return None
    if offset is None:
        return local_iso(wall, {"name": zone, "origin": "option"} if zone else None)
    if offset != "Z":
        offset = f"{offset[:3]}:{offset[-2:]}"
        if int(offset[1:3]) > 23 or int(offset[4:]) > 59:
            warnings.warn(f"{where}: {text.strip()!r} ignored: impossible UTC offset",
                          stacklevel=2)
            return None
    return f"{wall.isoformat(timespec='seconds')}{offset}"


def zone_used(texts: list[str | None], zone: str | None) -> Timezone | None:
    """The --timezone zone when `record_when` placed one of `texts` (a time without offset);
    without that option such a time stays floating, and the zone is the unknown one."""
    placed = any(m and m.group(2) and not m.group(5)
                 for m in (_WHEN.fullmatch(t.strip()) for t in texts if t))
    if not placed:
        return None
    return {"name": zone, "origin": "option"} if zone else UNKNOWN_ZONE.copy()


def link(value: str | None) -> str | None:
    """`value` when it is an absolute IRI that can mean the same thing here: a relative path
    or a file: URL in a document made elsewhere points at nothing on this machine. One
    with a scheme that is no valid IRI (RFC 3987) is left out with a warning."""
    value = (value or "").strip()
    if not value or value.lower().startswith("file:") or \
            not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        return None
    problem = iri.problem(value)
    if problem:
        warnings.warn(f"link {value!r} left out: not a valid IRI ({problem})", stacklevel=2)
        return None
    return value
