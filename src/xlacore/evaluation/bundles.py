"""Bundles: an agreement's components at one scope, kept visible, never averaged into green."""

from __future__ import annotations

from collections.abc import Sequence

from xlacore.evaluation.report import BundleResult, Component, ObjectiveResult, Status
from xlacore.model.agreements import Agreement, CompositionRule

__all__ = ["bundle", "ATTAINMENT", "SEVERITY"]

ATTAINMENT: dict[Status, float] = {Status.MET: 1.0, Status.AT_RISK: 0.5, Status.BREACHED: 0.0}
"""What a component contributes to the bundle figure; without a figure it contributes nothing."""

SEVERITY = (Status.BREACHED, Status.AT_RISK, Status.INSUFFICIENT_DATA, Status.NO_DATA, Status.MET)
"""Statuses from worst to best: a bundle's status is that of its worst weighted component."""


def _component_name(agreement: Agreement, result: ObjectiveResult) -> str:
    own = result.agreement == agreement.name
    return result.objective if own else f"{result.agreement}.{result.objective}"


def bundle(agreement: Agreement, results: Sequence[ObjectiveResult]) -> BundleResult:
    """The bundle of ``results`` (all at one scope) under the agreement's composition.

    Weights come from the scope's segment (1 for components without one, and for scopes
    without a segment). The status is the worst status of the components of positive weight
    (:data:`SEVERITY`; no data when none has weight); the value follows the rule over those
    with an attainment.
    """
    scope = results[0].scope
    segment = dict(scope).get("segment")
    weights = agreement.composition.weights.get(segment, {}) if segment else {}
    components = tuple(
        Component(
            agreement=r.agreement,
            objective=r.objective,
            kind=r.kind,
            status=r.status,
            weight=weights.get(_component_name(agreement, r), 1.0),
            attainment=ATTAINMENT.get(r.status),
        )
        for r in results
    )
    weighted = [c for c in components if c.weight > 0]
    scored = [c for c in weighted if c.attainment is not None]
    rule = agreement.composition.rule
    states = {c.status for c in weighted}
    worst = next((s for s in SEVERITY if s in states), Status.NO_DATA)
    value: float | None = None
    if scored:
        attained = [c.attainment for c in scored if c.attainment is not None]
        if rule is CompositionRule.WEIGHTED_AVERAGE:
            total = sum(c.weight for c in scored)
            value = sum(c.weight * a for c, a in zip(scored, attained, strict=True)) / total
        elif rule is CompositionRule.MINIMUM:
            value = min(attained)
        else:
            value = float(all(c.status is Status.MET for c in scored))
    return BundleResult(
        agreement=agreement.name,
        scope=scope,
        rule=rule,
        status=worst,
        value=value,
        components=components,
    )
