"""schema.org NewsArticle as JSON-LD, the way a publisher puts it in its page.

`article_nodes` is the one description of an article's linked data: this module
prints it as JSON-LD (``"@context": "https://schema.org"`` and an ``@graph`` of
nodes with ``@id``s, no blank nodes) and :mod:`exporter.writers.rdf` turns the
same nodes into an rdflib graph, so every format states the same triples.
This module needs no rdflib: JSON-LD output never pays for it.
"""

from __future__ import annotations

import base64
import re
import threading
import warnings
from datetime import datetime
from typing import Any

import orjson

from ..dates import is_floating
from ..errors import InputError
from ..jsontext import pretty
from ..linking import organizations
from ..linking.gazetteer import geonames_uri
from ..linking.places import link_of
from ..record import Agent, Article, Image, Organization, Subject, organization, slug
from ..settings import Settings
from . import Format

SCHEMA_CONTEXT = "https://schema.org"

Node = dict[str, Any]

# The record schema's IRI pattern: configured publisher URLs must meet it too.
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")  # fullmatch: no "\n" at the end

# Inside <script> only these can end the element or open a comment; \u2028/\u2029
# end a line in older JavaScript parsers. JSON strings may spell any of them \uXXXX.
_SCRIPT_ESCAPES = [(c.encode(), f"\\u{ord(c):04x}".encode()) for c in "<>&\u2028\u2029"]


class Url(str):
    """A web address: an IRI in RDF; in JSON-LD a string the schema.org context types ``@id``."""

    __slots__ = ()


class When(str):
    """A schema.org Date (``YYYY-MM-DD``) or DateTime (with its UTC offset)."""

    __slots__ = ()


class NoPublisherWarning(UserWarning):
    """Neither the settings nor the input name a publisher, so the output has none.

    Issued through :mod:`warnings` with one fixed message, so Python prints it once per
    run however many articles lack a publisher; a command can count or escalate it
    with ``warnings.catch_warnings``.
    """


NO_PUBLISHER = ("no publisher: set --publisher-name NAME or [publisher] name (and url, logo) "
                "in newsexport.toml; until then JSON-LD names only a publisher the input "
                "gives, feeds are credited to their title, and no news sitemap is written")


def _ref(iri: str) -> Node:
    return {"@id": iri}


_last = threading.local()  # (record's JSON, settings, nodes) last built in each thread


def article_nodes(record: Article, settings: Settings) -> list[Node]:
    """The article and every node it links to, each once, the article first.

    ``publish`` prints an article in eight formats in a row, each from these nodes, so the
    nodes each thread built last are given again for an equal record (compared by its
    JSON text: a record changed in place is not taken for the same) and the same
    settings, and the warning their build gave, if any, is given again. The nodes are
    shared: callers read them and never change them.
    """
    key = _record_key(record)
    last = getattr(_last, "built", None)
    if key is not None and last is not None and last[0] == key and last[1] is settings:
        if settings.publisher is None and record["publisher"] is None:
            warnings.warn(NO_PUBLISHER, NoPublisherWarning, stacklevel=2)
        return last[2]
    nodes = _article_nodes(record, settings)
    _last.built = (key, settings, nodes)
    return nodes


def _record_key(record: Article) -> bytes | None:
    try:
        return orjson.dumps(record)
    except orjson.JSONEncodeError:  # not JSON (a lone surrogate): built every time
        return None


