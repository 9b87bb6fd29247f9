"""The render context of a report: its history, the insight figures and the catalogue names.

This runs the evaluation again for the trends and the insight analyses for the figures; the
renderers (:mod:`xlacore.render`) take the finished
:class:`~xlacore.evaluation.render_context.RenderContext` and know neither.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta

from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.render_context import Estimate, RenderContext, Series
from xlacore.evaluation.report import Report
from xlacore.insights import (
    ChannelConsistency,
    InsightData,
    LifecycleEffects,
    Period,
    channel_consistency,
    insights_report,
    lifecycle_effects,
)
from xlacore.insights.sections import insight_sections
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.protocol import StrategyResolver
from xlacore.scoring.score import Score

__all__ = ["build_context", "channel_series", "evaluation_history", "lifecycle_estimates"]


def _estimate(label: str, score: Score) -> Estimate:
    """The estimate a scoring strategy's score makes."""
    return Estimate(label, score.value, score.ci_low, score.ci_high, score.n)


def evaluation_history(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback],
    report: Report,
    *,
    steps: int = 8,
    every: timedelta = timedelta(days=7),
    strategies: StrategyResolver = builtin_strategy,
) -> tuple[Report, ...]:
    """The evaluations ``every`` apart before ``report``, oldest first (``steps`` points in all).

    ``strategies`` resolves the strategy names as for ``report`` (see
    :func:`xlacore.evaluation.evaluate.evaluate`).
    """
    at = report.evaluated_at
    return tuple(
        evaluate(agreements, calls, feedback, at=at - k * every, strategies=strategies)
        for k in range(steps - 1, 0, -1)
    )


def build_context(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback],
    report: Report,
    *,
    title: str = "xlacore report",
    names: Mapping[str, str] | None = None,
    steps: int = 8,
    every: timedelta = timedelta(days=7),
    insights: bool = True,
    strategies: StrategyResolver = builtin_strategy,
) -> RenderContext:
    """The context of ``report``: its history, the channel and lifecycle figures and insights.

    ``names`` are the catalogue's service names; ``steps`` counts the trend points (1: no
    history, nothing evaluated again); without ``insights`` the analyses are not run. The
    analyses read the records as they stood at the report's evaluation time, like the report.
    ``strategies`` resolves strategy names for the history: the built-ins by default; pass
    :meth:`xlacore.default_registry().strategy <xlacore.plugins.PluginRegistry.strategy>`
    when the agreements use a plugin's.
    """
    known = dict(names or {})
    history = evaluation_history(
        agreements, calls, feedback, report, steps=steps, every=every, strategies=strategies
    )
    if not insights:
        return RenderContext(title=title, history=history, names=known)
    period = Period.of(calls, feedback, at=report.evaluated_at)
    data = InsightData.from_objects(*period.select(calls, feedback))
    found = insights_report(data, period=period)
    return RenderContext(
        title=title,
        history=history,
        channels=_channel_series(found.channels, known),
        lifecycle=_lifecycle_estimates(found.lifecycle),
        names=known,
        insights=insight_sections(found, known),
    )


def channel_series(data: InsightData) -> tuple[Series, ...]:
    """Happiness by channel, a series per service (:mod:`~xlacore.insights.experience.channels`)."""
    return _channel_series(channel_consistency(data.answers))


def _channel_series(
    result: ChannelConsistency, names: Mapping[str, str] | None = None
) -> tuple[Series, ...]:
    """One series per service, named by the catalogue when ``names`` has it."""
    known = names or {}
    return tuple(
        Series(
            known.get(s.service, s.service),
            tuple(_estimate(c.channel, c.happiness) for c in s.channels),
        )
        for s in result.services
    )


def lifecycle_estimates(data: InsightData) -> tuple[Estimate, ...]:
    """Happiness by reassignment count, 0 … 3+ (:mod:`~xlacore.insights.experience.lifecycle`)."""
    return _lifecycle_estimates(lifecycle_effects(data.calls, data.answers))


def _lifecycle_estimates(result: LifecycleEffects) -> tuple[Estimate, ...]:
    effects = result.effects
    reassignments = next((e for e in effects if e.dimension == "reassignment_count"), None)
    rows = () if reassignments is None else reassignments.rows
    return tuple(
        _estimate(f"{row.count}+" if row.or_more else str(row.count), row.happiness) for row in rows
    )
