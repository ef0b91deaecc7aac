"""The embedded Oxigraph store: replace semantics, shared nodes, bulk loading, recovery."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from exporter.errors import InputError
from exporter.record import ReadContext, new_record
from exporter.settings import Settings
from exporter.store import (
    BULK_MIN,
    EmbeddedStore,
    Loader,
    open_loader,
    record_quads,
    sparql_updates,
    split_graph,
)
from exporter.writers import get
from tests.conftest import ROOT
from tests.storekit import generated_records, quads, seed_record

pytestmark = [pytest.mark.filterwarnings("ignore::exporter.writers.jsonld.NoPublisherWarning"),
              pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")]
SCHEMA = "http://schema.org/"
XINHUA = "https://newsexport.example/organization/xinhua"
BLANK_QUERY = "ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"


def load(directory: Path, records: list, **options: object) -> None:
    with open_loader(Settings(), store=directory, **options) as loader:  # type: ignore[arg-type]
        for record in records:
            loader.add(record)


def opened(directory: Path) -> ox.Store:
    return ox.Store(str(directory))


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The quads of 1,500 generated articles loaded once into a new store, one transaction
    per batch (no bulk loader): what every other way of loading them must end with."""
    directory = tmp_path_factory.mktemp("reference") / "store"
    load(directory, generated_records(1500), bulk=False)
    return quads(opened(directory))


def test_ten_loads_of_the_seed_leave_exactly_the_quads_of_one(tmp_path: Path) -> None:
    load(tmp_path / "s", [seed_record()])
    once = quads(opened(tmp_path / "s"))
    for _ in range(3):  # nine more loads: three runs, one of them adding it three times
        load(tmp_path / "s", [seed_record()] * 3)
    assert quads(opened(tmp_path / "s")) == once
    assert len(once) == 36


def test_store_layout_article_graph_and_one_graph_per_shared_node(tmp_path: Path) -> None:
    record = seed_record()
    load(tmp_path / "s", [record])
    store = opened(tmp_path / "s")
    graphs = {g.value: {str(q.triple) for q in store.quads_for_pattern(None, None, None, g)}
              for g in store.named_graphs()}
    article = record["iri"]
    place = "https://newsexport.example/place/dushanbe"
    assert set(graphs) == {article, XINHUA, place, f"{place}/geo", f"{place}/address",
                           "https://newsexport.example/country/tj",
                           "ni:///sha-256;H2gA2MgOf4XxvVXjUBvOnyKDj1Xjg1rAXbnj-1Cl7qU"}
    for graph, triples in graphs.items():  # each graph describes its own node only
        subjects = {t.split(" ", 1)[0] for t in triples}
        assert subjects <= {f"<{graph}>", f"<{graph}/image/1>"}, graph
    assert len(graphs[XINHUA]) == 4  # a schema:Organization, its name, url and Wikidata item
    # nothing lost or added: the store's triples are the nquads format's, graph aside
    rendered = {str(q.triple) for q in record_quads(record, Settings())}
    assert set().union(*graphs.values()) == rendered
    assert not store.query(BLANK_QUERY)


def test_shared_agency_survives_dropping_one_of_two_articles(tmp_path: Path) -> None:
    first, _, _, second = generated_records(4)  # both credited to Xinhua
    assert first["source"] == second["source"]
    load(tmp_path / "s", [first, second])
    store = opened(tmp_path / "s")
    store.update(f"DROP GRAPH <{first['iri']}>")
    names = store.query(f"SELECT ?name WHERE {{ <{XINHUA}> <{SCHEMA}name> ?name }}",
                        use_default_graph_as_union=True)
    assert [str(row["name"]) for row in names] == ['"Xinhua"']
    sources = store.query(f"SELECT ?a WHERE {{ ?a <{SCHEMA}sourceOrganization> <{XINHUA}> }}",
                          use_default_graph_as_union=True)
    assert [row["a"].value for row in sources] == [second["iri"]]


def test_counts_over_the_union_are_not_multiplied_by_shared_nodes(tmp_path: Path) -> None:
    """30 articles, 10 per agency: counting without DISTINCT gives 10, not 10 x 10."""
    load(tmp_path / "s", generated_records(30))
    rows = opened(tmp_path / "s").query(
        f"SELECT ?name (COUNT(*) AS ?n) WHERE {{ ?a <{SCHEMA}sourceOrganization>/<{SCHEMA}name>"
        " ?name } GROUP BY ?name ORDER BY ?name", use_default_graph_as_union=True)
    assert [(row["name"].value, int(row["n"].value)) for row in rows] == [
        ("Reuters", 10), ("TASS", 10), ("Xinhua", 10)]


