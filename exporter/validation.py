"""Validation of records against schemas/article.schema.json (shipped inside the package).

jsonschema is imported at the first record checked, not with this module: a rerun that
finds every input unchanged checks none (and is timed against a full run).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from . import iri
from .schema_check import Check, compile_schema

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    """`pattern` with JSON Schema's (ECMA-262's) `$`: the end of the text. Python's `$` also
    matches before a final newline, which would let "2021-07-28\n" pass as a date."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: object, pattern: str, instance: object, schema: object
             ) -> Iterator[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not _anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _real_date(value: str) -> bool:
    """A day of the proleptic Gregorian calendar that every writer can print (0001-9999)."""
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _real_moment(value: str) -> bool:
    """A real day, or a date-time whose instant is also a real date-time in UTC (feeds and
    RDF sort and compare instants: 0001-01-01T00:00:00+08:00 is a day before year 1). A
    local date-time without offset (its zone unknown) is no instant: a real day and time."""
    if len(value) <= 10:
        return _real_date(value)
    try:
        moment = datetime.fromisoformat(value)
        if moment.tzinfo is not None:
            moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return False
    return True


# What each "format" of the article schema means (asserted, not only annotated).
FORMATS: dict[str, Callable[[str], bool]] = {
    "iri": iri.is_iri, "date": _real_date, "date-or-date-time": _real_moment}


def _format(validator: object, name: str, instance: object, schema: dict
            ) -> Iterator[ValidationError]:
    pattern = schema.get("pattern")
    if pattern and isinstance(instance, str) and not _anchored(pattern).search(instance):
        return  # one reason is enough: the pattern's
    if isinstance(instance, str) and not FORMATS[name](instance):
        from jsonschema.exceptions import ValidationError

        reason = iri.problem(instance) if name == "iri" else "not a real calendar date"
        yield ValidationError(f"{instance!r} is not a valid {name}: {reason}")


@cache
def _schema() -> dict:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("exporter").joinpath("data/article.schema.json")
                        .read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator, validators

    extended = validators.extend(Draft202012Validator, {"pattern": _pattern, "format": _format})
    return extended(_schema())


@cache
def is_valid() -> Check:
    """The fast yes/no (see .schema_check); jsonschema says why when it is no."""
    return compile_schema(_schema(), _anchored, FORMATS)


def json_path(error: ValidationError) -> str:
    path = "$"
    for part in error.absolute_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path


def problems(record: object) -> Iterator[tuple[str, str]]:
    """Every problem as (``$.json.path``, reason), in a stable order."""
    if is_valid()(record):
        return
    found = sorted(validator().iter_errors(record), key=lambda e: (list(map(str, e.absolute_path)),
                                                                   e.message))
    for error in found:
        yield json_path(error), _reason(error)


def errors(record: object) -> Iterator[str]:
    """Every problem as ``$.json.path: reason``, in a stable order."""
    return (f"{path}: {reason}" for path, reason in problems(record))


def unencodable(value: object) -> str | None:
    """JSON may escape lone surrogates ("\\ud800") that no UTF-8 output can carry."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"a string holds a lone surrogate (U+{ord(exc.object[exc.start]):04X})"
    return None


def first_error(record: object) -> str | None:
    return next(errors(record), None)


def _pattern_meaning(pattern: str) -> str:
    if pattern == "\\S":
        return "must not be empty or blank"
    if pattern.startswith("^\\d{4}-") and "T" in pattern:
        return ("must be a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM:SS, with a UTC offset "
                "where the zone is known")
    if pattern.startswith("^\\d{4}-"):
        return "must be a date YYYY-MM-DD"
    if pattern.startswith("^[A-Za-z][A-Za-z0-9+.-]*:"):
        return "must be an absolute IRI without spaces"
    return f"must match {pattern}"


def _reason(error: ValidationError) -> str:
    message = error.message
    if error.validator == "pattern":
        message = f"{error.instance!r} {_pattern_meaning(error.validator_value)}"
    return message if len(message) <= 200 else message[:197] + "..."
