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

# A story's opening tag (its attributes end at the next "<" too: a tag never holds one) or
# its close. Stories are paired from these marks in one pass: a regex for the whole story
# would scan from every opening to the end of the file for a close that is not there.
_MARK = re.compile(r"<REUTERS\b(?P<attrs>[^<>]*)>|</REUTERS>")
_NEWID = re.compile(r'\bNEWID="([^"]*)"')
_CONTROL_ENTITY = re.compile(r"&#(?:[0-8]|1[0-9]|2[0-9]|3[01]|127);")


def sniff(data: bytes, name: str) -> bool:
    """A .sgm file, or one that opens with the corpus's DOCTYPE or a <REUTERS> story (an
    article that quotes the tag further down is not SGML)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return name.lower().endswith(".sgm") or head.startswith((b"<!DOCTYPE lewis", b"<REUTERS"))


def _field(content: str, tag: str) -> str | None:
    """The text of the first <tag>...</tag>, found by position (as a regex would, but
    without scanning from every later <tag> to the end when the close is missing)."""
    start = content.find(f"<{tag}>")
    end = content.find(f"</{tag}>", start) if start >= 0 else -1
    if end < 0:
        return None
    text = html.unescape(_CONTROL_ENTITY.sub("", content[start + len(tag) + 2:end]))
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


def _story(content: str, newid: str | None, line: int, ctx: ReadContext) -> Article:
    title = _field(content, "TITLE")
    if title is None:
        raise InputError("story has no <TITLE> (an unprocessed or brief item)", line=line)
    stamp = (_field(content, "DATE") or "").strip()
    try:
        when = datetime.strptime(stamp.split(".")[0], "%d-%b-%Y %H:%M:%S")
    except ValueError:
        raise InputError(f"<DATE> {stamp.strip()[:40]!r} is not DD-MON-YYYY HH:MM:SS",
                         line=line) from None
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
                            guid=f"reuters-21578:{newid}" if newid else None,
                            item=f"NEWID={newid}" if newid else f"line {line}")


def _stories(text: str) -> Iterator[tuple[str, str | None, int, bool]]:
    """(content, NEWID or None, line, closed) of each <REUTERS> element in order. A story
    whose </REUTERS> is missing ends where the next one opens (closed is then False)."""
    opened: re.Match[str] | None = None
    line, counted = 1, 0
    for mark in _MARK.finditer(text):
        if opened is not None:
            newid = _NEWID.search(opened.group("attrs"))
            line += text.count("\n", counted, opened.start())
            counted = opened.start()
            yield (text[opened.end():mark.start()], (newid[1].strip() or None) if newid else None,
                   line, mark.group() == "</REUTERS>")
        opened = mark if mark.group() != "</REUTERS>" else None
    if opened is not None:
        newid = _NEWID.search(opened.group("attrs"))
        yield (text[opened.end():], (newid[1].strip() or None) if newid else None,
               line + text.count("\n", counted, opened.start()), False)


def read(data: bytes, ctx: ReadContext) -> Iterator[Article | InputError]:
    """Every story; one that cannot be read is yielded as an error and the rest go on."""
    text = _decode(data, ctx.name)
    found = False
    for content, newid, line, closed in _stories(text):
        found = True
        try:
            if not closed:
                raise InputError("story has no </REUTERS> before the next story or the end "
                                 "of the file; left out, as where it ends is unknown", line=line)
            yield _story(content, newid, line, ctx)
        except InputError as exc:
            exc.field = exc.field or (f"NEWID={newid}" if newid else None)
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
        return check_text(data.decode("latin-1"), source)
