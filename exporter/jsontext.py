"""JSON and JSON Lines as the readers take them: every failure an InputError, never a crash.

Python's json raises more than JSONDecodeError on hostile text (RecursionError for deep
nesting, ValueError for a number of thousands of digits) and accepts what JSON is not
(NaN, Infinity). And JSON Lines are split on "\\n" alone: U+2028 and U+2029 may stand
raw inside a JSON string, where ``str.splitlines()`` would cut the line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from .errors import InputError


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