def _article_nodes(record: Article, settings: Settings) -> list[Node]:
    publisher = _publisher(record, settings)
    source = _organization(record["source"]) if record["source"] else None
    places = _places(record)
    subjects = [s for s in record["subjects"] if s["uri"]]
    provenance = _input_node(record)
    article = _present({
        "@id": record["iri"],
        "@type": "NewsArticle",
        "headline": record["headline"],
        "alternativeHeadline": record["subheadline"],
        "description": _paragraphs(record["summary"]),
        "datePublished": _when(record["date_published"]),
        "dateModified": _when(_modified(record)),
        "inLanguage": record["language"],
        "url": _url(record["url"]),
        "mainEntityOfPage": _url(record["url"]),
        "author": [_ref(a["iri"]) for a in record["authors"]],
        "editor": [_ref(e["iri"]) for e in record["editors"]],
        "publisher": _ref(publisher["@id"]) if publisher else None,
        "sourceOrganization": _ref(source["@id"]) if source else None,
        "dateline": record["dateline"]["text"] if record["dateline"] else None,
        "locationCreated": _ref(places[0]["@id"]) if places else None,
        "image": [_ref(i["iri"]) for i in record["images"]],
        "about": [_ref(s["uri"]) for s in subjects],
        "keywords": [s["name"] or s["qcode"] for s in record["subjects"] if not s["uri"]],
        "articleBody": _paragraphs(record["body"]),
        "wordCount": record["word_count"],
        "identifier": record["id"],
        "isBasedOn": _ref(provenance["@id"]),
    })
    nodes: dict[str, Node] = {}
    for node in (article, publisher, source,
                 *(_agent(a) for a in record["authors"]),
                 *(_agent(e) for e in record["editors"]),
                 *(_image(i) for i in record["images"]),
                 *places, *(_term(s) for s in subjects), provenance):
        if node is not None:
            _merge(nodes, node)
    return list(nodes.values())


def document(record: Article, settings: Settings) -> dict[str, Any]:
    """The JSON-LD document: the schema.org context (never fetched here) and the nodes."""
    return {"@context": SCHEMA_CONTEXT, "@graph": article_nodes(record, settings)}


def render_jsonld(record: Article, settings: Settings) -> bytes:
    return _printed(record, settings) + b"\n"


def _printed(record: Article, settings: Settings) -> bytes:
    """`pretty` of `document`: the nodes' last text is kept per thread, for ``publish``
    prints it twice in a row (JSON-LD, then HTML); the nodes are the same object exactly
    when `article_nodes` found the record unchanged, and no caller changes them."""
    nodes = article_nodes(record, settings)
    last = getattr(_last, "printed", None)
    if last is not None and last[0] is nodes:
        return last[1]
    text = pretty({"@context": SCHEMA_CONTEXT, "@graph": nodes})
    _last.printed = (nodes, text)
    return text


def script_json(doc: dict[str, Any]) -> str:
    """`doc` as JSON for a ``<script type="application/ld+json">`` that no string can end.

    ``<``, ``>`` and ``&`` occur in JSON only inside strings, where ``\\u003c`` etc.
    mean the same characters, so ``</script>``, ``<!--`` and ``<script`` cannot appear.
    """
    return script_bytes(doc).decode()


def script_bytes(doc: dict[str, Any]) -> bytes:
    """`script_json` in UTF-8."""
    return _script_escaped(pretty(doc))


def _script_escaped(text: bytes) -> bytes:
    for char, escape in _SCRIPT_ESCAPES:
        text = text.replace(char, escape)
    return text


def render_html(record: Article, settings: Settings) -> bytes:
    """The JSON-LD as a ``<script type="application/ld+json">`` block to paste into the
    article's page; no string in the record can end the script early (see script_json)."""
    return b'<script type="application/ld+json">\n' + \
        _script_escaped(_printed(record, settings)) + b"\n</script>\n"


def _present(node: Node) -> Node:
    """`node` without the properties the record leaves unknown (None or no values)."""
    return {k: v for k, v in node.items() if v is not None and v != []}


def _merge(nodes: dict[str, Node], node: Node) -> None:
    """Add `node`, joining it with an earlier node of the same @id (an agency that is
    both source and author is one node); a property keeps each distinct value once."""
    known = nodes.setdefault(node["@id"], node)
    if known is node:
        return
    for key, value in node.items():
        if key not in known:
            known[key] = value
            continue
        old = known[key] if isinstance(known[key], list) else [known[key]]
        new = [v for v in (value if isinstance(value, list) else [value]) if v not in old]
        if new:
            known[key] = old + new


