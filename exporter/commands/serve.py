"""``newsexport serve``: the store's articles at their IRIs, a SPARQL endpoint, feeds."""

from __future__ import annotations

from pathlib import Path

import click

from .. import api
from . import common


@common.command
@common.target_options
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
@common.server_remote_options
@common.settings_options
@common.writer_options
def serve(store_dir: Path | None, endpoint: str | None, host: str, port: int, root_path: str,
          query_timeout: float, query_limit: int, remote: common.Remote,
          settings: api.Settings) -> int:
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
    again. With --endpoint the server reads a SPARQL server live (with --user and
    --password, or --token, where it asks for them).

    \b
    Examples:
      newsexport load seeds/ && newsexport serve
      newsexport serve --store /data/news-store --base-uri https://news.example.com/ \\
          --publisher-name "Example News"
      newsexport serve --endpoint http://127.0.0.1:7878/store --port 8080
      NEWSEXPORT_STORE_TOKEN=... newsexport serve --endpoint https://triples.example/store
      curl -H 'Accept: text/turtle' http://127.0.0.1:8000/place/dushanbe
    """
    def ready(url: str) -> None:
        click.echo(f"newsexport: serving {common.target(store_dir, endpoint)} at {url} "
                   f"(IRIs under {settings.base_uri}); Ctrl-C stops", err=True)

    api.serve(store_dir, endpoint=endpoint, settings=settings, host=host, port=port,
              root_path=root_path, query_timeout=query_timeout, query_limit=query_limit,
              ready=ready, reporter=common.ConsoleReporter(), **remote.options())
    return 0
