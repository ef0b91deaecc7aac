"""NewsML-G2 newsItems (alone or in a newsMessage) as records.

Reads back everything exporter.writers.newsml writes (see its table), and IPTC's own
documents as far as they fit the record: the headline from contentMeta, else the NITF
hl1, else the item title; authors from creator elements, else the byline; the body
from the NITF paragraphs; photos from NITF media, and a picture item as its own photo.
versionCreated is not read: it dates the item's version, not the article.

The XML is parsed by exporter.xmlsafe: no DTD, no entity expansion, no network.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterator

from lxml import etree

from .. import sources, xmlsafe
from ..errors import InputError
from ..iptc import (
    EDITOR_ROLE,
    NAR,
    NITF,
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

NAME = "newsml"

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:newsItem|newsMessage)[\s>/]")
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")
_ORGANISATION_TYPES = {"cpnat:organisation", "cpnat:organization"}
_DOMAIN = re.compile(r"(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}/?", re.IGNORECASE)


def sniff(data: bytes, name: str = "") -> bool:
    """A NewsML-G2 newsItem or newsMessage: the root element and the NAR namespace up front."""
    head = data[:4096]
    return head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and NAR.encode() in head \
        and _ROOT.search(head) is not None


def _nar(path: str) -> str:
    """An ElementPath with every step in the NewsML-G2 namespace: "contentMeta/headline"."""
    return "/".join(f"{{{NAR}}}{step}" for step in path.split("/"))


def _nitf(path: str) -> str:
    return "/".join(f"{{{NITF}}}{step}" for step in path.split("/"))


def _nitf_path(path: str) -> str:
    """The path from a newsItem to its NITF body, and on to `path` below the body."""
    return f"{_nar('contentSet/inlineXML')}/{_nitf('nitf/body' + ('/' + path if path else ''))}"


def _text(element: etree._Element | None) -> str | None:
    """The element's text, markup and layout white space removed; None when empty."""
    return (spaces("".join(element.itertext())) or None) if element is not None else None


def _texts(parent: etree._Element, path: str) -> list[str]:
    return [t for t in map(_text, parent.iterfind(path)) if t]


def _roles(element: etree._Element) -> set[str | None]:
    """The Content Production Party roles of a party (role holds a list of QCodes)."""
    return {role(token) for token in (element.get("role") or "").split()}


def _name(element: etree._Element, language: str) -> str | None:
    """The concept's name in the item's language if it has one, else its first name."""
    names = element.findall(_nar("name"))
    primary = language.split("-")[0].lower()
    for name in names:
        if (name.get(XML_LANG) or "").split("-")[0].lower() == primary:
            return _text(name)
    return _text(names[0]) if names else None


def _language(item: etree._Element, meta: etree._Element) -> str:
    tag = (meta.find(_nar("language")) if meta is not None else None)
    value = (tag.get("tag") if tag is not None else None) or item.get(XML_LANG) or ""
    if _LANGUAGE.fullmatch(value):
        return value
    if value:
        warnings.warn(f"language {value!r} is not a BCP 47 tag the record takes; "
                      "recorded as 'und'", stacklevel=2)
    return "und"


def _organizations(meta: etree._Element, rights: list[str]) -> tuple[str | None, str | None]:
    """(credited source, publisher) from infoSource roles; a role-less infoSource or the
    copyright holder stands in for the source."""
    found: dict[str, str] = {}
    for party in meta.iterfind(_nar("infoSource")):
        name, roles = _name(party, ""), _roles(party)
        if name and PUBLISHER_ROLE in roles:
            found.setdefault("publisher", name)
        elif name and (SOURCE_ROLE in roles or not roles):
            found.setdefault("source", name)
    return found.get("source") or (rights[0] if rights else None), found.get("publisher")


