"""When a survey answer counts as a negative experience: one rule for every analysis.

An answer is negative when it lies in the lower part of its scale: at most ``at_most`` of
the way from the lowest to the highest point. The default, 0.6, makes 0-6 negative on a
0-10 scale (the detractors of a happiness score) and 1-3 on a 1-5 scale (below the two
satisfied boxes of CSAT).
"""

from __future__ import annotations

from typing import Any, overload

import numpy as np
from numpy.typing import NDArray

__all__ = ["NEGATIVE_AT_MOST", "is_negative"]

#: How far up its scale an answer may lie and still count as negative.
NEGATIVE_AT_MOST = 0.6


@overload
def is_negative(value: int, low: int, high: int, at_most: float = ...) -> bool: ...
@overload
def is_negative(
    value: NDArray[Any], low: NDArray[Any], high: NDArray[Any], at_most: float = ...
) -> NDArray[np.bool_]: ...
def is_negative(value: Any, low: Any, high: Any, at_most: float = NEGATIVE_AT_MOST) -> Any:
    """Whether answers (scalars or arrays) lie at most ``at_most`` of the way up their scale."""
    result = np.asarray(value - low, dtype=np.float64) <= at_most * np.asarray(
        high - low, dtype=np.float64
    )
    return bool(result) if result.ndim == 0 else result
