"""Vectorised lookups of one column's values in another's (a join without a loop per row)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["lookup"]


def lookup(keys: NDArray[Any], query: NDArray[Any]) -> tuple[NDArray[np.intp], NDArray[np.bool_]]:
    """For each query value, the row of ``keys`` holding it and whether one does.

    ``keys`` should be unique; with repeats one of the matching rows is returned. Rows not
    found get index 0 and ``False``.
    """
    if not len(keys) or not len(query):
        return np.zeros(len(query), dtype=np.intp), np.zeros(len(query), dtype=bool)
    order = np.argsort(keys, kind="stable")
    ordered = keys[order]
    pos = np.minimum(np.searchsorted(ordered, query), len(keys) - 1)
    found = np.asarray(ordered[pos] == query, dtype=bool)
    return np.where(found, order[pos], 0).astype(np.intp), found