def _paragraphs(paragraphs: list[str]) -> str | None:
    return "\n\n".join(paragraphs) if paragraphs else None


def _when(value: str | None) -> When | None:
    """A record date as schema.org Date/DateTime; ``Z`` is spelled ``+00:00`` as RDF
    libraries write an xsd:dateTime, so every format shows the same lexical value."""
    if value is None:
        return None
    return When(value[:-1] + "+00:00" if value.endswith("Z") else value)


def _modified(record: Article) -> str | None:
    """date_modified, left out when it is before date_published.

    A modification cannot precede publication, so one of the two dates was misread;
    dropping dateModified keeps the printed publication date and invents nothing
    (clamping it to datePublished would state a modification that never was).
    A bare date is compared with the other date's day as printed, and so is a floating
    date-time (no offset: its zone is unknown) with one that has an offset; two floating
    ones were printed in the one zone of the page, so their wall times compare.
    """
    published, modified = record["date_published"], record["date_modified"]
    if published is None or modified is None:
        return modified
    if len(published) > 10 and len(modified) > 10 and \
            is_floating(published) == is_floating(modified):
        early = datetime.fromisoformat(modified) < datetime.fromisoformat(published)
    else:
        early = modified[:10] < published[:10]
    return None if early else modified


def _url(value: str | None, field: str = "url") -> Url | None:
    if value is None:
        return None
    if not _IRI.fullmatch(value):
        raise InputError(f"{value!r} is not an absolute IRI", field=field)
    return Url(value)


def _organization(org: Organization) -> Node:
    return _present({"@id": org["iri"], "@type": "Organization", "name": org["name"],
                     "url": _url(org["url"] or organizations.official_site(org["name"])),
                     "sameAs": _wikidata(org["name"])})


def _wikidata(name: str) -> Url | None:
    """The agency or outlet's Wikidata item, where the checked table has it."""
    uri = organizations.wikidata_uri(name)
    return Url(uri) if uri else None


def _publisher(record: Article, settings: Settings) -> Node | None:
    """The configured publisher, else the one the input names; never a guess."""
    configured = settings.publisher
    if configured is not None:
        known = organization(configured.name, settings.base_uri)
        return _present({"@id": known["iri"], "@type": "Organization", "name": configured.name,
                         "url": _url(configured.url or known["url"], "publisher.url"),
                         "logo": _url(configured.logo, "publisher.logo"),
                         "sameAs": _wikidata(configured.name)})
    if record["publisher"] is not None:
        return _organization(record["publisher"])
    warnings.warn(NO_PUBLISHER, NoPublisherWarning, stacklevel=2)
    return None


def _agent(agent: Agent) -> Node:
    """A Person or Organization. Its @id is the input's own IRI for it when the input
    gave one (a NewsML-G2 creator's uri), so the data joins what else names it so; a known
    agency or outlet is also the same as its Wikidata item."""
    if agent["kind"] == "person":
        return {"@id": agent["iri"], "@type": "Person", "name": agent["name"]}
    return _present({"@id": agent["iri"], "@type": "Organization", "name": agent["name"],
                     "sameAs": _wikidata(agent["name"])})


def _image(image: Image) -> Node:
    return _present({"@id": image["iri"], "@type": "ImageObject", "caption": image["caption"],
                     "creditText": image["credit"], "contentUrl": _url(image["url"]),
                     "url": _url(image["url"])})


