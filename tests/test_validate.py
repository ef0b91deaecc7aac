"""`validate` on anyone's structured data: each check catches a broken input; newsexport's own
outputs (seed, 1,000 Reuters stories, IPTC's examples read back) give no error; real pages
never break it."""

from __future__ import annotations

import copy
import gzip
import hashlib
import json
import socket
import subprocess
import sys
import warnings
from pathlib import Path

import pytest

from exporter.checking import Options, check_bytes, shacl
from exporter.checking.report import Problem
from exporter.checking.vocabulary import Vocabulary
from exporter.errors import InputError
from exporter.readers import newsml as newsml_reader
from exporter.readers import ninjs as ninjs_reader
from exporter.readers import reuters
from exporter.record import Article, ReadContext
from exporter.settings import Publisher, Settings
from exporter.writers import get
from tests.conftest import SCHEMAORG, SEED

DAILY = Settings(publisher=Publisher("Example Daily", "https://daily.example/",
                                     "https://daily.example/logo.png"))
OWN = Options(shapes=(shacl.shapes("newsexport"),), only_schema=True)
ARTICLE = {
    "@context": "https://schema.org",
    "@type": "NewsArticle",
    "@id": "https://news.example/a/1",
    "headline": "Minister vows no concession",
    "image": ["https://img.example/a.jpg"],
    "author": [{"@type": "Person", "name": "Wei Fenghe", "url": "https://news.example/wei"}],
    "publisher": {"@type": "Organization", "name": "Example Daily",
                  "logo": {"@type": "ImageObject", "url": "https://news.example/logo.png"}},
    "datePublished": "2021-07-29T09:19:00+08:00",
    "dateModified": "2021-07-29T10:00:00+08:00",
    "dateline": "DUSHANBE, July 28 (Xinhua) --",
    "wordCount": 527,
}


def problems(data: bytes | str | dict | list, name: str = "doc.jsonld",
             options: Options | None = None) -> list[Problem]:
    if isinstance(data, str):
        data = data.encode()
    elif not isinstance(data, bytes):
        data = json.dumps(data).encode()
    return [p for c in check_bytes(data, name, options or Options()) for p in c.problems]


def rules(found: list[Problem], severity: str | None = None) -> list[str]:
    return sorted(p.rule for p in found if severity in (None, p.severity))


def errors(found: list[Problem]) -> list[str]:
    return [str(p) for p in found if p.severity == "error"]


def broken(**changes: object) -> dict:
    article = copy.deepcopy(ARTICLE)
    for key, value in changes.items():
        if value is None:
            article.pop(key)
        else:
            article[key] = value
    return article


def test_a_good_article_has_no_problem() -> None:
    assert problems(ARTICLE) == []


# --- schema.org vocabulary ---------------------------------------------------------------

@pytest.mark.parametrize(("changes", "rule", "path"), [
    ({"@type": "Newsarticle"}, "schema.org/unknown-class", "$"),
    ({"headlineText": "x"}, "schema.org/unknown-property", "$.headlineText"),
    ({"author": [{"@type": "Place", "name": "Dushanbe"}]}, "schema.org/range", "$.author[0]"),
    ({"wordCount": "527 words"}, "schema.org/range", "$.wordCount"),
    ({"datePublished": "yesterday"}, "schema.org/range", "$.datePublished"),
    ({"publisher": {"@type": "Organization", "name": "D", "dateline": "x"}},
     "schema.org/domain", "$.publisher.dateline"),
])
def test_vocabulary_errors_name_their_json_path(changes: dict, rule: str, path: str) -> None:
    found = [p for p in problems(broken(**changes), options=Options(google=False))]
    assert [(p.rule, p.path, p.severity) for p in found] == [(rule, path, "error")]


def test_text_for_an_entity_is_a_warning_and_does_not_fail() -> None:
    found = problems(broken(author="Wei Fenghe"), options=Options(google=False))
    assert [(p.rule, p.severity) for p in found] == [("schema.org/text-for-entity", "warning")]


