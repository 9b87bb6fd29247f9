"""Evaluating agreements over calls and feedback at one moment → a :class:`Report`.

Evaluation is one pass of an :class:`~xlacore.evaluation.plan.EvaluationPlan` over all the
observations: the same plan a cluster runs per partition and merges. Windows end at the
evaluation time, inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs

from xlacore.evaluation.observations import Observations
from xlacore.evaluation.plan import EvaluationPlan, Extent, needs_extent
from xlacore.evaluation.report import Report
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.protocol import StrategyResolver

__all__ = ["evaluate", "evaluate_observations"]


def evaluate_observations(
    agreements: AgreementSet,
    observations: Observations,
    at: datetime | None = None,
    *,
    strategies: StrategyResolver = builtin_strategy,
) -> Report:
    """Evaluate every agreement over prepared observation tables (see :func:`evaluate`)."""
    extent = Extent.of(observations) if needs_extent(agreements, at) else None
    plan = EvaluationPlan.of(agreements, at=at, extent=extent, strategies=strategies)
    report = plan.finalize(plan.accumulate(observations))
    return attrs.evolve(report, answers=observations.answers)


def evaluate(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback] = (),
    *,
    at: datetime | None = None,
    strategies: StrategyResolver = builtin_strategy,
) -> Report:
    """Evaluate every agreement at ``at`` over calls and feedback.

    ``at`` defaults to the latest event or answer in the data, never the wall clock.
    ``strategies`` resolves the indicators' strategy names: the built-ins by default; pass
    a plugin registry's :meth:`~xlacore.plugins.PluginRegistry.strategy` for third-party ones.
    """
    observations = Observations.of(
        calls, feedback, slas=agreements.sla_definitions, calendars=agreements.calendars, at=at
    )
    return evaluate_observations(agreements, observations, at, strategies=strategies)