def _places(record: Article) -> list[Node]:
    """The dateline place, then the region printed after it as the Place containing it.

    The region (a state or a country: "Mich.", "Tajikistan") gets the IRI that
    ``new_record`` mints for a dateline naming that region alone. A place linked to
    GeoNames gets its feature as ``sameAs``, its coordinates as ``geo``, its country's
    ISO code as ``address``, and its country as a Place with the country's own link:
    the printed region where that is the country, else ``country/{ISO code}``. The
    region's node is shared by every place printed with it, so it is linked only where
    its text alone settles what it is (Mich. is Michigan; Georgia is a state or a country).
    """
    line = record["dateline"]
    if line is None or line["place_iri"] is None:
        return []
    iri = line["place_iri"]
    place: Node = _present({"@id": iri, "@type": "Place", "name": line["place_name"]})
    nodes = [place]
    region: Node | None = None
    if line["region"] is not None:
        region = {"@id": iri.rsplit("/", 1)[0] + "/" + slug(line["region"]), "@type": "Place",
                  "name": line["region"]}
        place["containedInPlace"] = _ref(region["@id"])
        nodes.append(region)
    link = link_of(line)
    if link is None or link["geonames_id"] is None:
        return nodes
    place["sameAs"] = Url(geonames_uri(link["geonames_id"]))
    if link["latitude"] is not None and link["longitude"] is not None:
        place["geo"] = _ref(iri + "/geo")
        nodes.append({"@id": iri + "/geo", "@type": "GeoCoordinates",
                      "latitude": link["latitude"], "longitude": link["longitude"]})
    place["address"] = _ref(iri + "/address")
    nodes.append({"@id": iri + "/address", "@type": "PostalAddress",
                  "addressCountry": link["country"]})
    country_id, region_id = link["country_geonames_id"], link["region_geonames_id"]
    if link["how"] == "country" or country_id is None:
        return nodes  # the place is the country
    if region is not None and region_id is not None:
        region["sameAs"] = Url(geonames_uri(region_id))
        if region_id == country_id:
            return nodes  # the printed region is the country
    country_iri = _country_iri(iri, str(link["country"]).lower())
    if region is not None and region_id is not None:
        region["containedInPlace"] = _ref(country_iri)  # a state in its country
    elif region is not None:  # its node says nothing its text does not settle ("Georgia")
        place["containedInPlace"] = [_ref(region["@id"]), _ref(country_iri)]
    else:
        place["containedInPlace"] = _ref(country_iri)
    nodes.append({"@id": country_iri, "@type": "Place", "name": link["country_name"],
                  "sameAs": Url(geonames_uri(country_id))})
    return nodes



def _country_iri(place_iri: str, code: str) -> str:
    """``{base}country/{code}`` beside ``{base}place/...``; beside the place itself when a
    record's place IRI was not minted here (a records input may hold any IRI)."""
    head, minted, _ = place_iri.rpartition("place/")
    return f"{head}country/{code}" if minted else f"{place_iri.rsplit('/', 1)[0]}/country/{code}"

def _term(subject: Subject) -> Node:
    """A subject code as a DefinedTerm; its set is the scheme IRI when the term IRI is
    that scheme followed by the code (``http://cv.iptc.org/newscodes/mediatopic/`` + code)."""
    uri, qcode = subject["uri"], subject["qcode"]
    code = qcode.split(":", 1)[1]
    scheme = uri[: -len(code)] if uri.endswith(code) and len(uri) > len(code) else None
    return _present({"@id": uri, "@type": "DefinedTerm", "name": subject["name"],
                     "termCode": qcode, "inDefinedTermSet": _url(scheme)})


def _input_node(record: Article) -> Node:
    """The input bytes the article was read from, named by their SHA-256 (RFC 6920 ``ni:``):
    stable on every machine, unlike the file's path, which stays in the record."""
    digest = record["provenance"]["sha256"]
    name = base64.urlsafe_b64encode(bytes.fromhex(digest)).decode().rstrip("=")
    return {"@id": f"ni:///sha-256;{name}", "@type": "MediaObject", "sha256": digest}


FORMATS: dict[str, Format] = {
    "jsonld": Format("jsonld", ".jsonld", "application/ld+json", render=render_jsonld),
    "html": Format("html", ".html", "text/html", render=render_html),
}
