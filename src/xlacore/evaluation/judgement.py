"""Judging a value against its target: status, trend, impact and error budget.

The status is decided on the *interval*: the hull of the point value and the interval's ends
(the adjusted-Wald interval need not contain its value). An objective is met only when the
whole hull clears the target by at least the at-risk margin, breached only when the whole hull
misses the target, and at risk otherwise: the evidence cannot tell (37.5 [-15, 70] against 50
is at risk, not breached). A score without an interval is judged on its value alone. Below
the minimum n there is no figure to judge (insufficient data; none at all: no data). The
interval decides the *trend* too: a change is improving or worsening only when the previous
value lies outside the current interval.

Gap is the distance to the target on the good side (positive: better than the target).
The error budget is OpenSLO's generalised: the target allows ``|best - target|`` of badness
(for a 95 % proportion, 5 % of bad events); ``budget_remaining`` = gap / allowance (1
untouched, 0 spent, below 0 overspent) and a burn rate = badness / allowance over a window.
"""

from __future__ import annotations

from xlacore.evaluation.report import Status, Trend
from xlacore.model.objectives import Comparison

__all__ = ["gap", "status", "trend", "impact", "budget_remaining", "burn_rate"]


def gap(value: float, target: float, comparison: Comparison) -> float:
    """How far ``value`` is on the good side of ``target`` (negative: on the bad side)."""
    return value - target if comparison.higher_is_better else target - value


def status(
    value: float,
    low: float | None,
    high: float | None,
    target: float,
    comparison: Comparison,
    *,
    margin: float = 0.0,
) -> Status:
    """The status of ``value`` with its interval ``low``..``high`` (None: no interval).

    Met when the worst end of the hull meets ``target`` by ``margin`` or more, breached when
    even its best end misses ``target``, else at risk (inconclusive).
    """
    ends = [value, *(e for e in (low, high) if e is not None)]
    worst = min(ends, key=lambda e: gap(e, target, comparison))
    best = max(ends, key=lambda e: gap(e, target, comparison))
    if not comparison.holds(best, target):
        return Status.BREACHED
    if comparison.holds(worst, target) and gap(worst, target, comparison) >= margin:
        return Status.MET
    return Status.AT_RISK


def trend(
    value: float, low: float | None, high: float | None, previous: float, comparison: Comparison
) -> Trend:
    """Improving or worsening when ``previous`` lies outside the interval, else steady."""
    if low is not None and high is not None and low <= previous <= high:
        return Trend.STEADY
    change = gap(value, 0.0, comparison) - gap(previous, 0.0, comparison)
    if change == 0:
        return Trend.STEADY
    return Trend.IMPROVING if change > 0 else Trend.WORSENING


def impact(value: float, target: float, comparison: Comparison, n: int) -> float:
    """HappySignals' impact: volume × gap to target (negative where the target is missed)."""
    return n * gap(value, target, comparison)


def budget_remaining(
    value: float, target: float, best: float | None, comparison: Comparison
) -> float | None:
    """Share of the error budget left; None when the target allows no badness or best is unknown."""
    if best is None or best == target:
        return None
    return gap(value, target, comparison) / abs(best - target)


def burn_rate(value: float, target: float, best: float | None) -> float | None:
    """Badness over a window per unit the target allows; 1 spends the budget on schedule."""
    if best is None or best == target:
        return None
    return abs(best - value) / abs(best - target)
