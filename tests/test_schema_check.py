"""The compiled schema check against jsonschema: the same yes or no on every record.

Real records (the seed, the writers' samples, 200 Reuters stories) and every record
one change away from the samples: each value replaced by each of a set of wrong or
borderline values, each key removed, an unknown key added. Then arbitrary JSON
values anywhere (hypothesis).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.record import Article
from exporter.schema_check import compile_schema, same
from exporter.validation import FORMATS, _anchored, _schema, first_error, is_valid, validator
from tests.test_rdf import reuters_stories, samples

# Wrong or borderline in some place of the schema: types, blanks, a final newline
# (the anchored patterns), negative and fractional counts, booleans posing as numbers.
REPLACEMENTS = [None, "", " ", "x", "2021-07-28\n", "2021-07-28", "https://a.example/x",
                "0000-01-01", "2021-02-30", "0001-01-01T00:00:00+08:00", "https://a.example/]",
                "https://a.example/#a#", "https://a.example/%zz",
                "0123456789abcdef", "en", "printed", 0, -1, 1, 1.0, 2.5, True, False, [],
                [""], ["x"], {}, {"name": "x"}]


def both(record: Any) -> tuple[bool, bool]:
    return is_valid()(record), validator().is_valid(record)


def paths(value: Any, where: tuple = ()) -> Iterator[tuple]:
    """Every place in a JSON value, the root excluded."""
    items = value.items() if isinstance(value, dict) else \
        enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        yield (*where, key)
        yield from paths(item, (*where, key))


def replaced(record: Article, path: tuple, value: Any) -> Article:
    changed = copy.deepcopy(record)
    parent = at(changed, path[:-1])
    if value is KeyError:
        del parent[path[-1]]
    else:
        parent[path[-1]] = value
    return changed


def at(record: Article, path: tuple) -> Any:
    for key in path:
        record = record[key]
    return record


def neighbours(record: Article) -> Iterator[Article]:
    """Every record one change away from `record`: a value replaced or removed, or an
    unknown key added to an object."""
    for path in [(), *paths(record)]:
        if path:
            for value in REPLACEMENTS:
                yield replaced(record, path, copy.deepcopy(value))
            yield replaced(record, path, KeyError)
        if isinstance(at(record, path), dict):
            yield replaced(record, (*path, "surprise"), 1)


def test_real_records_are_valid_in_both() -> None:
    for record in samples():
        assert both(record) == (True, True)


def test_200_reuters_stories_answer_alike(shared: Path) -> None:
    for record in reuters_stories(shared):
        assert both(record) == (True, True), record["id"]


def test_every_record_one_change_from_the_samples_answers_alike() -> None:
    checked = invalid = 0
    for record in samples():
        for neighbour in neighbours(record):
            fast, reference = both(neighbour)
            assert fast == reference, json.dumps(neighbour)[:300]
            checked += 1
            invalid += not fast
    assert checked > 3000 and invalid > checked // 2  # the changes did test the "no"


def test_unknown_keys_are_refused_at_every_level() -> None:
    record = samples()[0]
    for path in [(), ("timezone",), ("source",), ("dateline",), ("images", 0),
                 ("provenance",)]:
        assert both(replaced(record, (*path, "surprise"), 1)) == (False, False), path


def test_a_no_still_gets_jsonschemas_reason() -> None:
    record = replaced(samples()[0], ("date_published",), "2021-07-28\n")
    assert first_error(record) == "$.date_published: '2021-07-28\\n' must be a date " \
        "YYYY-MM-DD or a date-time YYYY-MM-DDTHH:MM:SS, with a UTC offset where the zone is known"
    assert first_error(samples()[0]) is None


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2)
                    | st.text(max_size=6),
                    lambda inner: st.lists(inner, max_size=3)
                    | st.dictionaries(st.text(max_size=6), inner, max_size=3), max_leaves=6)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_arbitrary_values_anywhere_answer_alike(data: st.DataObject) -> None:
    record = samples()[1]
    path = data.draw(st.sampled_from(list(paths(record))))
    changed = replaced(record, path, data.draw(JSON))
    assert both(changed)[0] == both(changed)[1]


def test_json_equality_of_const_and_enum() -> None:
    assert same(1, 1.0) and same([1, {"a": "x"}], [1.0, {"a": "x"}])
    assert not same(True, 1) and not same(0, False) and not same([True], [1])
    assert not same({"a": 1}, {"a": 1, "b": 2}) and not same("1", 1)


@pytest.mark.parametrize("schema", [
    {"type": "string", "format": "email"},
    {"properties": {"a": {"oneOf": [{"type": "string"}]}}},
    {"$ref": "https://example.org/other.json"},
    {"$ref": "#/$defs/missing", "$defs": {}},
    {"patternProperties": {"^x": {}}, "additionalProperties": False},
])
def test_a_keyword_it_does_not_know_is_refused_when_compiled(schema: dict) -> None:
    with pytest.raises(ValueError):
        compile_schema(schema, _anchored)


def test_the_shipped_schema_compiles_and_refers_to_itself() -> None:
    schema = _schema()
    assert schema["$defs"] and compile_schema(schema, _anchored, FORMATS)(samples()[0])
    with pytest.raises(ValueError):
        compile_schema(schema, _anchored)  # its formats are asserted, so they must be known
    recursive = {"$defs": {"list": {"type": ["null", "object"],
                                    "properties": {"next": {"$ref": "#/$defs/list"}}}},
                 "$ref": "#/$defs/list"}
    check = compile_schema(recursive, _anchored)
    assert check({"next": {"next": None}}) and not check({"next": {"next": 1}})
