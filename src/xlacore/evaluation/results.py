"""From an objective's scores to its result: status, trend, budget and burn, per scope.

The scores come from the evaluation plan (:mod:`xlacore.evaluation.plan`); this module only
judges them and bundles the results of one agreement scope by scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlacore.evaluation import judgement
from xlacore.evaluation.bundles import bundle
from xlacore.evaluation.report import BundleResult, ObjectiveResult, Scope, Status, Unit
from xlacore.model.agreements import Agreement
from xlacore.model.objectives import Objective
from xlacore.scoring.score import Score

__all__ = ["bundles", "judge", "scope_order", "scopes"]


def scopes(services: Sequence[str], segments: Sequence[str]) -> list[Scope]:
    """Every scope of an agreement: each service, and each service by each segment."""
    found: list[Scope] = [(("service", s),) for s in services]
    found += [(("segment", g), ("service", s)) for s in services for g in segments]
    return sorted(found, key=scope_order)


def scope_order(scope: Scope) -> tuple[str, str]:
    """Service first, then segment (the whole service before its segments)."""
    values = dict(scope)
    return values["service"], values.get("segment", "")


def bundles(agreement: Agreement, results: Sequence[ObjectiveResult]) -> tuple[BundleResult, ...]:
    """The agreement's bundle of ``results`` in each scope, in scope order."""
    by_scope: dict[Scope, list[ObjectiveResult]] = {}
    for result in results:
        by_scope.setdefault(result.scope, []).append(result)
    return tuple(bundle(agreement, by_scope[s]) for s in sorted(by_scope, key=scope_order))


def _value(found: Score | None) -> float | None:
    return found.value if found is not None and found.ok else None


def judge(
    owner: Agreement,
    objective: Objective,
    scope: Scope,
    *,
    target: float,
    best: float | None,
    unit: Unit | None,
    current: Score | None,
    whole: Score | None,
    previous: Score | None,
    short: Score | None,
    long: Score | None,
) -> ObjectiveResult:
    """The result of one objective in one scope from its window scores (None: no rows).

    No observation at all is *no data*; some, but no figure (below the minimum n, or
    suppressed), is *insufficient data*; a figure is judged on its interval.
    """
    base: dict[str, Any] = {
        "agreement": owner.name,
        "kind": owner.kind,
        "objective": objective.name,
        "indicator": objective.indicator,
        "scope": scope,
        "comparison": objective.op,
        "target": target,
        "n": 0 if current is None else current.n,
        "method": "" if current is None else current.method,
        "unit": unit,
    }
    if current is None or current.n == 0:
        return ObjectiveResult(status=Status.NO_DATA, **base)
    if current.value is None:
        return ObjectiveResult(status=Status.INSUFFICIENT_DATA, **base)
    value, op = current.value, objective.op
    low, high = current.ci_low, current.ci_high
    before = _value(previous)
    return ObjectiveResult(
        status=judgement.status(value, low, high, target, op, margin=objective.at_risk_margin),
        value=value,
        ci_low=low,
        ci_high=high,
        previous=before,
        trend=None if before is None else judgement.trend(value, low, high, before, op),
        baseline=_value(whole),
        impact=judgement.impact(value, target, op, current.n),
        budget_remaining=judgement.budget_remaining(value, target, best, op),
        burn_rate_short=_burn(short, target, best),
        burn_rate_long=_burn(long, target, best),
        **base,
    )


def _burn(found: Score | None, target: float, best: float | None) -> float | None:
    value = _value(found)
    return None if value is None else judgement.burn_rate(value, target, best)
