"""NewsML-G2 and ninjs: IPTC's official schemas, and the checks no schema makes.

IPTC's XSDs and JSON Schemas are not derived from anything the package could rebuild
and no PyPI package ships them, so they are read from a standards folder the user
names (``--standards DIR`` or ``NEWSEXPORT_STANDARDS``; laid out as IPTC publishes
them: ``newsml-g2/*.xsd``, ``ninjs/ninjs-schema_X.Y.json``). Without one the schema check
is skipped, said in one line; the semantic checks always run: every QCode's scheme
alias is defined by the item's own catalog or a referenced one (IPTC's catalogs come
from the ``newsmlg2`` package or the standards folder), dates carry a UTC offset, and
an item has its guid and version.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from ..iptc import NAR
from ..settings import STANDARDS_ENVIRONMENT
from .google import parse_iso
from .report import Problem, error, warning

ENVIRONMENT = STANDARDS_ENVIRONMENT
ITEMS = ("newsItem", "packageItem", "conceptItem", "knowledgeItem", "planningItem",
         "catalogItem")
# Attributes whose value is a QCode (NewsML-G2's QCodeType and QCodeListType).
_QCODE_ATTRIBUTES = ("qcode", "type", "role", "rel", "how", "why", "format", "rendition",
                     "pubconstraint")
# Dates whose missing offset makes an item's order ambiguous (errors), and content dates
# which may be truncated and only should have one (warnings).
_ITEM_DATES = ("versionCreated", "firstCreated", "embargoed", "sent")
_CONTENT_DATES = ("contentCreated", "contentModified")
_NINJS_DATES = ("versioncreated", "firstcreated", "embargoed", "contentcreated",
                "versionCreated", "firstCreated", "contentCreated")
_OFFSET = re.compile(r"T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$")
# Members no other JSON a newsroom exchanges has (generic ones, "headline", "byline", left out).
_NINJS_MEMBERS = frozenset({
    "versioncreated", "versionCreated", "firstcreated", "firstCreated", "contentCreated",
    "headlines", "bodies", "descriptions", "body_text", "body_html", "headline_main",
    "body_main", "body_richtext", "pubstatus", "pubStatus", "renditions", "associations",
    "copyrightnotice", "copyrightNotice"})
_NINJS_SCHEMA = re.compile(r"ninjs-schema_(\d+)\.(\d+)")
GEOJSON_URI = "https://geojson.org/schema/GeoJSON.json"


def standards_folder(option: str | None) -> Path | None:
    """The folder of IPTC's schemas: the option, else the environment variable, else none."""
    chosen = option or os.environ.get(ENVIRONMENT)
    if chosen and not Path(chosen).is_dir():
        raise InputError(f"no such folder: {chosen}",
                         field="--standards" if option else ENVIRONMENT)
    return Path(chosen) if chosen else None


class _Offline(etree.Resolver):
    def resolve(self, url, pubid, context):  # type: ignore[no-untyped-def]
        if url and url.split(":", 1)[0].lower() in ("http", "https", "ftp"):
            raise OSError(f"network resolution refused: {url}")
        return None


def parser() -> etree.XMLParser:
    """An XML parser that never touches the network, a DTD or an external entity."""
    found = etree.XMLParser(no_network=True, load_dtd=False, resolve_entities=False,
                            huge_tree=False)
    found.resolvers.add(_Offline())
    return found


@functools.cache
def _xsd(folder: Path) -> etree.XMLSchema | None:
    g2 = folder / "newsml-g2"
    candidates = sorted(g2.glob("G2-with-NITF-*.xsd")) or sorted(
        g2.glob("NewsML-G2_*-spec-All-Power.xsd"))
    if not candidates:
        return None
    return etree.XMLSchema(etree.parse(str(candidates[-1]), parser()))


