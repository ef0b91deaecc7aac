"""Issue 13's findings, each as the hostile input that once broke the CLI (numbers are the
issue's items): hangs, lost articles, internal errors, malformed output, leaked secrets."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from exporter import iri
from exporter.errors import InputError
from exporter.pipeline import read_all
from exporter.readers import choose
from exporter.remote import Endpoints
from exporter.settings import Settings, check_base_uri, load

from .conftest import GOLDEN, SEED

SECRET = "S3cretPW"


def newsexport(*args: str, stdin: bytes | None = None, cwd: Path | None = None,
               timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "exporter", *args], input=stdin, cwd=cwd,
                          capture_output=True, timeout=timeout)


def one_line(result: subprocess.CompletedProcess) -> str:
    """The run's stderr, which must be one line and no traceback."""
    text = result.stderr.decode()
    assert "Traceback" not in text and "internal error" not in text, text
    assert len(text.strip().splitlines()) == 1, text
    return text


def seed_record() -> dict:
    record = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    record["provenance"]["input"] = SEED.name
    return record


def records_file(path: Path, *records: dict | str) -> Path:
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r, ensure_ascii=False))
                            + "\n" for r in records), encoding="utf-8")
    return path


def variant(n: int, **changes: object) -> dict:
    """The seed's record as another article (its own id), with `changes`."""
    record = seed_record()
    record["id"] = f"{n:016x}"
    record["iri"] = f"https://newsexport.example/article/{n:016x}"
    record.update(changes)
    return record


# --- 15, 16, 17, 23: settings, options and endpoints ------------------------------------------

@pytest.mark.parametrize("text", ["base_uri = 5", "timezone = 5", "feed = 5", 'feed = "x"',
                                  "[feed]\nid = \"https://x/#a#\"",
                                  'base_uri = "https://x/\\tb/"', '[publisher]\nname = ""',
                                  '[publisher]\nname = "  "', 'base_uri = "https://x/%zz/"'])
def test_a_bad_setting_is_one_line_naming_it(tmp_path, text):
    config = tmp_path / "newsexport.toml"
    config.write_text(text + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load(config)
    assert str(config) in str(caught.value)
    result = newsexport("parse", str(SEED), "--config", str(config))
    assert result.returncode == 1
    assert "newsexport.toml" in one_line(result)


@pytest.mark.parametrize("base", ["https://x/%zz/", "https://[::1/", "https://x/#a#",
                                  "https://x/[a]/", "https://x/\ufffe/", "https://x/\tb/"])
def test_a_base_iri_that_rdf_cannot_carry_is_refused(base):
    with pytest.raises(InputError, match="base URI"):
        check_base_uri(base)
    result = newsexport("export", str(SEED), "--to", "turtle", "--base-uri", base)
    assert result.returncode == 1 and result.stdout == b""
    assert "base" in one_line(result)


@pytest.mark.parametrize("value", ["https://x/%zz/", "https://[::1/", "https://x/#a#",
                                   "https://x/[a]/", "https://x/\ufffe", "http://a:b@c:d@e/",
                                   "https://x/#\ue000"])
def test_iri_check_agrees_with_oxigraph_on_what_it_refuses(value):
    assert not iri.is_iri(value) and iri.problem(value)
    with pytest.raises(ValueError):
        ox.NamedNode(value)


@pytest.mark.parametrize("value", ["https://[::1]/a", "urn:x:1", "https://x/été?q=\ue000#f",
                                   "http://u@[v1.x]:80/", "https://x/%41/😀", "mailto:a@b"])
def test_iri_check_accepts_what_rdf_accepts(value):
    assert iri.is_iri(value) and iri.problem(value) is None
    ox.NamedNode(value)


@pytest.mark.parametrize("url", ["http://u:pw@[::1/store", "http://[::1/store", "http://x:port/",
                                 f"http://127.0.0.1:1/store?password={SECRET}"])
def test_a_bad_endpoint_is_one_line_without_its_secrets(url):
    with pytest.raises(InputError) as caught:
        Endpoints.from_url(url)
    assert "pw" not in str(caught.value) and SECRET not in str(caught.value)
    result = newsexport("load", str(SEED), "--endpoint", url, "--retries", "0")
    assert result.returncode == 1
    line = one_line(result)
    assert SECRET not in line and ":pw@" not in line


# --- 18, 21: what a hostile server can do ----------------------------------------------------

class _Server:
    """A server on the loopback that answers every connection with `answer(headers)`,
    sent `chunk` bytes at a time with `pause` seconds between (at most 300 pieces)."""

    def __init__(self, answer, chunk: int = 1 << 20, pause: float = 0.0) -> None:
        import socket
        import threading
        self.answer, self.chunk, self.pause = answer, chunk, pause
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.listener.settimeout(30)
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}/store"
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        import contextlib
        with contextlib.suppress(OSError):
            while True:
                connection, _ = self.listener.accept()
                with connection:
                    connection.settimeout(10)
                    request = b""
                    while b"\r\n\r\n" not in request:
                        request += connection.recv(65536)
                    reply = self.answer(request.split(b"\r\n\r\n")[0].decode("latin-1"))
                    for at in range(0, min(len(reply), 300 * self.chunk), self.chunk):
                        connection.sendall(reply[at:at + self.chunk])
                        time.sleep(self.pause)

    def close(self) -> None:
        self.listener.close()


