"""The ASGI application: every IRI under the base, the SPARQL endpoint, feeds, VoID.

``create_app(source, settings)`` returns a Starlette app that a user may mount in their
own server; ``newsexport serve`` runs it with Uvicorn. Requests that read the store run
in worker threads (pyoxigraph releases the GIL while it evaluates); SPARQL endpoint queries on the
embedded store run in worker processes (:mod:`.workers`) so that a query past its time
limit can be stopped.
"""

from __future__ import annotations

import hashlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from html import escape
from pathlib import Path
from urllib.parse import parse_qs

import anyio
import anyio.to_thread
import pyoxigraph as ox
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from .. import writers
from ..settings import Settings
from ..writers.jsonld import document, script_json
from . import pages, sparql
from .negotiation import choose
from .representations import Offer, offers, rdf_body, split_suffix
from .site import Site
from .source import EmbeddedSource, Source
from .workers import WorkerPool

PAGE_SIZE = 20
FEED_LIMIT = 100
SITEMAP_LIMIT = 50_000  # URLs in one sitemap file (sitemaps.org)
MAX_PAGE = 10_000
MAX_SEARCH_WORDS = 10
MAX_QUERY_BYTES = 100_000
SCHEMA = "http://schema.org/"
FEED_TYPES = {"feed.atom": "atom", "feed.rss": "rss", "news-sitemap.xml": "news-sitemap"}
# Pages run no script: a policy that allows none (the JSON-LD block is data, not run)
# makes any markup that slipped through escaping inert.
PAGE_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src http: https: data:; "
               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
VOID_OFFERS = sorted((o for o in offers(False)
                      if o.name in ("turtle", "ntriples", "jsonld", "rdfxml")),
                     key=lambda o: o.name != "turtle")  # Turtle unless asked otherwise


