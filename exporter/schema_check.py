"""A yes/no answer to "is this record valid?", from the schema compiled once into closures.

jsonschema walks the schema afresh for every instance: 0.7 ms per article, two thirds
of the reader's time. The keywords the article schema uses, compiled into nested
functions, give the same answer some twenty times faster. Only the answer comes from
here; when it is no, jsonschema finds and words the errors (:mod:`.validation`). A
keyword this compiler does not know is a compile error, so a schema that grows a new
keyword is never half-checked; the tests hold the two to the same answers on real
records and on mutations of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Check = Callable[[Any], bool]

# Keywords that say nothing about validity (2020-12's annotations and identifiers).
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description",
                          "examples", "default", "deprecated", "readOnly", "writeOnly"})


def _is_integer(value: Any) -> bool:
    """JSON Schema's integer: any number with no fraction (1.0 too), never a boolean."""
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, float) and value.is_integer())


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "integer": _is_integer,
    "number": _is_number,
}


def same(one: Any, two: Any) -> bool:
    """JSON equality, as `const` and `enum` mean it: true is not 1, 1 is 1.0."""
    if isinstance(one, bool) or isinstance(two, bool):
        return type(one) is type(two) and one == two
    if isinstance(one, list) and isinstance(two, list):
        return len(one) == len(two) and all(map(same, one, two))
    if isinstance(one, dict) and isinstance(two, dict):
        return one.keys() == two.keys() and all(same(one[key], two[key]) for key in one)
    return one == two


def _every(checks: list[Check]) -> Check:
    """All of `checks` (a loop: cheaper than ``all()`` over a generator)."""
    if len(checks) == 1:
        return checks[0]
    if len(checks) == 2:
        first, second = checks
        return lambda value: first(value) and second(value)

    def every(value: Any) -> bool:
        for check in checks:  # noqa: SIM110 - a loop costs less than all() over a generator
            if not check(value):
                return False
        return True
    return every


# The types isinstance() tells alone (a bool is an int, so "integer" and "number" are not).
_PLAIN_TYPES: dict[str, type] = {"object": dict, "array": list, "string": str, "boolean": bool,
                                 "null": type(None)}


def _type_check(kinds: list[str]) -> Check:
    """The ``type`` keyword: any of `kinds`, one isinstance() where each kind allows it."""
    plain = tuple(_PLAIN_TYPES[kind] for kind in kinds if kind in _PLAIN_TYPES)
    checks = [_TYPES[kind] for kind in kinds if kind not in _PLAIN_TYPES]
    if not checks:
        return lambda value: isinstance(value, plain)
    if len(checks) == 1:
        (other,) = checks
        return lambda value: isinstance(value, plain) or other(value)
    return lambda value: isinstance(value, plain) or any(kind(value) for kind in checks)


def compile_schema(schema: dict[str, Any], regex: Callable[[str], re.Pattern[str]],
                   formats: dict[str, Callable[[str], bool]] | None = None) -> Check:
    """The check of `schema`, whose `$ref`s point into its own ``$defs``; `regex` compiles
    a `pattern` (the caller decides what ``$`` means); `formats` asserts each ``format``
    it names (a format it does not name is a compile error, as an unknown keyword)."""
    defs: dict[str, Check] = {}

    def reference(target: str) -> Check:
        name = target.removeprefix("#/$defs/")
        if name == target or name not in schema.get("$defs", {}):
            raise ValueError(f"$ref {target!r}: only this schema's own $defs are supported")
        return lambda value: defs[name](value)  # late: a definition may refer to itself

    def build(node: dict[str, Any] | bool) -> Check:
        if isinstance(node, bool):
            return lambda value: node
        checks = [keyword(name, argument, node) for name, argument in node.items()
                  if name not in _ANNOTATIONS]
        return _every(checks)

    def keyword(name: str, argument: Any, node: dict[str, Any]) -> Check:
        if name == "type":
            return _type_check([argument] if isinstance(argument, str) else argument)
        if name == "const":
            return lambda value: same(value, argument)
        if name == "enum":
            if all(isinstance(choice, str) for choice in argument):  # JSON equality is ==
                strings = frozenset(argument)
                return lambda value: isinstance(value, str) and value in strings
            return lambda value: any(same(value, choice) for choice in argument)
        if name == "$ref":
            return reference(argument)
        if name == "required":
            required = frozenset(argument)
            return lambda value: not isinstance(value, dict) or value.keys() >= required
        if name == "properties":
            properties = [(key, build(sub)) for key, sub in argument.items()]

            def each_property(value: Any) -> bool:
                if not isinstance(value, dict):
                    return True
                for key, check in properties:
                    if key in value and not check(value[key]):
                        return False
                return True
            return each_property
        if name == "additionalProperties":
            known = frozenset(node.get("properties", {}))
            if node.get("patternProperties"):
                raise ValueError("additionalProperties beside patternProperties")
            if argument is False:
                return lambda value: not isinstance(value, dict) or known.issuperset(value)
            extra = build(argument)
            return lambda value: not isinstance(value, dict) or all(
                extra(item) for key, item in value.items() if key not in known)
        if name == "items":
            each = build(argument)
            return lambda value: not isinstance(value, list) or all(map(each, value))
        if name == "minLength":
            return lambda value: not isinstance(value, str) or len(value) >= argument
        if name == "minimum":
            return lambda value: not _is_number(value) or value >= argument
        if name == "maximum":
            return lambda value: not _is_number(value) or value <= argument
        if name == "pattern":
            search = regex(argument).search
            return lambda value: not isinstance(value, str) or search(value) is not None
        if name == "format" and argument in (formats or {}):
            valid = (formats or {})[argument]
            return lambda value: not isinstance(value, str) or valid(value)
        raise ValueError(f"schema keyword {name!r} is not supported by the fast check")

    defs.update((name, build(sub)) for name, sub in schema.get("$defs", {}).items())
    return build(schema)
