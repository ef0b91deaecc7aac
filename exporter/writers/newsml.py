"""NewsML-G2 2.35 (Power conformance): a newsItem per article, a newsMessage per batch.

Valid against NewsML-G2_2.35-spec-All-Power.xsd, the NITF body against NITF 3.6.

    newsItem @guid                 the article IRI (so re-reading keeps the id), version 1
    itemMeta/provider              [publisher] of the settings, else the base URI
    itemMeta/versionCreated        newest of date_published / date_modified (see below)
    contentMeta/contentCreated     date_published as recorded (a date alone is allowed here)
    contentMeta/contentModified    date_modified
    contentMeta/located            dateline place name, region as its broader place; the
                                   GeoNames feature as sameAs, its position (if linked)
    contentMeta/infoSource         source (role cpprole:origcont), publisher (cpprole:distributor)
    contentMeta/creator            each author (type cpnat:person or cpnat:organisation)
    contentMeta/contributor        each editor (role cpprole:editor)
    contentMeta/subject            each subject by QCode (medtop:...), its name (see below)
    contentMeta/headline, dateline, by, description role=drol:summary (one per paragraph)
    inlineXML NITF body.head       hedline (hl1 headline, hl2 subheadline), byline,
                                   distributor (dateline agency), dateline with the printed
                                   place as <location> and its date as <story.date norm>
    inlineXML NITF body.content    each photo as <media> (caption, credit as media-producer),
                                   then the paragraphs
    contentSet/remoteContent       the article's web page (url), as an HTML rendition

versionCreated is an xs:dateTime with a UTC offset (an item's order must not be
ambiguous: the checker calls one without an error). A date-only record, and one whose
time was printed in no known zone (a floating date-time, which contentCreated and
contentModified keep as printed: their type allows it), gets midnight of that day in
the record's zone (an IANA name or a fixed offset such as UTC+08:00), else
``settings.timezone``, else UTC (``dates.day_zone``, the rule the feeds follow too); a
record with no date at all gets the dateline day, else ``--now`` (the time the user says
this version is made); with none of these the article has no newsItem (and a warning
says so): no date is ever made up. The newsMessage header is derived from its items,
never from the clock: ``sent`` is the newest versionCreated, ``transmitId`` a hash of
the item guids in order, so the same batch gives the same bytes. As the header needs
every item, a newsMessage is streamed
(``Format.stream_feed``): items are printed one at a time to a spool, then copied after
the header, so a batch of any size costs the memory of one item.

QCodes. An item references IPTC's catalog 41, which defines the schemes the writer's
own QCodes use (ninat:, cpnat:, medtop:, ...). A subject in another scheme keeps its
QCode when its URI shows the scheme's URI (the URI is the scheme's plus the code):
the scheme is then defined in an inline ``<catalog>``. A subject in a scheme defined
nowhere the item can point to (``team:`` from a catalog of another provider, or
``conf:``, which means something else in IPTC's catalog) would be misread: it is
written by its URI alone, or left out with a warning.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import tempfile
import threading
import warnings
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal
from typing import BinaryIO, NamedTuple

from lxml import etree

from ..dates import MONTH_RE, day_zone, is_floating, order_key
from ..errors import InputError
from ..iptc import (
    CATALOG,
    EDITOR_ROLE,
    NAR,
    NITF,
    PUBLISHER_ROLE,
    SCHEMES,
    SOURCE_ROLE,
    byline,
    qcode_uri,
)
from ..linking.gazetteer import geonames_uri
from ..linking.places import link_of
from ..record import Article, Dateline, Organization, Subject, title_of
from ..settings import Settings
from ..xmlsafe import clean, clean_strings
from . import UNDATED, Format, Kept, UndatedWarning
from .feeds import now_setting

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
SPOOL_IN_MEMORY = 1 << 20  # bytes of printed items a newsMessage keeps in memory
COPY_BUFFER = 1 << 20
_PRINTED_DATE = re.compile(rf"(?:{MONTH_RE} *\d{{1,2}}|\d{{1,2}} +{MONTH_RE})(?:,? *\d{{4}})?",
                           re.IGNORECASE)


def _sub(parent: etree._Element, tag: str, text: str | None = None,
         attrib: dict[str, str | None] | None = None, ns: str = NAR) -> etree._Element:
    """A child element; attributes whose value is None are left out."""
    element = etree.SubElement(parent, f"{{{ns}}}{tag}",
                               {k: v for k, v in (attrib or {}).items() if v is not None})
    element.text = text
    return element


def version_moment(record: Article, now: datetime | None = None, zone: str | None = None
                   ) -> tuple[datetime, str] | None:
    """When this version of the article was made, as an instant and as written: its
    newest date, else its dateline's day, else `now` (``--now``), else None. A day is
    placed by ``dates.day_zone``, `zone` (``--timezone``) standing in for the record's."""
    stamps = [v for v in (record["date_published"], record["date_modified"]) if v]
    if not stamps and record["dateline"] and record["dateline"]["date"]:
        stamps = [record["dateline"]["date"]]
    start_zone = day_zone(record["timezone"], zone)
    moments = []
    for stamp in stamps:
        key = order_key(stamp, start_zone)  # a floating time or a day: its day's start
        timed = "T" in stamp and not is_floating(stamp)
        moments.append((key, stamp if timed else key[0].isoformat(timespec="seconds")))
    if moments:
        key, written = max(moments, key=lambda m: m[0])
        return key[0], written
    return (now, now.isoformat(timespec="seconds")) if now else None


