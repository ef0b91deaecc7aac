"""Test helper: every RDF form of a record (JSON-LD, Turtle, N-Triples, N-Quads, TriG,
RDF/XML) checked by `validate`'s own parsers against the project's SHACL shapes."""

from __future__ import annotations

from exporter.checking import Options, check_bytes, shacl
from exporter.record import Article
from exporter.settings import Settings
from exporter.writers import MODULES, get

RDF_MODULES = ("exporter.writers.jsonld", "exporter.writers.rdf", "exporter.writers.rdf_text",
               "exporter.writers.rdf_xml")


def rdf_form_errors(record: Article, settings: Settings) -> dict[str, list[str]]:
    """The errors `validate` finds in each RDF form the writers give for `record`."""
    options = Options(shapes=(shacl.shapes("newsexport"),), only_schema=True)
    found: dict[str, list[str]] = {}
    for name, module in MODULES.items():
        form = get(name)
        if module not in RDF_MODULES or not form.render:
            continue
        data = form.render(record, settings)
        if data is not None:
            found[name] = [str(p) for c in check_bytes(data, f"a{form.extension}", options)
                           for p in c.problems if p.severity == "error"]
    return found
