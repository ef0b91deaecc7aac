"""The Python API: the command line's verbs as functions, re-exported by ``exporter``.

Each function calls what its command calls, so code and command line give the same
records, bytes and files. Bad input raises :class:`~exporter.errors.InputError`
with the one line the command prints; a batch (several inputs, several records)
goes through every good item first and then raises a :class:`BatchError` holding
every error. Warnings (no publisher, an undated article left out of a feed) go
through the :mod:`warnings` module: the library never prints.

A ``str`` is an article's text for :func:`parse` and a path everywhere else
(:func:`publish`, :func:`load`, ``out_dir``); a :class:`pathlib.Path` is always a path.
"""

from __future__ import annotations

import io
import json
import os
import tempfile
import warnings
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, TypeAlias, cast, overload

import pyoxigraph as ox
import rdflib

from . import readers
from .checking.report import Problem, error
from .commands.load import _load  # moves here with the command refactor (issue 21)
from .commands.query import calls_service, server_result
from .errors import InputError
from .inputs import Input, discover
from .pipeline import read_input
from .publishing import Plan, Summary, run
from .publishing.loading import LoadState, dataset_bundle, dataset_files, load_unless_current
from .record import Article
from .remote import Credentials, RemoteStore
from .settings import Settings
from .store import DEFAULT_BATCH, DEFAULT_STORE, EmbeddedStore, StoreError, open_loader
from .validation import problems, unencodable
from .writers import MODULES, Format, get, parse_list

Source: TypeAlias = str | bytes | os.PathLike[str] | IO[bytes] | IO[str]
PathLike: TypeAlias = str | os.PathLike[str]
Row: TypeAlias = dict[str, str | None]
QueryResult: TypeAlias = list[Row] | bool | rdflib.Graph

FORMATS: tuple[str, ...] = tuple(MODULES)  # every format name, as `--to` takes them


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


def parse(source: Source, *, format: str | None = None, settings: Settings | None = None,
          name: str | None = None) -> Iterator[Article]:
    """Every article in `source` as an Article record, lazily.

    `source` is the article's text (``str``), its bytes, a binary or text file
    object, or a :class:`~pathlib.Path` to a file or a folder (walked as the
    command walks it). The reader is chosen from the bytes unless `format` names
    one as ``--from`` does: ``wire-text``, ``html``, ``reuters``, ``newsml``, ``ninjs`` or
    ``records``.
    `name` is the input's name in messages and in the record's provenance (of a
    file: its file name; of a folder's files: their paths inside it).

    >>> text = "Rain in Dushanbe\\n\\nDUSHANBE, July 28 (Xinhua) -- It rained.\\n"
    >>> [record["headline"] for record in parse(text)]
    ['Rain in Dushanbe']
    """
    settings = settings or Settings()
    if format is not None:
        readers.named(format)  # an unknown name is an error before anything is read
        settings = settings.with_options(input_format=format)
    errors: list[InputError] = []
    for item, data in _inputs(source, name):
        outcome = read_input(item, settings, data=data)
        errors.extend(outcome.errors)
        yield from outcome.records
    if errors:
        raise BatchError(errors)


def _inputs(source: Source, name: str | None) -> Iterator[tuple[Input, bytes | None]]:
    """The inputs `source` holds, with their bytes when they are not in a file."""
    if isinstance(source, os.PathLike):
        path = Path(source)
        items = [Input(name, name, path)] if name and not path.is_dir() else \
            discover([os.fspath(path)])
        yield from ((item, None) for item in items)
        return
    if isinstance(source, str):
        if "\n" not in source and os.path.isfile(source):
            warnings.warn(f"parse() reads a str as the article's text; to read the file "
                          f"{source!r}, pass Path({source!r})", UserWarning, stacklevel=3)
        data, default = source.encode("utf-8"), "<string>"
    elif isinstance(source, bytes):
        data, default = source, "<bytes>"
    else:
        content = source.read()
        data = content.encode("utf-8") if isinstance(content, str) else content
        default = os.path.basename(str(getattr(source, "name", "<stream>")))
    yield Input(name or default, name or default, None), data


def validate(record: object) -> list[Problem]:
    """Every way `record` breaks the Article schema (none: it is valid), as
    ``newsexport validate`` words them.

    >>> validate({"headline": "A"})[0].path
    '$'
    """
    found = [error("record-schema", message, path) for path, message in problems(record)]
    surrogate = None if found else unencodable(record)
    return found + ([error("record-schema", surrogate)] if surrogate else [])


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
    return _render(_format(fmt), record, settings or Settings())