def _party(parent: etree._Element, tag: str, name: str, attrib: dict[str, str | None]) -> None:
    _sub(_sub(parent, tag, attrib=attrib), "name", name)


def _organization(parent: etree._Element, org: Organization | None, role: str) -> None:
    if org:
        _party(parent, "infoSource", org["name"], {"uri": org["iri"], "role": f"cpprole:{role}"})


def _provider(parent: etree._Element, settings: Settings) -> None:
    publisher = settings.publisher
    if publisher is None:
        _sub(parent, "provider", attrib={"uri": settings.base_uri})
        return
    where = "settings: [publisher]"
    _party(parent, "provider", clean(publisher.name, where),
           {"uri": clean(publisher.url, where) if publisher.url else None})


def _located(meta: etree._Element, line: Dateline) -> None:
    """The dateline place by its IRI and name; where it is linked, its GeoNames feature as
    sameAs, its coordinates as geoAreaDetails/position, and the printed region's feature
    as the broader place's uri. Only the printed region is a broader place, so that a
    reader gets back the region that the place's IRI was minted from."""
    link = link_of(line)
    linked = link is not None and link["geonames_id"] is not None
    located = _sub(meta, "located", attrib={"uri": line["place_iri"]})
    _sub(located, "name", line["place_name"])
    if linked:
        _sub(located, "sameAs", attrib={"uri": geonames_uri(link["geonames_id"])})
    if line["region"]:
        region_id = link["region_geonames_id"] if linked else None
        broader = _sub(located, "broader",
                       attrib={"uri": geonames_uri(region_id) if region_id else None})
        _sub(broader, "name", line["region"])
    if linked and link["latitude"] is not None and link["longitude"] is not None:
        _sub(_sub(located, "geoAreaDetails"), "position",
             attrib={"latitude": _decimal(link["latitude"]),
                     "longitude": _decimal(link["longitude"])})


def _decimal(value: float) -> str:
    """An xs:decimal: the float's shortest digits, never in exponent form (1e-05)."""
    return format(Decimal(repr(value)), "f")


def _content_meta(item: etree._Element, record: Article) -> None:
    meta = _sub(item, "contentMeta")
    if record["date_published"]:
        _sub(meta, "contentCreated", record["date_published"])
    if record["date_modified"]:
        _sub(meta, "contentModified", record["date_modified"])
    line = record["dateline"]
    if line and line["place_name"]:
        _located(meta, line)
    _organization(meta, record["source"], SOURCE_ROLE)
    _organization(meta, record["publisher"], PUBLISHER_ROLE)
    for author in record["authors"]:
        kind = "cpnat:organisation" if author["kind"] == "organization" else "cpnat:person"
        _party(meta, "creator", author["name"], {"uri": author["iri"], "type": kind})
    for editor in record["editors"]:
        _party(meta, "contributor", editor["name"],
               {"uri": editor["iri"], "type": "cpnat:person", "role": f"cpprole:{EDITOR_ROLE}"})
    _sub(meta, "language", attrib={"tag": record["language"]})
    for topic, qcode in _identified(record, _schemes(record["subjects"])):
        implied = qcode_uri(topic["qcode"])
        subject = _sub(meta, "subject", attrib={
            "type": "cpnat:abstract" if topic["qcode"].startswith("medtop:") else None,
            "qcode": qcode,
            "uri": topic["uri"] if topic["uri"] != implied else None})
        if topic["name"]:
            _sub(subject, "name", topic["name"])
    if record["headline"]:  # optional in contentMeta: an article that prints none has none
        _sub(meta, "headline", record["headline"])
    if line:
        _sub(meta, "dateline", line["text"])
    by = byline(record["authors"])
    if by:
        _sub(meta, "by", by)
    for paragraph in record["summary"]:
        _sub(meta, "description", paragraph, {"role": "drol:summary"})


