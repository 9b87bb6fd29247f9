"""The pure maths of the built-in strategies, vectorised over numpy arrays.

Usable without pluggy or columns: pass counts, get bounds. Inputs with ``n == 0`` give NaN
(never a warning); the strategies turn those into *insufficient data*.
"""

from __future__ import annotations

import math
from functools import lru_cache
from statistics import NormalDist
from typing import Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from xlacore.errors import ScoringError

__all__ = [
    "z_value",
    "nps",
    "nps_adjusted_wald",
    "wilson_interval",
    "t_quantile",
    "t_interval",
    "mean_from_moments",
    "normalise_linear",
]

FloatArray = NDArray[np.float64]


def z_value(confidence: float) -> float:
    """The two-sided standard normal quantile for ``confidence`` (0.95 → 1.959964…)."""
    if not 0.0 < confidence < 1.0:
        raise ScoringError(f"confidence must lie strictly between 0 and 1, got {confidence!r}")
    return NormalDist().inv_cdf(0.5 + confidence / 2.0)


def _f(x: ArrayLike) -> FloatArray:
    return np.asarray(x, dtype=np.float64)


def nps(positive: ArrayLike, negative: ArrayLike, n: ArrayLike) -> FloatArray:
    """Happiness/NPS: ``100 · (P - D) / n``, in -100..+100."""
    p, d, m = _f(positive), _f(negative), _f(n)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(m > 0, 100.0 * (p - d) / np.where(m > 0, m, 1.0), np.nan)


def nps_adjusted_wald(
    positive: ArrayLike, negative: ArrayLike, n: ArrayLike, z: float
) -> tuple[FloatArray, FloatArray]:
    """Adjusted-Wald interval of an NPS-style score (Rocks 2016), x100 and clipped to ±100.

    n' = n + 3, p' = (P + ¾)/n', d' = (D + ¾)/n', se = √((p' + d' - (p' - d')²)/n');
    the interval is (p' - d') ± z·se.
    """
    p, d, m = _f(positive), _f(negative), _f(n)
    n_adj = m + 3.0
    p_adj = (p + 0.75) / n_adj
    d_adj = (d + 0.75) / n_adj
    diff = p_adj - d_adj
    se = np.sqrt(np.maximum(p_adj + d_adj - diff**2, 0.0) / n_adj)
    low = np.clip(100.0 * (diff - z * se), -100.0, 100.0)
    high = np.clip(100.0 * (diff + z * se), -100.0, 100.0)
    empty = m <= 0
    return np.where(empty, np.nan, low), np.where(empty, np.nan, high)


def wilson_interval(k: ArrayLike, n: ArrayLike, z: float) -> tuple[FloatArray, FloatArray]:
    """Wilson score interval of the proportion ``k / n``, as fractions in 0..1.

    (p̂ + z²/2n ± z·√(p̂(1-p̂)/n + z²/4n²)) / (1 + z²/n).
    """
    kk, m = _f(k), _f(n)
    safe = np.where(m > 0, m, 1.0)
    p = kk / safe
    z2 = z * z
    denom = 1.0 + z2 / safe
    centre = (p + z2 / (2.0 * safe)) / denom
    half = z * np.sqrt(np.maximum(p * (1.0 - p) / safe + z2 / (4.0 * safe * safe), 0.0)) / denom
    # The interval contains p̂ exactly; min/max keep rounding (k = 0 gave 2.8e-15) from
    # leaving p̂ outside it.
    low = np.clip(np.minimum(centre - half, p), 0.0, 1.0)
    high = np.clip(np.maximum(centre + half, p), 0.0, 1.0)
    return np.where(m > 0, low, np.nan), np.where(m > 0, high, np.nan)


