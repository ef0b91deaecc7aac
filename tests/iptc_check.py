"""Test helper: IPTC's official schemas as validators, built offline from ../shared.

NewsML-G2 output is checked against NewsML-G2_2.35-spec-All-Power.xsd and against the
local wrapper that adds NITF 3.6 (so the inlineXML body is checked too); ninjs output
against ninjs-schema_2.2.json / _3.1.json with "date-time" asserted, the GeoJSON
``$ref`` served from the local copy. Any attempt to fetch a schema over the network
fails, as in ../shared/standards/validate.py.
"""

from __future__ import annotations

import functools
import hashlib
import json
from pathlib import Path

from jsonschema import Draft202012Validator
from lxml import etree
from referencing import Registry, Resource

from exporter import sources
from exporter.checking.iptc import parser as offline_parser
from exporter.dates import parse_iso_date
from exporter.errors import InputError
from exporter.iptc import SCHEMES
from exporter.readers import reuters
from exporter.readers.datelines import split_dateline
from exporter.record import Article, ReadContext, agent

G2 = Path("standards/newsml-g2")  # inside ../shared
XSDS = (G2 / "NewsML-G2_2.35-spec-All-Power.xsd", G2 / "G2-with-NITF-3.6.xsd")
NINJS = {"2.2": Path("standards/ninjs/ninjs-schema_2.2.json"),
         "3.1": Path("standards/ninjs/ninjs-schema_3.1.json")}
GEOJSON = Path("standards/ninjs/geojson/GeoJSON.json")
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"
REUTERS = Path("corpora/reuters21578/reut2-000.sgm")


@functools.cache
def _schema(path: Path) -> etree.XMLSchema:
    return etree.XMLSchema(etree.parse(str(path), offline_parser()))


def newsml_errors(data: bytes, shared: Path) -> list[str]:
    """Every complaint of the Power XSD and of the XSD with NITF 3.6, with its line."""
    document = etree.fromstring(data, etree.XMLParser(no_network=True, resolve_entities=False))
    problems = []
    for xsd in XSDS:
        schema = _schema(shared / xsd)
        if not schema.validate(document):
            problems += [f"{xsd.name}:{e.line}: {e.message}" for e in schema.error_log]
    return problems


@functools.cache
def _ninjs_validator(path: Path, geojson: Path) -> Draft202012Validator:
    schema = json.loads(path.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)

    def refuse(uri: str) -> Resource:
        raise LookupError(f"remote $ref refused (offline): {uri}")

    registry = Registry(retrieve=refuse).with_resource(
        GEOJSON_URI, Resource.from_contents(json.loads(geojson.read_text(encoding="utf-8"))))
    return Draft202012Validator(schema, registry=registry,
                                format_checker=Draft202012Validator.FORMAT_CHECKER)


def ninjs_errors(document: dict, version: str, shared: Path) -> list[str]:
    """Every complaint of the official ninjs `version` schema, by JSON path."""
    validator = _ninjs_validator(shared / NINJS[version], shared / GEOJSON)
    return [f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
            for e in sorted(validator.iter_errors(document), key=str)]


def reuters_records(shared: Path, count: int) -> list[Article]:
    """The first `count` readable stories of reut2-000.sgm, through the Reuters reader."""
    data = (shared / REUTERS).read_bytes()
    ctx = ReadContext(REUTERS.name, hashlib.sha256(data).hexdigest())
    records = [r for r in reuters.read(data, ctx) if not isinstance(r, InputError)]
    assert len(records) >= count
    return records[:count]


# What a reader cannot know from either format: how the offset was found, the lines the
# first reader kept aside, and where the record was read from.
NOT_CARRIED = ("timezone", "meta_lines", "unparsed", "provenance")


def carried_by_newsml(record: Article) -> dict:
    """The part of a record NewsML-G2 carries: all of it but NOT_CARRIED, and only the
    subjects whose scheme a catalog defines: IPTC's, or an inline one made from the URIs
    of the scheme's subjects (the scheme URI followed by the code)."""
    shown = {s["qcode"].split(":")[0] for s in record["subjects"]
             if s["uri"] and s["uri"].endswith(s["qcode"].split(":", 1)[1])}
    out = {k: v for k, v in record.items() if k not in NOT_CARRIED}
    out["subjects"] = [s for s in record["subjects"]
                       if s["qcode"].split(":")[0] in {*SCHEMES, *shown}]
    return out


def carried_by_ninjs(record: Article) -> dict:
    """What a record reads back as from ninjs 2.2 or 3.1, as exporter.writers.ninjs documents:

    - no editors (ninjs has no member for them);
    - date-times only: versioncreated is the modification, else the publication; a
      modification without a publication date-time reads back as the publication;
    - authors from the byline: an organisation only when it is a known agency or outlet;
    - the dateline's printed place, day and agency as the wire reader's dateline parser
      reads them from its text (place name and region travel in "located").
    """
    out = {**carried_by_newsml(record), "subjects": record["subjects"]}
    out["editors"] = []
    published, modified = (v if v and "T" in v else None
                           for v in (record["date_published"], record["date_modified"]))
    out["date_published"], out["date_modified"] = (published, modified) \
        if published and modified else (modified or published, None)
    out["authors"] = [agent(a["name"], "organization" if sources.lookup(a["name"]) else "person",
                            record["iri"].rsplit("article/", 1)[0]) for a in record["authors"]]
    if record["dateline"]:
        parsed, _ = split_dateline(record["dateline"]["text"] + " ",
                                   parse_iso_date(out["date_published"] or ""))
        printed = {k: parsed[k] if parsed else None for k in ("place", "date", "agency")}
        out["dateline"] = {**record["dateline"], **printed}
    return out