class Server:
    """The handlers, over one Site."""

    def __init__(self, site: Site, pool: WorkerPool | None, *, sparql_timeout: float,
                 sparql_limit: int) -> None:
        self.site = site
        self.pool = pool  # SPARQL in killable processes (the embedded store)
        self.sparql_timeout = sparql_timeout
        self.sparql_limit = sparql_limit

    # -- helpers --------------------------------------------------------------------------

    @staticmethod
    def root(request: Request) -> str:
        return request.scope.get("root_path", "").rstrip("/")

    def link(self, request: Request) -> Callable[[str], str]:
        """IRI -> where a reader follows it: this server's page for IRIs under the base."""
        root = self.root(request)

        def to(iri: str) -> str:
            local = self.site.local(iri)
            return root + local if local is not None else iri
        return to

    def _headers(self, body: bytes, vary: bool) -> dict[str, str]:
        headers = {"ETag": '"' + hashlib.sha256(body).hexdigest()[:32] + '"'}
        if self.site.source.modified is not None:
            headers["Last-Modified"] = format_datetime(self.site.source.modified, usegmt=True)
        if vary:
            headers["Vary"] = "Accept"
        return headers

    def respond(self, request: Request, body: bytes, media_type: str, *, vary: bool = False,
                extra: dict[str, str] | None = None) -> Response:
        """`body` with validators; 304 when the client's copy is current."""
        headers = self._headers(body, vary) | (extra or {}) | {"X-Content-Type-Options": "nosniff"}
        if media_type == "text/html":
            headers["Content-Security-Policy"] = PAGE_POLICY
        if _not_modified(request, headers):
            return Response(status_code=304, headers=headers)
        if media_type.startswith("text/") or media_type.endswith(("+xml", "/xml")):
            media_type += "; charset=utf-8"
        return Response(body, headers=headers, media_type=media_type)

    def error(self, request: Request, status: int, message: str,
              headers: dict[str, str] | None = None) -> Response:
        """An error as HTML for a browser, else as one line of text."""
        if choose(request.headers.get("accept"), ["text/plain", "text/html"]) == "text/html":
            return Response(pages.error_page(status, message, root=self.root(request)),
                            status_code=status, media_type="text/html; charset=utf-8",
                            headers=(headers or {}) | {"Content-Security-Policy": PAGE_POLICY})
        return PlainTextResponse(message + "\n", status_code=status, headers=headers)

    # -- resources ------------------------------------------------------------------------

    async def resource(self, request: Request) -> Response:
        return await anyio.to_thread.run_sync(self._resource, request)

    def _resource(self, request: Request) -> Response:
        path = request.path_params["path"]
        head, _, last = path.rpartition("/")
        name, suffix = split_suffix(last)
        iri = self.site.base + (head + "/" if head else "") + name
        try:
            triples, kind = self.site.describe(iri)
        except ValueError:
            kind = None
        if kind is None:
            return self.error(request, 404, f"nothing is known about <{iri}> here")
        offered = offers(kind == "article")
        href = self.root(request) + "/" + (head + "/" if head else "") + name
        alternates = ", ".join(f'<{href}{o.suffix}>; rel="alternate"; type="{o.media_type}"'
                               for o in offered)
        if suffix is not None:
            if suffix not in offered:
                return self.error(request, 404, f"<{iri}> is not offered as {suffix.label}; "
                                  "drop the suffix to see what it is offered as")
            offer, vary = suffix, False
        else:
            chosen = choose(request.headers.get("accept"), [o.media_type for o in offered])
            if chosen is None:
                listing = "\n".join(f"{o.media_type}  {href}{o.suffix}" for o in offered)
                return PlainTextResponse(
                    f"406 Not Acceptable: <{iri}> is offered as:\n{listing}\n", status_code=406,
                    headers={"Vary": "Accept", "Link": alternates})
            offer = next(o for o in offered if o.media_type == chosen)
            vary = True
        body = self.body(request, offer, iri, kind, triples, href, offered)
        if body is None:  # a writer that cannot make this document (an undated NewsML item)
            return self.error(request, 404, f"<{iri}> has no {offer.label} document with "
                              "these settings (an undated article needs --now)")
        extra = {"Link": alternates}
        if vary:
            extra["Content-Location"] = href + offer.suffix
        return self.respond(request, body, offer.media_type, vary=vary, extra=extra)

    def body(self, request: Request, offer: Offer, iri: str, kind: str,
             triples: list[ox.Triple], href: str, offered: list[Offer]) -> bytes | None:
        if offer.name not in ("html", "newsml", "ninjs"):
            return rdf_body(offer.name, iri, triples)
        record = self.site.record(iri) if kind == "article" else None
        settings = self.site.settings
        if record is not None and offer.name != "html":
            return writers.get(offer.name).render(record, settings)
        root = self.root(request)
        if record is not None:
            script = '<script type="application/ld+json">\n' \
                     f"{script_json(document(record, settings))}\n</script>"
            return pages.article_page(record, href=href, root=root, link=self.link(request),
                                      offers=offered, script=script)
        page = _page(request)
        rows, more = self.site.mentions(iri, page)
        name, kinds, facts = self._facts(request, iri, triples)
        return pages.node_page(name, kinds, facts, self._items(request, rows), href=href,
                               root=root, page=page, more=more, offers=offered)

    def _facts(self, request: Request, iri: str, triples: list[ox.Triple]
               ) -> tuple[str, list[str], list[tuple[str, str]]]:
        """A node's name, types and other statements (values as escaped HTML)."""
        link = self.link(request)
        name, kinds, facts = iri, [], []
        for triple in triples:
            if triple.subject.value != iri:
                continue
            prop, value = triple.predicate.value, triple.object
            if prop.endswith("#type"):
                kinds.append(value.value.removeprefix(SCHEMA))
            elif prop == SCHEMA + "name" and name == iri:
                name = value.value
            elif isinstance(value, ox.NamedNode):
                label = escape(value.value)
                facts.append((prop.removeprefix(SCHEMA),
                              f'<a href="{escape(link(value.value))}">{label}</a>'
                              if value.value.startswith(("http:", "https:")) else label))
            else:
                facts.append((prop.removeprefix(SCHEMA), escape(value.value)))
        if name == iri and "ImageObject" in kinds:  # a photo has a caption, not a name
            name = f"Photo {iri.rsplit('/', 1)[-1]}"
        return name, sorted(kinds), sorted(facts)

    def _items(self, request: Request, rows: list) -> list[pages.Item]:
        link = self.link(request)
        return [pages.Item(link(r.iri), r.headline, r.published) for r in rows]

    # -- home, search ---------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return await anyio.to_thread.run_sync(self._home, request)

    def _home(self, request: Request) -> Response:
        search = " ".join(request.query_params.get("q", "").split())[:200]
        words = tuple(dict.fromkeys(search.split()))[:MAX_SEARCH_WORDS]
        page = _page(request)
        rows, more = self.site.articles(page, words)
        body = pages.home_page(self._items(request, rows), root=self.root(request), page=page,
                               more=more, search=search)
        return self.respond(request, body, "text/html")

    # -- SPARQL ---------------------------------------------------------------------------

    async def sparql(self, request: Request) -> Response:
        try:
            text = await self._query_text(request)
        except sparql.Refused as exc:
            return self.error(request, exc.status, exc.reason, exc.headers)
        if text is None:
            return self.respond(request, SPARQL_FORM, "text/html")
        accept = request.headers.get("accept")

        def run() -> sparql.Answer:
            if self.pool is not None:
                return self.pool.run(text, accept, timeout=self.sparql_timeout,
                                     limit=self.sparql_limit)
            return sparql.run(self.site.source, text, accept, timeout=self.sparql_timeout,
                              limit=self.sparql_limit, base=self.site.base)
        try:
            answer = await anyio.to_thread.run_sync(run)
        except sparql.Refused as exc:
            return self.error(request, exc.status, exc.reason, exc.headers)
        except OSError as exc:  # the store or server failed
            return self.error(request, 502, "the store failed: " + " ".join(str(exc).split()))
        headers = {"Vary": "Accept", "X-Content-Type-Options": "nosniff"}
        if answer.media_type.startswith("text/html"):  # the results page shows the query
            headers["Content-Security-Policy"] = PAGE_POLICY
        return Response(answer.body, media_type=answer.media_type, headers=headers)

    async def _query_text(self, request: Request) -> str | None:
        """The query of a GET or POST (form or direct), or None (a GET with none: the form).
        An update in any of the protocol's forms is refused."""
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            body = await request.body()
            if len(body) > MAX_QUERY_BYTES:
                raise sparql.Refused(413, f"the query is over {MAX_QUERY_BYTES:,} bytes")
            if kind == "application/sparql-update":
                raise sparql.Refused(403, "this endpoint is read-only: SPARQL Update is refused")
            if kind == "application/sparql-query":
                return body.decode("utf-8", "replace")
            if kind != "application/x-www-form-urlencoded":
                raise sparql.Refused(415, "POST a query as application/sparql-query or as "
                                     "application/x-www-form-urlencoded (query=...)")
            params = parse_qs(body.decode("utf-8", "replace"))
        else:
            params = {k: request.query_params.getlist(k) for k in request.query_params}
        if "update" in params:
            raise sparql.Refused(403, "this endpoint is read-only: SPARQL Update is refused")
        if params.get("default-graph-uri") or params.get("named-graph-uri"):
            raise sparql.Refused(400, "default-graph-uri and named-graph-uri are not "
                                 "supported: the default graph is the union of all graphs")
        queries = params.get("query", [])
        if len(queries) > 1:
            raise sparql.Refused(400, "give one query")
        if not queries:
            if request.method == "POST":
                raise sparql.Refused(400, "no query given (query=...)")
            return None
        return queries[0]

    # -- feeds, sitemaps, VoID ------------------------------------------------------------

    async def feed(self, request: Request) -> Response:
        return await anyio.to_thread.run_sync(self._feed, request)

    def _feed(self, request: Request) -> Response:
        filename = request.url.path.rsplit("/", 1)[-1]
        name = FEED_TYPES[filename]
        fmt = writers.get(name)
        settings = self._feed_settings(filename)
        rows, _ = self.site.articles(1, (), FEED_LIMIT if name != "news-sitemap" else 1000)
        records = [r for r in (self.site.record(row.iri) for row in rows) if r is not None]
        body = fmt.feed(records, settings)
        if body is None:  # the writer said why (e.g. a news sitemap needs a publisher)
            return PlainTextResponse(f"no {name} can be made from this store with these "
                                     "settings (see the server's log)\n", status_code=404)
        return self.respond(request, body, fmt.media_type)

    def _feed_settings(self, filename: str) -> Settings:
        """Feeds link each entry to its page here (the article IRI), and themselves to
        their address here, unless the settings say otherwise."""
        settings = self.site.settings
        feed = dict(settings.feed)
        feed.setdefault("links", {"html": "{id}", "jsonld": "{id}.jsonld",
                                  "newsml": "{id}.xml"})
        feed.setdefault("base_url", settings.base_uri + "article/")
        feed.setdefault("self", {"atom": settings.base_uri + "feed.atom",
                                 "rss": settings.base_uri + "feed.rss"})
        return settings.with_options(feed=feed)

    async def sitemap(self, request: Request) -> Response:
        return await anyio.to_thread.run_sync(self._sitemap, request)

    def _sitemap(self, request: Request) -> Response:
        rows, _ = self.site.articles(1, (), SITEMAP_LIMIT)
        entries = [f"<url><loc>{escape(r.iri)}</loc>"
                   + (f"<lastmod>{escape(r.published)}</lastmod>" if r.published else "")
                   + "</url>" for r in rows]
        body = ('<?xml version="1.0" encoding="UTF-8"?>\n'
                '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
                f"<url><loc>{escape(self.site.base)}</loc></url>\n"
                + "\n".join(entries) + "\n</urlset>\n").encode()
        return self.respond(request, body, "application/xml")

    async def void(self, request: Request) -> Response:
        return await anyio.to_thread.run_sync(self._void, request)

    def _void(self, request: Request) -> Response:
        chosen = choose(request.headers.get("accept"),
                        [o.media_type for o in VOID_OFFERS]) or "text/turtle"
        offer = next(o for o in VOID_OFFERS if o.media_type == chosen)
        iri = self.site.base + ".well-known/void"
        body = rdf_body(offer.name, iri, void_triples(self.site, iri))
        return self.respond(request, body, offer.media_type, vary=True)


