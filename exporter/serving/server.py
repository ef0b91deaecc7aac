"""Running the server: the checks made before it starts (each a warning or one error line,
not a server that answers 500), the listening socket, then Uvicorn until Ctrl-C."""

from __future__ import annotations

import socket
import warnings
from collections.abc import Callable
from pathlib import Path

from ..errors import InputError
from ..settings import Settings
from . import MISSING, create_app
from .source import Source, open_source

LOCAL = ("127.0.0.1", "localhost", "::1")


def serve(store: Path | None, endpoint: str | None, settings: Settings, *, host: str,
          port: int, root_path: str, query_timeout: float, query_limit: int,
          ready: Callable[[str], None] | None, **remote: object) -> None:
    """Serve until interrupted; `ready(url)` once the socket listens (see exporter.serve);
    `remote`: how to reach an `endpoint` (timeout, credentials, retries)."""
    try:
        import uvicorn
    except ImportError:
        raise InputError(MISSING) from None
    from ..writers.feeds import configure
    source = open_source(store, endpoint, **remote)
    try:
        app = create_app(source, settings, sparql_timeout=query_timeout,
                         sparql_limit=query_limit)
        _check_base(source, settings.base_uri)
        _quiet_writers(settings)
        configure(settings)  # a bad --now or [feed] setting is one line now, not a 500 later
        if host not in LOCAL:
            warnings.warn(f"listening on {host}, not only this machine; put a reverse proxy "
                          "(TLS, rate limits) in front", UserWarning, stacklevel=2)
        listening = _listen(host, port)
        shown = f"[{host}]" if ":" in host else host
        if ready is not None:
            ready(f"http://{shown}:{listening.getsockname()[1]}{root_path}/")
        server = uvicorn.Server(uvicorn.Config(app, root_path=root_path, log_level="warning",
                                               server_header=False))
        with listening:
            server.run(sockets=[listening])
        if not server.started:
            raise InputError("the server did not start (see the lines above)")
    finally:
        source.close()


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
        warnings.warn(f"the store's articles are under {other}, not {base}: pass "
                      f"--base-uri {other}", UserWarning, stacklevel=3)


def _quiet_writers(settings: Settings) -> None:
    """Say once what the writers would warn about on every page, then silence them
    (filters set here, before the server's threads start)."""
    from ..writers import UndatedWarning
    from ..writers.feeds import FeedWarning
    from ..writers.jsonld import NO_PUBLISHER, NoPublisherWarning
    if settings.publisher is None:
        warnings.warn(NO_PUBLISHER, UserWarning, stacklevel=3)
    warnings.simplefilter("ignore", NoPublisherWarning)
    warnings.simplefilter("ignore", FeedWarning)
    warnings.simplefilter("ignore", UndatedWarning)  # such pages answer 404 saying so
