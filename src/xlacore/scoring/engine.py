"""Running a strategy over columns: chunks on a thread pool, merged in a fixed order.

numpy's ``bincount`` releases the GIL, so chunks accumulate in parallel; merging them in
chunk order makes the result independent of thread timing. :func:`stream` merges chunks that
arrive one by one (each with its own groups), which is also how partitions combine.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import Executor
from functools import reduce
from typing import Any

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.scoring.score import Score

__all__ = ["DEFAULT_CHUNK_ROWS", "accumulate", "score", "stream"]

DEFAULT_CHUNK_ROWS = 1 << 20
"""Rows per chunk: large enough to amortise numpy calls, small enough for the caches."""


def accumulate(
    strategy: ScoringStrategy[Any, Any],
    columns: ObservationColumns,
    grouping: Grouping,
    params: Any,
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    executor: Executor | None = None,
) -> Any:
    """Statistics of all rows, accumulated chunk by chunk and merged in chunk order."""
    if chunk_rows < 1:
        raise ScoringError(f"chunk_rows must be >= 1, got {chunk_rows}")
    starts = range(0, max(columns.n_rows, 1), chunk_rows)
    chunks = [slice(s, s + chunk_rows) for s in starts]

    def one(rows: slice) -> Any:
        return strategy.accumulate(columns.take(rows), grouping.take(rows), params)

    parts = list(executor.map(one, chunks) if executor is not None else map(one, chunks))
    return reduce(strategy.merge, parts)


def score(
    strategy: ScoringStrategy[Any, Any],
    columns: ObservationColumns,
    params: Any,
    by: str | Sequence[str] | Grouping = (),
    *,
    chunk_rows: int = DEFAULT_CHUNK_ROWS,
    executor: Executor | None = None,
) -> Sequence[Score]:
    """One score per group of ``by`` (a key name, key names, or a prepared :class:`Grouping`)."""
    grouping = by if isinstance(by, Grouping) else Grouping.of(columns, by)
    stats = accumulate(
        strategy, columns, grouping, params, chunk_rows=chunk_rows, executor=executor
    )
    return strategy.finalize(stats, params)


def stream(
    strategy: ScoringStrategy[Any, Any],
    chunks: Iterable[ObservationColumns],
    params: Any,
    by: str | Sequence[str] = (),
) -> Any:
    """Statistics of a stream of chunks (each grouped on its own), merged by label in order.

    Memory stays O(groups x bins) however many chunks arrive.
    """
    total: Any = None
    for chunk in chunks:
        part = strategy.accumulate(chunk, Grouping.of(chunk, by), params)
        total = part if total is None else strategy.merge(total, part)
    if total is None:
        raise ScoringError("the stream held no chunks")
    return total