def _site(identifier: str | None) -> bool:
    """Whether a QCode's code or a URI names a web site alone (``web:sportsnetwork.com``,
    ``https://www.example.com/``): what a site stands for is an organisation."""
    value = (identifier or "").partition(":")[2].removeprefix("//")
    return _DOMAIN.fullmatch(value) is not None


def _authors(meta: etree._Element, head: etree._Element | None
             ) -> list[tuple[str, str, str | None]] | list[tuple[str, str]]:
    """Creators as (name, kind, their uri); the byline's names when there is no creator."""
    authors = []
    for creator in meta.iterfind(_nar("creator")):
        name = _name(creator, "")
        if name:
            kind = creator.get("type")
            organization = kind in _ORGANISATION_TYPES or (kind is None and (
                sources.lookup(name) is not None
                or _site(creator.get("qcode")) or _site(creator.get("uri"))))
            authors.append((name, "organization" if organization else "person",
                            link(creator.get("uri"))))
    if authors:
        return authors
    by = _text(meta.find(_nar("by"))) or (_text(head.find(_nitf("byline")))
                                          if head is not None else None)
    return byline_agents(by) if by else []


def _dateline(meta: etree._Element, head: etree._Element | None) -> dict | None:
    nitf_line = head.find(_nitf("dateline")) if head is not None else None
    text = _text(meta.find(_nar("dateline"))) or _text(nitf_line)
    if text is None:
        return None
    located = meta.find(_nar("located"))
    regions = located.findall(_nar("broader")) if located is not None else []
    region_names = [n for n in (_name(r, "") for r in regions) if n]
    story_date = nitf_line.find(_nitf("story.date")) if nitf_line is not None else None
    norm = story_date.get("norm", "") if story_date is not None else ""
    day = re.match(r"(\d{4})-?(\d{2})-?(\d{2})", norm)  # 20210728, 20210728T091900-0500
    return {"text": text,
            "place": _text(nitf_line.find(_nitf("location"))) if nitf_line is not None else None,
            "place_name": _name(located, "") if located is not None else None,
            "region": region_names[-1] if region_names else None,
            "date": record_when("-".join(day.groups()), None, "NITF story.date") if day else None,
            "agency": _text(head.find(_nitf("distributor"))) if head is not None else None}


def _inside_media(paragraph: etree._Element, content: etree._Element) -> bool:
    parent = paragraph.getparent()
    while parent is not None and parent is not content:
        if parent.tag == f"{{{NITF}}}media":
            return True
        parent = parent.getparent()
    return False


def _body_and_images(body: etree._Element | None
                     ) -> tuple[list[str], list[tuple[str | None, str | None, str | None]]]:
    paragraphs: list[str] = []
    images = []
    for content in body.iterfind(_nitf("body.content")) if body is not None else ():
        paragraphs += [t for p in content.iter(f"{{{NITF}}}p")
                       if not _inside_media(p, content) and (t := _text(p))]
        for media in content.iter(f"{{{NITF}}}media"):
            if media.get("media-type") != "image":
                continue
            urls = [link(r.get("source")) for r in media.iterfind(_nitf("media-reference"))]
            images.append((_text(media.find(_nitf("media-caption"))),
                           _text(media.find(_nitf("media-producer"))),
                           next(filter(None, urls), None)))
    return paragraphs, images


def _picture(item: etree._Element, meta: etree._Element
             ) -> tuple[str | None, str | None, str | None]:
    """A picture item is its own photo: caption, credit line and first web rendition."""
    captions = [d for d in meta.iterfind(_nar("description")) if "drol:caption" in
                (d.get("role") or "").split()]
    urls = [link(r.get("href")) for r in item.iterfind(_nar("contentSet/remoteContent"))
            if (r.get("contenttype") or "image/").startswith("image/")]
    return (_text(captions[0]) if captions else None, _text(meta.find(_nar("creditline"))),
            next(filter(None, urls), None))


def _subjects(meta: etree._Element, language: str, where: str) -> list[Subject]:
    found = [subject(s.get("qcode"), s.get("uri"), _name(s, language), where)
             for s in meta.iterfind(_nar("subject"))]
    return [s for s in found if s]


