"""N-Triples, N-Quads, Turtle and TriG text of a small graph, written from its rdflib terms.

rdflib's serializers build a store and, for Turtle and TriG, look up a prefix for
every term of every triple; for one article's twenty-odd triples that is most of the
cost of publishing every RDF format. These functions write the bytes rdflib writes
for the same triples (the tests compare them on the seed, hostile text, real stories
and arbitrary Unicode, and parse them back with rdflib and Oxigraph). They differ only
where rdflib's text is wrong or where it abbreviates an IRI it need not:

- a Turtle long string (text with a line break) whose text ends in a backslash and a
  quote gets that quote escaped; rdflib leaves it bare, so its closing delimiter comes
  one quote early and strict parsers (Oxigraph) reject the document;
- an IRI that N-Triples cannot carry (a space, a control character or one of
  ``<>"{}|^`\\``) is an InputError; rdflib refuses only some of them, with a bare
  Exception, and writes the control characters into an invalid document;
- a double keeps every digit (rdflib's ``%e`` spelling rounds it to seven);
- a prefixed name is used only where the local name is a plain word (every schema.org
  term is), so it never needs PN_LOCAL escapes; an IRI such as ``schema:2020`` or
  ``rdf:nil``, which rdflib abbreviates (to ``schema:2020`` and ``()``), is written whole.
"""

from __future__ import annotations

import math
import re
import threading
from collections import defaultdict
from collections.abc import Mapping, Sequence
from decimal import Decimal

from rdflib import RDF, Literal, URIRef
from rdflib.term import Node as Term

from ..errors import InputError

Triple = tuple[URIRef, URIRef, Term]

# What IRIREF excludes (N-Triples 1.1: C0 controls, space, <>"{}|^`\), and DEL and the C1
# controls, which no IRI can hold either (RFC 3987's characters start at U+00A0).
_NOT_IN_IRI = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\]')
# A local name that is a PN_LOCAL as it stands.
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_NAMES_KEPT = 4096  # the most names or IRI texts kept (_NAMES, _IRIS)


def iri(term: str) -> str:
    """``<term>``, or an InputError when N-Triples cannot carry it."""
    bad = _NOT_IN_IRI.search(term)
    if bad:
        raise InputError(f"{str(term)!r} cannot be an RDF IRI: it contains "
                         f"{bad.group()!r} (U+{ord(bad.group()):04X})", field="iri")
    return f"<{term}>"


def _quoted(text: str) -> str:
    """A one-line string: only ``\\``, ``"``, LF and CR escaped, as rdflib does."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace(
        "\n", "\\n").replace("\r", "\\r") + '"'


def _long_quoted(text: str) -> str:
    """A triple-quoted string keeping its line breaks, as rdflib writes it; a final quote is
    escaped unless an odd run of backslashes before it already escapes it."""
    body = text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')
    if body.endswith('"'):
        head = body[:-1]
        if (len(head) - len(head.rstrip("\\"))) % 2 == 0:
            body = head + '\\"'
    return '"""' + body.replace("\r", "\\r") + '"""'


def _suffix(term: Literal, datatype: str) -> str:
    return f"@{term.language}" if term.language else f"^^{datatype}" if term.datatype else ""


def nt_term(term: Term) -> str:
    """`term` as N-Triples writes it."""
    if isinstance(term, Literal):
        datatype = _iri_text(term.datatype) if term.datatype else ""
        return _quoted(term) + _suffix(term, datatype)
    if isinstance(term, URIRef):
        return _iri_text(term)
    raise TypeError(f"no N-Triples for {term!r}")


def _iri_text(term: str) -> str:
    """`iri`, kept: the vocabulary's IRIs recur in every article (emptied when full, as
    each article's own IRIs pass through)."""
    text = _IRIS.get(term)
    if text is None:
        text = iri(term)
        if len(_IRIS) >= _NAMES_KEPT:
            _IRIS.clear()
        _IRIS[term] = text
    return text


_IRIS: dict[str, str] = {}


def _utf8(text: str) -> bytes:
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InputError(f"text holds {exc.object[exc.start]!r}, which is not a Unicode "
                         "character (a lone surrogate) and cannot be written") from None


_kept = threading.local()  # per thread, what the last tuple of triples gave (see _rows)


