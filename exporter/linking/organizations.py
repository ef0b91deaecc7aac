"""Agencies and outlets tied to their Wikidata items and official sites.

The table (``exporter/data/organizations.json``) is keyed by the canonical names of
:mod:`exporter.sources`; each Q-id was checked by hand against public tables that name it
(``confirmed_by``), and an agency none of them confirmed has no entry: no link rather
than a guessed one. The README lists where each came from.
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from typing import TypedDict

from .. import sources

WIKIDATA = "http://www.wikidata.org/entity/{}"


class Known(TypedDict):
    wikidata: str
    url: str
    confirmed_by: list[str]


@functools.cache
def table() -> dict[str, Known]:
    """Canonical name -> its Wikidata item, official site and what confirmed the item."""
    text = resources.files("exporter").joinpath("data/organizations.json").read_text("utf-8")
    return json.loads(text)


def wikidata_uri(name: str) -> str | None:
    """The Wikidata entity IRI of the agency or outlet `name` (as printed or canonical)."""
    known = table().get(sources.canonical_name(name))
    return WIKIDATA.format(known["wikidata"]) if known else None


def official_site(name: str) -> str | None:
    known = table().get(sources.canonical_name(name))
    return known["url"] if known else None
