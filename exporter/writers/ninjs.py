"""IPTC ninjs (News in JSON) 2.2 and 3.1: one JSON object per article.

Valid against ninjs-schema_2.2.json / ninjs-schema_3.1.json. 3.1 is 2.2 with camelCase
names (versionCreated, contentType, infoSources); everything else is the same mapping:

    uri                        the article IRI (so re-reading keeps the id); version "1"
    standard                   ninjs, its version and schema URI (tells readers the version)
    firstcreated/versioncreated  date_published / date_modified, date-times only (below)
    headlines                  main = headline, subheadline = subheadline
    by                         the authors' names, comma-separated
    located, places            the dateline place ("Dushanbe, Tajikistan") and the place
                               itself: its GeoNames URI and a GeoJSON point where it is
                               linked, else its IRI
    descriptions               one role=summary entry per summary paragraph
    bodies                     main: text/plain (dateline + paragraphs, blank-line separated);
                               richtext: text/html, one <p> per paragraph, the dateline in
                               <span class="dateline"> opening the first
    infosources                source and publisher with their IPTC Content Production Party
                               role URIs (origcont, distributor)
    subjects                   literal = the QCode, uri = the concept URI, name
    renditions                 the article's web page (url) as text/html
    associations               each photo as a picture item: caption, credit as by, its url

Dates: ninjs has date-time fields only (RFC 3339: with an offset). A date-time is written
as recorded; a date alone, or a floating date-time (a time printed in no known zone), is
not written rather than given an invented time or zone (NewsML-G2 carries it). versioncreated
is date_modified, else date_published; firstcreated is written only next to a distinct
versioncreated, so a reader can tell "published" from "modified".
Characters XML 1.0 forbids are removed (with a warning) as in NewsML-G2, because the
HTML body cannot carry them and both bodies must say the same.
"""

from __future__ import annotations

import json
import threading
from functools import partial
from typing import Any

import orjson
from lxml import etree

from ..dates import is_floating
from ..iptc import PUBLISHER_ROLE, ROLES, SOURCE_ROLE, byline
from ..jsontext import pretty
from ..linking.gazetteer import geonames_uri
from ..linking.places import link_of
from ..record import Article, Organization
from ..settings import Settings
from ..xmlsafe import clean_strings, may_need_cleaning
from . import Bundle, Format

SCHEMA = "http://www.iptc.org/std/ninjs/ninjs-schema_{}.json"
# ninjs 3.x names, for the 2.x names this module builds with.
CAMEL_CASE = {"firstcreated": "firstCreated", "versioncreated": "versionCreated",
              "pubstatus": "pubStatus", "contenttype": "contentType",
              "infosources": "infoSources", "geojson": "geoJSON"}


def _datetime(value: str | None) -> str | None:
    """A date-time with its offset (RFC 3339 needs one); a date alone or a floating time
    (printed in no known zone) is not written."""
    return value if value and "T" in value and not is_floating(value) else None


def _html(body: list[str], dateline: str | None) -> str:
    """The paragraphs as HTML, built as elements so that every character is escaped."""
    paragraphs = []
    for text in body[1:] if dateline is not None else body:
        paragraph = etree.Element("p")
        paragraph.text = text
        paragraphs.append(paragraph)
    if dateline is not None:
        first = etree.Element("p")
        span = etree.SubElement(first, "span", {"class": "dateline"})
        span.text = dateline
        span.tail = f" {body[0]}" if body else None
        paragraphs.insert(0, first)
    return "\n".join(etree.tostring(p, encoding="unicode", method="html") for p in paragraphs)


def _bodies(record: Article) -> list[dict[str, str]]:
    dateline = record["dateline"]["text"] if record["dateline"] else None
    body = record["body"]
    if not body and dateline is None:
        return []
    plain = body if dateline is None else [
        f"{dateline} {body[0]}" if body else dateline, *body[1:]]
    return [{"role": "main", "contenttype": "text/plain", "value": "\n\n".join(plain)},
            {"role": "richtext", "contenttype": "text/html", "value": _html(body, dateline)}]


def _infosource(org: Organization, role: str) -> dict[str, str]:
    return {"name": org["name"], "uri": org["iri"], "role": ROLES + role}


def _dateline_place(record: Article, doc: dict[str, Any]) -> None:
    """"located" as printed; the place by its GeoNames URI and position where it is linked
    (a ninjs place has one uri, and the shared one is what joins other feeds), else by
    its IRI."""
    line = record["dateline"]
    if line and line["place_name"]:
        doc["located"] = ", ".join(filter(None, (line["place_name"], line["region"])))
        link = link_of(line)
        place: dict[str, Any] = {"name": line["place_name"], "uri": line["place_iri"]}
        if link is not None and link["geonames_id"] is not None:
            place["uri"] = geonames_uri(link["geonames_id"])
            if link["latitude"] is not None and link["longitude"] is not None:
                place["geojson"] = {"type": "Point",
                                    "coordinates": [link["longitude"], link["latitude"]]}
        doc["places"] = [place]


