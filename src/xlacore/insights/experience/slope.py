"""A least-squares slope with a heteroscedasticity-robust standard error, pooled or within strata.

Used for "each reassignment costs N points and M hours": the change of a measure per step of
a count. The standard error is White's HC1 estimator, because waiting times and lost time
spread more as counts grow; the interval uses Student's t.

Pooled over services, a slope mixes the effect of a step with the differences between
services: a service that reassigns often and is rated low anyway makes reassignments look
costlier than they are. The *within-stratum* slope (``strata``: a code per row, such as the
service) compares rows of the same stratum only: x and y are centred on their stratum's
means and one common slope is fitted (the fixed-effects estimator). It equals the average of
the per-stratum slopes weighted by Σ(xᵢ - x̄ₛ)², which is their inverse variance under a
common residual variance; for a 0/1 count and a 0/100 outcome it is exactly the
Mantel-Haenszel risk difference (weights n₁ₛn₀ₛ/Nₛ), in percentage points.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.scoring.functions import t_quantile

__all__ = ["POOLED", "Slope", "least_squares_slope"]

#: The scope of a slope over every row, without strata.
POOLED = "pooled"


@frozen
class Slope:
    """Change of a measure per step of a count: estimate, standard error, interval, n.

    ``scope`` says what was compared: ``"pooled"`` (all rows) or ``"within service"`` (rows
    of the same service, ``strata`` of them). All numbers are ``None`` when too few
    observations or a single count value (within every stratum) leave the slope undefined.
    """

    per_step: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    scope: str
    strata: int = 1
    method: str = "ols-hc1"


def _centred(values: NDArray[np.float64], codes: NDArray[np.intp], size: int) -> Any:
    counts = np.bincount(codes, minlength=size)
    means = np.bincount(codes, weights=values, minlength=size) / np.maximum(counts, 1)
    return values - means[codes]


def least_squares_slope(
    x: NDArray[Any],
    y: NDArray[Any],
    confidence: float,
    *,
    strata: NDArray[np.intp] | None = None,
    scope: str | None = None,
) -> Slope:
    """The least-squares slope of ``y`` on ``x`` with its HC1 interval.

    se² = n/(n - k) · Σ dxᵢ² eᵢ² / (Σ dxᵢ²)², where dx are the deviations of x from its mean
    (its stratum's mean with ``strata``), eᵢ the residuals and k the parameters fitted: a
    mean per stratum and the slope (k = 2 pooled); t has n - k degrees of freedom. ``scope``
    labels the result (default ``"pooled"`` without strata, ``"within strata"`` with them).
    """
    n = len(x)
    xf = np.asarray(x, dtype=np.float64)
    yf = np.asarray(y, dtype=np.float64)
    if strata is None:
        codes, size, label = np.zeros(n, dtype=np.intp), 1, scope or POOLED
    else:
        _, codes = np.unique(np.asarray(strata), return_inverse=True)
        codes = codes.astype(np.intp)
        size, label = (int(codes.max()) + 1 if n else 0), scope or "within strata"
    dx = _centred(xf, codes, size) if n else xf
    sxx = float(dx @ dx)
    df = n - size - 1
    if df < 1 or sxx == 0.0:
        return Slope(None, None, None, None, n, label, size)
    dy = _centred(yf, codes, size)
    b = float(dx @ dy) / sxx
    resid = dy - b * dx
    se = math.sqrt(n / df * float((dx * dx) @ (resid * resid))) / sxx
    half = float(t_quantile(confidence, df)) * se
    return Slope(b, se, b - half, b + half, n, label, size)
