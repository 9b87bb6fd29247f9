"""Grouping: group keys encoded once to integer codes and reused by every indicator.

Labels are sorted (lexicographically over the keys), so results are deterministic; the empty
key tuple is the "all" grouping with the single label ``()``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.scoring.columns import ObservationColumns, take_rows
from xlacore.scoring.score import GroupLabel

__all__ = ["Grouping", "factorize", "group_keys"]

_DENSE_LIMIT = 1 << 24
"""Integer keys whose range is below this are factorised with bincount (O(n), no sort)."""
_TEXT_WIDTH = 16
"""Text up to this many characters may be read as a number (one pass per character)."""


def _dense_range(values: NDArray[Any]) -> tuple[int, int] | None:
    """``(low, high)`` of an integer key whose range is small enough for bincount, else None."""
    if values.dtype.kind not in "iub" or not len(values):
        return None
    low, high = int(values.min()), int(values.max())
    return (low, high) if high - low < min(_DENSE_LIMIT, 4 * len(values) + 1024) else None


def _text_as_integers(values: NDArray[Any]) -> NDArray[np.intp] | None:
    """Short fixed-width text as integers in the same order, or None when they would be large.

    Each character position is a digit: the rank of its character among those found at that
    position. numpy pads text with NUL, the least character, so the order is numpy's.
    """
    width = values.dtype.itemsize // (4 if values.dtype.kind == "U" else 1)
    if not len(values) or not 0 < width <= _TEXT_WIDTH:
        return None
    unit = np.uint32 if values.dtype.kind == "U" else np.uint8
    chars: NDArray[np.unsignedinteger[Any]] = np.ascontiguousarray(values).view(unit)
    limit = min(_DENSE_LIMIT, 4 * len(values) + 1024)
    number, numbers = np.zeros(len(values), dtype=np.intp), 1
    for position in chars.reshape(len(values), width).T:
        low, high = int(position.min()), int(position.max())
        if low == high:
            continue
        offset = position - low
        seen = np.bincount(offset, minlength=high - low + 1) > 0
        base = int(np.count_nonzero(seen))
        numbers *= base
        if numbers >= limit:
            return None
        number *= base
        number += (np.cumsum(seen) - 1)[offset]
    return number


def factorize(values: NDArray[Any]) -> tuple[NDArray[Any], NDArray[np.intp]]:
    """Sorted unique values and each row's index into them.

    Small-range integer keys use a presence bincount (linear time), and so does short text
    whose characters make a small-range number (codes such as ``"s01"``); other text finds
    its distinct values by hashing (numpy >= 2.3) and each row's by binary search among them,
    which is several times faster than sorting every row's string; anything else sorts.
    """
    if values.dtype.kind == "b":
        values = values.view(np.int8)
    if values.dtype.kind in "US":
        number = _text_as_integers(values)
        if number is not None:
            _, codes = factorize(number)
            first = np.empty(int(codes.max()) + 1, dtype=np.intp)
            first[codes] = np.arange(len(values))
            return values[first], codes
    span = _dense_range(values)
    if span is not None:
        low, high = span
        offset = values.astype(np.intp, copy=False)
        if low:
            offset = offset - low
        seen = np.bincount(offset, minlength=high - low + 1) > 0
        if seen.all():  # every value of the range occurs: the offsets are the codes
            return np.arange(low, high + 1, dtype=values.dtype), offset
        return np.flatnonzero(seen) + low, (np.cumsum(seen) - 1)[offset]
    if values.dtype.kind in "US":
        try:
            distinct = np.unique(values, sorted=False)  # type: ignore[call-overload,unused-ignore]
        except TypeError:  # numpy < 2.3: no hashing unique
            distinct = None
        if distinct is not None:
            uniques = np.sort(distinct)
            return uniques, np.searchsorted(uniques, values).astype(np.intp, copy=False)
    try:
        uniques, inverse = np.unique(values, return_inverse=True)
    except TypeError as exc:
        raise ScoringError(f"group key values cannot be ordered: {exc}") from None
    return uniques, inverse.astype(np.intp, copy=False)


def _key_codes(values: NDArray[Any]) -> tuple[NDArray[Any], NDArray[Any]]:
    """Candidate values of one key and each row's index into them.

    Small-range integers index their whole range without a pass (absent values drop out when
    the combined key is factorised); other keys are factorised.
    """
    if values.dtype.kind == "b":
        values = values.view(np.int8)
    span = _dense_range(values)
    if span is None:
        return factorize(values)
    low, high = span
    return np.arange(low, high + 1, dtype=values.dtype), values.astype(
        np.intp
    ) - low if low else values


def group_keys(by: str | Iterable[str]) -> tuple[str, ...]:
    """Group-key column names: one name (``"service"``) or several, never a name's letters.

    :raises ScoringError: when a key is not a string.
    """
    keys = (by,) if isinstance(by, str) else tuple(by)
    wrong = [k for k in keys if not isinstance(k, str)]
    if wrong:
        raise ScoringError(f"group keys are column names; got {wrong[0]!r} in {keys!r}")
    return keys


@frozen
class Grouping:
    """Which group each row belongs to: ``codes[i]`` indexes ``labels``.

    Codes are ``intp``, the index type ``bincount`` consumes without a conversion pass.

    Build it once with :meth:`of` and pass it to every strategy; :meth:`take` keeps the
    labels, so the statistics of chunks line up by position and merge without realignment.
    """

    keys: tuple[str, ...]
    labels: tuple[GroupLabel, ...]
    codes: NDArray[np.intp] = field(eq=False, repr=False)

    @classmethod
    def of(cls, columns: ObservationColumns, keys: str | Sequence[str] = ()) -> Grouping:
        """Group ``columns`` by the key columns ``keys`` (none: the single group "all")."""
        keys = group_keys(keys)
        if len(set(keys)) != len(keys):
            raise ScoringError(f"group keys repeat: {keys}")
        if not keys:
            return cls((), ((),), np.zeros(columns.n_rows, dtype=np.intp))
        uniques: list[NDArray[Any]] = []
        combined: NDArray[np.intp] | None = None
        for key in keys:
            if columns.mask(key) is not None:
                raise ScoringError(
                    f"group key column {key!r} has missing values; fill them (e.g. 'unknown')"
                )
            u, codes = _key_codes(columns.column(key))
            uniques.append(u)
            if np.prod([float(len(x)) for x in uniques]) >= 2.0**62:
                raise ScoringError(f"too many key combinations to group by {keys}")
            if combined is None:
                combined = codes.astype(np.intp)
            else:
                combined *= len(u)
                combined += codes
        assert combined is not None
        present, row_codes = factorize(combined)
        parts = np.unravel_index(present, tuple(len(u) for u in uniques))
        columns_of_labels = [u[p].tolist() for u, p in zip(uniques, parts, strict=True)]
        labels = tuple(zip(*columns_of_labels, strict=True))
        return cls(keys, labels, row_codes)

    @property
    def size(self) -> int:
        """The number of groups."""
        return len(self.labels)

    def take(self, rows: slice | NDArray[Any]) -> Grouping:
        """The same groups for a subset of rows (chunk or mask)."""
        return Grouping(self.keys, self.labels, take_rows(self.codes, rows))
