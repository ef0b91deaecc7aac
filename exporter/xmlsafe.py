"""XML in and out without the classic XML attacks, and without characters XML 1.0 forbids.

Input: no DTD is loaded, no entity is expanded, nothing is fetched, and a document
whose DOCTYPE declares entities (billion laughs, XXE) is refused outright instead of
being half-parsed. Output: text that XML 1.0 cannot carry (control characters, lone
surrogates, U+FFFE/U+FFFF) is removed with a warning, because lxml would otherwise
refuse the whole document.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from typing import Any

import orjson
from lxml import etree

from .errors import InputError

# Everything outside XML 1.0's Char production: #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD]
# | [#x10000-#x10FFFF].
_FORBIDDEN = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
# The same characters in orjson's text of a value: the C0 controls but tab, LF and CR are
# escaped (\u0000-\u001f, \b, \f), U+FFFE/U+FFFF stand raw, and a lone surrogate makes
# orjson fail. A match may also be an escaped backslash before "u001" (a false alarm).
_FORBIDDEN_IN_JSON = re.compile(rb"\\u00[01]|\\[bf]|\xef\xbf[\xbe\xbf]")


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                           huge_tree=False)


def parse(data: bytes, source: str | None = None) -> etree._Element:
    """The root element of `data`, or an InputError naming the line that is wrong."""
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise InputError(f"not well-formed XML: {' '.join(exc.msg.split())}", source=source,
                         line=exc.lineno or None) from None
    dtd = root.getroottree().docinfo.internalDTD
    entities = [entity.name for entity in dtd.iterentities()] if dtd is not None else []
    if entities:
        raise InputError(f"the DOCTYPE declares entities ({', '.join(entities[:5])}); "
                         "entity declarations are refused (they allow entity-expansion and "
                         "external-entity attacks)", source=source,
                         line=_line_of(data, b"<!DOCTYPE"))
    return root


def _line_of(data: bytes, marker: bytes) -> int | None:
    at = data.find(marker)
    return data.count(b"\n", 0, at) + 1 if at >= 0 else None


def clean(text: str, where: str) -> str:
    """`text` without the characters XML 1.0 forbids; warns naming `where` when any were removed."""
    cleaned, removed = _FORBIDDEN.subn("", text)
    if removed:
        warnings.warn(f"{where}: removed {removed} character(s) that XML 1.0 forbids",
                      stacklevel=2)
    return cleaned


def any_forbidden(texts: Iterable[str]) -> bool:
    """Whether any of `texts` holds a character `clean` would remove (one search of their
    joined text, much cheaper than one per text when, as usual, none does)."""
    return _FORBIDDEN.search("".join(texts)) is not None


def clean_strings(value: Any, where: str) -> Any:
    """A JSON-like value with `clean` applied to every string in it: `value` itself when
    none needs it (the common case, found without building a copy), else a copy.

    `where` names the value in warnings; each string is named by its JSON path below it.
    """
    if not _may_need(value) or not any(map(_FORBIDDEN.search, _strings(value))):
        return value
    return _cleaned(value, where)


def _may_need(value: Any) -> bool:
    """False when no string in `value` holds a forbidden character, found from the value's
    JSON text (a walk in C, five times cheaper than the walk of `_strings`); True when one
    may, or when the value is not JSON."""
    try:
        return may_need_cleaning(orjson.dumps(value))
    except orjson.JSONEncodeError:
        return True


def may_need_cleaning(json_text: bytes) -> bool:
    """`_may_need` from a value's orjson text that the caller has already."""
    return _FORBIDDEN_IN_JSON.search(json_text) is not None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict | list):
        for item in value.values() if isinstance(value, dict) else value:
            yield from _strings(item)


def _cleaned(value: Any, where: str) -> Any:
    if isinstance(value, str):
        return clean(value, where)
    if isinstance(value, dict):
        return {key: _cleaned(item, f"{where}.{key}") for key, item in value.items()}
    if isinstance(value, list):
        return [_cleaned(item, f"{where}[{n}]") for n, item in enumerate(value)]
    return value