def _t_two_sided_mass(theta: FloatArray, nu: NDArray[np.int64]) -> FloatArray:
    """P(|T| < √nu·tan θ) for Student's t with integer nu (Abramowitz & Stegun 26.7.3)."""
    c2 = np.cos(theta) ** 2
    s = np.sin(theta)
    odd = nu % 2 == 1
    # odd nu: (2/π)(θ + sin θ Σ_{k=1}^{(nu-1)/2} a_k cos^{2k-1} θ), a_1 = 1, a_{k+1} = a_k·2k/(2k+1)
    # even nu: sin θ Σ_{k=0}^{nu/2-1} b_k cos^{2k} θ, b_0 = 1, b_{k+1} = b_k·(2k+1)/(2k+2)
    odd_term = np.cos(theta)
    even_term = np.ones_like(theta)
    odd_sum = np.zeros_like(theta)
    even_sum = np.zeros_like(theta)
    n_terms = np.where(odd, (nu - 1) // 2, nu // 2)
    for k in range(int(n_terms.max(initial=0))):
        live = k < n_terms
        odd_sum += np.where(live, odd_term, 0.0)
        even_sum += np.where(live, even_term, 0.0)
        odd_term = odd_term * c2 * (2 * k + 2) / (2 * k + 3)
        even_term = even_term * c2 * (2 * k + 1) / (2 * k + 2)
    return np.where(odd, (2.0 / math.pi) * (theta + s * odd_sum), s * even_sum)


_EXACT_T_MAX_DF = 200
# A computed df such as Welch's 6.999999999999999 means 7: rounding must not cost a whole one.
_DF_ROUNDING = 1e-9


@lru_cache(maxsize=64)
def _small_df_table(confidence: float) -> FloatArray:
    """Exact two-sided t quantiles for nu = 1..200, by bisection on the closed-form CDF."""
    nu = np.arange(1, _EXACT_T_MAX_DF + 1, dtype=np.int64)
    lo = np.zeros(nu.shape)
    hi = np.full(nu.shape, math.pi / 2)
    for _ in range(64):
        mid = (lo + hi) / 2
        below = _t_two_sided_mass(mid, nu) < confidence
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    table: FloatArray = np.sqrt(nu) * np.tan((lo + hi) / 2)
    table.setflags(write=False)
    return table


def t_quantile(confidence: float, df: ArrayLike) -> FloatArray:
    """Two-sided Student-t quantile: ``t`` with ``P(|T_df| < t) = confidence``.

    Degrees of freedom are floored to integers (conservative for effective n), after adding
    1e-9 so that a df a rounding error short of an integer keeps it. Exact (closed
    form, bisection; relative error below 1e-11) up to 200 df; Cornish-Fisher expansion
    (A&S 26.7.5; relative error below 1e-9 for confidences up to 0.9999) beyond. The tests
    check both against scipy. Returns NaN where ``df < 1``.
    """
    z = z_value(confidence)
    nu = np.floor(_f(df) + _DF_ROUNDING)
    exact = (nu >= 1) & (nu <= _EXACT_T_MAX_DF)
    # the table costs a bisection per new confidence: build it only when a df needs it
    small_table = _small_df_table(confidence) if exact.any() else np.full(1, np.nan)
    idx = np.clip(nu, 1, len(small_table)).astype(np.int64) - 1
    with np.errstate(divide="ignore", invalid="ignore"):
        v = np.where(nu >= 1, nu, 1.0)
        g1 = (z**3 + z) / 4
        g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
        g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
        g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
        large = z + g1 / v + g2 / v**2 + g3 / v**3 + g4 / v**4
    out = np.where(exact, small_table[idx], large)
    return np.where(nu >= 1, out, np.nan)


def mean_from_moments(
    n: ArrayLike, total: ArrayLike, total_sq: ArrayLike
) -> tuple[FloatArray, FloatArray]:
    """Mean and sample standard deviation from count, sum and sum of squares.

    The deviation is NaN for ``n < 2``; rounding below zero variance is clamped to 0.
    """
    m, s, ss = _f(n), _f(total), _f(total_sq)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean = np.where(m > 0, s / np.where(m > 0, m, 1.0), np.nan)
        var = np.where(m > 1, (ss - s * mean) / np.where(m > 1, m - 1.0, 1.0), np.nan)
    return mean, np.sqrt(np.clip(var, 0.0, None))


def t_interval(
    n: ArrayLike, total: ArrayLike, total_sq: ArrayLike, confidence: float
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Mean with its t interval (df = n - 1) from count, sum and sum of squares."""
    mean, sd = mean_from_moments(n, total, total_sq)
    m = _f(n)
    t = t_quantile(confidence, m - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        half = t * sd / np.sqrt(np.where(m > 0, m, np.nan))
    return mean, mean - half, mean + half


def normalise_linear(
    x: ArrayLike,
    *,
    in_low: float,
    in_high: float,
    out_low: float,
    out_high: float,
    direction: Literal["maximize", "minimize"],
) -> NDArray[Any]:
    """ServiceNow's linear normalisation of a raw metric ``x`` (= M1) into a band.

    maximize: L1 + (M1 - L2)/(H2 - L2)·(H1 - L1); minimize: H1 - (M1 - L2)/(H2 - L2)·(H1 - L1),
    with input range L2..H2 and output range L1..H1. ``x`` is clamped to the input range.
    """
    if not in_high > in_low:
        raise ScoringError(f"input range needs low < high, got {in_low}..{in_high}")
    if not out_high >= out_low:
        raise ScoringError(f"output range needs low <= high, got {out_low}..{out_high}")
    frac = (np.clip(_f(x), in_low, in_high) - in_low) / (in_high - in_low)
    if direction == "maximize":
        return out_low + frac * (out_high - out_low)
    if direction == "minimize":
        return out_high - frac * (out_high - out_low)
    raise ScoringError(f"direction must be 'maximize' or 'minimize', got {direction!r}")