def test_another_vocabulary_file(shared: Path) -> None:
    """--vocabulary FILE: schema.org's own Turtle gives what the shipped index gives."""
    vocab = Vocabulary.load(shared / SCHEMAORG)
    doc = broken(headlineText="x")
    assert problems(doc, options=Options(vocab=vocab)) == problems(doc)


# --- Google's Article rules ------------------------------------------------------------------

@pytest.mark.parametrize(("changes", "expected"), [
    ({"headline": None}, [("google-article/headline", "warning")]),
    ({"headline": " "}, [("google-article/headline", "error")]),
    ({"image": None}, [("google-article/image", "warning")]),
    ({"image": ["/img/a.jpg"]}, [("google-article/image", "error")]),
    ({"image": {"@type": "ImageObject", "url": "data:image/png;base64,AA"}},
     [("google-article/image", "error")]),
    ({"author": [{"@type": "Person", "url": "https://news.example/wei"}]},
     [("google-article/author.name", "error")]),
    ({"author": [{"@type": "Person", "name": "Wei Fenghe"}]},
     [("google-article/author.url", "warning")]),
    ({"author": [{"@type": "Thing", "name": "Wei", "url": "https://news.example/wei"}]},
     [("google-article/author.type", "warning"), ("schema.org/range", "error")]),
    ({"datePublished": "July 29, 2021"},
     [("google-article/datePublished", "error"), ("schema.org/range", "error")]),
    ({"datePublished": "2021-07-29T09:19:00"},
     [("google-article/datePublished.timezone", "warning")]),
    ({"dateModified": "2021-07-28T23:00:00Z"}, [("google-article/dateModified", "error")]),
    ({"publisher": {"@type": "Organization"}}, [("google-article/publisher.name", "error")]),
    ({"publisher": None}, [("google-article/publisher", "warning")]),
])
def test_google_article_rules(changes: dict, expected: list[tuple[str, str]]) -> None:
    assert sorted((p.rule, p.severity) for p in problems(broken(**changes))) == expected


def test_the_google_profile_can_be_turned_off_and_applies_to_articles_only() -> None:
    assert problems(broken(headline=None), options=Options(google=False)) == []
    person = {"@context": "https://schema.org", "@type": "Person", "name": "Wei"}
    assert problems(person) == []


# --- JSON-LD reading -------------------------------------------------------------------------

def test_a_remote_context_is_never_fetched_but_reported() -> None:
    doc = broken(**{"@context": "https://example.org/context.jsonld"})
    assert [(p.rule, p.severity) for p in problems(doc)] == [("jsonld/remote-context", "error")]


@pytest.mark.usefixtures("offline")
@pytest.mark.parametrize("context", [
    ["https://schema.org", {"x": {"@id": "schema:x", "@context": "https://evil.example/c"}}],
    {"@import": "https://evil.example/c", "@vocab": "http://schema.org/"},
    "context.jsonld",
])
def test_no_context_is_fetched_however_it_is_named(context: object) -> None:
    assert rules(problems(broken(**{"@context": context}))) == ["jsonld/remote-context"]


def test_no_context_is_an_error_and_read_as_schema_org() -> None:
    doc = broken(**{"@context": None, "headlineText": "x"})
    assert rules(problems(doc)) == ["jsonld/context", "schema.org/unknown-property"]


def test_a_context_with_term_definitions_is_expanded_offline() -> None:
    doc = broken(**{"@context": ["https://schema.org", {"title": {"@id": "schema:headline"}}],
                    "title": "Another", "wordCount": "many"})
    found = problems(doc, options=Options(google=False))
    assert [(p.rule, p.path) for p in found] == [
        ("schema.org/range", "<https://news.example/a/1>.wordCount")]


def test_problems_in_a_pretty_printed_file_are_placed_on_their_lines() -> None:
    text = json.dumps(broken(wordCount="many"), indent=2)
    [problem] = problems(text)
    assert text.splitlines()[problem.line - 1].strip() == '"wordCount": "many"'
    array = json.dumps([ARTICLE, broken(wordCount="many")], indent=1)
    [problem] = problems(array, "all.json")
    assert (problem.path, array.splitlines()[problem.line - 1].strip()) == (
        "$.wordCount", '"wordCount": "many"')


