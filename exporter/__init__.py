"""newsexport: news articles in, validated and linked structured data out.

Readers (``exporter.readers``) turn raw inputs into Article records
(``exporter.record``); writers (``exporter.writers``) turn records into
formats. Neither side knows the other: the record is the contract.

The public API is what ``__all__`` names (see the README's "Python API"): the
command line's verbs as functions. It follows semantic versioning; every other
module is internal and may change. The names are imported on first use, so that
``import exporter`` does not pay for rdflib and jsonschema (nor a command, calling
``exporter.api``, for rdflib and pyoxigraph before it needs them).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

__all__ = [
    "FORMATS",
    "Article",
    "BatchError",
    "Credentials",
    "InputError",
    "Loaded",
    "Problem",
    "Publisher",
    "Reporter",
    "Settings",
    "Summary",
    "UsageError",
    "__version__",
    "check",
    "export",
    "load",
    "load_published",
    "parse",
    "publish",
    "query",
    "render",
    "serve",
    "validate",
]

if TYPE_CHECKING:
    from .api import (
        FORMATS,
        BatchError,
        Loaded,
        check,
        export,
        load,
        load_published,
        parse,
        publish,
        query,
        render,
        serve,
        validate,
    )
    from .checking.report import Problem
    from .errors import InputError, UsageError
    from .publishing import Reporter, Summary
    from .record import Article
    from .remote import Credentials
    from .settings import Publisher, Settings

# Where each public name lives.
_HOMES = {"Problem": ".checking.report", "InputError": ".errors", "UsageError": ".errors",
          "Summary": ".publishing", "Reporter": ".publishing", "Article": ".record",
          "Credentials": ".remote", "Publisher": ".settings", "Settings": ".settings"}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'exporter' has no attribute {name!r}")
    return getattr(importlib.import_module(_HOMES.get(name, ".api"), __name__), name)


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
