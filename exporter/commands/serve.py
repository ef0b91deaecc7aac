"""``newsexport serve``: the store's articles at their IRIs, a SPARQL endpoint, feeds."""

from __future__ import annotations

import socket
import warnings
from pathlib import Path

import click

from ..errors import InputError
from ..serving.source import Source
from ..settings import Settings
from ..store import DEFAULT_STORE
from ..writers.feeds import configure
from .common import settings_options, writer_options
from .load import target_options


@click.command()
@target_options
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0: every interface; put a reverse proxy "
                   "in front for the public).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--root-path", default="", metavar="PATH",
              help="The path a reverse proxy serves this server under (e.g. /news), for "
                   "the links of the pages.")
@click.option("--query-timeout", type=click.FloatRange(min=0.1), default=10.0,
              show_default=True, help="Seconds a SPARQL query may run.")
@click.option("--query-limit", type=click.IntRange(min=1), default=10_000, show_default=True,
              help="Results a SPARQL query may give.")
@click.option("--timeout", type=click.FloatRange(min=0.1), default=30.0, show_default=True,
              help="Seconds to wait for each answer of --endpoint.")
@settings_options
@writer_options
def serve(store_dir: Path | None, endpoint: str | None, host: str, port: int, root_path: str,
          query_timeout: float, query_limit: int, timeout: float, settings: Settings) -> int:
    """Serve a store's articles as linked data, read-only.

    Every IRI minted under --base-uri (default https://newsexport.example/) answers
    here at the same path: /article/ID, /organization/SLUG, /person/SLUG, /place/SLUG
    and /article/ID/image/N, as HTML or, by Accept or suffix, as JSON-LD (.jsonld),
    Turtle (.ttl), N-Triples (.nt), RDF/XML (.rdf), TriG (.trig), and for articles
    NewsML-G2 (.xml) and ninjs (.ninjs.json). Also: / (newest articles, search),
    /sparql, /feed.atom, /feed.rss, /sitemap.xml, /news-sitemap.xml and
    /.well-known/void.

    The embedded store (default ./newsexport-store) is read as it was when the server
    started, and no load can open it while the server runs: stop it, load, start it
    again. With --endpoint the server reads a SPARQL server live.

    \b
    Examples:
      newsexport load seeds/ && newsexport serve
      newsexport serve --store /data/news-store --base-uri https://news.example.com/ \\
          --publisher-name "Example News"
      newsexport serve --endpoint http://127.0.0.1:7878/store --port 8080
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/place/dushanbe
    """
    from ..serving import MISSING, create_app
    try:
        import uvicorn
    except ImportError:
        raise InputError(MISSING) from None
    from ..serving.source import open_source
    source = open_source(store_dir, endpoint, timeout=timeout)
    try:
        app = create_app(source, settings, sparql_timeout=query_timeout,
                         sparql_limit=query_limit)
        where = endpoint or str(store_dir or DEFAULT_STORE)
        _check_base(source, settings.base_uri)
        _quiet_writers(settings)
        configure(settings)  # a bad --now or [feed] setting is one line now, not a 500 later
        if host not in ("127.0.0.1", "localhost", "::1"):
            click.echo(f"newsexport: warning: listening on {host}, not only this machine; "
                       "put a reverse proxy (TLS, rate limits) in front", err=True)
        listening = _listen(host, port)
        shown = f"[{host}]" if ":" in host else host
        click.echo(f"newsexport: serving {where} at http://{shown}:"
                   f"{listening.getsockname()[1]}{root_path}/ "
                   f"(IRIs under {settings.base_uri}); Ctrl-C stops", err=True)
        server = uvicorn.Server(uvicorn.Config(app, root_path=root_path, log_level="warning",
                                               server_header=False))
        with listening:
            server.run(sockets=[listening])
        if not server.started:
            raise InputError("the server did not start (see the lines above)")
    finally:
        source.close()
    return 0


def _listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound here so that an address in use (or not this machine's)
    is one line before anything says the server runs; port 0 picks a free one."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM)[0]
        listening = socket.socket(family, kind, proto)
    except OSError as exc:
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    try:
        listening.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listening.bind(address)
    except OSError as exc:
        listening.close()
        raise InputError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    return listening


def _check_base(source: Source, base: str) -> None:
    """Warn when the store's articles were minted under another base: none would answer."""
    query = "SELECT ?a WHERE { ?a a <http://schema.org/NewsArticle> } LIMIT 1"
    try:
        found = [solution["a"].value for solution in source.query(query)]
    except OSError as exc:
        raise InputError(f"cannot read the store: {' '.join(str(exc).split())}",
                         source=source.name) from None
    if found and not found[0].startswith(base):
        other = found[0].rsplit("article/", 1)[0]
        click.echo(f"newsexport: warning: the store's articles are under {other}, not "
                   f"{base}: pass --base-uri {other}", err=True)


def _quiet_writers(settings: Settings) -> None:
    """Say once what the writers would warn about on every page, then silence them
    (filters set here, before the server's threads start)."""
    from ..writers import UndatedWarning
    from ..writers.feeds import FeedWarning
    from ..writers.jsonld import NO_PUBLISHER, NoPublisherWarning
    if settings.publisher is None:
        click.echo(f"newsexport: warning: {NO_PUBLISHER}", err=True)
    warnings.simplefilter("ignore", NoPublisherWarning)
    warnings.simplefilter("ignore", FeedWarning)
    warnings.simplefilter("ignore", UndatedWarning)  # such pages answer 404 saying so
