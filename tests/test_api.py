"""The Python API (``import exporter``): the same records, bytes, files and one-line errors
as the commands, checked against the golden files and against the command line itself."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import rdflib
import rdflib.compare

import exporter
from exporter import BatchError, InputError, Problem, Publisher, Settings

from .conftest import GOLDEN, ROOT, SEED
from .storekit import OxigraphServer, generated_records

SCHEMA = "http://schema.org/"


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], capture_output=True,
                          timeout=300, cwd=cwd)


def golden_record() -> dict:
    return json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and ".newsexport" not in path.parts}


def test_every_public_name_resolves_and_import_stays_light() -> None:
    for name in exporter.__all__:
        assert getattr(exporter, name) is not None, name
    assert set(exporter.__all__) <= set(dir(exporter))
    assert exporter.FORMATS[:2] == ("jsonld", "html") and "news-sitemap" in exporter.FORMATS
    with pytest.raises(AttributeError):
        exporter.read_input  # noqa: B018  (internal: not part of the API)
    code = ("import sys, exporter; heavy = {'rdflib', 'jsonschema', 'pyoxigraph'} & "
            "set(sys.modules); print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize("kind", ["path", "folder", "bytes", "binary file", "text file"])
def test_parse_gives_the_golden_record_from_every_kind_of_source(kind: str) -> None:
    sources = {"path": SEED, "folder": SEED.parent, "bytes": SEED.read_bytes(),
               "binary file": io.BytesIO(SEED.read_bytes()),
               "text file": io.StringIO(SEED.read_text(encoding="utf-8"))}
    name = None if kind in ("path", "folder") else SEED.name
    [record] = exporter.parse(sources[kind], name=name)
    golden = golden_record()
    assert record == {**golden, "provenance": {**golden["provenance"], "input": SEED.name}}


def test_parse_reads_a_str_as_text_and_says_so_when_it_names_a_file(monkeypatch) -> None:
    [record] = exporter.parse(SEED.read_text(encoding="utf-8"))
    [named] = exporter.parse(SEED, name="story.txt")
    assert named["provenance"]["input"] == "story.txt"
    assert record["id"] == golden_record()["id"]
    assert record["provenance"]["input"] == "<string>"
    monkeypatch.chdir(SEED.parent)
    with pytest.warns(UserWarning, match=r"pass Path\('000_5e049a17b6f076d8.txt'\)"), \
            pytest.raises(InputError):
        list(exporter.parse(SEED.name))


def test_parse_with_a_forced_reader() -> None:
    [record] = exporter.parse(SEED.read_bytes(), format="wire-text")
    assert record["headline"] == golden_record()["headline"]
    with pytest.raises(BatchError) as caught:
        list(exporter.parse(SEED.read_bytes(), format="ninjs", name="seed.txt"))
    assert str(caught.value).startswith("seed.txt")
    with pytest.raises(InputError, match="unknown reader 'nope'; choose from records, "):
        list(exporter.parse("text", format="nope"))


def test_parse_yields_the_good_articles_then_raises_the_cli_lines(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01 binary")
    (tmp_path / "c.txt").write_bytes(b"caf\xe9\n")
    got = []
    with pytest.raises(BatchError) as caught:
        for record in exporter.parse(tmp_path):
            got.append(record["id"])
    assert got == [golden_record()["id"]]
    printed = cli("parse", str(tmp_path)).stderr.decode().splitlines()
    assert [str(error) for error in caught.value.errors] == printed
    assert str(caught.value) == f"{printed[0]} (and 1 more error)"
    assert caught.value.source == str(tmp_path / "b.txt")


def test_validate_words_problems_as_the_command_does(tmp_path: Path) -> None:
    assert exporter.validate(golden_record()) == []
    bad = dict(golden_record(), date_published="2021-07-29 09:19", word_count=-1)
    problems = exporter.validate(bad)
    assert [p.path for p in problems] == ["$.date_published", "$.word_count"]
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad), encoding="utf-8")
    printed = cli("validate", str(path)).stderr.decode().splitlines()[:-1]
    assert printed == [str(problem.at(str(path))) for problem in problems]
    assert exporter.validate(dict(golden_record(), headline="\ud800")) == [
        Problem("error", "record-schema", "a string holds a lone surrogate (U+D800)")]


@pytest.mark.parametrize(("fmt", "golden"), [("jsonld", "seed.jsonld"), ("turtle", "seed.ttl"),
                                             ("ninjs", "seed.ninjs.json"),
                                             ("ninjs3", "seed.ninjs3.json")])
def test_render_gives_the_golden_documents(fmt: str, golden: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no publisher: checked below
        assert exporter.render(golden_record(), fmt) == (GOLDEN / golden).read_bytes()


def test_render_refuses_invalid_records_and_unknown_formats() -> None:
    with pytest.raises(InputError, match=r"^000_5e049a17b6f076d8.txt: \$.headline: "):
        exporter.render(dict(golden_record(), headline=" "), "jsonld")
    with pytest.raises(InputError, match="unknown format 'yaml'"):
        exporter.render(golden_record(), "yaml")
    with pytest.raises(InputError, match="render takes one format"):
        exporter.render(golden_record(), "jsonld,turtle")


def test_warnings_go_through_the_warnings_module_never_printed(capfd) -> None:
    with pytest.warns(UserWarning, match="no publisher"):
        exporter.render(golden_record(), "jsonld")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        exporter.render(golden_record(), "jsonld",
                        Settings(publisher=Publisher("Example News", "https://news.example/")))
    assert capfd.readouterr() == ("", "")


def test_export_in_memory_is_what_the_command_prints(tmp_path: Path) -> None:
    record = golden_record()
    other = dict(record, id="0123456789abcdef",
                 iri="https://newsexport.example/article/0123456789abcdef")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        one = exporter.export(record, ["jsonld", "turtle"])
        two = exporter.export([record, other], "nquads,newsml,atom")
        assert one == {"jsonld": (GOLDEN / "seed.jsonld").read_bytes(),
                       "turtle": (GOLDEN / "seed.ttl").read_bytes()}
        with pytest.raises(InputError, match="jsonld writes one document per article"):
            exporter.export([record, other], "jsonld")
    records = tmp_path / "records.jsonl"
    records.write_text("".join(json.dumps(r) + "\n" for r in (record, other)), encoding="utf-8")
    for fmt, document in two.items():
        assert document == cli("export", str(records), "--to", fmt).stdout, fmt


def test_export_to_a_folder_writes_what_export_o_writes(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        summary = exporter.export(golden_record(), "all", tmp_path / "api")
    assert summary.articles == 1
    (tmp_path / "records.json").write_text(json.dumps(golden_record()), encoding="utf-8")
    assert cli("export", str(tmp_path / "records.json"), "--to", "all", "-o",
               str(tmp_path / "cli")).returncode == 0
    assert tree(tmp_path / "api") == tree(tmp_path / "cli")


def test_publish_is_the_command_and_reports_bad_inputs_after_the_good(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    (inputs / "b.txt").write_bytes(b"")
    settings = Settings(publisher=Publisher("Example News", "https://news.example/"),
                        timezone="Asia/Shanghai")
    with pytest.raises(BatchError) as caught, \
            pytest.warns(UserWarning, match="no news sitemap written"):
        exporter.publish(inputs, tmp_path / "api", settings=settings)
    summary = caught.value.summary
    assert summary is not None and (summary.inputs, summary.articles, summary.failed) == (2, 1, 1)
    assert str(caught.value) == f"{inputs / 'b.txt'}: empty file"
    result = cli("publish", "in", "-o", "cli", "--publisher-name", "Example News",
                 "--publisher-url", "https://news.example/", "--timezone", "Asia/Shanghai",
                 "-q", cwd=tmp_path)
    assert result.returncode == 1
    api, command = tree(tmp_path / "api"), tree(tmp_path / "cli")
    assert api.keys() == command.keys() and "atom/feed.atom" in api
    assert {k: v for k, v in api.items() if k != "manifest.jsonl"} == \
        {k: v for k, v in command.items() if k != "manifest.jsonl"}
    (inputs / "b.txt").unlink()
    with pytest.warns(UserWarning, match="no news sitemap written"):
        again = exporter.publish([inputs], tmp_path / "api", settings=settings)
    assert (again.inputs, again.unchanged, again.errors) == (1, 1, 0)


def test_publish_then_load_keeps_the_store_to_the_folders_articles(tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEED, inputs / "a.txt")
    (inputs / "b.txt").write_text("Rain closes schools\n\nDUSHANBE, July 28 (Xinhua) -- "
                                  "It rained.\n", encoding="utf-8")
    articles = "SELECT ?h WHERE { ?a a <http://schema.org/NewsArticle> ; " \
               "<http://schema.org/headline> ?h } ORDER BY ?h"
    store = tmp_path / "store"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no publisher, undated article
        with pytest.raises(InputError, match="add nquads"):
            exporter.publish(inputs, tmp_path / "out", formats="jsonld", store=store)
        exporter.publish(inputs, tmp_path / "out", formats="jsonld,nquads", store=store)
        assert [row["h"] for row in exporter.query(articles, store=store)] == [
            golden_record()["headline"], "Rain closes schools"]
        (inputs / "b.txt").unlink()
        summary = exporter.publish(inputs, tmp_path / "out", formats="jsonld,nquads",
                                   store=store)
    assert (summary.inputs, summary.unchanged) == (1, 1)
    assert exporter.query(articles, store=store) == [{"h": golden_record()["headline"]}]


def test_load_and_query(tmp_path: Path) -> None:
    store = tmp_path / "store"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert exporter.load(golden_record(), store=store) == 1
        exporter.export(golden_record(), "nquads", tmp_path / "out")
    assert exporter.load(tmp_path / "out" / "nquads" / "all.nq", store=store) == 1
    rows = exporter.query(f"SELECT ?a ?h ?none WHERE {{ ?a <{SCHEMA}headline> ?h "
                          "OPTIONAL { ?a <urn:x:none> ?none } }", store=store)
    assert rows == [{"a": golden_record()["iri"], "h": golden_record()["headline"],
                     "none": None}]
    assert exporter.query("ASK { ?s ?p ?o }", store=store) is True
    graph = exporter.query(f"DESCRIBE <{golden_record()['iri']}>", store=store)
    assert isinstance(graph, rdflib.Graph)
    assert (rdflib.URIRef(golden_record()["iri"]), rdflib.URIRef(f"{SCHEMA}headline"),
            rdflib.Literal(golden_record()["headline"])) in graph
    with pytest.raises(InputError, match="SPARQL syntax error"):
        exporter.query("SELEC", store=store)
    with pytest.raises(InputError, match="allow_service=True"):
        exporter.query("SELECT * WHERE { SERVICE <http://x.example/> { ?s ?p ?o } }",
                       store=store)
    with pytest.raises(InputError, match="no store here"):
        exporter.query("ASK {}", store=tmp_path / "nowhere")


def test_load_and_query_a_server_as_the_embedded_store(tmp_path: Path) -> None:
    server = OxigraphServer(tmp_path / "server").start()
    try:
        records = generated_records(3)
        settings = Settings(publisher=Publisher("Example News"))
        assert exporter.load(records, endpoint=server.store, settings=settings) == 3
        assert exporter.load(records, store=tmp_path / "store", settings=settings) == 3
        select = ("SELECT ?a ?place WHERE { ?a <http://schema.org/locationCreated>/"
                  "<http://schema.org/name> ?place } ORDER BY ?a")
        rows = exporter.query(select, endpoint=server.store)
        assert len(rows) == 3 and rows == exporter.query(select, store=tmp_path / "store")
        assert exporter.query("ASK { ?s ?p ?o }", endpoint=server.store) is True
        describe = f"DESCRIBE <{records[0]['iri']}>"
        remote = exporter.query(describe, endpoint=server.store)
        local = exporter.query(describe, store=tmp_path / "store")
        assert isinstance(remote, rdflib.Graph) and isinstance(local, rdflib.Graph)
        assert rdflib.compare.isomorphic(remote, local) and len(remote) > 5
    finally:
        server.stop()


def test_load_goes_on_past_bad_items_then_raises(tmp_path: Path) -> None:
    (tmp_path / "x.ttl").write_text("<urn:a> <urn:b> <urn:c> .\n", encoding="utf-8")
    with pytest.raises(BatchError) as caught, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no publisher
        exporter.load([dict(golden_record(), word_count=-1), tmp_path / "x.ttl",
                       golden_record()], store=tmp_path / "store")
    assert [str(e).split(": ")[0] for e in caught.value.errors] == [
        "000_5e049a17b6f076d8.txt", str(tmp_path / "x.ttl")]
    assert exporter.query("SELECT ?a WHERE { ?a a <http://schema.org/NewsArticle> }",
                          store=tmp_path / "store") == [{"a": golden_record()["iri"]}]


def test_settings_in_code_and_from_a_file(tmp_path: Path) -> None:
    settings = Settings(base_uri="https://news.example", timezone="Europe/Paris",
                        publisher=Publisher("Example News"))
    assert settings.base_uri == "https://news.example/"
    [record] = exporter.parse(SEED, settings=settings)
    assert record["iri"].startswith("https://news.example/article/")
    with pytest.raises(InputError, match=r"^base_uri: base URI 'news\.example' must be"):
        Settings(base_uri="news.example")
    with pytest.raises(InputError, match=r"^timezone: unknown time zone 'Mars/Base'"):
        Settings(timezone="Mars/Base")
    path = tmp_path / "newsexport.toml"
    path.write_text('base_uri = "https://news.example"\n[publisher]\nname = "Example News"\n',
                    encoding="utf-8")
    assert Settings.from_file(path) == Settings(base_uri="https://news.example/",
                                                publisher=Publisher("Example News"))
    path.write_text('base_uri = "ftp://x"\n', encoding="utf-8")
    with pytest.raises(InputError, match=f"^{path}: base_uri: "):
        Settings.from_file(path)


def test_the_public_api_type_checks() -> None:
    """mypy, strict, on exporter/__init__.py and exporter/api.py ([tool.mypy] says why the
    modules they import are read but not reported)."""
    pytest.importorskip("mypy", reason="mypy is in the test extra")
    result = subprocess.run([sys.executable, "-m", "mypy"], capture_output=True, text=True,
                            cwd=ROOT, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_docstring_examples_run() -> None:
    """The examples in the API's docstrings (those that need no files run here)."""
    import doctest

    import exporter.api

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # no publisher
        result = doctest.testmod(exporter.api, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5 and result.failed == 0


class Collecting:
    """A Reporter that keeps what it is given."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.warnings: list[str] = []
        self.steps = 0

    def error(self, line: str) -> None:
        self.errors.append(line)

    def warning(self, message: str) -> None:
        self.warnings.append(message)

    def advance(self) -> None:
        self.steps += 1


def test_a_reporter_gets_what_the_command_prints_as_it_comes(tmp_path: Path) -> None:
    shutil.copy(SEED, tmp_path / "a.txt")
    (tmp_path / "b.txt").write_bytes(b"")
    reporter = Collecting()
    records = list(exporter.parse([tmp_path], reporter=reporter))  # no BatchError
    assert [r["id"] for r in records] == [golden_record()["id"]]
    assert reporter.errors == cli("parse", str(tmp_path)).stderr.decode().splitlines()
    out = io.BytesIO()
    assert exporter.export(records, "turtle", out, reporter=reporter) == 1
    assert out.getvalue() == (GOLDEN / "seed.ttl").read_bytes()
    assert any("no publisher" in message for message in reporter.warnings)
    with pytest.raises(exporter.UsageError, match="several formats need -o DIR"):
        exporter.export(records, "jsonld,turtle", io.BytesIO())
    store = tmp_path / "store"
    with pytest.warns(UserWarning, match="no publisher"):  # load's: by the warnings module
        assert exporter.load([tmp_path / "a.txt", tmp_path / "b.txt"], store=store,
                             reporter=reporter) == 1
    assert reporter.steps == 1 and reporter.errors[-1].endswith("b.txt: empty file")
    csv = exporter.query("SELECT ?h WHERE { ?a <http://schema.org/headline> ?h }",
                         store=store, format="csv")
    assert csv == cli("query", "SELECT ?h WHERE { ?a <http://schema.org/headline> ?h }",
                      "--store", str(store), "--format", "csv").stdout
