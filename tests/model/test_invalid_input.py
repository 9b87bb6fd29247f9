"""Invalid input is rejected with the offending key path, never with a bare traceback."""

from __future__ import annotations

import copy
from datetime import UTC, timedelta
from typing import Any

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from xlacore import model
from xlacore.errors import InvalidInputError
from xlacore.serialization import from_dict, from_json, to_dict
from xlacore.testing import strategies as xst


def _rejects(cls: Any, data: Any, path: str, fragment: str = "") -> InvalidInputError:
    with pytest.raises(InvalidInputError) as info:
        from_dict(cls, data)
    matching = [p for p in info.value.problems if p.startswith(f"{path}:") and fragment in p]
    assert matching, f"no problem at {path} mentioning {fragment!r}: {info.value.problems}"
    assert path in str(info.value)
    return info.value


@given(xst.calls(), st.data())
def test_naive_datetime_is_rejected_at_its_event(call: model.Call, data: st.DataObject) -> None:
    plain = to_dict(call)
    index = data.draw(st.integers(0, len(plain["events"]) - 1))
    plain["events"][index]["at"] = call.events[index].at.replace(tzinfo=None).isoformat()
    _rejects(model.Call, plain, f"$.events[{index}].at", "naive datetime; a time zone is required")


@given(xst.calls(), st.data())
def test_events_out_of_sequence_are_rejected(call: model.Call, data: st.DataObject) -> None:
    assume(len(call.events) >= 2)
    plain = to_dict(call)
    index = data.draw(st.integers(1, len(plain["events"]) - 1))
    before_previous = call.events[index - 1].at.astimezone(UTC) - timedelta(seconds=1)
    plain["events"][index]["at"] = before_previous.isoformat()
    _rejects(model.Call, plain, f"$.events[{index}].at", "out of sequence")


@given(xst.feedback(), st.integers(1, 1000))
def test_out_of_scale_values_are_rejected(answer: model.Feedback, beyond: int) -> None:
    plain = to_dict(answer)
    plain["value"] = answer.scale.high + beyond
    _rejects(model.Feedback, plain, "$.value", "outside the scale")
    plain["value"] = answer.scale.low - beyond
    _rejects(model.Feedback, plain, "$.value", "outside the scale")


KEYED = st.sampled_from(
    [
        (model.Call, xst.calls()),
        (model.Feedback, xst.feedback()),
        (model.Person, xst.people()),
        (model.Service, xst.services()),
        (model.ServiceCatalog, xst.catalogs()),
    ]
)


@given(
    KEYED.flatmap(lambda pair: st.tuples(st.just(pair[0]), pair[1])),
    st.text(min_size=1, max_size=8),
)
def test_unknown_keys_are_rejected(pair: tuple[Any, Any], key: str) -> None:
    cls, obj = pair
    plain = to_dict(obj)
    assume(key not in {a.name for a in __import__("attrs").fields(cls)})
    plain[key] = 1
    error = _rejects(cls, plain, "$", "unknown key")
    assert repr(key) in str(error)


@given(xst.calls(), st.sampled_from(["id", "service", "caller"]))
def test_empty_ids_are_rejected(call: model.Call, key: str) -> None:
    plain = to_dict(call)
    plain[key] = "   "
    _rejects(model.Call, plain, f"$.{key}", "must not be empty")


WRONG_TYPES = [
    ("priority", "1", "expected a whole number"),
    ("priority", 1.5, "expected a whole number"),
    ("priority", True, "expected a whole number"),
    ("knowledge_used", "yes", "expected true or false"),
    ("id", 7, "expected a string"),
    ("kind", "accident", "not a valid CallKind"),
    ("channel", "pigeon", "not a valid Channel"),
    ("events", "opened", "expected a list"),
    ("attributes", ["a"], ""),
]


@pytest.mark.parametrize(("key", "value", "fragment"), WRONG_TYPES)
@given(call=xst.calls())
def test_wrong_types_are_rejected(call: model.Call, key: str, value: Any, fragment: str) -> None:
    plain = to_dict(call)
    plain[key] = value
    _rejects(model.Call, plain, f"$.{key}", fragment)


@given(xst.calls())
def test_every_problem_is_listed_not_just_the_first(call: model.Call) -> None:
    plain = copy.deepcopy(to_dict(call))
    plain["kind"] = "nope"
    plain["priority"] = "high"
    plain["surprise"] = True
    with pytest.raises(InvalidInputError) as info:
        from_dict(model.Call, plain)
    paths = {p.split(":")[0] for p in info.value.problems}
    assert {"$.kind", "$.priority", "$"} <= paths


@pytest.mark.parametrize(
    "data",
    [None, 3, "call", [], [1, 2]],
)
def test_non_objects_are_rejected(data: Any) -> None:
    _rejects(model.Call, data, "$", "expected an object")


def test_bad_json_names_source_line_and_column() -> None:
    with pytest.raises(InvalidInputError) as info:
        from_json(model.Call, '{\n  "id": ', source="calls.json")
    assert "calls.json" in str(info.value)
    assert "line 2" in str(info.value)


@pytest.mark.parametrize(
    ("condition", "path", "fragment"),
    [
        ({"field": "a", "op": "in", "value": 3}, "$.value", "needs a list"),
        ({"field": "a", "op": "lt", "value": True}, "$.value", "number or a string"),
        ({"field": "a", "op": "exists", "value": "yes"}, "$.value", "true or false"),
        ({"field": "", "op": "eq", "value": 1}, "$.field", "must not be empty"),
        ({"field": "a", "op": "like", "value": 1}, "$.op", "not a valid Op"),
        ({"all": []}, "$.all", "at least one"),
        ({"all": [{"field": "a", "op": "eq"}]}, "$.all[0].value", "required"),
        ({"any": [{"not": {"field": "a", "op": "eq", "value": {}}}]}, "$.any[0].not.value", ""),
        ({"all": [], "any": []}, "$", "takes no other keys"),
        ({"not": "x"}, "$.not", "expected a condition"),
    ],
)
def test_bad_conditions_are_rejected_with_paths(condition: Any, path: str, fragment: str) -> None:
    _rejects(model.Condition, condition, path, fragment)
