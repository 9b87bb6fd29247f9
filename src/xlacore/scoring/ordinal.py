"""Ordinal answers on a scale: one histogram of scale points per group.

Every scale-based score (happiness, CSAT, CES, proportions, means) derives from it: top-box
proportions with the Wilson interval, means with the t interval.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import t_interval, wilson_interval, z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.params import CommonParams, statuses
from xlacore.scoring.score import Score, scores_from_arrays
from xlacore.scoring.stats import (
    GroupStats,
    MergeByLabel,
    histogram,
    present_rows,
    rows_of,
    weight_values,
)

__all__ = [
    "MAX_SCALE_POINTS",
    "check_scale",
    "scale_histogram",
    "ScaleParams",
    "ScaleHistogramStrategy",
    "effective_counts",
    "top_box",
    "scale_mean",
]

MAX_SCALE_POINTS = 1001
"""The widest scale (points) a histogram statistic accepts."""


def check_scale(low: int, high: int) -> None:
    """Reject a scale that is empty or too wide for a histogram."""
    if not high > low:
        raise ScoringError(f"scale needs low < high, got {low}..{high}")
    if high - low + 1 > MAX_SCALE_POINTS:
        raise ScoringError(f"scale {low}..{high} has more than {MAX_SCALE_POINTS} points")


def scale_histogram(
    columns: ObservationColumns,
    grouping: Grouping,
    *,
    column: str,
    low: int,
    high: int,
    weight_column: str | None,
    signature: tuple[Any, ...],
) -> GroupStats:
    """Per-group histogram of the present answers of ``column`` on the scale ``low..high``."""
    keep, codes = present_rows(columns, grouping, column, weight_column)
    values = rows_of(columns, column, keep)
    if values.dtype.kind == "b":
        values = values.view(np.int8)
    if values.dtype.kind == "f" and len(values) and not np.array_equal(values, np.round(values)):
        raise ScoringError(f"column {column!r} holds non-integer answers on scale {low}..{high}")
    if values.dtype.kind not in "iuf":
        raise ScoringError(f"column {column!r} must hold integer answers, got {values.dtype}")
    if len(values):
        vmin, vmax = values.min(), values.max()
        if vmin < low or vmax > high:
            bad = vmin if vmin < low else vmax
            raise ScoringError(f"column {column!r} holds {bad!r}, outside the scale {low}..{high}")
    bins = values.astype(np.int64) - low if low or values.dtype.kind == "f" else values
    arrays = histogram(
        grouping, codes, bins, high - low + 1, weight_values(columns, weight_column, keep)
    )
    return GroupStats(grouping.keys, grouping.labels, arrays, signature)


def effective_counts(stats: GroupStats) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Histogram and n for the interval maths: raw counts, or with weights Kish's effective n.

    Weighted: n_eff = (Σw)²/Σw², and each bin holds its weight share of n_eff.
    """
    count = stats["count"]
    if "wsum" not in stats.arrays:
        return count.astype(np.float64), count.sum(axis=1).astype(np.float64)
    wsum = stats["wsum"]
    total = wsum.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n_eff = np.where(stats["w2"] > 0, total**2 / stats["w2"], 0.0)
        scale = np.where(total > 0, n_eff / total, 0.0)
    return wsum * scale[:, None], n_eff


def top_box(stats: GroupStats, boxes: Sequence[int], params: CommonParams) -> tuple[Score, ...]:
    """Percentage of answers in the bins ``boxes``, with the Wilson interval."""
    hist, n_eff = effective_counts(stats)
    n = stats["count"].sum(axis=1)
    k = hist[:, list(boxes)].sum(axis=1)
    low, high = wilson_interval(k, n_eff, z_value(params.confidence))
    with np.errstate(divide="ignore", invalid="ignore"):
        value = 100.0 * k / n_eff
    return scores_from_arrays(
        stats.labels,
        value=value,
        low=100.0 * low,
        high=100.0 * high,
        n=n,
        method="wilson",
        status=statuses(n, params),
    )


def scale_mean(stats: GroupStats, low: int, params: CommonParams) -> tuple[Score, ...]:
    """Mean answer on the scale with its t interval (df = n - 1), clipped to the scale."""
    hist, n_eff = effective_counts(stats)
    points = np.arange(low, low + hist.shape[1], dtype=np.float64)
    total = hist @ points
    total_sq = hist @ (points * points)
    value, ci_low, ci_high = t_interval(n_eff, total, total_sq, params.confidence)
    ci_low, ci_high = np.maximum(ci_low, points[0]), np.minimum(ci_high, points[-1])
    n = stats["count"].sum(axis=1)
    return scores_from_arrays(
        stats.labels,
        value=value,
        low=ci_low,
        high=ci_high,
        n=n,
        method="t",
        status=statuses(n, params, at_least=2),
    )


class ScaleParams(Protocol):
    """What a strategy over a declared answer scale is configured with."""

    @property
    def column(self) -> str:
        """The column holding the answers."""
        ...

    @property
    def weight_column(self) -> str | None:
        """The column holding weights, if any."""
        ...

    @property
    def scale_low(self) -> int:
        """The lowest point of the scale."""
        ...

    @property
    def scale_high(self) -> int:
        """The highest point of the scale."""
        ...


class ScaleHistogramStrategy(MergeByLabel):
    """Base of strategies whose statistic is a histogram of a declared scale (CSAT, CES).

    Subclasses only say how a histogram becomes a score (``finalize``).
    """

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: ScaleParams
    ) -> GroupStats:
        """Histogram of the scale points per group."""
        low, high = params.scale_low, params.scale_high
        return scale_histogram(
            columns,
            grouping,
            column=params.column,
            low=low,
            high=high,
            weight_column=params.weight_column,
            signature=("scale", low, high),
        )
