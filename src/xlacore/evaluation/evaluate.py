"""Evaluating agreements over calls and feedback at one moment → a :class:`Report`.

The observation tables are built once; per agreement scope (services, segments, exclusions)
the in-scope rows, the segment column and the groupings (by service, by service and segment,
and all together for the baseline) are built once and reused by every objective. The
scoring strategies do the statistics. Windows end at the evaluation time, inclusive.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.evaluation import judgement
from xlacore.evaluation.bundles import bundle
from xlacore.evaluation.checks import best_value
from xlacore.evaluation.findings import watermelons
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.report import (
    AgreementResult,
    BundleResult,
    ObjectiveResult,
    Report,
    Scope,
    Status,
)
from xlacore.evaluation.strategies import objective_params, resolve_strategy
from xlacore.model.agreements import Agreement, Exclusion, Segment
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import Feedback
from xlacore.model.indicators import Indicator, Source
from xlacore.model.objectives import Objective
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.conditions import mask
from xlacore.scoring.engine import score
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import Score
from xlacore.scoring.windows import Window, window_mask

__all__ = ["evaluate", "evaluate_observations"]

_BY = (("service",), ("service", "segment"))


@frozen
class _Context:
    """Where an agreement's objectives are evaluated: services, segments and exclusions."""

    services: tuple[str, ...]
    segments: tuple[Segment, ...]
    exclusions: tuple[Exclusion, ...]


@frozen
class _Table:
    """One source's rows for a context: in-scope rows, segment column, the groupings."""

    columns: ObservationColumns
    rows: NDArray[np.bool_]
    groupings: tuple[Grouping, ...]
    everything: Grouping


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _excluded(columns: ObservationColumns, exclusions: Sequence[Exclusion]) -> NDArray[np.bool_]:
    out = np.zeros(columns.n_rows, dtype=bool)
    opened = columns.column("opened_at")
    known = columns.mask("opened_at")
    service = columns.column("service")
    for exclusion in exclusions:
        hit = (opened >= _epoch(exclusion.start)) & (opened < _epoch(exclusion.end))
        if exclusion.services:
            hit &= np.isin(service, list(exclusion.services))
        out |= hit if known is None else hit & known
    return out


def _table(columns: ObservationColumns, context: _Context) -> _Table:
    segment = np.full(columns.n_rows, "", dtype=object)
    for declared in context.segments:
        segment[(segment == "") & mask(declared.where, columns)] = declared.name
    columns = columns.with_columns(segment=segment.astype(str))
    rows = np.isin(columns.column("service"), list(context.services))
    rows &= ~_excluded(columns, context.exclusions)
    keys = _BY if context.segments else _BY[:1]
    groupings = tuple(Grouping.of(columns, k) for k in keys)
    return _Table(columns, rows, groupings, Grouping.of(columns, ()))


class _Evaluator:
    """The state of one evaluation: the observations, the moment, cached tables."""

    def __init__(self, agreements: AgreementSet, observations: Observations, at: datetime) -> None:
        self.agreements = agreements
        self.indicators = agreements.indicators
        self.observations = observations
        self.at = at
        self.end = _epoch(at) + 1
        self.tables: dict[tuple[_Context, Source], _Table] = {}

    def table(self, context: _Context, source: Source) -> _Table:
        key = (context, source)
        if key not in self.tables:
            self.tables[key] = _table(self.observations.table(source), context)
        return self.tables[key]

    def services(self, agreement: Agreement) -> tuple[str, ...]:
        if agreement.services:
            return tuple(sorted(agreement.services))
        present = self.observations.calls.column("service")
        return tuple(sorted(set(present.tolist())))

    def scores(
        self,
        objective: Objective,
        indicator: Indicator,
        context: _Context,
        length: int,
        offset: int = 0,
    ) -> tuple[dict[Scope, Score], Score]:
        """Scores per scope, and over the whole scope, in a window ending ``offset`` ago."""
        table = self.table(context, indicator.source)
        columns = table.columns
        if indicator.good is not None:
            columns = columns.with_columns(outcome=mask(indicator.good, columns))
        rows = table.rows.copy()
        if indicator.where is not None:
            rows &= mask(indicator.where, columns)
        end = self.end - offset
        rows &= window_mask(columns, Window(end - length, end), attribution=indicator.attribution)
        strategy = resolve_strategy(indicator.strategy)
        params = objective_params(indicator, objective)
        picked = columns.take(rows)
        out: dict[Scope, Score] = {}
        for grouping in table.groupings:
            for result in score(strategy, picked, params, grouping.take(rows)):
                scope = tuple(sorted(zip(grouping.keys, map(str, result.group), strict=True)))
                if dict(scope).get("segment", "x") != "":
                    out[scope] = result
        whole = score(strategy, picked, params, table.everything.take(rows))[0]
        return out, whole

    def objective(
        self, owner: Agreement, objective: Objective, context: _Context
    ) -> list[ObjectiveResult]:
        indicator = self.indicators[objective.indicator]
        window = objective.window
        current, whole = self.scores(objective, indicator, context, window)
        previous, _ = self.scores(objective, indicator, context, window, offset=window)
        short, _ = self.scores(objective, indicator, context, objective.burn_short)
        long, _ = self.scores(objective, indicator, context, objective.burn_long)
        target = objective.target_at(self.at)
        best = best_value(objective, indicator)
        return [
            _judge(
                owner,
                objective,
                scope,
                target=target,
                best=best,
                current=current.get(scope),
                whole=whole,
                previous=previous.get(scope),
                short=short.get(scope),
                long=long.get(scope),
            )
            for scope in _scopes(context)
        ]

    def agreement(self, agreement: Agreement) -> tuple[AgreementResult, list[ObjectiveResult]]:
        """The agreement's result, and every result its bundles drew on (for findings)."""
        if not agreement.effective_at(self.at):
            return AgreementResult(name=agreement.name, kind=agreement.kind, effective=False), []
        services = self.services(agreement)
        context = _Context(services, agreement.segments, agreement.exclusions)
        own = [r for o in agreement.objectives for r in self.objective(agreement, o, context)]
        drawn = list(own)
        for name in agreement.relies_on:
            other = self.agreements.agreement(name)
            if not other.effective_at(self.at):
                continue
            theirs = _Context(services, agreement.segments, agreement.exclusions + other.exclusions)
            drawn += [r for o in other.objectives for r in self.objective(other, o, theirs)]
        bundles = _bundles(agreement, drawn)
        result = AgreementResult(
            name=agreement.name,
            kind=agreement.kind,
            effective=True,
            objectives=tuple(own),
            bundles=bundles,
        )
        return result, drawn


