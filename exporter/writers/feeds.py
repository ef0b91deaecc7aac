"""Syndication feeds for a batch: Atom 1.0 (RFC 4287), RSS 2.0 and a Google News sitemap.

Each feed is one document for many articles, built in one pass with a bounded heap:
only the newest `limit` articles are ever held, so a million-article batch costs no
more memory than a hundred. Newest first by publication instant (a date alone or a
floating date-time at its day's start, below; one day's floating times after that
instant, by their wall time); equal instants are ordered by record id (descending), so
the output never depends on input order.
A record id seen twice keeps the version with the later modification date (the later
one in the input when equal): a corrected article replaces its earlier version.

Dates. Atom and RSS need an instant. A date-only record (``2021-07-29``: only a date was
printed, no time) is written as 00:00:00 on that day in the record's time zone (an IANA
name or a fixed offset such as ``UTC+08:00``), else ``settings.timezone``, else UTC
(``+00:00``), the rule (``dates.day_zone``) NewsML-G2 follows too: no time of day is
invented beyond the day's start. A floating date-time (``2021-07-29T09:19:00``: a time
printed in no known zone, which is no instant) is written the same way, as its day. The
news sitemap keeps the recorded value (W3C dates allow a bare date), a floating one as
its day (the W3C profile takes a time only with its zone). Records with neither
``date_published`` nor ``date_modified`` cannot be placed in time and are left out,
with one warning (``UNDATED``) however many.

Empty feeds. RSS is written empty (a channel needs no item). An empty Atom feed takes
``now`` as its ``updated``; without ``now`` none is written. A news sitemap is never
written empty: sitemaps.org's XSD requires one ``url`` at least. Each says why in
one warning line; ``feed`` then returns None.

Settings (``settings.feed``, the ``[feed]`` table; all optional):

- ``title``, ``subtitle``: feed title (default: the publisher's name, else
  ``"newsexport feed"``) and description.
- ``id``: the Atom feed id (default ``{base_uri}feed``).
- ``link``: the site the feed belongs to (default: the publisher's url, else
  ``base_url``). RSS requires a channel link: without either it is the base URI.
- ``self``: the URL each feed is served at (``rel="self"``, typed with the feed's own
  media type): ``{atom = URL, rss = URL}``, or one URL for the Atom feed alone;
  default: ``base_url`` + the feed's file as ``publish`` names it (``rss/feed.rss``).
- ``limit``: entries kept (default 100; the sitemap: every article of the window, at most
  Google's 1,000).
- ``now``: an ISO 8601 date-time with offset; the sitemap lists articles published in the
  two days up to it (default: the newest article). An empty Atom feed uses it as ``updated``.
- ``links`` + ``base_url``: per-article links to files ``publish`` wrote, as
  ``{format name: path template with {id}}`` relative to ``base_url``, e.g.
  ``{"jsonld": "jsonld/{id}.jsonld", "newsml": "newsml/{id}.xml"}``. Each becomes an Atom
  ``link`` (and an ``atom:link`` in RSS) typed with the format's registered media type.

The publisher (name, url, logo) is ``settings.publisher``, as for JSON-LD. Without it the
feed title stands in for the publisher's name, no news sitemap is written (Google News
needs the publication's name), and the one ``NO_PUBLISHER`` warning says so.
"""

from __future__ import annotations

import heapq
import warnings
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import format_datetime
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from lxml import etree

from .. import xmlsafe
from ..dates import day_zone, is_floating, order_key
from ..errors import InputError
from ..record import Article, title_of
from ..settings import Settings
from . import UNDATED, Format, UndatedWarning, get
from .jsonld import NO_PUBLISHER, NoPublisherWarning

ATOM = "http://www.w3.org/2005/Atom"
DC = "http://purl.org/dc/elements/1.1/"
CONTENT = "http://purl.org/rss/1.0/modules/content/"
MEDIA = "http://search.yahoo.com/mrss/"
SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

FALLBACK_TITLE = "newsexport feed"
DEFAULT_LIMIT = 100
SITEMAP_MAX = 1000  # Google News: at most 1,000 news:news entries per sitemap
SITEMAP_WINDOW = timedelta(days=2)  # Google News: articles of the last two days only
HTML = "text/html"