def test_reverse_properties_are_expanded_and_checked() -> None:
    doc = {"@context": "https://schema.org", "@type": "Person", "@id": "https://p.example/w",
           "name": "Wei", "@reverse": {"author": broken(wordCount="many", **{"@context": None})}}
    assert sorted((p.rule, p.term) for p in problems(doc)) == [
        ("google-article/author.url", ""),  # the article's author is Wei, without a url
        ("schema.org/range", "wordCount")]


def test_a_deeply_nested_document_is_one_error() -> None:
    depth = 600  # json reads it; the walker would need more frames than Python gives
    text = '{"@context": "https://schema.org", "@type": "Thing", "about": ' * depth + \
        "1" + "}" * depth
    assert rules(problems(text)) == ["jsonld/depth"]


def test_nodes_in_a_graph_are_joined_by_id() -> None:
    doc = {"@context": "https://schema.org", "@graph": [
        broken(**{"@context": None, "author": {"@id": "https://news.example/wei"}}),
        {"@id": "https://news.example/wei", "@type": "Person", "name": "Wei"}]}
    assert [(p.rule, p.path) for p in problems(doc)] == [
        ("google-article/author.url", "$.@graph[0].author")]


# --- pages: JSON-LD, microdata, RDFa -----------------------------------------------------------

PAGE = """<!DOCTYPE html>
<html><head><title>t</title>
<script type="application/ld+json">{json}</script>
<script type="application/ld+json">{{"@context": "https://schema.org", "@type": </script>
</head><body>
<div itemscope itemtype="https://schema.org/NewsArticle">
  <h1 itemprop="headline">Microdata headline</h1>
  <span itemprop="author" itemscope itemtype="https://schema.org/Person">
    <span itemprop="nme">Wei</span></span>
</div>
<div vocab="https://schema.org/" typeof="Person"><span property="jobTitl">Editor</span></div>
</body></html>
"""


def test_a_page_has_its_json_ld_microdata_and_rdfa_checked() -> None:
    page = PAGE.format(json=json.dumps(broken(wordCount="many"))).encode()
    found = problems(page, "page.html")
    located = {(p.rule, p.line, p.path) for p in found if p.severity == "error"}
    assert ("schema.org/range", 3, "$.wordCount") in located
    assert ("jsonld/json", 4, "$") in located
    assert ("schema.org/unknown-property", 8, "microdata[0].author.nme") in located
    assert any(p.rule == "schema.org/unknown-property" and p.term == "jobTitl" for p in found)
    assert [p.at("page.html") for p in problems(gzip.compress(page), "page.html.gz")] == found


# --- RDF syntaxes --------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["turtle", "nt", "nquads", "trig", "xml"])
def test_rdf_syntaxes_are_recognised_and_checked(fmt: str) -> None:
    from rdflib import Dataset, Graph

    offline = broken(wordCount="many", **{"@context": Vocabulary.shipped().context})
    graph = Graph().parse(data=json.dumps(offline), format="json-ld")
    if fmt in ("nquads", "trig"):
        dataset = Dataset()
        named = dataset.graph("https://news.example/g")
        for triple in graph:
            named.add(triple)
        data = dataset.serialize(format=fmt).encode()
    else:
        data = graph.serialize(format=fmt).encode()
    found = problems(data, f"story.{ {'turtle': 'ttl', 'xml': 'rdf'}.get(fmt, fmt) }")
    assert [(p.rule, p.path) for p in found] == [
        ("schema.org/range", "<https://news.example/a/1>.wordCount")]


def test_shapes_hold_for_each_graph_of_a_dataset() -> None:
    """Two articles name one place differently: fine in two named graphs, not in one."""
    place = "<https://news.example/place/calif> <http://schema.org/name>"
    quads = "\n".join(f'{place} "{name}" <https://news.example/g/{graph}> .'
                      for name, graph in (("Calif.", 1), ("California", 2))) + "\n"
    options = Options(google=False, shapes=OWN.shapes)
    typed = '<https://news.example/place/calif> <http://www.w3.org/1999/02/22-rdf-syntax-ns#' \
        'type> <http://schema.org/Place> <https://news.example/g/{}> .\n'
    assert problems(quads + typed.format(1) + typed.format(2), "a.nq", options) == []
    merged = quads.replace("g/2", "g/1") + typed.format(1)
    assert rules(problems(merged, "a.nq", options)) == ["shacl/MaxCount"]


