"""The scoring-strategy protocol every built-in and third-party strategy implements.

A strategy is a *mergeable reducer*: ``accumulate`` turns a chunk of observation columns into
small per-group statistics, ``merge`` combines two such statistics (associative and
commutative), and ``finalize`` turns statistics into one :class:`~xlacore.scoring.score.Score`
per group. Because of ``merge``, chunks, streams, threads and cluster partitions all give the
answer of one pass.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TypeAlias, TypeVar, runtime_checkable

if TYPE_CHECKING:
    from xlacore.scoring.columns import ObservationColumns
    from xlacore.scoring.grouping import Grouping
    from xlacore.scoring.score import Score

__all__ = ["ParamsT", "ScoringStrategy", "StatsT", "StrategyResolver"]

#: A strategy's parameters: an instance of its ``params_type``.
ParamsT = TypeVar("ParamsT")
#: A strategy's per-group statistics: what ``accumulate`` makes and ``merge`` combines.
StatsT = TypeVar("StatsT")


@runtime_checkable
class ScoringStrategy(Protocol[ParamsT, StatsT]):
    """What a scoring strategy provides.

    ``params_type`` is an attrs class (structured from agreement files by xlacore's converter);
    statistics are small plain values (numpy arrays of shape ``(groups, ...)``).
    """

    params_type: type[ParamsT]

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: ParamsT
    ) -> StatsT:
        """Reduce one chunk of observations to per-group statistics."""
        ...

    def merge(self, a: StatsT, b: StatsT) -> StatsT:
        """Combine two statistics of the same grouping; associative and commutative."""
        ...

    def finalize(self, stats: StatsT, params: ParamsT) -> Sequence[Score]:
        """Turn statistics into one score per group, in group order."""
        ...


StrategyResolver: TypeAlias = Callable[[str], ScoringStrategy[Any, Any]]
"""Turns a strategy name into a strategy, or raises :class:`~xlacore.errors.UnknownNameError`.

Evaluation takes one as an argument: :func:`xlacore.scoring.builtin.builtin_strategy` by
default, a plugin registry's :meth:`~xlacore.plugins.PluginRegistry.strategy` at the face
(the CLI and :func:`xlacore.evaluate`), so nothing below the plugins reaches up to them.
"""
