"""Mergeable per-group statistics and the bincount reducers that fill them.

A :class:`GroupStats` holds small arrays of shape ``(groups, ...)`` *with their labels*, so
statistics of chunks, streams or partitions with different group sets merge by label. Every
array is additive: merging is addition, hence associative and commutative; integer arrays
(counts, integer sums) merge exactly.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns, take_rows
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import GroupLabel

__all__ = [
    "GroupStats",
    "MergeByLabel",
    "histogram",
    "moments",
    "present_rows",
    "rows_of",
    "weight_values",
]

_EXACT_FLOAT_SUM = 2.0**53


def _readonly(arrays: Mapping[str, NDArray[Any]]) -> Mapping[str, NDArray[Any]]:
    return MappingProxyType(dict(arrays))


@frozen
class GroupStats:
    """Additive per-group arrays, keyed by group label.

    ``signature`` records what the arrays mean (strategy, scale, sketch accuracy); only
    statistics with equal keys and signatures merge.
    """

    keys: tuple[str, ...]
    labels: tuple[GroupLabel, ...]
    arrays: Mapping[str, NDArray[Any]] = field(converter=_readonly, eq=False)
    signature: tuple[Any, ...] = ()

    def __attrs_post_init__(self) -> None:
        """Check that every array has one row per label."""
        for name, arr in self.arrays.items():
            if arr.shape[:1] != (len(self.labels),):
                raise ScoringError(
                    f"statistic {name!r} has shape {arr.shape}, expected {len(self.labels)} rows"
                )

    def __getitem__(self, name: str) -> NDArray[Any]:
        """The array called ``name``."""
        return self.arrays[name]

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the constructor's arguments (a mappingproxy does not pickle)."""
        return (GroupStats, (self.keys, self.labels, dict(self.arrays), self.signature))

    def merge(self, other: GroupStats) -> GroupStats:
        """The statistics of both inputs together, aligned by label (labels stay sorted)."""
        if (self.keys, self.signature) != (other.keys, other.signature):
            raise ScoringError(
                "cannot merge statistics of different groupings or parameters: "
                f"{self.keys}/{self.signature} vs {other.keys}/{other.signature}"
            )
        if set(self.arrays) != set(other.arrays):
            raise ScoringError(
                f"cannot merge statistics with arrays {sorted(self.arrays)} and "
                f"{sorted(other.arrays)} (weighted with unweighted?)"
            )
        if self.labels == other.labels:
            merged = {k: v + other.arrays[k] for k, v in self.arrays.items()}
            return GroupStats(self.keys, self.labels, merged, self.signature)
        labels = tuple(sorted(set(self.labels) | set(other.labels)))
        position = {label: i for i, label in enumerate(labels)}
        out: dict[str, NDArray[Any]] = {}
        for name, a in self.arrays.items():
            b = other.arrays[name]
            acc = np.zeros((len(labels), *a.shape[1:]), dtype=np.result_type(a, b))
            acc[[position[x] for x in self.labels]] += a
            acc[[position[x] for x in other.labels]] += b
            out[name] = acc
        return GroupStats(self.keys, labels, out, self.signature)

    def rollup(self, grouping: Grouping, index: NDArray[np.intp]) -> GroupStats:
        """The statistics of the coarser groups of ``grouping``: group ``i`` adds to ``index[i]``.

        Each of these groups must lie wholly inside one group of ``grouping`` (its rows a
        subset of that group's); then, arrays being additive, the result equals accumulating
        the rows under ``grouping`` itself, up to the order floats were summed in.
        """
        if index.shape != (len(self.labels),):
            raise ScoringError(f"a rollup needs one target per group, got shape {index.shape}")
        out: dict[str, NDArray[Any]] = {}
        for name, a in self.arrays.items():
            acc = np.zeros((grouping.size, *a.shape[1:]), dtype=a.dtype)
            np.add.at(acc, index, a)
            out[name] = acc
        return GroupStats(grouping.keys, grouping.labels, out, self.signature)


class MergeByLabel:
    """The ``merge`` of every strategy whose statistics are one :class:`GroupStats`."""

    def merge(self, a: GroupStats, b: GroupStats) -> GroupStats:
        """Combine two statistics by label (associative and commutative)."""
        return a.merge(b)


