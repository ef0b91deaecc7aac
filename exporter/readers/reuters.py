"""Reuters-21578 SGML (``reut2-NNN.sgm``): a thousand stories per file, each a <REUTERS> element.

The SGML is read with regular expressions, not an XML parser: it is not XML (bare
``&`` in text, a DTD reference, control characters as ``&#2;``). Each story becomes
wire-text paragraphs (title, byline, dateline + body, "Reuter" sign-off) read by the
wire-text reader, so both formats share one notion of datelines and bylines.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from datetime import datetime

from ..dates import zone_for
from ..errors import InputError
from ..inputs import check_text, decode
from ..record import Article, ReadContext
from .wire_text import parse_paragraphs

NAME = "reuters-21578"

_STORY = re.compile(r"<REUTERS\b(?P<attrs>[^>]*)>(?P<content>.*?)</REUTERS>", re.S)
_NEWID = re.compile(r'NEWID="(\d+)"')
_CONTROL_ENTITY = re.compile(r"&#(?:[0-8]|1[0-9]|2[0-9]|3[01]|127);")


def sniff(data: bytes, name: str) -> bool:
    return name.lower().endswith(".sgm") or b"<REUTERS " in data[:4096]


def _field(content: str, tag: str) -> str | None:
    match = re.search(rf"<{tag}>(.*?)</{tag}>", content, re.S)
    if not match:
        return None
    text = html.unescape(_CONTROL_ENTITY.sub("", match.group(1)))
    return text if text.strip() else None


def _paragraphs(body: str) -> list[str]:
    """Hard-wrapped lines joined into paragraphs; an indented line starts a new one."""
    paragraphs: list[str] = []
    for line in body.splitlines():
        if not line.strip():
            continue
        if line.startswith((" ", "\t")) or not paragraphs:
            paragraphs.append(line.strip())
        else:
            paragraphs[-1] += " " + line.strip()
    return paragraphs


def _story(content: str, newid: str, line: int, ctx: ReadContext) -> Article:
    title = _field(content, "TITLE")
    if title is None:
        raise InputError("story has no <TITLE> (an unprocessed or brief item)", line=line)
    stamp = (_field(content, "DATE") or "").strip()
    try:
        when = datetime.strptime(stamp.split(".")[0], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        raise InputError(f"<DATE> {stamp.strip()!r} is not DD-MON-YYYY HH:MM:SS", line=line) \
            from None
    body = _paragraphs(_field(content, "BODY") or "")
    dateline = _field(content, "DATELINE")
    if dateline and body:
        body[0] = f"{dateline.strip()} {body[0]}"
    elif dateline:
        body = [dateline.strip()]
    author = _field(content, "AUTHOR")
    texts = ([" ".join(author.split())] if author else []) + body
    numbered = [(line, text) for text in texts]
    zone = zone_for("Reuters", ctx.timezone)
    return parse_paragraphs(numbered, ctx, reader=NAME, published=(when.date(), when.time(), zone),
                            headline=" ".join(title.split()),
                            guid=f"reuters-21578:{newid}", item=f"NEWID={newid}")


def read(data: bytes, ctx: ReadContext) -> Iterator[Article | InputError]:
    """Every story; one that cannot be read is yielded as an error and the rest go on."""
    text = _decode(data, ctx.name)
    found = False
    line, counted = 1, 0
    for match in _STORY.finditer(text):
        found = True
        newid = (_NEWID.search(match.group("attrs")) or [None, "?"])[1]
        line += text.count("\n", counted, match.start())
        counted = match.start()
        try:
            yield _story(match.group("content"), newid, line, ctx)
        except InputError as exc:
            exc.field = exc.field or f"NEWID={newid}"
            exc.line = exc.line or line
            yield exc.located(ctx.name)
    if not found:
        raise InputError("no <REUTERS> story in this SGML file", source=ctx.name)


def _decode(data: bytes, source: str) -> str:
    """UTF-8, else Latin-1: the 1987 corpus predates UTF-8 and a few stories carry Latin-1
    letters (reut2-017.sgm has "ü" as byte 0xFC). Only this reader makes that guess."""
    try:
        return decode(data, source)
    except InputError as exc:
        if not exc.reason.startswith("not UTF-8"):
            raise
        text = data.decode("latin-1")
        check_text(text, source)
        return text
