"""Knowledge effect: whether calls resolved with an article go faster and stay fixed.

Resolved calls with and without ``knowledge_used``: mean resolution time (t interval), median
(sketch interval) and reopen rate (Wilson interval); the difference with minus without of
the mean (Welch's interval) and of the reopen rate (Newcombe's hybrid score interval).

Those differences are pooled over services; services that use articles more may simply be
quicker. Beside them come the differences *within service* (calls compared with calls of
the same service): the within-stratum least-squares slope of
:mod:`xlacore.insights.experience.slope`
on the 0/1 article flag, which for the reopen rate is exactly the Mantel-Haenszel risk
difference, in percentage points.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.insights._columns import aligned, present, rows_with, select
from xlacore.insights.experience.lifecycle import within_strata
from xlacore.insights.experience.slope import Slope
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import score
from xlacore.scoring.functions import t_quantile, wilson_interval, z_value
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.percentile import MedianParams, median
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score

__all__ = ["KnowledgeRow", "Difference", "KnowledgeEffect", "knowledge_effect"]


@frozen
class KnowledgeRow:
    """Resolved calls with (``knowledge``) or without a knowledge article."""

    knowledge: bool
    resolved: int
    mean_resolution_seconds: Score
    median_resolution_seconds: Score
    reopen_rate: Score


@frozen
class Difference:
    """With minus without, with its interval (``None`` when a side has too few calls)."""

    value: float | None
    ci_low: float | None
    ci_high: float | None
    method: str


@frozen
class KnowledgeEffect(HtmlResult):
    """Both rows and the differences of mean resolution time and reopen rate.

    ``resolution_difference`` and ``reopen_difference`` are pooled; ``resolution_within`` and
    ``reopen_within`` are with minus without within strata (scope ``"within service"``).
    """

    without: KnowledgeRow
    with_knowledge: KnowledgeRow
    resolution_difference: Difference
    reopen_difference: Difference
    resolution_within: Slope
    reopen_within: Slope


def _welch(a: NDArray[Any], b: NDArray[Any], confidence: float) -> Difference:
    if len(a) < 2 or len(b) < 2:
        return Difference(None, None, None, "welch")
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = math.sqrt(va + vb)
    diff = float(a.mean() - b.mean())
    if se == 0.0:
        return Difference(diff, diff, diff, "welch")
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1))
    half = float(t_quantile(confidence, df)) * se
    return Difference(diff, diff - half, diff + half, "welch")


def _newcombe(k: tuple[int, int], n: tuple[int, int], confidence: float) -> Difference:
    if min(n) == 0:
        return Difference(None, None, None, "newcombe")
    p1, p2 = k[0] / n[0], k[1] / n[1]
    (l1, l2), (u1, u2) = wilson_interval(list(k), list(n), z_value(confidence))
    diff = p1 - p2
    low = diff - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = diff + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return Difference(100.0 * diff, 100.0 * low, 100.0 * high, "newcombe")


def knowledge_effect(
    calls: ObservationColumns,
    *,
    min_n: int = 5,
    confidence: float = 0.95,
    strata: Sequence[str] = ("service",),
) -> KnowledgeEffect:
    """Resolution time and reopen rate of resolved calls with and without knowledge.

    The reopen figures read only calls whose source records reopenings; none: no data.
    The within differences compare calls of the same ``strata`` (the service by default).
    """
    chosen = tuple(strata)
    resolved = select(
        calls,
        present(calls, "resolved")
        & np.asarray(calls.column("resolved"), dtype=bool)
        & present(calls, "resolution_seconds"),
    )
    labels = [(False,), (True,)]
    by = ("knowledge_used",)

    def scores(strategy: Any, params: Any, method: str) -> tuple[Score, ...]:
        return aligned(score(strategy, resolved, params, by=by), labels, method)

    column = "resolution_seconds"
    means = scores(mean, MeanParams(column=column, min_n=min_n, confidence=confidence), "t")
    medians = scores(
        median, MedianParams(column=column, min_n=min_n, confidence=confidence), "sketch"
    )
    reopens = scores(
        proportion,
        ProportionParams(column="reopened", min_n=min_n, confidence=confidence),
        "wilson",
    )
    used = np.asarray(resolved.column("knowledge_used"), dtype=bool)
    seconds = resolved.column(column).astype(np.float64)
    used_x = used.astype(np.float64)
    sizes = (int(used.sum()), int((~used).sum()))
    # Reopenings only where the source records them (no data, not "never reopened").
    known = rows_with(resolved, "reopened")
    reopened = np.asarray(known.column("reopened"), dtype=bool)
    known_used = np.asarray(known.column("knowledge_used"), dtype=bool)
    known_sizes = (int(known_used.sum()), int((~known_used).sum()))
    rows = [
        KnowledgeRow(flag, sizes[1 - i], means[i], medians[i], reopens[i])
        for i, flag in enumerate((False, True))
    ]
    return KnowledgeEffect(
        without=rows[0],
        with_knowledge=rows[1],
        resolution_difference=_welch(seconds[used], seconds[~used], confidence)
        if min(sizes) >= min_n
        else Difference(None, None, None, "welch"),
        reopen_difference=_newcombe(
            (int(reopened[known_used].sum()), int(reopened[~known_used].sum())),
            known_sizes,
            confidence,
        )
        if min(known_sizes) >= min_n
        else Difference(None, None, None, "newcombe"),
        resolution_within=within_strata(resolved, used_x, seconds, confidence, chosen),
        reopen_within=within_strata(
            known, known_used.astype(np.float64), 100.0 * reopened, confidence, chosen
        ),
    )
