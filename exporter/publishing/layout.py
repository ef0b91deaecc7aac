"""Where a batch puts its files: one folder per format, named by the format.

    DIR/<format>/<id><ext>       one document per article (formats that have ``render``)
    DIR/<format>/<bundle name>   every article in one streamable file (``all.nq``, ``all.trig``)
    DIR/<format>/all-NNNNN<ext>  or, with ``--shards N``, N bundle shards (``all-00000.nq``, ...)
    DIR/<format>/all<ext>        a batch document of every article (NewsML-G2 newsMessage)
    DIR/<format>/feed<ext>       a feed-only format: the newest articles (Atom, RSS, sitemap)
    DIR/manifest.jsonl           publish: one row per input
    DIR/.newsexport/             publish's state between runs (see the package notes)
"""

from __future__ import annotations

import re

from ..writers import Format

MANIFEST = "manifest.jsonl"
STATE = ".newsexport"
SHARD_DIGITS = 5  # all-00000.nq ... all-99999.nq
MAX_SHARDS = 10 ** SHARD_DIGITS - 1


def article_file(fmt: Format, article_id: str) -> str:
    """The per-article document, relative to the output folder."""
    return f"{fmt.name}/{article_id}{fmt.extension}"


# A per-article document's name as article_file makes it: never a path that leaves DIR.
_ARTICLE_FILE = re.compile(r"[a-z0-9-]+/[0-9a-f]{16}\.[a-z0-9.]+")


def is_article_file(name: object) -> bool:
    """Whether `name` (from a manifest, which a user may edit) is one article_file makes."""
    return isinstance(name, str) and _ARTICLE_FILE.fullmatch(name) is not None \
        and ".." not in name


def bundle_file(fmt: Format) -> str:
    assert fmt.bundle is not None
    return f"{fmt.name}/{fmt.bundle.filename}"


def shard_file(bundle: str, index: int) -> str:
    """Shard `index` of the bundle named `bundle` (``nquads/all.nq`` -> ``nquads/all-00000.nq``,
    ``ninjs/all.ninjs.jsonl`` -> ``ninjs/all-00000.ninjs.jsonl``): sorted by name, in order."""
    return _sharded(bundle, f"{index:0{SHARD_DIGITS}d}")


def shard_pattern(bundle: str) -> str:
    """A glob that matches every shard of `bundle` and nothing else."""
    return _sharded(bundle, "[0-9]" * SHARD_DIGITS)


def _sharded(bundle: str, number: str) -> str:
    folder, name = bundle.rsplit("/", 1)
    stem, dot, rest = name.partition(".")
    return f"{folder}/{stem}-{number}{dot}{rest}"


def bundle_files(bundle: str, shards: int = 0) -> list[str]:
    """The files a bundle is written as: itself, or its `shards` shards (0: not sharded)."""
    return [shard_file(bundle, n) for n in range(shards)] if shards else [bundle]


def feed_file(fmt: Format) -> str:
    """``all`` when the batch document holds every article, ``feed`` for a feed-only format."""
    return f"{fmt.name}/{'all' if fmt.render else 'feed'}{fmt.extension}"


def batch_files(formats: tuple[Format, ...], shards: int = 0) -> list[str]:
    """Every bundle (or bundle shard) and feed file the formats make, relative to DIR."""
    return [name for f in formats if f.bundle for name in bundle_files(bundle_file(f), shards)] \
        + [feed_file(f) for f in formats if f.feed]
