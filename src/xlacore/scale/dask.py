"""Scoring on Dask: accumulate where each partition lives, merge in a tree, finalise once.

Input is a Dask DataFrame of observation columns (one row per call or answer, the columns
:mod:`xlacore.scoring.observations` produces) or a Dask Bag of :class:`~xlacore.model.Call`.
Every partition becomes :class:`~xlacore.scoring.columns.ObservationColumns` on its worker and
is reduced to small statistics; statistics merge in groups of ``split_every`` in partition
order (a fixed tree, so results do not depend on task timing), and only the merged statistics
travel to the client, which finalises them. Computation uses the active Dask scheduler: a
``distributed.Client`` when one is connected.

Needs the optional extra: ``pip install 'xlacore[dask]'``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import partial
from typing import Any, TypeVar

import numpy as np

from xlacore.errors import ScoringError
from xlacore.model.calls import Call
from xlacore.model.people import SEGMENT_KEYS, Person
from xlacore.scale.plan import Measure, Reducer, merge_in_order
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import CALL_COLUMNS, call_observations
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.scoring.score import Score
from xlacore.serialization import from_json

try:
    import dask.bag as db
    import dask.dataframe as dd
    import pandas as pd
    from dask.base import compute
    from dask.delayed import Delayed, delayed
except ImportError as exc:  # pragma: no cover - the extra is installed in every test run
    raise ImportError(
        "xlacore.scale.dask needs Dask; install the extra: pip install 'xlacore[dask]'"
    ) from exc

__all__ = [
    "DEFAULT_SPLIT_EVERY",
    "accumulate_dask",
    "reduce_dask",
    "score_dask",
    "calls_frame",
    "read_calls",
]

DEFAULT_SPLIT_EVERY = 8
"""Statistics merged per tree node: few levels, and no node waits on many inputs."""

StatsT = TypeVar("StatsT")
ResultT = TypeVar("ResultT")


def _accumulate(reducer: Reducer[StatsT, Any], to_columns: Any, partition: Any) -> StatsT:
    return reducer.accumulate(to_columns(partition))


def accumulate_dask(
    reducer: Reducer[Any, Any],
    data: dd.DataFrame | db.Bag,
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> Delayed:
    """The merged statistics of every partition of ``data``, as one lazy Dask object.

    A DataFrame's partitions are read as observation columns; a Bag's partitions are calls,
    turned into call observations (segments from ``people``, sent to every worker).
    """
    if split_every < 2:
        raise ScoringError(f"split_every must be >= 2, got {split_every}")
    to_columns: Any
    if isinstance(data, dd.DataFrame):
        to_columns = ObservationColumns.from_mapping
    elif isinstance(data, db.Bag):
        to_columns = partial(call_observations, people=tuple(people))
    else:
        raise ScoringError(
            f"expected a Dask DataFrame or Bag, got {type(data).__name__}; "
            "in-process data goes to xlacore.scoring.engine"
        )
    level: list[Delayed] = [
        delayed(_accumulate, pure=True)(reducer, to_columns, part) for part in data.to_delayed()
    ]
    if not level:
        raise ScoringError("the Dask collection has no partitions")
    while len(level) > 1:
        level = [
            delayed(merge_in_order, pure=True)(reducer, level[i : i + split_every])
            for i in range(0, len(level), split_every)
        ]
    return level[0]


def reduce_dask(
    reducer: Reducer[Any, ResultT],
    data: dd.DataFrame | db.Bag,
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> ResultT:
    """Compute the merged statistics and finalise them once, on the client."""
    lazy = accumulate_dask(reducer, data, people=people, split_every=split_every)
    (stats,) = compute(lazy)
    return reducer.finalize(stats)


def score_dask(
    strategy: ScoringStrategy[Any, Any],
    data: dd.DataFrame | db.Bag,
    params: Any,
    by: Sequence[str] = (),
    *,
    people: Iterable[Person] = (),
    split_every: int = DEFAULT_SPLIT_EVERY,
) -> Sequence[Score]:
    """One score per group of ``by``: :func:`xlacore.scoring.engine.score` over a cluster."""
    return reduce_dask(Measure(strategy, params, by), data, people=people, split_every=split_every)


_INTEGER_COLUMNS = frozenset(
    {
        "priority",
        "impact",
        "urgency",
        "opened_at",
        "resolved_at",
        "updated_at",
        "resolution_seconds",
        "reassignment_count",
        "reopen_count",
        "escalation_count",
    }
)
_BOOLEAN_COLUMNS = frozenset(
    {
        "resolved",
        "reopened",
        "reassigned",
        "escalated",
        "first_contact_resolution",
        "first_assignment_resolution",
        "knowledge_used",
    }
)


def _series(columns: ObservationColumns, name: str) -> Any:
    """One observation column as a pandas array with a fixed nullable dtype (absent: all NA)."""
    if name not in columns:
        dtype = (
            "Int64"
            if name in _INTEGER_COLUMNS
            else "boolean"
            if name in _BOOLEAN_COLUMNS
            else "string"
        )
        return pd.array([pd.NA] * len(columns), dtype=dtype)
    data, present = columns.column(name), columns.mask(name)
    missing = np.zeros(len(data), bool) if present is None else ~present
    if name in _INTEGER_COLUMNS:
        return pd.arrays.IntegerArray(data.astype(np.int64), missing)
    if name in _BOOLEAN_COLUMNS:
        return pd.arrays.BooleanArray(data.astype(bool), missing)
    text = pd.array(data.astype(str), dtype="string")
    text[missing] = pd.NA
    return text


def _call_frame(
    calls: Sequence[Call], people: tuple[Person, ...], unknown: str | None, names: tuple[str, ...]
) -> pd.DataFrame:
    columns = call_observations(calls, people=people, unknown=unknown)
    return pd.DataFrame({name: _series(columns, name) for name in names})


def calls_frame(
    calls: db.Bag,
    *,
    people: Iterable[Person] = (),
    unknown: str | None = None,
    attributes: Sequence[str] = (),
) -> dd.DataFrame:
    """A Dask DataFrame of call observations (one row per call) from a Bag of calls.

    Columns: the fixed ones of :func:`~xlacore.scoring.observations.call_observations`, the
    segment keys and the named call ``attributes`` (text), with fixed nullable dtypes
    (``Int64``, ``boolean``, ``string``) so every partition has the same schema; a missing
    value is ``<NA>``. ``people`` and ``unknown`` are passed to ``call_observations``.
    """
    crowd, names = tuple(people), (*CALL_COLUMNS, *SEGMENT_KEYS, *attributes)
    parts = [delayed(_call_frame, pure=True)(p, crowd, unknown, names) for p in calls.to_delayed()]
    meta = _call_frame((), (), unknown, names)
    frame: dd.DataFrame = dd.from_delayed(parts, meta=meta, verify_meta=False)
    return frame


def _call_of_line(line: str) -> Call:
    return from_json(Call, line)


def read_calls(urlpath: str | Sequence[str], *, blocksize: int | str | None = "64MiB") -> db.Bag:
    """A Bag of calls from JSON Lines files (one call in xlacore's own format per line).

    ``urlpath`` is anything :func:`dask.bag.read_text` reads (globs, ``s3://``, ...); blank
    lines are skipped.
    """
    lines = db.read_text(urlpath, blocksize=blocksize)
    calls: db.Bag = lines.filter(str.strip).map(_call_of_line)
    return calls
