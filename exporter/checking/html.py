"""The structured data embedded in an HTML page: JSON-LD scripts, microdata and RDFa.

JSON-LD scripts are found here (each with its line); microdata and RDFa are read by
extruct (the ``html`` extra), the standard reader of both. A page without that extra
still has its JSON-LD checked, and says in one line what was skipped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import lxml.html
from lxml import etree
from rdflib import Graph

from . import model
from .model import Document, Literal, Node
from .report import Problem, error, warning

_JSONLD = "application/ld+json"
_WRAPPERS = re.compile(r"^\s*(<!--|<!\[CDATA\[)|(-->|\]\]>)\s*$")


@dataclass
class Embedded:
    """One block of structured data in a page: JSON-LD (parsed JSON), or an extracted
    document, or a problem that kept a block from being read."""

    kind: str  # "json-ld", "microdata", "rdfa"
    line: int
    value: Any = None
    document: Document | None = None
    problem: Problem | None = None
    text: str = ""  # a JSON-LD script's text, which starts on `line`


def embedded(data: bytes) -> Iterator[Embedded]:
    try:
        tree = lxml.html.document_fromstring(data)
    except (etree.ParserError, ValueError) as exc:
        yield Embedded("html", 1, problem=error("html/syntax", f"not an HTML page: {exc}"))
        return
    for script in tree.iter("script"):
        if (script.get("type") or "").split(";")[0].strip().lower() != _JSONLD:
            continue
        # the wrappers old pages put around scripts become spaces: lines keep their numbers
        text = _WRAPPERS.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), script.text or "")
        line = script.sourceline or 1
        if not text.strip():
            yield Embedded("json-ld", line, problem=warning("jsonld/empty",
                                                             "an empty JSON-LD script"))
            continue
        try:
            yield Embedded("json-ld", line, value=json.loads(text), text=text)
        except json.JSONDecodeError as exc:
            yield Embedded("json-ld", line + exc.lineno - 1, problem=error(
                "jsonld/json", f"the JSON-LD script is not JSON: {exc.msg} "
                f"(line {exc.lineno}, column {exc.colno} of the script)"))
        except RecursionError:  # the JSON parser's own limit, about a thousand levels
            yield Embedded("json-ld", line, problem=error(
                "jsonld/depth", "the JSON-LD script is nested too deeply to read: not checked"))
    has_microdata = tree.xpath("boolean(//*[@itemscope])")
    has_rdfa = tree.xpath("boolean(//*[@typeof or @vocab])")
    if not (has_microdata or has_rdfa):
        return
    try:
        import extruct
    except ImportError:
        yield Embedded("html", 1, problem=warning(
            "html/extruct", "the page's microdata or RDFa is not checked: "
            "pip install 'newsexport[html]'"))
        return
    if has_microdata:
        items = extruct.extract(tree, syntaxes=["microdata"], errors="ignore",
                                return_html_node=True).get("microdata")
        if items is None:
            yield Embedded("microdata", 1, problem=warning(
                "html/microdata", "the page's microdata could not be read: not checked"))
        elif items:
            yield Embedded("microdata", 1, document=Document(
                [_item(item, f"microdata[{i}]") for i, item in enumerate(items)]))
    if has_rdfa:
        found = extruct.extract(data, syntaxes=["rdfa"], errors="ignore").get("rdfa")
        if found is None:
            yield Embedded("rdfa", 1, problem=warning(
                "html/rdfa", "the page's RDFa could not be read: not checked"))
        elif found:
            graph = Graph().parse(data=json.dumps(found), format="json-ld",
                                  publicID=model.BASE)
            yield Embedded("rdfa", 1, document=model.from_graph(graph))


def _item(item: dict, path: str) -> Node:
    """A microdata item as a node; its properties are terms of its type's vocabulary."""
    types = item.get("type") or []
    types = [types] if isinstance(types, str) else list(types)
    vocab = types[0].rsplit("/", 1)[0] + "/" if types and "/" in types[0] else ""
    element = item.get("htmlNode")
    line = getattr(element, "sourceline", None) or 1
    node = Node(item.get("id") or f"_:{path}", path, line, types=types, blank="id" not in item)
    for name, values in (item.get("properties") or {}).items():
        predicate = name if ":" in name else vocab + name
        for i, value in enumerate(values if isinstance(values, list) else [values]):
            at = f"{path}.{name}" + (f"[{i}]" if isinstance(values, list) else "")
            if isinstance(value, dict):
                node.values.append((predicate, _item(value, at), at))
            elif value is not None:
                node.values.append((predicate, Literal(str(value)), at))
    return node
