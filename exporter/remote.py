"""A SPARQL server as a store: Graph Store HTTP Protocol, SPARQL Update and Query (urllib).

Graphs are written in batches as one SPARQL Update per request (``DROP SILENT GRAPH``
then ``INSERT DATA`` for up to `batch` graphs: applied in one transaction by Oxigraph
server and by Fuseki, so every graph is replaced whole). Where the server has no update
endpoint, each graph goes in its own Graph Store request: ``PUT ?graph=IRI`` replaces
an article graph atomically, ``POST ?graph=IRI`` adds a shared node's statements.

Endpoints come from one URL, as Oxigraph server and Apache Jena Fuseki name them:
``…/store`` (Oxigraph) or ``…/data`` (Fuseki) is the Graph Store endpoint, with
``…/update`` and ``…/query`` beside it; any other URL (a Fuseki dataset such as
``http://localhost:3030/news``) takes all three operations itself.

Requests time out, and 5xx answers and connection errors are retried with exponential
backoff: every write replaces or adds whole graphs, so sending one again is harmless.
Credentials (HTTP basic or a bearer token) are sent only to the endpoint, never follow a
redirect and never appear in a message.
"""

from __future__ import annotations

import base64
import contextlib
import functools
import http.client
import re
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox

from . import iri
from .errors import InputError
from .store import DEFAULT_BATCH, GraphWrite, StoreError, sparql_updates

USER_ENV = "NEWSEXPORT_STORE_USER"
PASSWORD_ENV = "NEWSEXPORT_STORE_PASSWORD"
TOKEN_ENV = "NEWSEXPORT_STORE_TOKEN"
MAX_BACKOFF = 30.0  # seconds between two attempts, at most
# Answers that mean "this server has no SPARQL Update here": fall back to the Graph Store.
NO_UPDATE = (404, 405, 415)
QUERY_ACCEPT = "application/sparql-results+json, application/n-triples;q=0.9"


class UpdateFallbackWarning(UserWarning):
    """The server refused SPARQL Update; graphs go one request each (Graph Store Protocol)."""


@dataclass(frozen=True)
class Credentials:
    """HTTP basic (user, password) or a bearer token; the secrets never show in a repr."""

    user: str | None = None
    password: str | None = field(default=None, repr=False)
    token: str | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.token and (self.user or self.password):
            raise InputError(f"give a token ({TOKEN_ENV}) or a user and password "
                             f"({USER_ENV}, {PASSWORD_ENV}), not both")
        if bool(self.user) != bool(self.password):
            raise InputError(f"HTTP basic authentication needs both a user ({USER_ENV}) and "
                             f"a password ({PASSWORD_ENV})")

    def header(self) -> str | None:
        if self.token:
            return f"Bearer {self.token}"
        if self.user:
            pair = f"{self.user}:{self.password}".encode()
            return "Basic " + base64.b64encode(pair).decode("ascii")
        return None


@dataclass(frozen=True)
class Endpoints:
    graph_store: str
    update: str
    query: str

    @classmethod
    def from_url(cls, url: str) -> Endpoints:
        """The three endpoints of the server `url` names (see the module's docstring)."""
        try:
            parts = urllib.parse.urlsplit(url)
            hostname, _port = parts.hostname, parts.port
        except ValueError as exc:  # "Invalid IPv6 URL", a port that is not a number
            raise InputError(f"the endpoint is not a valid URL ({exc})",
                             source=redact(url)) from None
        if parts.username or parts.password:
            raise InputError(f"put credentials in {USER_ENV}/{PASSWORD_ENV} or {TOKEN_ENV}, "
                             "not in the URL", source=redact(url))
        if parts.query or parts.fragment:
            raise InputError("the endpoint URL takes no ?query or #fragment (credentials go "
                             f"in {USER_ENV}/{PASSWORD_ENV} or {TOKEN_ENV})", source=redact(url))
        if parts.scheme not in ("http", "https") or not hostname:
            raise InputError("the endpoint must be an http:// or https:// URL", source=url)
        problem = iri.problem(url)
        if problem:
            raise InputError(f"the endpoint is not a valid URL: {problem}", source=url)
        base, _, last = parts.path.rstrip("/").rpartition("/")
        if last in ("store", "data", "query", "sparql", "update"):
            sibling = urllib.parse.urlunsplit(parts._replace(path=base + "/{}"))
            graph_store = url if last in ("store", "data") else \
                sibling.format("store" if last == "query" else "data")
            return cls(graph_store, sibling.format("update"),
                       url if last in ("query", "sparql") else sibling.format("query"))
        return cls(url, url, url)


