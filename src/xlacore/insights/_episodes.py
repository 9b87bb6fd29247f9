"""Sessions: rows of one key that follow each other within a gap belong together.

Journeys (same person and service) and detection episodes (same service) are both such
sessions; this module holds the one vectorised rule they share.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["sessions"]

_KEY_STRIDE = np.int64(1) << np.int64(34)
"""Spacing between keys on the combined time axis; above any epoch-second span we meet."""


def sessions(
    key: NDArray[np.intp], start: NDArray[np.int64], end: NDArray[np.int64], gap: int
) -> NDArray[np.intp]:
    """A session number per row (in input order).

    Rows sorted by key and start time form one session while each row starts no later than
    ``gap`` seconds after the latest end of the rows before it in that session; a new key
    or a longer pause starts a new session. Sessions are numbered in (key, start) order.
    """
    n = len(key)
    if n == 0:
        return np.zeros(0, dtype=np.intp)
    order = np.lexsort((start, key))
    k = key[order].astype(np.int64)
    base = start.min()
    offset = k * _KEY_STRIDE
    s = start[order] - base + offset
    e = np.maximum(end[order], start[order]) - base + offset
    latest = np.maximum.accumulate(e)
    new = np.ones(n, dtype=bool)
    new[1:] = (k[1:] != k[:-1]) | (s[1:] - latest[:-1] > gap)
    numbers = np.cumsum(new) - 1
    out = np.empty(n, dtype=np.intp)
    out[order] = numbers
    return out