def _schemes(subjects: list[Subject]) -> dict[str, str]:
    """alias -> scheme URI for the inline catalog: each alias outside IPTC's catalog whose
    subjects' URIs are all the same scheme URI followed by the code."""
    found: dict[str, set[str | None]] = {}
    for topic in subjects:
        alias, _, code = topic["qcode"].partition(":")
        uri = topic["uri"]
        if alias in SCHEMES or uri is None:
            continue
        scheme = uri[:-len(code)] if uri.endswith(code) and len(uri) > len(code) else None
        found.setdefault(alias, set()).add(scheme)
    return {alias: uris.pop() for alias, uris in sorted(found.items())
            if len(uris) == 1 and None not in uris}


def _identified(record: Article, inline: dict[str, str]
                ) -> Iterator[tuple[Subject, str | None]]:
    """(subject, the QCode to write or None to write its URI alone) for each subject that
    a catalog of the item, or its URI, identifies; the others are left out (warned)."""
    undefined = []
    for topic in record["subjects"]:
        alias = topic["qcode"].partition(":")[0]
        if alias in SCHEMES or alias in inline:
            yield topic, topic["qcode"]
        elif topic["uri"]:
            yield topic, None
        else:
            undefined.append(topic["qcode"])
    if undefined:
        warnings.warn(f"article {record['id']}: subject(s) {', '.join(undefined)} left out of "
                      "NewsML-G2: no catalog it can reference defines their scheme, and they "
                      "have no URI", stacklevel=3)


def _mixed(element: etree._Element, text: str,
           marks: list[tuple[int, int, str, dict[str, str | None]]]) -> None:
    """`text` as the content of `element`, each (start, end, tag, attrib) span wrapped."""
    position, last = 0, None
    for start, end, tag, attrib in marks:
        if last is None:
            element.text = text[position:start] or None
        else:
            last.tail = text[position:start] or None
        last = _sub(element, tag, text[start:end] or None, attrib, ns=NITF)
        position = end
    rest = text[position:] or None
    if last is None:
        element.text = rest
    else:
        last.tail = rest


def _nitf_dateline(head: etree._Element, line: Dateline) -> None:
    """The dateline as printed, its place marked as <location>, its day as <story.date>."""
    text, marks = line["text"], []
    start = text.find(line["place"]) if line["place"] else -1
    if start >= 0:
        marks.append((start, start + len(line["place"]), "location", {}))
    if line["date"]:
        printed = _PRINTED_DATE.search(text, marks[0][1] if marks else 0)
        span = printed.span() if printed else (len(text), len(text))
        marks.append((*span, "story.date", {"norm": line["date"].replace("-", "")}))
    _mixed(_sub(head, "dateline", ns=NITF), text, marks)


