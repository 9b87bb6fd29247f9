"""The chi-square test of homogeneity and its survival function, without scipy.

The p-value is the regularised upper incomplete gamma function Q(k/2, x/2), computed as in
Numerical Recipes (§6.2): the series for P when x < a + 1, else Lentz's continued fraction
for Q; both converge to double precision within a few hundred terms.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["regularized_gamma_q", "chi2_sf", "homogeneity"]

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 10_000


def _series_p(a: float, x: float) -> float:
    term = total = 1.0 / a
    ap = a
    for _ in range(_MAX_TERMS):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _EPS:
            break
    return total * math.exp(-x + a * math.log(x) - math.lgamma(a))


def _fraction_q(a: float, x: float) -> float:
    b = x + 1.0 - a
    c = 1.0 / _TINY
    d = 1.0 / b
    h = d
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        d = _TINY if abs(d) < _TINY else d
        c = b + an / c
        c = _TINY if abs(c) < _TINY else c
        d = 1.0 / d
        step = d * c
        h *= step
        if abs(step - 1.0) < _EPS:
            break
    return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h


def regularized_gamma_q(a: float, x: float) -> float:
    """Q(a, x) = Γ(a, x) / Γ(a) for a > 0, x >= 0."""
    if a <= 0.0 or x < 0.0:
        raise ValueError(f"Q(a, x) needs a > 0 and x >= 0, got a={a}, x={x}")
    if x == 0.0:
        return 1.0
    if x < a + 1.0:
        return max(0.0, 1.0 - _series_p(a, x))
    return min(1.0, _fraction_q(a, x))


def chi2_sf(statistic: float, df: int) -> float:
    """P(X >= statistic) for a chi-square variable with ``df`` degrees of freedom."""
    return regularized_gamma_q(df / 2.0, max(statistic, 0.0) / 2.0)


def homogeneity(table: NDArray[Any]) -> tuple[float, int, float] | None:
    """Pearson's chi-square test that the rows of a count table share one distribution.

    Empty rows and columns are dropped; returns ``(statistic, df, p_value)``, or ``None``
    when fewer than two rows or columns remain.
    """
    counts = np.asarray(table, dtype=np.float64)
    counts = counts[counts.sum(axis=1) > 0][:, counts.sum(axis=0) > 0]
    rows, cols = counts.shape
    if rows < 2 or cols < 2:
        return None
    expected = np.outer(counts.sum(axis=1), counts.sum(axis=0)) / counts.sum()
    statistic = float(((counts - expected) ** 2 / expected).sum())
    df = (rows - 1) * (cols - 1)
    return statistic, df, chi2_sf(statistic, df)