SPARQL_FORM = pages.layout("SPARQL endpoint", """<h1>SPARQL endpoint</h1>
<p>SELECT, ASK, CONSTRUCT and DESCRIBE over every article (the default graph is the union
of all graphs). Read-only; queries have a time and a result limit.</p>
<form method="post" action="">
<label for="query">Query</label><br>
<textarea id="query" name="query" rows="10" cols="70">PREFIX schema: &lt;http://schema.org/&gt;
SELECT ?article ?headline WHERE {
  ?article a schema:NewsArticle ; schema:headline ?headline .
} LIMIT 10</textarea><br>
<button type="submit">Run</button>
</form>""", root=".")  # relative links: the form is served under any root path


def void_triples(site: Site, iri: str) -> list[ox.Triple]:
    """A VoID description of the dataset (https://www.w3.org/TR/void/)."""
    void, dcterms = "http://rdfs.org/ns/void#", "http://purl.org/dc/terms/"
    node = ox.NamedNode(iri)
    counts = site.count()
    examples, _ = site.articles(1, (), 3)

    def say(p: str, o: ox.NamedNode | ox.Literal) -> ox.Triple:
        return ox.Triple(node, ox.NamedNode(p), o)
    integer = ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    triples = [
        say("http://www.w3.org/1999/02/22-rdf-syntax-ns#type", ox.NamedNode(void + "Dataset")),
        say(dcterms + "title", ox.Literal("newsexport articles")),
        say(void + "triples", ox.Literal(str(counts["triples"]), datatype=integer)),
        say(void + "distinctSubjects", ox.Literal(str(counts["subjects"]), datatype=integer)),
        say(void + "entities", ox.Literal(str(counts["articles"]), datatype=integer)),
        say(void + "vocabulary", ox.NamedNode(SCHEMA)),
        say(void + "sparqlEndpoint", ox.NamedNode(site.base + "sparql")),
        say(void + "uriSpace", ox.Literal(site.base)),
        say(void + "rootResource", ox.NamedNode(site.base)),
    ]
    for offer in offers(True):
        triples.append(say(void + "feature", ox.NamedNode(
            "http://www.w3.org/ns/formats/" + _FORMAT_NAMES[offer.name])))
    triples += [say(void + "exampleResource", ox.NamedNode(row.iri)) for row in examples]
    return [t for t in triples if "/formats/-" not in t.object.value]


