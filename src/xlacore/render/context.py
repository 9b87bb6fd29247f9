"""What a renderer may use beside the report: earlier evaluations and insight figures.

The renderer protocol stays ``render(report, options)``; a renderer that draws more than the
report (the ``html`` one) takes a :class:`RenderContext` as its options. The context holds
plain figures (:class:`Estimate`), not the analyses' own types, so renderers do not change
when an analysis does, and rendering depends on nothing but the model and the evaluation.
:func:`xlacore.cli.report_context.build_context` computes one from the evaluation's inputs.
"""

from __future__ import annotations

from attrs import frozen

from xlacore.evaluation.report import Report

__all__ = ["Estimate", "Series", "RenderContext"]


@frozen
class Estimate:
    """A figure with its interval and n; ``value`` is None when the data are insufficient."""

    label: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int


@frozen
class Series:
    """Named estimates, one per category of a chart (a channel, a count, a date)."""

    name: str
    points: tuple[Estimate, ...]


@frozen
class RenderContext:
    """Everything optional a renderer may draw besides the report.

    ``history`` holds earlier evaluations of the same agreements, oldest first (the trends);
    ``channels`` happiness by channel, one series per service; ``lifecycle`` happiness by
    reassignment count. ``quadrant`` names the SLA and the XLA objective of the watermelon
    quadrant as ``"agreement/objective"`` (default: the first of each kind sharing a scope).
    """

    title: str = "xlacore report"
    history: tuple[Report, ...] = ()
    channels: tuple[Series, ...] = ()
    lifecycle: tuple[Estimate, ...] = ()
    quadrant: tuple[str, str] | None = None
