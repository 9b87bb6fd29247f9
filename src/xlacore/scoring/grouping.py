"""Grouping: group keys encoded once to int32 codes and reused by every indicator.

Labels are sorted (lexicographically over the keys), so results are deterministic; the empty
key tuple is the "all" grouping with the single label ``()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.score import GroupLabel

__all__ = ["Grouping", "factorize"]

_DENSE_LIMIT = 1 << 24
"""Integer keys whose range is below this are factorised with bincount (O(n), no sort)."""


def factorize(values: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.int64]]:
    """Sorted unique values and each row's index into them.

    Small-range integer keys use a presence bincount (linear time); anything else sorts.
    """
    if values.dtype.kind == "b":
        values = values.view(np.int8)
    if values.dtype.kind in "iu" and len(values):
        low, high = int(values.min()), int(values.max())
        if high - low < min(_DENSE_LIMIT, 4 * len(values) + 1024):
            offset = values.astype(np.int64, copy=False) - low if low else values
            seen = np.bincount(offset, minlength=high - low + 1) > 0
            lookup = np.cumsum(seen) - 1
            return np.flatnonzero(seen) + low, lookup[offset]
    try:
        uniques, inverse = np.unique(values, return_inverse=True)
    except TypeError as exc:
        raise ScoringError(f"group key values cannot be ordered: {exc}") from None
    return uniques, inverse.astype(np.int64, copy=False)


@frozen
class Grouping:
    """Which group each row belongs to: ``codes[i]`` indexes ``labels``.

    Build it once with :meth:`of` and pass it to every strategy; :meth:`take` keeps the
    labels, so the statistics of chunks line up by position and merge without realignment.
    """

    keys: tuple[str, ...]
    labels: tuple[GroupLabel, ...]
    codes: NDArray[np.int32] = field(eq=False, repr=False)

    @classmethod
    def of(cls, columns: ObservationColumns, keys: Sequence[str] = ()) -> Grouping:
        """Group ``columns`` by the key columns ``keys`` (none: the single group "all")."""
        keys = tuple(keys)
        if len(set(keys)) != len(keys):
            raise ScoringError(f"group keys repeat: {keys}")
        if not keys:
            return cls((), ((),), np.zeros(columns.n_rows, dtype=np.int32))
        uniques: list[NDArray[Any]] = []
        combined: NDArray[np.int64] | None = None
        for key in keys:
            if columns.mask(key) is not None:
                raise ScoringError(
                    f"group key column {key!r} has missing values; fill them (e.g. 'unknown')"
                )
            u, codes = factorize(columns.column(key))
            uniques.append(u)
            if np.prod([float(len(x)) for x in uniques]) >= 2.0**62:
                raise ScoringError(f"too many key combinations to group by {keys}")
            combined = codes if combined is None else combined * len(u) + codes
        assert combined is not None
        present, row_codes = factorize(combined)
        parts = np.unravel_index(present, tuple(len(u) for u in uniques))
        columns_of_labels = [u[p].tolist() for u, p in zip(uniques, parts, strict=True)]
        labels = tuple(zip(*columns_of_labels, strict=True))
        return cls(keys, labels, row_codes.astype(np.int32))

    @property
    def size(self) -> int:
        """The number of groups."""
        return len(self.labels)

    def take(self, rows: slice | NDArray[Any]) -> Grouping:
        """The same groups for a subset of rows (chunk or mask)."""
        return Grouping(self.keys, self.labels, self.codes[rows])
