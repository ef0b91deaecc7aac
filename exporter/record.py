"""The Article record: the one document model between readers and writers.

A record is a plain JSON-compatible dict (so it is cheap to stream as JSONL and
to validate against ``schemas/article.schema.json``); the TypedDicts below give
it names for type checkers. Readers build records with :func:`new_record`, which
is the only place that mints identifiers and IRIs, so every reader agrees on them.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, NotRequired, TypedDict

from . import sources
from .linking.places import PlaceLink, resolve

# The record format. 2 (0.2.0): floating date-times, a null zone name and a null headline;
# a rerun of `publish` renders again what an earlier version published (options_digest).
RECORD_VERSION = 2
DEFAULT_BASE_URI = "https://newsexport.example/"


class Organization(TypedDict):
    name: str
    iri: str
    url: str | None


class Agent(TypedDict):
    name: str
    kind: Literal["person", "organization"]
    iri: str


class Dateline(TypedDict):
    text: str
    place: str | None
    place_name: str | None
    region: str | None
    place_iri: str | None
    date: str | None
    agency: str | None
    # The place's GeoNames feature, or why it has none; records made before linking lack it.
    place_link: NotRequired[PlaceLink | None]


class Image(TypedDict):
    iri: str
    caption: str | None
    credit: str | None
    url: str | None


class Subject(TypedDict):
    qcode: str
    name: str | None
    uri: str | None


class Timezone(TypedDict):
    """The zone of the record's date-times and how it was found; `name` is None (origin
    "unknown") when a time was printed in no known zone: the dates are then floating."""

    name: str | None
    origin: Literal["printed", "source-default", "option", "unknown"]


# A printed wall time in no known zone: kept as a local date-time without offset.
UNKNOWN_ZONE: Timezone = {"name": None, "origin": "unknown"}


Origin = Literal["json-ld", "microdata", "meta", "text"]


class Provenance(TypedDict):
    reader: str
    input: str
    sha256: str
    item: str | None
    # field -> where its value came from, for readers that weigh several sources (HTML)
    origins: NotRequired[dict[str, Origin]]


class Article(TypedDict):
    record_version: int
    id: str
    iri: str
    headline: str | None  # None: the page printed no headline (see title_of)
    subheadline: str | None
    language: str
    date_published: str | None
    date_modified: str | None
    timezone: Timezone | None
    source: Organization | None
    publisher: Organization | None
    authors: list[Agent]
    editors: list[Agent]
    dateline: Dateline | None
    images: list[Image]
    summary: list[str]
    body: list[str]
    subjects: list[Subject]
    url: str | None
    word_count: int
    meta_lines: list[str]
    unparsed: list[str]
    provenance: Provenance


@dataclass(frozen=True)
class ReadContext:
    """What a reader knows besides the bytes: where they came from and the user's options."""

    name: str
    sha256: str
    base_uri: str = DEFAULT_BASE_URI
    timezone: str | None = None  # --timezone: overrides the per-source default
    input_format: str | None = None  # --from: the reader to use instead of recognising one


def slug(text: str) -> str:
    """A lowercase ASCII IRI segment; a hash where the text has no Latin letters or digits."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    segment = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")[:80].strip("-")
    return segment or "u" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


def article_id(identity: str) -> str:
    """16 hex digits that depend only on the article's identity, never on the run or machine."""
    return hashlib.sha256(f"newsexport/1\n{identity}".encode()).hexdigest()[:16]


def own_article_id(guid: str, base_uri: str) -> str | None:
    """The id in `guid` when it is an article IRI minted under `base_uri` (our own output, re-read:
    NewsML-G2 and ninjs carry the article IRI as their guid, and the id must survive)."""
    match = re.fullmatch(rf"{re.escape(base_uri)}article/([0-9a-f]{{16}})", guid)
    return match.group(1) if match else None


def identity_key(headline: str, source: str | None, date_published: str | None) -> str:
    """The identity of an article that carries no guid of its own.

    Credited source + publication day + headline: re-reading a corrected body keeps
    the id (and so replaces the article downstream); a new headline is a new article.
    """
    day = (date_published or "")[:10]
    return "\n".join((sources.canonical_name(source) if source else "", day,
                      " ".join(headline.split()).casefold()))


STAND_IN_WORDS = 12


def stand_in_title(captions: Sequence[str], summary: Sequence[str],
                   body: Sequence[str]) -> str | None:
    """The first caption's or paragraph's first words, marked as cut ("…"): what stands for
    the headline of an article that prints none, where a format must have a title."""
    first = next((t for t in (*captions, *body, *summary) if t and t.strip()), None)
    if first is None:
        return None
    words = first.split()
    return " ".join(words[:STAND_IN_WORDS]) + (" …" if len(words) > STAND_IN_WORDS else "")


