"""`publish --load`: the folder's N-Quads bundle into a store, the same quads `load` gives,
loaded again only when the bundle changed, an edited article replacing its graph."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.corpus import generate
from exporter.publishing.loading import LoadState
from exporter.settings import Settings
from exporter.store import Loader, StoreError
from exporter.writers import get
from tests.storekit import OxigraphServer, dump, generated_records, quads

HEADLINES = ("SELECT ?h WHERE { ?a a <http://schema.org/NewsArticle> ; "
             "<http://schema.org/headline> ?h }")


def newsexport(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True,
                          timeout=300, cwd=cwd)


def headlines(store: Path) -> list[str]:
    return sorted(str(row[0].value) for row in ox.Store(str(store)).query(
        HEADLINES, use_default_graph_as_union=True))


def article_graphs(store: Path) -> set[str]:
    return {g.value for g in ox.Store(str(store)).named_graphs() if "/article/" in g.value}


def bundle_graphs(out: Path) -> set[str]:
    return {q.graph_name.value for q in ox.parse(path=out / "nquads" / "all.nq",
                                                  format=ox.RdfFormat.N_QUADS)}


def last_line(result: subprocess.CompletedProcess) -> str:
    return result.stderr.decode().splitlines()[-1]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    return generate(12, tmp_path / "in", shared=None)


def test_publish_load_gives_the_store_load_gives_and_reloads_only_changes(corpus, tmp_path):
    out, store = tmp_path / "out", tmp_path / "store"
    first = newsexport("publish", str(corpus), "-o", str(out), "--load", "--store", str(store))
    assert first.returncode == 0, first.stderr
    assert last_line(first) == f"12 article(s) loaded into {store}"
    reference = tmp_path / "reference"
    loaded = newsexport("load", str(out / "nquads" / "all.nq"), "--store", str(reference))
    assert loaded.returncode == 0, loaded.stderr
    assert quads(ox.Store(str(store))) == quads(ox.Store(str(reference)))
    assert len(headlines(store)) == 12

    again = newsexport("publish", str(corpus), "-o", str(out), "--store", str(store))
    assert again.returncode == 0, again.stderr
    assert last_line(again) == f"{store} already holds nquads/all.nq: nothing to load"

    story = sorted(corpus.rglob("*.txt"))[0]
    old = story.read_text().splitlines()[0]
    story.write_text(story.read_text().replace(old, old + " (corrected)", 1))
    edited = newsexport("publish", str(corpus), "-o", str(out), "--store", str(store))
    assert edited.returncode == 0, edited.stderr
    assert "(11 unchanged)" in edited.stderr.decode()
    assert last_line(edited) == f"12 article(s) loaded into {store}, 1 removed"
    after = headlines(store)
    assert len(after) == 12 and sum(h.endswith("(corrected)") for h in after) == 1

    forced = newsexport("publish", str(corpus), "-o", str(out), "--store", str(store),
                        "--force")
    assert last_line(forced) == f"12 article(s) loaded into {store}"
    assert article_graphs(store) == bundle_graphs(out)

    story.unlink()  # an input gone: its article leaves the folder, then the store
    deleted = newsexport("publish", str(corpus), "-o", str(out), "--store", str(store))
    assert last_line(deleted) == f"11 article(s) loaded into {store}, 1 removed"
    assert len(headlines(store)) == 11 and article_graphs(store) == bundle_graphs(out)


def test_a_deleted_store_is_loaded_again(corpus, tmp_path):
    out = tmp_path / "out"
    for _ in range(2):  # the second run finds the folder unchanged but the store gone
        result = newsexport("publish", str(corpus), "-o", str(out), "--load", cwd=tmp_path)
        assert result.returncode == 0, result.stderr
        assert last_line(result) == "12 article(s) loaded into newsexport-store"
        assert len(headlines(tmp_path / "newsexport-store")) == 12
        subprocess.run(["rm", "-r", str(tmp_path / "newsexport-store")], check=True)


def test_load_needs_a_dataset_format_and_a_store_failure_is_one_line(corpus, tmp_path):
    refused = newsexport("publish", str(corpus), "-o", str(tmp_path / "a"), "--to", "jsonld",
                         "--load")
    assert refused.returncode == 2
    assert "add nquads (or trig) to --to" in refused.stderr.decode()
    assert not (tmp_path / "a").exists()  # refused before any work

    not_a_store = tmp_path / "not-a-store"
    not_a_store.mkdir()
    (not_a_store / "notes.txt").write_text("mine")
    failed = newsexport("publish", str(corpus), "-o", str(tmp_path / "b"), "--store",
                        str(not_a_store))
    assert failed.returncode == 1
    assert last_line(failed) == (f"newsexport: {not_a_store}: this directory holds other "
                                 "files, not an Oxigraph store; choose a new or empty directory")
    assert len((tmp_path / "b" / "manifest.jsonl").read_text().splitlines()) == 12

    trig = newsexport("publish", str(corpus), "-o", str(tmp_path / "c"), "--to", "trig",
                      "--store", str(tmp_path / "s"))
    assert trig.returncode == 0, trig.stderr
    assert len(headlines(tmp_path / "s")) == 12


def test_publish_loads_into_a_server(corpus, tmp_path):
    server = OxigraphServer(tmp_path / "server").start()
    try:
        out = tmp_path / "out"
        result = newsexport("publish", str(corpus), "-o", str(out), "--endpoint", server.store)
        assert result.returncode == 0, result.stderr
        assert last_line(result) == f"12 article(s) loaded into {server.store}"
        local = newsexport("load", str(out / "nquads" / "all.nq"), "--store",
                           str(tmp_path / "s"))
        assert local.returncode == 0, local.stderr
        assert dump(server.url) == quads(ox.Store(str(tmp_path / "s")))
    finally:
        server.stop()


class Recording:
    """A GraphStore that keeps what it is sent, one graph per write, and can fail."""

    capacity = 1

    def __init__(self, fail_at: int | None = None) -> None:
        self.fail_at, self.calls, self.writes = fail_at, 0, []

    def write(self, writes) -> None:
        if self.calls == self.fail_at:
            raise StoreError("disk full", source="store")
        self.calls += 1
        self.writes.extend((w.graph.value, bool(w.quads)) for w in writes)

    def close(self) -> None: ...


def test_a_load_cut_short_still_has_its_articles_dropped_later(tmp_path):
    """Bundle {A, B} loaded; then {A, C} cut short after C reached the store; then {A}:
    B and C are both dropped, though no complete load ever listed C."""
    a, b, c = (get("nquads").render(r, Settings()) for r in generated_records(3))
    iri_a, iri_b, iri_c = (r["iri"] for r in generated_records(3))
    bundle = tmp_path / "nquads" / "all.nq"
    bundle.parent.mkdir()

    def load(data: bytes, target: Recording) -> list:
        bundle.write_bytes(data)
        state = LoadState(tmp_path, "nquads/all.nq", "store")
        try:
            with Loader(target, Settings()) as loader:
                events = list(state.load(loader))
            state.remember()
        finally:
            state.close()
        return events

    assert load(a + b, Recording()) == [iri_a, iri_b]
    cut = Recording(fail_at=2)  # A (and its shared nodes), C, then dropping B fails
    with pytest.raises(StoreError):
        load(a + c, cut)
    assert (iri_c, True) in cut.writes
    final = Recording()
    load(a, final)
    assert {(iri_b, False), (iri_c, False)} <= set(final.writes)  # dropped
    assert load(a, Recording()) == [iri_a]  # nothing left to drop
