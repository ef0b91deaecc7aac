"""`load` and `query` as a user runs them, on the embedded store and on a real server."""

from __future__ import annotations

import json
import os
import pty
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from exporter.querying import table
from exporter.settings import Settings
from exporter.writers import get
from tests.conftest import ROOT, SEED
from tests.storekit import OxigraphServer, seed_record

pytestmark = [pytest.mark.filterwarnings("ignore::exporter.writers.jsonld.NoPublisherWarning"),
              pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")]

# The README's example queries, word for word.
DUSHANBE_JULY_2021 = """\
PREFIX schema: <http://schema.org/>
# Articles datelined in Dushanbe in July 2021 (publication date as printed, local time)
SELECT ?published ?headline WHERE {
  ?article a schema:NewsArticle ;
           schema:locationCreated/schema:name "Dushanbe" ;
           schema:datePublished ?published ;
           schema:headline ?headline .
  FILTER(STRSTARTS(STR(?published), "2021-07"))
}
ORDER BY ?published
"""
PER_AGENCY_PER_MONTH = """\
PREFIX schema: <http://schema.org/>
# Articles per agency per month
SELECT ?agency ?month (COUNT(?article) AS ?articles) WHERE {
  ?article a schema:NewsArticle ;
           schema:sourceOrganization/schema:name ?agency ;
           schema:datePublished ?published .
  BIND(SUBSTR(STR(?published), 1, 7) AS ?month)
}
GROUP BY ?agency ?month
ORDER BY ?month ?agency
"""
PLACE_AND_AGENCY = ("SELECT ?place ?agency WHERE { ?a <http://schema.org/locationCreated>/"
                    "<http://schema.org/name> ?place ; <http://schema.org/sourceOrganization>/"
                    "<http://schema.org/name> ?agency }")
HEADLINE = "Chinese defense minister vows no concession in protecting national interests"


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], input=stdin, cwd=ROOT,
                          capture_output=True, timeout=60)


