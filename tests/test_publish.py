"""`publish` end to end: every good article in every format, bad inputs reported, reruns
that do no work, incremental changes equal to a fresh run, kill -9 then rerun equal to an
uninterrupted run, and --jobs 2 equal to --jobs 1, byte for byte."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from rdflib import Dataset, URIRef

from bench.corpus import generate
from exporter.writers import MODULES, get

ARTICLES = 48
CORRUPT = {  # name -> (bytes, what the error line says)
    "empty.txt": (b"", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary file"),
    "latin1.txt": ("Caf\u00e9 owners protest\n\nPARIS, July 28 -- Caf\u00e9s closed.\n"
                   .encode("latin-1"), "not UTF-8 text"),
    "truncated.txt": ("Minister vows reform\n\nBEIJING, July 28 (Xinhua) -- Reform \u4e2d"
                      .encode()[:-2], "not UTF-8 text"),
    "long-line.txt": (b"x" * 50_000_000, "characters long"),
    "truncated-records.jsonl": (b'{"record_version": 1, "id": "0123', "invalid JSON"),
}
FORMATS = list(MODULES)
PER_ARTICLE = [name for name in FORMATS if get(name).render]


def newsexport(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True,
                          timeout=300, **kwargs)


def tree(root: Path) -> dict[str, bytes]:
    """Every file under `root` (the hidden state included) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns
            for p in root.rglob("*") if p.is_file()}