def _nitf(parent: etree._Element, record: Article) -> None:
    nitf = etree.SubElement(parent, f"{{{NITF}}}nitf", nsmap={None: NITF})
    body = _sub(nitf, "body", ns=NITF)
    head = _sub(body, "body.head", ns=NITF)
    if record["headline"] or record["subheadline"]:
        # hedline is optional, but its hl1 is not: a subheadline alone needs the stand-in
        hedline = _sub(head, "hedline", ns=NITF)
        _sub(hedline, "hl1", title_of(record), ns=NITF)
        if record["subheadline"]:
            _sub(hedline, "hl2", record["subheadline"], ns=NITF)
    by = byline(record["authors"])
    if by:
        _sub(head, "byline", by, ns=NITF)
    line = record["dateline"]
    if line and line["agency"]:
        _sub(head, "distributor", line["agency"], ns=NITF)
    if line:
        _nitf_dateline(head, line)
    content = _sub(body, "body.content", ns=NITF)
    for image in record["images"]:
        media = _sub(content, "media", attrib={"media-type": "image"}, ns=NITF)
        _sub(media, "media-reference", attrib={"source": image["url"]}, ns=NITF)
        if image["caption"]:
            _sub(media, "media-caption", image["caption"], ns=NITF)
        if image["credit"]:
            _sub(media, "media-producer", image["credit"], ns=NITF)
    for paragraph in record["body"]:
        _sub(content, "p", paragraph, ns=NITF)


def news_item(record: Article, settings: Settings) -> etree._Element | None:
    """The newsItem element of one article; None (warned) when nothing dates its version."""
    version = version_moment(record, now_setting(settings), settings.timezone)
    if version is None:
        warnings.warn(UNDATED, UndatedWarning, stacklevel=2)
        return None
    record = clean_strings(record, f"article {record['id']}: $")
    item = etree.Element(f"{{{NAR}}}newsItem", {
        "guid": record["iri"], "version": "1", "standard": "NewsML-G2",
        "standardversion": "2.35", "conformance": "power", XML_LANG: record["language"]},
        nsmap={None: NAR})
    _sub(item, "catalogRef", attrib={"href": CATALOG})
    inline = _schemes(record["subjects"])
    if inline:
        catalog = _sub(item, "catalog")
        for alias, uri in inline.items():
            _sub(catalog, "scheme", attrib={"alias": alias, "uri": uri})
    meta = _sub(item, "itemMeta")
    _sub(meta, "itemClass", attrib={"qcode": "ninat:text"})
    _provider(meta, settings)
    _sub(meta, "versionCreated", version[1])
    _sub(meta, "pubStatus", attrib={"qcode": "stat:usable"})
    _content_meta(item, record)
    content_set = _sub(item, "contentSet")
    _nitf(_sub(content_set, "inlineXML", attrib={"contenttype": "application/nitf+xml"}), record)
    if record["url"]:
        _sub(content_set, "remoteContent", attrib={"href": record["url"],
                                                   "contenttype": "text/html"})
    return item


