"""Agreement evaluation as a mergeable reduction: accumulate per table, merge, finalise once.

In-process evaluation, cluster partitions and live updates all run this one plan::

    extent = Extent.of(observations)                    # only when ``needs_extent`` says so
    plan = EvaluationPlan.of(agreements, at=at, extent=extent)
    stats = plan.merge(plan.accumulate(part_1), plan.accumulate(part_2))
    report = plan.finalize(stats)                       # == evaluate(...) over all parts

- :meth:`EvaluationPlan.of` fixes the evaluation time (windows end there, targets and
  effective dates are read there) and the services of agreements that list none. Both may
  depend on the data: :class:`Extent` (latest event or answer, services of the calls) is a
  cheap mergeable first pass; :func:`needs_extent` tells whether a run needs it.
- :meth:`EvaluationPlan.accumulate` reduces one
  :class:`~xlacore.evaluation.observations.Observations` (any rows of the call table and any
  rows of the answer table; either may be empty) to :class:`EvaluationStats`: for every
  distinct *measurement* (an indicator's strategy over one agreement scope's rows in one
  window) the strategy's statistics per service, per service and segment, and over the whole
  scope. Size O(measurements x groups x bins), whatever the number of rows.
- :meth:`EvaluationPlan.merge` is associative and commutative up to float rounding (merged
  by group label, so parts with different services or segments combine); merge in a fixed
  order for byte-identical results.
- :meth:`EvaluationPlan.finalize` scores the merged statistics and judges every objective,
  bundle and finding into the :class:`~xlacore.evaluation.report.Report`.

Tables of different parts must have the same columns (a condition reading a column that a
part lacks is an error there); the SLA columns of calls are computed as of the plan's time.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.evaluation.checks import best_value, unit_of
from xlacore.evaluation.findings import watermelons
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.report import AgreementResult, ObjectiveResult, Report, Scope
from xlacore.evaluation.results import bundles, judge, scopes
from xlacore.evaluation.strategies import objective_params
from xlacore.model.agreements import Agreement, Exclusion, Segment
from xlacore.model.documents import AgreementSet
from xlacore.model.indicators import Indicator, Source
from xlacore.model.objectives import Objective
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.composite import CompositeStrategy
from xlacore.scoring.conditions import mask
from xlacore.scoring.engine import accumulate
from xlacore.scoring.grouping import Grouping, factorize
from xlacore.scoring.protocol import ScoringStrategy, StrategyResolver
from xlacore.scoring.score import Score
from xlacore.scoring.stats import GroupStats, MergeByLabel
from xlacore.scoring.windows import Window, window_mask

__all__ = ["EvaluationPlan", "EvaluationStats", "Extent", "needs_extent"]

_BY = (("service",), ("service", "segment"))


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _services(value: Iterable[str]) -> frozenset[str]:
    return frozenset(value)


@frozen
class Extent:
    """What the data decides before evaluation: its latest moment and the services called."""

    latest: int | None = None
    """Epoch seconds of the latest event or answer (None: no data)."""
    services: frozenset[str] = field(default=frozenset(), converter=_services)
    """Services of the calls: the scope of agreements that list none."""

    @classmethod
    def of(cls, observations: Observations) -> Extent:
        """The extent of one part of the data."""
        calls = observations.calls
        present = np.unique(calls.column("service")).tolist() if calls.n_rows else []
        return cls(observations.latest, (str(s) for s in present))

    def merge(self, other: Extent) -> Extent:
        """The extent of both parts."""
        moments = [m for m in (self.latest, other.latest) if m is not None]
        return Extent(max(moments, default=None), self.services | other.services)


def needs_extent(agreements: AgreementSet, at: datetime | None) -> bool:
    """Whether a plan at ``at`` needs the data's :class:`Extent` (no time, or open scopes)."""
    return at is None or any(a.effective_at(at) and not a.services for a in agreements.agreements)


@frozen
class _Context:
    """Where an agreement's objectives are evaluated: services, segments and exclusions."""

    services: tuple[str, ...]
    segments: tuple[Segment, ...]
    exclusions: tuple[Exclusion, ...]


