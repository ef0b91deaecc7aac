"""Inputs in, records out: the part every command shares.

One bad input (or one bad item inside a multi-article input) becomes an error
value, never an exception that stops the batch. The functions are top-level and
take only picklable arguments, so a process pool can run them too.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from . import readers
from .errors import InputError
from .inputs import STRICT, Input, discover, sha256
from .record import Article, ReadContext
from .settings import Settings
from .validation import first_error


@dataclass
class Outcome:
    """What came of one input: its records and the errors of what could not be read."""

    input: Input
    sha256: str | None = None
    records: list[Article] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)


def read_input(item: Input, settings: Settings, debug: bool = False,
               data: bytes | None = None) -> Outcome:
    """Read, identify and validate every article of one input.

    `data` is the input's bytes when the caller has read them already (publish hashes
    an input before deciding to read it; stdin can be read only once). The reader is the
    one ``settings.input_format`` names (``--from``), else the one that recognises the bytes.
    """
    outcome = Outcome(item)
    strict = STRICT.set(settings.strict)  # what decode() does with control characters
    try:
        if data is None:
            data = item.read_bytes()
        outcome.sha256 = sha256(data)
        ctx = ReadContext(item.name, outcome.sha256, settings.base_uri, settings.timezone,
                          settings.input_format)
        reader = readers.reader(data, ctx)
        checked = getattr(reader, "CHECKS_RECORDS", False)  # once is enough
        for record in reader.read(data, ctx):
            if isinstance(record, InputError):
                outcome.errors.append(_named(record, item))
                continue
            problem = None if checked else first_error(record)
            if problem:
                raise InputError(f"the reader built an invalid record ({problem}); "
                                 "please report this input", source=item.display)
            outcome.records.append(record)
    except InputError as exc:
        outcome.errors.append(_named(exc, item))
    except Exception as exc:  # a bug must not stop the batch or lose the other articles
        detail = traceback.format_exc() if debug else f"{type(exc).__name__}: {exc}"
        outcome.errors.append(InputError(f"internal error ({detail.strip()}); "
                                         "rerun with --debug and report it", source=item.display))
    finally:
        STRICT.reset(strict)
    return outcome


def _named(error: InputError, item: Input) -> InputError:
    """The error naming the input as the user gave it (readers know only its stable name)."""
    if error.source in (None, item.name):
        error.source = item.display
    return error


def read_all(arguments: Iterable[str], settings: Settings, debug: bool = False
             ) -> Iterator[Outcome]:
    """Outcomes of every input named by `arguments`, lazily and in order."""
    for item in discover(list(arguments)):
        yield read_input(item, settings, debug)
