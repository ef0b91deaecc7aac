"""`publish` end to end: every good article in every format, bad inputs reported, reruns
that do no work, incremental changes equal to a fresh run, kill -9 then rerun equal to an
uninterrupted run, a machine crash then rerun too, --jobs 2 equal to --jobs 1, byte for
byte, and files a web server can read. Also the order inputs are found in."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import feedparser
import pytest
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from lxml import etree
from rdflib import Dataset, URIRef

from bench.corpus import generate
from exporter.inputs import ARTICLE_SUFFIXES, discover
from exporter.pipeline import read_all
from exporter.publishing.claims import wait_for_workers
from exporter.settings import Settings
from exporter.writers import MODULES, get
from exporter.writers.newsml import news_message

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


def test_bundles_and_feeds_hold_every_article(corpus, published):
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
    records = [r for outcome in read_all([str(corpus)], Settings()) for r in outcome.records]
    assert (out / "newsml" / "all.newsml.xml").read_bytes() == news_message(records, Settings())
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


def test_an_article_left_out_as_a_copy_is_no_rework_until_its_first_copy_goes(tmp_path):
    corpus = generate(6, tmp_path / "in", shared=None)
    first = sorted((corpus / "000").glob("*.txt"))[0]
    shutil.copy(first, corpus / "000" / "zz-copy.txt")  # the same article, later in the order
    out = tmp_path / "out"
    assert newsexport("publish", str(corpus), "-o", str(out), "--jobs", "1").returncode == 0
    [copy] = [row for row in manifest(out) if row["path"].endswith("zz-copy.txt")]
    assert copy["articles"] == [] and len(copy["duplicates"]) == 1

    rerun = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")
    assert "(7 unchanged)" in rerun.stderr.decode().splitlines()[-1]
    assert "is also in an earlier input; this copy is left out" in rerun.stderr.decode()

    first.write_text(first.read_text().replace("\n", " (updated)\n", 1))  # a new id
    changed = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")
    assert changed.returncode == 0 and "(5 unchanged)" in changed.stderr.decode()
    assert "this copy is left out" not in changed.stderr.decode()
    [copy] = [row for row in manifest(out) if row["path"].endswith("zz-copy.txt")]
    assert len(copy["articles"]) == 1 and copy["duplicates"] == []  # it has the article now
    fresh = tmp_path / "fresh"
    assert newsexport("publish", str(corpus), "-o", str(fresh), "--jobs", "1").returncode == 0
    assert tree(out) == tree(fresh)


def test_kill_9_then_rerun_gives_the_uninterrupted_output(tmp_path):
    """A corpus big enough to kill the run half-way; then a rerun finishes the job."""
    corpus = generate(240, tmp_path / "in", shared=None)
    reference = tmp_path / "reference"
    assert newsexport("publish", str(corpus), "-o", str(reference), "--jobs", "2",
                      "-q").returncode == 0
    out = tmp_path / "out"
    process = subprocess.Popen([sys.executable, "-m", "exporter", "publish", str(corpus), "-o",
                                str(out), "--jobs", "2", "-q"], stderr=subprocess.DEVNULL)
    journal = out / ".newsexport" / "journal.jsonl"

    def journaled() -> list[str]:
        """The inputs done: workers place files ahead of the journal (see
        exporter.publishing.claims), so what is done is what the journal holds."""
        with contextlib.suppress(FileNotFoundError):
            return [json.loads(line)["path"] for line in journal.read_text().split("\n")[1:-1]]
        return []

    deadline = time.monotonic() + 120
    while len(journaled()) < 40 and time.monotonic() < deadline:
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait()
    for stage in (out / ".newsexport").glob("stage-*"):  # its workers notice and exit
        wait_for_workers(stage)  # before the folder is copied, as a rerun waits for them
    placed = len(list((out / "jsonld").glob("*.jsonld")))
    done = journaled()
    assert len(done) >= 40 and placed < 240, "the run ended before it could be killed half-way"
    assert not (out / "manifest.jsonl").exists()  # nothing claims to be done

    # Given only the journaled inputs, the rerun redoes nothing and removes the files the
    # workers had placed for the others: the folder holds the manifest's articles alone.
    part = tmp_path / "part"
    shutil.copytree(out, part, symlinks=True)  # the claims (see exporter.publishing.claims)
    rerun = newsexport("publish", *done, "-o", str(part), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert f"({len(done)} unchanged)" in rerun.stderr.decode().splitlines()[-1]
    articles = {i for row in manifest(part) for i in row["articles"]}
    for name in PER_ARTICLE:
        assert {p.name.split(".")[0] for p in (part / name).glob("*.*")
                if not p.name.startswith("all")} == articles, name

    rerun = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    unchanged = int(rerun.stderr.decode().splitlines()[-1].split("(")[1].split()[0])
    assert unchanged >= len(done)  # what was finished is not done again
    assert tree(out) == tree(reference)
    time.sleep(0.5)  # the killed run's workers exit by themselves
    leftover = subprocess.run(["pgrep", "-f", f"publish {corpus}"], capture_output=True)
    assert leftover.stdout == b""


def test_a_second_ctrl_c_leaves_a_working_worker_its_staging_folder(tmp_path, monkeypatch):
    """Ctrl-C stops a --jobs 2 run; a second one cuts short the pool's wait for its workers.
    A worker still placing files must find its staging folder and claims where it left
    them, and the next run, once that worker is gone, undoes what it placed ahead of the
    journal: the output is an uninterrupted run's."""
    from exporter import api
    from exporter.publishing import _Run, claims
    from exporter.publishing.work import Task, work

    corpus = generate(12, tmp_path / "in", shared=None)
    inputs = list(discover([str(corpus)]))
    seen = {}

    @contextlib.contextmanager
    def pool_cut_short(self, arguments):
        seen["context"] = self.context  # the workers' (ids claimed: a first run)
        try:
            yield None  # the inputs run inline, as a worker runs them
        finally:  # the second Ctrl-C: the pool stops waiting for a worker still running
            seen["worker"] = claims.hold_while_working(self.stage)

    place = _Run._place

    def first_ctrl_c(self, result, index):
        if result.seq == 3:  # its files are in place (claimed), its row not journaled
            raise KeyboardInterrupt
        return place(self, result, index)

    monkeypatch.setattr(_Run, "_pool", pool_cut_short)
    monkeypatch.setattr(_Run, "_place", first_ctrl_c)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.publish([corpus], out, jobs=2)
    monkeypatch.undo()
    context = seen["context"]
    assert context.claims is not None and context.stage.is_dir()
    # The worker goes on with the last input: it stages its files, claims, places them.
    result = work(Task(len(inputs) - 1, inputs[-1]), context)
    assert result.errors == [] and result.placed == result.ids != []
    os.close(seen["worker"])  # and exits

    rerun = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2")
    assert rerun.returncode == 0, rerun.stderr
    assert "(3 unchanged)" in rerun.stderr.decode().splitlines()[-1]
    assert not list((out / ".newsexport").glob("stage-*"))
    reference = tmp_path / "reference"
    assert newsexport("publish", str(corpus), "-o", str(reference), "--jobs", "2",
                      "-q").returncode == 0
    assert tree(out) == tree(reference)


