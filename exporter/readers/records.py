"""Article records themselves (JSON or JSONL from ``newsexport parse``) as input.

So ``parse`` once, then ``export``/``load`` many times without parsing again. Each
record is validated: a record edited by hand gets the same errors as ``validate``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..errors import InputError
from ..inputs import decode
from ..record import Article, ReadContext
from ..validation import first_error

NAME = "records"


def sniff(data: bytes, name: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"[")) and b'"record_version"' in data[:65536]


def documents(text: str, source: str) -> Iterator[tuple[int, object]]:
    """(line, JSON value) for a JSON document, a JSON array, or JSON lines."""
    stripped = text.lstrip()
    try:
        whole = json.loads(text)
    except json.JSONDecodeError:
        whole = None
        if not stripped.startswith("{"):
            raise
    if whole is not None:
        items = whole if isinstance(whole, list) else [whole]
        first = text[:len(text) - len(stripped)].count("\n") + 1
        yield from ((first, item) for item in items)
        return
    for number, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                yield number, json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"invalid JSON: {exc.msg} (column {exc.colno})",
                                 source=source, line=number) from None


def read(data: bytes, ctx: ReadContext) -> Iterator[Article]:
    text = decode(data, ctx.name)
    try:
        for line, value in documents(text, ctx.name):
            problem = first_error(value)
            if problem:
                raise InputError(problem, source=ctx.name, line=line)
            yield value  # type: ignore[misc]
    except json.JSONDecodeError as exc:
        raise InputError(f"invalid JSON: {exc.msg}", source=ctx.name, line=exc.lineno) from None
