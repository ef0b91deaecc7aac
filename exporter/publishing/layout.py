"""Where a batch puts its files: one folder per format, named by the format.

    DIR/<format>/<id><ext>       one document per article (formats that have ``render``)
    DIR/<format>/<bundle name>   every article in one streamable file (``all.nq``, ``all.trig``)
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


def feed_file(fmt: Format) -> str:
    """``all`` when the batch document holds every article, ``feed`` for a feed-only format."""
    return f"{fmt.name}/{'all' if fmt.render else 'feed'}{fmt.extension}"


def batch_files(formats: tuple[Format, ...]) -> list[str]:
    """Every bundle and feed file the formats make, relative to the output folder."""
    return [bundle_file(f) for f in formats if f.bundle] + \
        [feed_file(f) for f in formats if f.feed]
