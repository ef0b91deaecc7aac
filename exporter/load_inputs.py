"""What ``load`` reads into a store: articles, records, the N-Quads and TriG that export
writes (files, or folders of them), and standard input, which may be either."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .inputs import Input, discover
from .pipeline import read_input
from .publishing.loading import folder_datasets
from .settings import Settings
from .store import DATASET_FORMATS, Loader, StoreError, sniff_dataset

# Formats that hold no named graph: refused by name rather than read as wire text. An .html
# file is a page, read as an article (what it declares and its text).
GRAPHLESS = {".ttl", ".nt", ".rdf", ".jsonld"}


@dataclass(frozen=True)
class _Read(Input):
    """An input whose bytes were already read (standard input, sniffed for N-Quads)."""

    data: bytes = b""

    def read_bytes(self) -> bytes:
        return self.data


def _datasets(argument: str) -> list[Path]:
    """The N-Quads and TriG files a directory holds (see folder_datasets); else none."""
    return folder_datasets(Path(argument))


def load_inputs(inputs: Iterable[str], loader: Loader, settings: Settings, debug: bool = False
                ) -> Iterator[InputError | str]:
    """Load every input (a path, a folder, - for standard input); yield each article's IRI
    as it is loaded and each error (the load goes on, except when the store itself fails:
    that StoreError ends it)."""
    for argument in inputs:
        suffix = Path(argument).suffix.lower()
        if argument == "-":
            data = sys.stdin.buffer.read()
            fmt = sniff_dataset(data)
            if fmt is not None:
                yield from loader.add_dataset(data, fmt, "<stdin>")
                continue
            items: Iterator[Input] = iter([_Read("<stdin>", "stdin", None, data)])
        elif suffix in DATASET_FORMATS or _datasets(argument):
            for path in _datasets(argument) or [Path(argument)]:
                yield from loader.add_dataset(path, DATASET_FORMATS[path.suffix.lower()],
                                              str(path))
            continue
        elif suffix in GRAPHLESS:
            yield InputError("holds no named graph; load the N-Quads or TriG that export "
                             "writes (--to nquads or trig), or the articles", source=argument)
            continue
        else:
            items = discover([argument])
        for item in items:
            outcome = read_input(item, settings, debug)
            yield from outcome.errors
            for record in outcome.records:
                try:
                    loader.add(record)
                except StoreError:
                    raise
                except InputError as exc:
                    yield exc.located(item.display)
                else:
                    yield record["iri"]
