"""Shared fixtures. `shared` finds ../shared (standards, corpora) or skips with the reason."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_5e049a17b6f076d8.txt"
GOLDEN = Path(__file__).resolve().parent / "golden"


def _find_shared() -> Path | None:
    env = os.environ.get("NEWSEXPORT_SHARED")
    candidates = [Path(env)] if env else []
    candidates += [parent / "shared" for parent in ROOT.parents[:2]]
    return next((c for c in candidates if (c / "standards").is_dir()), None)


SHARED = _find_shared()


@pytest.fixture(scope="session", autouse=True)
def table_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The tests' own table cache (exporter.tablecache), for the CLI they start too: a test
    run never writes the user's cache (which another checkout or a benchmark reads), and
    its start-up tables are built from this checkout's code, then read back."""
    folder = tmp_path_factory.mktemp("table-cache")
    before = os.environ.get("NEWSEXPORT_CACHE_DIR")
    os.environ["NEWSEXPORT_CACHE_DIR"] = str(folder)
    yield folder
    if before is None:
        del os.environ["NEWSEXPORT_CACHE_DIR"]
    else:
        os.environ["NEWSEXPORT_CACHE_DIR"] = before


@pytest.fixture(scope="session")
def shared() -> Path:
    """The reference folder ../shared (official schemas, real corpora), never copied here."""
    if SHARED is None:
        pytest.skip("../shared (standards and corpora) is not next to this checkout; "
                    "set NEWSEXPORT_SHARED to its path to run these tests")
    return SHARED

# The pinned schema.org release inside ../shared, which exporter/checking's index derives from.
SCHEMAORG = Path("standards/schemaorg/schemaorg-current-https.ttl")
