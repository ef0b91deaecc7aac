"""What the region printed after a dateline place names: a country, a US state, a province.

    FLINT, Mich.            Mich. -> Michigan (AP's state abbreviations, postal codes, names)
    CALGARY, Alberta        Alberta -> Canada's province (GeoNames code 01)
    Dushanbe [Tajikistan]   a country, by any of its ISO 3166 or GeoNames names
    Meerut (Uttar Pradesh) [India]   every part must agree: a state of India, in India

A region this module does not know gives no scope at all, so the place is not linked:
"PARIS, Tex." read as a bare PARIS would be linked to the wrong Paris.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Literal

from .gazetteer import City, Country, Division, load
from .names import key

# AP's abbreviations of US states and the older or looser spellings wires print.
_US_ABBREVIATIONS = {
    "ala": "AL", "ariz": "AZ", "ark": "AR", "calif": "CA", "cal": "CA", "colo": "CO",
    "conn": "CT", "del": "DE", "dela": "DE", "fla": "FL", "ga": "GA", "ill": "IL", "ind": "IN",
    "ia": "IA", "kan": "KS", "kans": "KS", "ky": "KY", "la": "LA", "md": "MD", "mass": "MA",
    "me": "ME", "mich": "MI", "minn": "MN", "miss": "MS", "mo": "MO", "mont": "MT", "neb": "NE",
    "nebr": "NE", "nev": "NV", "nh": "NH", "nj": "NJ", "nm": "NM", "ny": "NY", "nc": "NC",
    "nd": "ND", "okla": "OK", "ore": "OR", "oreg": "OR", "pa": "PA", "penn": "PA", "ri": "RI",
    "sc": "SC", "sd": "SD", "tenn": "TN", "tex": "TX", "vt": "VT", "va": "VA", "wash": "WA",
    "wva": "WV", "wis": "WI", "wisc": "WI", "wyo": "WY", "dc": "DC",
}
# Canadian Press abbreviations of provinces, and GeoNames' first-level codes for Canada.
_CA_ABBREVIATIONS = {"alta": "AB", "bc": "BC", "man": "MB", "nb": "NB", "nfld": "NL",
                     "ns": "NS", "ont": "ON", "pei": "PE", "que": "QC", "sask": "SK",
                     "nwt": "NT"}
_CA_GEONAMES = {"AB": "01", "BC": "02", "MB": "03", "NB": "04", "NL": "05", "NS": "07",
                "ON": "08", "PE": "09", "QC": "10", "SK": "11", "YT": "12", "NT": "13",
                "NU": "14"}
# The countries of the United Kingdom, as GeoNames codes them.
_GB_GEONAMES = {"ENG": "ENG", "SCT": "SCT", "WLS": "WLS", "NIR": "NIR"}
# Country names wires print that neither ISO 3166 nor GeoNames spells so.
_COUNTRY_ALIASES = {"us": "US", "usa": "US", "america": "US", "uk": "GB", "britain": "GB",
                    "great britain": "GB", "west germany": "DE", "holland": "NL",
                    "the netherlands": "NL", "burma": "MM", "pr": "PR", "macau": "MO",
                    "south korea": "KR", "north korea": "KP", "czech republic": "CZ",
                    "ivory coast": "CI", "uae": "AE"}
# Words that name the kind of a division, not the division ("Gansu Sheng", "Nagano Pref.").
_GENERIC = {"sheng", "shi", "zizhiqu", "sar", "province", "prefecture", "pref", "state",
            "region", "zhuangzu", "huizu", "uygur", "oblast", "territory", "county"}


@dataclass(frozen=True)
class Scope:
    """Where a printed region says the place is: a country, or one division of it."""

    country: str
    level: Literal["country", "division"]
    admin1: str | None  # a division's GeoNames first-level code, where newsexport knows it
    geonames_id: int | None  # the region's own feature (the country, the US state)
    name: str  # the region's name as GeoNames or ISO 3166 spell it

    @property
    def checkable(self) -> bool:
        """Whether a city can be told to lie in this scope (a division's code is known)."""
        return self.level == "country" or self.admin1 is not None

    def holds(self, city: City) -> bool:
        return city.country == self.country and (self.admin1 is None
                                                  or city.admin1 == self.admin1)


def _squeezed(text: str) -> str:
    return key(text).replace(" ", "")


@functools.cache
def _country_index() -> dict[str, str]:
    import pycountry

    gazetteer = load()
    index = {key(c.name): code for code, c in gazetteer.countries.items()}
    for country in pycountry.countries:
        if country.alpha_2 in gazetteer.countries:
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if name:
                    index.setdefault(key(name), country.alpha_2)
    for alias, code in _COUNTRY_ALIASES.items():
        index.setdefault(key(alias), code)
    return index


def country_named(text: str) -> Country | None:
    """The country `text` names ("Tajikistan", "South Korea", "U.S."), if any."""
    code = _country_index().get(key(text)) or _country_index().get(_squeezed(text))
    return load().countries.get(code) if code else None


@functools.cache
def _us_state_index() -> dict[str, str]:
    states = load().us_states
    index = {key(s.name): code for code, s in states.items()}
    index.update({code.lower(): code for code in states})
    index.update(_US_ABBREVIATIONS)
    return index


def us_state_named(text: str) -> Division | None:
    """The US state `text` names: "Mich.", "MICH", "W. Va.", "N.Y.", "Texas", "TX"."""
    code = _us_state_index().get(key(text)) or _us_state_index().get(_squeezed(text))
    return load().us_states.get(code) if code else None


def _base_name(name: str) -> str:
    words = key(name).split()
    while len(words) > 1 and words[-1] in _GENERIC:
        words.pop()
    return " ".join(words)


@functools.cache
def _division_index() -> dict[str, tuple[Scope, ...]]:
    """First-level divisions of every country by name (ISO 3166-2, from pycountry), with
    GeoNames' code where newsexport knows it (Canada, the United Kingdom)."""
    import pycountry

    countries = load().countries
    index: dict[str, list[Scope]] = {}
    for division in pycountry.subdivisions:
        if division.parent_code is not None or division.country_code not in countries \
                or division.country_code == "US":  # the states come from GeoNames, with ids
            continue
        local = division.code.split("-", 1)[1]
        admin1 = {"CA": _CA_GEONAMES, "GB": _GB_GEONAMES}.get(division.country_code, {})
        spellings = [n.strip() for n in re.split(r"[;\[\]]", division.name) if n.strip()]
        scope = Scope(division.country_code, "division", admin1.get(local), None, spellings[0])
        for spelling in spellings:  # "Wales [Cymru GB-CYM]"
            for name in {key(spelling), _base_name(spelling)} - {""}:
                index.setdefault(name, []).append(scope)
    provinces = {s.admin1: s for scopes in index.values() for s in scopes if s.country == "CA"}
    for abbreviation, code in _CA_ABBREVIATIONS.items():
        index.setdefault(abbreviation, []).append(provinces[_CA_GEONAMES[code]])
    return {name: tuple(dict.fromkeys(scopes)) for name, scopes in index.items()}


def _part_scopes(part: str) -> tuple[Scope, ...]:
    """Every scope one printed part can mean: "Georgia" is a US state and a country, and
    the place's candidates decide between them."""
    found: list[Scope] = []
    state = us_state_named(part)
    if state is not None:
        found.append(Scope("US", "division", state.admin1, state.geonames_id, state.name))
    country = country_named(part)
    if country is not None:
        found.append(Scope(country.code, "country", None, country.geonames_id, country.name))
    divisions = _division_index()
    found += divisions.get(key(part)) or divisions.get(_base_name(part)) or \
        divisions.get(_squeezed(part)) or ()
    return tuple(dict.fromkeys(found))


def scopes(region: str) -> tuple[Scope, ...]:
    """Every reading of the printed `region` ("Mich.", "Uttar Pradesh, India"), narrowest
    first; none when any part of it is unknown."""
    parts = [p.strip() for p in re.split(r"[,\[\]()]", region) if p.strip()]
    if not parts:
        return ()
    readings = [_part_scopes(p) for p in parts]
    if not all(readings):
        return ()
    countries = set.intersection(*({s.country for s in r} for r in readings))
    return tuple(s for s in readings[0] if s.country in countries)
