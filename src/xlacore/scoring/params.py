"""Parameters every built-in strategy shares: minimum n, anonymity threshold, confidence."""

from __future__ import annotations

from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.model.validators import as_number, as_whole, number, whole
from xlacore.scoring.score import ScoreStatus

__all__ = ["CommonParams", "statuses"]


@frozen(kw_only=True)
class CommonParams:
    """Evidence rules shared by all built-in strategies.

    ``min_n``: below it a group's score is *insufficient data*. ``anonymity``: groups with fewer
    observations are *suppressed* (use it for per-person or small-group breakdowns; 0 = off).
    ``confidence``: the two-sided level of the interval.
    """

    min_n: int = field(default=1, converter=as_whole, validator=whole(1))
    anonymity: int = field(default=0, converter=as_whole, validator=whole(0))
    confidence: float = field(
        default=0.95, converter=as_number, validator=number(0, 1, above=True, below=True)
    )


def statuses(
    n: NDArray[np.integer[Any]], params: CommonParams, at_least: int = 1
) -> NDArray[np.object_]:
    """Each group's status from its observation count (suppression wins over min n).

    ``at_least`` is the strategy's own floor (a t interval needs two observations).
    """
    out = np.full(len(n), ScoreStatus.OK, dtype=object)
    out[n < max(params.min_n, at_least)] = ScoreStatus.INSUFFICIENT_DATA
    out[n < params.anonymity] = ScoreStatus.SUPPRESSED
    return out