@pytest.fixture(scope="module")
def embedded(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The seed loaded into an embedded store: the options that query it."""
    store = tmp_path_factory.mktemp("embedded") / "store"
    loaded = run("load", str(SEED.parent), "--store", str(store))
    assert loaded.returncode == 0, loaded.stderr
    return ["--store", str(store)]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[str]]:
    """The seed loaded into a real Oxigraph server: the options that query it."""
    running = OxigraphServer(tmp_path_factory.mktemp("server") / "data").start()
    try:
        loaded = run("load", str(SEED.parent), "--endpoint", running.store)
        assert loaded.returncode == 0, loaded.stderr
        yield ["--endpoint", running.store]
    finally:
        running.stop()


@pytest.fixture(params=["embedded", "server"])
def target(request: pytest.FixtureRequest) -> list[str]:
    return request.getfixturevalue(request.param)


def query(target: list[str], *args: str) -> str:
    result = run("query", *args, *target)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""
    return result.stdout.decode()


def test_the_seed_dateline_place_and_agency(target: list[str]) -> None:
    assert query(target, PLACE_AND_AGENCY) == (
        "place     agency\n"
        "--------  ------\n"
        "Dushanbe  Xinhua\n"
        "(1 row)\n")
    assert query(target, PLACE_AND_AGENCY, "--format", "tsv") == (
        '?place\t?agency\n"Dushanbe"\t"Xinhua"\n')
    assert query(target, PLACE_AND_AGENCY, "--format", "csv") == (
        "place,agency\r\nDushanbe,Xinhua\r\n")
    assert json.loads(query(target, PLACE_AND_AGENCY, "--format", "json")) == {
        "head": {"vars": ["place", "agency"]},
        "results": {"bindings": [{"place": {"type": "literal", "value": "Dushanbe"},
                                  "agency": {"type": "literal", "value": "Xinhua"}}]}}


def test_the_readme_queries(target: list[str], tmp_path: Path) -> None:
    (tmp_path / "dushanbe.rq").write_text(DUSHANBE_JULY_2021, encoding="utf-8")
    assert query(target, "-f", str(tmp_path / "dushanbe.rq")) == (
        "published                  headline\n"
        "-------------------------  " + "-" * len(HEADLINE) + "\n"
        f"2021-07-29T09:19:00+08:00  {HEADLINE}\n"
        "(1 row)\n")
    (tmp_path / "agency.rq").write_text(PER_AGENCY_PER_MONTH, encoding="utf-8")
    assert query(target, "-f", str(tmp_path / "agency.rq"), "--format", "csv") == (
        "agency,month,articles\r\nXinhua,2021-07,1\r\n")
    moved = DUSHANBE_JULY_2021.replace("2021-07", "2021-08")
    assert query(target, moved) == "published  headline\n---------  --------\n(0 rows)\n"


def test_ask_construct_and_describe(target: list[str]) -> None:
    assert query(target, "ASK { ?a <http://schema.org/dateline> ?d }") == "true\n"
    assert query(target, "ASK { ?a <http://schema.org/dateline> 'x' }", "--format",
                 "json") == '{"head":{},"boolean":false}\n'
    place = "https://newsexport.example/place/dushanbe"
    described = query(target, f"DESCRIBE <{place}>")
    assert {(q.predicate.value, q.object.value)
            for q in ox.parse(described, format=ox.RdfFormat.TURTLE)} == {
        ("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", "http://schema.org/Place"),
        ("http://schema.org/name", "Dushanbe"),
        ("http://schema.org/sameAs", "https://sws.geonames.org/1221874/"),
        ("http://schema.org/geo", f"{place}/geo"),
        ("http://schema.org/address", f"{place}/address"),
        ("http://schema.org/containedInPlace", "https://newsexport.example/country/tj")}
    record = seed_record()
    constructed = query(target, "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    triples = {str(q.triple) for q in ox.parse(constructed, format=ox.RdfFormat.TURTLE)}
    rendered = get("nquads").render(record, Settings())
    assert triples == {str(q.triple) for q in ox.parse(rendered, format=ox.RdfFormat.N_QUADS)}


def test_a_syntax_error_is_one_line(target: list[str], tmp_path: Path) -> None:
    result = run("query", "SELECT ?x WHERE { ?x", *target)
    assert result.returncode == 1 and result.stdout == b""
    [line] = result.stderr.decode().splitlines()
    embedded = "newsexport: SPARQL syntax error at 1:"
    remote = f"newsexport: {target[-1].replace('/store', '/query')}: the server refused the " \
             "query: error at 1:"
    assert line.startswith(embedded if target[0] == "--store" else remote), line
    (tmp_path / "bad.rq").write_text("\nSELEC ?x", encoding="utf-8")
    result = run("query", "-f", str(tmp_path / "bad.rq"), *target)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    if target[0] == "--store":
        assert result.stderr.decode().startswith(f"newsexport: {tmp_path / 'bad.rq'}: SPARQL "
                                                 "syntax error at 2:")


def test_query_from_stdin_and_refusals(embedded: list[str], tmp_path: Path) -> None:
    result = run("query", "-f", "-", *embedded, stdin=b"ASK { ?s ?p ?o }")
    assert result.stdout == b"true\n"
    refusals = {
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", *embedded):
            "newsexport: the query calls another endpoint (SERVICE); pass --allow-service",
        ("CONSTRUCT WHERE { ?s ?p ?o }", "--format", "json", *embedded):
            "newsexport: CONSTRUCT and DESCRIBE print Turtle; --format is for SELECT and ASK",
        ("ASK {}", "--store", str(tmp_path / "none")):
            f"newsexport: {tmp_path / 'none'}: no store here; load articles first",
    }
    for args, message in refusals.items():
        result = run("query", *args)
        assert result.returncode == 1, args
        [line] = result.stderr.decode().splitlines()
        assert line.startswith(message), line
    # a string or a variable named service is no SERVICE call
    assert run("query", "SELECT ?service WHERE { BIND('SERVICE' AS ?service) }",
               *embedded).returncode == 0
    assert not (tmp_path / "none").exists()
    usage = run("query", "ASK {}", "-f", "q.rq", *embedded)
    assert usage.returncode == 2 and b"one of them" in usage.stderr


def test_load_reports_each_bad_input_and_loads_the_others(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.nq").write_bytes(b"_:b <http://x.example/p> \"1\" <http://x.example/g> .\n")
    (tmp_path / "graph.ttl").write_text("<http://x.example/a> <http://x.example/p> 1 .\n")
    store = tmp_path / "store"
    result = run("load", str(SEED), str(tmp_path / "empty.txt"), str(tmp_path / "blank.nq"),
                 str(tmp_path / "graph.ttl"), "--store", str(store))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0] == f"{tmp_path / 'empty.txt'}: empty file"
    assert lines[1].startswith(f"{tmp_path / 'blank.nq'}: graph <http://x.example/g> holds _:")
    assert lines[2].startswith(f"{tmp_path / 'graph.ttl'}: holds no named graph")
    assert lines[-1] == f"1 article(s) loaded into {store}"
    assert query(["--store", str(store)], PLACE_AND_AGENCY, "--format", "csv") == (
        "place,agency\r\nDushanbe,Xinhua\r\n")


def test_load_reads_nquads_and_articles_from_stdin(tmp_path: Path) -> None:
    nquads = get("nquads").render(seed_record(), Settings())
    from_nquads = run("load", "-", "--store", str(tmp_path / "a"), stdin=nquads)
    from_text = run("load", "-", "--store", str(tmp_path / "b"), stdin=SEED.read_bytes())
    for result in (from_nquads, from_text):
        assert result.returncode == 0, result.stderr
    stores = [{str(q) for q in ox.Store(str(tmp_path / n))} for n in "ab"]
    # the same article; only the input's name differs ("stdin" is not the seed's file name)
    assert len(stores[0]) == len(stores[1]) == 36
    assert stores[0] == stores[1]


def test_a_directory_of_nquads_loads_from_them_only(tmp_path: Path) -> None:
    """export -o DIR writes N-Quads and TriG beside JSON and XML files that are not
    articles: such a directory is loaded from its RDF datasets."""
    nquads, trig = get("nquads"), get("trig")
    (tmp_path / "out" / "nquads").mkdir(parents=True)
    (tmp_path / "out" / "trig").mkdir()
    (tmp_path / "out" / "nquads" / "all.nq").write_bytes(nquads.render(seed_record(), Settings()))
    (tmp_path / "out" / "trig" / "a.trig").write_bytes(trig.render(seed_record(), Settings()))
    (tmp_path / "out" / "rss.xml").write_text("<rss/>")
    result = run("load", str(tmp_path / "out"), "--store", str(tmp_path / "s"))
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().splitlines()[-1].startswith("2 article(s) loaded")
    assert len(ox.Store(str(tmp_path / "s"))) == 36


def test_a_progress_bar_only_on_a_terminal(tmp_path: Path) -> None:
    piped = run("load", str(SEED), "--store", str(tmp_path / "a"))
    assert b"loading" not in piped.stderr
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "exporter", "load", str(SEED), "--store",
             str(tmp_path / "b")], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower)
        assert process.wait(timeout=60) == 0
        shown = os.read(leader, 65536)
    finally:
        os.close(leader)
        os.close(follower)
    assert b"loading" in shown and b"1 article(s) loaded" in shown


def test_table_aligns_wide_characters_and_cuts_long_cells() -> None:
    text = table(["place", "n"], [["北京", "1"], ["Dushanbe\nTajikistan", "22"],
                                  ["x" * 100, ""]])
    assert text.splitlines() == [
        "place" + " " * 77 + "n",  # the cut cell is 80 columns wide, then two spaces
        "-" * 80 + "  " + "--",
        "北京" + " " * 78 + "1",  # two wide characters take four columns
        "Dushanbe\\nTajikistan" + " " * 62 + "22",
        "x" * 79 + "…",
        "(3 rows)"]
