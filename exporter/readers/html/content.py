"""The article's own text among a page's navigation, teasers, ads and comments.

trafilatura (the field's standard, comments off) proposes two readings: a precise one,
which may drop a short or unusually built article entirely, and its default one. The
precise reading is kept unless it lost most of what the default found: an empty or
near-empty precise reading is a known failure mode (pages whose body sits in one big
container, teaser-like layouts), not a page without text.
"""

from __future__ import annotations

import logging
import re

import trafilatura
from lxml.html import HtmlElement

_KEEP_PRECISE = 0.3  # the precise reading's share of the default reading's words it must keep
_WORD = re.compile(r"\w+")

logging.getLogger("trafilatura").setLevel(logging.CRITICAL)
logging.getLogger("htmldate").setLevel(logging.CRITICAL)


def paragraphs(tree: HtmlElement, url: str | None) -> list[str]:
    """The main text as paragraphs (headings and list items each a paragraph)."""
    precise = _extract(tree, url, favor_precision=True)
    words = len(_WORD.findall(" ".join(precise)))
    if words < 200:  # short readings are where the precise mode loses whole articles
        default = _extract(tree, url, favor_precision=False)
        if words <= _KEEP_PRECISE * len(_WORD.findall(" ".join(default))):
            return default
    return precise


def _extract(tree: HtmlElement, url: str | None, *, favor_precision: bool) -> list[str]:
    text = trafilatura.extract(_copy(tree), url=url, include_comments=False,
                               favor_precision=favor_precision, output_format="txt",
                               with_metadata=False, deduplicate=False)
    return [" ".join(line.split()) for line in (text or "").split("\n") if line.strip()]


def _copy(tree: HtmlElement) -> HtmlElement:
    """trafilatura prunes the tree it is given; each reading gets its own copy."""
    from copy import deepcopy

    return deepcopy(tree)
