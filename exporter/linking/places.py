"""A dateline place resolved to its GeoNames feature, or the reason it is not.

The evidence is what the dateline prints: the place and the region beside it. The
place's IRI is minted from exactly these (``place/flint-mich``), so one IRI is always
given one link, whatever else its articles say.

    FLINT, Mich.       the only city of 15,000+ named Flint in Michigan
    Dushanbe [Tajikistan]   the only Dushanbe in Tajikistan
    PARIS              bare: the wire convention that a bare place is the famous one, read
                       as "the most populous of its name by a wide margin" (France's, at
                       2.1 million, against Paris, Texas, at 25,000)
    KUWAIT             a country whose capital bears the name: the capital
    BAHRAIN            a country, and no city of the name: the country
    NEW YORK           a dateline names a city: New York City, not the state
    ST. LOUIS          one of the US cities AP lets stand alone in a dateline: Missouri's
    FLINT              ambiguous (Flint, Michigan, 98,000; Flint, Wales, 26,000): no link

Everything else gets no link and a note saying why: a place the gazetteer does not know
(a town under 15,000), a region that is not understood, or a name two places share.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import replace
from difflib import SequenceMatcher
from typing import Literal, TypedDict

from .gazetteer import City, Country, Division, load
from .names import key
from .regions import Scope, country_named, scopes

# A bare name is the famous place when it has this many times the people of the next.
DOMINANCE = 5
# A city is found by another of its names only when that name is a spelling of its own
# (Duesseldorf, Basle, Frankfurt) or the city has this many people (Peking, Bombay,
# Cologne): GeoNames also lists, as other names of a city, the suburbs and villages it
# absorbed, which towns elsewhere still bear (Totowa, N.J., is among Paterson's names).
FAMOUS = 1_000_000
SPELLING = 0.75  # difflib's ratio between two spellings of one name

# The US cities AP's stylebook lets stand alone in a dateline: a bare ST. LOUIS is Missouri's
# (279,000 people), though Senegal's Saint-Louis is not five times smaller.
STAND_ALONE_US = {
    "atlanta": "GA", "baltimore": "MD", "boston": "MA", "chicago": "IL", "cincinnati": "OH",
    "cleveland": "OH", "dallas": "TX", "denver": "CO", "detroit": "MI", "honolulu": "HI",
    "houston": "TX", "indianapolis": "IN", "las vegas": "NV", "los angeles": "CA",
    "miami": "FL", "milwaukee": "WI", "minneapolis": "MN", "new orleans": "LA",
    "new york": "NY", "oklahoma city": "OK", "philadelphia": "PA", "phoenix": "AZ",
    "pittsburgh": "PA", "saint louis": "MO", "salt lake city": "UT", "san antonio": "TX",
    "san diego": "CA", "san francisco": "CA", "seattle": "WA", "washington": "DC"}

How = Literal["region", "only", "prominent", "capital", "country", "state"]


class PlaceLink(TypedDict):
    """How a dateline place was tied to GeoNames; `geonames_id` None when it was not."""

    geonames_id: int | None
    name: str | None  # the feature's GeoNames name
    latitude: float | None
    longitude: float | None
    country: str | None  # ISO 3166-1 alpha-2
    country_name: str | None
    country_geonames_id: int | None
    # The printed region's own feature (a US state, a country), where the region's text
    # means only that: "Georgia" is a state and a country, so its node gets no link.
    region_geonames_id: int | None
    how: How | None
    note: str  # how it was chosen, or why there is no link: for ``parse --explain``


def _none(note: str) -> PlaceLink:
    return {"geonames_id": None, "name": None, "latitude": None, "longitude": None,
            "country": None, "country_name": None, "country_geonames_id": None,
            "region_geonames_id": None, "how": None, "note": note}


def _city(city: City, how: How, note: str, region: Scope | None = None) -> PlaceLink:
    country = load().countries[city.country]
    return {"geonames_id": city.geonames_id, "name": city.name, "latitude": city.latitude,
            "longitude": city.longitude, "country": country.code, "country_name": country.name,
            "country_geonames_id": country.geonames_id,
            "region_geonames_id": region.geonames_id if region else None, "how": how,
            "note": note}


def _country(country: Country, note: str) -> PlaceLink:
    return {"geonames_id": country.geonames_id, "name": country.name, "latitude": None,
            "longitude": None, "country": country.code, "country_name": country.name,
            "country_geonames_id": country.geonames_id, "region_geonames_id": None,
            "how": "country", "note": note}


def _state(state: Division, note: str) -> PlaceLink:
    country = load().countries[state.country]
    return {"geonames_id": state.geonames_id, "name": state.name, "latitude": None,
            "longitude": None, "country": country.code, "country_name": country.name,
            "country_geonames_id": country.geonames_id, "region_geonames_id": None,
            "how": "state", "note": note}


def _people(city: City) -> str:
    return f"{city.name} ({city.country}{'-' + city.admin1 if city.admin1 else ''}, " \
           f"{city.population:,} people)"


def _dominant(cities: list[City]) -> City | None:
    """The one city of `cities` with DOMINANCE times the people of any other, if any."""
    ranked = sorted(cities, key=lambda c: (-c.population, c.geonames_id))
    if len(ranked) == 1 or ranked[0].population >= DOMINANCE * ranked[1].population:
        return ranked[0]
    return None


def _candidates(name: str, fits: Callable[[City], bool] = lambda _: True) -> list[City]:
    """Cities whose own name is `name`, else the famous ones known by it as another name."""
    gazetteer = load()
    found = [c for c in gazetteer.by_name.get(key(name), ()) if fits(c)]
    return found or [c for c in gazetteer.by_alias.get(key(name), ())
                     if fits(c) and (c.population >= FAMOUS or _spelling(name, c.name))]


def _spelling(alias: str, name: str) -> bool:
    """Whether `alias` is another spelling of `name`, or its start ("Frankfurt")."""
    a, b = key(alias), key(name)
    return b.startswith(a + " ") or SequenceMatcher(None, a, b).ratio() >= SPELLING


def _capital(country: Country) -> City | None:
    named = [c for c in load().by_name.get(key(country.capital), ()) if c.country == country.code]
    return max(named, key=lambda c: (c.population, -c.geonames_id)) if named else None


def _in_region(place: str, region: str) -> PlaceLink:
    readings = scopes(region)
    if not readings:
        return _none(f"the region {region!r} is not a country, US state or province "
                     "newsexport knows, so it cannot tell which place is meant")
    cities = _candidates(place, lambda c: any(s.holds(c) for s in readings))
    where = " or ".join(dict.fromkeys(s.name for s in readings))
    if not cities:
        return _none(f"no city of 15,000+ people called {place!r} in {where}")
    held = {s for s in readings for c in cities if s.holds(c)}
    if len({s.country for s in held}) > 1:
        return _none(f"{region!r} can mean {' or '.join(sorted(s.name for s in held))}, "
                     f"and {place!r} is in more than one of them")
    # "GUATEMALA CITY, Guatemala": the country, and a department of it, hold the city
    scope = min(held, key=lambda s: (s.level != "country", s.name))
    cities = [c for c in cities if scope.holds(c)]
    if len(readings) > 1:  # the region's own node ("…/place/georgia") may mean either
        scope = replace(scope, geonames_id=None)
    if len(cities) == 1:
        return _city(cities[0], "region", f"the only city of 15,000+ people called {place!r} "
                     f"in {scope.name}", scope)
    best = _dominant(cities) if scope.checkable else None
    if best is None:
        return _none(f"{len(cities)} cities called {place!r} in {scope.name}: "
                     + "; ".join(_people(c) for c in cities))
    return _city(best, "region", f"the most populous of {len(cities)} cities called {place!r} "
                 f"in {scope.name}, by {DOMINANCE} times or more", scope)


def _bare(place: str) -> PlaceLink:
    gazetteer = load()
    country = country_named(place) if len(key(place)) > 3 else None
    state = next((s for s in gazetteer.us_states.values() if key(s.name) == key(place)), None)
    if country is not None:
        capital = _capital(country)
        known_as = gazetteer.by_name.get(key(place), ()) + gazetteer.by_alias.get(key(place), ())
        if capital is not None and capital in known_as:
            return _city(capital, "capital", f"{place!r} names {country.name}, and its capital "
                         "goes by that name")
        if state is None and not gazetteer.by_name.get(key(place)):
            return _country(country, f"{place!r} is the country {country.name}")
    state_of_city = STAND_ALONE_US.get(key(place))
    stand_alone = _candidates(place, lambda c: (c.country, c.admin1) == ("US", state_of_city)) \
        if state_of_city else []
    if len(stand_alone) == 1:
        return _city(stand_alone[0], "prominent", f"a bare {place!r} is the US city AP's "
                     "stylebook lets stand alone in a dateline")
    cities = _candidates(place)
    if not cities:
        if state is not None and country is None:
            return _state(state, f"{place!r} is the US state {state.name}")
        return _none(f"no city of 15,000+ people, country or US state is called {place!r}")
    if country is not None:
        return _none(f"{place!r} names a city and also the country {country.name}")
    best = _dominant(cities)
    if best is None:
        ranked = sorted(cities, key=lambda c: -c.population)
        return _none(f"{len(cities)} cities are called {place!r} and none is the famous one "
                     f"(no region printed): " + "; ".join(_people(c) for c in ranked[:4]))
    if len(cities) == 1:
        return _city(best, "only", f"the only city of 15,000+ people called {place!r}")
    return _city(best, "prominent", f"a bare {place!r} is the famous one: the most populous "
                 f"of {len(cities)} so named, by {DOMINANCE} times or more")


def resolve(place: str, region: str | None) -> PlaceLink:
    """The GeoNames feature the dateline place `place` ("Flint") with `region` ("Mich.")
    printed beside it stands for, or the reason there is none (a record's own copy)."""
    return PlaceLink(**_resolved(place, region))


@functools.lru_cache(maxsize=4096)
def _resolved(place: str, region: str | None) -> PlaceLink:
    return _in_region(place, region) if region else _bare(place)


def link_of(dateline: dict | None) -> PlaceLink | None:
    """The dateline's place link as the record holds it; a record made before newsexport
    linked places has none, and its place is resolved now, as the reader would have."""
    if dateline is None or not dateline.get("place_name"):
        return None
    if "place_link" in dateline:
        return dateline["place_link"]
    return resolve(dateline["place_name"], dateline.get("region"))
