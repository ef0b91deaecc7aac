"""Derive the compact schema.org index that ``validate`` ships from a schema.org release.

    python -m exporter.checking.build_vocab SCHEMAORG.ttl [CONTEXT.jsonld] -o INDEX.json

The release files are not copied into the package: this keeps only what the checker
needs (each class's direct superclasses, the data types, each property's domains and
ranges, enumeration members, pending and superseded terms, and the prefixes of the
JSON-LD context), sorted, so the same release always gives the same bytes.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

import click
from rdflib import RDF, RDFS, Graph, Namespace, URIRef
from rdflib.term import Node

from ..atomic import write_atomic

SDO = Namespace("https://schema.org/")
_PENDING = URIRef("https://pending.schema.org")
_VERSION = URIRef("https://schema.org/version")


def index(vocab: Graph, context: dict | None = None, release: str | None = None,
          source: str = "") -> dict:
    """The index of the schema.org vocabulary in `vocab` (https:// IRIs, as released)."""

    def name(term: Node) -> str | None:
        return str(term)[len(SDO):] if str(term).startswith(str(SDO)) else None

    classes = {n for c in vocab.subjects(RDF.type, RDFS.Class) if (n := name(c))}
    parents: dict[str, set[str]] = {c: set() for c in classes}
    for child, parent in vocab.subject_objects(RDFS.subClassOf):
        if name(child) in parents and name(parent) in classes:
            parents[name(child)].add(name(parent))
    properties = {
        n: [sorted(filter(None, map(name, vocab.objects(p, SDO.domainIncludes)))),
            sorted(filter(None, map(name, vocab.objects(p, SDO.rangeIncludes))))]
        for p in vocab.subjects(RDF.type, RDF.Property) if (n := name(p))}
    instances: dict[str, set[str]] = {}
    for member, cls in vocab.subject_objects(RDF.type):
        if name(member) and name(cls) in classes and cls != SDO.DataType:
            instances.setdefault(name(member), set()).add(name(cls))
    prefixes = {k: v for k, v in ((context or {}).get("@context") or {}).items()
                if isinstance(v, str) and not k.startswith("@") and not v.startswith("@")}
    return {
        "release": release,
        "source": source,
        "classes": {c: sorted(parents[c]) for c in sorted(classes)},
        "datatype_roots": sorted(filter(None, map(name, vocab.subjects(RDF.type,
                                                                       SDO.DataType)))),
        "properties": dict(sorted(properties.items())),
        "instances": {m: sorted(c) for m, c in sorted(instances.items())},
        "pending": sorted(filter(None, map(name, vocab.subjects(SDO.isPartOf, _PENDING)))),
        "superseded": sorted(filter(None, map(name, vocab.subjects(SDO.supersededBy, None)))),
        "prefixes": dict(sorted(prefixes.items())),
    }


def release_index(vocabulary: Path, context: Path | None, release: str | None) -> dict:
    """The index of a release's files, naming the vocabulary file and its SHA-256."""
    data = vocabulary.read_bytes()
    graph = Graph().parse(data=data, format="turtle")
    ctx = json.loads(context.read_text(encoding="utf-8")) if context else None
    digest = hashlib.sha256(data).hexdigest()
    return index(graph, ctx, release, f"{vocabulary.name} sha256:{digest}")


def dumps(found: dict) -> str:
    """JSON with one class, property or member per line: a new release diffs by term."""
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in found.items():
        if isinstance(value, dict) and value:
            body = ",\n".join(f"  {one(k)}: {one(v)}" for k, v in value.items())
            parts.append(f"{one(key)}: {{\n{body}\n}}")
        else:
            parts.append(f"{one(key)}: {one(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


@click.command()
@click.argument("vocabulary", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("context", required=False,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True)
@click.option("--release", help="The release's version, e.g. 30.0.")
def main(vocabulary: Path, context: Path | None, output: Path, release: str | None) -> None:
    """Write the index of a schema.org release (its Turtle file, and its JSON-LD context
    for the prefixes) to OUTPUT."""
    found = release_index(vocabulary, context, release)
    write_atomic(output, dumps(found).encode())
    click.echo(f"{output}: {len(found['classes'])} classes, {len(found['properties'])} "
               "properties", err=True)


if __name__ == "__main__":
    sys.exit(main())
