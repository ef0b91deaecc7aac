"""The Python API: the command line's verbs as functions, re-exported by ``exporter``.

Each command (``exporter.commands``) is click options around one of these functions, so
code and command line give the same records, bytes, files and messages. Bad input raises
:class:`~exporter.errors.InputError` with the one line the command prints; a batch
(several inputs, several records) goes through every good item first and then raises a
:class:`BatchError` holding every error. Warnings (no publisher, an undated article left
out of a feed) go through the :mod:`warnings` module: the library never prints. A
`reporter` (see :class:`Reporter`) gets the errors and warnings of a batch as they come
instead, as the command line prints them (:func:`load`: the errors only); the call then
raises no BatchError.

A ``str`` is an article's text for :func:`parse` and a path everywhere else
(:func:`publish`, :func:`load`, ``out_dir``); a :class:`pathlib.Path` is always a path.
A list of paths may hold ``"-"``, standard input, as on the command line.

This module imports rdflib, pyoxigraph and the checkers only when a function needs them,
so that every command starts without them.
"""

from __future__ import annotations

import contextlib
import importlib
import io
import itertools
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, BinaryIO, Literal, TypeAlias, cast, overload

from . import readers
from .errors import InputError, UsageError
from .inputs import CHECKED_SUFFIXES, Input, discover
from .pipeline import read_input
from .publishing import Plan, Reporter, Summary, run, warnings_to
from .publishing.layout import MAX_SHARDS
from .record import Article
from .settings import (
    DEFAULT_BATCH,
    DEFAULT_STORE,
    STANDARDS_ENVIRONMENT,
    Publisher,
    Settings,
    check_name,
    check_url,
)
from .writers import MODULES, Format, get, parse_list

if TYPE_CHECKING:
    import rdflib

    from .checking import Checked
    from .checking.report import Problem
    from .remote import Credentials
    from .store import Loader

__all__ = ["CHECKED_SUFFIXES", "DEFAULT_BATCH", "DEFAULT_STORE", "FORMATS", "MAX_SHARDS", "READERS",
           "RESULT_FORMATS", "STANDARDS_ENVIRONMENT", "BatchError", "Loaded", "Reporter",
           "UsageError", "atomic_output", "check", "count_inputs", "explain", "export",
           "load", "load_published", "loadable", "parse", "publish", "query", "read_text",
           "render", "serve", "settings_from_options", "validate"]

Source: TypeAlias = str | bytes | os.PathLike[str] | IO[bytes] | IO[str]
PathLike: TypeAlias = str | os.PathLike[str]
Row: TypeAlias = dict[str, str | None]
QueryResult: TypeAlias = "list[Row] | bool | rdflib.Graph"
Printed: TypeAlias = Literal["text", "table", "json", "csv", "tsv"]

FORMATS: tuple[str, ...] = tuple(MODULES)  # every format name, as `--to` takes them
READERS: tuple[str, ...] = tuple(readers.FORMATS)  # every reader's name, as `--from` takes them
RESULT_FORMATS: tuple[str, ...] = ("json", "csv", "tsv")  # query results, besides the table

# Types imported on first use: the checkers load rdflib and lxml, the client an HTTP stack.
_LAZY = {"Tally": ".checking.report", "Problem": ".checking.report", "Credentials": ".remote"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name], __package__), name)


class BatchError(InputError):
    """Some items of a batch could not be read or written; every other one was.

    Its message is the first error's line (and how many more there were);
    `errors` holds every error, `summary` the counts of :func:`publish` and of
    :func:`export` into a folder (else None).
    """

    def __init__(self, errors: Sequence[InputError], summary: Summary | None = None) -> None:
        first = errors[0]
        super().__init__(first.reason, source=first.source, line=first.line, field=first.field)
        self.errors = list(errors)
        self.summary = summary

    def __str__(self) -> str:
        more = len(self.errors) - 1
        return str(self.errors[0]) + (f" (and {more} more error{'s' * (more > 1)})"
                                      if more else "")


