"""Every model type survives plain data and JSON unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore import model
from xlacore.serialization import from_dict, from_json, to_dict, to_json
from xlacore.testing import strategies as xst

CASES: list[tuple[Any, st.SearchStrategy[Any]]] = [
    (model.Service, xst.services()),
    (model.ServiceCatalog, xst.catalogs()),
    (model.Person, xst.people()),
    (model.CallEvent, xst.call_events()),
    (model.Call, xst.calls()),
    (model.Scale, xst.scales()),
    (model.Subject, xst.subjects()),
    (model.Feedback, xst.feedback()),
    (model.Condition, xst.conditions()),
]


@pytest.mark.parametrize(("cls", "strategy"), CASES, ids=lambda c: getattr(c, "__name__", None))
@given(data=st.data())
def test_round_trip_through_dicts_and_json(
    cls: Any, strategy: st.SearchStrategy[Any], data: st.DataObject
) -> None:
    obj = data.draw(strategy)
    plain = to_dict(obj)
    assert from_dict(cls, plain) == obj
    text = to_json(obj)
    assert from_json(cls, text) == obj
    # plain data is JSON data: nothing but dicts, lists, strings, numbers, booleans
    assert json.loads(text) == plain
    assert to_json(from_json(cls, text)) == text


@given(xst.calls())
def test_datetimes_keep_their_offset(call: model.Call) -> None:
    again = from_json(model.Call, to_json(call))
    assert [e.at.utcoffset() for e in again.events] == [e.at.utcoffset() for e in call.events]


@given(xst.conditions())
def test_concrete_condition_classes_round_trip(condition: model.Condition) -> None:
    assert from_dict(type(condition), to_dict(condition)) == condition


def test_defaults_are_left_out() -> None:
    scale = model.ZERO_TO_TEN
    assert to_dict(model.Subject(model.SubjectKind.CALL, "INC1")) == {"kind": "call", "id": "INC1"}
    assert to_dict(scale) == {"low": 0, "high": 10}