def test_broken_rdf_is_one_error_and_prose_is_no_rdf() -> None:
    assert rules(problems(b"@prefix s: <http://schema.org/> .\n<a> s:name ", "x.ttl")) == [
        "rdf/syntax"]
    assert rules(problems(SEED.read_bytes(), SEED.name)) == ["validate/input"]


def test_relative_iris_resolve_the_same_on_every_machine() -> None:
    turtle = b'@prefix s: <http://schema.org/> .\n<a> a s:Thing ; s:nme "x" .\n'
    [problem] = problems(turtle, "a.ttl")
    assert problem.path == "<file:///a>.nme" and problem.line == 2


# --- SHACL -----------------------------------------------------------------------------------

def test_the_shipped_shapes_catch_what_newsexport_promises() -> None:
    doc = broken(headline=["One", "Two"], identifier="not hex")
    found = problems(doc, options=Options(google=False, shapes=OWN.shapes))
    assert {(p.rule, p.path) for p in found} >= {
        ("shacl/MaxCount", "<https://news.example/a/1>.schema:headline"),
        ("shacl/Pattern", "<https://news.example/a/1>.schema:identifier"),
        ("shacl/nx:Agent", "_:b1")}
    assert any(p.rule == "shacl/MinCount" and p.path.endswith("isBasedOn") for p in found)


def test_a_users_shapes_file(tmp_path: Path) -> None:
    shapes = tmp_path / "shapes.ttl"
    shapes.write_text("""@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix schema: <http://schema.org/> .
<urn:x:NeedsSection> a sh:NodeShape ; sh:targetClass schema:NewsArticle ;
    sh:property [ sh:path schema:articleSection ; sh:minCount 1 ;
                  sh:severity sh:Warning ; sh:message "give a section" ] .
""", encoding="utf-8")
    found = problems(ARTICLE, options=Options(shapes=(shacl.shapes(str(shapes)),)))
    assert [(p.rule, p.severity, p.message) for p in found] == [
        ("shacl/MinCount", "warning", "give a section")]
    with pytest.raises(InputError, match="cannot read"):
        shacl.shapes(str(tmp_path / "missing.ttl"))


# --- NewsML-G2 and ninjs ---------------------------------------------------------------------

ITEM = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid="urn:newsml:example.com:1"
    version="1" standard="NewsML-G2" standardversion="2.35" conformance="power">
  <catalogRef href="http://www.iptc.org/std/catalog/catalog.IPTC-G2-Standards_41.xml"/>
  <itemMeta>
    <itemClass qcode="ninat:text"/>
    <provider qcode="nprov:EXAMPLE"/>
    <versionCreated>2021-07-29T09:19:00+08:00</versionCreated>
  </itemMeta>
  <contentMeta>
    <subject qcode="medtop:11000000"/>
  </contentMeta>
