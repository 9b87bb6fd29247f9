"""Condition masks agree with the scalar predicate; windows, calendar periods, decay."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.errors import ScoringError
from xlacore.model.conditions import Compare, matches
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.conditions import mask
from xlacore.scoring.windows import (
    DAY,
    calendar_periods,
    current_window,
    decay_weights,
    rolling,
    start_window,
    window_mask,
)
from xlacore.testing.strategies import conditions

ROWS = st.integers(0, 12)


@st.composite
def table(draw: st.DrawFn) -> tuple[ObservationColumns, list[dict[str, Any]]]:
    n = draw(ROWS)
    a = draw(st.lists(st.none() | st.integers(-5, 5), min_size=n, max_size=n))
    b = draw(st.lists(st.sampled_from(["x", "y", "phone", ""]), min_size=n, max_size=n))
    cols = ObservationColumns.from_arrays(
        a=np.ma.MaskedArray([0 if v is None else v for v in a], [v is None for v in a]),
        b=np.array(b, dtype=str),
        c=np.array(a and [0.5 * (v or 0) for v in a], dtype=float),
    )
    records = [{"a": x, "b": y, "c": 0.5 * (x or 0)} for x, y in zip(a, b, strict=True)]
    return cols, records


@given(table(), conditions(st.sampled_from("abc")))
def test_mask_equals_scalar_predicate(data: Any, condition: Any) -> None:
    cols, records = data
    got = mask(condition, cols)
    assert got.tolist() == [matches(condition, r) for r in records]


def test_unknown_field_is_an_error() -> None:
    cols = ObservationColumns.from_arrays(a=np.arange(3))
    with pytest.raises(ScoringError, match="'channel', not a column"):
        mask(Compare("channel", "eq", "phone"), cols)


T0 = 1_714_521_600  # 2024-05-01T00:00:00Z, a Wednesday


def test_windows_are_half_open_and_need_the_timestamp() -> None:
    t = np.ma.MaskedArray([T0 - 7 * DAY, T0 - 1, T0, T0 - 3 * DAY], [False, False, False, True])
    cols = ObservationColumns.from_arrays(answered_at=t)
    w = current_window(T0)
    assert w == rolling(T0, 7 * DAY)
    assert window_mask(cols, w, attribution="answered_at").tolist() == [True, True, False, False]
    assert start_window(T0 + 7 * DAY) == rolling(T0 + 7 * DAY, 7 * DAY)


def test_attribution_chooses_the_timestamp() -> None:
    cols = ObservationColumns.from_arrays(answered_at=[T0 + 10], opened_at=[T0 - 10])
    w = rolling(T0, DAY)
    assert window_mask(cols, w, attribution="opened_at").tolist() == [True]
    assert window_mask(cols, w, attribution="answered_at").tolist() == [False]


def test_calendar_periods() -> None:
    stamps = np.array(["2024-04-30T23:59:59", "2024-05-01", "2024-05-05T12:00", "2024-05-06"])
    cols = ObservationColumns.from_arrays(at=stamps.astype("datetime64[s]"))
    assert calendar_periods(cols, "month", attribution="at").tolist() == [
        202404,
        202405,
        202405,
        202405,
    ]
    weeks = calendar_periods(cols, "week", attribution="at")
    # Monday 2024-04-29 starts the week of the first three; Monday 2024-05-06 the last
    monday = np.datetime64("2024-04-29").astype(int)
    assert weeks.tolist() == [monday, monday, monday, monday + 7]


def test_decay_halves_per_half_life_and_ignores_future() -> None:
    cols = ObservationColumns.from_arrays(at=[T0, T0 - 62 * DAY, T0 - 124 * DAY, T0 + 1])
    w = decay_weights(cols, at=T0, half_life_seconds=62 * DAY, attribution="at")
    np.testing.assert_allclose(w, [1.0, 0.5, 0.25, 0.0])


@given(st.lists(st.integers(0, 10**9), min_size=2, max_size=20), st.integers(1, 10**8))
def test_decay_is_monotone_in_age(ts: list[int], half_life: int) -> None:
    cols = ObservationColumns.from_arrays(at=np.array(ts))
    at = max(ts)
    w = decay_weights(cols, at=at, half_life_seconds=half_life, attribution="at")
    order = np.argsort(ts, kind="stable")
    assert np.all(np.diff(w[order]) >= 0)
    assert np.all((w >= 0) & (w <= 1))


@pytest.mark.parametrize(
    "call",
    [
        lambda: rolling(T0, 0),
        lambda: decay_weights(
            ObservationColumns.from_arrays(at=[T0]), at=T0, half_life_seconds=0, attribution="at"
        ),
        lambda: calendar_periods(ObservationColumns.from_arrays(at=[T0]), "year", attribution="at"),  # type: ignore[arg-type]
    ],
)
def test_invalid_window_parameters(call: Any) -> None:
    with pytest.raises(ScoringError):
        call()


def test_a_window_over_no_rows_is_empty_whatever_the_column_dtype() -> None:
    # no feedback at all gives an empty answered_at column, which numpy types as float64
    empty = ObservationColumns.from_arrays(answered_at=[])
    assert window_mask(empty, rolling(T0, DAY), attribution="answered_at").tolist() == []
