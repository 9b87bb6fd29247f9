"""Conditions compiled to vectorised boolean masks over observation columns.

Same semantics as :func:`xlacore.model.conditions.matches` on single records: a missing value
makes every comparison false except ``ne`` (true) and ``exists`` (its stated truth), and
ordered comparisons between incomparable types are false. A field that is not a column at
all is an error (a typo must not silently select nothing).
"""

from __future__ import annotations

from functools import reduce
from typing import Any

import numpy as np
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Op
from xlacore.scoring.columns import ObservationColumns

__all__ = ["mask"]

_ORDERED = {Op.LT: np.less, Op.LE: np.less_equal, Op.GT: np.greater, Op.GE: np.greater_equal}


def _compare(condition: Compare, columns: ObservationColumns) -> NDArray[np.bool_]:
    if condition.field not in columns:
        known = ", ".join(columns.names) or "none"
        raise ScoringError(f"condition reads {condition.field!r}, not a column (have: {known})")
    data = columns.column(condition.field)
    present = columns.mask(condition.field)
    has = np.ones(columns.n_rows, dtype=bool) if present is None else present
    if condition.op is Op.EXISTS:
        return has.copy() if condition.value else ~has
    value: Any = condition.value
    if condition.op is Op.IN:
        hit = np.isin(data, np.asarray(value, dtype=object)) if len(data) else has.copy()
    elif condition.op in (Op.EQ, Op.NE):
        hit = np.asarray(data == value, dtype=bool)
        if hit.shape != data.shape:  # incomparable types: numpy answers with a scalar
            hit = np.zeros(data.shape, dtype=bool)
        if condition.op is Op.NE:
            return ~hit | ~has
    else:
        try:
            hit = np.asarray(_ORDERED[condition.op](data, value), dtype=bool)
        except (TypeError, np.exceptions.DTypePromotionError):
            hit = np.zeros(data.shape, dtype=bool)
    return hit & has


def mask(condition: Condition, columns: ObservationColumns) -> NDArray[np.bool_]:
    """Rows of ``columns`` that satisfy ``condition``; one vectorised pass per comparison."""
    if isinstance(condition, Compare):
        return _compare(condition, columns)
    if isinstance(condition, AllOf):
        parts = [mask(c, columns) for c in condition.conditions]
        return reduce(np.logical_and, parts)
    if isinstance(condition, AnyOf):
        parts = [mask(c, columns) for c in condition.conditions]
        return reduce(np.logical_or, parts)
    if isinstance(condition, Not):
        return ~mask(condition.condition, columns)
    raise ScoringError(f"not a condition: {condition!r}")