def test_a_folder_an_earlier_record_version_published_is_rendered_again(tmp_path, monkeypatch):
    """The record version is one of every input's options: a plain rerun into a folder
    published with record version 1 (whose writers knew no floating date-time) renders
    every input again, as --force would, with no unchanged input skipped."""
    from exporter import api, publishing
    from exporter.record import RECORD_VERSION

    corpus = generate(6, tmp_path / "in", shared=None)
    out, reference = tmp_path / "out", tmp_path / "reference"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.publish([corpus], reference)
        monkeypatch.setattr(publishing, "RECORD_VERSION", 1)
        api.publish([corpus], out)
        monkeypatch.undo()
        earlier = next((out / "jsonld").glob("*.jsonld"))
        earlier.write_bytes(b"{}")  # what the earlier build wrote: not what this one writes
        summary = api.publish([corpus], out)
    assert (summary.inputs, summary.unchanged) == (6, 0) and RECORD_VERSION > 1
    assert tree(out) == tree(reference)


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


def test_every_file_gets_the_permissions_open_gives(tmp_path):
    """Not mkstemp's 0600: a web server serving the folder must be able to read it."""
    corpus = generate(4, tmp_path / "in", shared=None)
    out = tmp_path / "out"
    result = newsexport("publish", str(corpus), "-o", str(out), "--jobs", "2", umask=0o002)
    assert result.returncode == 0, result.stderr
    modes = {p.relative_to(out).as_posix(): oct(p.stat().st_mode & 0o777)
             for p in out.rglob("*") if p.is_file()}
    assert len(modes) > 4 * len(PER_ARTICLE)
    assert {name: mode for name, mode in modes.items() if mode != oct(0o664)} == {}


