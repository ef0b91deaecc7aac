"""One record from what the page declares and what its text shows.

A declared value wins over one read from the text (the publisher wrote it on purpose), and
each field records where it came from in ``provenance.origins``. The text still decides what
only the text has: the body, the dateline, captions printed in the text.
"""

from __future__ import annotations

import re
from typing import Any

from lxml.html import HtmlElement

from ...dates import zone_of_floating
from ...errors import InputError
from ...record import Article, Origin, ReadContext, new_record
from . import images as image_stage
from .declared import Declared, Person, split_names
from .text import read_as_wire_text
from .when import iso, printed_day

# Separators between a headline and the site's name in <title>/og:title.
_SEPARATOR = re.compile(
    r"\s+(?:[|–—·•»:]|::|-{1,2})\s+|\s*[|｜_：－]\s*|(?<=\S)-(?=[^\s\x00-\x7f])")
# Words that fill an author slot on some pages without naming anyone.
_LABELS = frozenset({"admin", "administrator", "submitted", "print", "staff", "editor",
                     "editors", "editorial", "editorial staff", "news desk", "newsdesk",
                     "web desk", "webdesk", "unknown", "anonymous", "guest", "user", "author",
                     "redaktion", "rédaction", "redacción", "redazione"})
# A photo's credit some sites print after the headline: "（写真＝ロイター）", "(Photo: AP)".
_PHOTO_CREDIT = re.compile(r"\s*[(（\[［]\s*(?:写真|画像|photos?|foto|image)\s*[＝=:：/]"
                           r"[^()（）\[\]［］]{1,40}[)）\]］]\s*$", re.I)
_NEAR_HEADLINE = 300  # characters after the headline where its date is printed
_LANGUAGE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*")


def build(ctx: ReadContext, tree: HtmlElement, declared: Declared, paragraphs: list[str],
          reader: str) -> Article:
    """The record of one page."""
    origins: dict[str, Origin] = {}

    def take(name: str, value: Any, origin: Origin) -> Any:
        if value:
            origins[name] = origin
        return value

    site_names = _site_names(declared)
    headline = _headline(tree, declared, site_names, take)
    url = image_stage.absolute(declared.get("url"), _base(tree, None))
    if url:
        take("url", url, declared.fields["url"][1])
    titles = {_folded(headline or ""), _folded(_h1(tree) or "")}
    paragraphs = [p for p in paragraphs if _folded(p) not in titles]  # the headline again
    wire = read_as_wire_text(paragraphs, ctx, reader) if paragraphs else None
    body = wire["body"] if wire else list(paragraphs)
    if not body and declared.article_body:
        body = [p.strip() for p in re.split(r"\n\s*\n|\n", declared.article_body) if p.strip()]
        take("body", body, "json-ld")
    if not body:
        raise InputError("no article text found in the page (script-only or empty page?)",
                         source=ctx.name)
    origins.setdefault("body", "text")

    language = _language(declared, body, take)
    published = _declared_date(declared, "date_published", take)
    if published is None:
        published = take("date_published", _shown_date(tree, language), "text")
    if published is None and wire and wire["date_published"]:
        published = take("date_published", wire["date_published"], "text")
    modified = _declared_date(declared, "date_modified", take)

    publisher = declared.get("publisher")
    if publisher:
        take("publisher", publisher, declared.fields["publisher"][1])
    editors = [n for v in declared.get("editors") or [] for n in split_names(v)]
    authors = _authors(declared, site_names + [e.casefold() for e in editors], take)
    if not authors and wire and wire["authors"]:
        authors = take("authors", [(a["name"], a["kind"]) for a in wire["authors"]], "text")

    summary = wire["summary"] if wire else []
    if summary:
        take("summary", summary, "text")
    elif declared.get("description") and declared.get("description") != headline:
        summary = [take("summary", declared.get("description"), declared.fields["description"][1])]
    dateline = wire["dateline"] if wire else None
    if dateline:
        take("dateline", dateline, "text")
    return new_record(
        ctx, reader=reader, guid=url, headline=headline,
        subheadline=take("subheadline", declared.get("subheadline"),
                         _origin(declared, "subheadline")),
        language=language, date_published=published, date_modified=modified,
        timezone=zone_of_floating(published, modified),
        source=wire["source"]["name"] if wire and wire["source"] else None,
        publisher=publisher, authors=authors,
        editors=_unique(editors + ([e["name"] for e in wire["editors"]] if wire else [])),
        dateline=dateline, images=_images(tree, declared, wire, url, take),
        summary=summary, body=body, url=url,
        meta_lines=wire["meta_lines"] if wire else (),
        unparsed=wire["unparsed"] if wire else (), origins=origins)


def _origin(declared: Declared, name: str) -> Origin:
    return declared.fields[name][1] if name in declared.fields else "text"