def test_a_corrected_article_replaces_the_old_one_whole(tmp_path: Path) -> None:
    ctx = ReadContext("story.txt", "0" * 64)
    old = new_record(ctx, reader="test", headline="Same story", guid="g1", body=["Old text."],
                     images=[("One.", None, None), ("Two.", None, None)])
    new = new_record(ctx, reader="test", headline="Same story", guid="g1", body=["New text."],
                     images=[("One.", None, None)])
    assert old["iri"] == new["iri"]
    load(tmp_path / "old", [old])
    load(tmp_path / "old", [new])
    load(tmp_path / "new", [new])
    assert quads(opened(tmp_path / "old")) == quads(opened(tmp_path / "new"))


def test_nquads_and_trig_that_export_writes_load_like_the_records(tmp_path: Path) -> None:
    records = generated_records(40)
    nquads, trig = get("nquads"), get("trig")
    (tmp_path / "all.nq").write_bytes(b"".join(nquads.render(r, Settings()) for r in records))
    (tmp_path / "all.trig").write_bytes(trig.bundle.head(Settings()) + b"".join(
        trig.bundle.item(r, Settings()) for r in records))
    load(tmp_path / "records", records)
    expected = quads(opened(tmp_path / "records"))
    for name, fmt in (("all.nq", ox.RdfFormat.N_QUADS), ("all.trig", ox.RdfFormat.TRIG)):
        with Loader(EmbeddedStore(tmp_path / name.replace(".", "-")), Settings()) as loader:
            loaded = list(loader.add_dataset(tmp_path / name, fmt, name))
            assert loaded == [r["iri"] for r in records]
        assert quads(opened(tmp_path / name.replace(".", "-"))) == expected, name


def test_blank_nodes_and_foreign_graphs_are_refused_and_the_rest_loaded(tmp_path: Path) -> None:
    record = seed_record()
    good = get("nquads").render(record, Settings())
    data = (b'<http://x.example/a> <http://x.example/p> _:b1 <http://x.example/a> .\n' + good +
            b'<http://x.example/b> <http://x.example/p> "1" <http://x.example/g> .\n'
            b'<http://x.example/c> <http://x.example/p> "2" .\n')
    with Loader(EmbeddedStore(tmp_path / "s"), Settings()) as loader:
        events = list(loader.add_dataset(data, ox.RdfFormat.N_QUADS, "mixed.nq"))
    errors = [str(e) for e in events if isinstance(e, InputError)]
    assert [e for e in events if isinstance(e, str)] == [record["iri"]] and len(errors) == 3
    assert errors[0].startswith("mixed.nq: graph <http://x.example/a> holds _:b1")
    assert "says nothing about <http://x.example/g>" in errors[1]
    assert "1 triple(s) outside any named graph" in errors[2]
    store = opened(tmp_path / "s")
    assert not store.query(BLANK_QUERY)
    assert {g.value for g in store.named_graphs()} >= {record["iri"], XINHUA}
    assert not store.contains_named_graph(ox.NamedNode("http://x.example/a"))


