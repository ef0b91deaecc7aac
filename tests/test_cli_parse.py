"""`parse` and `validate` end to end, as a user runs them: exit codes, stdout, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from .conftest import GOLDEN, SEED


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], input=stdin,
                          capture_output=True, timeout=120)


def test_parse_seed_directory_prints_the_golden_record():
    result = run("parse", str(SEED.parent))
    assert result.returncode == 0, result.stderr
    [line] = result.stdout.decode().splitlines()
    record = json.loads(line)
    golden = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    assert record == {**golden, "provenance": {**golden["provenance"],
                                                "input": "000_5e049a17b6f076d8.txt"}}


def test_parse_is_byte_identical_across_runs(tmp_path):
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    assert run("parse", str(SEED), "-o", str(first)).returncode == 0
    assert run("parse", str(SEED), "-o", str(second)).returncode == 0
    assert first.read_bytes() == second.read_bytes()
    assert not list(tmp_path.glob(".*.tmp"))


def test_stdin_and_validate_pipeline():
    parsed = run("parse", "-", stdin=SEED.read_bytes())
    assert parsed.returncode == 0
    assert json.loads(parsed.stdout)["provenance"]["input"] == "stdin"
    checked = run("validate", "-", stdin=parsed.stdout)
    assert checked.returncode == 0, checked.stderr
    assert b"1 document(s) checked (record: 1): 0 error(s), 0 warning(s)" in checked.stderr


def test_validate_reports_file_line_path_and_reason(tmp_path):
    record = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    bad = dict(record, date_published="2021-07-29 09:19", word_count=-1)
    path = tmp_path / "records.jsonl"
    path.write_text(json.dumps(record) + "\n" + json.dumps(bad) + "\n", encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert lines[0].startswith(f"{path}:2: $.date_published: ")
    assert lines[1] == f"{path}:2: $.word_count: error: -1 is less than the minimum of 0 " \
        "(record-schema)"
    assert lines[2] == "2 document(s) checked (record: 2): 2 error(s), 0 warning(s)"


def test_a_final_newline_does_not_pass_an_anchored_pattern(tmp_path):
    """JSON Schema's `$` is the end of the text; Python's also matches before a last "\n"."""
    record = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    bad = [dict(record, id=record["id"] + "\n"), dict(record, iri=record["iri"] + "\n"),
           dict(record, date_published="2021-07-29\n")]
    path = tmp_path / "records.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in bad), encoding="utf-8")
    result = run("validate", str(path))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert [line.split(": ")[:2] for line in lines[:3]] == [
        [f"{path}:1", "$.id"], [f"{path}:2", "$.iri"], [f"{path}:3", "$.date_published"]]
    assert lines[3] == "3 document(s) checked (record: 3): 3 error(s), 0 warning(s)"


BAD_INPUTS = {
    "empty.txt": (b"", "empty file"),
    "binary.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    "latin1.txt": ("Caf\u00e9 owners protest\n\nPARIS (AFP) - Caf\u00e9s closed.\n"
                   .encode("latin-1"), "not UTF-8 text: byte 0xe9"),
    "no_text.txt": (b"Home>>World\n\nShare\n", "no article text"),
    "bad_date.txt": (b" date 2021-13-45 Headline here\n\nBody text.\n",
                     ":1: impossible date 2021-13-45"),
    "twice.txt": ("Headline\n\nObama\u2019s".encode().decode("latin-1").encode(),
                  ":3: control character U+0080 at column 7 (text encoded as UTF-8 twice?"),
    "twice-cjk.txt": ("Headline\n\n\u4e00\u4e8c".encode().decode("latin-1").encode(),
                      ":3: control character U+0080 at column 3 (text encoded as UTF-8 twice?"),
}


def test_bad_inputs_are_one_line_each_and_good_ones_still_parse(tmp_path):
    for name, (data, _) in BAD_INPUTS.items():
        (tmp_path / name).write_bytes(data)
    (tmp_path / "huge.txt").write_bytes(b"x" * (50 * 1024 * 1024))
    shutil.copy(SEED, tmp_path / "seed.txt")
    (tmp_path / "utf16.txt").write_bytes(SEED.read_text(encoding="utf-8").encode("utf-16"))
    (tmp_path / "bom.txt").write_bytes(b"\xef\xbb\xbf" + SEED.read_bytes())
    result = run("parse", str(tmp_path))
    assert result.returncode == 1
    errors = result.stderr.decode().splitlines()
    assert "Traceback" not in result.stderr.decode()
    expected = {**{n: m for n, (_, m) in BAD_INPUTS.items()}, "huge.txt": ":1: line is 52,428,800"}
    assert len(errors) == len(expected)
    for name, message in expected.items():
        [line] = [e for e in errors if e.startswith(str(tmp_path / name))]
        assert message in line, line
        assert ("twice" in line) == ("twice" in name), line  # the hint only where it fits
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert sorted(r["provenance"]["input"] for r in records) == ["bom.txt", "seed.txt",
                                                                 "utf16.txt"]
    assert len({r["id"] for r in records}) == 1  # same article, whatever its encoding


def test_text_encoded_twice_is_named_so_in_a_real_article(shared):
    """PolNEAR's Washington Post text has "Fran\u00e7ois" encoded twice and decomposed since."""
    path = shared / "corpora/polnear/dev/text" / \
        "wash-post_2016-09-18_e-u-leaders-weigh-plans-for-grea.txt"
    result = run("parse", str(path))
    assert result.returncode == 1
    assert result.stderr.decode() == f"{path}:15: control character U+0083 at column 137 " \
        "(text encoded as UTF-8 twice? repair the file)\n"


