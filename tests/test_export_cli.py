"""`export` as a user runs it: the seed to stdout in each format, several articles as a
bundle or a feed, records from `parse` as input, the -o DIR layout, options, errors."""

from __future__ import annotations

import json
import subprocess
import sys

import feedparser
import pytest
from lxml import etree
from rdflib import Dataset, Graph

from exporter.pipeline import read_all
from exporter.settings import Settings
from exporter.writers import MODULES, get
from exporter.writers.newsml import news_message

from .conftest import GOLDEN, ROOT, SEED

FIXTURES = ROOT / "tests" / "fixtures" / "wire"
NOW = "2022-03-04T00:00:00+00:00"


def newsexport(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], input=stdin,
                          capture_output=True, timeout=120)


def seed_record() -> dict:
    record = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    record["provenance"]["input"] = SEED.name
    return record


@pytest.mark.filterwarnings("ignore::UserWarning")  # the writer's own, rendered here too
@pytest.mark.parametrize("name", [n for n in MODULES if get(n).render])
def test_the_seed_to_stdout_is_the_formats_document(name):
    result = newsexport("export", str(SEED), "--to", name)
    assert result.returncode == 0, result.stderr
    assert result.stdout == get(name).render(seed_record(), Settings())
    lines = result.stderr.decode().splitlines()
    assert all(line.startswith("newsexport: warning: ") for line in lines)
    assert len(lines) == len(set(lines))


@pytest.mark.parametrize(("name", "golden"), [("jsonld", "seed.jsonld"), ("turtle", "seed.ttl")])
def test_the_seed_to_stdout_matches_the_golden_files(name, golden):
    assert newsexport("export", str(SEED), "--to", name).stdout == (GOLDEN / golden).read_bytes()


def test_records_from_parse_export_like_the_text():
    records = newsexport("parse", str(SEED)).stdout
    piped = newsexport("export", "-", "--to", "jsonld", stdin=records)
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout == (GOLDEN / "seed.jsonld").read_bytes()


def test_several_articles_stream_as_the_bundle():
    result = newsexport("export", str(FIXTURES), "--to", "nquads")
    assert result.returncode == 0, result.stderr
    dataset = Dataset()
    dataset.parse(data=result.stdout, format="nquads")
    graphs = {str(g.identifier) for g in dataset.graphs() if len(g)}
    assert len(graphs) == len(list(FIXTURES.glob("*.txt")))
    trig = newsexport("export", str(FIXTURES), "--to", "trig").stdout
    assert trig.count(b"@prefix schema:") == 1
    assert len(Dataset().parse(data=trig, format="trig")) == len(dataset)


def test_several_articles_in_newsml_are_one_news_message():
    result = newsexport("export", str(FIXTURES), "--to", "newsml", "--now", NOW)
    root = etree.fromstring(result.stdout)
    assert etree.QName(root).localname == "newsMessage"
    assert len(list(root.iter("{*}newsItem"))) == len(list(FIXTURES.glob("*.txt")))
    records = [r for outcome in read_all([str(FIXTURES)], Settings()) for r in outcome.records]
    dated = Settings(feed={"now": NOW})
    assert result.stdout == news_message(records, dated)  # streamed, the same bytes
    undated = [r for r in records if news_message([r], dated) != news_message([r], Settings())]
    assert undated  # without --now, the articles nothing dates have no item, never 1970
    plain = newsexport("export", str(FIXTURES), "--to", "newsml")
    assert len(list(etree.fromstring(plain.stdout).iter("{*}newsItem"))) == \
        len(records) - len(undated)
    assert b"1970-01-01" not in plain.stdout


def test_a_batch_document_that_cannot_be_made_replaces_no_earlier_one(tmp_path):
    """No article, no newsMessage: the error is reported and the last batch's file removed,
    so nobody takes it for this batch's; the stream into it leaves no temporary file."""
    out = tmp_path / "out"
    assert newsexport("export", str(FIXTURES), "--to", "newsml", "-o", str(out)).returncode == 0
    assert (out / "newsml" / "all.newsml.xml").is_file()
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    result = newsexport("export", str(bad), "--to", "newsml", "-o", str(out))
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"{bad}: empty file",
        "newsml/all.newsml.xml: --to: a NewsML-G2 newsMessage needs at least one article"]
    assert not (out / "newsml" / "all.newsml.xml").exists()
    assert [p.name for p in (out / "newsml").iterdir() if p.name.startswith(".")] == []


def test_a_feed_to_stdout_with_its_options():
    result = newsexport("export", str(FIXTURES), "--to", "atom", "--limit", "3", "--now", NOW,
                        "--publisher-name", "Example News",
                        "--publisher-url", "https://news.example/")
    assert result.returncode == 0, result.stderr
    feed = feedparser.parse(result.stdout)
    assert not feed.bozo
    assert feed.feed.title == "Example News"
    assert feed.feed.link == "https://news.example/"
    assert len(feed.entries) == 3
    assert b"no publisher" not in result.stderr