_FORMAT_NAMES = {"html": "-", "jsonld": "JSON-LD", "turtle": "Turtle", "ntriples": "N-Triples",
                 "rdfxml": "RDF_XML", "trig": "TriG", "newsml": "-", "ninjs": "-"}


def _page(request: Request) -> int:
    try:
        return min(max(int(request.query_params.get("page", "1")), 1), MAX_PAGE)
    except ValueError:
        return 1


def _not_modified(request: Request, headers: dict[str, str]) -> bool:
    """RFC 9110 §13.1: If-None-Match first (weak comparison); else If-Modified-Since."""
    match = request.headers.get("if-none-match")
    if match is not None:
        tags = {t.strip().removeprefix("W/") for t in match.split(",")}
        return "*" in tags or headers["ETag"] in tags
    since = request.headers.get("if-modified-since")
    if since and "Last-Modified" in headers:
        try:
            client = parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
        if client.tzinfo is None:
            client = client.replace(tzinfo=UTC)
        return parsedate_to_datetime(headers["Last-Modified"]) <= client
    return False


def create_app(source: Source, settings: Settings, *, page_size: int = PAGE_SIZE,
               sparql_timeout: float = 10.0, sparql_limit: int = 10_000,
               sparql_workers: int = 2) -> Starlette:
    """The linked-data server of `source` (see the module's docstring).

    The writers' warnings (no publisher, feed settings left unset) are issued as in
    ``export``; ``newsexport serve`` says each once at start and then ignores them."""
    pool = WorkerPool(Path(source.name), sparql_workers, settings.base_uri) \
        if isinstance(source, EmbeddedSource) else None
    server = Server(Site(source, settings, page_size), pool, sparql_timeout=sparql_timeout,
                    sparql_limit=sparql_limit)
    routes = [
        Route("/", server.home),
        Route("/sparql", server.sparql, methods=["GET", "POST"]),
        Route("/feed.atom", server.feed),
        Route("/feed.rss", server.feed),
        Route("/news-sitemap.xml", server.feed),
        Route("/sitemap.xml", server.sitemap),
        Route("/.well-known/void", server.void),
        Route("/{path:path}", server.resource),
    ]
    @asynccontextmanager
    async def lifespan(_app: Starlette) -> AsyncIterator[None]:
        yield
        if pool is not None:
            pool.close()
        source.close()

    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.server = server
    return app

