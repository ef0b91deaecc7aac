"""``newsexport serve``: a linked-data publisher over what ``load`` put in a store.

Every IRI minted under the base answers at this server (HTML for people; JSON-LD,
Turtle, N-Triples, RDF/XML, TriG, and NewsML-G2 and ninjs for articles), beside a
SPARQL endpoint, feeds, sitemaps and a VoID description. Needs the ``serve`` extra
(Starlette and Uvicorn): :func:`create_app` is the ASGI app to mount elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from starlette.applications import Starlette

MISSING = ("newsexport serve needs Starlette and Uvicorn: "
           'pip install "newsexport[serve]"')


def create_app(*args: Any, **kwargs: Any) -> Starlette:
    """The ASGI app (see :func:`exporter.serving.app.create_app`)."""
    try:
        from .app import create_app as create
    except ImportError as exc:
        if exc.name and exc.name.split(".")[0] in ("starlette", "anyio"):
            raise InputError(MISSING) from None
        raise
    return create(*args, **kwargs)
