"""Content negotiation on ``Accept`` (RFC 9110 §12.5.1): q-values, wildcards, specificity."""

from __future__ import annotations

from collections.abc import Sequence


def _ranges(accept: str) -> list[tuple[str, str, float, int]]:
    """(type, subtype, q, specificity) for each media range of the header."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        kind, _, sub = fields[0].lower().partition("/")
        if not kind or not sub:
            continue
        q = 1.0
        params = 0
        for field in fields[1:]:
            name, _, value = field.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            else:
                params += 1
        specificity = 0 if kind == "*" else 1 if sub == "*" else 2 + params
        ranges.append((kind, sub, q, specificity))
    return ranges


def quality(media_type: str, ranges: list[tuple[str, str, float, int]]) -> float:
    """The q the header gives `media_type`: that of the most specific range matching it."""
    kind, _, sub = media_type.lower().partition("/")
    best, weight = -1, 0.0
    for r_kind, r_sub, q, specificity in ranges:
        if (r_kind in ("*", kind)) and (r_sub in ("*", sub)) and specificity > best:
            best, weight = specificity, q
    return weight


def choose(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties go to the first offered); the first
    when the header is absent or empty; None when the client accepts none of them."""
    if not offered:
        return None
    if not accept or not accept.strip():
        return offered[0]
    ranges = _ranges(accept)
    if not ranges:
        return offered[0]
    scored = [(quality(m, ranges), -i, m) for i, m in enumerate(offered)]
    q, _, chosen = max(scored)
    return chosen if q > 0 else None