</newsItem>
"""


def test_a_good_newsml_item_without_standards_says_the_xsd_check_is_skipped() -> None:
    found = problems(ITEM.encode(), "item.xml")
    assert [(p.rule, p.severity) for p in found] == [("newsml-g2/xsd-skipped", "warning")]


@pytest.mark.parametrize(("old", "new", "rule", "line"), [
    ('guid="urn:newsml:example.com:1"', "", "newsml-g2/guid", 3),  # lxml: where the tag ends
    ('version="1" ', "", "newsml-g2/version", 3),
    ("09:19:00+08:00", "09:19:00", "newsml-g2/date-offset", 8),
    ('"medtop:11000000"', '"mediatopic:11000000"', "newsml-g2/qcode-scheme", 11),
    ('"medtop:11000000"', '"11000000"', "newsml-g2/qcode", 11),
])
def test_newsml_semantic_checks(old: str, new: str, rule: str, line: int) -> None:
    found = problems(ITEM.replace(old, new).encode(), "item.xml")
    assert [(p.rule, p.line) for p in found if p.severity == "error"] == [(rule, line)]


def test_a_catalog_not_available_offline_is_a_warning_and_its_schemes_unchecked() -> None:
    item = ITEM.replace('catalog.IPTC-G2-Standards_41.xml"/>', 'catalog.IPTC-G2-Standards_41'
                        '.xml"/>\n  <catalogRef href="http://cv.example/agency-catalog.xml"/>')
    item = item.replace('"medtop:11000000"', '"agency:sports"')
    assert rules(problems(item.encode(), "item.xml")) == ["newsml-g2/catalog",
                                                          "newsml-g2/xsd-skipped"]


def test_newsml_against_the_official_xsd(shared: Path) -> None:
    options = Options(standards=shared / "standards")
    assert problems(ITEM.encode(), "item.xml", options) == []
    found = problems(ITEM.replace("<itemClass", "<itemKlass").encode(), "item.xml", options)
    assert {(p.rule, p.line) for p in found} == {("newsml-g2/xsd", 6)}


def test_ninjs_by_declared_version(shared: Path) -> None:
    options = Options(standards=shared / "standards")
    example = shared / "standards/ninjs/examples/3.1/004_simple_text_article.json"
    document = json.loads(example.read_text(encoding="utf-8"))
    assert errors(problems(document, "a.json", options)) == []
    bad = dict(document, type=3, versionCreated="2021-07-29T09:19:00")
    found = problems(bad, "a.json", options)
    assert {p.rule for p in found if p.severity == "error"} == {"ninjs/schema",
                                                                "ninjs/date-offset"}
    assert [p.rule for p in problems(bad, "a.json") if p.rule.endswith("skipped")] == [
        "ninjs/schema-skipped"]
    unversioned = {k: v for k, v in document.items() if k not in ("$schema", "uri", "version")}
    assert rules(problems(unversioned, "a.json", options)) == [
        "ninjs/schema", "ninjs/uri", "ninjs/version", "ninjs/version-missing"]


# --- newsexport's own outputs ------------------------------------------------------------------

def _own_outputs(records: list[Article], standards: Path, shaped: int) -> list[Problem]:
    """Every writer's output for `records`, validated: articles one by one in JSON-LD (the
    first `shaped` with the shipped shapes too, which hold for one article's graph) and ninjs,
    the whole batch in N-Quads and as a newsMessage."""
    options = Options(standards=standards, only_schema=True)
    found: list[Problem] = []
    for i, record in enumerate(records):
        jsonld = get("jsonld").render(record, DAILY)
        found += problems(jsonld, f"{record['id']}.jsonld", OWN if i < shaped else options)
        for name in ("ninjs", "ninjs3"):
            found += problems(get(name).render(record, DAILY), f"{record['id']}.{name}", options)
    nquads = get("nquads").bundle
    data = nquads.head(DAILY) + b"".join(nquads.item(r, DAILY) for r in records) + \
        nquads.tail(DAILY)
    # the shipped shapes run on each named graph: one article's, however many articles
    found += problems(data, "all.nq", OWN if shaped >= len(records) else options)
    found += problems(get("newsml").feed(records, DAILY), "all.xml", options)
    return found


def test_the_seed_in_every_format_gives_no_error(tmp_path: Path, shared: Path) -> None:
    out = tmp_path / "out"
    result = subprocess.run([sys.executable, "-m", "exporter", "export", str(SEED), "--to",
                             "all", "-o", str(out), "--publisher-name", "Example Daily"],
                            capture_output=True, timeout=300)
    assert result.returncode == 0, result.stderr
    result = subprocess.run([sys.executable, "-m", "exporter", "validate", str(out),
                             "--shapes", "newsexport", "--standards",
                             str(shared / "standards")], capture_output=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    summary = result.stderr.decode()
    # every document but the Atom and RSS feeds (no news sitemap: the seed has no URL)
    written = sum(1 for f in out.rglob("*") if f.is_file() and f.parent.name not in
                  ("atom", "rss"))
    assert f"{written} document(s) checked" in summary and " 0 error(s)" in summary


def test_1000_reuters_stories_give_no_error(shared: Path) -> None:
    records: list[Article] = []
    for name in ("reut2-000.sgm", "reut2-001.sgm"):
        data = (shared / "corpora/reuters21578" / name).read_bytes()
        ctx = ReadContext(name, hashlib.sha256(data).hexdigest())
        records += [r for r in reuters.read(data, ctx) if not isinstance(r, InputError)]
    assert len(records) >= 1000
    assert errors(_own_outputs(records[:1000], shared / "standards", 100)) == []


def test_iptc_examples_read_back_give_no_error(shared: Path) -> None:
    standards = shared / "standards"
    paths = [*sorted((standards / "newsml-g2/examples").glob("*.xml")),
             standards / "newsml-g2/local-minimal-text-newsItem.xml",
             *sorted((standards / "ninjs/examples").glob("*/*.json"))]
    records = []
    for path in paths:
        module = newsml_reader if path.suffix == ".xml" else ninjs_reader
        ctx = ReadContext(path.name, hashlib.sha256(path.read_bytes()).hexdigest())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # subjects without a QCode are left out
            records += [r for r in module.read(path.read_bytes(), ctx)
                        if not isinstance(r, InputError)]
        # IPTC's own files too: no error but what IPTC's catalogs cannot tell offline
        assert errors(problems(path.read_bytes(), path.name, Options(standards=standards))) \
            == [], path.name
    assert len(records) == len(paths)
    # One story in ninjs 2.2 and 3.1 is one article IRI.
    unique = list({r["iri"]: r for r in records}.values())
    found = [p for p in _own_outputs(unique, standards, len(unique)) if p.severity == "error"]
    # The NewsML-G2 writer keeps only QCodes whose scheme a referenced catalog defines
    # (issue 12), so the examples' Getty and sports subjects give no error here either.
    assert [str(p) for p in found] == []


# --- real pages ------------------------------------------------------------------------------

@pytest.fixture
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any attempt to open a connection fails the test that uses this."""
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"validate tried the network: {args}")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.usefixtures("offline")
def test_real_pages_never_break_validate(shared: Path) -> None:
    corpora = shared / "corpora"
    pages = [*sorted((corpora / "article-extraction-benchmark/html").glob("*.html.gz")),
             *sorted((corpora / "newspaper4k-fixtures/html").glob("*.html"))]
    assert len(pages) == 211
    internal = [str(p) for page in pages for p in problems(page.read_bytes(), page.name)
                if p.rule == "validate/internal"]
    assert internal == []