def title_of(record: Article) -> str:
    """The article's headline, or for one that prints none (a page that opens with a photo
    or the dateline) a stand-in for the formats that must have a title: an Atom entry's or
    RSS item's title, a news sitemap's news:title, a web page's <h1>. The record itself keeps
    null: the stand-in is no headline the page printed."""
    if record["headline"]:
        return record["headline"]
    captions = [image["caption"] for image in record["images"] if image["caption"]]
    return stand_in_title(captions, record["summary"], record["body"]) or \
        f"Article {record['id']}"


def organization(name: str, base_uri: str, *, as_printed: bool = False) -> Organization:
    """The organization with the IRI and home page of the known source it stands for, so
    every spelling of one agency is one node; `as_printed` keeps the name as the text gives
    it ("AP" for a story's credit) instead of the known source's name."""
    known = sources.lookup(name)
    clean = known.name if known else sources.canonical_name(name)
    shown = (sources.tidy_name(name) or clean) if as_printed else clean
    return {"name": shown, "iri": f"{base_uri}organization/{slug(clean)}",
            "url": known.url if known else None}


def agent(name: str, kind: Literal["person", "organization"], base_uri: str,
          iri: str | None = None) -> Agent:
    """A person or organisation; `iri` is the input's own identifier for it, when it has one
    (a NewsML-G2 creator's uri), which names it better than an IRI minted from its name."""
    if kind == "organization":
        org = organization(name, base_uri)
        return {"name": org["name"], "kind": kind, "iri": iri or org["iri"]}
    return {"name": name, "kind": kind, "iri": iri or f"{base_uri}person/{slug(name)}"}


def word_count(paragraphs: list[str]) -> int:
    return sum(len(p.split()) for p in paragraphs)


def new_record(ctx: ReadContext, *, reader: str, headline: str | None, guid: str | None = None,
               item: str | None = None, subheadline: str | None = None, language: str = "en",
               date_published: str | None = None, date_modified: str | None = None,
               timezone: Timezone | None = None, source: str | None = None,
               publisher: str | None = None,
               authors: Sequence[tuple[str, Literal["person", "organization"]]
                                 | tuple[str, Literal["person", "organization"], str | None]
                                 ] = (),
               editors: Sequence[str] = (), dateline: dict | None = None,
               images: Sequence[tuple[str | None, str | None, str | None]] = (),
               summary: Sequence[str] = (), body: Sequence[str] = (),
               subjects: Sequence[Subject] = (),
               url: str | None = None, meta_lines: Sequence[str] = (),
               unparsed: Sequence[str] = (), origins: dict[str, Origin] | None = None,
               source_as_printed: bool = False) -> Article:
    """Assemble a complete record, minting its id and every IRI from `ctx.base_uri`.

    `authors` are (name, kind) or (name, kind, the input's IRI for the agent);
    `dateline` holds the Dateline keys but ``place_iri``; `images` are
    (caption, credit, url) triples; `guid` is the format's own identifier, if any;
    `origins` says where each field came from when the reader weighed several sources;
    `source_as_printed` keeps the credited source's name as a page printed it ("AP").
    """
    base = ctx.base_uri
    title = headline or stand_in_title([c for c, _, _ in images if c], summary, body) or ""
    ident = (guid and own_article_id(guid, base)) or \
        article_id(guid if guid else identity_key(title, source, date_published))
    iri = f"{base}article/{ident}"
    line: Dateline | None = None
    if dateline is not None:
        name = dateline.get("place_name")
        place = slug(f"{name} {dateline.get('region') or ''}") if name else None
        line = {"text": dateline["text"], "place": dateline.get("place"), "place_name": name,
                "region": dateline.get("region"),
                "place_iri": f"{base}place/{place}" if place else None,
                "date": dateline.get("date"), "agency": dateline.get("agency"),
                "place_link": resolve(name, dateline.get("region")) if name else None}
    body = list(body)
    provenance: Provenance = {"reader": reader, "input": ctx.name, "sha256": ctx.sha256,
                              "item": item}
    if origins:
        provenance["origins"] = dict(sorted(origins.items()))
    return {
        "record_version": RECORD_VERSION,
        "id": ident,
        "iri": iri,
        "headline": headline,
        "subheadline": subheadline,
        "language": language,
        "date_published": date_published,
        "date_modified": date_modified,
        "timezone": timezone,
        "source": organization(source, base, as_printed=source_as_printed) if source else None,
        "publisher": organization(publisher, base) if publisher else None,
        "authors": [agent(author[0], author[1], base, *author[2:]) for author in authors],
        "editors": [agent(n, "person", base) for n in editors],
        "dateline": line,
        "images": [{"iri": f"{iri}/image/{n}", "caption": c, "credit": cr, "url": u}
                   for n, (c, cr, u) in enumerate(images, 1)],
        "summary": list(summary),
        "body": body,
        "subjects": list(subjects),
        "url": url,
        "word_count": word_count(body),
        "meta_lines": list(meta_lines),
        "unparsed": list(unparsed),
        "provenance": provenance,
    }
