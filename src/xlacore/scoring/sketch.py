"""A mergeable quantile sketch for durations in integer seconds (DDSketch-style).

Values are bucketed on a logarithmic grid: bucket ``k`` covers ``(gamma**(k-1), gamma**k]``
with ``gamma = (1 + alpha) / (1 - alpha)``, and zeros are counted exactly in a bucket of their
own. Any quantile read from the bucket counts is within relative error ``alpha`` of the exact
order statistic. Buckets are a fixed grid, so a sketch is a histogram: it merges by addition.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from attrs import field, frozen
from numpy.typing import NDArray

from xlacore.errors import ScoringError
from xlacore.model.validators import as_number, as_whole, number, whole

__all__ = ["QuantileSketch"]


@frozen
class QuantileSketch:
    """The bucket grid: relative accuracy ``alpha`` for values in ``0..max_value``."""

    alpha: float = field(
        default=0.01, converter=as_number, validator=number(0, 0.5, above=True, below=True)
    )
    max_value: int = field(default=2**32, converter=as_whole, validator=whole(1))

    @property
    def gamma(self) -> float:
        """The ratio between bucket edges."""
        return (1.0 + self.alpha) / (1.0 - self.alpha)

    @property
    def n_bins(self) -> int:
        """Bucket count: the zero bucket and the log buckets up to ``max_value``."""
        return 2 + math.ceil(math.log(self.max_value) / math.log(self.gamma))

    def bins(self, values: NDArray[Any]) -> NDArray[np.int64]:
        """Bucket index of each value (0 for zero); rejects negative or too large values."""
        if values.dtype.kind not in "iu":
            raise ScoringError(f"durations must be integer seconds, got dtype {values.dtype}")
        if not len(values):
            return np.zeros(0, dtype=np.int64)
        low, high = int(values.min()), int(values.max())
        if low < 0 or high > self.max_value:
            raise ScoringError(
                f"durations must lie in 0..{self.max_value} seconds, got {low}..{high}"
            )
        x = values.astype(np.float64)
        with np.errstate(divide="ignore"):
            k = np.ceil(np.log(x) / math.log(self.gamma))
        return np.where(x > 0, k + 1, 0).astype(np.int64)

    def bin_values(self, idx: NDArray[np.integer[Any]]) -> NDArray[np.float64]:
        """The representative of each bucket: ``2·gamma**k/(gamma + 1)``, exactly 0 for zeros."""
        g = self.gamma
        k = np.asarray(idx, dtype=np.float64) - 1.0
        return np.where(idx > 0, 2.0 * g**k / (g + 1.0), 0.0)

    def quantile_bins(
        self, counts: NDArray[np.int64], ranks: NDArray[np.int64]
    ) -> NDArray[np.int64]:
        """Per row of ``counts``, the bucket holding the order statistic of 0-based ``ranks``."""
        cum = np.cumsum(counts, axis=1)
        found: NDArray[np.int64] = (cum <= ranks[:, None]).sum(axis=1)
        last: NDArray[np.int64] = np.minimum(found, counts.shape[1] - 1)
        return last