_SELF_KEYS = ("atom", "rss")
_UNDETERMINED = {"und", "mul", "zxx", "mis"}  # BCP 47 tags that name no language
_FEED_KEYS = ("title", "subtitle", "id", "link", "self", "limit", "now", "links", "base_url")
_URI_SAFE = "!#$%&'()*+,/:;=?@[]~"  # RFC 3986 reserved characters and '%': kept as they are


class FeedWarning(UserWarning):
    """A feed was written with a documented fallback (unset settings, skipped articles)."""


@dataclass(frozen=True)
class FeedConfig:
    """``settings.feed`` and the publisher, checked once per feed."""

    title: str
    subtitle: str | None
    feed_id: str
    link: str | None
    site: str  # the channel link RSS requires: link, else base_url, else the base URI
    self_urls: dict[str, str]  # feed format name -> the URL it is served at
    limit: int | None
    now: datetime | None
    links: tuple[tuple[str, str], ...]  # (media type, absolute URL template with {id})
    publisher_name: str
    publisher_url: str | None
    logo: str | None

    def article_links(self, record: Article) -> list[tuple[str, str]]:
        """(media type, href): the article's own page, then each configured file."""
        found = [(HTML, record["url"])] if record["url"] else []
        for media_type, template in self.links:
            href = template.replace("{id}", record["id"])
            if all(href != seen for _, seen in found):
                found.append((media_type, href))
        return found


@dataclass(frozen=True)
class Entry:
    """A dated record: `published` orders the feed, `updated` is Atom's updated."""

    record: Article
    published: datetime
    updated: datetime
    printed: str  # the date as recorded (the news sitemap's publication date)
    wall: str  # a floating date-time: orders one day's floating times (see order_key)

    def page(self, config: FeedConfig) -> str | None:
        """The article's web page: its first text/html link."""
        return next((href for kind, href in config.article_links(self.record) if kind == HTML),
                    None)


def configure(settings: Settings) -> FeedConfig:
    """Check ``settings.feed``; warn about every fallback the feed will use."""
    feed = settings.feed
    unknown = sorted(set(feed) - set(_FEED_KEYS))
    if unknown:
        raise InputError(f"unknown [feed] setting(s) {', '.join(unknown)}; "
                         f"known: {', '.join(_FEED_KEYS)}", field="feed")
    text = {key: _optional_str(feed, key)
            for key in ("title", "subtitle", "id", "link", "self", "base_url")}
    publisher = settings.publisher
    title = text["title"] or (publisher.name if publisher else None) or FALLBACK_TITLE
    if publisher is None:
        warnings.warn(NO_PUBLISHER, NoPublisherWarning, stacklevel=3)
    link = text["link"] or (publisher.url if publisher else None)
    return FeedConfig(
        title=title, subtitle=text["subtitle"], feed_id=text["id"] or f"{settings.base_uri}feed",
        link=link, site=link or text["base_url"] or settings.base_uri,
        self_urls=_self_urls(feed.get("self"), text["base_url"]),
        limit=_limit(feed.get("limit")), now=now_setting(settings),
        links=_link_templates(feed.get("links"), text["base_url"]),
        publisher_name=publisher.name if publisher else title,
        publisher_url=publisher.url if publisher else None,
        logo=publisher.logo if publisher else None)


def _optional_str(feed: dict[str, Any], key: str) -> str | None:
    value = feed.get(key)
    if key == "self" and isinstance(value, dict):
        return None  # one URL per feed: see _self_urls
    if value is not None and not (isinstance(value, str) and value.strip()):
        raise InputError(f"[feed] {key} must be a non-empty string", field=f"feed.{key}")
    return value


def _self_urls(value: Any, base_url: str | None) -> dict[str, str]:
    """Where each feed is served: ``self`` as given (a string is the Atom feed's URL, the
    one feed its documented example names), else ``base_url`` + publish's file name."""
    if isinstance(value, dict):
        unknown = sorted(set(value) - set(_SELF_KEYS))
        if unknown or not all(isinstance(v, str) and v.strip() for v in value.values()):
            raise InputError(f"[feed] self maps {' and '.join(_SELF_KEYS)} to URLs",
                             field="feed.self")
        return dict(value)
    if isinstance(value, str):
        return {"atom": value}
    if base_url is None:
        return {}
    folder = base_url if base_url.endswith("/") else base_url + "/"
    return {name: urljoin(folder, f"{name}/feed{FORMATS[name].extension}")
            for name in _SELF_KEYS}


