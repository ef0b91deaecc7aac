"""IPTC ninjs 1.x, 2.x and 3.x documents (one JSON object, or JSON Lines) as records.

Reads back everything exporter.writers.ninjs writes (see its table) and other
providers' ninjs as far as it fits the record. The three versions are read as one:
3.x names are 2.x names in camelCase, and 1.x ``headline_*``/``body_*``/``description_*``
keys and name-keyed objects become 2.x arrays. The body comes from the HTML body
(one paragraph per <p>, <li>, <blockquote>), else from the plain-text body.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import lxml.html
from lxml import etree

from .. import jsontext
from ..dates import parse_iso_date
from ..errors import InputError
from ..inputs import decode
from ..iptc import (
    PUBLISHER_ROLE,
    SOURCE_ROLE,
    byline_agents,
    link,
    record_when,
    role,
    spaces,
    subject,
    zone_used,
)
from ..record import Article, ReadContext, Subject, new_record
from ..validation import unencodable
from .datelines import split_dateline

NAME = "ninjs"

_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_URI_KEY = re.compile(rb'"uri"\s*:')
_BLOCKS = ("p", "li", "blockquote", "pre")
_NOT_BODY = {"figure", "figcaption", "table", "nav", "aside", "header", "footer"}
# ninjs 1.x body_<suffix> keys and the content they hold.
_BODY_TYPES_1X = {"text": "text/plain", "main": "text/plain", "html": "text/html",
                  "richtext": "text/html", "xhtml": "application/xhtml+xml"}
_LISTS_1X = {"place": "places", "infosource": "infosources"}


def sniff(data: bytes, name: str = "") -> bool:
    """A JSON object with a "uri" member near the start, and neither a JSON-LD context nor
    a newsexport record."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and _URI_KEY.search(head) is not None \
        and b'"@context"' not in head and b'"record_version"' not in head


def _major(doc: dict[str, Any]) -> int:
    """1, 2 or 3: from the document's "standard", else from the shape of its names."""
    standard = doc.get("standard")
    declared = re.match(r"\d", str(standard.get("version", ""))) \
        if isinstance(standard, dict) else None
    if declared:
        return int(declared.group())
    if any(key != key.lower() for key in doc):
        return 3
    return 2 if any(k in doc for k in ("headlines", "bodies", "descriptions")) else 1


