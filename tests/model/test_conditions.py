"""The condition language: semantics, laws and a slow reference."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.model import AllOf, AnyOf, Channel, Compare, Not, matches
from xlacore.model.conditions import condition_fields
from xlacore.testing import strategies as xst

RECORDS = st.dictionaries(
    st.sampled_from("abc"),
    st.none() | st.integers(-5, 5) | st.text(max_size=3) | st.booleans(),
)


@pytest.mark.parametrize(
    ("condition", "record", "expected"),
    [
        (Compare("channel", "eq", "phone"), {"channel": Channel.PHONE}, True),
        (Compare("channel", "ne", "phone"), {"channel": "email"}, True),
        (Compare("channel", "ne", "phone"), {}, True),
        (Compare("channel", "eq", "phone"), {}, False),
        (Compare("priority", "in", [1, 2]), {"priority": 2}, True),
        (Compare("priority", "lt", 3), {"priority": 2}, True),
        (Compare("priority", "ge", 3), {"priority": 2}, False),
        (Compare("priority", "lt", 3), {"priority": "high"}, False),
        (Compare("priority", "lt", 3), {"priority": None}, False),
        (Compare("state", "exists", True), {"state": "Awaiting"}, True),
        (Compare("state", "exists", True), {"state": None}, False),
        (Compare("state", "exists", False), {}, True),
    ],
)
def test_comparisons(condition: Compare, record: dict[str, Any], expected: bool) -> None:
    assert matches(condition, record) is expected


@given(xst.conditions(), RECORDS)
def test_not_negates(condition: Any, record: dict[str, Any]) -> None:
    assert matches(Not(condition), record) is not matches(condition, record)


@given(st.lists(xst.conditions(), min_size=1, max_size=3), RECORDS)
def test_de_morgan(parts: list[Any], record: dict[str, Any]) -> None:
    assert matches(Not(AllOf(parts)), record) == matches(AnyOf([Not(p) for p in parts]), record)
    assert matches(AllOf(parts), record) == all(matches(p, record) for p in parts)


@given(xst.conditions(), RECORDS, st.dictionaries(st.sampled_from("xyz"), st.integers()))
def test_only_the_fields_read_matter(
    condition: Any, record: dict[str, Any], noise: dict[str, int]
) -> None:
    assert condition_fields(condition) <= {"a", "b", "c"}
    assert matches(condition, record) == matches(condition, {**noise, **record})