def _lines(triples: Sequence[Triple], end: str) -> bytes:
    """One statement a line, each ending in `end`, in code-point order (so the text does
    not depend on the order the triples came in)."""
    rows = _rows(triples)
    return _utf8(end.join(rows) + end) if rows else b""


def _rows(triples: Sequence[Triple]) -> list[str]:
    """Each statement's ``s p o`` text, sorted.

    Sorting these is sorting the lines, whatever `end` follows: no text is another's
    start followed by a space or a control character (a term's text ends with ``>`` or
    ``"``, where only a suffix ``@`` or ``^^`` may go on). ``publish`` writes N-Triples and
    N-Quads of one article in a row, so the rows of the last tuple of triples (immutable)
    each thread saw are kept.
    """
    last = getattr(_kept, "rows", None)
    if last is not None and last[0] is triples:
        return last[1]
    text: dict[Term, str] = {}  # a subject is written once, not once per statement

    def term(t: Term) -> str:
        written = text.get(t)
        if written is None:
            written = text[t] = nt_term(t)
        return written

    rows = sorted(f"{term(s)} {term(p)} {term(o)}" for s, p, o in triples)
    if isinstance(triples, tuple):
        _kept.rows = (triples, rows)
    return rows


def ntriples(triples: Sequence[Triple]) -> bytes:
    return _lines(triples, " .\n")


def nquads(triples: Sequence[Triple], graph: URIRef) -> bytes:
    """The triples as quads of the named graph `graph`."""
    return _lines(triples, f" {iri(graph)} .\n")


# Names worked out before, by the namespaces they were worked out with (text, prefix used
# or None, its namespace): the vocabulary's terms recur in every article. Emptied when full,
# as each article's own IRIs pass through.
_NAMES: dict[tuple[tuple[str, str], ...], dict[str, tuple[str, str | None, str]]] = {}


def _name(term: str, prefix_of: Mapping[str, str]) -> tuple[str, str | None, str]:
    """(`term` as a prefixed name where a namespace and a plain word allow, else whole; the
    prefix used; its namespace)."""
    cut = max(term.rfind("/"), term.rfind("#")) + 1
    prefix = prefix_of.get(term[:cut]) if cut else None
    if prefix is None or not _WORD.fullmatch(term, cut):
        return iri(term), None, ""
    return f"{prefix}:{term[cut:]}", prefix, term[:cut]


class PrefixedNames:
    """Names for one Turtle, TriG or RDF/XML document: prefixed where a bound namespace and
    a plain word allow, the prefixes used so far remembered for the document's head."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self.prefixes = prefixes
        self.prefix_of = {str(namespace): prefix for prefix, namespace in prefixes.items()}
        self.used: dict[str, str] = {}
        self._known = _NAMES.setdefault(tuple(self.prefix_of.items()), {})

    def name(self, term: str) -> str:
        key = term if type(term) is str else str(term)  # rdflib terms compare in Python
        known = self._known.get(key)
        if known is None:
            known = _name(key, self.prefix_of)
            if len(self._known) >= _NAMES_KEPT:
                self._known.clear()
            self._known[key] = known
        text, prefix, namespace = known
        if prefix is not None:
            self.used[prefix] = namespace
        return text

    def term(self, term: Term) -> str:
        if not isinstance(term, Literal):
            return self.name(term) if isinstance(term, URIRef) else nt_term(term)
        # rdflib declares the datatype's prefix even where it writes the value bare
        datatype = self.name(term.datatype) if term.datatype else ""
        if term.datatype == _INTEGER and term.value is not None:
            return str(term)
        if term.datatype == _DOUBLE and term.value is not None and math.isfinite(term.value):
            return double(term.value)
        text = _long_quoted(term) if "\n" in term else _quoted(term)
        return text + _suffix(term, datatype)

    def head(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(self.used.items()))


def double(value: float) -> str:
    """A Turtle double as rdflib spells it (``3.853575e+01``), but with every digit of the
    number: rdflib's ``%e`` keeps six decimals, so -118.24368 would read back as -118.2437."""
    mantissa, exponent = f"{Decimal(repr(value)):e}".split("e")
    return re.sub(r"\.?0*e", "e", f"{mantissa}e{int(exponent):+03d}")


