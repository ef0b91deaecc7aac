"""What the server knows how to read from a store: descriptions, records, lists of
articles. Every read is one SPARQL query, so the embedded store and a server are
read alike. On the embedded store (a snapshot: see :mod:`.source`) answers are cached.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass

import pyoxigraph as ox

from ..record import Article, title_of
from ..record_sidecar import graph_digest
from ..settings import Settings
from .records import record_from_graph
from .source import Source

SCHEMA = "http://schema.org/"
PREFIX = f"PREFIX schema: <{SCHEMA}>\n"
_IMAGE = re.compile(r"(?P<article>.+/article/[^/]+)/image/[^/]+")
CACHE_SIZE = 4096
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def iri_ref(iri: str) -> str:
    """`iri` as a SPARQL IRI reference; None if it cannot be one (no store holds it)."""
    if any(c in iri for c in '<>"{}|^`\\') or any(ord(c) <= 0x20 for c in iri):
        raise ValueError(iri)
    return f"<{iri}>"


def literal(text: str) -> str:
    """`text` as a SPARQL string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") \
        .replace("\r", "\\r")
    return f'"{escaped}"'


@dataclass(frozen=True)
class Row:
    iri: str
    headline: str
    published: str | None


class Site:
    """Reads for the pages and the representations of one store."""

    def __init__(self, source: Source, settings: Settings, page_size: int = 20) -> None:
        self.source = source
        self.settings = settings
        self.base = settings.base_uri
        self.page_size = page_size
        if source.modified is not None:  # a snapshot: nothing changes while we serve it
            for name in ("describe", "record", "articles", "mentions", "count"):
                method: Callable = getattr(self, name)
                setattr(self, name, functools.lru_cache(CACHE_SIZE)(method))

    def _triples(self, query: str) -> list[ox.Triple]:
        return list(dict.fromkeys(self.source.query(query)))

    def describe(self, iri: str) -> tuple[list[ox.Triple], str | None]:
        """What the store says about `iri` and the nodes it links to (their own graphs,
        two links deep: an article's agency, place and the region containing that place),
        and the kind of resource: ``article``, ``node`` or ``image``; no statements: None."""
        image = _IMAGE.fullmatch(iri)
        ref = iri_ref(iri)
        if image:
            triples = self._triples(
                f"CONSTRUCT {{ {ref} ?p ?o }} WHERE {{ GRAPH {iri_ref(image['article'])} "
                f"{{ {ref} ?p ?o }} }}")
            return triples, "image" if triples else None
        triples = self._triples(f"""CONSTRUCT {{ ?s ?p ?o }} WHERE {{
  {{ GRAPH {ref} {{ ?s ?p ?o }} }}
  UNION {{ GRAPH {ref} {{ ?x ?q ?n }} GRAPH ?n {{ ?s ?p ?o }} }}
  UNION {{ GRAPH {ref} {{ ?x ?q ?n }} GRAPH ?n {{ ?n ?r ?m }} GRAPH ?m {{ ?s ?p ?o }} }}
}}""")
        if not any(t.subject.value == iri for t in triples):
            return [], None
        article = ox.Triple(ox.NamedNode(iri), ox.NamedNode(RDF_TYPE),
                            ox.NamedNode(SCHEMA + "NewsArticle"))
        return triples, "article" if article in triples else "node"

    def record(self, iri: str) -> Article | None:
        """The article's record: as `load` kept it while the store's graph is still the
        one it was loaded as, else read back from the graph."""
        triples, kind = self.describe(iri)
        if kind != "article":
            return None
        if self.source.records is not None:
            kept = self.source.records.get(iri, graph_digest(iri, triples))
            if kept is not None:
                return kept
        return record_from_graph(iri, triples)

    def _rows(self, where: str, page: int, size: int | None = None) -> tuple[list[Row], bool]:
        """Articles matching `where` (over ?a), newest first, page `page`; and whether
        there are more. Dates sort by their text (date-times and dates together)."""
        size = size or self.page_size
        query = f"""{PREFIX}SELECT ?a (SAMPLE(?h) AS ?headline) (MAX(STR(?d)) AS ?published)
WHERE {{ ?a a schema:NewsArticle . OPTIONAL {{ ?a schema:headline ?h }}
  OPTIONAL {{ ?a schema:datePublished ?d }} {where} }}
GROUP BY ?a ORDER BY DESC(?published) ?a LIMIT {size + 1} OFFSET {(page - 1) * size}"""
        rows = [Row(s["a"].value,
                    s["headline"].value if s["headline"] else self._title(s["a"].value),
                    s["published"].value if s["published"] else None)
                for s in self.source.query(query)]
        return rows[:size], len(rows) > size

    def _title(self, iri: str) -> str:
        """The stand-in title of an article that prints no headline (its first words)."""
        record = self.record(iri)
        return title_of(record) if record is not None else iri

    def articles(self, page: int = 1, words: tuple[str, ...] = (),
                 size: int | None = None) -> tuple[list[Row], bool]:
        """The newest articles; with `words`, those whose headline or text holds every
        word (case-insensitive; a scan: Oxigraph has no full-text index)."""
        where = ""
        if words:
            where = "OPTIONAL { ?a schema:articleBody ?b } " \
                    'BIND(LCASE(CONCAT(COALESCE(?h, ""), " ", COALESCE(?b, ""))) AS ?text) ' \
                    + " ".join(
                        f"FILTER(CONTAINS(?text, {literal(w.lower())}))" for w in words)
        return self._rows(where, page, size)

    def mentions(self, iri: str, page: int = 1) -> tuple[list[Row], bool]:
        """The articles that link to `iri` (an agency, person, place, subject, image)."""
        return self._rows(f"?a ?link {iri_ref(iri)} .", page)

    def count(self) -> dict[str, int]:
        """Triples, articles and distinct subjects in the store (for VoID)."""
        query = f"""{PREFIX}SELECT (COUNT(*) AS ?triples) (COUNT(DISTINCT ?s) AS ?subjects)
  (SUM(IF(?p = <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> &&
          ?o = schema:NewsArticle, 1, 0)) AS ?articles)
WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"""
        solution = next(iter(self.source.query(query)))
        return {name: int(solution[name].value) for name in ("triples", "subjects", "articles")}

    def local(self, iri: str) -> str | None:
        """The path this server answers `iri` at (under the base), else None."""
        return "/" + iri[len(self.base):] if iri.startswith(self.base) else None
