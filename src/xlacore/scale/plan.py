"""What a distributed engine runs: accumulate per partition, merge in a tree, finalise once.

A :class:`Reducer` turns one table of observation columns into statistics, merges two
statistics and finalises them. :class:`Measure` is one strategy with its parameters and group
keys; :class:`ScoringPlan` scores several measures in one pass over each partition, grouping
once per distinct set of keys. :class:`EvaluationReducer` evaluates agreements over the
partitions of one table (calls or answers) with an
:class:`~xlacore.evaluation.plan.EvaluationPlan`, and :class:`ExtentReducer` finds what that
plan may need first (the latest moment, the services called). None of them needs Dask: the
Dask adapter and the Spark recipe both call :func:`accumulate_tables` and ``merge``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from typing import Any, Protocol, TypeVar

import numpy as np
from attrs import field, frozen

from xlacore.errors import ScoringError
from xlacore.evaluation.observations import UNKNOWN, Observations
from xlacore.evaluation.plan import EvaluationPlan, EvaluationStats, Extent
from xlacore.evaluation.report import Report
from xlacore.model.indicators import Source
from xlacore.scoring.columns import ObservationColumns, TableLike
from xlacore.scoring.grouping import Grouping, group_keys
from xlacore.scoring.observations import GROUP_KEYS
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.scoring.score import Score

__all__ = [
    "EvaluationReducer",
    "ExtentReducer",
    "StatsT",
    "ResultT_co",
    "Reducer",
    "Measure",
    "ScoringPlan",
    "accumulate_tables",
    "merge_in_order",
]

#: A reducer's statistics: what ``accumulate`` makes of a table and ``merge`` combines.
StatsT = TypeVar("StatsT")
#: What a reducer's ``finalize`` makes of the merged statistics.
ResultT_co = TypeVar("ResultT_co", covariant=True)


class Reducer(Protocol[StatsT, ResultT_co]):
    """Mergeable statistics over observation columns, finalised into a result."""

    def accumulate(self, columns: ObservationColumns) -> StatsT:
        """Statistics of one table (a partition or a batch)."""
        ...

    def merge(self, a: StatsT, b: StatsT) -> StatsT:
        """Statistics of both inputs; associative and commutative."""
        ...

    def finalize(self, stats: StatsT) -> ResultT_co:
        """The result of all merged statistics."""
        ...


@frozen
class Measure:
    """One strategy with its parameters, scored per group of the keys ``by``."""

    strategy: ScoringStrategy[Any, Any]
    params: Any
    by: tuple[str, ...] = field(default=(), converter=group_keys)

    def accumulate(self, columns: ObservationColumns) -> Any:
        """The strategy's statistics of ``columns``, grouped on their own."""
        return self.strategy.accumulate(columns, Grouping.of(columns, self.by), self.params)

    def merge(self, a: Any, b: Any) -> Any:
        """The strategy's merge (by label, so partitions with different groups combine)."""
        return self.strategy.merge(a, b)

    def finalize(self, stats: Any) -> Sequence[Score]:
        """One score per group, in label order."""
        return self.strategy.finalize(stats, self.params)


def _measures(value: Mapping[str, Measure]) -> dict[str, Measure]:
    return dict(value)


@frozen
class ScoringPlan:
    """Named measures scored in one pass: each table is grouped once per set of keys."""

    measures: Mapping[str, Measure] = field(converter=_measures, hash=False)

    def accumulate(self, columns: ObservationColumns) -> dict[str, Any]:
        """Every measure's statistics of ``columns``."""
        groupings: dict[tuple[str, ...], Grouping] = {}
        out: dict[str, Any] = {}
        for name, m in self.measures.items():
            if m.by not in groupings:
                groupings[m.by] = Grouping.of(columns, m.by)
            out[name] = m.strategy.accumulate(columns, groupings[m.by], m.params)
        return out

    def merge(self, a: Mapping[str, Any], b: Mapping[str, Any]) -> dict[str, Any]:
        """Merge measure by measure."""
        return {name: m.merge(a[name], b[name]) for name, m in self.measures.items()}

    def finalize(self, stats: Mapping[str, Any]) -> dict[str, Sequence[Score]]:
        """Every measure's scores."""
        return {name: m.finalize(stats[name]) for name, m in self.measures.items()}


_NO_ROWS = ObservationColumns.from_arrays()


def _with_known_groups(columns: ObservationColumns) -> ObservationColumns:
    """Missing service, channel or kind become ``"unknown"``, as in-process evaluation has it."""
    filled = {}
    for key in GROUP_KEYS:
        present = columns.mask(key) if key in columns else None
        if present is not None:
            filled[key] = np.where(present, columns.column(key), UNKNOWN)
    return columns.with_columns(**filled) if filled else columns


def _tables(
    source: Source, columns: ObservationColumns
) -> tuple[ObservationColumns, ObservationColumns]:
    columns = _with_known_groups(columns)
    return (columns, _NO_ROWS) if source is Source.CALLS else (_NO_ROWS, columns)


@frozen
class ExtentReducer:
    """The :class:`~xlacore.evaluation.plan.Extent` of one source's tables (calls or answers)."""

    source: Source

    def accumulate(self, columns: ObservationColumns) -> Extent:
        """The latest moment (``updated_at`` or ``answered_at``) and the services called."""
        return Extent.of(Observations.from_tables(*_tables(self.source, columns)))

    def merge(self, a: Extent, b: Extent) -> Extent:
        """Both extents."""
        return a.merge(b)

    def finalize(self, stats: Extent) -> Extent:
        """The merged extent itself."""
        return stats


@frozen
class EvaluationReducer:
    """An evaluation plan over the tables of one source: a call table's or an answer table's.

    Each table holds the columns in-process evaluation builds for that source (see
    :data:`xlacore.scale.dask.CALL_SCHEMA` and ``FEEDBACK_SCHEMA``); missing group keys
    become ``"unknown"``. Statistics of both sources merge with the plan's ``merge``.
    """

    plan: EvaluationPlan
    source: Source

    def accumulate(self, columns: ObservationColumns) -> EvaluationStats:
        """The plan's statistics of one table."""
        return self.plan.accumulate(Observations(*_tables(self.source, columns), latest=None))

    def merge(self, a: EvaluationStats, b: EvaluationStats) -> EvaluationStats:
        """The plan's merge."""
        return self.plan.merge(a, b)

    def finalize(self, stats: EvaluationStats) -> Report:
        """The report (of every source's merged statistics)."""
        return self.plan.finalize(stats)


def merge_in_order(reducer: Reducer[StatsT, Any], parts: Sequence[StatsT]) -> StatsT:
    """Merge statistics left to right, so float sums do not depend on arrival order."""
    if not parts:
        raise ScoringError("nothing to merge: no partitions")
    return reduce(reducer.merge, parts)


def accumulate_tables(reducer: Reducer[StatsT, Any], tables: Iterable[TableLike]) -> StatsT | None:
    """Statistics of a stream of DataFrame-like tables (e.g. the pandas batches of a partition).

    Each table becomes observation columns and is accumulated on its own, merged in order;
    memory stays that of one table plus the statistics. None when there were no tables.
    """
    total: StatsT | None = None
    for table in tables:
        part = reducer.accumulate(ObservationColumns.from_mapping(table))
        total = part if total is None else reducer.merge(total, part)
    return total
