"""`newsexport serve` over a real store, checked with a real HTTP client (and a browser).

The store holds the seed, 300 Reuters-21578 stories and one hostile record; the server
is the real command (Uvicorn on a free port on 127.0.0.1). Every representation is held
to what `export` writes for the same record: the same graph for the RDF formats, the
same bytes for NewsML-G2 and ninjs.
"""

from __future__ import annotations

import csv
import http.server
import io
import json
import shutil
import socket
import subprocess
import sys
import threading
import warnings
from pathlib import Path
from typing import ClassVar

import feedparser
import httpx
import pyoxigraph as ox
import pytest
from lxml import etree, html
from rdflib import Dataset, Graph, URIRef

from exporter import writers
from exporter.errors import InputError
from exporter.record import Article, ReadContext, new_record
from exporter.serving.negotiation import choose
from exporter.serving.records import record_from_graph
from exporter.serving.site import Site
from exporter.serving.source import EmbeddedSource
from exporter.settings import Settings
from exporter.store import load_records, open_loader
from exporter.validation import first_error
from exporter.writers.feeds import atom_feed
from tests.conftest import GOLDEN, SEED
from tests.servekit import Server, corpus, load

SETTINGS = Settings()
RDF_PARSERS = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/rdf+xml": "xml", "application/ld+json": "json-ld",
               "application/trig": "trig"}
SUFFIXES = {".ttl": "text/turtle", ".nt": "application/n-triples",
            ".rdf": "application/rdf+xml", ".jsonld": "application/ld+json",
            ".trig": "application/trig", ".html": "text/html",
            ".xml": "application/vnd.iptc.g2.newsitem+xml", ".ninjs.json": "application/json"}
HOSTILE = '</script><script>alert("x")</script> & <b>bold</b> \u2028 end'


def hostile_record() -> Article:
    ctx = ReadContext("hostile.txt", "ab" * 32)
    return new_record(ctx, reader="test", headline=HOSTILE, source="Xinhua",
                      date_published="2020-01-02T03:04:05+08:00",
                      dateline={"text": "BEIJING, Jan. 2 (Xinhua) --", "place": "BEIJING",
                                "place_name": "Beijing", "region": None,
                                "date": "2020-01-02", "agency": "Xinhua"},
                      images=[("A <caption> & more", "Xinhua", None)],
                      summary=["<!-- not a comment -->"], body=[HOSTILE, "Second."])


def bylined_record() -> Article:
    """Two authors, two editors and two subjects, each pair out of alphabetical order:
    RDF keeps no order, the record kept beside the graph does."""
    ctx = ReadContext("bylined.txt", "cd" * 32)
    topic = "http://cv.iptc.org/newscodes/mediatopic/"
    return new_record(ctx, reader="test", headline="Two reporters file one story",
                      source="Xinhua", date_published="2020-01-01T10:00:00+00:00",
                      authors=[("Zhang San", "person"), ("Li Si", "person")],
                      editors=["Wu Wei", "Ai Bo"],
                      subjects=[{"qcode": "medtop:20000002", "name": "arts", "uri":
                                 topic + "20000002"},
                                {"qcode": "medtop:01000000", "name": "arts, culture",
                                 "uri": topic + "01000000"}],
                      body=["First paragraph.", "Second paragraph."],
                      meta_lines=["By Zhang San and Li Si"])


@pytest.fixture(scope="module")
def served(shared: Path, tmp_path_factory: pytest.TempPathFactory):
    records = [*corpus(shared), bylined_record(), hostile_record()]
    store = tmp_path_factory.mktemp("serve") / "store"
    load(records, store)
    server = Server("--store", str(store), "--query-limit", "5000", "--query-timeout", "3")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            yield client, records, store
    finally:
        server.stop()


def _export(record: Article, name: str) -> bytes:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return writers.get(name).render(record, SETTINGS)


def _graph(body: bytes, media_type: str, iri: str) -> set:
    """The triples of an RDF body (TriG: of the graph named `iri`)."""
    if media_type == "application/trig":
        dataset = Dataset()
        dataset.parse(data=body, format="trig")
        return set(dataset.graph(URIRef(iri)))
    return set(Graph().parse(data=body, format=RDF_PARSERS[media_type]))


def _expected(record: Article) -> set:
    return set(Graph().parse(data=_export(record, "turtle"), format="turtle"))