def _echo(status: str):
    def answer(headers: str) -> bytes:
        body = ("error: bad request " + headers.replace("\r\n", " | ") + "\n").encode()
        return (f"HTTP/1.1 {status}\r\nContent-Type: text/plain\r\nContent-Length: "
                f"{len(body)}\r\nConnection: close\r\n\r\n").encode() + body
    return answer


@pytest.mark.parametrize("status", ["500 Internal Server Error", "400 Bad Request"])
@pytest.mark.parametrize("env", [{"NEWSEXPORT_STORE_USER": "u",
                                  "NEWSEXPORT_STORE_PASSWORD": SECRET},
                                 {"NEWSEXPORT_STORE_TOKEN": SECRET}])
def test_a_server_echoing_the_request_never_gets_the_credentials_printed(status, env):
    import base64
    import os
    server = _Server(_echo(status))
    try:
        result = subprocess.run(
            [sys.executable, "-m", "exporter", "load", str(SEED), "--endpoint", server.url,
             "--retries", "0"], capture_output=True, timeout=120, env={**os.environ, **env})
    finally:
        server.close()
    text = (result.stdout + result.stderr).decode()
    assert result.returncode == 1, text
    assert "HTTP" in text and "[redacted]" in text, text
    for secret in (SECRET, base64.b64encode(f"u:{SECRET}".encode()).decode()):
        assert secret not in text


def test_the_timeout_bounds_the_whole_request():
    """One byte every 0.2 s: each read is quick, the whole answer never comes in time."""
    from exporter.remote import Client
    from exporter.store import StoreError
    answer = b"HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + b"x" * 100000
    server = _Server(lambda _headers: answer, chunk=1, pause=0.2)
    started = time.monotonic()
    try:
        with pytest.raises(StoreError, match="within 1 s"):
            Client(timeout=1, retries=0).send("GET", server.url)
    finally:
        server.close()
    assert time.monotonic() - started < 15  # 60 s at this pace without the deadline


# --- 8, 13, 14: what validate passes, every writer can write ---------------------------------

BAD_VALUES = [("iri", "https://newsexport.example/article/]"), ("date_published", "0000-01-01"),
              ("date_published", "2021-02-30"), ("date_modified", "0001-01-01T00:00:00+08:00"),
              ("url", "https://x/#a#"), ("url", "https://x/%zz")]


@pytest.mark.parametrize(("key", "value"), BAD_VALUES)
def test_validate_refuses_what_a_writer_could_not_write(tmp_path, key, value):
    path = records_file(tmp_path / "r.jsonl", variant(1, **{key: value}))
    result = newsexport("validate", str(path))
    assert result.returncode == 1
    assert f"r.jsonl:1: $.{key}: " in result.stderr.decode()


def test_load_refuses_the_bad_record_and_loads_the_three_good_ones(tmp_path):
    path = records_file(tmp_path / "r.jsonl", variant(1), variant(2, iri=variant(2)["iri"] + "]"),
                        variant(3), variant(4))
    result = newsexport("load", str(path), "--store", str(tmp_path / "store"))
    assert result.returncode == 1
    lines = result.stderr.decode().splitlines()
    assert "internal error" not in result.stderr.decode()
    assert lines[0].startswith(f"{path}:2: $.iri: ")
    assert lines[-1].startswith("3 article(s) loaded")


