"""Text -> an lxml tree, refusing what no article page is (nesting thousands deep)."""

from __future__ import annotations

import lxml.etree
import lxml.html
from lxml.html import HtmlElement

from ...errors import InputError


def parse(text: str, source: str, max_depth: int) -> HtmlElement:
    """The page's tree; one clear error for a page the parser cannot make a tree of."""
    if "<" not in text:
        raise InputError("no HTML markup in the page", source=source)
    try:
        tree = lxml.html.document_fromstring(text, parser=_PARSER)
    except (lxml.etree.ParserError, ValueError) as exc:
        raise InputError(f"not an HTML page ({exc})", source=source) from None
    depth = _depth(tree)
    if depth > max_depth:
        raise InputError(f"elements nested {depth:,} deep (limit {max_depth:,}); "
                         "not an article page", source=source)
    return tree


_PARSER = lxml.html.HTMLParser(remove_comments=True, huge_tree=True)


def _depth(tree: HtmlElement) -> int:
    deepest = depth = 0
    for event, _ in lxml.etree.iterwalk(tree, events=("start", "end")):
        depth += 1 if event == "start" else -1
        deepest = max(deepest, depth)
    return deepest