BOOT_ID = Path("/proc/sys/kernel/random/boot_id")


@pytest.mark.skipif(not BOOT_ID.exists(), reason="no boot id on this system (Linux only)")
def test_a_journal_from_before_a_machine_crash_is_not_trusted(tmp_path):
    """Files are flushed to disk once, at the end of a run. A machine that crashes before
    may lose files the journal already lists, so the next run, on a new boot, redoes them."""
    corpus = generate(6, tmp_path / "in", shared=None)
    reference = tmp_path / "reference"
    assert newsexport("publish", str(corpus), "-o", str(reference), "-q").returncode == 0
    rows = manifest(reference)
    lost = rows[0]["outputs"][0]

    def crashed(boot: str) -> Path:
        """The output of a run on `boot` that journaled every input and then died, one of
        its files lost (as a power loss can leave a file never flushed: empty)."""
        out = tmp_path / boot
        shutil.copytree(reference, out)
        (out / "manifest.jsonl").unlink()
        lines = [json.dumps({"boot": boot}), *map(json.dumps, rows)]
        (out / ".newsexport" / "journal.jsonl").write_text("\n".join(lines) + "\n")
        (out / lost).write_bytes(b"")
        return out

    same_boot = crashed(BOOT_ID.read_text().strip())
    rerun = newsexport("publish", str(corpus), "-o", str(same_boot))
    assert "(6 unchanged)" in rerun.stderr.decode()  # a dead process: its files are safe
    assert (same_boot / lost).read_bytes() == b""  # (so a lost one would stay lost)

    earlier_boot = crashed("an-earlier-boot")
    rerun = newsexport("publish", str(corpus), "-o", str(earlier_boot))
    assert rerun.returncode == 0, rerun.stderr
    assert "(0 unchanged)" in rerun.stderr.decode()
    assert "cut short by a machine restart: every input is redone" in rerun.stderr.decode()
    assert tree(earlier_boot) == tree(reference)

    # A --force run over a finished one, cut by a power loss: the manifest vouches for
    # files that run had rewritten and never flushed (here an article's and the bundle).
    forced = tmp_path / "forced"
    shutil.copytree(reference, forced)
    (forced / ".newsexport" / "journal.jsonl").write_text(
        json.dumps({"boot": "an-earlier-boot"}) + "\n" + json.dumps(rows[0]) + "\n")
    (forced / lost).write_bytes(b"")
    (forced / "nquads" / "all.nq").write_bytes(b"")
    rerun = newsexport("publish", str(corpus), "-o", str(forced))
    assert rerun.returncode == 0, rerun.stderr
    assert tree(forced) == tree(reference)


def in_sorted_rglob_order(root: Path) -> list[tuple[str, str]]:
    """What discover used to do (and must still give): sort every path of the tree."""
    return [(str(p), p.relative_to(root).as_posix()) for p in sorted(root.rglob("*"))
            if p.suffix.lower() in ARTICLE_SUFFIXES and p.is_file()]


