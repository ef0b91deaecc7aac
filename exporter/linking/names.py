"""One spelling of a place name for comparing: DUSHANBE, Dushanbe and Dušanbe alike."""

from __future__ import annotations

import re
import unicodedata

_SAINTS = {"st": "saint", "ste": "sainte"}  # St. Louis is GeoNames' Saint Louis's spelling too


def key(name: str) -> str:
    """`name` folded for comparison: accents and case dropped, dots and apostrophes removed,
    hyphens and runs of spaces as one space ("ST. LOUIS" -> "st louis", "Ulan-Ude" ->
    "ulan ude", "São Paulo" -> "sao paulo", "St. Paul" -> "saint paul")."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(c for c in folded if not unicodedata.combining(c)).casefold()
    folded = re.sub(r"[.'’`]", "", folded)
    words = re.sub(r"[-‐–—/,()\[\]]", " ", folded).split()
    return " ".join(_SAINTS.get(w, w) for w in words)


def latin(name: str) -> bool:
    """Whether `name` is written in Latin letters (the alternate names worth comparing with
    an English or European dateline; GeoNames also lists transliterations and scripts)."""
    return bool(re.fullmatch(r"[a-z0-9 &]+", key(name)))