def _serialize(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def render(record: Article, settings: Settings) -> bytes | None:
    """One article as a standalone newsItem document (None: see news_item)."""
    item = news_item(record, settings)
    return _serialize(item) if item is not None else None


def render_entry(record: Article, settings: Settings) -> tuple[bytes | None, bytes]:
    """The article's newsItem document (as `render`) and its entry in a newsMessage, from
    one newsItem: a JSON line (the guid, the version's instant and its text, the warnings
    the item gave, which the message gives again), then the item as the message prints
    it; b"" when the item's version would come from ``--now`` (not part of an input's
    options: the message's writer makes that item with the run's own)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", UserWarning)  # what writers issue, each time
        item = news_item(record, settings)
    for warning in caught:
        warnings.warn(warning.message, stacklevel=2)
    if item is None:
        return None, b""
    document = _serialize(item)
    version = version_moment(record, None, settings.timezone)
    if version is None:
        return document, b""
    meta = [item.get("guid"), version[0].isoformat(), version[1],
            [str(warning.message) for warning in caught]]
    return document, json.dumps(meta).encode() + b"\n" + _printer()(item)


class _Header(NamedTuple):
    sent: str
    transmit_id: str
    sender: str | None


def _message(header: _Header | None = None) -> etree._Element:
    """A newsMessage with an empty itemSet, after `header` when given."""
    message = etree.Element(f"{{{NAR}}}newsMessage", nsmap={None: NAR})
    if header is not None:
        element = _sub(message, "header")
        _sub(element, "sent", header.sent)
        _sub(element, "catalogRef", attrib={"href": CATALOG})
        if header.sender is not None:
            _sub(element, "sender", header.sender)
        _sub(element, "transmitId", header.transmit_id)
    _sub(message, "itemSet")
    return message


def _around_items(message: etree._Element) -> tuple[bytes, bytes]:
    """The printed `message` before and after the items of its (empty) itemSet.

    It is printed with one empty newsItem in the itemSet, and that item's line cut out.
    """
    item_set = message[-1]
    marker = _sub(item_set, "newsItem")
    try:
        document = _serialize(message)
    finally:
        item_set.remove(marker)
    at = document.rindex(b"<newsItem/>")
    return document[:document.rindex(b"\n", 0, at) + 1], document[document.index(b"\n", at) + 1:]


class _ItemPrinter:
    """Each newsItem printed exactly as a whole-message print has it (two levels deep,
    the message's namespace not declared again): in a message of its own, cut out."""

    def __init__(self) -> None:
        self.message = _message()
        self.head, self.tail = _around_items(self.message)

    def __call__(self, item: etree._Element) -> bytes:
        item_set = self.message[-1]
        item_set.append(item)
        try:
            document = _serialize(self.message)
        finally:
            item_set.remove(item)
        assert document.startswith(self.head) and document.endswith(self.tail)
        return document[len(self.head):len(document) - len(self.tail)]


_printers = threading.local()  # a printer's message takes one item at a time


def _printer() -> _ItemPrinter:
    """This thread's printer (a Dask worker runs tasks in threads)."""
    if not hasattr(_printers, "printer"):
        _printers.printer = _ItemPrinter()
    return _printers.printer  # type: ignore[no-any-return]


class _Printed(NamedTuple):
    item: bytes  # as the message prints it
    guid: str
    version: tuple[datetime, str]  # see version_moment


def _printed(record: Article, settings: Settings, now: datetime | None) -> _Printed | None:
    """The article's newsItem as the message prints it: the entry a publish worker kept
    (see render_entry; its warnings given again), else made here; None (warned): none."""
    entry = record.entries.get("newsml") if isinstance(record, Kept) else None
    if entry:
        line, _, item = entry.partition(b"\n")
        guid, instant, written, messages = json.loads(line)
        for message in messages:
            warnings.warn(message, stacklevel=3)
        return _Printed(item, guid, (datetime.fromisoformat(instant), written))
    whole = record.whole() if isinstance(record, Kept) else record
    element = news_item(whole, settings)
    if element is None:
        return None
    version = version_moment(whole, now, settings.timezone)
    assert version is not None  # news_item made an item
    return _Printed(_printer()(element), element.get("guid"), version)


def write_news_message(records: Iterable[Article], settings: Settings, out: BinaryIO) -> bool:
    """A batch as one newsMessage on `out`, with one newsItem in memory at a time; False
    (nothing written, and a warning) when no article has a newsItem (none is dated).

    The header comes from the items (see the module notes) but precedes them, so the
    printed items wait in a spool (memory up to SPOOL_IN_MEMORY, then a file in TMPDIR)
    until the header is known. The bytes are those of the message printed whole. A
    record that publish kept with its printed entry (see render_entry) is copied.
    """
    guids, newest, seen = hashlib.sha256(), None, False
    now = now_setting(settings)
    with tempfile.SpooledTemporaryFile(SPOOL_IN_MEMORY) as spool:
        for record in records:
            seen = True
            printed = _printed(record, settings, now)
            if printed is None:
                continue
            spool.write(printed.item)
            if newest is not None:
                guids.update(b"\n")
            guids.update(printed.guid.encode())
            if newest is None or printed.version[0] > newest[0]:  # the first of equal instants
                newest = printed.version
        if not seen:
            raise InputError("a NewsML-G2 newsMessage needs at least one article", field="--to")
        if newest is None:
            return False
        sender = clean(settings.publisher.name, "settings: [publisher]") \
            if settings.publisher else None
        head, tail = _around_items(_message(_Header(newest[1], guids.hexdigest()[:32], sender)))
        out.write(head)
        spool.seek(0)
        shutil.copyfileobj(spool, out, COPY_BUFFER)
        out.write(tail)
    return True


def news_message(records: Iterable[Article], settings: Settings) -> bytes | None:
    """A batch as one newsMessage document (see write_news_message to stream it)."""
    out = io.BytesIO()
    return out.getvalue() if write_news_message(records, settings, out) else None


FORMATS: dict[str, Format] = {
    "newsml": Format("newsml", ".newsml.xml", "application/vnd.iptc.g2.newsitem+xml",
                     render=render, feed=news_message, stream_feed=write_news_message,
                     render_entry=render_entry),
}