def present_rows(
    columns: ObservationColumns, grouping: Grouping, *names: str | None
) -> tuple[NDArray[np.bool_] | None, NDArray[np.intp]]:
    """Rows where every named column has a value (None: all), and those rows' group codes."""
    keep: NDArray[np.bool_] | None = None
    for name in names:
        if name is None:
            continue
        mask = columns.mask(name)
        if mask is not None:
            keep = mask if keep is None else keep & mask
    codes = grouping.codes if keep is None else take_rows(grouping.codes, keep)
    return keep, codes


def rows_of(columns: ObservationColumns, name: str, keep: NDArray[np.bool_] | None) -> Any:
    """The values of column ``name`` in the kept rows."""
    values = columns.column(name)
    return values if keep is None else take_rows(values, keep)


def weight_values(
    columns: ObservationColumns, name: str | None, keep: NDArray[np.bool_] | None
) -> NDArray[np.float64] | None:
    """The weights in the kept rows (None without a weight column); rejects negative ones."""
    if name is None:
        return None
    w = np.asarray(rows_of(columns, name, keep), dtype=np.float64)
    if len(w) and (w.min() < 0 or not np.isfinite(w).all()):
        raise ScoringError(f"weight column {name!r} must hold finite weights >= 0")
    return w


def histogram(
    grouping: Grouping,
    codes: NDArray[np.intp],
    bins: NDArray[np.integer[Any]],
    n_bins: int,
    weights: NDArray[np.float64] | None = None,
) -> dict[str, NDArray[Any]]:
    """Per-group histogram of bin indices (one bincount over a combined key).

    Returns ``count`` (groups x bins, int64); with weights also ``wsum`` (groups x bins, the
    sum of weights per bin) and ``w2`` (groups, the sum of squared weights) for effective n.
    """
    g = grouping.size
    key = codes * n_bins + bins if n_bins > 1 else codes
    out: dict[str, NDArray[Any]] = {
        "count": np.bincount(key, minlength=g * n_bins).reshape(g, n_bins).astype(np.int64)
    }
    if weights is not None:
        out["wsum"] = np.bincount(key, weights, minlength=g * n_bins).reshape(g, n_bins)
        out["w2"] = np.bincount(codes, weights * weights, minlength=g)
    return out


def _group_sum(codes: NDArray[np.intp], values: NDArray[Any], g: int) -> NDArray[Any]:
    """Per-group sum; exact int64 for integer values (float bincount on bounded sub-chunks)."""
    if values.dtype.kind not in "iub":
        return np.bincount(codes, values.astype(np.float64, copy=False), minlength=g)
    total = np.zeros(g, dtype=np.int64)
    if not len(values):
        return total
    biggest = max(abs(int(values.min())), abs(int(values.max())), 1)
    step = max(int(_EXACT_FLOAT_SUM // biggest) - 1, 1)
    for start in range(0, len(values), step):
        part = np.bincount(
            codes[start : start + step], values[start : start + step].astype(np.float64), g
        )
        total += part.astype(np.int64)
    return total


def moments(
    columns: ObservationColumns, grouping: Grouping, column: str, weight_column: str | None
) -> dict[str, NDArray[Any]]:
    """Per-group count, sum and sum of squares of a numeric column's present values.

    Integer columns (durations in seconds) get an exact int64 ``sum``; ``sumsq`` is float64.
    With weights also ``wsum``, ``wx``, ``wx2`` and ``w2`` (sums of w, w·x, w·x², w²).
    """
    keep, codes = present_rows(columns, grouping, column, weight_column)
    values = rows_of(columns, column, keep)
    if values.dtype.kind not in "iufb":
        raise ScoringError(f"column {column!r} must be numeric, got dtype {values.dtype}")
    g = grouping.size
    x = values.astype(np.float64, copy=False)
    out: dict[str, NDArray[Any]] = {
        "count": np.bincount(codes, minlength=g).astype(np.int64),
        "sum": _group_sum(codes, values, g),
        "sumsq": np.bincount(codes, x * x, minlength=g),
    }
    w = weight_values(columns, weight_column, keep)
    if w is not None:
        wx = w * x
        out |= {
            "wsum": np.bincount(codes, w, minlength=g),
            "wx": np.bincount(codes, wx, minlength=g),
            "wx2": np.bincount(codes, wx * x, minlength=g),
            "w2": np.bincount(codes, w * w, minlength=g),
        }
    return out
