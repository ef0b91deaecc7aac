"""Absolute IRIs as RFC 3987 defines them: the one check for every IRI that enters.

Options, settings, records and the readers' links all pass through :func:`is_iri`, so no
writer is ever handed an IRI that an RDF parser (Oxigraph, rdflib) or an XML consumer
would refuse: ``[`` and ``]`` only around an IP literal, one ``#``, ``%`` only before two
hex digits, no space, control character, non-character or private-use character outside
the query. The grammar is RFC 3987's section 2.2, written as one regular expression.
"""

from __future__ import annotations

import ipaddress
import re

_HEX = "0-9A-Fa-f"
_PCT = f"%[{_HEX}]{{2}}"
_SUB_DELIMS = "!$&'()*+,;="
# ucschar: the letters of every plane but surrogates, non-characters and private use.
_UCS = ("\u00a0-\ud7ff\uf900-\ufdcf\ufdf0-\uffef" + "".join(
    f"{chr(plane << 16)}-{chr((plane << 16) + 0xFFFD)}" for plane in range(1, 14))
    + "\U000e1000-\U000efffd")
_PRIVATE = "\ue000-\uf8ff\U000f0000-\U000ffffd\U00100000-\U0010fffd"
_UNRESERVED = f"A-Za-z0-9\\-._~{_UCS}"
_PCHAR = f"(?:[{_UNRESERVED}{re.escape(_SUB_DELIMS)}:@]|{_PCT})"
_USERINFO = f"(?:[{_UNRESERVED}{re.escape(_SUB_DELIMS)}:]|{_PCT})*"
_REG_NAME = f"(?:[{_UNRESERVED}{re.escape(_SUB_DELIMS)}]|{_PCT})*"
# An IP literal's shape; ipaddress checks an IPv6 address itself (see is_iri).
_IP_LITERAL = rf"\[(?P<ip>[{_HEX}:.]+|v[{_HEX}]+\.[A-Za-z0-9\-._~{re.escape(_SUB_DELIMS)}:]+)\]"
_AUTHORITY = f"(?:{_USERINFO}@)?(?:{_IP_LITERAL}|{_REG_NAME})(?::[0-9]*)?"
_SEGMENT = f"{_PCHAR}*"
_PATH = (f"(?://{_AUTHORITY}(?:/{_SEGMENT})*"  # ipath-abempty after an authority
         f"|/(?:{_PCHAR}+(?:/{_SEGMENT})*)?"  # ipath-absolute
         f"|{_PCHAR}+(?:/{_SEGMENT})*"  # ipath-rootless
         f")?")  # ipath-empty
_QUERY = f"(?:{_PCHAR}|[/?{_PRIVATE}])*"
_FRAGMENT = f"(?:{_PCHAR}|[/?])*"
IRI = re.compile(f"[A-Za-z][A-Za-z0-9+.-]*:{_PATH}(?:\\?{_QUERY})?(?:#{_FRAGMENT})?")


def is_iri(value: object) -> bool:
    """Whether `value` is an absolute IRI (RFC 3987 ``IRI``: a scheme, then the rest)."""
    if not isinstance(value, str):
        return False
    match = IRI.fullmatch(value)
    if match is None:
        return False
    literal = match.group("ip")
    if literal is None or literal.startswith("v"):
        return True
    try:
        ipaddress.IPv6Address(literal)
    except ValueError:
        return False
    return True


_ANY = re.compile(f"[{_UNRESERVED}{re.escape(_SUB_DELIMS)}:/?#\\[\\]@%{_PRIVATE}]")


def problem(value: str) -> str | None:
    """Why `value` is not an absolute IRI, in words, or None when it is one."""
    if is_iri(value):
        return None
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", value):
        return "it has no scheme (such as https:)"
    for at, char in enumerate(value, 1):
        if not _ANY.fullmatch(char):
            return f"{char!r} (U+{ord(char):04X}) at position {at} cannot be in an IRI"
    bad_escape = re.search(f"%(?![{_HEX}]{{2}})", value)
    if bad_escape:
        return f"'%' at position {bad_escape.start() + 1} is not followed by two hex digits"
    if value.count("#") > 1:
        return f"a second '#' at position {value.index('#', value.index('#') + 1) + 1}"
    if "[" in value or "]" in value:
        return "'[' and ']' may only enclose an IPv6 address as the host"
    return "it is not an RFC 3987 IRI"
