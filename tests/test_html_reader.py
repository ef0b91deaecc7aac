"""HTML pages: decoding, what the page declares, the article text, hostile pages, and the
three real-page corpora in ../shared (article body F1 and metadata)."""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import re
import subprocess
import sys
import warnings
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from exporter import readers
from exporter.checking.vocabulary import Vocabulary, check_graph
from exporter.errors import InputError
from exporter.inputs import discover
from exporter.readers import html
from exporter.readers.html import content, decode
from exporter.readers.html.declared import split_names
from exporter.readers.html.text import read_as_wire_text
from exporter.readers.html.tree import parse as parse_tree
from exporter.readers.html.when import iso, printed_day
from exporter.record import Article, ReadContext
from exporter.settings import Settings
from exporter.validation import first_error
from exporter.writers import MODULES, get
from exporter.writers.rdf import article_graph
from tests.conftest import SCHEMAORG
from tests.test_jsonld import DAILY

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")

# A page as CMSs build them: JSON-LD @graph with @id references, OpenGraph, a canonical URL,
# a "today" box in the header, a figure with a credit, a datelined body, a related-links box.
PAGE_FILE = Path(__file__).resolve().parent / "fixtures" / "html" / "page.html"
PAGE = PAGE_FILE.read_text(encoding="utf-8")
BODY = " ".join(["The council voted on Tuesday to rebuild the old bridge over the river."] * 8)


def read(data: bytes | str, name: str = "page.html") -> Article:
    raw = data.encode("utf-8") if isinstance(data, str) else data
    ctx = ReadContext(name, hashlib.sha256(raw).hexdigest())
    records = list(readers.read(raw, ctx))
    assert len(records) == 1
    assert first_error(records[0]) is None
    return records[0]


# ---------------------------------------------------------------------------- recognising, decoding

@pytest.mark.parametrize("name", ["a.html", "a.HTM", "a.html.gz", "a.xhtml"])
def test_html_is_recognised_by_its_name(name: str) -> None:
    assert readers.choose(b"anything", name) is html