# --- the command ------------------------------------------------------------------------------

def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", "validate", *args],
                          capture_output=True, timeout=300)


def test_the_command_lines_json_exit_codes_and_strict(tmp_path: Path) -> None:
    good, warned, bad = (tmp_path / n for n in ("good.jsonld", "warned.jsonld", "bad.jsonld"))
    good.write_text(json.dumps(ARTICLE), encoding="utf-8")
    warned.write_text(json.dumps(broken(image=None)), encoding="utf-8")
    bad.write_text(json.dumps(broken(wordCount="many")), encoding="utf-8")
    assert run(str(good)).returncode == 0
    result = run(str(warned))
    assert result.returncode == 0
    assert result.stderr.decode().splitlines() == [
        f"{warned}:1: $: warning: no image (recommended) (google-article/image)",
        "1 document(s) checked (json-ld: 1): 0 error(s), 1 warning(s)"]
    assert run(str(warned), "--strict").returncode == 1
    assert run(str(warned), "--profile", "none", "--strict").returncode == 0
    result = run(str(tmp_path), "--format", "json")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(Path(r["file"]).name, r["rule"], r["severity"]) for r in rows] == [
        ("bad.jsonld", "schema.org/range", "error"),
        ("warned.jsonld", "google-article/image", "warning")]
    assert rows[0]["path"] == "$.wordCount" and rows[0]["term"] == "wordCount"