def settings_from_options(config: PathLike | None = None, *, base_uri: str | None = None,
                          timezone: str | None = None, input_format: str | None = None,
                          strict: bool = False, publisher_name: str | None = None,
                          publisher_url: str | None = None, publisher_logo: str | None = None,
                          limit: int | None = None, now: str | None = None) -> Settings:
    """The Settings the command line's options give: `config` (else ./newsexport.toml when
    it exists), each option given overriding it; errors name the options as the command
    line spells them."""
    from .settings import load as load_settings
    settings = load_settings(None if config is None else Path(config)).with_options(
        base_uri=base_uri, timezone=timezone, input_format=input_format,
        strict=strict or None)
    publisher = settings.publisher
    if publisher_name is not None:
        check_name(publisher_name, "--publisher-name")
    for value, option in ((publisher_url, "--publisher-url"),
                          (publisher_logo, "--publisher-logo")):
        if value is not None:
            check_url(value, option)
    if publisher_name or publisher_url or publisher_logo:
        name = publisher_name or (publisher.name if publisher else None)
        if name is None:
            raise UsageError("--publisher-url and --publisher-logo need --publisher-name "
                             "(or [publisher] name in the settings)")
        publisher = Publisher(name, publisher_url or (publisher.url if publisher else None),
                              publisher_logo or (publisher.logo if publisher else None))
    feed = dict(settings.feed)
    feed.update({k: v for k, v in (("limit", limit), ("now", now)) if v is not None})
    return settings.with_options(publisher=publisher, feed=feed)


def parse(source: Source | Sequence[PathLike], *, format: str | None = None,
          settings: Settings | None = None, name: str | None = None,
          reporter: Reporter | None = None, debug: bool = False) -> Iterator[Article]:
    """Every article in `source` as an Article record, lazily.

    `source` is the article's text (``str``), its bytes, a binary or text file
    object, a :class:`~pathlib.Path` to a file or a folder (walked as the
    command walks it), or a list of paths as the command takes them (``"-"``:
    standard input). The reader is chosen from the bytes unless `format` names
    one as ``--from`` does: ``wire-text``, ``html``, ``reuters``, ``newsml``, ``ninjs`` or
    ``records``.
    `name` is the input's name in messages and in the record's provenance (of a
    file: its file name; of a folder's files: their paths inside it).
    `debug` puts the traceback of an internal error into its error line.

    >>> text = "Rain in Dushanbe\\n\\nDUSHANBE, July 28 (Xinhua) -- It rained.\\n"
    >>> [record["headline"] for record in parse(text)]
    ['Rain in Dushanbe']
    """
    settings = settings or Settings()
    if format is not None:
        readers.named(format)  # an unknown name is an error before anything is read
        settings = settings.with_options(input_format=format)
    errors: list[InputError] = []
    with _reporting(reporter):
        for item, data in _inputs(source, name):
            outcome = read_input(item, settings, debug, data=data)
            _errors(outcome.errors, reporter, errors)
            yield from outcome.records
    if errors:
        raise BatchError(errors)


def _inputs(source: Source | Sequence[PathLike], name: str | None
            ) -> Iterator[tuple[Input, bytes | None]]:
    """The inputs `source` holds, with their bytes when they are not in a file."""
    if isinstance(source, list | tuple):
        yield from ((item, None) for item in discover([os.fspath(p) for p in source]))
        return
    if isinstance(source, os.PathLike):
        path = Path(source)
        items = [Input(name, name, path)] if name and not path.is_dir() else \
            discover([os.fspath(path)])
        yield from ((item, None) for item in items)
        return
    if isinstance(source, str):
        if "\n" not in source and os.path.isfile(source):
            warnings.warn(f"parse() reads a str as the article's text; to read the file "
                          f"{source!r}, pass Path({source!r})", UserWarning, stacklevel=4)
        data, default = source.encode("utf-8"), "<string>"
    elif isinstance(source, bytes):
        data, default = source, "<bytes>"
    else:
        content = cast(IO[Any], source).read()
        data = content.encode("utf-8") if isinstance(content, str) else content
        default = os.path.basename(str(getattr(source, "name", "<stream>")))
    yield Input(name or default, name or default, None), data