def _local(iri: str) -> str:
    return "/" + iri.removeprefix(SETTINGS.base_uri)


def _sample(records: list[Article]) -> list[Article]:
    """The seed, the hostile record and Reuters stories with a dateline and without."""
    stories = records[1:-2]
    with_place = [r for r in stories if r["dateline"] and r["dateline"]["place_iri"]][:3]
    without = [r for r in stories if not r["dateline"]][:1]
    return [records[0], records[-2], records[-1], *with_place, *without]


def test_every_type_and_suffix_of_an_article_is_what_export_gives(served) -> None:
    client, records, _ = served
    for record in _sample(records):
        path = _local(record["iri"])
        expected = _expected(record)
        for suffix, media_type in SUFFIXES.items():
            by_accept = client.get(path, headers={"Accept": media_type})
            by_suffix = client.get(path + suffix)
            for answer in (by_accept, by_suffix):
                assert answer.status_code == 200, (path, suffix, answer.text)
                assert answer.headers["content-type"].split(";")[0] == media_type
            assert by_accept.headers["vary"] == "Accept"
            assert by_accept.headers["content-location"] == path + suffix
            assert by_accept.content == by_suffix.content
            body = by_accept.content
            if media_type in RDF_PARSERS:
                assert _graph(body, media_type, record["iri"]) == expected, (path, suffix)
            elif suffix == ".xml":
                etree.fromstring(body)
                assert body == _export(record, "newsml")
            elif suffix == ".ninjs.json":
                assert json.loads(body)["uri"] == record["iri"]
                assert body == _export(record, "ninjs")
            else:
                _check_article_page(body, record)


def _check_article_page(body: bytes, record: Article) -> None:
    """The page shows the record, embeds export's JSON-LD, and runs nothing."""
    page = html.fromstring(body)
    assert page.findtext(".//h1") == record["headline"]
    scripts = page.xpath('//script[@type="application/ld+json"]')
    assert len(scripts) == 1
    assert json.loads(scripts[0].text) == json.loads(_export(record, "jsonld"))
    assert len(page.xpath("//script")) == 1  # nothing in the record became a script
    text = page.text_content()
    for paragraph in record["body"]:
        assert " ".join(paragraph.split()) in " ".join(text.split())
    for image in record["images"]:
        caption = page.xpath("//figcaption")[record["images"].index(image)]
        assert image["caption"] in caption.text_content()
        assert image["credit"] in caption.text_content()
    if record["dateline"]:
        assert page.findtext('.//span[@class="dateline"]') == record["dateline"]["text"]
    if record["authors"]:  # in the byline's order
        assert "By " + ", ".join(a["name"] for a in record["authors"]) in text
    hrefs = {a.get("href") for a in page.xpath('//nav[@class="formats"]//a')}
    path = _local(record["iri"])
    assert hrefs == {path + s for s in SUFFIXES if s != ".html"}


def test_the_hostile_record_is_escaped_everywhere(served) -> None:
    client, records, _ = served
    answer = client.get(_local(records[-1]["iri"]))
    assert "script-src" not in answer.headers["content-security-policy"]
    assert "default-src 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    body = answer.content
    assert b"<script>alert" not in body and b"<b>bold" not in body
    assert b"<caption>" not in body and b"<!-- not" not in body
    listing = client.get("/", params={"q": "bold"}).content
    assert b"<b>bold" not in listing
    assert html.fromstring(listing).xpath("//main//li/a")[0].text == HOSTILE