@pytest.mark.parametrize("args", [["parse", "--help"], ["validate", "--help"], ["--help"]])
def test_help_has_examples(args):
    result = run(*args)
    assert result.returncode == 0
    assert b"Examples:" in result.stdout


def test_unknown_timezone_is_one_line():
    result = run("parse", str(SEED), "--timezone", "Mars/Olympus")
    assert result.returncode == 1
    assert result.stderr.decode().strip() == ("newsexport: timezone: unknown time zone "
                                              "'Mars/Olympus' (use an IANA name such as "
                                              "Asia/Shanghai)")


def test_records_as_input_are_validated_per_record(tmp_path):
    record = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    other = dict(record, id="0123456789abcdef")
    lines = [json.dumps(record), json.dumps(dict(record, headline="bad \ud800")),
             "{not json", json.dumps(dict(record, word_count="many")), json.dumps(other)]
    path = tmp_path / "records.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.returncode == 1
    assert result.stderr.decode().splitlines() == [
        f"{path}:2: a string holds a lone surrogate (U+D800)",
        f"{path}:3: invalid JSON: Expecting property name enclosed in double quotes (column 2)",
        f"{path}:4: $.word_count: 'many' is not of type 'integer'"]
    assert [json.loads(line) for line in result.stdout.decode().splitlines()] == [record, other]


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("feed.xml", b"<?xml version='1.0' encoding='UTF-8'?>\n<feed xmlns='http://www.w3.org/2005/"
     b"Atom'><title>News</title></feed>\n", "XML whose root is <feed>, which no reader knows"),
    ("article.jsonld", b'{\n  "@context": "https://schema.org",\n  "@type": "NewsArticle",\n'
     b'  "headline": "A headline"\n}\n', "JSON that is neither Article records"),
    ("deep.json", b"[" * 100_000 + b"]" * 100_000, "JSON that is neither Article records"),
])
def test_xml_and_json_no_reader_knows_are_refused_not_read_as_wire_text(
        tmp_path, name, data, reason):
    """They reached the wire-text fallback, whose record had the markup as its headline."""
    path = tmp_path / name
    path.write_bytes(data)
    result = run("parse", str(path))
    assert result.returncode == 1
    assert result.stdout == b""
    assert result.stderr.decode().startswith(f"{path}: {reason}")
    assert len(result.stderr.splitlines()) == 1
    forced = run("parse", "--from", "wire-text", str(path))
    assert reason.encode() not in forced.stderr  # read as text when the user says so


def test_wire_text_in_brackets_is_still_wire_text(tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("[UPDATE] Bridge reopens\n\nBEIJING, July 1 (Xinhua) -- The bridge "
                    "reopened on Monday.\n", encoding="utf-8")
    result = run("parse", str(path))
    assert result.returncode == 0, result.stderr