def read_text(path: PathLike, name: str | None = None) -> str:
    """The text of a file (``"-"``: standard input) decoded as inputs are (UTF-8, or UTF-16
    with a BOM; never a guess); errors name `name`."""
    from .inputs import decode
    name = name or os.fspath(path)
    try:
        data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", source=name) from None
    return decode(data, name)


def explain(paths: Sequence[PathLike], *, reporter: Reporter | None = None) -> Iterator[str]:
    """How the wire-text reader reads each input (``parse --explain``): for each non-empty
    line, ``FILE:LINE: class: why | text``; of an input in another format, one line saying
    which reader reads it. Inputs that cannot be read: a BatchError at the end (or each
    error to the `reporter`)."""
    from .inputs import decode
    from .readers import wire_text
    errors: list[InputError] = []
    with _reporting(reporter):
        for item in discover([os.fspath(p) for p in paths]):
            try:
                data = item.read_bytes()
                module = readers.choose(data, item.name)
                if module is not wire_text:
                    yield (f"{item.display}: read by the {module.NAME} reader, whose fields "
                           "are marked up; --explain shows how wire text is read")
                    continue
                lines = wire_text.explain_text(decode(data, item.display))
                for number, cls, why, text in lines:
                    yield f"{item.display}:{number}: {cls}: {why} | {text}"
            except InputError as exc:
                _errors([exc.located(item.display)], reporter, errors)
    if errors:
        raise BatchError(errors)


def validate(record: object) -> list[Problem]:
    """Every way `record` breaks the Article schema (none: it is valid), as
    ``newsexport validate`` words them.

    >>> validate({"headline": "A"})[0].path
    '$'
    """
    from .checking.report import error
    from .validation import problems, unencodable
    found = [error("record-schema", message, path) for path, message in problems(record)]
    surrogate = None if found else unencodable(record)
    return found + ([error("record-schema", surrogate)] if surrogate else [])


def check(files: Sequence[PathLike], *, google: bool = True,
          vocabulary: PathLike | None = None, shapes: Sequence[str] = (),
          standards: PathLike | None = None, reporter: Reporter | None = None
          ) -> Iterator[Checked]:
    """Every document in `files` (folders searched for :data:`CHECKED_SUFFIXES`) checked as
    ``newsexport validate`` checks it: records, JSON-LD, HTML pages, RDF, NewsML-G2, ninjs.

    `google`: Google's Article rules; `vocabulary`: another schema.org release;
    `shapes`: SHACL shape files (``"newsexport"``: those of newsexport's output);
    `standards`: IPTC's schemas (default: the folder ``$NEWSEXPORT_STANDARDS`` names).
    A file that cannot be read is a document of kind ``unreadable`` with its problem.
    A `reporter` gets the warnings (control characters removed, ...).
    """
    from .checking import Checked, Options, check_bytes, iptc, shacl
    from .checking.report import error
    from .checking.vocabulary import Vocabulary
    options = Options(
        vocab=Vocabulary.load(Path(vocabulary)) if vocabulary else Vocabulary.shipped(),
        google=google, shapes=tuple(shacl.shapes(name) for name in shapes),
        standards=iptc.standards_folder(None if standards is None else os.fspath(standards)))
    with _reporting(reporter):
        for item in discover([os.fspath(f) for f in files], CHECKED_SUFFIXES):
            try:
                found = list(check_bytes(item.read_bytes(), item.display, options))
            except InputError as exc:  # a file that cannot be read is a problem like another
                found = [Checked("unreadable", [error("validate/input", exc.reason)
                                                .at(item.display, exc.line)])]
            yield from found


def render(record: Article, fmt: str, settings: Settings | None = None) -> bytes:
    """The article's document in the format called `fmt` (see :data:`FORMATS`); for a
    feed format (``atom``, ``rss``, ``news-sitemap``), a feed of this one article.

    Raises InputError when the record is invalid, or when the format has no document
    for it (a NewsML-G2 item for an undated article: a warning says why).

    >>> record = next(parse("Rain in Dushanbe\\n\\nDUSHANBE, July 28 (Xinhua) -- It rained.\\n"))
    >>> render(record, "turtle").startswith(b"@prefix")
    True
    """
    _check(record)
    if "," in fmt or fmt.strip() == "all":
        raise InputError(f"render takes one format, not {fmt!r}", field="fmt")
    out = io.BytesIO()
    _write(get(fmt), iter([record]), settings or Settings(), out)
    return out.getvalue()


