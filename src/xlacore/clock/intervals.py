"""Instants as whole epoch seconds, and half-open intervals of them (merge, subtract)."""

from __future__ import annotations

import math
from collections.abc import Iterable
from datetime import UTC, datetime

__all__ = ["Interval", "epoch_seconds", "from_epoch", "merge", "subtract"]

Interval = tuple[int, int]
"""``[start, end)`` in epoch seconds."""


def epoch_seconds(instant: datetime) -> int:
    """Whole seconds since the Unix epoch of a time-zone-aware datetime (floored)."""
    return math.floor(instant.timestamp())


def from_epoch(seconds: int) -> datetime:
    """The UTC datetime of an epoch second."""
    return datetime.fromtimestamp(seconds, UTC)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, disjoint intervals covering the same instants; touching intervals are joined."""
    merged: list[Interval] = []
    for start, end in sorted(intervals):
        if end <= start:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def subtract(kept: list[Interval], cuts: list[Interval]) -> list[Interval]:
    """The parts of sorted, disjoint ``kept`` intervals outside sorted, disjoint ``cuts``."""
    result: list[Interval] = []
    index = 0
    for start, end in kept:
        while index < len(cuts) and cuts[index][1] <= start:
            index += 1
        cursor, probe = start, index
        while probe < len(cuts) and cuts[probe][0] < end:
            if cuts[probe][0] > cursor:
                result.append((cursor, cuts[probe][0]))
            cursor = max(cursor, cuts[probe][1])
            probe += 1
        if cursor < end:
            result.append((cursor, end))
    return result