def found(root: Path) -> list[tuple[str, str]]:
    return [(item.display, item.name) for item in discover([str(root)])]


def test_a_folder_is_walked_in_sorted_rglob_order(tmp_path, monkeypatch):
    names = ["a.txt", "a-b.txt", "a/b.txt", "a/c/d.txt", "a/c d.txt", "a/c.txt", "a0.txt",
             "A.txt", "A/x.sgm", "b.TXT", "\u00e4.txt", "a b.txt", ".hidden.txt",
             "dir.txt/inner.json", "a-b/z.jsonl", "x.png", "noext", "z/.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    (tmp_path / "linked").symlink_to(tmp_path / "a")  # listed by rglob, not walked into
    (tmp_path / "link.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "broken.txt").symlink_to(tmp_path / "missing.txt")
    expected = in_sorted_rglob_order(tmp_path)
    assert [name for _, name in expected] == [
        ".hidden.txt", "A/x.sgm", "A.txt", "a/b.txt", "a/c/d.txt", "a/c d.txt", "a/c.txt",
        "a b.txt", "a-b/z.jsonl", "a-b.txt", "a.txt", "a0.txt", "b.TXT", "dir.txt/inner.json",
        "link.txt", "\u00e4.txt"]
    assert found(tmp_path) == expected
    monkeypatch.chdir(tmp_path)  # "." names the inputs relative to it, as rglob did
    assert [item.display for item in discover(["."])] == [name for _, name in expected]


@hypothesis_settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.lists(st.text("aA-. _0\u00e9", min_size=1, max_size=3)
                                   .filter(lambda n: n not in (".", "..")),
                                   min_size=1, max_size=3),
                          st.sampled_from([".txt", ".TXT", ".json", ".png", ""])),
                max_size=20))
def test_any_tree_is_walked_in_sorted_rglob_order(paths):
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for parts, suffix in paths:
            path = root.joinpath(*parts[:-1], parts[-1] + suffix)
            with contextlib.suppress(OSError):  # a name already taken by a file or folder
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text("x")
        assert found(root) == in_sorted_rglob_order(root)


def test_the_walk_reads_a_folder_only_when_it_gets_there(tmp_path, monkeypatch):
    """The whole tree is never listed up front: the first input comes after reading the
    folders on its path alone."""
    generate(30, tmp_path, shared=None)
    for shard in ("001", "002"):
        shutil.copytree(tmp_path / "000", tmp_path / shard)
    read: list[str] = []
    scandir = os.scandir

    def recording(path):
        read.append(Path(path).name)
        return scandir(path)

    monkeypatch.setattr(os, "scandir", recording)
    walk = discover([str(tmp_path)])
    assert next(walk).name == "000/000000.txt"
    assert read == [tmp_path.name, "000"]
    assert len(list(walk)) == 3 * 30 - 1
    assert read == [tmp_path.name, "000", "001", "002"]