@overload
def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: None = None, *, settings: Settings | None = None, jobs: int = 1,
           reporter: Reporter | None = None) -> dict[str, bytes]: ...


@overload
def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: BinaryIO, *, settings: Settings | None = None, jobs: int = 1,
           reporter: Reporter | None = None) -> int: ...


@overload
def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: PathLike, *, settings: Settings | None = None, jobs: int = 1,
           reporter: Reporter | None = None) -> Summary: ...


def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: PathLike | BinaryIO | None = None, *, settings: Settings | None = None,
           jobs: int = 1, reporter: Reporter | None = None) -> dict[str, bytes] | int | Summary:
    """Records in one or more formats (names, or ``"jsonld,turtle"``, or ``"all"``).

    Without `out_dir`, in memory: ``{format: bytes}`` where each value is what
    ``newsexport export --to FORMAT`` prints: the article's document for one record;
    for several, the format's bundle (N-Quads, TriG, ninjs lines) or batch document
    (a NewsML-G2 newsMessage, a feed). Given a binary stream instead, one format's
    document is written to it as the records come (a bundle never is all in memory);
    the number of records (none: nothing was written). With a folder, the files
    ``export -o DIR`` writes (``DIR/<format>/<id><ext>``, bundles and feeds); the run's
    Summary. A `reporter` gets the warnings (and a folder's errors) as they come.

    >>> record = next(parse("Rain in Dushanbe\\n\\nDUSHANBE, July 28 (Xinhua) -- It rained.\\n"))
    >>> sorted(export(record, ["jsonld", "turtle"]))
    ['jsonld', 'turtle']
    """
    settings = settings or Settings()
    chosen = _formats(formats)
    items: Iterable[Article] = [cast(Article, records)] if isinstance(records, Mapping) \
        else records
    if out_dir is not None and not isinstance(out_dir, str | os.PathLike):
        if len(chosen) > 1:
            raise UsageError("several formats need -o DIR (one folder per format)")
        with _reporting(reporter):  # the writers' warnings, to the end of the feed
            return _write(chosen[0], _checked(items), settings, out_dir)
    items = list(_checked(items))
    if not items:
        raise InputError("no article found in the inputs")
    if out_dir is None:
        documents = {}
        with _reporting(reporter):
            for writer in chosen:
                out = io.BytesIO()
                _write(writer, items, settings, out)
                documents[writer.name] = out.getvalue()
        return documents
    with tempfile.TemporaryDirectory(prefix="newsexport-") as scratch:
        records_file = Path(scratch, "records.jsonl")
        records_file.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n"
                                        for record in items), encoding="utf-8")
        summary, errors = _run([str(records_file)], Plan(Path(out_dir), chosen, settings,
                                                         jobs, incremental=False), reporter)
    if errors:
        raise BatchError(errors, summary)
    return summary


def _write(writer: Format, records: Iterable[Article], settings: Settings,
           out: BinaryIO) -> int:
    """One format's document for `records` on `out` (see :func:`export`); the records read.
    Every record is read, also after a writer that gave up (a news sitemap without a
    publisher): the inputs behind them are then still read and their errors reported."""
    stream = _Counted(records)
    try:
        written = _write_counted(writer, stream, settings, out)
        for _ in stream:  # what a writer that stopped early left
            pass
    finally:
        stream.close()  # a generator of parse() ends its warnings' context here
    if stream.count and not written:  # e.g. an Atom feed of undated articles: no <updated>
        raise InputError(f"no {writer.name} document from these articles (see the "
                         "warning above)")
    return stream.count


