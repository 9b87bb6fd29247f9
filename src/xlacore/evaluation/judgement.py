"""Judging a value against its target: status, trend, impact and error budget.

The status is decided on the point value; the interval is reported beside it. A contract is
judged on its figure, and the evidence rule that keeps small samples from looking real is the
minimum n (below it: insufficient data). The interval decides the *trend* instead: a change
is improving or worsening only when the previous value lies outside the current interval.

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


def status(value: float, target: float, comparison: Comparison, margin: float) -> Status:
    """Breached unless the comparison holds; at risk when met by less than ``margin``."""
    if not comparison.holds(value, target):
        return Status.BREACHED
    return Status.AT_RISK if gap(value, target, comparison) < margin else Status.MET


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
