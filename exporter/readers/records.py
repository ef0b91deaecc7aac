"""Article records themselves (JSON or JSONL from ``newsexport parse``) as input.

So ``parse`` once, then ``export``/``load`` many times without parsing again. Each
record is validated: a record edited by hand gets the same errors as ``validate``.
"""

from __future__ import annotations

from collections.abc import Iterator

from .. import jsontext
from ..errors import InputError
from ..inputs import decode
from ..record import Article, ReadContext
from ..validation import first_error, unencodable

NAME = "records"
CHECKS_RECORDS = True  # each record is schema-checked here, its line named: only here


def sniff(data: bytes, name: str) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith((b"{", b"[")) and b'"record_version"' in data[:65536]


def documents(text: str, source: str) -> Iterator[tuple[int, object]]:
    """(line, JSON value) for a JSON document, a JSON array, or JSON lines; a JSON line that
    does not parse comes as an InputError value, and the lines after it still come."""
    stripped = text.lstrip()
    try:
        whole = jsontext.loads(text)
    except InputError as exc:
        if not stripped.startswith("{"):
            raise exc.located(source) from None
    else:
        items = whole if isinstance(whole, list) else [whole]
        first = text[:len(text) - len(stripped)].count("\n") + 1
        yield from ((first, item) for item in items)
        return
    for number, value in jsontext.line_values(text):
        yield number, value.located(source) if isinstance(value, InputError) else value


def read(data: bytes, ctx: ReadContext) -> Iterator[Article | InputError]:
    """Each valid record; an invalid one is yielded as an error and the next lines go on."""
    text = decode(data, ctx.name)
    for line, value in documents(text, ctx.name):
        if isinstance(value, InputError):
            yield value
            continue
        problem = first_error(value) or unencodable(value)
        if problem:
            yield InputError(problem, source=ctx.name, line=line)
            continue
        value["word_count"] = int(value["word_count"])  # JSON's 3.0 is an integer too
        yield value