def _write_counted(writer: Format, stream: _Counted, settings: Settings, out: BinaryIO
                   ) -> bool:
    """Write what :func:`_write` writes; False when the writer had no document."""
    if writer.render is None:
        return writer.write_feed(stream, settings, out)
    first = next(stream, None)
    second = next(stream, None) if first is not None else None
    if first is None:
        return True
    if second is None:
        document = writer.render(first, settings)
        if document is None:
            raise InputError(f"article {first['id']}: no {writer.name} document (see the "
                             "warning above)")
        out.write(document)
        return True
    every = itertools.chain((first, second), stream)
    if writer.bundle is not None:
        out.write(writer.bundle.head(settings))
        for record in every:
            out.write(writer.bundle.item(record, settings))
        out.write(writer.bundle.tail(settings))
        return True
    if writer.feed is not None or writer.stream_feed is not None:
        return writer.write_feed(every, settings, out)  # a newsMessage streams
    raise UsageError(f"{writer.name} writes one document per article and the inputs hold "
                     "several: use -o DIR (or a format with a bundle, such as nquads or trig)")


class _Counted(Iterator[Article]):
    """The records, counted as they are read."""

    def __init__(self, records: Iterable[Article]) -> None:
        self.records, self.count = iter(records), 0

    def __next__(self) -> Article:
        record = next(self.records)
        self.count += 1
        return record

    def close(self) -> None:
        close = getattr(self.records, "close", None)
        if close is not None:
            close()


def publish(inputs: PathLike | Iterable[PathLike], out_dir: PathLike, *,
            formats: str | Sequence[str] = "all", settings: Settings | None = None,
            jobs: int = 1, force: bool = False, fail_fast: bool = False,
            incremental: bool = True, scheduler: str | None = None, chunk: int | None = None,
            shards: int = 0,
            store: PathLike | None = None, endpoint: str | None = None,
            credentials: Credentials | None = None, timeout: float = 60.0,
            retries: int = 4, reporter: Reporter | None = None, debug: bool = False
            ) -> Summary:
    """Every input (files or folders) in every format into `out_dir`, with its manifest,
    incrementally, as ``newsexport publish`` does; the run's counts.

    A bad input is left out and the others published; then a BatchError holds every
    error line and the Summary. `jobs` worker processes give the same bytes as one;
    `scheduler` runs on a Dask cluster instead (``tcp://HOST:PORT`` or ``local:N``, the
    ``dask`` extra), `chunk` inputs per task. `shards` writes each bundle as that many
    shards, assembled in parallel. ``incremental=False`` writes what ``export -o DIR``
    writes: no manifest, nothing skipped.
    Given `store` or `endpoint`, the folder's N-Quads (or TriG) bundle is then loaded
    as ``publish --load`` loads it (see :func:`load_published`).

    >>> summary = publish(Path("seeds"), "out")  # doctest: +SKIP
    >>> summary.articles  # doctest: +SKIP
    1
    """
    chosen = _formats(formats)
    plan = Plan(Path(out_dir), chosen, settings or Settings(), jobs,
                incremental=incremental, force=force, fail_fast=fail_fast, debug=debug,
                scheduler=scheduler, chunk=chunk, shards=shards)
    loading = store is not None or endpoint is not None
    if loading:
        loadable(chosen)
    summary, errors = _run(_paths(inputs), plan, reporter)
    if loading and not summary.stopped:
        with _reporting(reporter):
            errors += load_published(out_dir, chosen, store=store, endpoint=endpoint,
                                     force=force, credentials=credentials, timeout=timeout,
                                     retries=retries, settings=plan.settings,
                                     reporter=reporter, shards=shards).errors
    if errors and reporter is None:
        raise BatchError(errors, summary)
    return summary


def count_inputs(inputs: Iterable[PathLike]) -> int:
    """How many inputs the paths name, folders walked as :func:`parse` walks them (for a
    progress bar)."""
    return sum(1 for _ in discover([os.fspath(p) for p in inputs]))


def loadable(formats: str | Sequence[str] | Sequence[Format]) -> str:
    """The bundle ``publish --load`` loads among `formats` (its path in the output folder);
    a UsageError when there is none."""
    from .publishing.loading import dataset_bundle
    chosen = formats if formats and isinstance(formats[0], Format) else \
        _formats(cast(str | Sequence[str], formats))
    bundle = dataset_bundle(tuple(cast(Sequence[Format], chosen)))
    if bundle is None:
        raise UsageError("--load loads the N-Quads or TriG bundle: add nquads (or trig) to "
                         "--to")
    return bundle