def test_one_document_per_article_formats_need_a_folder_for_several():
    result = newsexport("export", str(FIXTURES), "--to", "turtle")
    assert result.returncode == 2
    assert "use -o DIR" in result.stderr.decode()
    several = newsexport("export", str(SEED), "--to", "jsonld,turtle")
    assert several.returncode == 2 and "several formats need -o DIR" in several.stderr.decode()


def test_publisher_options_reach_the_json_ld_and_are_checked():
    result = newsexport("export", str(SEED), "--to", "jsonld", "--publisher-name", "Example News",
                        "--publisher-logo", "https://news.example/logo.png")
    nodes = json.loads(result.stdout)["@graph"]
    publisher = next(n for n in nodes if n.get("name") == "Example News")
    assert publisher["logo"] == "https://news.example/logo.png"
    assert result.stderr == b""
    alone = newsexport("export", str(SEED), "--to", "jsonld", "--publisher-url", "https://x.example/")
    assert alone.returncode == 2 and "--publisher-name" in alone.stderr.decode()


def test_folder_layout_bundles_and_feeds(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = tmp_path / "out"
    result = newsexport("export", str(FIXTURES), str(bad), "--to", "jsonld,nquads,trig,rss",
                        "-o", str(out), "--now", NOW)
    assert result.returncode == 1
    errors = [line for line in result.stderr.decode().splitlines()
              if not line.startswith("newsexport: warning:")]
    assert errors == [f"{bad}: empty file"]
    ids = sorted(p.stem for p in (out / "jsonld").glob("*.jsonld"))
    assert len(ids) == len(list(FIXTURES.glob("*.txt")))
    assert sorted(p.name for p in (out / "nquads").iterdir()) == sorted(
        [f"{i}.nq" for i in ids] + ["all.nq"])
    assert sorted(p.stem for p in (out / "trig").glob("*.trig") if p.stem != "all") == ids
    assert sorted(p.name for p in out.iterdir()) == ["jsonld", "nquads", "rss", "trig"]
    dataset = Dataset()
    dataset.parse(out / "trig" / "all.trig", format="trig")
    assert {str(g.identifier).rsplit("/", 1)[1] for g in dataset.graphs() if len(g)} == set(ids)
    for article_id in ids:
        one = Graph().parse(out / "nquads" / f"{article_id}.nq", format="nquads")
        assert len(one) == 0  # N-Quads: the triples are in the article's named graph
    assert feedparser.parse((out / "rss" / "feed.rss").read_bytes()).entries
    warnings = [line for line in result.stderr.decode().splitlines() if "warning" in line]
    assert len(warnings) == len(set(warnings))


def test_unknown_format_is_one_line():
    result = newsexport("export", str(SEED), "--to", "docx")
    assert result.returncode == 1
    assert result.stderr.decode().startswith("newsexport: --to: unknown format 'docx'")


def test_dash_as_the_output_is_standard_output_not_a_folder(tmp_path):
    result = subprocess.run([sys.executable, "-m", "exporter", "export", str(SEED), "--to",
                             "turtle", "-o", "-"], capture_output=True, timeout=120, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout == (GOLDEN / "seed.ttl").read_bytes()
    refused = subprocess.run([sys.executable, "-m", "exporter", "publish", str(SEED), "-o", "-"],
                             capture_output=True, timeout=120, cwd=tmp_path)
    assert refused.returncode == 2
    assert b"publish writes a folder of files, not a stream" in refused.stderr
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("fmt", ["atom", "newsml"])
def test_a_feed_with_nothing_to_write_on_stdout_is_an_error_not_an_empty_success(
        tmp_path, fmt):
    """As one undated article's NewsML-G2 is: empty stdout with exit 0 hid the failure."""
    story = tmp_path / "undated.txt"
    story.write_text("Bridge reopens after repairs\n\nThe bridge reopened after two years "
                     "of repairs, officials said.\n\nTraffic was light.\n", encoding="utf-8")
    inputs = [str(story), str(story)] if fmt == "newsml" else [str(story)]  # a newsMessage
    result = newsexport("export", *inputs, "--to", fmt)
    assert result.returncode == 1 and result.stdout == b""
    assert result.stderr.decode().splitlines()[-1] == \
        f"newsexport: no {fmt} document from these articles (see the warning above)"
    dated = newsexport("export", *inputs, "--to", fmt, "--now", "2021-07-29T12:00:00Z")
    assert dated.returncode == 0, dated.stderr
    assert dated.stdout.startswith(b"<?xml")


def test_a_news_sitemap_without_a_publisher_says_so_not_that_no_article_was_found(tmp_path):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(b"")
    result = newsexport("export", str(SEED), str(bad), "--to", "news-sitemap")
    assert result.returncode == 1 and result.stdout == b""
    lines = result.stderr.decode().splitlines()
    assert f"{bad}: empty file" in lines  # an input after the writer gave up is still read
    assert lines[-1] == \
        "newsexport: no news-sitemap document from these articles (see the warning above)"