def test_a_syntax_error_drops_the_graph_being_read(tmp_path: Path) -> None:
    first, second = (get("nquads").render(r, Settings()) for r in generated_records(2))
    cut = second[: len(second) // 2].rsplit(b"\n", 1)[0] + b'\n<http://x> <http://y> "broken\n'
    with Loader(EmbeddedStore(tmp_path / "s"), Settings()) as loader:
        events = list(loader.add_dataset(first + cut, ox.RdfFormat.N_QUADS, "cut.nq"))
    assert events[0] == generated_records(1)[0]["iri"]
    line = (first + cut).count(b"\n")
    assert str(events[1]).startswith(f"cut.nq:{line}: N-Quads syntax error: ")
    records = generated_records(2)
    store = opened(tmp_path / "s")
    assert store.contains_named_graph(ox.NamedNode(records[0]["iri"]))
    assert not store.contains_named_graph(ox.NamedNode(records[1]["iri"]))


class CountingStore:
    """A pyoxigraph store that counts bulk loads (to see which path a load took)."""

    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self.bulk_loads = 0

    def bulk_extend(self, quads: object) -> None:
        self.bulk_loads += 1
        self.store.bulk_extend(quads)

    def __getattr__(self, name: str) -> object:
        return getattr(self.store, name)


def test_bulk_loading_new_articles_ends_like_transactions(tmp_path: Path,
                                                          reference: set[str]) -> None:
    target = EmbeddedStore(tmp_path / "s")
    counting = CountingStore(target.store)
    target._store = counting  # type: ignore[assignment]
    records = generated_records(1500)
    with Loader(target, Settings()) as loader:
        for record in records:
            loader.add(record)
    assert counting.bulk_loads == 1 and len(records) >= BULK_MIN
    del counting
    assert quads(opened(tmp_path / "s")) == reference


def test_graphs_left_half_loaded_by_a_cut_bulk_load_are_replaced(tmp_path: Path,
                                                                 reference: set[str]) -> None:
    """A bulk load is not transactional: killed, it can leave part of some graphs. They
    are present, so the next load replaces them in transactions; the rest goes in bulk."""
    records = generated_records(1500)
    half, stale = [], []
    for record in records[:200]:
        graph = ox.NamedNode(record["iri"])
        half += split_graph(graph, record_quads(record, Settings()), "t")[0].quads[::2]
        stale.append(ox.Quad(graph, ox.NamedNode(SCHEMA + "headline"), ox.Literal("stale"),
                             graph))
    store = ox.Store(str(tmp_path / "s"))
    store.bulk_extend(half)  # every other quad of 200 article graphs, and a stale headline
    store.extend(stale)
    del store
    load(tmp_path / "s", records)
    assert quads(opened(tmp_path / "s")) == reference


DRIVER = """
import sys, warnings
warnings.simplefilter("ignore")
from exporter.settings import Settings
from exporter.store import EmbeddedStore, Loader
from tests.storekit import generated_records
with Loader(EmbeddedStore(__import__("pathlib").Path(sys.argv[1]), bulk=False), Settings()) as l:
    for n, record in enumerate(generated_records(1500)):
        l.add(record)
        if n == 700:
            print("halfway", flush=True)
"""


def test_a_load_killed_midway_is_completed_by_running_it_again(tmp_path: Path,
                                                               reference: set[str]) -> None:
    driver = subprocess.Popen([sys.executable, "-c", DRIVER, str(tmp_path / "s")], cwd=ROOT,
                              stdout=subprocess.PIPE)
    assert driver.stdout is not None
    assert driver.stdout.readline() == b"halfway\n"
    driver.kill()
    assert driver.wait(timeout=30) < 0  # killed, not finished
    partial = quads(opened(tmp_path / "s"))
    assert 0 < len(partial) < len(reference)
    load(tmp_path / "s", generated_records(1500))
    assert quads(opened(tmp_path / "s")) == reference


def test_one_process_at_a_time_and_only_a_store_directory(tmp_path: Path) -> None:
    first = EmbeddedStore(tmp_path / "s")
    with pytest.raises(InputError, match="in use by another process"):
        EmbeddedStore(tmp_path / "s")
    first.close()
    EmbeddedStore(tmp_path / "s").close()  # the lock is released on close
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("mine")
    with pytest.raises(InputError, match="not an Oxigraph store"):
        EmbeddedStore(tmp_path / "docs")
    with pytest.raises(InputError, match="no store here"):
        EmbeddedStore(tmp_path / "none", create=False)
    assert sorted(p.name for p in (tmp_path / "docs").iterdir()) == ["notes.txt"]


def test_updates_replace_dropped_graphs_and_add_to_shared_ones() -> None:
    node, article = ox.NamedNode("http://x.example/n"), ox.NamedNode("http://x.example/a")
    quad = ox.Quad(article, ox.NamedNode("http://x.example/p"), node, article)
    shared = ox.Quad(node, ox.NamedNode("http://x.example/p"), ox.Literal("v"), node)
    writes = split_graph(article, [quad, ox.Quad(*shared.triple, article)], "t") * 3
    updates = list(sparql_updates(writes, batch=4))
    assert len(updates) == 2
    assert updates[0].count("DROP SILENT GRAPH <http://x.example/a>") == 2
    assert "DROP SILENT GRAPH <http://x.example/n>" not in "".join(updates)


STORE = ox.Store()  # in memory: the property test's examples share it, as loads would
TEXT = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=40)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headline=TEXT, paragraph=TEXT)
def test_any_text_reaches_the_store_unchanged(headline: str, paragraph: str) -> None:
    """Backslashes, quotes, \\u sequences, newlines, controls: the SPARQL text of an update
    must mean exactly the record's strings (one headline: the old one was replaced)."""
    record = new_record(ReadContext("t.txt", "1" * 64), reader="test", headline=headline,
                        guid="same-article", body=[paragraph])
    store = STORE
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for update in sparql_updates(
                split_graph(ox.NamedNode(record["iri"]), record_quads(record, Settings()),
                            "t"), batch=10):
            store.update(update)
    headlines = [q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(record["iri"]), ox.NamedNode(SCHEMA + "headline"), None, None)]
    bodies = [q.object.value for q in store.quads_for_pattern(
        ox.NamedNode(record["iri"]), ox.NamedNode(SCHEMA + "articleBody"), None, None)]
    assert headlines == [headline] and bodies == [paragraph]