@dataclass
class Loaded:
    """What :func:`load_published` did: the `bundle` it read (``3 shards of
    nquads/all.nq`` when sharded), the `articles` loaded (None:
    the store held the bundle already, nothing was loaded) and `removed`, the `errors`."""

    bundle: str
    articles: int | None
    removed: int
    errors: list[InputError]


def load_published(out_dir: PathLike, formats: str | Sequence[str] | Sequence[Format] = "all",
                   *, store: PathLike | None = None, endpoint: str | None = None,
                   force: bool = False, settings: Settings | None = None,
                   credentials: Credentials | None = None, timeout: float = 60.0,
                   retries: int = 4, reporter: Reporter | None = None, shards: int = 0
                   ) -> Loaded:
    """Make the store (embedded `store`, default ``./newsexport-store``, or the server's
    `endpoint`) hold the articles of the folder :func:`publish` wrote, unless it already
    does: its N-Quads (or TriG) bundle (its `shards`, when it has them) is loaded, then
    the graphs of articles the folder no longer has are dropped; a rerun loads again only
    when the bundle changed (or `force`).
    A `reporter` gets each error and an ``advance`` per graph as they come."""
    from .publishing.loading import LoadState, load_unless_current
    from .store import open_loader
    bundle = loadable(formats)
    where = endpoint or str(Path(store or DEFAULT_STORE).resolve())  # whatever the cwd
    gone = endpoint is None and not Path(where).is_dir()  # a store deleted since
    errors: list[InputError] = []

    def consume(events: Iterator[object]) -> int:
        for event in events:
            if isinstance(event, InputError):
                errors.append(event)
                if reporter is not None:
                    reporter.error(str(event))
            _advance(reporter)
        return len(errors)

    state = LoadState(Path(out_dir), bundle, where, shards)
    name = state.name  # the state is closed when the load is done
    loader, _ = load_unless_current(
        state, force or gone,
        lambda: open_loader(settings or Settings(), store=None if store is None else Path(store),
                            endpoint=endpoint, credentials=credentials, timeout=timeout,
                            retries=retries), consume)
    return Loaded(name, None if loader is None else loader.articles,
                  0 if loader is None else loader.removed, errors)


class _Kept:
    """A run's errors and warnings, kept: the run sends every warning to its reporter,
    so they are issued again only once it is over."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.warnings: dict[str, None] = {}  # each message once, in order

    def error(self, line: str) -> None:
        self.errors.append(InputError(line))

    def warning(self, message: str) -> None:
        self.warnings[message] = None

    def advance(self) -> None:
        pass


def _run(arguments: list[str], plan: Plan, reporter: Reporter | None
         ) -> tuple[Summary, list[InputError]]:
    """A publishing run's summary and errors; its warnings issued (or reported)."""
    kept = _Kept()
    try:
        summary = run(arguments, plan, reporter or kept)
    finally:
        for message in kept.warnings:
            warnings.warn(message, UserWarning, stacklevel=3)
    if summary.stopped:
        kept.errors.append(InputError("stopped at the first bad input (fail_fast)"))
    return summary, kept.errors