@pytest.mark.parametrize("head", [b"<!DOCTYPE html><html>", b"\xef\xbb\xbf<!doctype HTML>",
                                  b"  <!-- saved --><html lang=en>", b"<html><head>",
                                  b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">'])
def test_html_is_recognised_by_its_content(head: bytes) -> None:
    assert readers.choose(head + b"<body></body></html>", "stdin") is html


def test_wire_text_and_xml_are_not_taken_for_html() -> None:
    assert readers.choose(b"Headline\n\nBEIJING, July 1 (Xinhua) -- Text.", "a.txt") is not html
    assert readers.choose(b'<?xml version="1.0"?><newsItem/>', "a.xml") is not html


def test_a_page_was_read_as_wire_text_before_and_is_an_html_record_now() -> None:
    """issue 13 item 24: `<!DOCTYPE html>` was the headline, markup was the body."""
    record = read(PAGE, "stdin")
    assert record["provenance"]["reader"] == "html"
    assert not any("<" in p for p in record["body"])


def test_charset_order_bom_then_meta_then_fallback() -> None:
    latin = '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    assert "é" in decode.page_text((latin + "<p>café</p>").encode("cp1252"), "x")
    # iso-8859-1 means windows-1252, as in browsers: 0x93/0x94 are curly quotes
    assert "“x”" in decode.page_text(latin.encode() + b"<p>\x93x\x94</p>", "x")
    gbk = '<meta charset="gb2312"><p>新华网</p>'.encode("gb18030")
    assert "新华网" in decode.page_text(gbk, "x")
    bom = "\ufeff<p>Grüße</p>".encode("utf-16-le")
    assert "Grüße" in decode.page_text(codecs_bom_le() + bom[2:], "x")
    # a declaration after 1024 bytes of <head> still counts, as when the parser meets it
    late = "<html><head><!--" + "x" * 2000 + '--><meta charset="windows-1251"></head><p>Москва'
    assert "Москва" in decode.page_text(late.encode("cp1251"), "x")
    # no declaration: UTF-8 when valid, else windows-1252
    assert "naïve" in decode.page_text("<p>naïve</p>".encode(), "x")
    assert "naïve" in decode.page_text("<p>naïve</p>".encode("cp1252"), "x")
    # a page saved again as UTF-8 under its old legacy declaration is read as UTF-8
    assert "Zoë" in decode.page_text((latin + "<p>Zoë</p>").encode("utf-8"), "x")


def codecs_bom_le() -> bytes:
    return b"\xff\xfe"


def test_gzip_pages_are_unpacked_and_a_cut_one_is_one_error() -> None:
    packed = gzip.compress(PAGE.encode())
    assert read(packed, "page.html.gz")["headline"] == "Council votes to rebuild the bridge"
    with pytest.raises(InputError, match="cut short"):
        decode.page_text(packed[:200], "x.html.gz")


# ---------------------------------------------------------------------------- declared first

def test_declared_values_win_and_say_where_they_came_from() -> None:
    record = read(PAGE)
    assert record["headline"] == "Council votes to rebuild the bridge"
    assert record["date_published"] == "2021-03-04T10:15:00+01:00"  # JSON-LD over the meta tag
    assert record["date_modified"] == "2021-03-05"
    assert [a["name"] for a in record["authors"]] == ["Ann Writer"]  # via the @graph's @id
    assert record["publisher"]["name"] == "The Daily Example"
    assert record["language"] == "en-GB"
    assert record["url"] == "https://daily.example/news/bridge"
    assert record["images"][0]["url"] == "https://daily.example/img/bridge.jpg"
    assert record["images"][0]["caption"] == "The old bridge"
    assert record["images"][0]["credit"] == "Jo Photo"
    river = next(i for i in record["images"] if i["url"].endswith("river.jpg"))
    assert (river["caption"], river["credit"]) == ("The river in spring", "Photo: Sam Lens")
    assert record["provenance"]["origins"] == {
        "authors": "json-ld", "body": "text", "date_modified": "json-ld",
        "date_published": "json-ld", "dateline": "text", "headline": "json-ld",
        "images": "json-ld", "language": "meta", "publisher": "json-ld", "url": "meta"}


def test_the_text_is_read_with_the_wire_text_knowledge() -> None:
    record = read(PAGE)
    assert record["dateline"]["place_name"] == "Springfield"
    assert record["dateline"]["agency"] == "Reuters"
    assert record["body"][0].startswith("The council voted")
    assert len(record["body"]) == 3
    assert "Another story entirely" not in " ".join(record["body"])


def test_the_extracted_text_stays_body_from_its_first_paragraph_to_its_last() -> None:
    """An embedded post's signature and a closing credit read like metadata lines but are
    printed in the article; what follows its end (a related-stories list) is not the story."""
    story = [f"The council met on Tuesday and agreed on point {n} of the plan for the bridge, "
             "which has been closed since the winter floods." for n in range(1, 6)]
    paragraphs = [*story[:3], "The bridge is closed again, and nobody says for how long.",
                  "— Cy Walker (@cywalker) December 22, 2014", *story[3:],
                  "(Reporting by Ann Writer; Editing by Bo Editor)",
                  "Related Articles:", "A different story about the old mill", "Take Quiz"]
    record = read_as_wire_text(paragraphs, ReadContext("page.html", "0"), "html")
    assert record is not None
    assert record["body"] == paragraphs[:8]
    assert [a["name"] for a in record["authors"]] == ["Ann Writer"]  # from the closing credit


def test_the_description_settles_which_reading_holds_the_article() -> None:
    """The precise reading is dropped for the default one when it lost the article (a comment
    policy, a copy notice), not when it holds the declared description: a photo essay's
    opening, against a default reading of its captions."""
    opening = [" ".join([f"The protests grew again this spring, part {n} of the story."] * 4)
               for n in (1, 2)]
    captions = [f"Demonstrators march in the city centre on day {n} of the protests."
                for n in range(40)]
    notice = ["This copy is for your personal, non-commercial use only."]
    assert content.lost(notice, opening + captions, opening[0])
    assert not content.lost(opening, captions, opening[0])
    assert content.lost(opening, captions, None)  # without a description, the longer one
    assert not content.lost(opening, opening + captions[:5], None)  # it kept most


def test_an_article_element_beside_the_storys_own_is_another_story() -> None:
    story = [f"The council voted on Tuesday to rebuild the old bridge, point {n}." for n in "ab"]
    entry = "The live blog's second entry says the vote was close and the bridge will wait."
    other = "A reflection on friendship, the next post of an endless page, about life."
    inside = "A quote box inside the story, which is part of the story and stays in it."
    page = (f"<html><body><main><article class=post><p>{story[0]}</p>"
            f"<article class=quote><p>{inside}</p></article><p>{story[1]}</p></article>"
            f"<article class=post><p>{entry}</p></article>"
            f"<div class=more><article class=card><p>{other}</p></article></div>"
            "</main></body></html>")
    tree = parse_tree(page, "page.html")
    found = [story[0], inside, story[1], entry, other]
    assert content._without_other_items(tree, found) == found[:4]


def test_without_declarations_the_page_itself_is_read() -> None:
    bare = re.sub(r"<script.*?</script>|<meta[^>]*>|<link[^>]*>", "", PAGE, flags=re.S)
    record = read(bare.replace(' lang="en-GB"', ""))
    assert record["headline"] == "Council votes to rebuild the bridge"  # the <h1>
    assert record["date_published"] is None  # never the "today" box in the header
    assert record["url"] is None and record["language"] == "en"  # from its words
    assert record["provenance"]["origins"]["headline"] == "text"
    assert record["provenance"]["origins"]["language"] == "text"


def test_a_page_whose_text_is_only_declared() -> None:
    script = ('<script type="application/ld+json">{"@type": "WebPage", "mainEntity": '
              '{"@type": "ReportageNewsArticle", "headline": "Only declared", '
              '"articleBody": "First paragraph.\\n\\nSecond &amp; last."}}</script>')
    record = read(f"<html><head>{script}</head><body><div id=app></div></body></html>")
    assert record["body"] == ["First paragraph.", "Second & last."]
    assert record["provenance"]["origins"] == {"body": "json-ld", "headline": "json-ld"}


@pytest.mark.parametrize(("text", "language"), [
    ("Le conseil municipal a voté mardi pour la reconstruction du vieux pont sur la rivière, "
     "qui est fermé depuis les inondations de l'hiver dernier. ", "fr"),
    ("Der Stadtrat hat am Dienstag für den Wiederaufbau der alten Brücke über den Fluss "
     "gestimmt, die seit dem Hochwasser im letzten Winter gesperrt ist. ", "de"),
    ("市议会周二投票决定重建河上的旧桥。", "zh"),
    ("市議会は火曜日、川に架かる古い橋の再建を決めた。", "ja")])
def test_an_untagged_page_gets_its_language_from_its_text(text: str, language: str) -> None:
    record = read(f"<html><head><title>Le pont</title></head><body><p>{text * 6}</p></body></html>")
    assert record["language"] == language
    assert record["provenance"]["origins"]["language"] == "text"


def test_headline_without_the_site_name_and_authors_without_labels() -> None:
    page = PAGE.replace('"headline": "Council votes to rebuild the bridge",', "")
    page = page.replace('"name": "Ann Writer"', '"name": "Submitted"')
    record = read(page.replace("<h1>Council votes to rebuild the bridge</h1>", ""))
    assert record["headline"] == "Council votes to rebuild the bridge"  # og:title, site cut
    assert record["authors"] == []  # "Submitted" is a label, the meta author the publisher


@pytest.mark.parametrize(("title", "site", "url", "headline"), [
    ("Senate passes the bill | CNN Politics", None, "https://edition.cnn.com/a", None),
    ("Senate passes the bill-新华网", "新华网", None, None),
    ("Senate passes the bill：日本経済新聞", "日本経済新聞社", None, None),
    ("The Daily Example | Senate passes the bill", "The Daily Example", None, None),
    ("Doubts grow over the bill | BT", None, "https://www.bt.com/news/a",
     "Doubts grow over the bill"),
    ("Senate passes the bill: what it means", "Daily", None,
     "Senate passes the bill: what it means"),
    ("Senate passes the bill　（写真＝ロイター）　：日本経済新聞", "日本経済新聞社", None, None),
    ("Senate passes the bill (Photo: AP) | CNN Politics", None, "https://edition.cnn.com/a", None),
    ("Senate passes the bill (and the House waits)", None, None,
     "Senate passes the bill (and the House waits)")])
def test_the_site_name_is_cut_from_the_headline(title: str, site: str | None, url: str | None,
                                                headline: str | None) -> None:
    head = f"<title>{title}</title><meta property='og:title' content='{title}'>"
    head += f"<meta property='og:site_name' content='{site}'>" if site else ""
    head += f"<link rel=canonical href='{url}'>" if url else ""
    page = f"<html><head>{head}</head><body><p>{BODY}</p></body></html>"
    assert read(page)["headline"] == (headline or "Senate passes the bill")


@pytest.mark.parametrize(("byline", "names"), [
    ("By Jane Doe and John Roe", ["Jane Doe", "John Roe"]),
    ("Analysis by Chris Writer", ["Chris Writer"]), ("Текст: Анна Петрова", ["Анна Петрова"]),
    ("BY JANE DOE", ["JANE DOE"]), ("von Max Muster", ["Max Muster"]),
    ("Von Miller", ["Von Miller"]), ("Abby Smith", ["Abby Smith"])])
def test_byline_names(byline: str, names: list[str]) -> None:
    assert split_names(byline) == names


def test_the_sites_name_in_an_author_slot_is_no_person() -> None:
    page = PAGE.replace('"name": "Ann Writer"', '"name": "Daily Example Business"')
    assert read(page)["authors"] == []


@pytest.mark.parametrize(("value", "expected"), [
    ("2021-03-04T10:15:00.000Z", "2021-03-04T10:15:00Z"),
    ("2021-03-04T10:15:00+0530", "2021-03-04T10:15:00+05:30"),
    ("2021-03-04 10:15", "2021-03-04T10:15:00"),  # no zone: a floating date-time
    ("Thu, 04 Mar 2021 10:15:00 GMT", "2021-03-04T10:15:00Z"),
    ("20210304", "2021-03-04"), ("2021-02-30", None), ("yesterday", None)])
def test_declared_dates(value: str, expected: str | None) -> None:
    assert iso(value) == expected


def test_printed_dates_in_several_spellings() -> None:
    assert printed_day("2018年6月18日 10:01 発信地") == "2018-06-18"
    assert printed_day("Updated Nov. 17, 2023") == "2023-11-17"
    assert printed_day("17 November 2023") == "2023-11-17"
    assert printed_day("segunda-feira, 22 de janeiro de 2018 às 0:13", "pt-BR") == "2018-01-22"
    assert printed_day("Aktualisiert am 17. November 2023", "de") == "2023-11-17"
    assert printed_day("17 ноября 2023 года", "ru") == "2023-11-17"
    assert printed_day("no date here at all", "fr") is None


# ---------------------------------------------------------------------------- hostile pages

def hostile_pages(folder: Path) -> dict[str, str]:
    """name -> the start of the one error line each hostile page gets (None: read, warned)."""
    good = PAGE
    (folder / "big.html").write_bytes(b"<html><body><p>" + b"word " * 10_500_000 + b"</p>")
    (folder / "nested.html").write_text("<html><body>" + "<div>" * 100_000 + "deep"
                                        + "</div>" * 100_000 + "</body></html>")
    (folder / "wide.html").write_text("<html><body>" + "<p>a b</p>" * 150_000 + "</body></html>")
    (folder / "script-only.html").write_text(
        "<html><head><script>var a = 1;</script></head><body><script>go()</script></body></html>")
    (folder / "wrong-charset.html").write_bytes(
        good.encode("utf-8").replace(b"bridge over", "bridge \xf6ver".encode("cp1252")))
    (folder / "bad-json-ld.html").write_text(good.replace(
        "<head>", '<head><script type="application/ld+json">{"@type": x</script>'))
    (folder / "good.html").write_text(good)
    return {"big.html": "page is over", "nested.html": "elements nested",
            "script-only.html": "no article text",
            "wrong-charset.html": "the page declares charset",
            "wide.html": "page holds 150,00"}


def test_hostile_pages_are_one_line_each_and_never_stop_the_batch(tmp_path: Path) -> None:
    expected = hostile_pages(tmp_path)
    run = subprocess.run([sys.executable, "-m", "exporter", "parse", str(tmp_path)],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 1
    records = [json.loads(line) for line in run.stdout.splitlines()]
    assert [Path(r["provenance"]["input"]).name for r in records] == ["bad-json-ld.html",
                                                                      "good.html"]
    lines = run.stderr.strip().splitlines()
    errors = {Path(line.split(":")[0]).name: line for line in lines if "warning" not in line}
    assert set(errors) == set(expected)
    for name, start in expected.items():
        assert errors[name].split(": ", 1)[1].startswith(start), errors[name]
    assert [line for line in lines if "JSON-LD block 1 is not JSON" in line]
    assert "Traceback" not in run.stderr


def test_standard_input_from_html(tmp_path: Path) -> None:
    for options in ([], ["--from", "html"]):
        run = subprocess.run([sys.executable, "-m", "exporter", "parse", "-", *options],
                             input=PAGE_FILE.read_bytes(), capture_output=True, timeout=300)
        assert run.returncode == 0, run.stderr
        record = json.loads(run.stdout)
        assert record["provenance"]["reader"] == "html"
        assert record["headline"] == "Council votes to rebuild the bridge"
    run = subprocess.run([sys.executable, "-m", "exporter", "parse", "-", "--from", "wire-text"],
                         input=b"Headline\n\nLONDON (Reuters) - Text of the story.",
                         capture_output=True, timeout=300)
    assert json.loads(run.stdout)["dateline"]["agency"] == "Reuters"


def test_pages_are_exported_published_and_loaded(tmp_path: Path) -> None:
    runs = {"export": ["export", str(PAGE_FILE), "--to", "jsonld,newsml", "-o",
                       str(tmp_path / "x")],
            "publish": ["publish", str(PAGE_FILE.parent), "-o", str(tmp_path / "p"), "-q"],
            "load": ["load", str(PAGE_FILE), "--store", str(tmp_path / "store")]}
    for name, arguments in runs.items():
        run = subprocess.run([sys.executable, "-m", "exporter", *arguments], capture_output=True,
                             text=True, timeout=600)
        assert run.returncode == 0, (name, run.stderr)
    assert "1 article(s) loaded" in run.stderr
    assert "Council votes" in (tmp_path / "p/jsonld").joinpath(
        next((tmp_path / "p/jsonld").iterdir()).name).read_text(encoding="utf-8")


def test_without_the_html_extra_an_html_input_is_one_line(tmp_path: Path) -> None:
    page = tmp_path / "p.html"
    page.write_text(PAGE)
    code = ("import sys; sys.modules['trafilatura'] = None; from exporter.cli import main; "
            "sys.argv = ['newsexport', 'parse', sys.argv[1]]; main()")
    run = subprocess.run([sys.executable, "-c", code, str(page)], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 1
    assert run.stderr.strip().endswith("pip install 'newsexport[html]'")
    assert len(run.stderr.strip().splitlines()) == 1


# ---------------------------------------------------------------------------- every format

@pytest.fixture(scope="module")
def vocab(shared: Path) -> Vocabulary:
    return Vocabulary.load(shared / SCHEMAORG)


def schema_problems(record: Article, vocab: Vocabulary) -> list[str]:
    graph = article_graph(record, DAILY)
    return [str(p) for p in check_graph(graph, vocab, only_schema=True)]


def fixture_records(shared: Path) -> list[Article]:
    folder = shared / "corpora/newspaper4k-fixtures/html"
    return [read(p.read_bytes(), p.name) for p in sorted(folder.glob("*.html"))
            if (folder.parent / "metadata" / (p.stem + ".json")).exists()]


def test_html_records_export_to_every_format_and_use_schema_org_right(shared: Path,
                                                                      vocab: Vocabulary) -> None:
    records = [read(PAGE), *fixture_records(shared)]
    # --now dates the NewsML-G2 items of pages that print no date
    settings = DAILY.with_options(feed={**DAILY.feed, "now": "2026-01-01T00:00:00+00:00"})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in MODULES:
            form = get(name)
            if form.render:
                for record in records:
                    assert form.render(record, settings)
            if form.feed or form.stream_feed:
                out = io.BytesIO()
                # a news sitemap lists the two days before --now: none of these pages
                assert form.write_feed(records, DAILY if name == "news-sitemap" else settings,
                                       out), name
                assert out.getvalue()
    problems = {r["provenance"]["input"]: schema_problems(r, vocab) for r in records}
    assert {name: found for name, found in problems.items() if found} == {}


# ---------------------------------------------------------------------------- real pages

def shingles(text: str) -> Counter:
    """4-word shingles of \\w+ tokens: the article-extraction benchmark's unit of overlap."""
    words = re.findall(r"\w+", text or "")
    return Counter(tuple(words[i:i + 4]) for i in range(max(1, len(words) - 3)) if words)


def body_f1(pairs: list[tuple[str, str]]) -> tuple[float, int]:
    """(F1 of the macro-averaged precision and recall, pages below F1 0.5) over
    (truth, output) pairs, per-page normalised as the benchmark does."""
    precisions, recalls, bad = [], [], 0
    for truth, output in pairs:
        t, o = shingles(truth), shingles(output)
        tp, fp, fn = sum((t & o).values()), sum((o - t).values()), sum((t - o).values())
        p = tp / (tp + fp) if tp + fp else (1.0 if not fn else 0.0)
        r = tp / (tp + fn) if tp + fn else 1.0
        if tp + fp:
            precisions.append(p)
        if tp + fn:
            recalls.append(r)
        bad += (2 * p * r / (p + r) if p + r else 0.0) < 0.5
    mp, mr = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    return 2 * mp * mr / (mp + mr), bad


def scored_text(record: Article) -> str:
    paragraphs = list(record["body"])
    if record["dateline"]:
        paragraphs[0] = record["dateline"]["text"] + " " + paragraphs[0]
    return "\n\n".join(paragraphs)


@pytest.fixture(scope="module")
def benchmark(shared: Path) -> list[tuple[str, Article]]:
    """(hand-checked body, record) of the article-extraction benchmark's 181 pages."""
    root = shared / "corpora/article-extraction-benchmark"
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # three pages hold a JSON-LD block that is not JSON
        return [(truth[k]["articleBody"],
                 read((root / "html" / f"{k}.html.gz").read_bytes(), f"{k}.html.gz"))
                for k in sorted(truth)]


def test_article_extraction_benchmark(benchmark: list[tuple[str, Article]]) -> None:
    f1, bad = body_f1([(truth, scored_text(record)) for truth, record in benchmark])
    assert len(benchmark) == 181
    assert f1 >= 0.972 and bad <= 2, (f1, bad)


def test_benchmark_records_use_schema_org_right(benchmark: list[tuple[str, Article]],
                                               vocab: Vocabulary) -> None:
    problems = {r["provenance"]["input"]: schema_problems(r, vocab) for _, r in benchmark}
    assert {name: found for name, found in problems.items() if found} == {}
    assert sum(bool(r["url"]) for _, r in benchmark) >= 170  # canonical URLs, for the feeds
    assert sum(any(i["url"] for i in r["images"]) for _, r in benchmark) >= 170
    assert sum(bool(r["date_published"]) for _, r in benchmark) >= 160


def is_note(text: str) -> bool:
    """An empty truth or a reviewer's all-caps note ("MISSED LAST PARAGRAPH"): no body."""
    letters = re.findall("[A-Za-z]", text)
    return not text.strip() or (len(text.split()) < 25 and bool(letters)
                                and sum(c.isupper() for c in letters) / len(letters) > 0.7)


# Pages of the fulltext set whose text file is not the page's article but another block of
# the page, and the class or id of the element (or an ancestor) that holds that text.
TRUTH_NOT_THE_ARTICLE = {
    "architecturaldigest.com2": ("cn_newsletter", "the side rail's newsletter sign-up box"),
    "elle.com1": ("moduleNewsletter", "the side rail's newsletter sign-up box"),
    "cricket.com.au2": ("video-latest", "another video's description in the latest-videos row"),
    "backstage.com1": ("castingIntro", "the site's 'still under review' notice"),
    "cntraveler.com1": ("ssw-content-slide-content", "one of the slideshow's 9 slides"),
    "cntraveler.com2": ("ssw-content-slide-content", "one of the slideshow's 9 slides"),
}


def fulltext_pairs(root: Path) -> dict[str, tuple[str, Path]]:
    """page name -> (the text file's text, the page) for the set's clean 130 pages."""
    renamed = {"arabic": "arabic_article", "chinese": "chinese_article", "cnn": "cnn_article",
               "japanese": "japanese_article", "japanese2": "japanese_article2",
               "spanish": "spanish_article", "thai": "thai_article"}
    pairs = {}
    for text in sorted((root / "text").glob("*.txt")):
        page = root / "html" / (renamed.get(text.stem, text.stem) + ".html")
        truth = text.read_text(encoding="utf-8")
        if page.exists() and not is_note(truth):
            pairs[page.stem] = (truth, page)
    return pairs


def test_newspaper_fulltext_pages(shared: Path) -> None:
    pairs = fulltext_pairs(shared / "corpora/newspaper4k-fulltext")
    scored = {name: (truth, scored_text(read(page.read_bytes(), page.name)))
              for name, (truth, page) in pairs.items()}
    f1, bad = body_f1(list(scored.values()))
    assert len(scored) == 130
    # 0.934 with the first wire-text reader, 0.928 with the staged one, 0.938 since; trafilatura
    # in the same run: 0.920
    assert f1 >= 0.937 and bad <= 6, (f1, bad)
    articles = [pair for name, pair in scored.items() if name not in TRUTH_NOT_THE_ARTICLE]
    f1, bad = body_f1(articles)
    assert f1 >= 0.95 and bad == 0, (f1, bad)


@pytest.mark.parametrize("name", sorted(TRUTH_NOT_THE_ARTICLE))
def test_where_the_fulltext_truth_is_not_the_article(shared: Path, name: str) -> None:
    """The text file's words are all on the page, in the block named, not in the story."""
    truth, page = fulltext_pairs(shared / "corpora/newspaper4k-fulltext")[name]
    marker, _why = TRUTH_NOT_THE_ARTICLE[name]
    tree = parse_tree(page.read_text(encoding="utf-8", errors="replace"), page.name)
    for element in tree.xpath("//script | //style"):
        element.drop_tree()
    wanted = shingles(truth)

    def share(element: Any) -> float:
        return sum((wanted & shingles(element.text_content())).values()) / sum(wanted.values())

    assert share(tree) >= 0.99  # the text is the page's own
    holders = [e for e in tree.iter() if isinstance(e.tag, str) and share(e) >= 0.9]
    holder = min(holders, key=lambda e: len(e.text_content()))  # the innermost
    names = " ".join(f"{e.get('class', '')} {e.get('id', '')}"
                     for e in [holder, *holder.iterancestors()])
    assert marker in names.split(), names
    if "slide" in marker:  # one of the slideshow's slides, the others' text not in it
        slides = tree.xpath(f"//*[@class='{marker}']")
        assert len(slides) == 9
        assert sum(share(slide) >= 0.9 for slide in slides) == 1


# Where the fixtures' JSON (another tool's output, kept as a regression snapshot) is wrong,
# and what the page itself says instead.
DISAGREE = {
    ("article_with_divs", "authors"): "LinkNaija is the site's name, not an author",
    ("article_with_br", "date"): "the page prints 2020-05-14 under the headline",
    ("cnn_001", "headline"): "the NewsArticle's declared headline has no 'Alito and Prelogar:'",
    ("cnn_002", "authors"): "the NewsArticle declares three authors; Douglas Wood is not one",
    ("cnn_test_nlp", "headline"): "the declared headline, not an older og:title",
    ("japanese_article", "headline"): "'：日本経済新聞' is the site's name after the headline, "
    "'（写真＝ロイター）' its photo's credit",
    ("japanese_article", "authors"): "日本経済新聞社 is the publisher",
    ("thai_article", "date"): "the page prints 'Submitted on Mon, 2019-01-21' under the headline",
    ("time_001", "headline"): "the NewsArticle's declared headline differs from og:title",
    ("video_article_01", "authors"): "'National Desk', 'Print', 'on December' ... are labels",
    ("wired_001", "authors"): "the other names are the authors of related-story cards",
    ("yna_co_kr", "authors"): "www.facebook.com is a link, not an author",
}


def test_newspaper_fixture_metadata(shared: Path) -> None:
    root = shared / "corpora/newspaper4k-fixtures"
    disagreements = set()
    for meta in sorted((root / "metadata").glob("*.json")):
        expected = json.loads(meta.read_text(encoding="utf-8"))
        record = read((root / "html" / (meta.stem + ".html")).read_bytes(), meta.stem + ".html")
        same = {
            "headline": record["headline"].replace("’", "'") ==
            (expected.get("title") or "").replace("’", "'"),
            "date": (record["date_published"] or "")[:10] ==
            (expected.get("publish_date") or "")[:10],
            "authors": [a["name"] for a in record["authors"]] == (expected.get("authors") or []),
        }
        disagreements |= {(meta.stem, key) for key, agree in same.items() if not agree}
        assert "|" not in record["headline"] and not record["headline"].endswith("新华网")
    assert disagreements == {key for key, why in DISAGREE.items() if why}


def test_a_page_with_no_declared_headline_h1_or_title_is_read_without_one() -> None:
    """The record allows a null headline (a page that prints none); the reader never makes one
    up from the text, and the formats that need a title take the record's stand-in."""
    second = BODY.replace("council", "city")
    page = f"<html><head><meta charset='utf-8'></head><body><article><p>{BODY}</p>" \
           f"<p>{second}</p></article></body></html>"
    record = read(page)
    assert record["headline"] is None
    assert record["body"] == [BODY, second]
    assert get("jsonld").render(record, Settings()).count(b'"headline"') == 0


def test_a_folder_walk_takes_every_name_the_html_reader_knows(tmp_path: Path) -> None:
    for suffix in html.SUFFIXES:
        (tmp_path / f"page{suffix}").write_bytes(b"x")
    (tmp_path / "photo.jpg").write_bytes(b"x")
    assert sorted(item.name for item in discover([str(tmp_path)])) == sorted(
        f"page{suffix}" for suffix in html.SUFFIXES)
