"""What a distributed engine runs: accumulate per partition, merge in a tree, finalise once.

A :class:`Reducer` turns one table of observation columns into statistics, merges two
statistics and finalises them. :class:`Measure` is one strategy with its parameters and group
keys; :class:`ScoringPlan` scores several measures in one pass over each partition, grouping
once per distinct set of keys. Neither needs Dask: the Dask adapter and the Spark recipe both
call :func:`accumulate_tables` and ``merge``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import reduce
from typing import Any, Protocol, TypeVar

from attrs import field, frozen

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns, TableLike
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.scoring.score import Score

__all__ = ["Reducer", "Measure", "ScoringPlan", "accumulate_tables", "merge_in_order"]

StatsT = TypeVar("StatsT")
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


def _keys(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@frozen
class Measure:
    """One strategy with its parameters, scored per group of the keys ``by``."""

    strategy: ScoringStrategy[Any, Any]
    params: Any
    by: tuple[str, ...] = field(default=(), converter=_keys)

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