def load(records_or_paths: Article | PathLike | Iterable[Article | PathLike], *,
         store: PathLike | None = None, endpoint: str | None = None,
         settings: Settings | None = None, batch: int = DEFAULT_BATCH, bulk: bool = True,
         scheduler: str | None = None, credentials: Credentials | None = None,
         timeout: float = 60.0, retries: int = 4, reporter: Reporter | None = None,
         debug: bool = False) -> int:
    """Load records, or files and folders (articles, records, N-Quads or TriG from
    export; ``"-"``: standard input), into the embedded store `store` (default
    ``./newsexport-store``) or the SPARQL server whose Graph Store endpoint is `endpoint`,
    one named graph per article, as ``newsexport load`` does; the number of articles loaded.

    A folder that :func:`publish` wrote is loaded from its bundle (shard by shard).
    Given `scheduler` (a Dask cluster, see :func:`publish`) and `endpoint`, the cluster's
    workers send the N-Quads or TriG files (paths) to the server in parallel.

    Loading an article again replaces its graph. Bad items are left out and the
    others loaded; then a BatchError holds every error (or the `reporter` got each one,
    and an ``advance`` per article loaded). A failing store raises at once.

    >>> load(parse(Path("seeds")), store="news-store")  # doctest: +SKIP
    1
    """
    from .load_inputs import load_inputs
    from .store import StoreError, open_loader
    settings = settings or Settings()
    items = [cast(Article | PathLike, records_or_paths)] if isinstance(
        records_or_paths, Mapping | str | os.PathLike) else records_or_paths
    errors: list[InputError] = []
    if scheduler is not None:
        return _send(items, scheduler, endpoint, settings, batch, credentials, timeout,
                     retries, reporter)
    loader: Loader
    with open_loader(settings, store=None if store is None else Path(store),
                     endpoint=endpoint, batch=batch, bulk=bulk, credentials=credentials,
                     timeout=timeout, retries=retries) as loader:
        for item in items:
            if isinstance(item, Mapping):
                try:
                    _check(item)
                    loader.add(item)
                except StoreError:
                    raise  # the store failed: nothing more can be loaded
                except InputError as exc:
                    _errors([exc.located(_source(item))], reporter, errors)
                else:
                    _advance(reporter)
                continue
            _consume(load_inputs((os.fspath(item),), loader, settings, debug), reporter, errors)
    if errors:
        raise BatchError(errors)
    return loader.articles


def _send(items: Iterable[Article | PathLike], scheduler: str, endpoint: str | None,
          settings: Settings, batch: int, credentials: Credentials | None, timeout: float,
          retries: int, reporter: Reporter | None) -> int:
    """load(scheduler=...): the files sent by the cluster's workers; the articles sent."""
    from .publishing.cluster import Sending  # Dask is an optional extra
    from .publishing.loading import dataset_files

    items = list(items)
    if endpoint is None:
        raise UsageError("--scheduler sends the files from the Dask workers to a server: give "
                         "--endpoint (an embedded store takes one writer)")
    if any(isinstance(item, Mapping) for item in items):
        raise UsageError("--scheduler sends N-Quads or TriG files: give their paths, not "
                         "records")
    sending = Sending(scheduler, dataset_files(_paths(cast(Iterable[PathLike], items))),
                      endpoint, settings, batch, credentials, timeout, retries)
    errors: list[InputError] = []
    _consume(sending.events(), reporter, errors)
    if errors:
        raise BatchError(errors)
    return sending.articles


@overload
def query(sparql: str, *, store: PathLike | None = None, endpoint: str | None = None,
          allow_service: bool = False, credentials: Credentials | None = None,
          timeout: float = 60.0, retries: int = 4, format: None = None) -> QueryResult: ...


@overload
def query(sparql: str, *, store: PathLike | None = None, endpoint: str | None = None,
          allow_service: bool = False, credentials: Credentials | None = None,
          timeout: float = 60.0, retries: int = 4, format: Printed) -> bytes: ...


def query(sparql: str, *, store: PathLike | None = None, endpoint: str | None = None,
          allow_service: bool = False, credentials: Credentials | None = None,
          timeout: float = 60.0, retries: int = 4, format: Printed | None = None
          ) -> QueryResult | bytes:
    """Run a SPARQL query on the embedded store (default ``./newsexport-store``; the
    default graph is the union of the articles' graphs) or on a server's endpoint.

    SELECT gives a list of rows, each ``{variable: value}`` with the value as text (an
    IRI, a literal's lexical form, a blank node's label) or None when unbound; ASK a
    bool; CONSTRUCT and DESCRIBE an :class:`rdflib.Graph`. A query calling another
    endpoint (SERVICE) on the embedded store needs ``allow_service=True``.
    With `format`, the bytes ``newsexport query`` prints: ``"text"`` as it prints without
    ``--format`` (a table; Turtle for CONSTRUCT and DESCRIBE), else ``"table"``,
    ``"json"``, ``"csv"`` or ``"tsv"`` (SELECT and ASK only).

    >>> query("ASK { ?s ?p ?o }", store="news-store")  # doctest: +SKIP
    True
    """
    from . import querying
    convert = querying.plain if format is None else \
        (lambda result: querying.printed(result, format))
    return cast("QueryResult | bytes", querying.run(
        sparql, convert, store=None if store is None else Path(store), endpoint=endpoint,
        allow_service=allow_service, credentials=credentials, timeout=timeout,
        retries=retries))


