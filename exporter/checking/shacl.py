"""SHACL shapes run with pyshacl (the ``shacl`` extra).

``newsexport`` names the shapes shipped in the package (``shapes/newsexport.ttl``): what
newsexport's own writers promise about a NewsArticle and the nodes it links to. Any
other name is a user's shapes file (Turtle, or any RDF format by its suffix).
"""

from __future__ import annotations

import functools
import json
from importlib import resources
from pathlib import Path

from rdflib import RDF, BNode, Graph, Namespace, URIRef
from rdflib.term import Node as RdfNode

from ..errors import InputError
from .detect import rdf_format
from .report import ERROR, WARNING, Problem

SHIPPED = "newsexport"
SH = Namespace("http://www.w3.org/ns/shacl#")
_SEVERITY = {SH.Violation: ERROR, SH.Warning: WARNING, SH.Info: WARNING}


def _pyshacl():  # type: ignore[no-untyped-def]
    try:
        import pyshacl
    except ImportError:
        raise InputError("SHACL needs pyshacl: pip install 'newsexport[shacl]'",
                         field="--shapes") from None
    return pyshacl


@functools.cache
def shapes(name: str) -> Graph:
    """The shipped shapes (`name` "newsexport") or a user's shapes file."""
    if name == SHIPPED:
        text = resources.files("exporter.checking").joinpath("shapes", "newsexport.ttl")
        return Graph(bind_namespaces="none").parse(data=text.read_text(encoding="utf-8"),
                                                   format="turtle")
    path = Path(name)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=name,
                         field="--shapes") from None
    try:
        return Graph(bind_namespaces="none").parse(data=data, format=rdf_format(path.name))
    except Exception as exc:  # rdflib's parsers raise their own types
        raise InputError(f"not RDF shapes: {exc}", source=name, field="--shapes") from None


def check(data: Graph, shapes_graph: Graph) -> list[Problem]:
    """Each SHACL result as a problem at its focus node and path, naming its shape."""
    _, results, _ = _pyshacl().validate(data, shacl_graph=shapes_graph, inference="none",
                                        advanced=True, allow_warnings=True)
    problems = []
    for result in results.subjects(RDF.type, SH.ValidationResult):
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        shape = results.value(result, SH.sourceShape)
        message = results.value(result, SH.resultMessage)
        value = results.value(result, SH.value)
        where = _name(focus, data) + (f".{_name(path, shapes_graph)}" if path is not None
                                      else "")
        text = str(message) if message is not None else "does not conform"
        if value is not None:
            text += f" (value {_name(value, data)})"
        component = str(results.value(result, SH.sourceConstraintComponent) or "")
        rule = _name(shape, shapes_graph) if isinstance(shape, URIRef) else \
            component.rsplit("#", 1)[-1].removesuffix("ConstraintComponent")
        problems.append(Problem(_SEVERITY.get(results.value(result, SH.resultSeverity), ERROR),
                                f"shacl/{rule}", text, where))
    return sorted(problems, key=lambda p: (p.path, p.rule, p.message))


def _name(term: RdfNode | None, graph: Graph) -> str:
    if term is None:
        return ""
    if isinstance(term, URIRef):
        try:
            return graph.namespace_manager.normalizeUri(term)
        except Exception:  # a term no prefix fits
            return f"<{term}>"
    if isinstance(term, BNode):
        return f"_:{term}"
    return json.dumps(str(term), ensure_ascii=False)