def _scopes(context: _Context) -> list[Scope]:
    scopes: list[Scope] = [(("service", s),) for s in context.services]
    scopes += [
        (("segment", g.name), ("service", s)) for s in context.services for g in context.segments
    ]
    return sorted(scopes, key=_scope_order)


def _scope_order(scope: Scope) -> tuple[str, str]:
    values = dict(scope)
    return values["service"], values.get("segment", "")


def _bundles(agreement: Agreement, results: list[ObjectiveResult]) -> tuple[BundleResult, ...]:
    by_scope: dict[Scope, list[ObjectiveResult]] = {}
    for result in results:
        by_scope.setdefault(result.scope, []).append(result)
    return tuple(bundle(agreement, by_scope[s]) for s in sorted(by_scope, key=_scope_order))


def _value(found: Score | None) -> float | None:
    return found.value if found is not None and found.ok else None


def _judge(
    owner: Agreement,
    objective: Objective,
    scope: Scope,
    *,
    target: float,
    best: float | None,
    current: Score | None,
    whole: Score,
    previous: Score | None,
    short: Score | None,
    long: Score | None,
) -> ObjectiveResult:
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
    }
    if current is None or current.value is None:
        return ObjectiveResult(status=Status.INSUFFICIENT_DATA, **base)
    value, op = current.value, objective.op
    before = _value(previous)
    return ObjectiveResult(
        status=judgement.status(value, target, op, objective.at_risk_margin),
        value=value,
        ci_low=current.ci_low,
        ci_high=current.ci_high,
        previous=before,
        trend=None
        if before is None
        else judgement.trend(value, current.ci_low, current.ci_high, before, op),
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


def evaluate_observations(
    agreements: AgreementSet, observations: Observations, at: datetime | None = None
) -> Report:
    """Evaluate every agreement over prepared observation tables (see :func:`evaluate`)."""
    if at is None:
        latest = observations.latest if observations.latest is not None else 0
        at = datetime.fromtimestamp(latest, UTC)
    evaluator = _Evaluator(agreements, observations, at)
    results = []
    drawn: dict[tuple[str, str, Scope], ObjectiveResult] = {}
    for agreement in agreements.agreements:
        result, used = evaluator.agreement(agreement)
        results.append(result)
        for r in used:
            drawn.setdefault((r.agreement, r.objective, r.scope), r)
    findings = watermelons(drawn[k] for k in sorted(drawn))
    return Report(evaluated_at=at, agreements=tuple(results), findings=tuple(findings))


def evaluate(
    agreements: AgreementSet,
    calls: Sequence[Call],
    feedback: Sequence[Feedback] = (),
    *,
    at: datetime | None = None,
) -> Report:
    """Evaluate every agreement at ``at`` over calls and feedback.

    ``at`` defaults to the latest event or answer in the data, never the wall clock.
    """
    observations = Observations.of(
        calls, feedback, slas=agreements.sla_definitions, calendars=agreements.calendars, at=at
    )
    return evaluate_observations(agreements, observations, at)
