"""Figures written for people, the same way in every renderer.

A figure is written by its :class:`~xlacore.evaluation.report.Unit`: durations as
``"2 h 05 min"`` (:func:`~xlacore.model.durations.readable_duration`), percentages as
``"4.2 %"``, differences of percentages as ``"2.3 pp"``, other numbers with one decimal
(none from 1,000 on, with thousands separators).
Targets are written in the unit of their figure (``"≤ 2 h 00 min"``), intervals as
``"[lower, upper]"``, and a figure with its evidence as ``"61.3 [50.2, 70.1] n=76"``. Scopes
read as people name them: the service's catalogue name when one is known, then the segment.
"""

from __future__ import annotations

from collections.abc import Mapping

from xlacore.evaluation.report import ObjectiveResult, Scope, Status, Unit
from xlacore.model.durations import readable_duration
from xlacore.model.objectives import Comparison

__all__ = [
    "OPERATORS",
    "STATUS_TEXT",
    "evidence_text",
    "figure_text",
    "gap_text",
    "impact_text",
    "interval_text",
    "result_text",
    "scope_label",
    "target_text",
    "unit_suffix",
]

OPERATORS = {Comparison.GTE: "≥", Comparison.GT: ">", Comparison.LTE: "≤", Comparison.LT: "<"}
"""The comparison of a target as a sign."""
STATUS_TEXT = {
    Status.MET: "met",
    Status.AT_RISK: "at risk",
    Status.BREACHED: "breached",
    Status.INSUFFICIENT_DATA: "too few",
    Status.NO_DATA: "no data",
}
"""Statuses as words ("too few" observations for a figure, or "no data" at all)."""


_SUFFIXES: Mapping[Unit | None, str] = {Unit.PERCENT: " %", Unit.POINTS: " pp"}


def unit_suffix(unit: Unit | None) -> str:
    """What follows a share (``" %"``), a difference of shares (``" pp"``), else nothing."""
    return _SUFFIXES.get(unit, "")


def figure_text(value: float | None, unit: Unit | None = None) -> str:
    """One figure in its unit; ``"-"`` for None."""
    if value is None:
        return "-"
    if unit is Unit.SECONDS:
        return readable_duration(value)
    text = f"{value:,.0f}" if abs(value) >= 1000 else f"{value:.1f}"
    text = "0.0" if text == "-0.0" else text  # -0.04 rounds to zero, which has no sign
    return text + unit_suffix(unit)


def interval_text(low: float | None, high: float | None, unit: Unit | None = None) -> str:
    """``"[lower, upper]"``, or ``""`` without an interval."""
    if low is None or high is None:
        return ""
    return f"[{figure_text(low, unit)}, {figure_text(high, unit)}]"


def evidence_text(
    value: float | None, low: float | None, high: float | None, n: int, unit: Unit | None = None
) -> str:
    """``"61.3 [50.2, 70.1] n=76"``; without a figure ``"no data"`` or ``"too few (n=3)"``."""
    if value is None:
        return "no data" if n == 0 else f"too few (n={n})"
    interval = interval_text(low, high, unit)
    return f"{figure_text(value, unit)}{' ' + interval if interval else ''} n={n}"


def result_text(result: ObjectiveResult) -> str:
    """An objective result's figure with its interval and n."""
    return evidence_text(result.value, result.ci_low, result.ci_high, result.n, result.unit)


def target_text(comparison: Comparison, target: float, unit: Unit | None = None) -> str:
    """``"≥ 90.0 %"``, ``"≤ 2 h 00 min"``."""
    return f"{OPERATORS[comparison]} {figure_text(target, unit)}"


def gap_text(gap: float | None, unit: Unit | None = None) -> str:
    """A distance between figures: a duration, percentage points (``"16.2 pp"``) or a number."""
    if gap is None:
        return "-"
    if unit in (Unit.PERCENT, Unit.POINTS):
        return figure_text(gap, Unit.POINTS)
    return figure_text(gap, unit)


def impact_text(impact: float | None, unit: Unit | None = None) -> str:
    """Volume × gap in the figure's unit: a duration sums to total time beyond the target."""
    if impact is None:
        return "-"
    if unit is Unit.SECONDS:
        return readable_duration(impact)
    return f"{impact:,.0f}{' pp' if unit in (Unit.PERCENT, Unit.POINTS) else ''}"


def scope_label(scope: Scope, names: Mapping[str, str] | None = None) -> str:
    """``"Printing / engineering"``: the service first, then the other values.

    The service is written by its name in ``names``, else by its id; the empty scope is
    ``"all"``.
    """
    values = dict(scope)
    service = values.pop("service", "")
    parts = [(names or {}).get(service, service)] + [v for _, v in sorted(values.items())]
    return " / ".join(p for p in parts if p) or "all"