def _site_names(declared: Declared) -> list[str]:
    """Names the site goes by: its declared name and its host's name ("cnn" of edition.cnn.com)."""
    names = [declared.get("publisher") or ""]
    url = declared.get("url") or ""
    host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url, flags=re.I).split("/")[0].lower()
    labels = [p for p in host.split(".") if p not in ("www", "m", "com", "co", "org", "net",
                                                     "edition", "news", "uk", "au", "in")]
    names += labels
    return [n.casefold() for n in names if len(n) >= 2]


def _strip_site(title: str, site_names: list[str], h1: str | None) -> str:
    """The headline without the site's name or section a <title> appends or prepends."""
    if h1 and len(h1) >= 0.5 * len(title) and title.startswith(h1) and \
            _SEPARATOR.match(title, len(h1)):
        return h1
    parts = [p for p in _SEPARATOR.split(title) if p.strip()]
    while len(parts) > 1 and _is_site(parts[-1], site_names):
        parts.pop()
    while len(parts) > 1 and _is_site(parts[0], site_names):
        parts.pop(0)
    if len(parts) == len(_SEPARATOR.split(title)):
        return title
    # keep the original separators inside what is left
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else title


def _is_site(part: str, site_names: list[str]) -> bool:
    """Whether a part of a title names the site ("CNN Politics" for cnn, "新华网" for 新华网)."""
    folded = "".join(part.casefold().split())
    words = set(re.findall(r"\w+", part.casefold()))
    squashed = ["".join(name.split()) for name in site_names]
    return any(name in words or (len(name) >= 4 and name in folded)
               or (len(folded) >= 4 and folded in name) for name in squashed)


def _headline(tree: HtmlElement, declared: Declared, site_names: list[str],
              take: Any) -> str | None:
    h1 = _h1(tree)
    title = declared.get("headline")
    if title and _headline_of(title, site_names, h1):
        return take("headline", _headline_of(title, site_names, h1),
                    declared.fields["headline"][1])
    if h1:
        return take("headline", h1, "text")
    page_title = " ".join("".join(tree.xpath("//title//text()")).split())
    if page_title:
        return take("headline", _headline_of(page_title, site_names, None) or page_title,
                    "text")
    return None  # a record without one: never invented (see record.title_of)


def _headline_of(title: str, site_names: list[str], h1: str | None) -> str:
    """The title without the site's name and a photo credit printed after it."""
    return _PHOTO_CREDIT.sub("", _strip_site(title, site_names, h1)).strip()


def _h1(tree: HtmlElement) -> str | None:
    for h1 in tree.iter("h1"):
        text = " ".join(h1.text_content().split())
        if len(text) >= 10:
            return text
    return None


def _declared_date(declared: Declared, name: str, take: Any) -> str | None:
    found = declared.fields.get(name)
    value = iso(found[0]) if found else None
    return take(name, value, found[1]) if value else None


def _shown_date(tree: HtmlElement, language: str) -> str | None:
    """A <time datetime> the article itself shows (inside <article>, or marked as the
    publication time), else a date printed just after the headline; never a page-wide
    clock or "today" box, which sit in the page's header, before the headline."""
    for time_el in tree.xpath("//article//time[@datetime] | //time[@pubdate][@datetime] | "
                              "//time[contains(@class, 'publish')][@datetime]"):
        value = iso(time_el.get("datetime"))
        if value:
            return value
    for h1 in list(tree.iter("h1"))[:3]:
        after: list[str] = []
        for element in h1.itersiblings():
            after.append(" ".join(element.text_content().split()))
            if sum(map(len, after)) > _NEAR_HEADLINE:
                break
        day = printed_day(" ".join(after)[:_NEAR_HEADLINE], language)
        if day:
            return day
    return None


def _authors(declared: Declared, site_names: list[str], take: Any
             ) -> list[tuple[str, str]]:
    found = declared.fields.get("authors")
    if not found:
        return []
    people: list[Person] = found[0]
    publisher = (declared.get("publisher") or "").casefold()
    names: list[tuple[str, str]] = []
    seen: set[str] = set()
    for person in people:
        parts = split_names(person.name) if person.kind == "person" else [person.name]
        for name in parts:
            folded = name.casefold()
            if folded in seen or not _is_author_name(name, publisher, site_names):
                continue
            seen.add(folded)
            names.append((name, person.kind))
    return take("authors", names, found[1]) if names else []


def _is_author_name(name: str, publisher: str, site_names: list[str]) -> bool:
    """Not a URL, a label, the publisher or the site under an author's name."""
    folded = name.casefold()
    if re.search(r"https?:|www\.|@|\d|\.(?:com|org|net)\b", folded) or len(name) > 80:
        return False
    if folded in _LABELS or folded == publisher or len(name.split()) > 6:
        return False
    # the site's own name among the words ("CNN Business", "CNN Editor-at-large") names the
    # outlet or a role at it, not a person
    words = set(re.findall(r"\w+", folded))
    squashed = "".join(folded.split())
    return not any(squashed == "".join(s.split()) or s in words for s in site_names)