@frozen
class _Table:
    """One source's rows for a context: in-scope rows, segment column, the groupings.

    ``groupings`` are per service, per service and segment (with segments) and in all;
    ``rollups`` map the groups of the finest onto each grouping's (None: the finest itself),
    so additive statistics are accumulated once and rolled up.
    """

    columns: ObservationColumns
    rows: NDArray[np.bool_]
    groupings: tuple[Grouping, ...]
    rollups: tuple[NDArray[np.intp] | None, ...]

    @property
    def finest(self) -> Grouping:
        """The grouping every other one rolls up from (its rollup is None)."""
        return next(g for g, r in zip(self.groupings, self.rollups, strict=True) if r is None)


def _excluded(columns: ObservationColumns, exclusions: Sequence[Exclusion]) -> NDArray[np.bool_]:
    out = np.zeros(columns.n_rows, dtype=bool)
    if not exclusions:
        return out
    opened = columns.column("opened_at")
    known = columns.mask("opened_at")
    service = columns.column("service")
    for exclusion in exclusions:
        hit = (opened >= _epoch(exclusion.start)) & (opened < _epoch(exclusion.end))
        if exclusion.services:
            hit &= np.isin(service, list(exclusion.services))
        out |= hit if known is None else hit & known
    return out


@frozen
class _Services:
    """A table's service column factorised once, shared by every context reading it."""

    names: NDArray[Any]
    codes: NDArray[np.intp]

    @classmethod
    def of(cls, columns: ObservationColumns) -> _Services:
        return cls(*factorize(columns.column("service")))


