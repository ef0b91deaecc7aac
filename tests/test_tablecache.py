"""The cache of start-up tables: used only when fresh, whole and safe; never required."""

from __future__ import annotations

import datetime
import importlib
import os
import stat
from pathlib import Path

import pytest

from exporter import tablecache
from exporter.linking import gazetteer
from exporter.readers.wire import date_languages


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("NEWSEXPORT_CACHE_DIR", str(folder))
    return folder


class Builds:
    """A table's build, counting its calls."""

    def __init__(self, table: object) -> None:
        self.table, self.calls = table, 0

    def __call__(self) -> object:
        self.calls += 1
        return self.table


TABLE = {"names": "a\0b", "ids": b"\x01\x02", "rows": [(1, 2.5, None)], "set": frozenset("xy")}


def test_a_kept_table_is_read_back_without_building(cache: Path) -> None:
    build = Builds(TABLE)
    assert tablecache.cached("t", "key", build) == TABLE
    assert tablecache.cached("t", "key", build) == TABLE
    assert build.calls == 1
    assert stat.S_IMODE(os.stat(cache).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache / tablecache.file_name("t", "key")).st_mode) == 0o600
    assert [p.name for p in cache.iterdir()] == [tablecache.file_name("t", "key")]  # no .tmp


def test_a_stale_table_is_built_again(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "data.json"
    source.write_text("[1]")
    first = tablecache.source_key(source)
    tablecache.cached("t", first, Builds(TABLE))
    source.write_text("[2]")  # the data changed
    second = tablecache.source_key(source)
    assert second != first
    build = Builds({"new": 1})
    assert tablecache.cached("t", second, build) == {"new": 1}
    assert build.calls == 1
    assert tablecache.read("t", second) == {"new": 1}  # and the fresh one kept


def test_the_key_holds_newsexports_version(cache: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "data.json"
    source.write_text("[1]")
    before = tablecache.source_key(source)
    monkeypatch.setattr(tablecache, "__version__", "99.0.0")
    assert tablecache.source_key(source) != before
    assert tablecache.source_key(tmp_path / "missing.json") is None


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # truncated
    lambda data: data[:-40] + bytes(40),  # payload overwritten: the checksum tells
    lambda data: b"not a table at all",
    lambda data: b"",
])
def test_a_corrupt_table_is_built_again(cache: Path, damage,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    tablecache.cached("t", "key", Builds(TABLE))
    path = cache / tablecache.file_name("t", "key")
    path.write_bytes(damage(path.read_bytes()))
    build = Builds(TABLE)
    assert tablecache.cached("t", "key", build) == TABLE
    assert build.calls == 1
    assert capsys.readouterr() == ("", "")  # no traceback, no message
    assert tablecache.read("t", "key") == TABLE  # rewritten whole


def test_an_unwritable_folder_only_means_building(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "home"
    blocker.write_text("a file where the cache folder would be")
    monkeypatch.setenv("NEWSEXPORT_CACHE_DIR", str(blocker / "cache"))
    build = Builds(TABLE)
    assert tablecache.cached("t", "key", build) == TABLE
    assert tablecache.cached("t", "key", build) == TABLE
    assert build.calls == 2


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="no owners to check")
def test_a_folder_others_may_write_to_is_not_used(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    tablecache.cached("t", "key", Builds(TABLE))
    os.chmod(cache, 0o777)  # anyone could have replaced the file
    build = Builds(TABLE)
    assert tablecache.cached("t", "key", build) == TABLE
    assert build.calls == 1
    os.chmod(cache, 0o700)
    os.chmod(cache / tablecache.file_name("t", "key"), 0o666)  # the file itself open to others
    assert tablecache.read("t", "key") is None


def test_no_key_no_cache(cache: Path) -> None:
    build = Builds(TABLE)
    tablecache.cached("t", None, build)
    tablecache.cached("t", None, build)
    assert build.calls == 2
    assert not cache.exists()


def _fresh_gazetteer() -> gazetteer.Gazetteer:
    gazetteer.load.cache_clear()
    return gazetteer.load()


def test_the_gazetteer_read_from_the_cache_is_the_one_built(cache: Path) -> None:
    try:
        built = _fresh_gazetteer()
        built_aliases = dict(built.by_alias.items())
        assert {p.name.split(".")[0] for p in cache.iterdir()} == {"gazetteer",
                                                                   "gazetteer-aliases"}
        gazetteer._source.cache_clear()  # nothing left in memory: all from the files
        read = _fresh_gazetteer()
        assert dict(read.by_name.items()) == dict(built.by_name.items())
        assert dict(read.by_alias.items()) == built_aliases
        assert read.countries == built.countries
        assert list(read.us_states.items()) == list(built.us_states.items())
        assert gazetteer._source.cache_info().currsize == 0
        paris = max(read.by_name["paris"], key=lambda c: c.population)
        assert (paris.geonames_id, paris.country, paris.latitude) == (2988507, "FR", 48.85341)
        assert any(c.name == "Beijing" for c in read.by_alias["peking"])
    finally:
        gazetteer.load.cache_clear()


# Month names and other words of several languages, and words no language dates by.
SPANS = ["3 mars 2014", "Januar 5, 2021", "17 ноября 2023", "22 de janeiro de 2018",
         "enero 8, 2014", "5. listopadu 2019", "12 Montag 2021", "27. The 1965", "5 Foo 2021",
         "14 maggio 2020", "3 mei 2018", "7 października 2016", "2. днів 2014", "6 jours 2014",
         "9 Ağustos 2017", "11 juli 1999", "4 Kasım 2010", "30 серпня 2022", "1 Mai 2000",
         "Dezember 24, 2015", "10 Xinhua 2021", "8 Reuters 2020", "15 ottobre 2013",
         "8 m\u0300bú 1870", "m\u0300bú 25, 1870"]  # Shona's "mbu" once folded, as dateparser does


def test_dateparser_reads_spans_alike_with_the_candidate_languages() -> None:
    import dateparser

    settings = {"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DATES_FROM": "past",
                "RETURN_AS_TIMEZONE_AWARE": False,
                "RELATIVE_BASE": datetime.datetime(2024, 5, 6, 7, 8, 9)}
    for span in SPANS:
        languages = date_languages.candidates(span)
        everywhere = dateparser.parse(span, settings=settings)
        assert (dateparser.parse(span, languages=languages, settings=settings)
                if languages else None) == everywhere, span
    assert "fr" in date_languages.candidates("3 mars 2014")
    assert "de" not in date_languages.candidates("17 ноября 2023")


def _month_spans() -> list[str]:
    """Spans in the two forms the wire reader sends, with the month names of dateparser's
    first 40 languages."""
    from importlib import import_module

    from dateparser.data.languages_info import language_order

    spans = []
    for n, language in enumerate(language_order[:40]):
        info = import_module(f"dateparser.data.date_translation_data.{language}").info
        for month in ("january", "may", "october"):
            for word in info.get(month, [])[:1]:
                spans += [f"{n % 28 + 1} {word} 2014", f"{word} {n % 28 + 1}, 1999"]
    return spans


def test_every_language_dateparser_finds_applicable_is_a_candidate() -> None:
    from dateparser.conf import settings
    from dateparser.date import sanitize_date
    from dateparser.languages.loader import LocaleDataLoader

    locales = list(LocaleDataLoader().get_locales())
    for span in [*SPANS, *_month_spans()]:
        text = sanitize_date(span)
        applicable = {locale.shortname for locale in locales for strip in (False, True)
                      if locale.is_applicable(text, strip_timezone=strip, settings=settings)
                      or locale._native.is_applicable(text, strip, settings=settings)}
        assert applicable <= set(date_languages.candidates(span)), span
    assert len(date_languages.candidates("27. The 1965")) < 20  # of 205: the point of it


def test_the_key_holds_the_pythons_unicode_database(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """Names are folded with the interpreter's Unicode database, which Python versions
    change: a table another Python built must not be read as if this one had."""
    source = tmp_path / "data.json"
    source.write_text("[1]")
    before = tablecache.source_key(source)
    monkeypatch.setattr(tablecache, "_INTERPRETER", "cpython-399\0" + "99.0.0")
    assert tablecache.source_key(source) != before


def test_a_write_stopped_by_ctrl_c_leaves_no_temporary(cache: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupted(*_args: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(tablecache.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        tablecache.write("t", "key", TABLE)
    assert list(cache.iterdir()) == []


def test_the_word_lists_key_holds_dateparsers_folding() -> None:
    """The words are folded with dateparser's normalize_unicode: a dateparser whose
    folding changed must not read word lists folded the old way."""
    import dateparser.utils
    from dateparser.conf import settings

    sources = {path.resolve() for path in date_languages._source_files()}
    for module in (dateparser.utils, importlib.import_module(type(settings).__module__)):
        assert Path(module.__file__).resolve() in sources, module.__name__


def test_the_tests_keep_their_own_table_cache(table_cache: Path) -> None:
    assert tablecache.folder() == table_cache
    assert Path.home() not in table_cache.parents


def test_two_keys_keep_two_tables_and_a_stale_one_goes(cache: Path) -> None:
    """Two installs sharing the folder (another version or Python: another key) each keep
    their table; one no process rewrote in STALE_DAYS is removed by the next write."""
    tablecache.cached("t", "key-one", Builds({"one": 1}))
    tablecache.cached("t", "key-two", Builds({"two": 2}))
    assert tablecache.read("t", "key-one") == {"one": 1}
    assert tablecache.read("t", "key-two") == {"two": 2}
    old = cache / tablecache.file_name("t", "key-one")
    long_ago = old.stat().st_mtime - (tablecache.STALE_DAYS + 1) * 86400
    os.utime(old, (long_ago, long_ago))
    tablecache.write("t", "key-two", {"two": 2})
    assert not old.exists()
    assert tablecache.read("t", "key-two") == {"two": 2}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_in_place_of_a_table_is_not_waited_for(cache: Path) -> None:
    cache.mkdir(mode=0o700)
    os.mkfifo(cache / tablecache.file_name("t", "key"), 0o600)
    assert tablecache.read("t", "key") is None  # no writer: a blocking open would hang
