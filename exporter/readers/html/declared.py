"""What a page declares about itself on purpose: JSON-LD, microdata and <meta>/<link> tags.

Each found value carries its origin (``json-ld``, ``microdata``, ``meta``), and the sources
are tried in that order: JSON-LD and microdata are written for search engines and name the
article's own fields; <meta> tags are shared with social cards and are vaguer. A JSON-LD
block is JSON (the standard library reads it); extruct reads microdata, and is loaded only
for a page that has some (it loads RDFa and microformat parsers too, a fair part of a
short run's start). Nothing a page references (a JSON-LD @context, an image) is fetched.
"""

from __future__ import annotations

import html
import json
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml.html import HtmlElement

from ...errors import InputError
from ...record import Origin

# schema.org types of a news or blog article (their own types and the most common subtypes).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
    "BackgroundNewsArticle", "ReviewNewsArticle", "AskPublicNewsArticle", "SatiricalArticle",
    "BlogPosting", "LiveBlogPosting", "SocialMediaPosting", "DiscussionForumPosting", "Report",
    "TechArticle", "ScholarlyArticle", "MedicalScholarlyArticle", "AdvertiserContentArticle",
})
ORGANIZATION_TYPES = frozenset({"Organization", "NewsMediaOrganization", "Corporation",
                                "EducationalOrganization", "GovernmentOrganization"})
_MAX_DEPTH = 12  # JSON-LD nesting followed when looking for the article node

# <meta> names per field, best first (OpenGraph, article:*, Twitter, Dublin Core, CMS habits).
META = {
    "headline": ("og:title", "twitter:title", "dc.title", "dcterms.title", "title"),
    "description": ("og:description", "description", "twitter:description", "dc.description",
                    "dcterms.description"),
    "date_published": ("article:published_time", "og:article:published_time",
                       "article:published", "datepublished", "dcterms.created", "dc.date.issued",
                       "dcterms.issued", "dc.date", "dcterms.date", "date", "pubdate",
                       "publishdate", "publish-date", "publication_date", "sailthru.date",
                       "parsely-pub-date", "article.published", "cxenseparse:recs:publishtime"),
    "date_modified": ("article:modified_time", "og:article:modified_time", "og:updated_time",
                      "datemodified", "dcterms.modified", "dc.date.modified", "last-modified",
                      "article.updated"),
    "authors": ("author", "article:author", "dc.creator", "dcterms.creator", "parsely-author",
                "sailthru.author", "byl", "cxenseparse:author"),
    "publisher": ("og:site_name", "application-name", "dc.publisher", "dcterms.publisher"),
    "language": ("og:locale", "dc.language", "dcterms.language", "content-language",
                 "language"),
    "url": ("og:url", "twitter:url"),
    "images": ("og:image", "og:image:url", "og:image:secure_url", "twitter:image",
               "twitter:image:src"),
}


@dataclass
class Person:
    name: str
    kind: str  # "person" | "organization"


@dataclass
class Declared:
    """Each field as (value, origin); a field is absent when nothing declared it."""

    fields: dict[str, tuple[Any, Origin]] = field(default_factory=dict)
    article_body: str | None = None  # a JSON-LD/microdata articleBody: a check, often cut short

    def offer(self, name: str, value: Any, origin: Origin) -> None:
        """Keep the first source that gives a non-empty value for `name`."""
        if value and name not in self.fields:
            self.fields[name] = (value, origin)

    def get(self, name: str) -> Any:
        found = self.fields.get(name)
        return found[0] if found else None


def read_declared(tree: HtmlElement, source: str) -> Declared:
    """Everything the page declares, JSON-LD first, then microdata, then <meta>/<link>."""
    found = Declared()
    for origin, node in (("json-ld", _article(_jsonld_nodes(tree, source))),
                         ("microdata", _article(_microdata_nodes(tree, source)))):
        if node is not None:
            _from_schema(found, node, origin)
    _from_meta(found, tree)
    return found


# ---------------------------------------------------------------------------- JSON-LD, microdata

def _jsonld_nodes(tree: HtmlElement, source: str) -> list[dict]:
    """Every JSON object of every JSON-LD block, flattened; a block that is not JSON is
    reported as a warning and skipped, the rest of the page is still read."""
    nodes: list[dict] = []
    for number, script in enumerate(tree.xpath('//script[@type="application/ld+json"]'), 1):
        try:
            items = _json_of(script.text_content())
        except (ValueError, RecursionError) as exc:
            reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
            warnings.warn(f"{source}: JSON-LD block {number} is not JSON ({reason}); "
                          "the page is read without it", stacklevel=2)
            continue
        for item in items if isinstance(items, list) else [items]:
            nodes.extend(_flatten(item, 0))
    return nodes