def now_setting(settings: Settings) -> datetime | None:
    """``--now`` (``[feed] now``): the explicit time of this run, checked."""
    return _now(settings.feed.get("now"))


def _limit(value: Any) -> int | None:
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 1):
        raise InputError(f"the feed limit must be a whole number >= 1, not {value!r}",
                         field="feed.limit")
    return value


def _now(value: Any) -> datetime | None:
    """`now` as an aware datetime: a feed must not depend on the machine's zone."""
    if value is None:
        return None
    moment = value
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            moment = None
    if not isinstance(moment, datetime) or moment.tzinfo is None:
        raise InputError(f"'now' must be a date-time with a UTC offset such as "
                         f"2021-07-29T12:00:00+08:00 or 2021-07-29T04:00:00Z, not {value!r}",
                         field="feed.now")
    return moment


def _link_templates(links: Any, base_url: str | None) -> tuple[tuple[str, str], ...]:
    """``{format: template}`` -> (media type, absolute template), checked up front.

    The media type is the format's own (the writer registry), so a link always says
    what the file is; `base_url` names a folder, so it ends in "/" like a base URI.
    """
    if links is None:
        return ()
    if not isinstance(links, dict):
        raise InputError("[feed] links must map format names to path templates",
                         field="feed.links")
    checked = []
    for name, template in links.items():
        if not isinstance(template, str) or "{id}" not in template:
            raise InputError(f"the link template for {name!r} must be a string containing {{id}}",
                             field="feed.links")
        if not urlsplit(template).scheme and base_url is None:
            raise InputError(f"the link template {template!r} is relative: set [feed] base_url "
                             "to the URL where publish's output is served", field="feed.links")
        try:
            media_type = get(name).media_type
        except InputError as exc:
            raise InputError(exc.reason, field="feed.links") from None
        folder = base_url if base_url is None or base_url.endswith("/") else base_url + "/"
        checked.append((media_type, urljoin(folder or "", template)))
    return tuple(checked)


# -- selecting the newest entries ---------------------------------------------------------


@dataclass
class DateTally:
    """How many articles a feed saw with a date and without one (those it left out)."""

    undated: int = 0
    dated: int = 0  # tells why a feed came out empty: no article, or none dated


def _dated(records: Iterable[Article], settings: Settings, tally: DateTally) -> Iterator[Entry]:
    """Every record that has a date, as an Entry; one warning for those without."""
    for record in records:
        published = record["date_published"] or record["date_modified"]
        if published is None:
            tally.undated += 1
            continue
        tally.dated += 1
        zone = day_zone(record["timezone"], settings.timezone)
        instant, wall = order_key(published, zone)
        yield Entry(record, instant, order_key(record["date_modified"] or published, zone)[0],
                    published, wall)
    if tally.undated:
        warnings.warn(UNDATED, UndatedWarning, stacklevel=2)


def _newest(entries: Iterable[Entry], limit: int) -> list[Entry]:
    """The `limit` newest entries, newest first, holding at most `limit` at any time."""
    heap: list[tuple[tuple[datetime, str], str, Entry]] = []  # min-heap: the oldest on top
    kept: dict[str, tuple[tuple[datetime, str], str, Entry]] = {}
    for entry in entries:
        item = ((entry.published, entry.wall), entry.record["id"], entry)
        earlier = kept.get(item[1])
        if earlier is not None:
            if entry.updated < earlier[2].updated:
                continue
            heap.remove(earlier)
            heapq.heapify(heap)
        elif len(heap) >= limit:
            if item[:2] <= heap[0][:2]:
                continue
            del kept[heapq.heappop(heap)[1]]
        heapq.heappush(heap, item)
        kept[item[1]] = item
    return [entry for *_, entry in sorted(heap, key=lambda item: item[:2], reverse=True)]


# -- XML helpers --------------------------------------------------------------------------


def _add(parent: etree._Element, tag: str, text: str | None = None,
         **attributes: str) -> etree._Element:
    """A child element; characters XML 1.0 forbids are removed (with a warning), never written."""
    name = etree.QName(tag).localname
    element = etree.SubElement(parent, tag, {
        key: xmlsafe.clean(value, f"<{name} {etree.QName(key).localname}>")
        for key, value in attributes.items()})
    if text is not None:
        element.text = xmlsafe.clean(text, f"<{name}>")
    return element


