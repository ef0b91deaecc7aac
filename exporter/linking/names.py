"""One spelling of a place name for comparing: DUSHANBE, Dushanbe and Dušanbe alike."""

from __future__ import annotations

import re
import unicodedata

_SAINTS = {"st": "saint", "ste": "sainte"}  # St. Louis is GeoNames' Saint Louis's spelling too
_DROPPED = re.compile(r"[.'’`]")
_SEPARATORS = re.compile(r"[-‐–—/,()\[\]]")
_LATIN = re.compile(r"[a-z0-9 &]+")
_NOT_LATIN = re.compile(r"[^\x00-\u036f\u1e00-\u1eff\u2010-\u2019]")


def key(name: str) -> str:
    """`name` folded for comparison: accents and case dropped, dots and apostrophes removed,
    hyphens and runs of spaces as one space ("ST. LOUIS" -> "saint louis", "Ulan-Ude" ->
    "ulan ude", "São Paulo" -> "sao paulo")."""
    if not name.isascii():
        name = "".join(c for c in unicodedata.normalize("NFKD", name)
                       if not unicodedata.combining(c))
    words = _SEPARATORS.sub(" ", _DROPPED.sub("", name.casefold())).split()
    return " ".join(_SAINTS.get(w, w) for w in words)


def latin_key(name: str) -> str | None:
    """`key(name)` where `name` is written in Latin letters (the other names worth comparing
    with an English or European dateline; GeoNames also lists other scripts), else None."""
    if not name.isascii() and _NOT_LATIN.search(name):
        return None  # Cyrillic, CJK, Arabic...: no need to fold them to find out
    folded = key(name)
    return folded if _LATIN.fullmatch(folded) else None