def test_shared_nodes_and_images_are_served_with_the_articles_naming_them(served) -> None:
    client, records, _ = served
    seed = records[0]
    expected = _expected(seed)
    for node in ("organization/xinhua", "place/dushanbe"):
        iri = SETTINGS.base_uri + node
        for suffix, media_type in SUFFIXES.items():
            answer = client.get("/" + node + suffix)
            if suffix in (".xml", ".ninjs.json"):  # articles only
                assert answer.status_code == 404
                continue
            assert answer.status_code == 200
            if media_type in RDF_PARSERS:
                served_graph = _graph(answer.content, media_type, iri)
                assert {t for t in served_graph if str(t[0]) == iri} == \
                    {t for t in expected if str(t[0]) == iri}
        page = html.fromstring(client.get("/" + node).content)
        links = {a.get("href") for a in page.xpath("//main//ol//a")}
        assert _local(seed["iri"]) in links
    image = seed["images"][0]
    photo = html.fromstring(client.get(_local(image["iri"])).content)
    assert photo.findtext(".//h1") == "Photo 1"
    assert photo.xpath("//main//ol//a")[0].get("href") == _local(seed["iri"])
    turtle = client.get(_local(image["iri"]), headers={"Accept": "text/turtle"})
    assert {str(o) for o in Graph().parse(data=turtle.content, format="turtle").objects()} \
        >= {image["caption"], image["credit"]}
    # The node most articles name: its page lists them 20 a page, newest first.
    busiest = _sparql(client, f"""SELECT ?n (COUNT(DISTINCT ?a) AS ?c) WHERE {{
        ?a a <http://schema.org/NewsArticle> ; ?p ?n .
        FILTER(STRSTARTS(STR(?n), "{SETTINGS.base_uri}") && !STRSTARTS(STR(?n), STR(?a)))
        }} GROUP BY ?n ORDER BY DESC(?c) LIMIT 1""", "application/json")
    row = busiest.json()["results"]["bindings"][0]
    node, count = _local(row["n"]["value"]), int(row["c"]["value"])
    assert count > 20
    first = html.fromstring(client.get(node).content)
    assert first.xpath('//a[@rel="next"]') and not first.xpath('//a[@rel="prev"]')
    second = html.fromstring(client.get(node, params={"page": 2}).content)
    assert second.xpath('//a[@rel="prev"]')
    titles = [a.get("href") for p in (first, second) for a in p.xpath("//main//ol//a")]
    assert len(titles) == min(count, 40) == len(set(titles))


def test_records_kept_by_load_come_back_whole_and_graphs_alone_give_the_same_documents(
        served) -> None:
    """Every article: the record load kept is the record; the record read back from the
    graph alone (N-Quads loaded, a SPARQL server) passes the schema and gives export's
    NewsML-G2, ninjs 2 and 3, JSON-LD and Atom entry byte for byte, but for the order
    of authors, editors and subjects, which RDF does not keep."""
    _, records, store = served
    site = Site(EmbeddedSource(store), SETTINGS)  # a second reader beside the server
    try:
        for record in records:
            assert site.record(record["iri"]) == record
            rebuilt = record_from_graph(record["iri"], site.describe(record["iri"])[0])
            assert rebuilt is not None and first_error(rebuilt) is None, record["id"]
            if max(len(record[k]) for k in ("authors", "editors", "subjects")) > 1:
                for key in ("authors", "editors", "subjects"):
                    assert sorted(map(str, rebuilt[key])) == sorted(map(str, record[key]))
                continue
            for name in ("newsml", "ninjs", "ninjs3", "jsonld"):
                assert _export(rebuilt, name) == _export(record, name)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                assert atom_feed([rebuilt], SETTINGS) == atom_feed([record], SETTINGS)
    finally:
        site.source.close()


def test_a_kept_record_is_never_served_for_a_graph_replaced_since(tmp_path: Path) -> None:
    record = bylined_record()
    corrected = json.loads(json.dumps(record))
    corrected["body"] = ["A corrected paragraph."]
    store = tmp_path / "store"
    load([record], store)
    with open_loader(SETTINGS, store=store) as loader:  # the correction, as export's N-Quads
        assert list(loader.add_dataset(_export(corrected, "nquads"), ox.RdfFormat.N_QUADS,
                                       "fix.nq")) == [record["iri"]]
    site = Site(EmbeddedSource(store), SETTINGS)
    try:
        served_record = site.record(record["iri"])
    finally:
        site.source.close()
    assert served_record["body"] == corrected["body"]
    assert served_record["meta_lines"] == []  # read from the graph, not the kept record
    load([record], store)  # loading the record again keeps it again
    site = Site(EmbeddedSource(store), SETTINGS)
    try:
        assert site.record(record["iri"]) == record
    finally:
        site.source.close()


