"""A Score that breaks its own rules says which field, as an InvariantError (an XlaCoreError)."""

from __future__ import annotations

import math
from typing import Any

import pytest

from xlacore.errors import InvariantError, XlaCoreError
from xlacore.scoring.score import Score, ScoreStatus


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"value": math.nan}, "value"),
        ({"ci_high": math.inf}, "ci_high"),
        ({"value": None}, "value"),
        ({"ci_low": None}, "ci_low"),
        ({"ci_low": 9.0, "ci_high": 1.0}, "ci_low"),
        ({"status": ScoreStatus.INSUFFICIENT_DATA}, "status"),
        ({"n": -1}, "n"),
    ],
)
def test_a_broken_score_names_its_field(fields: dict[str, Any], field: str) -> None:
    good: dict[str, Any] = {
        "group": (),
        "value": 5.0,
        "ci_low": 1.0,
        "ci_high": 9.0,
        "n": 3,
        "method": "t",
    }
    with pytest.raises(InvariantError) as caught:
        Score(**{**good, **fields})
    assert caught.value.field == field
    assert isinstance(caught.value, XlaCoreError)
    assert isinstance(caught.value, ValueError)  # what callers caught before


def test_a_score_without_data_has_no_numbers() -> None:
    empty = Score((), None, None, None, 0, "t", ScoreStatus.INSUFFICIENT_DATA)
    assert not empty.ok