def _language(declared: Declared, body: list[str], take: Any) -> str:
    found = declared.fields.get("language")
    if found:
        tag = found[0].replace("_", "-").strip()
        match = _LANGUAGE.match(tag)
        if match and (match.end() == len(tag) or tag[match.end()] in " ,;"):
            return take("language", match.group(), found[1])
        primary = re.match(r"[A-Za-z]{2,3}\b", tag)
        if primary:
            return take("language", primary.group(), found[1])
    return take("language", _script_language(" ".join(body)[:2000]), "text") or "und"


# Scripts written by one language only (Han without kana is taken as Chinese).
_SCRIPTS = (("ja", re.compile(r"[\u3040-\u30ff]")), ("ko", re.compile(r"[\uac00-\ud7af]")),
            ("zh", re.compile(r"[\u4e00-\u9fff]")), ("th", re.compile(r"[\u0e00-\u0e7f]")),
            ("my", re.compile(r"[\u1000-\u109f]")), ("el", re.compile(r"[\u0370-\u03ff]")),
            ("he", re.compile(r"[\u0590-\u05ff]")), ("hy", re.compile(r"[\u0530-\u058f]")),
            ("ka", re.compile(r"[\u10a0-\u10ff]")))


# The commonest short function words of languages written in Latin letters.
_FUNCTION_WORDS = {
    "en": "the of and to in is that for it with as was on are by this be from at have",
    "es": "de la que el en los del se las por un para con una su al lo como más pero",
    "pt": "de que não da em um para com uma os no se na por mais as dos como mas ao",
    "fr": "de la le et les des en du un une est que pour dans qui par sur pas au avec",
    "de": "der die und in den von zu das mit sich des auf für ist im dem nicht ein eine",
    "it": "di che il la per non un del della una sono le gli con si da nel alla ha",
    "nl": "de het een van en in is dat op te zijn met voor niet die aan er ook als",
    "id": "yang dan di ini itu dengan untuk dari dalam tidak akan pada juga ke ada",
    "sv": "och att det som en på är av för med till den har inte om ett de jag",
    "pl": "się nie na że w do jest to z i o jak po tak ale od przez dla",
}
_LATIN_WORDS = {lang: frozenset(words.split()) for lang, words in _FUNCTION_WORDS.items()}


def _script_language(text: str) -> str | None:
    """The language of an untagged text: from a script only one language writes, else from
    the function words that make up a good part of any running text in a Latin-letter one."""
    letters = sum(ch.isalpha() for ch in text)
    for language, script in _SCRIPTS:
        if letters and len(script.findall(text)) > 0.3 * letters:
            return language
    words = re.findall(r"[^\W\d_]+", text.casefold())
    if len(words) < 50:
        return None
    hits = sorted(((sum(w in vocabulary for w in words), lang)
                   for lang, vocabulary in _LATIN_WORDS.items()), reverse=True)
    (best, language), (second, _) = hits[0], hits[1]
    return language if best >= 0.15 * len(words) and best >= 1.5 * second else None


def _unique(names: list[str]) -> list[str]:
    return list(dict.fromkeys(names))


def _base(tree: HtmlElement, fallback: str | None) -> str | None:
    base = tree.xpath("//base/@href")
    return base[0].strip() if base and base[0].strip() else fallback


def _images(tree: HtmlElement, declared: Declared, wire: Article | None, url: str | None,
            take: Any) -> list[tuple[str | None, str | None, str | None]]:
    """(caption, credit, url) of the declared images, then the article's figures, then
    captions the text printed without an image."""
    base = _base(tree, url)
    images: list[tuple[str | None, str | None, str | None]] = []
    seen: set[str] = set()
    found = declared.fields.get("images")
    for raw, caption, credit in (found[0] if found else []):
        absolute = image_stage.absolute(raw, base)
        if absolute and absolute not in seen:
            seen.add(absolute)
            images.append((caption, credit, absolute))
    if images and found:
        take("images", images, found[1])
    scope = _article_scope(tree)
    for absolute, caption, credit in image_stage.figures(scope, base):
        if absolute not in seen:
            seen.add(absolute)
            images.append((caption, credit, absolute))
    captions = {c for c, _, _ in images if c}
    for image in wire["images"] if wire else []:
        if image["caption"] not in captions:
            images.append((image["caption"], image["credit"], None))
    if images and not found:
        take("images", images, "text")
    return images[:image_stage.MAX_IMAGES]


def _folded(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".")


def _article_scope(tree: HtmlElement) -> HtmlElement:
    """Where the article's own figures are: its articleBody, its <article>, else <body>."""
    for path in ('//*[@itemprop="articleBody"]', "//article", "//body"):
        found = tree.xpath(path)
        if found:
            return found[0]
    return tree
