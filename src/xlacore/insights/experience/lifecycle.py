"""Lifecycle effects: what each reassignment, escalation and reopening costs.

For each count (0, 1, 2, … and a last "or more" row) the happiness of the answers about
such calls, the perceived lost time, the resolution time and the reopen rate, each with its
interval; and per measure a least-squares slope (see :mod:`xlacore.insights.experience.slope`) over
the uncapped counts: "each reassignment costs N points and M hours".

Each slope comes twice: *pooled* over all calls, and *within* strata (by default the
service: calls are compared only with calls of the same service). Services differ in both
how often they reassign and how happy their users are, so the pooled slope carries those
differences; the within-service slope does not. Both are labelled by their ``scope``.
"""

from __future__ import annotations

from collections.abc import Sequence
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
from xlacore.insights.experience.slope import Slope, least_squares_slope
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score

__all__ = [
    "DIMENSIONS",
    "LifecycleRow",
    "WithinSlopes",
    "LifecycleEffect",
    "LifecycleEffects",
    "lifecycle_effects",
    "strata_label",
    "within_strata",
]

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
class WithinSlopes:
    """The slopes of each measure within strata (``scope`` e.g. ``"within service"``)."""

    scope: str
    happiness: Slope
    lost_time: Slope
    resolution: Slope
    reopen: Slope | None


@frozen
class LifecycleEffect:
    """One lifecycle count: the per-count table and the slope of each measure per step.

    The ``*_slope`` fields are pooled over all calls (scope ``"pooled"``); ``within`` holds
    the same slopes within strata (by default within service), free of the differences
    between services. ``unrecorded`` counts the calls whose source does not record this
    count (no reopen time in the export, say); they are left out, never taken as 0.
    """

    dimension: str
    rows: tuple[LifecycleRow, ...]
    happiness_slope: Slope
    lost_time_slope: Slope
    resolution_slope: Slope
    reopen_slope: Slope | None
    within: WithinSlopes
    unrecorded: int


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


def strata_label(strata: Sequence[str]) -> str:
    """How a within-strata slope is labelled: ``"within service"``."""
    return f"within {', '.join(strata)}"


def within_strata(
    columns: ObservationColumns,
    x: NDArray[Any],
    y: NDArray[Any],
    confidence: float,
    strata: tuple[str, ...],
) -> Slope:
    """The slope of ``y`` on ``x`` (both aligned with ``columns``' rows) within ``strata``.

    Rows without a value in a strata column are left out.
    """
    keep = np.ones(columns.n_rows, dtype=bool)
    for name in strata:
        keep &= present(columns, name)
    rows = select(columns, keep)
    codes = Grouping.of(rows, strata).codes if rows.n_rows else np.zeros(0, dtype=np.intp)
    return least_squares_slope(
        x[keep], y[keep], confidence, strata=codes, scope=strata_label(strata)
    )


def _effect(
    dimension: str,
    calls: ObservationColumns,
    answers: ObservationColumns,
    *,
    cap: int,
    min_n: int,
    confidence: float,
    strata: tuple[str, ...],
) -> LifecycleEffect:
    unrecorded = calls.n_rows - int(present(calls, dimension).sum())
    calls = _bucketed(rows_with(calls, dimension), dimension, cap)
    rated = _bucketed(zero_to_ten(answers, dimension), dimension, cap)
    timed = rows_with(rated, "lost_time_seconds")
    resolved = rows_with(calls, "resolution_seconds")
    # Calls resolved at least once, among those whose source records reopenings.
    known = rows_with(calls, "reopened")
    once = select(
        known, (present(known, "resolved") & known.column("resolved")) | known.column("reopened")
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
    measures = (
        (rated, happiness_points(rated.column("value"))),
        (timed, timed.column("lost_time_seconds")),
        (resolved, resolved.column("resolution_seconds")),
        (once, reopened),
    )
    pooled = [_slope(rows_, dimension, y, confidence) for rows_, y in measures]
    within = [
        within_strata(rows_, rows_.column(dimension), y, confidence, strata)
        for rows_, y in measures
    ]
    return LifecycleEffect(
        dimension=dimension,
        rows=rows,
        happiness_slope=pooled[0],
        lost_time_slope=pooled[1],
        resolution_slope=pooled[2],
        reopen_slope=pooled[3] if with_reopen else None,
        within=WithinSlopes(
            strata_label(strata),
            within[0],
            within[1],
            within[2],
            within[3] if with_reopen else None,
        ),
        unrecorded=unrecorded,
    )


def lifecycle_effects(
    calls: ObservationColumns,
    answers: ObservationColumns,
    *,
    cap: int = 3,
    min_n: int = 5,
    confidence: float = 0.95,
    strata: Sequence[str] = ("service",),
) -> LifecycleEffects:
    """Happiness, lost time, resolution time and reopen rate by lifecycle count.

    ``calls`` are call observations (:func:`~xlacore.scoring.observations.call_observations`),
    ``answers`` feedback observations joined to their calls; only 0-10 answers about a call
    enter happiness and lost time. Counts of ``cap`` or more share the last row; slopes use
    the exact counts, pooled and within ``strata`` (columns of both tables, the service by
    default; a segment column works as well). Groups below ``min_n`` are insufficient data.
    """
    chosen = tuple(strata)
    return LifecycleEffects(
        tuple(
            _effect(d, calls, answers, cap=cap, min_n=min_n, confidence=confidence, strata=chosen)
            for d in DIMENSIONS
        )
    )