def _render(writer: Format, record: Article, settings: Settings) -> bytes:
    if writer.render is None:
        return _batch_document(writer, [record], settings)
    document = writer.render(record, settings)
    if document is None:
        raise InputError(f"article {record['id']}: no {writer.name} document (see the warning)")
    return document


@overload
def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: None = None, *, settings: Settings | None = None,
           jobs: int = 1) -> dict[str, bytes]: ...


@overload
def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: PathLike, *, settings: Settings | None = None, jobs: int = 1) -> Summary: ...


def export(records: Article | Iterable[Article], formats: str | Sequence[str],
           out_dir: PathLike | None = None, *, settings: Settings | None = None,
           jobs: int = 1) -> dict[str, bytes] | Summary:
    """Records in one or more formats (names, or ``"jsonld,turtle"``, or ``"all"``).

    Without `out_dir`, in memory: ``{format: bytes}`` where each value is what
    ``newsexport export --to FORMAT`` prints: the article's document for one record;
    for several, the format's bundle (N-Quads, TriG, ninjs lines) or batch document
    (a NewsML-G2 newsMessage, a feed). With `out_dir`, the files ``export -o DIR``
    writes (``DIR/<format>/<id><ext>``, bundles and feeds); the run's Summary.

    >>> record = next(parse("Rain in Dushanbe\\n\\nDUSHANBE, July 28 (Xinhua) -- It rained.\\n"))
    >>> sorted(export(record, ["jsonld", "turtle"]))
    ['jsonld', 'turtle']
    """
    settings = settings or Settings()
    chosen = _formats(formats)
    items = [cast(Article, records)] if isinstance(records, Mapping) else list(records)
    for record in items:
        _check(record)
    if not items:
        raise InputError("no article to export")
    if out_dir is None:
        return {writer.name: _document(writer, items, settings) for writer in chosen}
    with tempfile.TemporaryDirectory(prefix="newsexport-") as scratch:
        records_file = Path(scratch, "records.jsonl")
        records_file.write_text("".join(json.dumps(record, ensure_ascii=False) + "\n"
                                        for record in items), encoding="utf-8")
        summary, errors = _run([str(records_file)], Plan(Path(out_dir), chosen, settings,
                                                         jobs, incremental=False))
    if errors:
        raise BatchError(errors, summary)
    return summary


def _document(writer: Format, records: list[Article], settings: Settings) -> bytes:
    """What ``export --to`` prints for these records (see :func:`export`)."""
    if writer.render is not None and len(records) == 1:
        return _render(writer, records[0], settings)
    if writer.bundle is not None:
        bundle = writer.bundle
        return b"".join([bundle.head(settings), *(bundle.item(r, settings) for r in records),
                         bundle.tail(settings)])
    if writer.render is None or writer.feed is not None or writer.stream_feed is not None:
        return _batch_document(writer, records, settings)
    raise InputError(f"{writer.name} writes one document per article and there are "
                     f"{len(records)}: render each, or export to a folder (out_dir)")


def _batch_document(writer: Format, records: list[Article], settings: Settings) -> bytes:
    out = io.BytesIO()
    if not writer.write_feed(records, settings, out):
        raise InputError(f"no {writer.name} document for these articles (see the warning)")
    return out.getvalue()


