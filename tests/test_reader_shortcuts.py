"""The wire-text reader's shortcuts (issue 16) find what the plain patterns find: each skips
work only where the plain pattern cannot match. Checked on the repository's pages and, where
../shared is present, on every line of the labelled real pages."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from exporter import inputs, sources
from exporter.readers import datelines
from exporter.readers.wire import features, lines, stamps

from .conftest import ROOT

OWN_PAGES = sorted((ROOT / "tests" / "fixtures" / "wire").glob("*.txt")) + \
    sorted((ROOT / "seeds").glob("*.txt"))
# Lines written to reach each shortcut's edge: a credit or agency at the very end, a newline
# where `$` may match, case-folded letters, a date far into a line.
EDGES = ["Crowds gather in the square /Xinhua", "Crowds gather in the square /Xinhua\n",
         "Fans cheer the team. CHINA DAILY", "A view of the port - Sputnik International",
         "Image: DW/J. Doe", "The ship docks. Photo: ".ljust(100, "x") + " REUTERS/Jane Doe",
         "Delegates meet (Photo:", "Delegates meet [IC]", "TOKYO, Dec. 5, Kyodo -- Shares rose",
         "Tehran, Jan 23, IRNA -- Talks", "SYDNEY, Jan 29 AAP - Rain", "ASTANA. KAZINFORM – A",
         "Pune, Oct 17 (IANS) A fire", "KATHMANDU, Nepal Kyodo", "London Reuters\n",
         "The \u212aremlin said on 22nd of September., 2021 that",
         "x" * 40 + " on 3/4/21 and 2021-03-04 09:19 UTC+8", "Published: 2018/1/5 13:39:21"]


def _lines(paths: list[Path]) -> list[str]:
    return [line.text for path in paths
            for line in lines.page_lines(path.read_text(encoding="utf-8"))]


def _span(match: re.Match | None) -> tuple | None:
    return match and (match.span(), match.groupdict())


def _check_all(texts: list[str]) -> None:
    plain_trail = "|".join(re.escape(a) for a in sources.aliases() if len(a) >= 2)
    form = datelines._DATELINE_FORM.replace("TRAIL", plain_trail)
    plain = re.compile(form.replace("ENDS", ""), re.IGNORECASE)
    plain_open = re.compile(form.replace("ENDS", datelines._OPEN_ENDS), re.IGNORECASE)
    plain_mentions = re.compile(r"(?<![\w.])(?:" + "|".join(
        re.escape(a) for a in sources.aliases()) + r")(?![\w])", re.IGNORECASE)
    for text in texts:
        head = text[:200]
        assert _span(datelines._DATELINE[datelines._trailed(head, False)].match(head)) == \
            _span(plain.match(head)), text
        assert _span(datelines._OPEN_DATELINE[datelines._trailed(head, True)].match(head)) == \
            _span(plain_open.match(head)), text
        assert [m.span() for m in sources._MENTION.finditer(text)] == \
            [m.span() for m in plain_mentions.finditer(text)], text
        for kind, pattern in features._OPEN_CREDITS:
            start = features._credit_from(kind, text)
            assert _span(pattern.search(text, start) if start is not None else None) == \
                _span(pattern.search(text)), (kind, text)
        year = stamps._YEAR_OR_NUMERIC.search(text)
        first = max(0, year.start() - stamps._BEFORE_YEAR) if year else len(text) + 1
        assert all(m.start() >= first for m in stamps._DATE.finditer(text)), text
        assert all(m.start() >= text.find(":") - 2 >= -2 for m in stamps._CLOCK.finditer(text))


def test_shortcuts_find_what_the_plain_patterns_find():
    _check_all(_lines(OWN_PAGES) + EDGES)


def test_shortcuts_on_every_real_page_line(shared):
    pages = sorted((shared / "corpora" / "realpages" / "pages").glob("*.txt"))
    if not pages:
        pytest.skip("no labelled real pages in ../shared/corpora/realpages")
    _check_all(_lines(pages))


def test_grouped_alternation_keeps_the_order_of_preference():
    """"ab" before "a" and "a" before "abc", also when letters differ only in case: the
    grouped form picks the same word where several fit."""
    words = ["ab", "K", "a", "abc", "\u212a9", "ka", "A"]
    grouped = sources.alternation(words)
    plain = "|".join(re.escape(w) for w in words)
    for text in ["abc", "abcd", "ka", "Ka", "\u212a9", "k9", "ac", "Abc"]:
        for tail in ("", "c", "d", r"\b"):
            got = re.match(f"(?:{grouped}){tail}", text, re.IGNORECASE)
            want = re.match(f"(?:{plain}){tail}", text, re.IGNORECASE)
            assert _span(got) == _span(want), (text, tail)


def test_fast_character_classes_cover_the_same_characters():
    """The control-character check's two classes and the line tidier's str.split cover what
    the single patterns do, over every code point."""
    every = "".join(map(chr, range(sys.maxunicode + 1)))
    removed = set(inputs._REMOVED.findall(every))
    assert set(inputs._REMOVED_BMP.findall(every)) <= removed
    assert removed - set(inputs._REMOVED_BMP.findall(every)) <= \
        set(inputs._ASTRAL.findall(every))
    spaces = {c for c in every if lines._SPACES.fullmatch(c)}
    assert spaces == {c for c in every if c.isspace()} | {"\u200b", "\ufeff"}
    for text in ["  a\u00a0\u2003b\t\nc ", "a\u200bb", "\ufeffx  y", "x\x1cy"]:
        assert lines.tidy(text) == lines._SPACES.sub(" ", text).strip()