def _picture(image: dict[str, Any], number: int) -> dict[str, Any]:
    picture: dict[str, Any] = {"name": f"image-{number}", "uri": image["iri"], "type": "picture"}
    if image["caption"]:
        picture["descriptions"] = [{"role": "caption", "contenttype": "text/plain",
                                    "value": image["caption"]}]
    if image["credit"]:
        picture["by"] = image["credit"]
    if image["url"]:
        picture["renditions"] = [{"name": "original", "href": image["url"]}]
    return picture


def _camel(value: Any) -> Any:
    if isinstance(value, dict):
        return {CAMEL_CASE.get(k, k): _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def document(record: Article, version: str) -> dict[str, Any]:
    """The ninjs object of one article, for ninjs `version` "2.2" or "3.1"."""
    return _document(clean_strings(record, f"article {record['id']}: $"), version)


_last = threading.local()  # the last record's JSON text and its objects, by version


def _shared_document(record: Article, version: str) -> dict[str, Any]:
    """`document`, built once per article and version for its file and its bundle line.

    ``publish`` asks for both in a row, so each thread keeps the objects of the last
    record, known by its JSON text (a record changed in place is not taken for the same).
    A record with text XML forbids is built every time, so its warnings are too. The
    objects are shared: callers print them and never change them.
    """
    try:
        key = orjson.dumps(record)
    except orjson.JSONEncodeError:  # not JSON (a lone surrogate): built every time
        return document(record, version)
    last = getattr(_last, "built", None)
    if last is None or last[0] != key:
        if may_need_cleaning(key):
            return document(record, version)
        last = _last.built = (key, {})
    doc = last[1].get(version)
    if doc is None:
        doc = last[1][version] = _document(record, version)
    return doc


def _document(record: Article, version: str) -> dict[str, Any]:
    """`document` of a record that holds no text XML forbids."""
    doc: dict[str, Any] = {
        "uri": record["iri"],
        "standard": {"name": "ninjs", "version": version, "schema": SCHEMA.format(version)},
        "type": "text", "version": "1"}
    published, modified = _datetime(record["date_published"]), _datetime(record["date_modified"])
    if published and modified:
        doc["firstcreated"] = published
    if modified or published:
        doc["versioncreated"] = modified or published
    doc["pubstatus"] = "usable"
    doc["language"] = record["language"]
    headlines = [{"role": role, "value": value} for role, value in
                 (("main", record["headline"]), ("subheadline", record["subheadline"])) if value]
    if headlines:  # optional in ninjs: an article that prints no headline has none
        doc["headlines"] = headlines
    by = byline(record["authors"])
    if by:
        doc["by"] = by
    _dateline_place(record, doc)
    if record["summary"]:
        doc["descriptions"] = [{"role": "summary", "contenttype": "text/plain", "value": p}
                               for p in record["summary"]]
    bodies = _bodies(record)
    if bodies:
        doc["bodies"] = bodies
    sources = [_infosource(org, role) for org, role in ((record["source"], SOURCE_ROLE),
                                                         (record["publisher"], PUBLISHER_ROLE))
               if org]
    if sources:
        doc["infosources"] = sources
    if record["subjects"]:
        doc["subjects"] = [{k: v for k, v in (("name", s["name"]), ("literal", s["qcode"]),
                                              ("uri", s["uri"])) if v}
                           for s in record["subjects"]]
    if record["url"]:
        doc["renditions"] = [{"name": "web", "href": record["url"], "contenttype": "text/html"}]
    if record["images"]:
        doc["associations"] = [_picture(image, n) for n, image in enumerate(record["images"], 1)]
    return _camel(doc) if version.startswith("3") else doc


def _render(record: Article, settings: Settings, version: str) -> bytes:
    return pretty(_shared_document(record, version)) + b"\n"


def _line(record: Article, settings: Settings, version: str) -> bytes:
    """One article as one line of a JSON Lines file."""
    return (json.dumps(_shared_document(record, version), ensure_ascii=False) + "\n").encode()


def _nothing(settings: Settings) -> bytes:
    return b""


def _format(name: str, version: str) -> Format:
    return Format(name, f".{name}.json", "application/json",
                  render=partial(_render, version=version),
                  bundle=Bundle(f"all.{name}.jsonl", head=_nothing,
                                item=partial(_line, version=version), tail=_nothing))


FORMATS: dict[str, Format] = {"ninjs": _format("ninjs", "2.2"), "ninjs3": _format("ninjs3", "3.1")}
