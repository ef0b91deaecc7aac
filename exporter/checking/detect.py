"""What a file holds, told by its content (its name only breaks ties between RDF syntaxes)."""

from __future__ import annotations

import gzip
import re
import zlib

from ..inputs import CHECKED_SUFFIXES

_HTML = re.compile(rb"(?i)<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>]|<script[\s>]")
_NTRIPLES = re.compile(rb"(<[^>\s]*>|_:\S+)\s+<[^>\s]*>\s+(<[^>\s]*>|_:\S+|\")")
# What Turtle and TriG have that prose does not: a directive, or a statement about an IRI.
_TURTLE = re.compile(rb"(?im)^\s*(@prefix|@base|prefix\s+\S*:|base\s+<|<[^>\s]*>\s+\S|_:\S+\s+\S)")
_SUFFIXES = {".ttl": "turtle", ".turtle": "turtle", ".nt": "nt", ".ntriples": "nt",
             ".nq": "nquads", ".nquads": "nquads", ".trig": "trig", ".rdf": "xml",
             ".owl": "xml", ".n3": "n3"}
SUFFIXES = CHECKED_SUFFIXES  # what a directory walk of `validate` picks up
MAX_UNPACKED = 256 * 1024 * 1024  # a gzip file that grows past this is refused


class Unreadable(ValueError):
    """Bytes that are none of the formats validate reads."""


def gunzip(data: bytes) -> bytes:
    """The bytes of a gzip file, bounded: a small file must not unpack to gigabytes."""
    if not data.startswith(b"\x1f\x8b"):
        return data
    out = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        unpacked = out.decompress(data, MAX_UNPACKED)
    except zlib.error as exc:
        raise Unreadable(f"broken gzip file: {exc}") from None
    if out.unconsumed_tail:
        raise Unreadable(f"gzip file unpacks to more than {MAX_UNPACKED // 2**20} MiB")
    return unpacked if unpacked else gzip.decompress(data)


def kind(data: bytes, name: str) -> str:
    """"json", "html", "xml", or an rdflib format name ("turtle", "nt", "nquads", "trig")."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "json" if head[2:].replace(b"\x00", b"").lstrip().startswith((b"{", b"[")) \
            else "xml"
    suffix = re.sub(r"\.gz$", "", name.lower())
    suffix = suffix[suffix.rfind("."):] if "." in suffix else ""
    if head.startswith((b"{", b"[")):
        return "json"
    if head.startswith(b"<") and _NTRIPLES.match(head):
        return "nt" if suffix in (".nt", ".ntriples") else "nquads"  # N-Quads reads both
    if head.startswith(b"<"):
        return "html" if _HTML.search(data[:8192]) and not head.startswith(b"<?xml") else "xml"
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    if not head:
        raise Unreadable("empty file")
    if _TURTLE.search(data[:65536]):
        return "turtle"
    raise Unreadable("not a format validate reads (Article records, JSON-LD, HTML, RDF, "
                     "NewsML-G2, ninjs)")


def rdf_format(name: str) -> str:
    """The rdflib format a file's name suggests (Turtle when it suggests none)."""
    suffix = name.lower()[name.rfind("."):] if "." in name else ""
    return {**_SUFFIXES, ".xml": "xml", ".jsonld": "json-ld"}.get(suffix, "turtle")
