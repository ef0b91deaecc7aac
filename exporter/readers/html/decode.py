"""Bytes of a saved page -> its text, as the HTML standard decodes it.

Order (HTML Living Standard, "determining the character encoding"): a byte order mark,
then a ``<meta charset>`` or ``<meta http-equiv="Content-Type" content="...charset=...">``
in the first 1024 bytes (or later in <head>, where the parser would change to it), then
the fallback. Labels are mapped as browsers map them
(``iso-8859-1`` and ``us-ascii`` mean windows-1252, ``gb2312`` means GB18030).

Fallback (documented choice): UTF-8 when the bytes are valid UTF-8, else windows-1252, the
standard's default for most locales. A page saved again as UTF-8 keeps its old legacy
declaration more often than not, so valid UTF-8 with non-ASCII bytes wins over a declared
single-byte charset; a declared charset the bytes do not fit is an error when more than a
few bytes are wrong, and a handful of stray bytes become U+FFFD as in a browser.
"""

from __future__ import annotations

import codecs
import re
import zlib

from ...errors import InputError

MAX_PAGE = 20_000_000  # bytes; pages above this are not articles (real ones stay under 5 MB)
_PRESCAN = 1024
_HEAD_SCAN = 65_536  # bytes searched for a later <meta charset> inside <head>
_META_CHARSET = re.compile(rb"<meta\b[^>]*?charset\s*=\s*[\"']?\s*([-\w.:]+)", re.I)
# WHATWG Encoding Standard labels whose meaning differs from Python's codec of that name.
_LABELS = {
    "iso-8859-1": "cp1252", "iso8859-1": "cp1252", "latin1": "cp1252", "latin-1": "cp1252",
    "l1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252", "iso-8859-9": "cp1254",
    "latin5": "cp1254", "gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030",
    "euc-kr": "cp949", "ks_c_5601-1987": "cp949", "tis-620": "cp874", "iso-8859-11": "cp874",
    "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "windows-31j": "cp932",
    "big5": "big5hkscs", "utf-16": "utf-8", "utf-16le": "utf-8", "utf-16be": "utf-8",
    "x-user-defined": "cp1252",
}
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
         (codecs.BOM_UTF16_BE, "utf-16-be"))
_MAX_WRONG = 0.001  # share of undecodable bytes tolerated under a declared charset
# C0/C1 controls but tab, newline, carriage return and form feed: an HTML parser drops them.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


def unpacked(data: bytes, source: str) -> bytes:
    """The page's bytes, gunzipped when they are gzip (.html.gz), within MAX_PAGE."""
    if data[:2] == b"\x1f\x8b":
        inflater = zlib.decompressobj(wbits=31)
        try:
            out = inflater.decompress(data, MAX_PAGE + 1)
        except zlib.error as exc:
            raise InputError(f"not a valid gzip file ({exc})", source=source) from None
        if len(out) <= MAX_PAGE and not inflater.eof and not inflater.unconsumed_tail:
            raise InputError("gzip file is cut short", source=source)
        data = out
    if len(data) > MAX_PAGE:
        raise InputError(f"page is over {MAX_PAGE:,} bytes; not an article page "
                         "(split it or remove embedded data)", source=source)
    return data


def declared_charset(data: bytes) -> str | None:
    """The Python codec for the charset a <meta> declares, if known: in the first 1024 bytes
    (the prescan), else in the <head> further on, where the parser itself would meet it and
    change the encoding."""
    match = _META_CHARSET.search(data[:_PRESCAN])
    if not match:
        head = data[:_HEAD_SCAN]
        end = head.lower().find(b"</head")
        match = _META_CHARSET.search(head[:end] if end >= 0 else head)
    if not match:
        return None
    label = match.group(1).decode("ascii", "replace").strip().lower()
    label = _LABELS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def page_text(data: bytes, source: str) -> str:
    """The decoded page (see the module's docstring for the order), control characters gone."""
    data = unpacked(data, source)
    if not data.strip():
        raise InputError("empty file", source=source)
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _clean(data[len(bom):].decode(codec, "replace"))
    declared = declared_charset(data)
    utf8 = _utf8(data)
    if declared is None or declared == "utf-8":
        if utf8 is not None:
            return _clean(utf8)
        if declared is None:
            return _clean(data.decode("cp1252", "replace"))
    elif utf8 is not None and not data.isascii() and codecs.lookup(declared).name in _SINGLE:
        return _clean(utf8)
    text = data.decode(declared, "replace")
    wrong = text.count("\ufffd") - data.decode(declared, "ignore").count("\ufffd")
    if wrong > max(3, _MAX_WRONG * len(data)):
        raise InputError(f"the page declares charset {declared}, but {wrong:,} of its bytes are "
                         f"not {declared} (fix the <meta charset> or convert the file)",
                         source=source)
    return _clean(text)


# Legacy single-byte codecs, in which valid multi-byte UTF-8 almost never occurs by chance.
_SINGLE = frozenset(codecs.lookup(n).name for n in (
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "cp874", "iso8859-2", "iso8859-5", "iso8859-7", "iso8859-15", "koi8-r", "koi8-u",
    "mac-roman"))


def _utf8(data: bytes) -> str | None:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _clean(text: str) -> str:
    return _CONTROL.sub("", text.replace("\r\n", "\n"))