def test_records_as_input_are_schema_checked_once_each(tmp_path, monkeypatch):
    """The records reader checks each record, naming its line; the pipeline, which checks
    what the other readers build, does not check them a second time."""
    from exporter import validation

    compiled = validation.is_valid()
    checked = []
    monkeypatch.setattr(validation, "is_valid", lambda: lambda record: (
        checked.append(record["id"]), compiled(record))[1])
    path = records_file(tmp_path / "r.jsonl", variant(1), variant(2, iri=variant(2)["iri"] + "]"),
                        variant(3))
    outcome, = read_all([str(path)], Settings())
    assert [r["id"] for r in outcome.records] == [f"{1:016x}", f"{3:016x}"]
    [error] = outcome.errors
    assert str(error).startswith(f"{path}:2: $.iri: ")
    assert sorted(checked) == [f"{n:016x}" for n in (1, 2, 3)]


@pytest.mark.filterwarnings("ignore::UserWarning")
@pytest.mark.parametrize("count", [1e308, 3.0, 10 ** 30])
def test_a_valid_word_count_is_written_by_every_format(tmp_path, count):
    path = records_file(tmp_path / "r.jsonl", variant(1, word_count=count))
    assert newsexport("validate", str(path)).returncode == 0
    result = newsexport("export", str(path), "--to", "all", "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert "internal error" not in result.stderr.decode()
    turtle = (tmp_path / "out" / "turtle" / f"{1:016x}.ttl").read_bytes()
    assert f"{int(count)}".encode() in turtle


# --- 4, 5, 10, 11: JSON lines and ninjs ------------------------------------------------------

HOSTILE_LINES = ["[" * 3000 + "]" * 3000, '{"a": ' + "9" * 5000 + "}", '{"a": NaN}',
                 '{"a": ' + "[" * 600 + "]" * 600 + "}"]


@pytest.mark.parametrize("hostile", HOSTILE_LINES)
def test_a_hostile_json_line_is_one_error_naming_it_and_the_others_are_read(tmp_path, hostile):
    path = records_file(tmp_path / "r.jsonl", variant(1), hostile, variant(2))
    outcome, = read_all([str(path)], Settings())
    assert [r["id"] for r in outcome.records] == [f"{1:016x}", f"{2:016x}"]
    assert [(e.line, "internal error" in str(e)) for e in outcome.errors] == [(2, False)]


def test_json_lines_are_split_on_newlines_only(tmp_path):
    """U+2028 and U+2029 are valid inside a JSON string; str.splitlines() breaks at them."""
    path = records_file(tmp_path / "r.jsonl", variant(1, headline="Line\u2028separated\u2029"),
                        "{broken", variant(2))
    outcome, = read_all([str(path)], Settings())
    assert [r["headline"] for r in outcome.records] == ["Line\u2028separated\u2029",
                                                        seed_record()["headline"]]
    assert [e.line for e in outcome.errors] == [2]
    result = newsexport("validate", str(path))
    printed = result.stderr.decode()
    assert f"{path}:2: $: error: invalid JSON" in printed and "(record: 2," in printed


def ninjs_line(n: int, **members: object) -> str:
    return json.dumps({"uri": f"urn:example:{n}", "headline": f"Story {n}",
                       "body_text": "Body text.", **members})


@pytest.mark.parametrize("hostile", [*HOSTILE_LINES, ninjs_line(9, standard="3"),
                                     ninjs_line(9, standard=["3"]),
                                     ninjs_line(9, nested={"a": [{"b": 1}] * 2} | {
                                         "deep": json.loads("[" * 400 + "]" * 400)})])
def test_a_hostile_ninjs_line_is_one_error_or_a_record(tmp_path, hostile):
    path = tmp_path / "stories.jsonl"
    path.write_text("\n".join([ninjs_line(1), hostile, ninjs_line(2)]) + "\n", encoding="utf-8")
    outcome, = read_all([str(path)], Settings())
    headlines = [r["headline"] for r in outcome.records]
    assert headlines[0] == "Story 1" and headlines[-1] == "Story 2"
    assert all(e.line == 2 and "internal error" not in str(e) for e in outcome.errors)
    assert len(outcome.errors) + len(outcome.records) == 3


@pytest.mark.parametrize("key", ["byline", "headline", "body_text", "description_text",
                                 "copyrightholder", "located", "language"])
@pytest.mark.parametrize("blank", ["\u2028", "\u2029 \u3000", "\x85", "\u00a0"])
def test_a_ninjs_member_of_only_unicode_space_is_absent(tmp_path, key, blank):
    members = {"uri": "urn:example:1", "headline": "Story 1", "body_text": "Body.", key: blank}
    if key == "headline":
        members["title"] = "Story 1"
    path = tmp_path / "story.json"
    path.write_text(json.dumps(members), encoding="utf-8")
    outcome, = read_all([str(path)], Settings())
    assert not outcome.errors, outcome.errors
    assert outcome.records[0]["headline"] == "Story 1"


# --- 1, 2, 6, 7: Reuters SGML ----------------------------------------------------------------

def reuters_story(newid: str, title: str, body: str = "Body text of the story.\n",
                  close: bool = True) -> str:
    return (f'<REUTERS TOPICS="NO" NEWID="{newid}">\n<DATE>26-FEB-1987 15:01:01.79</DATE>\n'
            f"<TEXT>&#2;\n<TITLE>{title}</TITLE>\n<DATELINE>    NEW YORK, Feb 26 - </DATELINE>"
            f"<BODY>{body}Reuter\n&#3;</BODY></TEXT>\n" + ("</REUTERS>\n" if close else ""))


def read_reuters(text: str) -> tuple[list[dict], list[InputError]]:
    from exporter.inputs import sha256
    from exporter.readers import reuters
    from exporter.record import ReadContext
    data = text.encode()
    found = list(reuters.read(data, ReadContext("x.sgm", sha256(data))))
    return ([r for r in found if not isinstance(r, InputError)],
            [e for e in found if isinstance(e, InputError)])


def seconds(function, *args) -> float:
    """How long `function(*args)` takes, whether it reads the input or refuses it."""
    started = time.perf_counter()
    with contextlib.suppress(InputError):
        function(*args)
    return time.perf_counter() - started


@pytest.mark.parametrize("hostile", [
    '<REUTERS NEWID="1">' * 20000,  # 1: every opening scanned to the end for its close
    '<REUTERS NEWID="1" ' * 20000,  # and for the end of its tag
    '<REUTERS NEWID="1"><TEXT>' + "<TITLE>" * 40000 + "</TEXT></REUTERS>",  # 2: each <TITLE>
    '<REUTERS NEWID="1"><DATE>26-FEB-1987 15:01:01.79</DATE><TEXT><TITLE>T</TITLE>'
    + "<BODY>" * 40000 + "</TEXT></REUTERS>",
])
def test_pathological_sgml_takes_time_like_a_normal_file_of_its_size(hostile):
    normal = "".join(reuters_story(str(n), f"Story number {n}") for n in range(2000))
    normal = normal[:len(hostile)] if len(normal) > len(hostile) else normal
    budget = max(seconds(read_reuters, normal) * len(hostile) / len(normal), 0.05)
    assert seconds(read_reuters, hostile) < 20 * budget + 2


def test_stories_whose_newid_is_not_a_number_keep_their_own_ids():
    text = "".join(reuters_story(newid, f"Story {newid}") for newid in ("a1", "b-2", "x y"))
    records, errors = read_reuters(text)
    assert not errors
    assert [r["provenance"]["item"] for r in records] == ["NEWID=a1", "NEWID=b-2", "NEWID=x y"]
    assert len({r["id"] for r in records}) == 3


def test_a_story_without_newid_is_identified_by_its_content():
    text = reuters_story("1", "One").replace(' NEWID="1"', "") + reuters_story("2", "Two")
    records, errors = read_reuters(text)
    assert not errors and [r["headline"] for r in records] == ["One", "Two"]
    assert records[0]["provenance"]["item"] == "line 1"


def test_a_story_missing_its_close_is_one_error_and_never_swallows_the_next():
    text = (reuters_story("1", "First") + reuters_story("2", "Second", close=False)
            + reuters_story("3", "Third") + reuters_story("4", "Fourth", close=False))
    records, errors = read_reuters(text)
    assert [r["headline"] for r in records] == ["First", "Third"]
    assert [(e.line, e.field) for e in errors] == [(9, "NEWID=2"), (24, "NEWID=4")]
    assert all("</REUTERS>" in e.reason for e in errors)


# --- 9: control characters are removed, with one warning; --strict refuses ---------------------

def test_control_characters_are_removed_with_one_warning_naming_the_first(tmp_path):
    path = tmp_path / "story.txt"
    text = SEED.read_text(encoding="utf-8").splitlines(keepends=True)
    body = next(n for n, line in enumerate(text) if len(line) > 200)
    text[body] = text[body][:10] + "\x0b" + text[body][10:40] + "\x85\ufffe\U0010ffff\x1f" + \
        text[body][40:]
    path.write_text("".join(text), encoding="utf-8")
    result = newsexport("parse", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stderr.decode().splitlines() == [
        f"newsexport: warning: story.txt:{body + 1}: removed 5 control character(s) or "
        "non-character(s), the first U+000B at column 11 (--strict refuses the input)"]
    record = json.loads(result.stdout)
    seed = json.loads(newsexport("parse", str(SEED)).stdout)
    assert record["body"] == seed["body"] and record["headline"] == seed["headline"]
    exported = newsexport("export", str(path), "--to", "newsml")
    assert exported.returncode == 0 and b"<newsItem" in exported.stdout
    strict = newsexport("parse", str(path), "--strict")
    assert strict.returncode == 1 and strict.stdout == b""
    assert one_line(strict) == f"{path}:{body + 1}: control character U+000B at column 11\n"


def test_text_encoded_twice_is_still_refused_without_strict(tmp_path):
    path = tmp_path / "twice.txt"
    path.write_bytes("Headline\n\nObama\u2019s speech\n".encode().decode("latin-1").encode())
    result = newsexport("parse", str(path))
    assert result.returncode == 1
    assert "(text encoded as UTF-8 twice? repair the file)" in one_line(result)


# --- 20, 22, 23: the output folder -----------------------------------------------------------

def publish(*args: str) -> subprocess.CompletedProcess:
    return newsexport("publish", *args, "--to", "jsonld,nquads")


def test_a_manifest_path_leaving_the_output_folder_is_never_acted_on(tmp_path):
    story, out, victim = tmp_path / "story.txt", tmp_path / "out", tmp_path / "victim"
    story.write_bytes(SEED.read_bytes())
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    assert publish(str(story), "-o", str(out)).returncode == 0
    manifest = out / "manifest.jsonl"
    row = json.loads(manifest.read_text())
    for name in ("../victim/keep.txt", str(victim / "keep.txt"), "jsonld/../../victim/keep.txt"):
        row["outputs"].append(name)
    manifest.write_text(json.dumps(row) + "\n")
    story.write_text(SEED.read_text(encoding="utf-8").replace("Chinese", "Russian"))
    assert publish(str(story), "-o", str(out)).returncode == 0
    story.unlink()
    (tmp_path / "other.txt").write_bytes(SEED.read_bytes())
    manifest.write_text(json.dumps(row) + "\n")  # and once as a vanished input
    result = publish(str(tmp_path / "other.txt"), "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert (victim / "keep.txt").read_text() == "mine"


def test_a_manifest_row_edited_out_of_shape_is_redone_not_a_crash(tmp_path):
    out = tmp_path / "out"
    assert publish(str(SEED), "-o", str(out)).returncode == 0
    manifest = out / "manifest.jsonl"
    row = json.loads(manifest.read_text())
    for broken in ({**row, "outputs": "jsonld"}, {k: v for k, v in row.items() if k != "options"},
                   {**row, "articles": [5]}):
        manifest.write_text(json.dumps(broken) + "\n")
        result = publish(str(SEED), "-o", str(out))
        assert result.returncode == 0 and "internal error" not in result.stderr.decode()


def test_a_run_killed_before_its_first_input_is_no_machine_restart(tmp_path):
    out = tmp_path / "out"
    assert publish(str(SEED), "-o", str(out)).returncode == 0
    (out / ".newsexport" / "journal.jsonl").write_bytes(b"")  # killed before the header
    result = publish(str(SEED), "-o", str(out))
    assert result.returncode == 0
    assert "restart" not in result.stderr.decode()
    assert "1 inputs (1 unchanged)" in result.stderr.decode()


def test_a_format_folder_that_is_a_symbolic_link_is_refused(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "jsonld").symlink_to(elsewhere)
    result = publish(str(SEED), "-o", str(out))
    assert result.returncode == 1
    assert "symbolic link" in one_line(result)
    assert list(elsewhere.iterdir()) == []


# --- 23: the minor ones ----------------------------------------------------------------------

@pytest.mark.parametrize("golden", ["seed.newsml.xml", "seed.ninjs.json", "seed.record.json"])
@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_utf16_document_is_read_by_its_own_reader(tmp_path, golden, encoding):
    text = (GOLDEN / golden).read_text(encoding="utf-8")
    if golden.endswith(".xml"):
        text = text.replace("encoding='UTF-8'", "encoding='UTF-16'")
    path = tmp_path / golden
    path.write_bytes(("\ufeff" + text).encode(encoding))
    outcome, = read_all([str(path)], Settings())
    assert not outcome.errors
    assert outcome.records[0]["headline"] == seed_record()["headline"]
    assert choose(path.read_bytes(), path.name).__name__ != "exporter.readers.wire_text"


def test_an_empty_publisher_name_option_is_refused():
    result = newsexport("export", str(SEED), "--to", "atom", "--publisher-name", " ")
    assert result.returncode == 1 and "publisher-name" in one_line(result)


def test_an_article_quoting_a_reuters_tag_is_still_an_article(tmp_path):
    path = tmp_path / "story.txt"
    text = SEED.read_text(encoding="utf-8").split("\n")
    text[4] += ' The file began <REUTERS NEWID="7"> and ended.'
    path.write_text("\n".join(text), encoding="utf-8")
    outcome, = read_all([str(path)], Settings())
    assert not outcome.errors and outcome.records[0]["headline"] == seed_record()["headline"]
    sgml = tmp_path / "reut2-x"
    sgml.write_text('<!DOCTYPE lewis SYSTEM "lewis.dtd">\n' + reuters_story("1", "T"))
    assert choose(sgml.read_bytes(), sgml.name).__name__ == "exporter.readers.reuters"


def test_a_stray_nul_is_removed_but_a_binary_file_refused(tmp_path):
    text = reuters_story("1", "First") + "\x00" + reuters_story("2", "Second")
    records, errors = read_reuters(text)
    assert [r["headline"] for r in records] == ["First", "Second"] and not errors
    with pytest.raises(InputError, match="binary"):
        read_reuters("\x00\x00\x00" + reuters_story("1", "First"))


def test_an_xml_error_is_one_line():
    from exporter.xmlsafe import parse
    with pytest.raises(InputError) as caught:
        parse(b"<a>\x00</a>")
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("member", ["headline", "byline", "body_text"])
def test_a_long_run_of_spaces_in_ninjs_takes_time_like_a_normal_document(member):
    """Layout white space and byline separators were matched from every space of a run."""
    from exporter.inputs import sha256
    from exporter.readers import ninjs
    from exporter.record import ReadContext

    def read(text: str) -> None:
        data = text.encode()
        list(ninjs.read(data, ReadContext("s.json", sha256(data))))

    hostile = ninjs_line(1, **{member: "By Ann Lee" + " " * 60000 + "x"})
    normal = ninjs_line(1, **{member: "By Ann Lee " + "word " * 12000})
    assert seconds(read, hostile) < 20 * max(seconds(read, normal), 0.05) + 2


def test_a_dateline_place_without_a_name_is_written_without_one(tmp_path):
    """Found by bench.fuzz: the schema lets place_name be null beside a place_iri."""
    record = variant(1)
    record["dateline"] = {**record["dateline"], "place_name": None}
    path = records_file(tmp_path / "r.jsonl", record)
    result = newsexport("export", str(path), "--to", "turtle")
    assert result.returncode == 0, result.stderr
    assert b"schema:Place" in result.stdout


@pytest.mark.parametrize("prolog", [
    "<?xml \rversion='1.0' encoding='UTF-8'?>",  # repeated declarations (found by fuzzing)
    "<!-- a comment -->",
    "<?pi data?><!-- c -->",
])
def test_a_long_xml_or_html_prolog_is_sniffed_in_time_like_a_normal_file(prolog):
    from exporter.inputs import Input
    from exporter.pipeline import read_input

    def read(data: bytes) -> None:
        read_input(Input("story.xml", "story.xml", None), Settings(), data=data)

    hostile = ("<?xml version='1.0'?>" + prolog * 400 + "!").encode()
    normal = (GOLDEN / "seed.newsml.xml").read_bytes()
    normal = (normal * (len(hostile) // len(normal) + 1))[:len(hostile)]
    read(normal)  # the readers' first use loads what they need
    assert seconds(read, hostile) < 20 * max(seconds(read, normal), 0.05) + 2
