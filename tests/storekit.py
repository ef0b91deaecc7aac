"""What the store tests share: generated articles and a real Oxigraph server on 127.0.0.1.

The server is the `oxigraph` console script of the PyPI package (a test extra), started
on a free loopback port; every wait is bounded.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pyoxigraph as ox

from exporter.record import Article, ReadContext, new_record
from tests.conftest import GOLDEN

AGENCIES = ("Xinhua", "TASS", "Reuters")
PLACES = (("DUSHANBE", "Dushanbe", "Tajikistan"), ("MOSCOW", "Moscow", None),
          ("FLINT", "Flint", "Mich."))
START_TIMEOUT = 15.0  # seconds for the server to answer after it starts


def seed_record() -> Article:
    return json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))


def generated_records(count: int, revision: str = "") -> list[Article]:
    """`count` distinct articles that share agencies, places, an author and input files.

    `revision` goes into every body: the same articles (same ids), corrected.
    """
    records = []
    for n in range(count):
        agency = AGENCIES[n % len(AGENCIES)]
        printed, name, region = PLACES[n % len(PLACES)]
        month = 6 + n % 3
        input_name = f"batch-{n // 50}.txt"  # fifty articles per input file: a shared node
        ctx = ReadContext(input_name, hashlib.sha256(input_name.encode()).hexdigest())
        records.append(new_record(
            ctx, reader="test", headline=f"Story number {n}",
            date_published=f"2021-{month:02d}-{1 + n % 28:02d}T09:19:00+08:00",
            source=agency, authors=[("Li Wei", "person")] if n % 2 else (),
            dateline={"text": f"{printed}, July 28 ({agency}) --", "place": printed,
                      "place_name": name, "region": region, "date": "2021-07-28",
                      "agency": agency},
            images=[(f"Caption {n}.", agency, None)],
            body=[f"Paragraph one of story {n}.{revision}", "Paragraph two."]))
    return records


def quads(store: ox.Store) -> set[str]:
    """Every quad of a store, as N-Quads lines: two stores hold the same data iff equal."""
    return {str(q) for q in store}


def dump(endpoint: str) -> set[str]:
    """Every quad a server holds (Graph Store Protocol GET of the whole dataset)."""
    request = urllib.request.Request(endpoint + "/store",
                                     headers={"Accept": "application/n-quads"})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return {str(q) for q in ox.parse(answer.read(), format=ox.RdfFormat.N_QUADS)}


def _binary() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.is_file() else shutil.which("oxigraph")
    if found is None:
        raise RuntimeError("the oxigraph server is a test extra: pip install '.[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OxigraphServer:
    """`oxigraph serve` on a directory; queries see the union of graphs, as the embedded
    store's do. Restartable on the same data after a kill."""

    def __init__(self, location: Path) -> None:
        self.location = location
        self.process: subprocess.Popen | None = None
        self.url = ""

    def start(self) -> OxigraphServer:
        port = _free_port()
        self.url = f"http://127.0.0.1:{port}"
        self.process = subprocess.Popen(
            [_binary(), "serve", "--location", str(self.location), "--bind",
             f"127.0.0.1:{port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"oxigraph serve exited with {self.process.returncode}")
            try:
                with urllib.request.urlopen(self.url + "/query?query=ASK%7B%7D", timeout=2):
                    return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"oxigraph serve did not answer within {START_TIMEOUT} s")

    @property
    def store(self) -> str:
        return self.url + "/store"

    def kill(self) -> None:
        """SIGKILL: no chance to finish anything."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()
        self.process = None
