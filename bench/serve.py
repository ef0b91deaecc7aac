"""A bounded load test of ``newsexport serve`` on 127.0.0.1.

    python -m bench.serve                       # 20 clients for 20 s
    python -m bench.serve --clients 50 --seconds 60 --stories 1000

Loads the seed and the first --stories Reuters-21578 stories (from ../shared, or
$NEWSEXPORT_SHARED; the seed alone without it) into a fresh store in a temporary folder,
starts the real server (``newsexport serve``) on a free loopback port, and lets
--clients concurrent clients (one asyncio task and connection each) request, for
--seconds, a fixed mix of URLs in turn: article pages (HTML), Turtle, JSON-LD,
NewsML-G2 and ninjs by suffix, Turtle by Accept, agency and place pages, the home page,
a search and a small SPARQL query. Prints requests/s, p50/p95/p99 latency and the errors
(any status but 200, or a failed connection); exits 1 if there was any. Stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import httpx

from exporter.errors import InputError
from exporter.pipeline import read_all
from exporter.readers import reuters
from exporter.record import Article, ReadContext
from exporter.settings import Settings
from exporter.store import load_records

ROOT = Path(__file__).resolve().parent.parent
REUTERS = Path("corpora/reuters21578/reut2-000.sgm")
SPARQL = ("PREFIX schema: <http://schema.org/> SELECT ?a ?h WHERE { ?a a schema:NewsArticle ;"
          " schema:headline ?h } ORDER BY ?a LIMIT 10")


def _records(stories: int) -> list[Article]:
    records = [r for o in read_all([str(ROOT / "seeds")], Settings()) for r in o.records]
    shared = Path(os.environ.get("NEWSEXPORT_SHARED", ROOT.parent / "shared"))
    path = shared / REUTERS
    if path.is_file():
        data = path.read_bytes()
        ctx = ReadContext(REUTERS.name, hashlib.sha256(data).hexdigest())
        records += [r for r in reuters.read(data, ctx) if not isinstance(r, InputError)
                    ][:stories]
    return records


def _urls(records: list[Article], base: str) -> list[tuple[str, dict[str, str]]]:
    """The mix: for each article, its page and four machine formats; then the rest."""
    urls: list[tuple[str, dict[str, str]]] = []
    for record in records:
        path = "/" + record["iri"].removeprefix(base)
        urls += [(path, {"Accept": "text/html"}), (path + ".ttl", {}),
                 (path + ".jsonld", {}), (path + ".xml", {}), (path + ".ninjs.json", {}),
                 (path, {"Accept": "text/turtle"})]
        if record["source"]:
            urls.append(("/" + record["source"]["iri"].removeprefix(base), {}))
        if record["dateline"] and record["dateline"]["place_iri"]:
            urls.append(("/" + record["dateline"]["place_iri"].removeprefix(base), {}))
    urls += [("/", {}), ("/?q=oil+prices", {}),
             ("/sparql?" + httpx.QueryParams({"query": SPARQL}).__str__(),
              {"Accept": "application/sparql-results+json"})]
    return urls


async def _client(url: str, urls: list, start: int, stop: float, latencies: list[float],
                  errors: list[str]) -> None:
    async with httpx.AsyncClient(base_url=url, timeout=30) as client:
        n = start
        while time.monotonic() < stop:
            path, headers = urls[n % len(urls)]
            n += 1
            began = time.perf_counter()
            try:
                answer = await client.get(path, headers=headers)
                if answer.status_code != 200:
                    errors.append(f"{answer.status_code} {path}")
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__} {path}")
            latencies.append(time.perf_counter() - began)


def _free_port() -> int:
    import socket
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--stories", type=int, default=300)
    args = parser.parse_args()
    records = _records(args.stories)
    settings = Settings()
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "store"
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            load_records(records, settings, store=store)
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        server = subprocess.Popen([sys.executable, "-m", "exporter", "serve", "--store",
                                   str(store), "--port", str(port)], stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 60
            while True:
                try:
                    httpx.get(url + "/sitemap.xml", timeout=5)
                    break
                except httpx.TransportError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        print("the server did not start", file=sys.stderr)
                        return 1
                    time.sleep(0.1)
            urls = _urls(records, settings.base_uri)
            latencies: list[float] = []
            errors: list[str] = []
            began = time.monotonic()
            stop = began + args.seconds
            spread = max(len(urls) // args.clients, 1)

            async def run() -> None:
                await asyncio.gather(*(_client(url, urls, i * spread, stop, latencies, errors)
                                       for i in range(args.clients)))
            asyncio.run(run())
            elapsed = time.monotonic() - began
        finally:
            server.terminate()
            server.wait(timeout=30)
    cuts = statistics.quantiles(latencies, n=100)
    print(f"{len(records)} articles, {len(urls)} URLs in the mix, {args.clients} clients, "
          f"{elapsed:.1f} s")
    print(f"requests: {len(latencies):,}  throughput: {len(latencies) / elapsed:,.0f}/s  "
          f"p50: {cuts[49] * 1000:.1f} ms  p95: {cuts[94] * 1000:.1f} ms  "
          f"p99: {cuts[98] * 1000:.1f} ms  errors: {len(errors)}")
    for error in sorted(set(errors))[:10]:
        print("  error:", error)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
