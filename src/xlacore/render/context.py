"""What a renderer may use beside the report: earlier evaluations and insight figures.

The renderer protocol stays ``render(report, options)``; a renderer that draws more than the
report (the ``html`` one) takes a :class:`RenderContext` as its options. The context holds
plain figures (:class:`Estimate`), not the analyses' own types, so renderers do not change
when an analysis does; :func:`build_context` computes one from the evaluation's inputs.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from attrs import frozen

from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.insights import InsightData, channel_consistency, lifecycle_effects
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.scoring.score import Score

__all__ = [
    "Estimate",
    "Series",
    "RenderContext",
    "evaluation_history",
    "build_context",
    "channel_series",
    "lifecycle_estimates",
]


@frozen
class Estimate:
    """A figure with its interval and n; ``value`` is None when the data are insufficient."""

    label: str
    value: float | None
    ci_low: float | None
    ci_high: float | None
    n: int

    @classmethod
    def of_score(cls, label: str, score: Score) -> Estimate:
        """The estimate a scoring strategy's score makes."""
        return cls(label, score.value, score.ci_low, score.ci_high, score.n)


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


def evaluation_history(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback],
    report: Report,
    *,
    steps: int = 8,
    every: timedelta = timedelta(days=7),
) -> tuple[Report, ...]:
    """The evaluations ``every`` apart before ``report``, oldest first (``steps`` points in all)."""
    at = report.evaluated_at
    return tuple(
        evaluate(agreements, calls, feedback, at=at - k * every) for k in range(steps - 1, 0, -1)
    )


def build_context(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback],
    report: Report,
    *,
    title: str = "xlacore report",
    steps: int = 8,
    every: timedelta = timedelta(days=7),
) -> RenderContext:
    """The full context of ``report``: its history and the channel and lifecycle figures."""
    data = InsightData.from_objects(calls, feedback)
    return RenderContext(
        title=title,
        history=evaluation_history(agreements, calls, feedback, report, steps=steps, every=every),
        channels=channel_series(data),
        lifecycle=lifecycle_estimates(data),
    )


def channel_series(data: InsightData) -> tuple[Series, ...]:
    """Happiness by channel, one series per service (see :mod:`xlacore.insights.channels`)."""
    return tuple(
        Series(s.service, tuple(Estimate.of_score(c.channel, c.happiness) for c in s.channels))
        for s in channel_consistency(data.answers).services
    )


def lifecycle_estimates(data: InsightData) -> tuple[Estimate, ...]:
    """Happiness by reassignment count, ``0`` … ``3+`` (see :mod:`xlacore.insights.lifecycle`)."""
    effects = lifecycle_effects(data.calls, data.answers).effects
    reassignments = next(e for e in effects if e.dimension == "reassignment_count")
    return tuple(
        Estimate.of_score(f"{row.count}+" if row.or_more else str(row.count), row.happiness)
        for row in reassignments.rows
    )
