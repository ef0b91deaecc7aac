"""Validation of records against schemas/article.schema.json (shipped inside the package)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError

from .schema_check import Check, compile_schema


@cache
def _anchored(pattern: str) -> re.Pattern[str]:
    """`pattern` with JSON Schema's (ECMA-262's) `$`: the end of the text. Python's `$` also
    matches before a final newline, which would let "2021-07-28\n" pass as a date."""
    if pattern.endswith("$") and not pattern.endswith("\\$"):
        pattern = pattern[:-1] + r"\Z"
    return re.compile(pattern)


def _pattern(validator: object, pattern: str, instance: object, schema: object
             ) -> Iterator[ValidationError]:
    if isinstance(instance, str) and not _anchored(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


_Validator = validators.extend(Draft202012Validator, {"pattern": _pattern})


@cache
def _schema() -> dict:
    schema = json.loads(resources.files("exporter").joinpath("data/article.schema.json")
                        .read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return schema


@cache
def validator() -> Draft202012Validator:
    return _Validator(_schema())


@cache
def is_valid() -> Check:
    """The fast yes/no (see .schema_check); jsonschema says why when it is no."""
    return compile_schema(_schema(), _anchored)


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
        return "must be a date YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM:SS with a UTC offset"
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