def publish(inputs: PathLike | Iterable[PathLike], out_dir: PathLike, *,
            formats: str | Sequence[str] = "all", settings: Settings | None = None,
            jobs: int = 1, force: bool = False, fail_fast: bool = False,
            scheduler: str | None = None, shards: int = 0,
            store: PathLike | None = None, endpoint: str | None = None,
            credentials: Credentials | None = None, timeout: float = 60.0,
            retries: int = 4) -> Summary:
    """Every input (files or folders) in every format into `out_dir`, with its manifest,
    incrementally, as ``newsexport publish`` does; the run's counts.

    A bad input is left out and the others published; then a BatchError holds every
    error line and the Summary. `jobs` worker processes give the same bytes as one, as
    does a Dask cluster (`scheduler`: ``tcp://HOST:PORT`` or ``local:N``, the ``dask``
    extra). `shards` writes each bundle as that many shards, assembled in parallel.
    Given `store` or `endpoint`, the folder's N-Quads (or TriG) bundle is then loaded
    as ``publish --load`` loads it: the store's graphs of this folder's articles are
    then exactly its articles, and a rerun loads again only when the bundle changed.

    >>> summary = publish(Path("seeds"), "out")  # doctest: +SKIP
    >>> summary.articles  # doctest: +SKIP
    1
    """
    chosen = _formats(formats)
    plan = Plan(Path(out_dir), chosen, settings or Settings(), jobs, force=force,
                fail_fast=fail_fast, scheduler=scheduler, shards=shards)
    bundle = dataset_bundle(chosen)
    loading = store is not None or endpoint is not None
    if loading and bundle is None:
        raise InputError("loading reads the N-Quads or TriG bundle: add nquads (or trig) to "
                         "the formats", field="formats")
    summary, errors = _run(_paths(inputs), plan)
    if loading and bundle is not None and not summary.stopped:
        errors += _load_bundle(plan, bundle, store, endpoint, credentials, timeout, retries)
    if errors:
        raise BatchError(errors, summary)
    return summary


def _load_bundle(plan: Plan, bundle: str, store: PathLike | None, endpoint: str | None,
                 credentials: Credentials | None, timeout: float, retries: int
                 ) -> list[InputError]:
    """Make the store hold the published bundle's articles unless it already does (see
    publishing.loading); the errors."""
    directory = None if store is None else Path(store)
    where = endpoint or str(Path(directory or DEFAULT_STORE).resolve())
    gone = endpoint is None and not Path(where).is_dir()  # a store deleted since
    errors: list[InputError] = []

    def keep(events: Iterator[object]) -> int:
        errors.extend(event for event in events if isinstance(event, InputError))
        return len(errors)

    load_unless_current(LoadState(plan.out, bundle, where, plan.shards), plan.force or gone,
                        lambda: open_loader(plan.settings, store=directory, endpoint=endpoint,
                                            credentials=credentials, timeout=timeout,
                                            retries=retries), keep)
    return errors


class _Reporter:
    """A run's errors and warnings, kept (publishing.Reporter): the run sends every
    warning to its reporter, so they are issued again only once it is over."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []
        self.warnings: dict[str, None] = {}  # each message once, in order

    def error(self, line: str) -> None:
        self.errors.append(InputError(line))

    def warning(self, message: str) -> None:
        self.warnings[message] = None

    def advance(self) -> None:
        pass


def _run(arguments: list[str], plan: Plan) -> tuple[Summary, list[InputError]]:
    """A publishing run's summary and errors; its warnings issued."""
    reporter = _Reporter()
    try:
        summary = run(arguments, plan, reporter)
    finally:
        for message in reporter.warnings:
            warnings.warn(message, UserWarning, stacklevel=3)
    if summary.stopped:
        reporter.errors.append(InputError("stopped at the first bad input (fail_fast)"))
    return summary, reporter.errors