@pytest.mark.parametrize(("accept", "offered", "expected"), [
    ("text/html;level=1, text/*;q=0.2", ["text/plain", "text/html"], "text/html"),
    ("text/*;q=0.2, text/plain;q=0", ["text/plain", "text/html"], "text/html"),
    ("*/*;q=0, text/turtle;q=0.001", ["text/html", "text/turtle"], "text/turtle"),
    ("application/json;q=abc", ["application/json"], None),
    ("garbage", ["text/html"], "text/html"),
    ("TEXT/TURTLE", ["text/html", "text/turtle"], "text/turtle"),
])
def test_negotiation_follows_rfc_9110(accept: str, offered: list[str],
                                      expected: str | None) -> None:
    assert choose(accept, offered) == expected


@pytest.mark.parametrize(("accept", "expected"), [
    ("text/turtle;q=0.5, application/ld+json;q=0.9", "application/ld+json"),
    ("*/*;q=0.1, application/n-triples", "application/n-triples"),
    ("text/*", "text/html"),
    ("application/rdf+xml, text/html;q=0", "application/rdf+xml"),
    ("text/html;q=0, */*;q=0.5", "application/ld+json"),
    ("", "text/html"),
    ("application/trig;q=1, text/turtle;q=1", "text/turtle"),  # a tie: the first offered
])
def test_accept_q_values_are_honoured(served, accept: str, expected: str) -> None:
    client, records, _ = served
    answer = client.get(_local(records[0]["iri"]), headers={"Accept": accept})
    assert answer.status_code == 200
    assert answer.headers["content-type"].split(";")[0] == expected