@functools.cache
def _catalog_schemes(name: str, folder: Path | None) -> frozenset[str] | None:
    """The scheme aliases an IPTC catalog file defines, if it is available offline."""
    places = []
    with contextlib.suppress(ModuleNotFoundError):  # the iptc extra
        places.append(resources.files("NewsMLG2").joinpath("catalogs", name))
    if folder is not None:
        places.append(folder / "newsml-g2" / "catalog" / name)
    for place in places:
        if place.is_file():
            root = etree.fromstring(place.read_bytes(), parser())
            return frozenset(s.get("alias") for s in root.iter(f"{{{NAR}}}scheme")
                             if s.get("alias"))
    return None


def _path(element: etree._Element) -> str:
    parts = []
    while element is not None:
        parent = element.getparent()
        name = etree.QName(element).localname
        if parent is not None:
            same = [c for c in parent if c.tag == element.tag]
            if len(same) > 1:
                name += f"[{same.index(element) + 1}]"
        parts.append(name)
        element = parent
    return "/" + "/".join(reversed(parts))


def check_newsml(root: etree._Element, folder: Path | None) -> Iterator[Problem]:
    """The schema (when a standards folder has it) and the semantic checks."""
    schema = _xsd(folder) if folder else None
    if schema is None:
        yield warning("newsml-g2/xsd-skipped", "the NewsML-G2 XSD check is skipped: name a "
                      f"standards folder with --standards or {ENVIRONMENT}")
    elif not schema.validate(root):
        for entry in schema.error_log:
            yield Problem("error", "newsml-g2/xsd", entry.message, entry.path or "/",
                          entry.line or 1)
    items = [root] if etree.QName(root).localname in ITEMS else [
        e for e in root.iter() if isinstance(e.tag, str) and e.getparent() is not None
        and etree.QName(e).localname in ITEMS and etree.QName(e).namespace == NAR]
    if etree.QName(root).localname == "newsMessage":
        yield from _dates(root, ("sent",), folder)
    for item in items:
        yield from _item(item, folder)


def _located(problem: Problem, element: etree._Element, attribute: str = "") -> Problem:
    path = _path(element) + (f"/@{attribute}" if attribute else "")
    return Problem(problem.severity, problem.rule, problem.message, path,
                   element.sourceline or 1, term=problem.term)


def _item(item: etree._Element, folder: Path | None) -> Iterator[Problem]:
    for attribute in ("guid", "version"):
        if not (item.get(attribute) or "").strip():
            yield _located(error(f"newsml-g2/{attribute}", f"the item has no {attribute}"),
                           item)
    yield from _dates(item, _ITEM_DATES + _CONTENT_DATES, folder)
    yield from _qcodes(item, folder)


def _own(item: etree._Element) -> Iterator[etree._Element]:
    """The item's NewsML-G2 elements, not those of inline content (NITF, XHTML)."""
    todo = [item]
    while todo:
        element = todo.pop()
        if not isinstance(element.tag, str) or etree.QName(element).namespace != NAR:
            continue
        yield element
        todo.extend(reversed(list(element)))


def _dates(item: etree._Element, names: tuple[str, ...], folder: Path | None
           ) -> Iterator[Problem]:
    for element in _own(item):
        name = etree.QName(element).localname
        if name not in names:
            continue
        text = (element.text or "").strip()
        if "T" in text and parse_iso(text) is None:
            yield _located(error("newsml-g2/date", f"{name} {text!r} is not an ISO 8601 "
                                 "date-time"), element)
        elif "T" in text and not _OFFSET.search(text):
            make = error if name in _ITEM_DATES else warning
            yield _located(make("newsml-g2/date-offset", f"{name} {text} has no UTC offset"),
                           element)


