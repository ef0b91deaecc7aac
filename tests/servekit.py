"""What the serve tests share: a store loaded with the seed and Reuters stories, and the
real server (``newsexport serve``, Uvicorn) started on a free port on 127.0.0.1."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import time
import warnings
from pathlib import Path

import httpx

from exporter.errors import InputError
from exporter.readers import reuters
from exporter.record import Article, ReadContext
from exporter.settings import Settings
from exporter.store import load_records
from tests.conftest import GOLDEN
from tests.storekit import _free_port

REUTERS = Path("corpora/reuters21578/reut2-000.sgm")  # inside ../shared
STORIES = 300
START_TIMEOUT = 60.0  # seconds for the server to answer (a loaded machine)


def corpus(shared: Path) -> list[Article]:
    """The seed and the first STORIES Reuters stories."""
    data = (shared / REUTERS).read_bytes()
    ctx = ReadContext(REUTERS.name, hashlib.sha256(data).hexdigest())
    stories = [r for r in reuters.read(data, ctx) if not isinstance(r, InputError)][:STORIES]
    seed = json.loads((GOLDEN / "seed.record.json").read_text(encoding="utf-8"))
    return [seed, *stories]


def load(records: list[Article], store: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        load_records(records, Settings(), store=store)


class Server:
    """``newsexport serve`` in a subprocess; stopped (SIGTERM, then SIGKILL) by stop()."""

    def __init__(self, *args: str) -> None:
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [sys.executable, "-m", "exporter", "serve", "--port", str(self.port), *args],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError("newsexport serve exited: "
                                   + self.process.stderr.read().decode(errors="replace"))
            try:
                httpx.get(self.url + "/sitemap.xml", timeout=5)
                return
            except httpx.TransportError:
                time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"newsexport serve did not answer within {START_TIMEOUT} s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=15)
        self.process.stderr.close()