def test_304_404_406_and_head(served) -> None:
    client, records, _ = served
    path = _local(records[0]["iri"])
    first = client.get(path, headers={"Accept": "text/turtle"})
    etag, modified = first.headers["etag"], first.headers["last-modified"]
    again = client.get(path, headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    other = client.get(path, headers={"Accept": "application/n-triples",
                                      "If-None-Match": etag})
    assert other.status_code == 200  # another representation, another tag
    since = client.get(path + ".ttl", headers={"If-Modified-Since": modified})
    assert since.status_code == 304
    assert client.get(path + ".ttl", headers={"If-Modified-Since":
                                              "Sat, 01 Jan 2000 00:00:00 GMT"}).status_code == 200
    assert client.get("/article/0000000000000000").status_code == 404
    assert client.get("/place/nowhere-at-all.ttl").status_code == 404
    assert client.get("/article/" + "%3E%20x").status_code == 404
    refused = client.get(path, headers={"Accept": "image/png"})
    assert refused.status_code == 406
    for media_type in SUFFIXES.values():
        assert media_type in refused.text
    head = client.head(path, headers={"Accept": "text/turtle"})
    assert head.status_code == 200 and head.content == b""
    assert head.headers["etag"] == etag and head.headers["content-type"] == \
        first.headers["content-type"]


def test_home_page_lists_the_newest_articles_and_searches(served) -> None:
    client, records, _ = served
    page = html.fromstring(client.get("/").content)
    links = page.xpath("//main//ol//a")
    assert len(links) == 20 and links[0].text == records[0]["headline"]  # 2021: the newest
    assert page.xpath('//form[@role="search"]//input[@name="q"]')
    assert page.xpath('//label[@for="q"]')
    # A word of one Reuters story's body (not its headline), any case.
    story = next(r for r in records[1:-2] if "inflation" in " ".join(r["body"]).lower()
                 and "inflation" not in r["headline"].lower())
    found = html.fromstring(client.get("/", params={"q": "INFLATION"}).content)
    hrefs = {a.get("href") for a in found.xpath("//main//ol//a")}
    assert _local(story["iri"]) in hrefs
    expected = sum(1 for r in records if "inflation" in (r["headline"] + " ".join(r["body"]))
                   .lower())
    assert len(hrefs) == min(expected, 20)
    none = html.fromstring(client.get("/", params={"q": "zzzqqq"}).content)
    assert not none.xpath("//main//ol//a")


def _sparql(client: httpx.Client, query: str, accept: str, how: str = "get") -> httpx.Response:
    if how == "get":
        return client.get("/sparql", params={"query": query}, headers={"Accept": accept})
    if how == "form":
        return client.post("/sparql", data={"query": query}, headers={"Accept": accept})
    return client.post("/sparql", content=query.encode(), headers={
        "Accept": accept, "Content-Type": "application/sparql-query"})


COUNT = "SELECT (COUNT(?a) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }"


def test_sparql_results_are_negotiated_and_parse(served) -> None:
    client, records, _ = served
    articles = str(len(records))
    answer = _sparql(client, COUNT, "application/sparql-results+json")
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == articles
    xml = _sparql(client, COUNT, "application/sparql-results+xml", "form")
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert etree.fromstring(xml.content).xpath("//r:literal/text()", namespaces=ns) == [articles]
    for accept, delimiter in (("text/csv", ","), ("text/tab-separated-values", "\t")):
        table = _sparql(client, COUNT, accept, "direct")
        assert table.headers["content-type"].startswith(accept)
        rows = list(csv.reader(io.StringIO(table.text), delimiter=delimiter))
        assert rows[1][0].split("^^")[0].strip('"') == articles
    ask = _sparql(client, "ASK { ?a a <http://schema.org/NewsArticle> }", "application/json")
    assert ask.json()["boolean"] is True
    describe = f"DESCRIBE <{records[0]['iri']}>"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld")):
        graph = Graph().parse(data=_sparql(client, describe, accept).content, format=fmt)
        assert len(graph) > 10
    assert _sparql(client, COUNT, "image/png").status_code == 406
    form = client.get("/sparql", headers={"Accept": "text/html"})
    assert html.fromstring(form.content).xpath("//textarea[@name='query']")
    browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    listing = "SELECT ?a ?h WHERE { ?a <http://schema.org/headline> ?h } ORDER BY ?a LIMIT 3"
    table = html.fromstring(_sparql(client, listing, browser, "form").content)
    assert [th.text for th in table.xpath("//th")] == ["a", "h"]
    assert len(table.xpath("//tbody/tr")) == 3
    assert table.findtext(".//textarea") == listing
    for link in table.xpath("//tbody//a"):  # to the pages here, relative to /sparql
        assert link.get("href") == "./" + link.text.removeprefix(SETTINGS.base_uri)


def test_sparql_refuses_updates_service_and_bad_queries_with_clear_errors(served) -> None:
    client, records, _ = served
    for answer in (
        _sparql(client, "DROP ALL", "application/json"),
        _sparql(client, "PREFIX s: <http://schema.org/> DELETE WHERE { ?a ?p ?o }", "*/*",
                "form"),
        client.post("/sparql", data={"update": "DROP ALL"}),
        client.post("/sparql", content=b"DROP ALL",
                    headers={"Content-Type": "application/sparql-update"}),
    ):
        assert answer.status_code == 403 and "read-only" in answer.text
    service = _sparql(client, "SELECT * { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
                      "application/json")
    assert service.status_code == 400 and "SERVICE" in service.text
    bad = _sparql(client, "SELECT WHERE {", "application/json")
    assert bad.status_code == 400 and "syntax" in bad.text
    big = _sparql(client, "SELECT * WHERE { ?a a <http://schema.org/NewsArticle> . "
                  "?b a <http://schema.org/NewsArticle> }", "application/json")  # 302 x 302
    assert big.status_code == 400 and "5,000" in big.text and "LIMIT" in big.text
    slow = _sparql(client, "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
                   "application/json")
    assert slow.status_code == 503 and "3 s" in slow.text
    # The endpoint goes on (the worker was replaced) and the store was never written.
    assert _sparql(client, COUNT, "application/json").json()["results"]["bindings"][0]["n"][
        "value"] == str(len(records))


def test_feeds_sitemaps_and_void_come_from_the_store(served) -> None:
    client, records, _ = served
    atom = feedparser.parse(client.get("/feed.atom").content)
    assert not atom.bozo and len(atom.entries) == 100
    assert atom.entries[0].id == records[0]["iri"]
    assert atom.entries[0].link == records[0]["iri"]
    assert atom.feed.links[0].href == SETTINGS.base_uri + "feed.atom"
    rss = feedparser.parse(client.get("/feed.rss").content)
    assert not rss.bozo and len(rss.entries) == 100
    assert rss.entries[0].link == records[0]["iri"]
    sitemap = etree.fromstring(client.get("/sitemap.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locs = sitemap.xpath("//s:loc/text()", namespaces=ns)
    assert set(locs) == {r["iri"] for r in records} | {SETTINGS.base_uri}
    no_publisher = client.get("/news-sitemap.xml")  # Google News needs the publication's name
    assert no_publisher.status_code == 404 and no_publisher.text.count("\n") == 1
    void = Graph().parse(data=client.get("/.well-known/void").content, format="turtle")
    query = "SELECT ?n ?e WHERE { ?d <http://rdfs.org/ns/void#triples> ?n ; " \
            "<http://rdfs.org/ns/void#sparqlEndpoint> ?e }"
    (triples, endpoint), = list(void.query(query))
    assert str(endpoint) == SETTINGS.base_uri + "sparql"
    count = _sparql(client, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                    "application/json")
    assert int(triples) == int(count.json()["results"]["bindings"][0]["n"]["value"])


def test_the_store_is_closed_to_loads_while_served_and_a_missing_store_is_one_line(
        served, tmp_path: Path) -> None:
    _, _, store = served
    load_run = subprocess.run([sys.executable, "-m", "exporter", "load", str(SEED), "--store",
                               str(store)], capture_output=True, text=True, timeout=120)
    assert load_run.returncode == 1 and "in use" in load_run.stderr
    missing = subprocess.run([sys.executable, "-m", "exporter", "serve", "--store",
                              str(tmp_path / "none")], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 1
    assert missing.stderr.strip().count("\n") == 0 and "load articles first" in missing.stderr


def test_a_missing_serve_extra_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from exporter import serving
    for name in [m for m in sys.modules if m.startswith(("starlette", "exporter.serving."))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "starlette", None)
    with pytest.raises(InputError, match=r"newsexport\[serve\]"):
        serving.create_app(None, SETTINGS)


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        pytest.skip("Chromium is not installed (Debian: apt-get install chromium; .ci/run "
                    "installs it)")
    return found


def _browser(binary: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([binary, "--headless", "--no-sandbox", "--disable-gpu",
                           "--disable-dev-shm-usage", "--no-first-run", *args],
                          capture_output=True, timeout=120)


def test_a_browser_shows_the_pages_and_extruct_finds_the_json_ld(
        served, tmp_path_factory: pytest.TempPathFactory) -> None:
    binary = _chromium()
    extruct = pytest.importorskip("extruct")
    client, records, _ = served
    seed = records[0]
    url = str(client.base_url).rstrip("/")
    shots = tmp_path_factory.getbasetemp() / "screenshots"
    shots.mkdir(exist_ok=True)
    for path, headline in ((_local(seed["iri"]), seed["headline"]), ("/", "Newest articles")):
        dom = _browser(binary, "--dump-dom", url + path)
        assert dom.returncode == 0, dom.stderr[-500:]
        page = html.fromstring(dom.stdout)
        assert page.findtext(".//h1") == headline
        if path != "/":
            found = extruct.extract(dom.stdout.decode(), base_url=url + path,
                                    syntaxes=["json-ld"], uniform=True)["json-ld"]
            graph = found[0]["@graph"]
            assert graph[0]["@type"] == "NewsArticle"
            assert graph[0]["headline"] == seed["headline"]
            assert json.loads(json.dumps(found[0])) == json.loads(_export(seed, "jsonld"))
        shot = shots / ("home.png" if path == "/" else "article.png")
        taken = _browser(binary, f"--screenshot={shot}", "--window-size=1024,1400",
                         "--hide-scrollbars", url + path)
        assert taken.returncode == 0 and shot.stat().st_size > 10_000, taken.stderr[-500:]


def test_serve_reads_a_sparql_server_live(shared: Path, tmp_path: Path) -> None:
    from tests.storekit import OxigraphServer
    records = corpus(shared)[:30]
    oxigraph = OxigraphServer(tmp_path / "oxigraph").start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_records(records[1:], SETTINGS, endpoint=oxigraph.store)
        server = Server("--endpoint", oxigraph.store)
        try:
            with httpx.Client(base_url=server.url, timeout=60) as client:
                seed = records[0]
                assert client.get(_local(seed["iri"])).status_code == 404  # not loaded yet
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    load_records(records[:1], SETTINGS, endpoint=oxigraph.store)
                for suffix, media_type in SUFFIXES.items():
                    answer = client.get(_local(seed["iri"]) + suffix)
                    assert answer.status_code == 200
                    if media_type in RDF_PARSERS:
                        assert _graph(answer.content, media_type, seed["iri"]) == \
                            _expected(seed)
                assert client.get(_local(seed["iri"]) + ".xml").content == \
                    _export(seed, "newsml")
                count = _sparql(client, COUNT, "application/json").json()
                assert count["results"]["bindings"][0]["n"]["value"] == str(len(records))
                assert _sparql(client, "DROP ALL", "*/*").status_code == 403
        finally:
            server.stop()
    finally:
        oxigraph.stop()


def test_the_news_sitemap_names_the_configured_publisher(served) -> None:
    _, records, store = served
    server = Server("--store", str(store), "--publisher-name", "Example News")
    try:
        with httpx.Client(base_url=server.url, timeout=60) as client:
            news = etree.fromstring(client.get("/news-sitemap.xml").content)
    finally:
        server.stop()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9",
          "n": "http://www.google.com/schemas/sitemap-news/0.9"}
    assert records[0]["iri"] in news.xpath("//s:loc/text()", namespaces=ns)
    assert set(news.xpath("//n:publication/n:name/text()", namespaces=ns)) == {"Example News"}


def test_the_sparql_results_page_runs_no_script_like_every_page(served) -> None:
    """It shows the query it was given (a link can carry one) beside the store's values."""
    client, _, _ = served
    query = "SELECT ?h WHERE { ?a <http://schema.org/headline> ?h } LIMIT 1 # </textarea>"
    answer = client.get("/sparql", params={"query": query}, headers={"Accept": "text/html"})
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert answer.headers["content-security-policy"] == \
        client.get("/", headers={"Accept": "text/html"}).headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert b"# &lt;/textarea&gt;" in answer.content


def test_an_address_in_use_is_one_line_and_port_0_serves_on_a_free_port(
        tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))], store)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = subprocess.run([sys.executable, "-m", "exporter", "serve", "--store",
                                 str(store), "--port", str(port)], capture_output=True,
                                text=True, timeout=120)
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == \
        f"newsexport: cannot listen on 127.0.0.1:{port}: Address already in use"
    assert "serving" not in result.stderr and "Traceback" not in result.stderr
    process = subprocess.Popen([sys.executable, "-m", "exporter", "serve", "--store",
                                str(store), "--port", "0"], stderr=subprocess.PIPE, text=True)
    try:
        for line in process.stderr:
            if "serving" in line:
                break
        url = line.split(" at ", 1)[1].split("/ ", 1)[0]
        assert not url.endswith(":0")
        answer = httpx.get(url + "/sitemap.xml", timeout=60)
        assert answer.status_code == 200
    finally:
        process.terminate()
        process.wait(timeout=30)
        process.stderr.close()


def test_a_bad_now_or_feed_setting_is_one_line_at_start_not_a_500_later(tmp_path: Path) -> None:
    store = tmp_path / "store"
    load([json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))], store)
    result = subprocess.run([sys.executable, "-m", "exporter", "serve", "--store", str(store),
                             "--port", "0", "--now", "yesterday"], capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 1
    assert "'now' must be a date-time with a UTC offset" in result.stderr.splitlines()[-1]
    assert "serving" not in result.stderr


class _TokenEndpoint(http.server.BaseHTTPRequestHandler):
    """A SPARQL server that answers (with no solutions) only a request carrying its token."""

    seen: ClassVar[list[str | None]] = []

    def _answer(self) -> None:
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        given = self.headers.get("Authorization")
        type(self).seen.append(given)
        if given != f"Bearer {TOKEN}":
            self.send_response(401)
            self.end_headers()
            return
        body = b'{"head": {"vars": ["a"]}, "results": {"bindings": []}}'
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        """Quiet."""


TOKEN = "t0ken-for-the-test"


def test_serve_sends_the_endpoints_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    endpoint = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _TokenEndpoint)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    store = f"http://127.0.0.1:{endpoint.server_address[1]}/store"
    try:
        with pytest.raises(RuntimeError, match="401"):
            Server("--endpoint", store, "--retries", "0")
        monkeypatch.setenv("NEWSEXPORT_STORE_TOKEN", TOKEN)
        server = Server("--endpoint", store)
        try:
            assert httpx.get(server.url + "/sitemap.xml", timeout=60).status_code == 200
        finally:
            server.stop()
    finally:
        endpoint.shutdown()
    assert _TokenEndpoint.seen[0] is None and _TokenEndpoint.seen[-1] == f"Bearer {TOKEN}"
