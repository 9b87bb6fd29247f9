"""A least-squares slope with a heteroscedasticity-robust standard error.

Used for "each reassignment costs N points and M hours": the change of a measure per step of
a count. The standard error is White's HC1 estimator, because waiting times and lost time
spread more as counts grow; the interval uses Student's t with n - 2 degrees of freedom.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from attrs import frozen
from numpy.typing import NDArray

from xlacore.scoring.functions import t_quantile

__all__ = ["Slope", "least_squares_slope"]


@frozen
class Slope:
    """Change of a measure per step of a count: estimate, standard error, interval, n.

    All numbers are ``None`` when fewer than three observations or a single count value
    leave the slope undefined.
    """

    per_step: float | None
    std_error: float | None
    ci_low: float | None
    ci_high: float | None
    n: int
    method: str = "ols-hc1"


def least_squares_slope(x: NDArray[Any], y: NDArray[Any], confidence: float) -> Slope:
    """The ordinary least-squares slope of ``y`` on ``x`` with its HC1 interval.

    se² = n/(n-2) · Σ(xᵢ - x̄)² eᵢ² / (Σ(xᵢ - x̄)²)², where eᵢ are the residuals.
    """
    n = len(x)
    xf = np.asarray(x, dtype=np.float64)
    yf = np.asarray(y, dtype=np.float64)
    dx = xf - xf.mean() if n else xf
    sxx = float(dx @ dx)
    if n < 3 or sxx == 0.0:
        return Slope(None, None, None, None, n)
    dy = yf - yf.mean()
    b = float(dx @ dy) / sxx
    resid = dy - b * dx
    se = math.sqrt(n / (n - 2) * float((dx * dx) @ (resid * resid))) / sxx
    half = float(t_quantile(confidence, n - 2)) * se
    return Slope(b, se, b - half, b + half, n)