_INTEGER = URIRef("http://www.w3.org/2001/XMLSchema#integer")
_DOUBLE = URIRef("http://www.w3.org/2001/XMLSchema#double")


# A subject's statement: its name, then each predicate's name with its objects' texts.
Statement = tuple[str, list[tuple[str, list[str]]]]


def _statements(triples: Sequence[Triple], names: PrefixedNames, depth: int) -> str:
    """Each subject's statement as rdflib's Turtle serializer orders and indents them
    (see `_layout`), `depth` levels in."""
    layout, used = _layout(triples, names.prefixes)
    names.used.update(used)
    indent = "    " * depth
    between_predicates, between_objects = f" ;\n{indent}    ", f",\n{indent}        "
    return "".join(
        f"\n{indent}{subject} "
        + between_predicates.join(f"{predicate} {between_objects.join(objects)}"
                                  for predicate, objects in properties) + " .\n"
        for subject, properties in layout)


def _layout(triples: Sequence[Triple], prefixes: Mapping[str, str]
            ) -> tuple[list[Statement], dict[str, str]]:
    """(the statements, the prefixes they use) in rdflib's order: subjects by how often
    they are objects, then by IRI; ``a`` first, then predicates by IRI; a predicate's
    objects in rdflib's term order. (IRIs are grouped by their text: hashing plain strings
    is much cheaper than hashing rdflib terms.) ``publish`` writes Turtle and TriG of one
    article in a row, so the layout of the last tuple of triples each thread saw is kept."""
    last = getattr(_kept, "layout", None)
    if last is not None and last[0] is triples and last[1] == prefixes:
        return last[2], last[3]
    names = PrefixedNames(prefixes)
    properties: dict[str, dict[str, list[Term]]] = {}
    references: defaultdict[str, int] = defaultdict(int)
    for s, p, o in triples:
        properties.setdefault(str(s), {}).setdefault(str(p), []).append(o)
        if type(o) is URIRef:
            references[str(o)] += 1
    layout: list[Statement] = []
    for subject in sorted(properties, key=lambda s: (references[s], s)):
        by_predicate = properties[subject]
        parts = [] if _TYPE not in by_predicate else [
            ("a", list(map(names.term, _ordered(by_predicate[_TYPE]))))]
        for predicate in sorted(by_predicate):
            if predicate != _TYPE:
                objects = _ordered(by_predicate[predicate])
                parts.append((names.name(predicate), list(map(names.term, objects))))
        layout.append((names.name(subject), parts))
    if isinstance(triples, tuple):
        _kept.layout = (triples, dict(prefixes), layout, names.used)
    return layout, names.used


_TYPE = str(RDF.type)


def _ordered(objects: list[Term]) -> list[Term]:
    return sorted(objects) if len(objects) > 1 else objects


def turtle(triples: Sequence[Triple], prefixes: Mapping[str, str]) -> bytes:
    """A Turtle document of the triples, declaring the `prefixes` it uses."""
    names = PrefixedNames(prefixes)
    body = _statements(triples, names, 0)
    return _utf8(names.head() + body + "\n")


def trig_graph(triples: Sequence[Triple], graph: URIRef, prefixes: Mapping[str, str]) -> bytes:
    """The named graph `graph` in TriG, without prefix lines: the `prefixes` are assumed
    declared (all of them, as at the top of a TriG bundle)."""
    return _utf8(_trig_graph(triples, graph, PrefixedNames(prefixes)))


def trig(triples: Sequence[Triple], graph: URIRef, prefixes: Mapping[str, str]) -> bytes:
    """A TriG document: the prefixes the graph uses, then the named graph `graph`."""
    head, block = trig_parts(triples, graph, prefixes)
    return head + b"\n" + block


def trig_parts(triples: Sequence[Triple], graph: URIRef, prefixes: Mapping[str, str]
               ) -> tuple[bytes, bytes]:
    """(the prefix lines, the named graph as `trig_graph` writes it) of `trig`'s document."""
    names = PrefixedNames(prefixes)
    block = _utf8(_trig_graph(triples, graph, names))
    return _utf8(names.head()), block


def _trig_graph(triples: Sequence[Triple], graph: URIRef, names: PrefixedNames) -> str:
    return f"{names.name(graph)} {{" + _statements(triples, names, 1) + "}\n\n"