def redact(url: str) -> str:
    """`url` for a message: without any user:password@ part, query or fragment (where a
    secret may hide). Read as text, so that a URL urllib cannot parse is redacted too."""
    return re.sub(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", r"\1", url.split("?", 1)[0]
                  .split("#", 1)[0])


class HttpRefused(StoreError):
    """The server answered with a client error (4xx): sending it again would not help."""

    def __init__(self, reason: str, status: int, source: str) -> None:
        super().__init__(reason, source=source)
        self.status = status


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """A redirect would carry the credentials elsewhere: report it instead of following."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


@dataclass
class Response:
    status: int
    media_type: str
    body: bytes


class Client:
    """HTTP requests with a deadline, the credentials, and retries with exponential backoff.

    `timeout` bounds each whole request (connecting, sending, the whole answer), not each
    read: a server that sends one byte at a time would otherwise hold a load forever.
    """

    def __init__(self, credentials: Credentials | None = None, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 0.5) -> None:
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        credentials = credentials or Credentials()
        self._authorization = credentials.header()
        self._secrets = sorted({secret for secret in (
            self._authorization, (self._authorization or "").partition(" ")[2],
            credentials.password, credentials.token) if secret}, key=len, reverse=True)

    def send(self, method: str, url: str, body: bytes | None = None,
             media_type: str | None = None, accept: str | None = None) -> Response:
        headers = {"User-Agent": "newsexport"}
        if media_type:
            headers["Content-Type"] = media_type
        if accept:
            headers["Accept"] = accept
        if self._authorization:
            headers["Authorization"] = self._authorization
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(min(self.backoff * 2 ** (attempt - 1), MAX_BACKOFF))
            request = urllib.request.Request(url, data=body, headers=headers, method=method)
            with _Watchdog(self.timeout) as watchdog:
                opener = urllib.request.build_opener(
                    _NoRedirects(), _HTTPHandler(watchdog), _HTTPSHandler(watchdog))
                try:
                    with opener.open(request, timeout=self.timeout) as answer:
                        return Response(answer.status, answer.headers.get_content_type(),
                                        answer.read())
                except urllib.error.HTTPError as exc:
                    problem = self.redacted(_refusal(exc))
                    if exc.code < 500 and exc.code != 429:
                        raise HttpRefused(problem, exc.code, redact(url)) from None
                except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
                    reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
                    problem = self.redacted(f"cannot reach the server "
                                            f"({reason or type(exc).__name__})")
                if watchdog.expired:
                    problem = f"no complete answer within {self.timeout:g} s (--timeout)"
        raise StoreError(f"{problem}; gave up after {self.retries + 1} attempt(s)",
                         source=redact(url))

    def redacted(self, text: str) -> str:
        """`text` (a server's words, which may echo the request) without the credentials."""
        for secret in self._secrets:
            text = text.replace(secret, "[redacted]")
        return _CREDENTIAL.sub(r"\1 [redacted]", text)


# An Authorization header or a credential as a server may echo it back.
_CREDENTIAL = re.compile(r"((?:proxy-)?authorization\b\W*|\b(?:basic|bearer|digest)\b)"
                         r"\s*(?:(?:basic|bearer|digest)\s+)?[^\s,;\"'<>]+", re.IGNORECASE)


class _Watchdog:
    """Shuts down the sockets of one request when its time is up, ending any read."""

    def __init__(self, seconds: float) -> None:
        self.sockets: list[socket.socket] = []
        self.expired = False
        self._lock = threading.Lock()
        self._timer = threading.Timer(seconds, self._expire)
        self._timer.daemon = True

    def __enter__(self) -> _Watchdog:
        self._timer.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._timer.cancel()

    def watch(self, sock: socket.socket) -> socket.socket:
        with self._lock:
            self.sockets.append(sock)
            if self.expired:
                _shut(sock)
        return sock

    def _expire(self) -> None:
        with self._lock:
            self.expired = True
            for sock in self.sockets:
                _shut(sock)


def _shut(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):
        sock.shutdown(socket.SHUT_RDWR)


class _Watched(http.client.HTTPConnection):
    """A connection whose socket (under TLS too) is handed to a watchdog once made."""

    def __init__(self, *args: Any, watchdog: _Watchdog, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        create = self._create_connection
        self._create_connection = lambda *a, **k: watchdog.watch(create(*a, **k))


class _WatchedHTTPS(_Watched, http.client.HTTPSConnection):
    pass


class _HTTPHandler(urllib.request.HTTPHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_Watched, watchdog=self.watchdog), req)


class _HTTPSHandler(urllib.request.HTTPSHandler):
    def __init__(self, watchdog: _Watchdog) -> None:
        super().__init__()
        self.watchdog = watchdog

    def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
        return self.do_open(functools.partial(_WatchedHTTPS, watchdog=self.watchdog), req,
                            context=self._context)


def _refusal(exc: urllib.error.HTTPError) -> str:
    """One line saying what the server answered (its own message's first line)."""
    if 300 <= exc.code < 400:
        return (f"the server redirects (HTTP {exc.code}) to "
                f"{redact(exc.headers.get('Location') or '?')}; "
                "give that URL instead")
    if exc.code in (401, 403):
        return (f"the server refused the credentials (HTTP {exc.code}); set {USER_ENV} and "
                f"{PASSWORD_ENV}, or {TOKEN_ENV}")
    try:
        text = exc.read(2000).decode("utf-8", "replace")
    except (OSError, http.client.HTTPException):
        text = ""
    message = next((line.strip() for line in text.splitlines() if line.strip()), exc.reason)
    return f"HTTP {exc.code}: {message}"[:300]


class RemoteStore:
    """A SPARQL server as the target of a :class:`exporter.store.Loader`."""

    def __init__(self, url: str, *, batch: int = DEFAULT_BATCH,
                 credentials: Credentials | None = None, timeout: float = 60.0,
                 retries: int = 4, backoff: float = 0.5) -> None:
        self.endpoints = Endpoints.from_url(url)
        self.batch = batch
        self.capacity = batch
        self.client = Client(credentials, timeout, retries, backoff)
        self._use_update = batch > 1

    def write(self, writes: Sequence[GraphWrite]) -> None:
        if self._use_update:
            try:
                for update in sparql_updates(writes, self.batch):
                    self.client.send("POST", self.endpoints.update, update.encode(),
                                     "application/sparql-update")
                return
            except HttpRefused as exc:
                if exc.status not in NO_UPDATE:
                    raise
                warnings.warn(UpdateFallbackWarning(
                    f"{self.endpoints.update}: no SPARQL Update here (HTTP {exc.status}); "
                    "loading one graph per request (Graph Store Protocol)"), stacklevel=2)
                self._use_update = False
        for write in writes:
            target = self.endpoints.graph_store + "?graph=" + urllib.parse.quote(
                write.graph.value, safe="")
            if write.replace and not write.quads:  # a removed article
                try:
                    self.client.send("DELETE", target)
                except HttpRefused as exc:
                    if exc.status != 404:  # 404: the server never had it
                        raise
                continue
            body = ox.serialize([q.triple for q in write.quads], format=ox.RdfFormat.N_TRIPLES)
            self.client.send("PUT" if write.replace else "POST", target, body,
                             "application/n-triples")

    def query(self, text: str) -> Response:
        """The server's answer to a SPARQL query: results as JSON, or a graph as N-Triples."""
        try:
            return self.client.send("POST", self.endpoints.query, text.encode(),
                                    "application/sparql-query", QUERY_ACCEPT)
        except HttpRefused as exc:
            if exc.status == 400:
                said = exc.reason.removeprefix("HTTP 400: ")
                exc.reason = f"the server refused the query: {said}"
            raise

    def close(self) -> None:
        """Nothing stays open between requests."""