def _article(item: etree._Element, ctx: ReadContext, position: str | None) -> Article:
    guid = item.get("guid")
    where = f"newsItem {guid or ''}".strip()
    meta = item.find(_nar("contentMeta"))
    if meta is None:
        meta = etree.Element(_nar("contentMeta"))
    nitf_body = item.find(_nitf_path(""))
    head = nitf_body.find(_nitf("body.head")) if nitf_body is not None else None
    language = _language(item, meta)
    headline = (_texts(meta, _nar("headline")) + _texts(item, _nitf_path("body.head/hedline/hl1"))
                + _texts(item, _nar("itemMeta/title")) + _texts(meta, _nar("slugline")))
    subheadlines = _texts(head, _nitf("hedline/hl2")) if head is not None else []
    stamps = [_text(meta.find(_nar("contentCreated"))) or
              _text(item.find(_nar("itemMeta/firstCreated"))),
              _text(meta.find(_nar("contentModified")))]
    published, modified = (record_when(s, ctx.timezone, f"{where}: date") if s else None
                           for s in stamps)
    source, publisher = _organizations(meta, _texts(item, _nar("rightsInfo/copyrightHolder")))
    body, images = _body_and_images(nitf_body)
    if item.find(_nar("itemMeta/itemClass[@qcode='ninat:picture']")) is not None:
        images.insert(0, _picture(item, meta))
    summary = [t for d in meta.iterfind(_nar("description"))
               if (d.get("role") or "drol:summary") == "drol:summary" and (t := _text(d))]
    if not summary and head is not None:
        summary = _texts(head, _nitf("abstract/p"))
    if not (headline or body or summary or any(c for c, _, _ in images)):
        raise InputError("newsItem has neither a headline (contentMeta/headline, NITF hl1 or "
                         "itemMeta/title) nor any text (NITF body, description, captions)",
                         line=item.sourceline, field=guid)
    pages = [link(r.get("href")) for r in item.iterfind(_nar("contentSet/remoteContent"))
             if r.get("contenttype") == "text/html"]
    return new_record(
        ctx, reader=NAME, headline=headline[0] if headline else None, guid=guid, item=position,
        subheadline=subheadlines[0] if subheadlines else None, language=language,
        date_published=published, date_modified=modified,
        timezone=zone_used(stamps, ctx.timezone), source=source, publisher=publisher,
        authors=_authors(meta, head),
        editors=[n for c in meta.iterfind(_nar("contributor"))
                 if _roles(c) & {EDITOR_ROLE, "contentEditor"} and (n := _name(c, ""))],
        dateline=_dateline(meta, head), images=images, summary=summary, body=body,
        subjects=_subjects(meta, language, where), url=next(filter(None, pages), None))


def read(data: bytes, ctx: ReadContext) -> Iterator[Article | InputError]:
    """The article of a newsItem, or of each newsItem in a newsMessage (an item that cannot
    be read is yielded as an error and the others go on)."""
    root = xmlsafe.parse(data, ctx.name)
    if root.tag == _nar("newsItem"):
        yield _article(root, ctx, None)
        return
    if root.tag != _nar("newsMessage"):
        raise InputError(f"not a NewsML-G2 newsItem or newsMessage: the root element is "
                         f"{etree.QName(root).localname!r} in {etree.QName(root).namespace!r}",
                         source=ctx.name, line=root.sourceline)
    for item in root.iterfind(_nar("itemSet/*")):
        if item.tag != _nar("newsItem"):
            warnings.warn(f"{ctx.name}:{item.sourceline}: {etree.QName(item).localname} "
                          "is not a news item; skipped", stacklevel=2)
            continue
        try:
            yield _article(item, ctx, item.get("guid") or f"line {item.sourceline}")
        except InputError as exc:
            exc.line = exc.line or item.sourceline
            yield exc.located(ctx.name)