def serve(store: PathLike | None = None, *, endpoint: str | None = None,
          settings: Settings | None = None, host: str = "127.0.0.1", port: int = 8000,
          root_path: str = "", query_timeout: float = 10.0, query_limit: int = 10_000,
          timeout: float = 30.0, credentials: Credentials | None = None, retries: int = 1,
          ready: Callable[[str], None] | None = None, reporter: Reporter | None = None) -> None:
    """Serve the store's articles (or a SPARQL server's, `endpoint`) as linked data until
    interrupted, as ``newsexport serve`` does; `ready(url)` once the server listens.
    Needs the ``serve`` extra. `credentials`, `timeout` and `retries` are for the `endpoint`
    (each request a page makes). What it finds wrong before starting (articles under another
    base IRI, no publisher, a public `host`) is a warning (to the `reporter`, if given);
    the app alone, to mount elsewhere, is :func:`exporter.serving.create_app`.

    >>> serve("news-store", port=8080)  # doctest: +SKIP
    """
    from .serving.server import serve as run_server
    with warnings.catch_warnings(), _reporting(reporter):  # the filters it sets end here
        run_server(None if store is None else Path(store), endpoint, settings or Settings(),
                   host=host, port=port, root_path=root_path, query_timeout=query_timeout,
                   query_limit=query_limit, ready=ready, timeout=timeout,
                   credentials=credentials, retries=retries)


@contextlib.contextmanager
def atomic_output(path: PathLike) -> Iterator[BinaryIO]:
    """A file to write, put in place of `path` only when the block ends without an error;
    an InputError naming it when it cannot be written."""
    from .atomic import atomic_writer
    try:
        with atomic_writer(Path(path)) as handle:
            yield handle
    except OSError as exc:
        raise InputError(f"cannot write: {exc.strerror or exc}", source=os.fspath(path)) \
            from None


@contextlib.contextmanager
def _reporting(reporter: Reporter | None) -> Iterator[None]:
    """Warnings to the reporter, if there is one."""
    if reporter is None:
        yield
        return
    with warnings_to(reporter.warning):
        yield


def _errors(found: Iterable[InputError], reporter: Reporter | None,
            kept: list[InputError]) -> None:
    for error in found:
        if reporter is None:
            kept.append(error)
        else:
            reporter.error(str(error))


def _consume(events: Iterable[object], reporter: Reporter | None,
             kept: list[InputError]) -> None:
    """A load's events: each error to the reporter (else kept), an advance for the rest."""
    for event in events:
        if isinstance(event, InputError):
            _errors([event], reporter, kept)
        else:
            _advance(reporter)


def _advance(reporter: Reporter | None) -> None:
    if reporter is not None:
        reporter.advance()


def _formats(names: str | Sequence[str]) -> tuple[Format, ...]:
    return tuple(parse_list(names if isinstance(names, str) else ",".join(names)))


def _checked(records: Iterable[Article]) -> Iterator[Article]:
    for record in records:
        _check(record)
        yield record


def _check(record: Mapping[str, Any]) -> None:
    """An InputError naming the record's first schema problem (as :func:`validate` finds
    them), if it has one."""
    from .validation import problems, unencodable
    path, message = next(problems(record), ("$", unencodable(record)))
    if message is not None:
        raise InputError(message, source=_source(record), field=path)


def _source(record: Mapping[str, Any]) -> str:
    provenance = record.get("provenance")
    where = provenance.get("input") if isinstance(provenance, Mapping) else None
    return where if isinstance(where, str) else "<record>"


def _paths(inputs: PathLike | Iterable[PathLike]) -> list[str]:
    if isinstance(inputs, str | os.PathLike):
        return [os.fspath(inputs)]
    return [os.fspath(item) for item in inputs]
