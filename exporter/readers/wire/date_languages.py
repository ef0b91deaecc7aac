"""The dateparser languages that could read a span, told from their word lists alone.

Asked for a date in no given language, dateparser tries its 205 languages in turn, and
each one it tries must first be prepared (its words compiled into regular expressions,
about 6 ms): a span that no language reads ("27. The 1965") costs 1.3 s of CPU the first
time. A language can read a span only if each run of letters in it is made of the words
and letters its data lists, or of tokens every language knows (time zones, Roman
numerals, dateparser's skipped tokens), compared as dateparser compares them (lower case,
accents dropped); a language whose patterns can match any letter is always kept. The span
goes to dateparser with these languages, in its own order: the ones left out are those it
would have found not applicable and skipped, so the result is the same. The word lists
are kept in :mod:`exporter.tablecache`, keyed by dateparser's data.
"""

from __future__ import annotations

import functools
import importlib.util
import re
from collections.abc import Iterator
from importlib import import_module
from pathlib import Path
from typing import Any

from ... import tablecache

_RUN = re.compile(r"[^\W\d_]+")
_ANY_LETTER_ESCAPE = re.compile(r"\\[wWSDpPX]|\[\^")  # \w, \S, [^\d]: may match any letter
_ESCAPE = re.compile(r"\\.")  # \d, \s, \b, \.: no letters of the language
_CLASS = re.compile(r"\[([^\]]*)\]")
_RANGE = re.compile(r"[^\W\d_]-[^\W\d_]")  # [a-z]: letters the class does not spell
_QUANTIFIED = re.compile(r"([^\W\d_])(?=[?*+{])")  # a letter that may be absent or repeated
_PATTERNS = ("simplifications", "relative-type-regex")  # regular expressions, not words
_VARIANTS = str.maketrans("یک", "يك")  # Persian letters Arabic data spells otherwise
_ROMAN = "ivxlcdm"


def _fold(text: str) -> str:
    from dateparser.utils import normalize_unicode

    return normalize_unicode(text.lower()).translate(_VARIANTS)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(key)
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


def _consumed(pattern: str) -> str:
    """`pattern` without its lookarounds, which match text without replacing it (text the
    language must know as words anyway)."""
    kept: list[str] = []
    depth = skip_from = 0  # nesting of groups, and the depth a skipped lookaround opened at
    at, in_class = 0, False
    while at < len(pattern):
        piece = pattern[at:at + 2] if pattern[at] == "\\" else pattern[at]
        if in_class:
            in_class = piece != "]"
        elif piece == "[":
            in_class = True
        elif piece == "(":
            depth += 1
            if not skip_from and pattern.startswith(("(?=", "(?!", "(?<=", "(?<!"), at):
                skip_from = depth
        elif piece == ")":
            depth -= 1
            if skip_from and depth < skip_from:
                skip_from = 0
                at += 1
                continue
        if not skip_from:
            kept.append(piece)
        at += len(piece)
    return "".join(kept)


def _pattern_words(pattern: str) -> list[str] | None:
    """The letters a regular expression of the data can match, as words; None when it can
    match any letter."""
    pattern = _consumed(pattern)
    if _ANY_LETTER_ESCAPE.search(pattern):
        return None
    pattern = _ESCAPE.sub(" ", pattern)
    groups = _CLASS.findall(pattern)
    if any(_RANGE.search(group) for group in groups):
        return None
    letters = [c for group in groups for c in "".join(_RUN.findall(group))]
    rest = _CLASS.sub(" ", pattern)
    if "." in rest:
        return None
    return letters + _RUN.findall(_QUANTIFIED.sub(r" \1 ", rest))  # "mons?": "mon", "s"


def _words(info: dict[str, Any]) -> frozenset[str] | None:
    """Every word and letter a language's data lists (folded, as dateparser folds a text
    before it splits it: "m̀bú" is "mbu"); None when it can read any."""
    found: set[str] = set()
    for name, value in info.items():
        if name == "locale_specific":
            for specific in value.values():
                words = _words(specific)
                if words is None:
                    return None
                found |= words
        elif name in _PATTERNS:
            for pattern in _strings(value):
                words = _pattern_words(pattern)
                if words is None:
                    return None
                found.update(_fold(word) for word in words)
        else:
            found.update(_RUN.findall(_fold(" ".join(_strings(value)))))
    return frozenset(found)


Vocabularies = tuple[frozenset[str], list[tuple[str, frozenset[str] | None]]]


@functools.cache
def _vocabularies() -> Vocabularies:
    """The words every language knows, and each language's own (in dateparser's order):
    folding them takes 0.2 s, so they are kept in the table cache."""
    return tablecache.cached("dateparser-words", _source_key(), _build)


def _source_key() -> str | None:
    files = _source_files()
    return tablecache.source_key(*files) if files else None


def _source_files() -> list[Path]:
    """dateparser's files the word lists are built from (its data, its tokens, its
    folding of text: ``utils``) and this module; none when dateparser is not installed."""
    spec = importlib.util.find_spec("dateparser")
    if spec is None or spec.origin is None:
        return []
    root = Path(spec.origin).parent
    data = sorted((root / "data" / "date_translation_data").glob("*.py"))
    return [root / "__init__.py", root / "conf.py", root / "timezones.py",
            root / "utils" / "__init__.py", root / "languages" / "dictionary.py",
            root / "data" / "languages_info.py", *data, Path(__file__)]


def _build() -> Vocabularies:
    from dateparser.conf import settings
    from dateparser.data.languages_info import language_order
    from dateparser.languages.dictionary import ALWAYS_KEEP_TOKENS, PARSER_KNOWN_TOKENS
    from dateparser.timezones import timezone_info_list

    common = [*PARSER_KNOWN_TOKENS, *ALWAYS_KEEP_TOKENS, *settings.SKIP_TOKENS, *_ROMAN,
              "st", "nd", "rd", "th"]  # dropped after a number in every language
    common += [name for group in timezone_info_list for name, _ in group["timezones"]]
    everywhere = frozenset(w for text in common for w in _RUN.findall(_fold(text)))
    return everywhere, [
        (language, _words(import_module(f"dateparser.data.date_translation_data.{language}")
                          .info))
        for language in language_order]


def _made_of(run: str, words: frozenset[str], everywhere: frozenset[str]) -> bool:
    """Whether `run` is a sequence of `words` and `everywhere` (a language without spaces
    between words writes several in one run)."""
    ends = {0}
    for end in range(1, len(run) + 1):
        if any(run[start:end] in words or run[start:end] in everywhere
               for start in ends if start < end):
            ends.add(end)
    return len(run) in ends


def candidates(span: str) -> list[str]:
    """The languages (dateparser's codes, in its order) that may read `span` as a date."""
    everywhere, languages = _vocabularies()
    runs = set(_RUN.findall(_fold(span)))
    return [language for language, words in languages
            if words is None or all(_made_of(run, words, everywhere) for run in runs)]
