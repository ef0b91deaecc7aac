"""The article's own text among a page's navigation, teasers, ads and comments.

trafilatura (the field's standard, comments off) proposes two readings: a precise one,
which may drop a short or unusually built article entirely, and its default one. The
precise reading is kept unless it lost most of what the default found: an empty or
near-empty precise reading is a known failure mode (pages whose body sits in one big
container, teaser-like layouts), not a page without text.

Extractors keep one container; many sites split the body into several sibling containers of
the same kind (the same tag and class, ads or related links between them). The reading is
completed from those containers' paragraphs.
"""

from __future__ import annotations

import logging
import re
from copy import deepcopy

import trafilatura
from lxml.html import HtmlElement

_SHORT = 200  # words: a reading this short may have lost the article
_KEEP_PRECISE = 0.3  # the precise reading's share of the default reading's words it must keep
_WORD = re.compile(r"\w+")
_RULE = re.compile(r"\|?(?:\s*:?-{3,}:?\s*\|)+\s*:?-*:?\s*")  # a table's "| --- | --- |" line
_MIN_WORDS = 8
_MIN_PARAGRAPHS = 2
_KIN_LEVELS = 3  # a paragraph of running text, not a label or a link

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def paragraphs(tree: HtmlElement, url: str | None, description: str | None = None
               ) -> list[str]:
    """The main text as paragraphs (headings and list items each a paragraph)."""
    found = _extract(tree, url, favor_precision=True)
    if _words(found) < _SHORT:  # where the precise mode loses whole articles
        default = _extract(tree, url, favor_precision=False)
        if lost(found, default, description):
            found = default
    return _without_other_items(tree, _with_sibling_containers(tree, found))


def lost(precise: list[str], default: list[str], description: str | None) -> bool:
    """Whether the precise reading lost the article the default one found: it kept little of
    it, and not the page's declared description either."""
    return _words(precise) < _SHORT and \
        _words(precise) <= _KEEP_PRECISE * _words(default) and \
        _share(description, precise) <= max(_share(description, default), 0.5)


def _words(reading: list[str]) -> int:
    return len(_WORD.findall(" ".join(reading)))


def _share(text: str | None, reading: list[str]) -> float:
    """The share of the text's word 4-grams the reading holds (0 for a short text)."""
    grams = _grams(text or "")
    if len(grams) < 5:
        return 0.0
    words = f" {_spaced(' '.join(reading))} "
    return sum(f" {gram} " in words for gram in grams) / len(grams)


def _grams(text: str) -> set[str]:
    words = _spaced(text).split()
    return {" ".join(words[i:i + 4]) for i in range(len(words) - 3)}


def _spaced(text: str) -> str:
    return " ".join(_WORD.findall(text.casefold()))


def _without_other_items(tree: HtmlElement, found: list[str]) -> list[str]:
    """`found` without the paragraphs of another <article> than the one the reading's first
    real paragraph stands in: an <article> is a self-contained item (HTML's definition), so
    one that is not around the story's own, not inside it and not one of its kind beside it
    (a live blog's entries) is another story: a related story's card, the next post."""
    if len(tree.xpath("//article[.//p]")) < 2:
        return found
    where = _items(tree)
    first = next((p for p in found if len(_WORD.findall(p)) >= _MIN_WORDS and p in where), None)
    main = where.get(first) if first else None
    if main is None:
        return found
    return [p for p in found if not _another_item(where.get(p), main)]


def _another_item(item: HtmlElement | None, main: HtmlElement) -> bool:
    if item is None or item is main or (item.getparent() is main.getparent()
                                        and item.get("class") == main.get("class")):
        return False
    return not any(a is main for a in item.iterancestors()) and \
        not any(a is item for a in main.iterancestors())


def _items(tree: HtmlElement) -> dict[str, HtmlElement | None]:
    """Each <p>'s text -> its nearest <article> (None outside any), first occurrence kept."""
    items: dict[str, HtmlElement | None] = {}
    for paragraph in tree.iter("p"):
        text = " ".join(paragraph.text_content().split())
        if text and text not in items:
            items[text] = next(paragraph.iterancestors("article"), None)
    return items


def _with_sibling_containers(tree: HtmlElement, found: list[str]) -> list[str]:
    """`found` plus the paragraphs of the other containers like the one it came from."""
    container = _container_of(tree, found)
    if container is None:
        return found
    kin = _kin(container)
    if len(kin) < 2:
        return found
    have = set(found)
    added: list[str] = []
    for element in kin:
        texts = [" ".join(p.text_content().split()) for p in element.iter("p")]
        texts = [t for t in texts if len(_WORD.findall(t)) >= _MIN_WORDS and t not in have]
        if len(texts) >= _MIN_PARAGRAPHS:  # a part of the body, not a note or a promo line
            have.update(texts)
            added += texts
    if not added:
        return found
    # the new paragraphs go after the last one the containers share with the reading
    shared = {" ".join(p.text_content().split()) for e in kin for p in e.iter("p")}
    last = max((i for i, text in enumerate(found) if text in shared), default=len(found) - 1)
    return found[:last + 1] + added + found[last + 1:]


def _kin(container: HtmlElement) -> list[HtmlElement]:
    """Elements of the container's tag and class within its nearest ancestor (up to
    `_KIN_LEVELS` up) that holds more than one: the body's other parts."""
    ancestor = container
    for _ in range(_KIN_LEVELS):
        ancestor = ancestor.getparent()
        if ancestor is None or ancestor.tag in ("body", "html"):
            break
        kin = [e for e in ancestor.iter(container.tag) if e.get("class") == container.get("class")]
        if len(kin) > 1:
            return kin
    return [container]


def _container_of(tree: HtmlElement, found: list[str]) -> HtmlElement | None:
    """The classed element around the <p> that holds the reading's first real paragraph."""
    first = next((p for p in found if len(_WORD.findall(p)) >= _MIN_WORDS), None)
    if first is None:
        return None
    for paragraph in tree.iter("p"):
        if " ".join(paragraph.text_content().split()) == first:
            parent = paragraph.getparent()
            while parent is not None and not parent.get("class"):
                parent = parent.getparent()
            return parent if parent is not None and parent.tag not in ("body", "html") else None
    return None


def _extract(tree: HtmlElement, url: str | None, *, favor_precision: bool) -> list[str]:
    text = trafilatura.extract(_copy(tree), url=url, include_comments=False,
                               favor_precision=favor_precision, output_format="txt",
                               with_metadata=False, deduplicate=False)
    rows = (_row(" ".join(line.split())) for line in (text or "").split("\n")
            if not _RULE.fullmatch(line.strip()))
    return [row for row in rows if row]


def _row(line: str) -> str:
    """A table row as its cells' text ("| 1 | Kyle Busch |" -> "1 Kyle Busch")."""
    if line.startswith("|") and line.endswith("|"):
        return " ".join(cell.strip() for cell in line.strip("|").split("|") if cell.strip())
    return line


def _copy(tree: HtmlElement) -> HtmlElement:
    """trafilatura prunes the tree it is given; each reading gets its own copy."""
    return deepcopy(tree)
