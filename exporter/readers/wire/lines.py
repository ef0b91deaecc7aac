"""The page as numbered lines: what every later stage reads.

Text-only views of pages keep the HTML's whitespace and entities; the analysis copy of a
line has them normalised (runs of spaces and tabs become one gap, which also keeps every
pattern later on linear), while the printed text is kept for the record's fields.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

_GAP = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]{2,}")
_SPACES = re.compile(r"[\s\u00a0\u200b\u2000-\u200a\u202f\u205f\u3000\ufeff]+")
_ENTITY = re.compile(r"&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# The metadata line some page dumps open with: " date 2021-07-29 <first line of the page>".
PAGE_DATE = re.compile(r"date +(?P<year>\d{4})-(?P<month>\d{1,2})(?:-(?P<day>\d{1,2}))?(?= |$)")


@dataclass(frozen=True)
class Line:
    """One non-empty line: its number in the input, the text as printed (spaces collapsed)
    and `gapped`, the same with wide gaps (two or more spaces, a tab) kept as " | "."""

    number: int
    text: str
    gapped: str


def tidy(text: str) -> str:
    """One space between words, entities decoded: the spelling fields are stored in."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group()), text)
    if "\u200b" in text or "\ufeff" in text:
        return _SPACES.sub(" ", text).strip()
    return " ".join(text.split())  # the same: str.split's white space is the regex's \s


def make_line(number: int, printed: str) -> Line:
    gapped, gaps = _GAP.subn(" | ", printed.strip())
    text = tidy(printed)
    return Line(number, text, tidy(gapped) if gaps else text)  # no gap: the same text


def page_lines(text: str) -> list[Line]:
    """The non-empty lines of `text`, numbered from 1."""
    return numbered_lines(enumerate(text.splitlines(), 1))


def numbered_lines(numbered: Iterable[tuple[int, str]]) -> list[Line]:
    """Lines of the (number, text) pairs that hold more than white space (which here also
    means zero-width spaces and a stray byte order mark, as `tidy` drops them)."""
    lines = (make_line(n, raw) for n, raw in numbered if raw.strip())
    return [line for line in lines if line.text]