def manifest(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "manifest.jsonl").read_text().splitlines()]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Generated wire articles (the repository's stories) and every kind of corrupt file."""
    root = generate(ARTICLES, tmp_path_factory.mktemp("corpus") / "in", shared=None)
    bad = root / "bad"
    bad.mkdir()
    for name, (data, _) in CORRUPT.items():
        (bad / name).write_bytes(data)
    return root


@pytest.fixture(scope="module")
def published(corpus, tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    """The reference: one uninterrupted run with two jobs."""
    out = tmp_path_factory.mktemp("published") / "out"
    return out, newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")


def test_every_good_article_in_every_format_and_each_bad_input_reported(corpus, published):
    out, result = published
    assert result.returncode == 1
    errors = [line for line in result.stderr.decode().splitlines()
              if not line.startswith("newsexport: warning:")][:-1]  # the last: the summary
    assert len(errors) == len(CORRUPT), errors
    for name, (_, reason) in CORRUPT.items():
        [line] = [e for e in errors if e.startswith(str(corpus / "bad" / name) + ":")]
        assert reason in line
    rows = manifest(out)
    assert [r["path"] for r in rows] == sorted(r["path"] for r in rows)  # input order
    good = [r for r in rows if r["status"] == "ok"]
    assert len(good) == ARTICLES and all(len(r["articles"]) == 1 for r in good)
    for row in (r for r in rows if r["status"] == "error"):
        assert row["articles"] == [] and row["outputs"] == [] and len(row["errors"]) == 1
    ids = [r["articles"][0] for r in good]
    assert len(set(ids)) == ARTICLES
    for article_id in ids:
        for name in PER_ARTICLE:
            fmt = get(name)
            assert (out / name / f"{article_id}{fmt.extension}").stat().st_size > 0
    summary = result.stderr.decode().splitlines()[-1]
    assert summary.startswith(f"{ARTICLES + len(CORRUPT)} inputs (0 unchanged), "
                              f"{ARTICLES} articles, {len(FORMATS)} formats, "
                              f"{len(CORRUPT)} failed inputs")


def test_bundles_and_feeds_hold_every_article(published):
    out, _ = published
    iris = {f"https://newsexport.example/article/{i}"
            for row in manifest(out) for i in row["articles"]}
    for bundle, syntax in (("nquads/all.nq", "nquads"), ("trig/all.trig", "trig")):
        dataset = Dataset()
        dataset.parse(out / bundle, format=syntax)
        graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
        assert graphs == iris, bundle
        assert len(dataset.graph(URIRef(sorted(iris)[0]))) > 5
    for name in ("ninjs", "ninjs3"):
        lines = (out / name / f"all.{name}.jsonl").read_text().splitlines()
        assert {json.loads(line)["uri"] for line in lines} == iris
    message = etree.parse(str(out / "newsml" / "all.newsml.xml")).getroot()
    guids = [item.get("guid") for item in message.iter("{*}newsItem")]
    assert sorted(guids) == sorted(iris)
    atom = feedparser.parse((out / "atom" / "feed.atom").read_bytes())
    assert not atom.bozo and {entry.id for entry in atom.entries} == iris  # all dated, < 100
    rss = feedparser.parse((out / "rss" / "feed.rss").read_bytes())
    assert len(rss.entries) == len(iris)


def test_warnings_are_one_line_each_per_run(published):
    _, result = published
    warnings = [line for line in result.stderr.decode().splitlines()
                if line.startswith("newsexport: warning:")]
    assert len(warnings) == len(set(warnings))
    assert sum(w.startswith("newsexport: warning: no publisher:") for w in warnings) == 1
    assert "Traceback" not in result.stderr.decode()


def test_a_rerun_does_no_work(corpus, published, tmp_path):
    out, _ = published
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    before = mtimes(copy)
    again = newsexport("publish", str(corpus), "-o", str(copy), "--jobs", "2")
    assert again.returncode == 1  # the bad inputs are still bad, and reported again
    assert mtimes(copy) == before
    assert f"({ARTICLES + len(CORRUPT)} unchanged)" in again.stderr.decode().splitlines()[-1]
    errors = [line for line in again.stderr.decode().splitlines() if line.startswith("/")]
    assert len(errors) == len(CORRUPT)


def test_jobs_1_writes_the_same_bytes_as_jobs_2(corpus, published, tmp_path):
    out, _ = published
    result = newsexport("publish", str(corpus), "-o", str(tmp_path / "one"), "--jobs", "1")
    assert result.returncode == 1
    assert tree(tmp_path / "one") == tree(out)


def test_changes_give_the_tree_a_fresh_run_gives(corpus, published, tmp_path):
    out, _ = published
    changed_in, changed_out = tmp_path / "in", tmp_path / "out"
    shutil.copytree(corpus, changed_in)
    shutil.copytree(out, changed_out)
    inputs = sorted((changed_in / "000").glob("*.txt"))
    retitled = inputs[0].read_text().replace("\n", " (updated)\n", 1)  # a new headline: new id
    inputs[0].write_text(retitled)
    inputs[1].unlink()  # a vanished input
    inputs[2].write_text(inputs[2].read_text() + "\nOne more paragraph for the record.\n")
    shutil.copy(inputs[3], changed_in / "000" / "zz-copy.txt")  # the same article twice
    rows = {row["path"].removeprefix(str(corpus)): row for row in manifest(out)}
    old = {name: rows[f"/000/{name}"]["articles"][0]
           for name in (inputs[0].name, inputs[1].name)}

    result = newsexport("publish", str(changed_in), "-o", str(changed_out), "--jobs", "2")
    assert result.returncode == 1
    stderr = result.stderr.decode()
    assert "is also in an earlier input; this copy is left out" in stderr
    fresh = tmp_path / "fresh"
    assert newsexport("publish", str(changed_in), "-o", str(fresh), "--jobs", "1").returncode == 1
    assert tree(changed_out) == tree(fresh)
    for article_id in old.values():
        assert not list(changed_out.glob(f"*/{article_id}.*"))
        assert article_id not in (changed_out / "nquads" / "all.nq").read_text()
    assert "(updated)" in (changed_out / "nquads" / "all.nq").read_text()


def test_kill_9_then_rerun_gives_the_uninterrupted_output(tmp_path):
    """A corpus big enough to kill the run half-way; then a rerun finishes the job."""
    corpus = generate(240, tmp_path / "in", shared=None)
    reference = tmp_path / "reference"
    assert newsexport("publish", str(corpus), "-o", str(reference), "--jobs", "2",
                      "-q").returncode == 0
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "exporter", "publish", str(corpus), "-o",
                                str(out), "--jobs", "2", "-q"], stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while len(list((out / "jsonld").glob("*.jsonld"))) < 60 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    written = len(list((out / "jsonld").glob("*.jsonld")))
    assert 60 <= written < 240, "the run ended before it could be killed half-way"
    assert not (out / "manifest.jsonl").exists()  # nothing claims to be done

    rerun = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    unchanged = int(rerun.stderr.decode().splitlines()[-1].split("(")[1].split()[0])
    assert unchanged >= written - 1  # what was finished is not done again
    assert tree(out) == tree(reference)
    time.sleep(0.5)  # the killed run's workers exit by themselves
    leftover = subprocess.run(["pgrep", "-f", f"publish {corpus}"], capture_output=True)
    assert leftover.stdout == b""


def test_fail_fast_stops_at_the_first_bad_input_and_a_rerun_goes_on(corpus, tmp_path):
    out = tmp_path / "out"
    result = newsexport("publish", str(corpus), "-o", str(out), "--fail-fast", "--jobs", "1")
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[-2].startswith(str(corpus / "bad" / "binary.txt"))  # 000/ sorts before bad/
    assert "stopped at the first bad input" in lines[-1]
    assert not (out / "manifest.jsonl").exists()
    assert len(list((out / "jsonld").glob("*"))) == ARTICLES
    rerun = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "1")
    assert rerun.returncode == 1
    assert f"({ARTICLES + 1} unchanged)" in rerun.stderr.decode().splitlines()[-1]
    assert len(manifest(out)) == ARTICLES + len(CORRUPT)