def test_a_rerun_into_a_relative_folder_does_no_work(tmp_path):
    """The skip compares the outputs the manifest lists (relative to -o) with those the
    input will have; a relative -o once made them differ, so every rerun redid all."""
    generate(3, tmp_path / "in", shared=None)
    first = newsexport("publish", "in", "-o", "out", cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    before = mtimes(tmp_path / "out")
    rerun = newsexport("publish", "in", "-o", "out", cwd=tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert "(3 unchanged)" in rerun.stderr.decode().splitlines()[-1]
    assert mtimes(tmp_path / "out") == before


def test_a_later_copy_placed_first_by_its_worker_gives_way_to_the_earlier_input(
        tmp_path, monkeypatch):
    """With two jobs, workers place the files of the ids they claim first (see
    exporter.publishing.claims). A later input's copy of an article, claimed while the
    earlier input's worker was still rendering, must still lose to the earlier one."""
    from exporter import api
    from exporter.publishing import _Run

    generated = generate(100, tmp_path / "generated", shared=None)  # a second of work or more
    texts = sorted(generated.rglob("*.txt"))
    records = [r for outcome in read_all([str(generated)], Settings()) for r in outcome.records]
    corpus = tmp_path / "in"
    corpus.mkdir()
    # The earlier input: every article as records, the last one's copy in the later input
    # with one more paragraph (the same source, day and headline: the same id).
    (corpus / "a.jsonl").write_bytes(b"".join(json.dumps(r).encode() + b"\n" for r in records))
    (corpus / "b.txt").write_text(texts[-1].read_text() + "\nOne more paragraph.\n")
    handed_back = []
    hand_back = _Run._hand_back
    monkeypatch.setattr(_Run, "_hand_back", lambda self, *args: (handed_back.append(args[1]),
                                                                  hand_back(self, *args)))
    with pytest.warns(UserWarning, match="also in an earlier input"):
        api.publish([corpus], tmp_path / "two", jobs=2, chunk=1)
    assert handed_back == [records[-1]["id"]]  # the later copy was placed first
    one = newsexport("publish", str(corpus), "-o", str(tmp_path / "one"), "--jobs", "1")
    assert one.returncode == 0, one.stderr
    assert tree(tmp_path / "two") == tree(tmp_path / "one")
    assert b"One more paragraph" not in (tmp_path / "one" / "nquads" / "all.nq").read_bytes()


def test_a_folder_without_symbolic_links_is_published_by_the_main_process(
        tmp_path, monkeypatch):
    """On a filesystem that has no symbolic links (FAT, some network mounts) workers cannot
    claim ids: the main process places every file, and the output is the same."""
    from exporter import api
    from exporter.publishing import claims

    def refused(*args: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    corpus = generate(12, tmp_path / "in", shared=None)
    monkeypatch.setattr(claims.os, "symlink", refused)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = api.publish([corpus], tmp_path / "two", jobs=2, chunk=2)
    assert summary.failed == 0, summary
    one = newsexport("publish", str(corpus), "-o", str(tmp_path / "one"), "--jobs", "1")
    assert one.returncode == 0, one.stderr
    assert tree(tmp_path / "two") == tree(tmp_path / "one")


def test_fail_fast_with_two_jobs_leaves_only_the_journaled_articles(tmp_path):
    """Workers may have placed files of inputs after the one that stopped the run: those
    are removed, so the folder holds what the journal says is done."""
    corpus = generate(24, tmp_path / "in", shared=None)
    (corpus / "000" / "000001a.txt").write_bytes(b"")  # the third input: an error
    out = tmp_path / "out"
    result = newsexport("publish", str(corpus), "-o", str(out), "--fail-fast", "--jobs", "2",
                        "--chunk", "1")
    assert result.returncode == 1
    lines = (out / ".newsexport" / "journal.jsonl").read_text().split("\n")[1:-1]
    articles = {i for line in lines for i in json.loads(line)["articles"]}
    assert len(articles) == 2
    for name in PER_ARTICLE:
        assert {p.name.split(".")[0] for p in (out / name).glob("*.*")} == articles, name


def test_a_filesystem_without_locks_still_publishes_with_jobs(tmp_path, monkeypatch):
    """Where flock fails (FAT, some network mounts: claims.supported), --jobs 2 publishes
    what --jobs 1 does: a worker goes on without its hold on the staging folder, and the
    run, and the next one finding a stale staging folder, without waiting on one."""
    import errno
    import fcntl

    from exporter import api

    def no_locks(*_args):
        raise OSError(errno.ENOLCK, "No locks available")

    corpus = generate(6, tmp_path / "in", shared=None)
    reference = tmp_path / "reference"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        api.publish([corpus], reference, jobs=1)
        monkeypatch.setattr(fcntl, "flock", no_locks)  # the pool's workers are forked
        out = tmp_path / "out"
        api.publish([corpus], out, jobs=2)
        assert tree(out) == tree(reference)
        stale = out / ".newsexport" / "stage-999999999"
        stale.mkdir()
        (stale / "workers.lock").touch()
        api.publish([corpus], out, jobs=2)
    assert not stale.exists()
    assert tree(out) == tree(reference)