def _table(columns: ObservationColumns, services: _Services, context: _Context) -> _Table:
    """Groups are those of every row (in scope or not), so parts agree on them by label.

    Segment codes follow the sorted segment names ("" for none), so labels stay sorted.
    """
    names = sorted({"", *(s.name for s in context.segments)})
    segment = np.zeros(columns.n_rows, dtype=np.intp)
    for declared in context.segments:
        segment[(segment == 0) & mask(declared.where, columns)] = names.index(declared.name)
    columns = columns.with_columns(segment=np.asarray(names)[segment])
    rows = np.isin(services.names, list(context.services))[services.codes]
    rows &= ~_excluded(columns, context.exclusions)
    by_service = Grouping(
        ("service",), tuple((s,) for s in services.names.tolist()), services.codes
    )
    everything = Grouping.of(columns, ())
    if not context.segments:
        every_service = np.zeros(by_service.size, dtype=np.intp)
        return _Table(columns, rows, (by_service, everything), (None, every_service))
    present, codes = factorize(services.codes * len(names) + segment)
    service_of = (present // len(names)).astype(np.intp)
    labels = zip(
        services.names[service_of].tolist(), (names[i] for i in present % len(names)), strict=True
    )
    by_segment = Grouping(("service", "segment"), tuple(labels), codes)
    every_segment = np.zeros(by_segment.size, dtype=np.intp)
    return _Table(
        columns, rows, (by_service, by_segment, everything), (service_of, None, every_segment)
    )


@frozen
class _Measurement:
    """An indicator's strategy over a context's rows in one window: per scope and in all."""

    context: _Context
    indicator: Indicator
    min_n: int
    window: Window
    strategy: ScoringStrategy[Any, Any] = field(eq=False)
    params: Any = field(eq=False)

    def accumulate(self, table: _Table) -> tuple[Any, ...]:
        indicator, columns = self.indicator, table.columns
        if indicator.good is not None:
            columns = columns.with_columns(outcome=mask(indicator.good, columns))
        rows = table.rows & window_mask(columns, self.window, attribution=indicator.attribution)
        if indicator.where is not None:
            rows &= mask(indicator.where, columns)
        picked = columns.take(rows, lazy=True)  # the strategy reads one or two columns
        if not isinstance(self.strategy, MergeByLabel):
            return tuple(
                accumulate(self.strategy, picked, g.take(rows), self.params)
                for g in table.groupings
            )
        stats: GroupStats = accumulate(self.strategy, picked, table.finest.take(rows), self.params)
        return tuple(
            stats if index is None else stats.rollup(g, index)
            for g, index in zip(table.groupings, table.rollups, strict=True)
        )

    def merge(self, a: tuple[Any, ...] | None, b: tuple[Any, ...] | None) -> tuple[Any, ...] | None:
        if a is None or b is None:
            return a if b is None else b
        return tuple(self.strategy.merge(x, y) for x, y in zip(a, b, strict=True))

    def finalize(self, stats: tuple[Any, ...] | None) -> tuple[dict[Scope, Score], Score | None]:
        """Scores per scope (a segment's scopes without the unsegmented rows), and in all."""
        if stats is None:
            return {}, None
        out: dict[Scope, Score] = {}
        *grouped, everything = stats
        for keys, part in zip(_BY, grouped, strict=False):
            for result in self.strategy.finalize(part, self.params):
                scope = tuple(sorted(zip(keys, map(str, result.group), strict=True)))
                if dict(scope).get("segment", "x") != "":
                    out[scope] = result
        return out, self.strategy.finalize(everything, self.params)[0]


@frozen
class _Judged:
    """One objective judged in a context, with its measurements by their index in the plan."""

    owner: Agreement
    objective: Objective
    context: _Context
    current: int
    previous: int
    short: int
    long: int


@frozen
class _Step:
    """One agreement: its own objectives and those of the agreements it relies on."""

    agreement: Agreement
    effective: bool
    own: tuple[_Judged, ...] = ()
    drawn: tuple[_Judged, ...] = ()


@frozen
class EvaluationStats:
    """Statistics of every measurement of a plan, in plan order; None: no rows of its source."""

    parts: tuple[tuple[Any, ...] | None, ...]


class _Builder:
    """Walks the agreements once and numbers the distinct measurements they need."""

    def __init__(
        self,
        agreements: AgreementSet,
        at: datetime,
        extent: Extent | None,
        strategies: StrategyResolver,
    ) -> None:
        self.agreements = agreements
        self.strategies = strategies
        self.at = at
        self.end = _epoch(at) + 1
        self.extent = extent
        self.measurements: dict[_Measurement, int] = {}

    def services(self, agreement: Agreement) -> tuple[str, ...]:
        if agreement.services:
            return tuple(sorted(agreement.services))
        if self.extent is None:
            raise ScoringError(
                f"agreement {agreement.name!r} lists no services: its scope is every service "
                "in the data; pass extent=Extent.of(observations) (merged over all parts)"
            )
        return tuple(sorted(self.extent.services))

    def measurement(self, objective: Objective, context: _Context, start: int, end: int) -> int:
        indicator = self.agreements.indicators[objective.indicator]
        strategy = self.strategies(indicator.strategy)
        params = objective_params(indicator, objective, self.strategies)
        if isinstance(strategy, CompositeStrategy):
            strategy = strategy.pinned(params)
        found = _Measurement(
            context, indicator, objective.min_n, Window(start, end), strategy, params
        )
        return self.measurements.setdefault(found, len(self.measurements))

    def judged(self, owner: Agreement, context: _Context) -> tuple[_Judged, ...]:
        end = self.end
        return tuple(
            _Judged(
                owner,
                o,
                context,
                current=self.measurement(o, context, end - o.window, end),
                previous=self.measurement(o, context, end - 2 * o.window, end - o.window),
                short=self.measurement(o, context, end - o.burn_short, end),
                long=self.measurement(o, context, end - o.burn_long, end),
            )
            for o in owner.objectives
        )

    def step(self, agreement: Agreement) -> _Step:
        if not agreement.effective_at(self.at):
            return _Step(agreement, effective=False)
        services = self.services(agreement)
        context = _Context(services, agreement.segments, agreement.exclusions)
        drawn: list[_Judged] = []
        for name in agreement.relies_on:
            other = self.agreements.agreement(name)
            if other.effective_at(self.at):
                exclusions = agreement.exclusions + other.exclusions
                theirs = _Context(services, agreement.segments, exclusions)
                drawn += self.judged(other, theirs)
        return _Step(agreement, True, self.judged(agreement, context), tuple(drawn))


def _measurements(value: Iterable[_Measurement]) -> tuple[_Measurement, ...]:
    return tuple(value)


@frozen
class EvaluationPlan:
    """What evaluating ``agreements`` at ``at`` measures, and how the results are judged.

    Build it with :meth:`of`; it pickles, so a cluster ships it to every worker.
    """

    agreements: AgreementSet
    at: datetime
    steps: tuple[_Step, ...]
    measurements: tuple[_Measurement, ...] = field(converter=_measurements)

    @classmethod
    def of(
        cls,
        agreements: AgreementSet,
        *,
        at: datetime | None = None,
        extent: Extent | None = None,
        strategies: StrategyResolver = builtin_strategy,
    ) -> EvaluationPlan:
        """The plan at ``at`` (default: the extent's latest moment, the epoch without data).

        ``extent`` is needed when :func:`needs_extent` says so. Indicators' strategies are
        resolved by ``strategies`` (the built-ins unless a registry's resolver is passed).
        """
        if at is None:
            if extent is None:
                raise ScoringError(
                    "no evaluation time: pass at=, or extent=Extent.of(observations) so it "
                    "defaults to the latest event or answer in the data"
                )
            at = datetime.fromtimestamp(extent.latest or 0, UTC)
        builder = _Builder(agreements, at, extent, strategies)
        steps = tuple(builder.step(a) for a in agreements.agreements)
        return cls(agreements, at, steps, builder.measurements)

    def accumulate(self, observations: Observations) -> EvaluationStats:
        """Statistics of one part of the data (either table may have no rows)."""
        services: dict[Source, _Services] = {}
        tables: dict[tuple[_Context, Source], _Table | None] = {}
        parts: list[tuple[Any, ...] | None] = []
        for m in self.measurements:
            key = (m.context, m.indicator.source)
            if key not in tables:
                source = observations.table(key[1])
                if source.n_rows and key[1] not in services:
                    services[key[1]] = _Services.of(source)
                tables[key] = _table(source, services[key[1]], m.context) if source.n_rows else None
            table = tables[key]
            parts.append(None if table is None else m.accumulate(table))
        return EvaluationStats(tuple(parts))

    def merge(self, a: EvaluationStats, b: EvaluationStats) -> EvaluationStats:
        """Statistics of both parts, measurement by measurement."""
        if not len(a.parts) == len(b.parts) == len(self.measurements):
            raise ScoringError("cannot merge statistics of different evaluation plans")
        pairs = zip(self.measurements, a.parts, b.parts, strict=True)
        merged = (m.merge(x, y) for m, x, y in pairs)
        return EvaluationStats(tuple(merged))

    def finalize(self, stats: EvaluationStats) -> Report:
        """The report of the merged statistics of all the data."""
        if len(stats.parts) != len(self.measurements):
            raise ScoringError("the statistics are not of this evaluation plan")
        scores = [m.finalize(s) for m, s in zip(self.measurements, stats.parts, strict=True)]
        results: list[AgreementResult] = []
        drawn: dict[tuple[str, str, Scope], ObjectiveResult] = {}
        for step in self.steps:
            agreement = step.agreement
            if not step.effective:
                results.append(
                    AgreementResult(name=agreement.name, kind=agreement.kind, effective=False)
                )
                continue
            own = [r for j in step.own for r in self._judge(j, scores)]
            used = own + [r for j in step.drawn for r in self._judge(j, scores)]
            results.append(
                AgreementResult(
                    name=agreement.name,
                    kind=agreement.kind,
                    effective=True,
                    objectives=tuple(own),
                    bundles=bundles(agreement, used),
                )
            )
            for r in used:
                drawn.setdefault((r.agreement, r.objective, r.scope), r)
        findings = watermelons(drawn[k] for k in sorted(drawn))
        return Report(evaluated_at=self.at, agreements=tuple(results), findings=tuple(findings))

    def _judge(
        self,
        judged: _Judged,
        scores: Sequence[tuple[Mapping[Scope, Score], Score | None]],
    ) -> list[ObjectiveResult]:
        objective, context = judged.objective, judged.context
        current, whole = scores[judged.current]
        previous, short, long = (scores[i][0] for i in (judged.previous, judged.short, judged.long))
        indicator = self.agreements.indicators[objective.indicator]
        target = objective.target_at(self.at)
        best = best_value(objective, indicator)
        unit = unit_of(indicator)
        return [
            judge(
                judged.owner,
                objective,
                scope,
                target=target,
                best=best,
                unit=unit,
                current=current.get(scope),
                whole=whole,
                previous=previous.get(scope),
                short=short.get(scope),
                long=long.get(scope),
            )
            for scope in scopes(context.services, [g.name for g in context.segments])
        ]
