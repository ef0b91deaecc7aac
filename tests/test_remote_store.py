"""Loading into a real Oxigraph server (the PyPI package) over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import subprocess
import sys
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path

import pyoxigraph as ox
import pytest

from exporter.errors import InputError
from exporter.remote import Credentials, Endpoints, RemoteStore, UpdateFallbackWarning
from exporter.settings import Settings
from exporter.store import EmbeddedStore, GraphWrite, Loader, StoreError
from tests.conftest import ROOT
from tests.storekit import OxigraphServer, dump, generated_records, quads

pytestmark = [pytest.mark.filterwarnings("ignore::exporter.writers.jsonld.NoPublisherWarning"),
              pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")]
SECRET = "s3cret-Pa55"


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    """The quads of 400 generated articles loaded once into a new embedded store."""
    directory = tmp_path_factory.mktemp("reference") / "store"
    with Loader(EmbeddedStore(directory), Settings()) as loader:
        for record in generated_records(400):
            loader.add(record)
    return quads(ox.Store(str(directory)))


@pytest.fixture
def server(tmp_path: Path) -> Iterator[OxigraphServer]:
    running = OxigraphServer(tmp_path / "server").start()
    yield running
    running.stop()


def load(url: str, records: list, **options: object) -> None:
    with Loader(RemoteStore(url, **options), Settings()) as loader:  # type: ignore[arg-type]
        for record in records:
            loader.add(record)


def test_load_query_reload_and_counts(server: OxigraphServer, reference: set[str]) -> None:
    records = generated_records(400)
    load(server.store, records)
    assert dump(server.url) == reference
    load(server.store, records)  # again: replaced, not doubled
    assert dump(server.url) == reference
    load(server.store, generated_records(400, revision=" Corrected."))
    after = dump(server.url)
    assert len(after) == len(reference)
    assert sum("Corrected." in q for q in after) == 400
    answer = RemoteStore(server.store).query(
        "SELECT (COUNT(*) AS ?n) WHERE { ?a a <http://schema.org/NewsArticle> }")
    [row] = ox.parse_query_results(answer.body, format=ox.QueryResultsFormat.JSON)
    assert row["n"].value == "400"


def test_one_graph_store_request_per_graph_ends_the_same(server: OxigraphServer,
                                                         reference: set[str]) -> None:
    """--batch 1: PUT replaces each article graph, POST adds to a shared node's graph."""
    load(server.store, generated_records(400, revision=" Old."), batch=1)
    load(server.store, generated_records(400), batch=1)
    assert dump(server.url) == reference


@pytest.mark.parametrize("batch", [1, 100])
def test_a_removed_article_leaves_the_server(server: OxigraphServer, batch: int) -> None:
    """batch 1: a Graph Store DELETE (404 for a graph the server never had is no error);
    else DROP GRAPH inside the update."""
    records = generated_records(3)
    load(server.store, records, batch=batch)
    with Loader(RemoteStore(server.store, batch=batch), Settings()) as loader:
        loader.remove(records[1]["iri"])
        loader.remove("https://newsexport.example/article/never-loaded")
    graphs = {next(ox.parse(q, format=ox.RdfFormat.N_QUADS)).graph_name.value
              for q in dump(server.url)}
    assert records[1]["iri"] not in graphs
    assert {records[0]["iri"], records[2]["iri"]} <= graphs


def test_without_an_update_endpoint_each_graph_goes_by_itself(server: OxigraphServer,
                                                              reference: set[str]) -> None:
    """A server that answers 404 to SPARQL Update (here: a path Oxigraph does not serve)
    gets the same graphs through the Graph Store Protocol, with one warning."""
    remote = RemoteStore(server.store)
    remote.endpoints = Endpoints(server.store, server.url + "/no-update-here", server.url)
    with warnings.catch_warnings(record=True) as caught, Loader(remote, Settings()) as loader:
        warnings.simplefilter("always", UpdateFallbackWarning)
        for record in generated_records(400):
            loader.add(record)
    [fallback] = [w for w in caught if w.category is UpdateFallbackWarning]
    assert "no SPARQL Update here (HTTP 404)" in str(fallback.message)
    assert dump(server.url) == reference


