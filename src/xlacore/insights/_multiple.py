"""Benjamini–Hochberg adjustment for testing many services at once."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["benjamini_hochberg"]


def benjamini_hochberg(p_values: NDArray[Any]) -> NDArray[np.float64]:
    """BH-adjusted p-values (q-values), in input order.

    q₍ᵢ₎ = min over j >= i of p₍ⱼ₎·m/j on the ascending p-values, capped at 1; rejecting
    where q < α controls the false discovery rate at α.
    """
    p = np.asarray(p_values, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    adjusted = np.minimum(np.minimum.accumulate(scaled[::-1])[::-1], 1.0)
    out = np.empty(m)
    out[order] = adjusted
    return out
