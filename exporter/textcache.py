"""A cache for pure functions of a line of text, which the wire-text reader asks the same
questions of several times per page (and of a site's furniture on every page). Each cache
holds at most `maxsize` texts of LONGEST characters and their results: together, some tens
of MB in a process at most, whatever the batch."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any])
LONGEST = 500  # characters: a longer text is not kept, so each cache stays bounded (a few MB)


def line_cache(maxsize: int = 4096) -> Callable[[F], F]:
    """lru_cache for a function whose first argument is a text and whose result is never
    changed by its callers; texts over LONGEST characters are computed each time."""
    def decorate(function: F) -> F:
        cached = functools.lru_cache(maxsize=maxsize)(function)

        @functools.wraps(function)
        def wrapper(text: str, *args: Any, **kwargs: Any) -> Any:
            if len(text) > LONGEST:
                return function(text, *args, **kwargs)
            return cached(text, *args, **kwargs)

        wrapper.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
        return wrapper  # type: ignore[return-value]
    return decorate