def load(records_or_paths: Article | PathLike | Iterable[Article | PathLike], *,
         store: PathLike | None = None, endpoint: str | None = None,
         settings: Settings | None = None, batch: int = DEFAULT_BATCH, bulk: bool = True,
         scheduler: str | None = None, credentials: Credentials | None = None,
         timeout: float = 60.0, retries: int = 4) -> int:
    """Load records, or files and folders (articles, records, N-Quads or TriG from
    export), into the embedded store `store` (default ``./newsexport-store``) or the
    SPARQL server whose Graph Store endpoint is `endpoint`, one named graph per
    article, as ``newsexport load`` does; the number of articles loaded.

    A folder that :func:`publish` wrote is loaded from its bundle (shard by shard).
    Given `scheduler` (a Dask cluster, see :func:`publish`) and `endpoint`, the cluster's
    workers send the N-Quads or TriG files (paths) to the server in parallel.

    Loading an article again replaces its graph. Bad items are left out and the
    others loaded; then a BatchError holds every error. A failing store raises at once.

    >>> load(parse(Path("seeds")), store="news-store")  # doctest: +SKIP
    1
    """
    settings = settings or Settings()
    items = [cast(Article | PathLike, records_or_paths)] if isinstance(
        records_or_paths, Mapping | str | os.PathLike) else records_or_paths
    errors: list[InputError] = []
    if scheduler is not None:
        return _send(items, scheduler, endpoint, settings, batch, credentials, timeout,
                     retries)
    with open_loader(settings, store=Path(store) if store is not None else None,
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
                    errors.append(exc.located(_source(item)))
            else:
                errors.extend(event for event in _load((os.fspath(item),), loader, settings,
                                                       False) if isinstance(event, InputError))
    if errors:
        raise BatchError(errors)
    return loader.articles


def _send(items: Iterable[Article | PathLike], scheduler: str, endpoint: str | None,
          settings: Settings, batch: int, credentials: Credentials | None, timeout: float,
          retries: int) -> int:
    """load(scheduler=...): the files sent by the cluster's workers; the articles sent."""
    from .publishing.cluster import Sending  # Dask is an optional extra

    items = list(items)
    if endpoint is None or any(isinstance(item, Mapping) for item in items):
        raise InputError("a cluster sends N-Quads or TriG files to a server: give endpoint "
                         "and paths", field="scheduler")
    sending = Sending(scheduler, dataset_files(_paths(cast(Iterable[PathLike], items))),
                      endpoint, settings, batch, credentials, timeout, retries)
    errors = [event for event in sending.events() if isinstance(event, InputError)]
    if errors:
        raise BatchError(errors)
    return sending.articles


def query(sparql: str, *, store: PathLike | None = None, endpoint: str | None = None,
          allow_service: bool = False, credentials: Credentials | None = None,
          timeout: float = 60.0, retries: int = 4) -> QueryResult:
    """Run a SPARQL query on the embedded store (default ``./newsexport-store``; the
    default graph is the union of the articles' graphs) or on a server's endpoint.

    SELECT gives a list of rows, each ``{variable: value}`` with the value as text (an
    IRI, a literal's lexical form, a blank node's label) or None when unbound; ASK a
    bool; CONSTRUCT and DESCRIBE an :class:`rdflib.Graph`. A query calling another
    endpoint (SERVICE) on the embedded store needs ``allow_service=True``.

    >>> query("ASK { ?s ?p ?o }", store="news-store")  # doctest: +SKIP
    True
    """
    try:
        if endpoint is not None:
            server = RemoteStore(endpoint, credentials=credentials, timeout=timeout,
                                 retries=retries)
            return _plain(server_result(server.query(sparql), endpoint))
        if not allow_service and calls_service(sparql):
            raise InputError("the query calls another endpoint (SERVICE); "
                             "pass allow_service=True to let it reach the network")
        embedded = EmbeddedStore(Path(store or DEFAULT_STORE), create=False)
        try:
            return _plain(embedded.query(sparql))
        finally:
            embedded.close()
    except OSError as exc:  # the embedded engine reports evaluation failures so
        raise InputError(f"the query failed: {' '.join(str(exc).split())}") from None


def _plain(result: Any) -> QueryResult:
    """pyoxigraph's results as plain Python (see :func:`query`)."""
    if isinstance(result, ox.QueryBoolean):
        return bool(result)
    if isinstance(result, ox.QuerySolutions):
        names = [variable.value for variable in result.variables]
        return [{name: None if solution[name] is None else solution[name].value
                 for name in names} for solution in result]
    graph = rdflib.Graph()
    graph.parse(data=ox.serialize(list(result), format=ox.RdfFormat.N_TRIPLES),
                format="nt")
    return graph


def _formats(names: str | Sequence[str]) -> tuple[Format, ...]:
    return tuple(parse_list(names if isinstance(names, str) else ",".join(names)))


def _format(name: str) -> Format:
    if "," in name or name.strip() == "all":
        raise InputError(f"render takes one format, not {name!r}", field="fmt")
    return get(name)


def _check(record: Mapping[str, Any]) -> None:
    """An InputError naming the record's first schema problem, if it has one."""
    found = validate(record)
    if found:
        raise InputError(found[0].message, source=_source(record), field=found[0].path)


def _source(record: Mapping[str, Any]) -> str:
    provenance = record.get("provenance")
    where = provenance.get("input") if isinstance(provenance, Mapping) else None
    return where if isinstance(where, str) else "<record>"


def _paths(inputs: PathLike | Iterable[PathLike]) -> list[str]:
    if isinstance(inputs, str | os.PathLike):
        return [os.fspath(inputs)]
    return [os.fspath(item) for item in inputs]
