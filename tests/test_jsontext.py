"""orjson's printing stands in for json's: the same bytes, or json's own where they differ."""

from __future__ import annotations

import json
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from exporter.jsontext import compact, pretty
from exporter.xmlsafe import _FORBIDDEN, clean_strings

scalars = (st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80)
           | st.floats(allow_nan=False, allow_infinity=False) | st.text())
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


def _json_bytes(value: object) -> bytes | type[Exception]:
    try:
        return json.dumps(value, ensure_ascii=False, indent=2).encode()
    except UnicodeEncodeError:  # a lone surrogate
        return UnicodeEncodeError


@given(values)
@settings(max_examples=400, deadline=None)
def test_pretty_is_json_byte_for_byte(value: object) -> None:
    expected = _json_bytes(value)
    if expected is UnicodeEncodeError:
        with pytest.raises(UnicodeEncodeError):
            pretty(value)
    else:
        assert pretty(value) == expected


@pytest.mark.parametrize("number", [1e-05, 5.5e-05, 1e-07, 2.5e-10, 1e16, 1.5e22, -0.0, 2**70])
def test_numbers_orjson_spells_otherwise_are_json_s(number: float) -> None:
    assert pretty({"n": [number]}) == json.dumps({"n": [number]}, indent=2).encode()


@given(values)
@settings(max_examples=200, deadline=None)
def test_compact_reads_back_as_the_value(value: object) -> None:
    if _json_bytes(value) is UnicodeEncodeError:
        return
    assert json.loads(compact(value)) == value


@given(st.lists(st.text(), max_size=5))
@settings(max_examples=400, deadline=None)
def test_the_xml_safety_check_misses_no_forbidden_character(texts: list[str]) -> None:
    """clean_strings' check from orjson's text: a value with a forbidden character is
    always cleaned, with a warning, and one without is returned as it is, without."""
    record = {"body": texts}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        cleaned = clean_strings(record, "test")
    assert cleaned["body"] == [_FORBIDDEN.sub("", text) for text in texts]
    assert bool(caught) == any(map(_FORBIDDEN.search, texts))
    assert (cleaned is record) == (not caught)


@given(st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=12))
@settings(max_examples=400, deadline=None)
def test_a_float_spelled_otherwise_is_always_caught_inside_any_document(number: float,
                                                                        text: str) -> None:
    """The check reads orjson's text only where a number stands, wherever the number is;
    the document is json's bytes all the same."""
    value = {"name": text, "n": number, "list": [text, number, {"deep": [number]}]}
    if _json_bytes(value) is not UnicodeEncodeError:
        assert pretty(value) == _json_bytes(value)


@pytest.mark.parametrize("text", ["image-1", "case-3 more", "0.00001x", "Theme-2"])
def test_number_like_text_in_a_string_keeps_orjson_s_path(text: str,
                                                         monkeypatch: pytest.MonkeyPatch
                                                         ) -> None:
    """A string such as ninjs's "image-1" (orjson and json print it alike) is no reason to
    print the document with json's slower encoder."""
    expected = json.dumps({"name": text}, ensure_ascii=False, indent=2).encode()

    def refuse(*_args: object, **_kwargs: object) -> str:
        raise AssertionError("json's encoder was used")

    monkeypatch.setattr(json, "dumps", refuse)
    assert pretty({"name": text}) == expected