# What CMSs leave around or inside a JSON-LD block that JSON does not allow, outside its
# strings: JavaScript and HTML comments, CDATA markers, a comma before a closing bracket.
_NOT_JSON = re.compile(r'("(?:\\.|[^"\\])*")|//[^\n]*|/\*.*?\*/|<!--|-->|<!\[CDATA\[|\]\]>|'
                       r",(?=\s*[\]}])", re.S)


def _json_of(text: str) -> Any:
    """The block's JSON (control characters inside strings allowed, as browsers' JSON-LD
    readers do), else the same without what JSON does not allow around its values."""
    try:
        return json.loads(text, strict=False)
    except ValueError:
        return json.loads(_NOT_JSON.sub(lambda m: m.group(1) or "", text), strict=False)


def _flatten(value: Any, depth: int) -> Iterator[dict]:
    """Every object inside `value` (@graph, mainEntity, arrays ...), outermost first."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(value, list):
        for item in value:
            yield from _flatten(item, depth + 1)
    elif isinstance(value, dict):
        yield value
        for key, item in value.items():
            if key != "@context" and isinstance(item, dict | list):
                yield from _flatten(item, depth + 1)


def _microdata_nodes(tree: HtmlElement, source: str) -> list[dict]:
    """Microdata items in the JSON-LD shape (@type local names, properties as keys)."""
    if not tree.xpath("//*[@itemscope]"):
        return []
    try:
        from extruct.w3cmicrodata import LxmlMicrodataExtractor
    except ImportError as exc:
        raise InputError(f"reading HTML needs the html extra ({exc.name} is missing): "
                         "pip install 'newsexport[html]'", source=source) from None
    try:
        items = LxmlMicrodataExtractor().extract_items(tree, None)
    except (ValueError, TypeError, RecursionError):
        return []
    nodes: list[dict] = []
    for item in items:
        nodes.extend(_flatten(_as_jsonld(item, 0), 0))
    return nodes


def _as_jsonld(item: Any, depth: int) -> Any:
    if depth > _MAX_DEPTH:
        return None
    if isinstance(item, list):
        return [_as_jsonld(i, depth + 1) for i in item]
    if isinstance(item, dict) and "properties" in item:
        types = item.get("type") or []
        node = {key: _as_jsonld(value, depth + 1) for key, value in item["properties"].items()}
        node["@type"] = [types] if isinstance(types, str) else list(types)
        return node
    return item


def local_types(node: dict) -> set[str]:
    """@type as schema.org local names ("http://schema.org/NewsArticle" -> "NewsArticle")."""
    types = node.get("@type") or []
    types = [types] if isinstance(types, str) else types
    return {t.rstrip("/").rsplit("/", 1)[-1].rsplit(":", 1)[-1] for t in types
            if isinstance(t, str)}


def _article(nodes: list[dict]) -> dict | None:
    """The page's own article among the nodes: an article type with the most to say
    (related-story cards are article nodes too, but with a headline and a URL at most)."""
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 2}
    articles = [n for n in nodes if local_types(n) & ARTICLE_TYPES]
    if not articles:
        return None
    best = max(articles, key=lambda n: (bool(n.get("headline") or n.get("name")),
                                        bool(n.get("datePublished")), len(n)))
    return {**best, "_index": index}


def _from_schema(found: Declared, node: dict, origin: Origin) -> None:
    index = node["_index"]
    found.offer("headline", text_of(node.get("headline")) or text_of(node.get("name")), origin)
    found.offer("subheadline", text_of(node.get("alternativeHeadline")), origin)
    found.offer("description", text_of(node.get("description")), origin)
    found.offer("date_published", text_of(node.get("datePublished"))
                or text_of(node.get("dateCreated")), origin)
    found.offer("date_modified", text_of(node.get("dateModified")), origin)
    found.offer("authors", _people(node.get("author") or node.get("creator"), index), origin)
    publisher = _people(node.get("publisher") or node.get("sourceOrganization"), index)
    found.offer("publisher", publisher[0].name if publisher else None, origin)
    found.offer("language", text_of(node.get("inLanguage")), origin)
    page = node.get("mainEntityOfPage")
    page_url = page.get("@id") or page.get("url") if isinstance(page, dict) else page
    found.offer("url", text_of(node.get("url")) or text_of(page_url), origin)
    found.offer("images", _images(node.get("image") or node.get("thumbnailUrl"), index), origin)
    body = node.get("articleBody")
    body = body[0] if isinstance(body, list) and body else body
    if isinstance(body, str) and body.strip() and not found.article_body:
        found.article_body = html.unescape(body)  # its line breaks part the paragraphs


def text_of(value: Any) -> str | None:
    """A plain string from a JSON-LD value: a string, {"@value": ...} or the first of a list;
    entities some CMSs leave in JSON-LD (&amp;, &#8217;) decoded, white space collapsed."""
    if isinstance(value, list):
        value = next((v for v in value if text_of(v)), None)
    if isinstance(value, dict):
        value = value.get("@value") or value.get("name")
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    text = " ".join(html.unescape(value).split())
    return text or None


def _people(value: Any, index: dict[str, dict]) -> list[Person]:
    """Persons/organizations of an author or publisher value (strings, objects, @id refs)."""
    values = value if isinstance(value, list) else [value]
    people: list[Person] = []
    for item in values[:30]:
        if isinstance(item, dict) and set(item) <= {"@id", "@type"} and item.get("@id") in index:
            item = index[item["@id"]]
        if isinstance(item, str):
            name, kind = item, "person"
        elif isinstance(item, dict):
            name = text_of(item.get("name"))
            kind = "organization" if local_types(item) & ORGANIZATION_TYPES else "person"
        else:
            continue
        if name:
            people.append(Person(" ".join(html.unescape(name).split()), kind))
    return people


def _images(value: Any, index: dict[str, dict]) -> list[tuple[str, str | None, str | None]]:
    """(url, caption, credit) of a declared image value: URL strings or ImageObjects."""
    values = value if isinstance(value, list) else [value]
    images = []
    for item in values[:20]:
        if isinstance(item, dict) and set(item) <= {"@id", "@type"} and item.get("@id") in index:
            item = index[item["@id"]]
        if isinstance(item, str):
            images.append((item, None, None))
        elif isinstance(item, dict):
            url = text_of(item.get("url")) or text_of(item.get("contentUrl"))
            credit = (text_of(item.get("creditText")) or text_of(item.get("copyrightHolder"))
                      or text_of(item.get("author")))
            if url:
                images.append((url, text_of(item.get("caption")), credit))
    return images


# ---------------------------------------------------------------------------- <meta>, <link>

def meta_values(tree: HtmlElement) -> dict[str, list[str]]:
    """<meta name|property|http-equiv content> as lower-case key -> contents, in page order."""
    values: dict[str, list[str]] = {}
    for meta in tree.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("http-equiv")
        content = meta.get("content")
        if key and content and content.strip():
            values.setdefault(key.strip().lower(), []).append(" ".join(content.split()))
    return values


def _from_meta(found: Declared, tree: HtmlElement) -> None:
    metas = meta_values(tree)

    def first(name: str) -> str | None:
        return next((metas[k][0] for k in META[name] if k in metas), None)

    canonical = tree.xpath('//link[@rel="canonical"]/@href | //link[@rel="Canonical"]/@href')
    if canonical and canonical[0].strip():
        found.fields["url"] = (canonical[0].strip(), "meta")  # the canonical URL outranks all
    for name in ("headline", "description", "date_published", "date_modified", "publisher",
                 "url"):
        found.offer(name, first(name), "meta")
    lang = tree.get("lang") or tree.get("xml:lang")
    found.offer("language", lang.strip() if lang else None, "meta")
    found.offer("language", first("language"), "meta")
    authors = [Person(v, "person") for k in META["authors"] for v in metas.get(k, [])]
    found.offer("authors", authors, "meta")
    found.offer("editors", [v for k in ("editor", "dc.contributor") for v in metas.get(k, [])],
                "meta")
    found.offer("images", [(metas[k][0], None, None) for k in META["images"] if k in metas][:1],
                "meta")


# "Analysis by", "Text:", "Photos:" ... before the names of a byline.
# "By" in any case; the other languages' words only in lower case ("Von Miller" is a name).
_BYLINE_LEAD = re.compile(r"^\s*(?:[^\W\d_]+(?:\s+[^\W\d_]+)?\s*:\s*|(?:[^\W\d_]+\s+)?"
                          r"(?:(?i:by)|von|par|por|di|door|av|af|от)\s+)")


def split_names(text: str) -> list[str]:
    """"By Jane Doe and John Roe", "Analysis by Jane Doe", "Text: Jane Doe" -> the names."""
    text = _BYLINE_LEAD.sub("", text)
    return [p.strip(" .,;") for p in re.split(r"\s*(?:,|;|\band\b|&|\bund\b|\bet\b|\by\b|\bi\b)\s*",
                                              text) if p.strip(" .,;")]