def _qcodes(item: etree._Element, folder: Path | None) -> Iterator[Problem]:
    defined: set[str] = set()
    missing: list[str] = []
    for element in _own(item):
        name = etree.QName(element).localname
        if name == "scheme" and element.get("alias"):
            defined.add(element.get("alias"))
        elif name == "catalogRef" and element.get("href"):
            href = element.get("href")
            schemes = _catalog_schemes(href.rstrip("/").rsplit("/", 1)[-1], folder)
            if schemes is None:
                missing.append(href)
            else:
                defined |= schemes
    if missing:
        yield _located(warning("newsml-g2/catalog", f"catalog {missing[0]} is not available "
                               "offline: QCodes are checked only against the other catalogs "
                               "and may name its schemes"), item)
    for element in _own(item):
        for attribute in _QCODE_ATTRIBUTES:
            for value in (element.get(attribute) or "").split():
                alias, colon, code = value.partition(":")
                if not colon or code.startswith("//"):
                    if attribute == "qcode":
                        yield _located(error("newsml-g2/qcode", f"{value!r} is not a QCode "
                                             "(alias:code)"), element, attribute)
                    continue
                if alias not in defined and not missing:
                    yield _located(error("newsml-g2/qcode-scheme", f"{value}: no referenced "
                                         f"catalog defines the scheme alias {alias!r}"),
                                   element, attribute)


def ninjs_version(document: dict) -> tuple[str, bool]:
    """The ninjs major version ("1", "2", "3") and whether the document declares it."""
    match = _NINJS_SCHEMA.search(str(document.get("$schema", "")))
    if match:
        return match.group(1), True
    if any(k != "$schema" and k != k.lower() for k in document):  # 3.x is camelCase
        return "3", False
    if any(k in document for k in ("headlines", "bodies", "descriptions")):
        return "2", False
    return "1", False


def is_ninjs(value: object) -> bool:
    """A ninjs document: its $schema names a ninjs schema, or it has members only ninjs has
    (one with the uri every ninjs item needs, else two)."""
    return isinstance(value, dict) and "@context" not in value and (
        bool(_NINJS_SCHEMA.search(str(value.get("$schema", ""))))
        or len(_NINJS_MEMBERS & value.keys()) >= (1 if "uri" in value else 2))


@functools.cache
def _ninjs_validator(folder: Path, major: str) -> Any:
    from jsonschema import validators
    from referencing import Registry, Resource

    found = sorted((int(m.group(2)), p) for p in (folder / "ninjs").glob("ninjs-schema_*.json")
                    if (m := _NINJS_SCHEMA.search(p.name)) and m.group(1) == major)
    if not found:
        return None
    schema = json.loads(found[-1][1].read_text(encoding="utf-8"))
    cls = validators.validator_for(schema)

    def refuse(uri: str) -> Resource:
        raise LookupError(f"remote $ref refused (offline): {uri}")

    registry = Registry(retrieve=refuse)
    geojson = folder / "ninjs" / "geojson" / "GeoJSON.json"
    if geojson.is_file():
        registry = registry.with_resource(GEOJSON_URI, Resource.from_contents(
            json.loads(geojson.read_text(encoding="utf-8"))))
    return cls(schema, registry=registry, format_checker=cls.FORMAT_CHECKER)


def check_ninjs(document: dict, folder: Path | None) -> Iterator[Problem]:
    major, declared = ninjs_version(document)
    if not declared:
        yield warning("ninjs/version", f"no $schema names the ninjs version; read as {major}.x")
    validator = _ninjs_validator(folder, major) if folder else None
    if validator is None:
        yield warning("ninjs/schema-skipped", f"the ninjs {major}.x schema check is skipped: "
                      f"name a standards folder with --standards or {ENVIRONMENT}")
    else:
        for found in sorted(validator.iter_errors(document), key=lambda e: (
                list(map(str, e.absolute_path)), e.message)):
            path = "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}"
                                 for p in found.absolute_path)
            message = found.message if len(found.message) <= 200 else found.message[:197] + "..."
            yield error("ninjs/schema", message, path)
    if not str(document.get("uri", "")).strip():
        yield error("ninjs/uri", "no uri identifies the item")
    if "version" not in document:
        yield warning("ninjs/version-missing", "no version: receivers cannot order updates")
    for name in _NINJS_DATES:
        text = document.get(name)
        if not isinstance(text, str):
            continue
        if parse_iso(text.strip()) is None:
            yield error("ninjs/date", f"{name} {text!r} is not an ISO 8601 date-time",
                        f"$.{name}")
        elif "T" in text and not _OFFSET.search(text.strip()):
            yield error("ninjs/date-offset", f"{name} {text} has no UTC offset", f"$.{name}")