def _html(paragraphs: list[str]) -> str:
    """Paragraphs as an HTML fragment, escaped by lxml (the feed escapes it once more)."""
    parts = []
    for paragraph in paragraphs:
        p = etree.Element("p")
        p.text = xmlsafe.clean(paragraph, "<p>")
        parts.append(etree.tostring(p, method="html", encoding="unicode"))
    return "\n".join(parts)


def _document(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _rfc3339(moment: datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _uri(iri: str) -> str:
    """An IRI as the URI a sitemap requires: non-ASCII percent-encoded as UTF-8."""
    return quote(iri, safe=_URI_SAFE)


def _creators(record: Article) -> list[str]:
    """Who wrote it: the bylines, else the credited agency; none means the publisher."""
    names = [agent["name"] for agent in record["authors"]]
    return names or ([record["source"]["name"]] if record["source"] else [])


def _story(record: Article) -> list[str]:
    """The body as printed: the dateline the reader split off opens the first paragraph again."""
    body, line = record["body"], record["dateline"]
    return [f"{line['text']} {body[0]}", *body[1:]] if body and line else body


def _summary(record: Article) -> list[str]:
    return record["summary"] or _story(record)[:1]


def _content(record: Article) -> list[str]:
    """What an entry says: the story, else the summary, else the photos' captions, else
    the title (an Atom entry without a web page must have content, RFC 4287 4.1.1)."""
    captions = [image["caption"] for image in record["images"] if image["caption"]]
    return _story(record) or record["summary"] or captions or [title_of(record)]


def _language(entries: list[Entry]) -> str | None:
    """The feed's language when every entry shares one."""
    languages = {entry.record["language"] for entry in entries}
    return languages.pop() if len(languages) == 1 else None


def _relations(links: list[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(rel, type, href): RFC 4287 allows one "alternate" per media type; others are related."""
    seen: set[str] = set()
    out = []
    for media_type, href in links:
        out.append(("related" if media_type in seen else "alternate", media_type, href))
        seen.add(media_type)
    return out


def _texts(parent: etree._Element, record: Article, summary: Callable[[], object],
           content: Callable[[], object], content_needed: bool = False) -> None:
    """Body, photos and summary, in the order that keeps every one of them apart.

    Feed parsers (feedparser, and readers built on it) take a ``media:description``
    for the entry's summary unless the real summary follows it, and take a summary
    that repeats for the content unless the content came first. An entry that must
    have content (``content_needed``) and has no body gets `content` alone.
    """
    if record["body"]:
        content()
        _media(parent, record)
        if _summary(record):
            summary()
    elif content_needed:
        content()
        _media(parent, record)
    else:
        if _summary(record):
            summary()
        _media(parent, record)


def _media(parent: etree._Element, record: Article) -> None:
    """Media RSS ``media:content`` for each photo with a URL, caption and credit included."""
    for image in record["images"]:
        if image["url"]:
            content = _add(parent, f"{{{MEDIA}}}content", url=image["url"], medium="image")
            if image["caption"]:
                _add(content, f"{{{MEDIA}}}description", image["caption"], type="plain")
            if image["credit"]:
                _add(content, f"{{{MEDIA}}}credit", image["credit"])


# -- Atom 1.0 -----------------------------------------------------------------------------


def _a(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def atom_feed(records: Iterable[Article], settings: Settings) -> bytes | None:
    """An Atom 1.0 feed of the newest articles."""
    config = configure(settings)
    tally = DateTally()
    entries = _newest(_dated(records, settings, tally), config.limit or DEFAULT_LIMIT)
    if not entries and config.now is None:
        if not tally.undated:  # else UNDATED said it
            warnings.warn("no Atom feed written: it has no article, and no --now to date "
                          "its <updated>", FeedWarning, stacklevel=2)
        return None
    feed = etree.Element(_a("feed"), nsmap={None: ATOM, "media": MEDIA})
    language = _language(entries)
    if language:
        feed.set(XML_LANG, language)
    _add(feed, _a("id"), config.feed_id)
    _add(feed, _a("title"), config.title)
    if config.subtitle:
        _add(feed, _a("subtitle"), config.subtitle)
    updated = max((entry.updated for entry in entries), default=config.now)
    _add(feed, _a("updated"), _rfc3339(updated))
    author = _add(feed, _a("author"))
    _add(author, _a("name"), config.publisher_name)
    if config.publisher_url:
        _add(author, _a("uri"), config.publisher_url)
    if config.link:
        _add(feed, _a("link"), rel="alternate", type=HTML, href=config.link)
    if "atom" in config.self_urls:
        _add(feed, _a("link"), rel="self", type=FORMATS["atom"].media_type,
             href=config.self_urls["atom"])
    if config.logo:
        _add(feed, _a("logo"), config.logo)
    for entry in entries:
        _atom_entry(feed, entry, config)
    return _document(feed)


def _atom_entry(feed: etree._Element, entry: Entry, config: FeedConfig) -> None:
    record = entry.record
    element = _add(feed, _a("entry"), **{XML_LANG: record["language"]})
    _add(element, _a("id"), record["iri"])
    _add(element, _a("title"), title_of(record), type="text")
    _add(element, _a("updated"), _rfc3339(entry.updated))
    if record["date_published"]:
        _add(element, _a("published"), _rfc3339(entry.published))
    for name in _creators(record):
        _add(_add(element, _a("author")), _a("name"), name)
    relations = _relations(config.article_links(record))
    for rel, media_type, href in relations:
        _add(element, _a("link"), rel=rel, type=media_type, href=href)
    for subject in record["subjects"]:
        label = {"label": subject["name"]} if subject["name"] else {}
        _add(element, _a("category"), term=subject["qcode"], **label)
    _texts(element, record,
           summary=lambda: _add(element, _a("summary"), "\n\n".join(_summary(record)),
                                type="text"),
           content=lambda: _add(element, _a("content"), _html(_content(record)), type="html"),
           content_needed=not any(rel == "alternate" for rel, *_ in relations))


# -- RSS 2.0 ------------------------------------------------------------------------------


def rss_feed(records: Iterable[Article], settings: Settings) -> bytes:
    """An RSS 2.0 channel of the newest articles (guids are the article IRIs)."""
    config = configure(settings)
    entries = _newest(_dated(records, settings, DateTally()), config.limit or DEFAULT_LIMIT)
    rss = etree.Element("rss", {"version": "2.0"},
                        nsmap={"atom": ATOM, "dc": DC, "content": CONTENT, "media": MEDIA})
    channel = _add(rss, "channel")
    _add(channel, "title", config.title)
    _add(channel, "link", config.site)
    _add(channel, "description", config.subtitle or config.title)
    language = _language(entries)
    if language:
        _add(channel, "language", language)
    built = max((entry.updated for entry in entries), default=config.now)
    if built:
        _add(channel, "lastBuildDate", format_datetime(built))
    if "rss" in config.self_urls:
        _add(channel, _a("link"), rel="self", type=FORMATS["rss"].media_type,
             href=config.self_urls["rss"])
    if config.logo:
        image = _add(channel, "image")
        for tag, text in (("url", config.logo), ("title", config.title), ("link", config.site)):
            _add(image, tag, text)
    for entry in entries:
        _rss_item(channel, entry, config)
    return _document(rss)


def _rss_item(channel: etree._Element, entry: Entry, config: FeedConfig) -> None:
    record = entry.record
    item = _add(channel, "item")
    _add(item, "title", title_of(record))
    page = entry.page(config)
    if page:
        _add(item, "link", page)
    for name in _creators(record):
        _add(item, f"{{{DC}}}creator", name)
    for subject in record["subjects"]:
        _add(item, "category", subject["name"] or subject["qcode"],
             domain=subject["qcode"].partition(":")[0])
    _add(item, "guid", record["iri"], isPermaLink="false")
    _add(item, "pubDate", format_datetime(entry.published))
    for rel, media_type, href in _relations(config.article_links(record)):
        if href != page:
            _add(item, _a("link"), rel=rel, type=media_type, href=href)
    _texts(item, record, summary=lambda: _add(item, "description", _html(_summary(record))),
           content=lambda: _add(item, f"{{{CONTENT}}}encoded", _html(_story(record))))


# -- Google News sitemap ------------------------------------------------------------------


def _news_language(tag: str) -> str | None:
    """A BCP 47 tag as Google News wants it: ISO 639, except zh-cn / zh-tw for Chinese;
    None for a tag that names no language (``und``)."""
    parts = tag.lower().split("-")
    if parts[0] in _UNDETERMINED or not (parts[0].isalpha() and len(parts[0]) in (2, 3)):
        return None
    if parts[0] != "zh":
        return parts[0]
    if {"hant", "tw", "hk", "mo"} & set(parts[1:]):
        return "zh-tw"  # Traditional
    return "zh-cn"  # Simplified, also for a bare "zh" (CLDR's likely subtags: zh-Hans-CN)


@dataclass
class _Unlisted:
    """Dated articles a news sitemap cannot list, by reason."""

    no_url: int = 0
    no_language: int = 0

    def reasons(self) -> list[str]:
        """"N article(s) <why> (<the fix>)" for each reason that left articles out."""
        return [f"{count} article(s) {why}" for count, why in (
            (self.no_url, "without a URL (give records a url, or set [feed] links.html)"),
            (self.no_language, "of undetermined language (news:language needs one: give "
                               "the input a language)")) if count]


def _listable(entries: Iterable[Entry], config: FeedConfig,
              unlisted: _Unlisted) -> Iterator[Entry]:
    """Entries with a web page and a language to list; the others counted."""
    for entry in entries:
        if not entry.page(config):
            unlisted.no_url += 1
        elif _news_language(entry.record["language"]) is None:
            unlisted.no_language += 1
        else:
            yield entry


def news_sitemap(records: Iterable[Article], settings: Settings) -> bytes | None:
    """A Google News sitemap of the articles published in the two days up to `now`;
    None (and a warning) when it would list no article or name no publication."""
    config = configure(settings)
    if settings.publisher is None:  # NO_PUBLISHER said so
        return None
    limit = config.limit or SITEMAP_MAX
    if limit > SITEMAP_MAX:
        warnings.warn(f"a news sitemap holds at most {SITEMAP_MAX} articles; limit {limit} "
                      "lowered", FeedWarning, stacklevel=2)
        limit = SITEMAP_MAX
    tally, unlisted = DateTally(), _Unlisted()
    candidates = _listable(_dated(records, settings, tally), config, unlisted)
    if config.now is not None:
        candidates = filter(_window(config.now), candidates)
    entries = _newest(candidates, limit)
    if entries and config.now is None:
        entries = list(filter(_window(entries[0].published), entries))
    if not entries:
        if tally.dated:  # else UNDATED (or nothing at all) explains it
            reasons = "".join(f"; {reason}" for reason in unlisted.reasons())
            warnings.warn(f"no news sitemap written: no article to list (sitemaps.org requires "
                          f"one url at least){reasons}", FeedWarning, stacklevel=2)
        return None
    for reason in unlisted.reasons():
        warnings.warn(f"news sitemap: left out {reason}", FeedWarning, stacklevel=2)
    urlset = etree.Element(f"{{{SITEMAP}}}urlset", nsmap={None: SITEMAP, "news": NEWS})
    for entry in entries:
        record = entry.record
        url = _add(urlset, f"{{{SITEMAP}}}url")
        _add(url, f"{{{SITEMAP}}}loc", _uri(entry.page(config) or ""))
        news = _add(url, f"{{{NEWS}}}news")
        publication = _add(news, f"{{{NEWS}}}publication")
        _add(publication, f"{{{NEWS}}}name", config.publisher_name)
        _add(publication, f"{{{NEWS}}}language", _news_language(record["language"]) or "")
        _add(news, f"{{{NEWS}}}publication_date", _w3c(entry.printed))
        _add(news, f"{{{NEWS}}}title", title_of(record))
    return _document(urlset)


def _w3c(value: str) -> str:
    """A record date as a W3C Datetime: its day where it has no offset (the profile allows
    a time only with its zone designator)."""
    return value[:10] if is_floating(value) else value


def _window(now: datetime) -> Callable[[Entry], bool]:
    return lambda entry: now - SITEMAP_WINDOW <= entry.published <= now


FORMATS: dict[str, Format] = {
    "atom": Format("atom", ".atom", "application/atom+xml", feed=atom_feed),
    "rss": Format("rss", ".rss", "application/rss+xml", feed=rss_feed),
    "news-sitemap": Format("news-sitemap", ".xml", "application/xml", feed=news_sitemap),
}
