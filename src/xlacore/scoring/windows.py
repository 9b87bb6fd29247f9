"""Time windows and decay over observation timestamps (int64 epoch seconds, UTC).

Which timestamp places an observation in time is always explicit: ``attribution`` names the
column (``"answered_at"`` for when the answer was given, ``"opened_at"`` for when the call was
opened). Windows are half-open, ``start <= t < end``.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from attrs import field, frozen
from attrs.validators import instance_of
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns

__all__ = [
    "DAY",
    "Window",
    "rolling",
    "start_window",
    "current_window",
    "window_mask",
    "calendar_periods",
    "decay_weights",
]

DAY = 86_400
"""Seconds in a day."""


@frozen
class Window:
    """The half-open interval ``start <= t < end`` in epoch seconds."""

    start: int = field(validator=instance_of(int))
    end: int = field(validator=instance_of(int))

    def __attrs_post_init__(self) -> None:
        """Reject an empty or reversed window."""
        if self.end <= self.start:
            raise ScoringError(f"window end {self.end} must be after its start {self.start}")


def rolling(end: int, length_seconds: int) -> Window:
    """The window of ``length_seconds`` ending (exclusive) at ``end``."""
    if length_seconds <= 0:
        raise ScoringError(f"window length must be positive, got {length_seconds}")
    return Window(end - length_seconds, end)


def start_window(start: int, days: int = 7) -> Window:
    """An initiative's *start* window: the ``days`` ending on its start (HappySignals: 7)."""
    return rolling(start, days * DAY)


def current_window(at: int, days: int = 7) -> Window:
    """The *current* window: the ``days`` ending at the evaluation time ``at`` (HappySignals: 7)."""
    return rolling(at, days * DAY)


def _times(
    columns: ObservationColumns, attribution: str
) -> tuple[NDArray[np.int64], NDArray[np.bool_] | None]:
    t = columns.column(attribution)
    if t.size == 0:  # no rows (e.g. no feedback at all): nothing to place, whatever the dtype
        return np.zeros(0, dtype=np.int64), None
    if t.dtype.kind not in "iu":
        raise ScoringError(
            f"timestamp column {attribution!r} must hold int64 epoch seconds, got {t.dtype}"
        )
    return t, columns.mask(attribution)


def window_mask(
    columns: ObservationColumns, window: Window, *, attribution: str
) -> NDArray[np.bool_]:
    """Rows whose ``attribution`` timestamp lies in ``window`` (rows without one: False)."""
    t, present = _times(columns, attribution)
    inside: NDArray[np.bool_] = (t >= window.start) & (t < window.end)
    return inside if present is None else inside & present


def calendar_periods(
    columns: ObservationColumns,
    unit: Literal["day", "week", "month"],
    *,
    attribution: str,
) -> NDArray[np.int64]:
    """Calendar period of each row in UTC, as a group key column.

    ``day``: days since the epoch; ``week``: ISO weeks (Monday start) as the epoch-day of their
    Monday; ``month``: ``year * 100 + month`` (e.g. 202405). Add it with
    :meth:`~xlacore.scoring.columns.ObservationColumns.with_columns` and group by it; rows
    without a timestamp must be filtered out first.
    """
    if unit not in ("day", "week", "month"):
        raise ScoringError(f"calendar unit must be 'day', 'week' or 'month', got {unit!r}")
    t, present = _times(columns, attribution)
    if present is not None:
        raise ScoringError(f"column {attribution!r} has missing timestamps; filter them first")
    days: NDArray[np.int64] = np.floor_divide(t, DAY)
    if unit == "day":
        return days.astype(np.int64)
    if unit == "week":
        return (days - (days + 3) % 7).astype(np.int64)  # 1970-01-01 was a Thursday
    months = t.astype("datetime64[s]").astype("datetime64[M]").astype(np.int64)
    period: NDArray[np.int64] = (1970 + months // 12) * 100 + months % 12 + 1
    return period


def decay_weights(
    columns: ObservationColumns, *, at: int, half_life_seconds: float, attribution: str
) -> NDArray[np.float64]:
    """Exponential time-decay weights ``0.5 ** ((at - t) / half_life)``.

    An observation one half-life old counts half. Rows after ``at`` (not yet happened) and rows
    without a timestamp weigh 0. Add the result as a weight column.
    """
    if not half_life_seconds > 0:
        raise ScoringError(f"half-life must be positive, got {half_life_seconds!r}")
    t, present = _times(columns, attribution)
    age = (at - t).astype(np.float64)
    weights = np.where(age >= 0, np.exp2(-np.maximum(age, 0.0) / half_life_seconds), 0.0)
    return weights if present is None else np.where(present, weights, 0.0)
