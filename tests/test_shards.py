"""publish --shards N: bundles as N shards in input order (concatenated, the unsharded
bundle), the same bytes whatever --jobs, rebuilt only where inputs changed, no shard left
over when N changes; load reads a published folder's shards as it reads the one file."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.corpus import generate
from exporter.publishing import layout
from exporter.publishing.shards import plan, shard_of
from exporter.settings import Settings
from exporter.writers import get

from .storekit import quads
from .test_publish import mtimes, newsexport, tree

ARTICLES = 23
BUNDLES = ("nquads", "trig", "ninjs", "ninjs3")
QUIET = ("-q", "--publisher-name", "Example News")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    return generate(ARTICLES, tmp_path_factory.mktemp("corpus") / "in", shared=None)


@pytest.fixture(scope="module")
def unsharded(corpus, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("unsharded") / "out"
    result = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "1", *QUIET)
    assert result.returncode == 0, result.stderr
    return out


def shards_of(out: Path, name: str) -> list[Path]:
    return sorted(out.glob(layout.shard_pattern(layout.bundle_file(get(name)))))


def publish(corpus: Path, out: Path, *options: str) -> None:
    result = newsexport("publish", str(corpus), "-o", str(out), *QUIET, *options)
    assert result.returncode == 0, result.stderr


def test_the_shards_in_order_are_the_unsharded_bundle(corpus, unsharded, tmp_path):
    out = tmp_path / "out"
    publish(corpus, out, "--jobs", "1", "--shards", "4")
    for name in BUNDLES:
        bundle = layout.bundle_file(get(name))
        files = shards_of(out, name)
        assert [f.relative_to(out).as_posix() for f in files] == \
            [bundle.replace("/all.", f"/all-0000{n}.") for n in range(4)]
        assert not (out / bundle).exists()
        whole = (unsharded / bundle).read_bytes()
        head = get(name).bundle.head(Settings())
        assert all(f.read_bytes().startswith(head) for f in files)
        # TriG: each shard declares its prefixes, as the one file does once
        assert head + b"".join(f.read_bytes()[len(head):] for f in files) == whole, name
        sizes = [len(f.read_bytes()) - len(head) for f in files]
        assert all(sizes), "every shard has articles (23 over 4: 5 or 6 each)"
    # everything else is what the unsharded run wrote
    sharded, plain = tree(out), tree(unsharded)
    different = {name for name in sharded.keys() | plain.keys()
                 if sharded.get(name) != plain.get(name)}
    assert different == {"manifest.jsonl", ".newsexport/batch", ".newsexport/shards.json",
                         *(layout.bundle_file(get(n)) for n in BUNDLES),
                         *(f.relative_to(out).as_posix() for n in BUNDLES
                           for f in shards_of(out, n))}


def test_the_manifest_names_each_input_s_shards(corpus, tmp_path):
    out = tmp_path / "out"
    publish(corpus, out, "--shards", "4")
    rows = [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]
    assert len(rows) == ARTICLES  # one article per generated input
    held = {}
    for line in (out / "ninjs").glob("all-*.ninjs.jsonl"):
        shard = int(line.name[4:9])
        for item in line.read_text().splitlines():
            held[json.loads(item)["uri"]] = shard
    for row in rows:
        [article] = row["articles"]
        [uri] = [u for u in held if article in u]
        assert row["shards"] == [held[uri]]
    assert [row["shards"][0] for row in rows] == sorted(row["shards"][0] for row in rows)


def test_the_same_bytes_whatever_jobs(corpus, tmp_path):
    publish(corpus, tmp_path / "one", "--jobs", "1", "--shards", "5")
    publish(corpus, tmp_path / "two", "--jobs", "2", "--chunk", "3", "--shards", "5")
    assert tree(tmp_path / "one") == tree(tmp_path / "two")


def test_a_rerun_rebuilds_only_the_shard_an_edited_input_is_in(tmp_path, unsharded):
    corpus = generate(ARTICLES, tmp_path / "in", shared=None)
    out = tmp_path / "out"
    publish(corpus, out, "--shards", "4")
    before = mtimes(out)
    publish(corpus, out, "--shards", "4")
    assert mtimes(out) == before  # nothing to do: nothing rewritten
    edited = sorted(corpus.rglob("*.txt"))[-1]  # the last input: in the last shard
    edited.write_text(edited.read_text().replace("\n\n", "\n\nA corrected sentence.\n\n", 1))
    publish(corpus, out, "--shards", "4")
    after = mtimes(out)
    for name in BUNDLES:
        files = [f.relative_to(out).as_posix() for f in shards_of(out, name)]
        assert [after[f] == before[f] for f in files] == [True, True, True, False], name
    # feeds and the newsMessage are rebuilt: they hold every article
    assert after["newsml/all.newsml.xml"] != before["newsml/all.newsml.xml"]


def test_changing_the_number_of_shards_leaves_none_over(corpus, unsharded, tmp_path):
    out = tmp_path / "out"
    publish(corpus, out, "--shards", "5")
    publish(corpus, out, "--shards", "2")
    for name in BUNDLES:
        assert len(shards_of(out, name)) == 2
    fresh = tmp_path / "fresh"
    publish(corpus, fresh, "--shards", "2")
    assert tree(out) == tree(fresh)
    publish(corpus, out)  # back to one file per bundle: the run that never sharded
    assert tree(out) == tree(unsharded)


def test_more_shards_than_articles_gives_empty_shards(corpus, tmp_path):
    out = tmp_path / "out"
    publish(corpus, out, "--to", "nquads,trig", "--shards", "30")
    files = shards_of(out, "nquads")
    assert len(files) == 30
    assert sum(1 for f in files if f.stat().st_size == 0) == 30 - ARTICLES
    head = get("trig").bundle.head(Settings())
    assert sum(f.read_bytes() == head for f in shards_of(out, "trig")) == 30 - ARTICLES


@pytest.mark.parametrize("total,shards", [(1, 1), (7, 3), (23, 4), (5, 9), (1000, 7)])
def test_each_article_is_in_the_shard_its_position_gives(total, shards, tmp_path):
    rows = [{"path": f"in/{n}", "sha256": "s", "options": "o",
             "articles": [f"{n}-{k}" for k in range(n % 3)]} for n in range(total)]
    count = sum(len(row["articles"]) for row in rows)
    planned = list(plan(rows, Path, count, shards, tmp_path))
    assert [shard.index for shard in planned] == list(range(shards))
    flat = [shard.index for shard in planned for piece in shard.slices()
            for _ in range(piece.start, piece.stop)]
    read_back = [(str(piece.part), n) for shard in planned for piece in shard.slices()
                 for n in range(piece.start, piece.stop)]  # from the shards' files
    assert read_back == [(row["path"], n) for row in rows for n in range(len(row["articles"]))]
    assert flat == [shard_of(p, count, shards) for p in range(count)]
    sizes = [flat.count(k) for k in range(shards)]
    assert max(sizes) - min(sizes) <= 1  # as even as can be
    assert len({shard.stamp for shard in planned}) == shards


def test_load_reads_a_published_folder_shard_by_shard(corpus, unsharded, tmp_path):
    out = tmp_path / "out"
    publish(corpus, out, "--shards", "3")
    loaded = newsexport("load", str(out), "--store", str(tmp_path / "sharded"))
    assert loaded.returncode == 0, loaded.stderr
    assert loaded.stderr.decode().splitlines()[-1] == \
        f"{ARTICLES} article(s) loaded into {tmp_path / 'sharded'}"
    whole = newsexport("load", str(unsharded / "nquads" / "all.nq"), "--store",
                       str(tmp_path / "whole"))
    assert whole.returncode == 0, whole.stderr
    folder = newsexport("load", str(unsharded), "--store", str(tmp_path / "folder"))
    assert folder.stderr.decode().splitlines()[-1].startswith(f"{ARTICLES} article(s) loaded")
    expected = quads(ox.Store(str(tmp_path / "whole")))
    assert quads(ox.Store(str(tmp_path / "sharded"))) == expected
    assert quads(ox.Store(str(tmp_path / "folder"))) == expected
    published = newsexport("publish", str(corpus), "-o", str(out), *QUIET, "--shards", "3",
                           "--store", str(tmp_path / "published"))
    assert published.returncode == 0, published.stderr
    assert quads(ox.Store(str(tmp_path / "published"))) == expected
    again = newsexport("publish", str(corpus), "-o", str(out), "--shards", "3", "--store",
                       str(tmp_path / "published"), "--publisher-name", "Example News")
    assert again.stderr.decode().splitlines()[-1] == \
        f"{tmp_path / 'published'} already holds 3 shards of nquads/all.nq: nothing to load"


def test_load_scheduler_needs_an_endpoint_and_files(corpus, tmp_path):
    refused = newsexport("load", str(corpus), "--scheduler", "local:1")
    assert refused.returncode == 2
    assert "--scheduler sends the files from the Dask workers to a server: give --endpoint" \
        in refused.stderr.decode()
    articles = newsexport("load", str(corpus), "--scheduler", "local:1", "--endpoint",
                          "http://127.0.0.1:9/store")
    assert articles.returncode == 1
    assert articles.stderr.decode().splitlines() == [
        f"newsexport: {corpus}: --scheduler sends N-Quads or TriG files (a published folder, "
        "export's .nq or .trig); load articles without it"]


def test_the_python_api_shards_as_the_command_does(corpus, tmp_path):
    import exporter
    from exporter.settings import Publisher

    publish(corpus, tmp_path / "cli", "--shards", "3")
    with pytest.warns(UserWarning, match="no news sitemap written"):  # as the command's
        summary = exporter.publish(corpus, tmp_path / "api", shards=3,
                                   settings=Settings(publisher=Publisher("Example News")))
    assert summary.articles == ARTICLES
    assert tree(tmp_path / "api") == tree(tmp_path / "cli")