class KillingStore:
    """A RemoteStore whose server is SIGKILLed before its `at`-th batch is sent."""

    def __init__(self, target: RemoteStore, server: OxigraphServer, at: int) -> None:
        self.target, self.server, self.at = target, server, at
        self.capacity = target.capacity
        self.batches = 0

    def write(self, writes: Sequence[GraphWrite]) -> None:
        self.batches += 1
        if self.batches == self.at:
            self.server.kill()
        self.target.write(writes)

    def close(self) -> None:
        self.target.close()


def test_server_killed_mid_load_then_rerun_converges(server: OxigraphServer,
                                                     reference: set[str]) -> None:
    records = generated_records(400)
    killing = KillingStore(RemoteStore(server.store, batch=20, retries=2, backoff=0.05),
                           server, at=8)
    with pytest.raises(StoreError, match="cannot reach the server"), \
            Loader(killing, Settings()) as loader:
        for record in records:
            loader.add(record)
    server.start()  # same data directory, after a SIGKILL
    partial = dump(server.url)
    assert 0 < len(partial) < len(reference)
    assert partial < reference  # what was written is whole, right graphs
    load(server.store, records)
    assert dump(server.url) == reference


def test_endpoints_as_oxigraph_and_fuseki_name_them() -> None:
    oxigraph = Endpoints.from_url("http://127.0.0.1:7878/store")
    assert oxigraph == Endpoints("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/update",
                                 "http://127.0.0.1:7878/query")
    assert Endpoints.from_url("http://127.0.0.1:7878/query") == oxigraph
    fuseki = Endpoints.from_url("http://localhost:3030/news/data")
    assert fuseki.update == "http://localhost:3030/news/update"
    assert fuseki.query == "http://localhost:3030/news/query"
    dataset = "http://localhost:3030/news"
    assert Endpoints.from_url(dataset) == Endpoints(dataset, dataset, dataset)
    for bad in ("ftp://x/store", "file:///etc/passwd", "http://x/store?graph=a"):
        with pytest.raises(InputError, match="endpoint"):
            Endpoints.from_url(bad)


def test_credentials_are_sent_as_headers_and_never_shown() -> None:
    basic = Credentials("editor", SECRET)
    assert basic.header() == "Basic ZWRpdG9yOnMzY3JldC1QYTU1"
    assert SECRET not in repr(basic)
    assert Credentials(token=SECRET).header() == f"Bearer {SECRET}"
    with pytest.raises(InputError, match="not both"):
        Credentials("editor", SECRET, token=SECRET)
    with pytest.raises(InputError, match="needs both"):
        Credentials("editor")
    with pytest.raises(InputError) as refused:
        Endpoints.from_url(f"http://editor:{SECRET}@127.0.0.1:7878/store")
    assert SECRET not in str(refused.value)


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], cwd=ROOT, timeout=60,
                          capture_output=True, env={**os.environ, **(env or {})})


def test_an_unreachable_server_is_retried_then_one_line(tmp_path: Path) -> None:
    """Port 1 on the loopback refuses connections: retried, then one line without the
    password, and the exit code 1."""
    result = cli("load", str(ROOT / "seeds"), "--endpoint", "http://127.0.0.1:1/store",
                 "--retries", "2", env={"NEWSEXPORT_STORE_USER": "editor",
                                        "NEWSEXPORT_STORE_PASSWORD": SECRET})
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[-1].startswith("newsexport: http://127.0.0.1:1/update: cannot reach the "
                                "server (")
    assert lines[-1].endswith("; gave up after 3 attempt(s)")
    assert SECRET not in result.stderr.decode() + result.stdout.decode()


def test_cli_loads_into_the_server_like_into_the_embedded_store(
        server: OxigraphServer, tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    parsed = cli("parse", str(ROOT / "seeds"), "-o", str(records))
    assert parsed.returncode == 0, parsed.stderr
    remote = cli("load", str(records), "--endpoint", server.store)
    assert remote.returncode == 0, remote.stderr
    assert remote.stderr.decode().splitlines()[-1] == f"1 article(s) loaded into {server.store}"
    local = cli("load", str(records), "--store", str(tmp_path / "s"))
    assert local.returncode == 0, local.stderr
    assert dump(server.url) == quads(ox.Store(str(tmp_path / "s")))
