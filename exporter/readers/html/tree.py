"""Text -> an lxml tree, refusing what no article page is (nesting thousands deep, a
hundred thousand elements)."""

from __future__ import annotations

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ...errors import InputError

# Real article pages hold a few thousand elements (2,010 at most in the three corpora here);
# a million make extraction take minutes, so a page far beyond real ones is refused.
MAX_ELEMENTS = 100_000
MAX_DEPTH = 1_000  # element nesting: real pages stay under 100 (the parser stops at 2,048)


def parse(text: str, source: str) -> HtmlElement:
    """The page's tree; one clear error for a page the parser cannot make a tree of."""
    if "<" not in text:
        raise InputError("no HTML markup in the page", source=source)
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"not an HTML page ({exc})", source=source) from None
    depth, count = _shape(tree)
    if depth > MAX_DEPTH:
        raise InputError(f"elements nested {depth:,} deep (limit {MAX_DEPTH:,}); "
                         "not an article page", source=source)
    if count > MAX_ELEMENTS:
        raise InputError(f"page holds {count:,} elements (limit {MAX_ELEMENTS:,}); "
                         "not an article page", source=source)
    return tree


_PARSER = lxml.html.HTMLParser(remove_comments=True, huge_tree=True)


def _shape(tree: HtmlElement) -> tuple[int, int]:
    """(deepest nesting, number of elements) of the tree."""
    deepest = depth = count = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        if event == "start":
            depth += 1
            count += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest, count
