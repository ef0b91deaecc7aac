"""JSON and JSON Lines as the readers take them, and as the writers print them.

Reading: every failure an InputError, never a crash. Python's json raises more than
JSONDecodeError on hostile text (RecursionError for deep nesting, ValueError for a number
of thousands of digits) and accepts what JSON is not (NaN, Infinity). And JSON Lines are
split on "\\n" alone: U+2028 and U+2029 may stand raw inside a JSON string, where
``str.splitlines()`` would cut the line.

Printing (`pretty`): orjson, several times faster than json's pure-Python indenting
encoder, giving json's bytes (``ensure_ascii=False, indent=2``). Where the two would
differ, json prints: a number orjson spells otherwise (a float under 1e-4: ``0.00001``
for ``1e-05``), an integer beyond 64 bits, a lone surrogate (json then fails on encoding
to UTF-8, as it always did). One-line JSON stays json's (its C encoder is fast enough,
and orjson has no spaces after ``,`` and ``:``).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import orjson

from .errors import InputError

# In orjson's text, a float json spells differently: 0.0000d (json: d e-05), 1e-7 (1e-07).
# A match counts only inside a number (`_in_number`): in a string such as "image-1" it does
# not send the document the slower way.
_OTHER_FLOAT = re.compile(rb"0\.0000|e-\d(?!\d)")
_NUMBER_CHARS = frozenset(b"-.0123456789")
_BEFORE_NUMBER = frozenset(b" \n:[,")  # what precedes a number in orjson's indented text


def _no_constant(name: str) -> object:
    raise ValueError(f"{name} is not JSON")


def loads(text: str) -> object:
    """The JSON value of `text`, or an InputError (with the line, where JSON tells it)."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})",
                         line=exc.lineno) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply") from None
    except ValueError as exc:  # a number too long to convert, NaN or Infinity
        reason = "a number has too many digits" if "digits" in str(exc) else str(exc)
        raise InputError(f"invalid JSON: {reason}") from None


def lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) of every line that is not blank."""
    for number, line in enumerate(text.split("\n"), 1):
        if line.strip(" \t\r"):
            yield number, line


def line_values(text: str) -> Iterator[tuple[int, object]]:
    """(line number, JSON value or InputError naming the line) of each line of JSON Lines."""
    for number, line in lines(text):
        try:
            yield number, loads(line)
        except InputError as exc:
            exc.line = number
            yield number, exc


def pretty(value: object) -> bytes:
    """`value` as ``json.dumps(value, ensure_ascii=False, indent=2)`` in UTF-8."""
    try:
        text = orjson.dumps(value, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        text = b"0.0000"  # json decides (and raises what it raises)
    if any(_in_number(text, match.start()) for match in _OTHER_FLOAT.finditer(text)):
        return json.dumps(value, ensure_ascii=False, indent=2).encode()
    return text


def _in_number(text: bytes, at: int) -> bool:
    """Whether `at` is inside a number token of orjson's indented `text`: the characters
    before it are digits, ``.`` or ``-`` back to a space, ``:``, ``[``, ``,`` or the start.
    (Inside a string that looks so, such as " 1e-5", it is a false alarm: json then prints
    the same bytes, more slowly.)"""
    while at > 0 and text[at - 1] in _NUMBER_CHARS:
        at -= 1
    return at == 0 or text[at - 1] in _BEFORE_NUMBER


def compact(value: object) -> bytes:
    """`value` as JSON without spaces, for the project's own files (a batch's part files):
    any JSON reader reads the same value back; json's text when orjson cannot print it."""
    try:
        return orjson.dumps(value)
    except orjson.JSONEncodeError:
        return json.dumps(value, ensure_ascii=False).encode()