def test_the_command_reads_another_vocabulary_and_refuses_a_bad_one(tmp_path: Path,
                                                                   shared: Path) -> None:
    doc = tmp_path / "a.jsonld"
    doc.write_text(json.dumps(broken(headlineText="x")), encoding="utf-8")
    result = run(str(doc), "--vocabulary", str(shared / SCHEMAORG))
    assert result.returncode == 1 and b"(schema.org/unknown-property)" in result.stderr
    junk = tmp_path / "junk.json"
    junk.write_text("{}", encoding="utf-8")
    result = run(str(doc), "--vocabulary", str(junk))
    assert result.returncode == 1
    assert result.stderr.decode().startswith(f"newsexport: {junk}: not a schema.org vocabulary")
    assert b"Traceback" not in result.stderr


def test_unreadable_inputs_are_one_line_each(tmp_path: Path) -> None:
    (tmp_path / "empty.json").write_bytes(b"")
    (tmp_path / "list.json").write_text("[1, 2]", encoding="utf-8")
    (tmp_path / "broken.json").write_text('{"@context": ', encoding="utf-8")
    result = run(str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert [line.rsplit("(", 1)[-1] for line in lines[:-1]] == [
        "validate/json)", "validate/input)", "validate/input)", "validate/input)"]


def test_a_standards_folder_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    doc = tmp_path / "a.jsonld"
    doc.write_text(json.dumps(ARTICLE), encoding="utf-8")
    result = run(str(doc), "--standards", str(tmp_path / "nowhere"))
    assert result.returncode == 1
    assert result.stderr.decode() == f"newsexport: --standards: no such folder: " \
        f"{tmp_path / 'nowhere'}\n"


def test_a_file_that_cannot_be_read_is_a_problem_in_json_too(tmp_path: Path) -> None:
    missing = tmp_path / "missing.jsonld"
    result = run(str(missing), "--format", "json")
    assert result.returncode == 1
    rows = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert [(r["file"], r["rule"], r["severity"]) for r in rows] == [
        (str(missing), "validate/input", "error")]
    assert "cannot read" in rows[0]["message"]


def test_inputs_with_nothing_to_check_say_why_they_fail(tmp_path: Path) -> None:
    (tmp_path / "story.txt").write_text("Headline\n\nBody.\n", encoding="utf-8")
    result = run(str(tmp_path))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith(f"newsexport: no file to check in {tmp_path} ")
    assert lines[1] == "0 document(s) checked (none): 0 error(s), 0 warning(s)"


def test_json_deeper_than_the_parser_reads_is_one_error_and_the_batch_goes_on(
        tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    (tmp_path / "a.json").write_text(deep, encoding="utf-8")
    (tmp_path / "b.html").write_text(
        '<!DOCTYPE html><html><head><script type="application/ld+json">' + deep
        + "</script></head><body><h1>x</h1></body></html>", encoding="utf-8")
    (tmp_path / "c.jsonld").write_text(json.dumps(ARTICLE), encoding="utf-8")
    result = run(str(tmp_path))
    assert result.returncode == 1
    assert b"Traceback" not in result.stderr and b"internal" not in result.stderr
    assert result.stderr.decode().splitlines() == [
        f"{tmp_path / 'a.json'}:1: $: error: invalid JSON: nested too deeply (validate/input)",
        f"{tmp_path / 'b.html'}:1: $: error: the JSON-LD script is nested too deeply to read: "
        "not checked (jsonld/depth)",
        "3 document(s) checked (html: 1, json-ld: 1, unreadable: 1): 2 error(s), 0 warning(s)"]


@pytest.mark.parametrize(("published", "modified", "before"), [
    ("2021-07-29T09:19:00", "2021-07-29", False),  # a date is the whole day
    ("2021-07-29", "2021-07-29T08:00:00", False),
    ("2021-07-29T09:19:00", "2021-07-28", True),
    ("2021-07-29T09:19:00", "2021-07-29T09:00:00", True),
])
def test_a_date_without_a_time_is_before_only_an_earlier_day(published: str, modified: str,
                                                             before: bool) -> None:
    found = problems(broken(datePublished=published, dateModified=modified))
    assert ("google-article/dateModified" in rules(found, "error")) is before
