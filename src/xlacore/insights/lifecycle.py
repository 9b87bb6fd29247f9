"""Lifecycle effects: what each reassignment, escalation and reopening costs.

For each count (0, 1, 2, … and a last "or more" row) the happiness of the answers about
such calls, the perceived lost time, the resolution time and the reopen rate, each with its
interval; and per measure a least-squares slope (see :mod:`xlacore.insights.slope`) over
the uncapped counts: "each reassignment costs N points and M hours".
"""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import (
    aligned,
    happiness_by,
    happiness_points,
    present,
    rows_with,
    select,
    zero_to_ten,
)
from xlacore.insights.slope import Slope, least_squares_slope
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score

__all__ = ["DIMENSIONS", "LifecycleRow", "LifecycleEffect", "LifecycleEffects", "lifecycle_effects"]

#: The lifecycle counts analysed, as call observation columns.
DIMENSIONS: tuple[str, ...] = ("reassignment_count", "escalation_count", "reopen_count")

_BUCKET = "_bucket"


@frozen
class LifecycleRow:
    """The measures of calls with ``count`` steps (``count`` or more when ``or_more``).

    Happiness is on the -100..+100 scale; lost time and resolution time are mean seconds;
    the reopen rate is a percentage of calls resolved at least once (``None`` in the
    reopenings table, where it would be true by construction).
    """

    count: int
    or_more: bool
    calls: int
    happiness: Score
    lost_time_seconds: Score
    resolution_seconds: Score
    reopen_rate: Score | None


@frozen
class LifecycleEffect:
    """One lifecycle count: the per-count table and the slope of each measure per step."""

    dimension: str
    rows: tuple[LifecycleRow, ...]
    happiness_slope: Slope
    lost_time_slope: Slope
    resolution_slope: Slope
    reopen_slope: Slope | None


@frozen
class LifecycleEffects(HtmlResult):
    """Lifecycle effects for reassignments, escalations and reopenings."""

    effects: tuple[LifecycleEffect, ...]


def _bucketed(columns: ObservationColumns, dimension: str, cap: int) -> ObservationColumns:
    counts = np.asarray(columns.column(dimension), dtype=np.int64)
    return columns.with_columns(**{_BUCKET: np.minimum(counts, cap)})


def _scores(
    strategy: Any, columns: ObservationColumns, params: Any, cap: int, method: str
) -> tuple[Score, ...]:
    labels = [(k,) for k in range(cap + 1)]
    return aligned(score(strategy, columns, params, by=(_BUCKET,)), labels, method)


def _slope(
    columns: ObservationColumns, dimension: str, y: NDArray[Any], confidence: float
) -> Slope:
    return least_squares_slope(columns.column(dimension), y, confidence)


def _effect(
    dimension: str,
    calls: ObservationColumns,
    answers: ObservationColumns,
    *,
    cap: int,
    min_n: int,
    confidence: float,
) -> LifecycleEffect:
    calls = _bucketed(rows_with(calls, dimension), dimension, cap)
    rated = _bucketed(zero_to_ten(answers, dimension), dimension, cap)
    timed = rows_with(rated, "lost_time_seconds")
    resolved = rows_with(calls, "resolution_seconds")
    once = select(
        calls, (present(calls, "resolved") & calls.column("resolved")) | calls.column("reopened")
    )
    happy = aligned(
        happiness_by(rated, (_BUCKET,), min_n=min_n, confidence=confidence),
        [(k,) for k in range(cap + 1)],
        "adjusted-wald",
    )
    lost = _scores(
        mean,
        timed,
        MeanParams(column="lost_time_seconds", min_n=min_n, confidence=confidence),
        cap,
        "t",
    )
    resolution = _scores(
        mean,
        resolved,
        MeanParams(column="resolution_seconds", min_n=min_n, confidence=confidence),
        cap,
        "t",
    )
    with_reopen = dimension != "reopen_count"
    reopen = (
        _scores(
            proportion,
            once,
            ProportionParams(column="reopened", min_n=min_n, confidence=confidence),
            cap,
            "wilson",
        )
        if with_reopen
        else None
    )
    sizes = np.bincount(calls.column(_BUCKET).astype(np.intp), minlength=cap + 1)
    rows = tuple(
        LifecycleRow(
            count=k,
            or_more=k == cap,
            calls=int(sizes[k]),
            happiness=happy[k],
            lost_time_seconds=lost[k],
            resolution_seconds=resolution[k],
            reopen_rate=None if reopen is None else reopen[k],
        )
        for k in range(cap + 1)
    )
    reopened = 100.0 * once.column("reopened").astype(np.float64)
    return LifecycleEffect(
        dimension=dimension,
        rows=rows,
        happiness_slope=_slope(
            rated, dimension, happiness_points(rated.column("value")), confidence
        ),
        lost_time_slope=_slope(timed, dimension, timed.column("lost_time_seconds"), confidence),
        resolution_slope=_slope(
            resolved, dimension, resolved.column("resolution_seconds"), confidence
        ),
        reopen_slope=_slope(once, dimension, reopened, confidence) if with_reopen else None,
    )


def lifecycle_effects(
    calls: ObservationColumns,
    answers: ObservationColumns,
    *,
    cap: int = 3,
    min_n: int = 5,
    confidence: float = 0.95,
) -> LifecycleEffects:
    """Happiness, lost time, resolution time and reopen rate by lifecycle count.

    ``calls`` are call observations (:func:`~xlacore.scoring.observations.call_observations`),
    ``answers`` feedback observations joined to their calls; only 0-10 answers about a call
    enter happiness and lost time. Counts of ``cap`` or more share the last row; slopes use
    the exact counts. Groups below ``min_n`` are insufficient data.
    """
    return LifecycleEffects(
        tuple(
            _effect(d, calls, answers, cap=cap, min_n=min_n, confidence=confidence)
            for d in DIMENSIONS
        )
    )