def _lower(value: Any) -> Any:
    """3.x camelCase names as their 2.x lower-case names."""
    if isinstance(value, dict):
        return {key.lower(): _lower(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_lower(item) for item in value]
    return value


def _from_1x(doc: dict[str, Any]) -> dict[str, Any]:
    """A ninjs 1.x object in the 2.x shape this reader maps from."""
    out: dict[str, Any] = {"headlines": [], "bodies": [], "descriptions": []}
    if isinstance(doc.get("headline"), str):
        out["headlines"].append({"role": "main", "value": doc["headline"]})
    for key, value in doc.items():
        prefix, _, suffix = key.partition("_")
        if suffix and prefix == "headline":
            out["headlines"].append({"role": suffix, "value": value})
        elif suffix and prefix == "body":
            out["bodies"].append({"role": suffix, "value": value,
                                  "contenttype": _BODY_TYPES_1X.get(suffix, "text/plain")})
        elif suffix and prefix == "description":
            out["descriptions"].append({"role": suffix, "value": value})
        elif key in _LISTS_1X and isinstance(value, list):
            out[_LISTS_1X[key]] = value
        elif key == "subject" and isinstance(value, list):
            out["subjects"] = [_subject_1x(v) if isinstance(v, dict) else v for v in value]
        elif key in ("associations", "renditions") and isinstance(value, dict):
            out[key] = [{**(_from_1x(v) if key == "associations" else v), "name": k}
                        for k, v in value.items() if isinstance(v, dict)]
        elif key == "byline":
            out["by"] = value
        elif key not in ("headline",):
            out.setdefault(key, value)
    return out


def _subject_1x(item: dict[str, Any]) -> dict[str, Any]:
    """A 1.x subject (scheme URI + code) as a 2.x one (concept URI, code as literal)."""
    scheme, code = str(item.get("scheme") or ""), item.get("code")
    uri = f"{scheme}{code}" if code and scheme.startswith(("http:", "https:")) else None
    return {"name": item.get("name"), "uri": uri, "literal": code}


def _normalized(doc: dict[str, Any]) -> dict[str, Any]:
    major = _major(doc)
    return _lower(doc) if major >= 3 else _from_1x(doc) if major == 1 else doc


def _objects(doc: dict[str, Any], key: str) -> list[dict[str, Any]]:
    """The member `key` as a list of objects, or an InputError naming it."""
    value = doc.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise InputError(f"{key!r} must be an array of objects", field=key)
    return value


def _string(item: dict[str, Any], key: str) -> str | None:
    """The member's text with layout white space collapsed; None when absent or empty."""
    value = item.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise InputError(f"{key!r} must be a string, not {type(value).__name__}", field=key)
    text = spaces(value)
    return text if text.strip() else None  # U+2028 (and other Unicode spaces) alone: blank


def _html_paragraphs(markup: str) -> tuple[str | None, list[str]]:
    """(dateline, paragraphs) of an HTML body; the dateline is the writer's
    <span class="dateline"> opening the first paragraph."""
    try:
        root = lxml.html.fromstring(markup, parser=lxml.html.HTMLParser(no_network=True))
    except (etree.ParserError, ValueError):
        return None, []
    blocks = [el for el in root.iter(*_BLOCKS)
              if not any(d.tag in _BLOCKS for d in el.iterdescendants())
              and not any(a.tag in _NOT_BODY for a in el.iterancestors())]
    texts = [spaces(block.text_content()) for block in blocks]
    opening = blocks[0] if blocks else None
    if opening is None or not len(opening) or (opening.text or "").strip() or \
            opening[0].tag != "span" or opening[0].get("class") != "dateline":
        return None, [t for t in texts if t.strip()]
    lead = (opening.text or "") + opening[0].text_content()
    texts[0] = spaces(opening.text_content()[len(lead):])
    dateline = spaces(opening[0].text_content())
    return dateline if dateline.strip() else None, [t for t in texts if t.strip()]


def _plain_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs, or one per line when the text has no blank line."""
    parts = re.split(r"\n\s*\n", text) if re.search(r"\n\s*\n", text) else text.split("\n")
    return [t for t in map(spaces, parts) if t.strip()]


def _body(doc: dict[str, Any]) -> tuple[str | None, list[str]]:
    bodies = [b for b in _objects(doc, "bodies") if isinstance(b.get("value"), str)]
    for body in bodies:
        if "html" in str(body.get("contenttype", "")).lower():
            dateline, paragraphs = _html_paragraphs(body["value"])
            if paragraphs or dateline:
                return dateline, paragraphs
    return None, _plain_paragraphs(bodies[0]["value"]) if bodies else []


def _located(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    """(place name, region) from "located" ("Dushanbe, Tajikistan") and the place named."""
    located = _string(doc, "located")
    if located is None:
        return None, None
    for place in _objects(doc, "places"):
        name = _string(place, "name")
        if name and (located == name or located.startswith(name + ", ")):
            return name, located[len(name) + 2:] or None
    return located, None


def _dateline(text: str, doc: dict[str, Any], published: str | None) -> dict[str, Any]:
    """The dateline: place name and region as "located" names them; the printed place, day
    and agency, which ninjs has no member for, read from its text as the wire reader does."""
    parsed, _ = split_dateline(f"{text} ", parse_iso_date(published or ""))
    place_name, region = _located(doc)
    return {"text": text, "place": parsed and parsed["place"],
            "place_name": place_name or (parsed and parsed["place_name"]),
            "region": region if place_name else parsed and parsed["region"],
            "date": parsed and parsed["date"], "agency": parsed and parsed["agency"]}


def _organizations(doc: dict[str, Any]) -> tuple[str | None, str | None]:
    found: dict[str, str] = {}
    for party in _objects(doc, "infosources"):
        name, party_role = _string(party, "name"), role(_string(party, "role"))
        if name and party_role == PUBLISHER_ROLE:
            found.setdefault("publisher", name)
        elif name and party_role in (SOURCE_ROLE, None):
            found.setdefault("source", name)
    return found.get("source") or _string(doc, "copyrightholder"), found.get("publisher")


def _images(doc: dict[str, Any]) -> list[tuple[str | None, str | None, str | None]]:
    images = []
    for item in _objects(doc, "associations"):
        if item.get("type") not in ("picture", "graphic"):
            continue
        descriptions = _objects(item, "descriptions")
        captions = [d for d in descriptions if d.get("role") == "caption"] or descriptions
        urls = [link(_string(r, "href")) for r in _objects(item, "renditions")]
        images.append((_string(captions[0], "value") if captions else None,
                       _string(item, "by"), next(filter(None, urls), None)))
    return images


def _subjects(doc: dict[str, Any], where: str) -> list[Subject]:
    found = []
    for item in _objects(doc, "subjects"):
        literal = _string(item, "literal")
        qcode = literal if literal and not literal.lower().startswith(("http:", "https:")) \
            else None
        found.append(subject(qcode, _string(item, "uri"), _string(item, "name"), where))
    return [s for s in found if s]


def _article(raw: dict[str, Any], ctx: ReadContext, position: str | None) -> Article:
    doc = _normalized(raw)
    guid = _string(doc, "uri")
    where = f"ninjs {guid or ''}".strip()
    headlines = _objects(doc, "headlines")
    main = [_string(h, "value") for h in headlines if h.get("role") in ("main", None)]
    headline = next(filter(None, [*main, *(_string(h, "value") for h in headlines),
                                  _string(doc, "title"), _string(doc, "slugline")]), None)
    subheadline = next(filter(None, (_string(h, "value") for h in headlines
                                     if h.get("role") in ("subheadline", "sub", "subhead"))), None)
    first, created, version = (_string(doc, k) for k in ("firstcreated", "contentcreated",
                                                         "versioncreated"))
    stamps = [first or created or version, version if first or created else None]
    published, modified = (record_when(s, ctx.timezone, f"{where}: date") if s else None
                           for s in stamps)
    language = _string(doc, "language") or "und"
    dateline_text, body = _body(doc)
    dateline = _dateline(dateline_text, doc, published) if dateline_text else None
    source, publisher = _organizations(doc)
    by = _string(doc, "by")
    pages = [link(_string(r, "href")) for r in _objects(doc, "renditions")
             if r.get("contenttype") == "text/html"]
    images, summary = _images(doc), [t for d in _objects(doc, "descriptions")
                                     if (t := _string(d, "value"))]
    if headline is None and not (body or summary or any(c for c, _, _ in images)):
        raise InputError("ninjs object has neither a headline (headlines, headline, title or "
                         "slugline) nor any text (bodies, descriptions, captions)",
                         field="headlines")
    return new_record(
        ctx, reader=NAME, headline=headline, guid=guid, item=position, subheadline=subheadline,
        language=language if _LANGUAGE.fullmatch(language) else "und",
        date_published=published, date_modified=modified,
        timezone=zone_used(stamps, ctx.timezone), source=source, publisher=publisher,
        authors=byline_agents(by) if by else (), dateline=dateline, images=images,
        summary=summary, body=body, subjects=_subjects(doc, where),
        url=next(filter(None, pages), None))


def _located_error(exc: InputError, line: int | None, source: str) -> InputError:
    exc.line = exc.line or line
    return exc.located(source)


def read(data: bytes, ctx: ReadContext) -> Iterator[Article | InputError]:
    """The article of a ninjs object, or of each line of a JSON Lines file (a line that
    cannot be read is yielded as an error and the others go on)."""
    text = decode(data, ctx.name)
    try:
        documents: list[tuple[int | None, object]] = [(None, jsontext.loads(text))]
    except InputError as exc:
        lines = [line for _, line in jsontext.lines(text)]
        if "Extra data" not in exc.reason and (len(lines) < 2 or not all(
                line.lstrip().startswith("{") for line in lines)):  # not JSON Lines
            raise exc.located(ctx.name) from None
        documents = list(jsontext.line_values(text))
    for number, document in documents:
        try:
            if isinstance(document, InputError):
                raise document
            if not isinstance(document, dict):
                raise InputError(f"a ninjs document is a JSON object, not "
                                 f"{type(document).__name__}")
            problem = unencodable(document)
            if problem:
                raise InputError(problem)
            try:
                yield _article(document, ctx, f"line {number}" if number else None)
            except RecursionError:
                raise InputError("nested too deeply to be a ninjs document") from None
        except InputError as exc:
            if number is None:
                raise _located_error(exc, None, ctx.name) from None
            yield _located_error(exc, number, ctx.name)
