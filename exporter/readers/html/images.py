"""Images the article shows: <figure> with <img> and <figcaption>, inside the article.

Search engines require an image URL for news results, so URLs are resolved against the
page's URL (its <base href>, else its canonical URL) and only http(s) URLs are kept. A
credit is the caption's element marked as credit/copyright/source, or a trailing
"Photo: ..." / "(Getty Images)" / "© ..." in the caption text.
"""

from __future__ import annotations

import re
from urllib.parse import quote, urljoin, urlsplit

from lxml.html import HtmlElement

MAX_IMAGES = 20
_CREDIT_CLASS = re.compile(r"credit|copyright|source|byline|photographer|courtesy", re.I)
_CREDIT_TEXT = re.compile(
    r"\s*(?:[(\[]\s*)?(?P<credit>(?:(?:photo|image|picture|foto|bild|crédit|credit|source|"
    r"fuente|quelle)s?(?:\s+by)?\s*[:/]|©|\(c\)|copyright\b)[^()\[\]]{2,100}?)(?:\s*[)\]])?"
    r"\s*$", re.I)
_AGENCY_IN_PARENS = re.compile(r"\s*\((?P<credit>[^()]{2,60}(?:/[^()]{1,60}|"
                               r"\b(?:Getty Images|AFP|AP|Reuters|EPA|Xinhua|PA|Shutterstock|"
                               r"Bloomberg|Alamy)\b)[^()]{0,60})\)\s*$")
_LAZY_SOURCES = ("src", "data-src", "data-lazy-src", "data-original", "data-url")


def absolute(url: str | None, base: str | None) -> str | None:
    """An absolute http(s) URL with unsafe characters escaped, or None."""
    if not url or url.strip().startswith("data:"):
        return None
    joined = urljoin(base or "", url.strip())
    parts = urlsplit(joined)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return quote(joined, safe=":/?#[]@!$&'()*+,;=%~")


def split_credit(caption: str) -> tuple[str | None, str | None]:
    """(caption, credit) of a caption text that may end in its credit."""
    for pattern in (_CREDIT_TEXT, _AGENCY_IN_PARENS):
        match = pattern.search(caption)
        if match and match.start() > 0:
            return caption[:match.start()].strip(" ,.;|–—-") or None, \
                match.group("credit").strip(" ()[]")
    return caption or None, None


def figures(scope: HtmlElement, base: str | None) -> list[tuple[str, str | None, str | None]]:
    """(url, caption, credit) of each <figure> (or captioned image) in `scope`, page order."""
    found: list[tuple[str, str | None, str | None]] = []
    for figure in scope.iter("figure"):
        image = next(figure.iter("img"), None)
        url = _image_url(image, base) if image is not None else None
        if not url:
            continue
        caption, credit = None, None
        captions = list(figure.iter("figcaption"))
        if captions:
            marked = [e for e in captions[0].iter() if _CREDIT_CLASS.search(e.get("class") or "")]
            credit = _text(marked[0]) if marked else None
            caption = _text(captions[0])
            if caption and credit:
                caption = caption.replace(credit, "").strip(" ,.;|–—-") or None
        if caption and not credit:
            caption, credit = split_credit(caption)
        if not caption:
            caption = " ".join((image.get("alt") or "").split()) or None
        found.append((url, caption, credit))
        if len(found) >= MAX_IMAGES:
            break
    return found


def _image_url(image: HtmlElement, base: str | None) -> str | None:
    for attribute in _LAZY_SOURCES:
        url = absolute(image.get(attribute), base)
        if url:
            return url
    srcset = image.get("srcset") or image.get("data-srcset")
    return absolute(srcset.split(",")[0].split()[0], base) if srcset and srcset.split() else None


def _text(element: HtmlElement) -> str | None:
    return " ".join(element.text_content().split()) or None
