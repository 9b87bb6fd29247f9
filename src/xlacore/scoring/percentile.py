"""Percentiles (and the median) of a duration, read from a mergeable quantile sketch."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen
from attrs.validators import instance_of

from xlacore.model.validators import as_number, number, text
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.params import CommonParams, statuses
from xlacore.scoring.score import Score, scores_from_arrays
from xlacore.scoring.sketch import QuantileSketch
from xlacore.scoring.stats import GroupStats, MergeByLabel, histogram, present_rows, rows_of

__all__ = [
    "PercentileParams",
    "PercentileStrategy",
    "MedianParams",
    "MedianStrategy",
    "percentile",
    "median",
]


@frozen(kw_only=True)
class PercentileParams(CommonParams):
    """The duration column (integer seconds), the quantile ``q`` and the sketch accuracy."""

    column: str = field(default="duration_seconds", validator=text)
    q: float = field(default=0.9, converter=as_number, validator=number(0, 1))
    sketch: QuantileSketch = field(factory=QuantileSketch, validator=instance_of(QuantileSketch))


@frozen(kw_only=True)
class MedianParams(PercentileParams):
    """The median (``q`` fixed at 0.5) of a numeric measure such as lost time in seconds."""

    column: str = field(default="lost_time_seconds", validator=text)
    q: float = field(default=0.5, init=False)


class PercentileStrategy(MergeByLabel):
    """The ``q`` quantile per group, within relative error ``alpha`` of the exact one.

    Value: the order statistic of rank ⌊q·(n-1)⌋. Interval (method ``"sketch"``): the
    distribution-free order-statistic interval (normal approximation to the binomial ranks
    n·q ± z·√(n·q·(1-q))) read from the sketch and widened by the sketch's relative error.
    """

    params_type: type[PercentileParams] = PercentileParams

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: PercentileParams
    ) -> GroupStats:
        """Sketch bucket counts per group."""
        keep, codes = present_rows(columns, grouping, params.column)
        bins = params.sketch.bins(rows_of(columns, params.column, keep))
        arrays = histogram(grouping, codes, bins, params.sketch.n_bins)
        signature = ("sketch", params.sketch.alpha, params.sketch.max_value)
        return GroupStats(grouping.keys, grouping.labels, arrays, signature)

    def finalize(self, stats: GroupStats, params: PercentileParams) -> Sequence[Score]:
        """Quantile and its order-statistic interval per group."""
        counts = stats["count"]
        n = counts.sum(axis=1)
        last = np.maximum(n - 1, 0)
        q = params.q
        rank = np.floor(q * last).astype(np.int64)
        spread = z_value(params.confidence) * np.sqrt(n * q * (1.0 - q))
        rank_lo = np.clip(np.floor(n * q - spread), 0, last).astype(np.int64)
        rank_hi = np.clip(np.ceil(n * q + spread), 0, last).astype(np.int64)
        sketch = params.sketch
        value = sketch.bin_values(sketch.quantile_bins(counts, rank))
        low = sketch.bin_values(sketch.quantile_bins(counts, np.minimum(rank_lo, rank)))
        high = sketch.bin_values(sketch.quantile_bins(counts, np.maximum(rank_hi, rank)))
        return scores_from_arrays(
            stats.labels,
            value=value,
            low=low / (1.0 + sketch.alpha),
            high=high / (1.0 - sketch.alpha),
            n=n,
            method="sketch",
            status=statuses(n, params),
        )


class MedianStrategy(PercentileStrategy):
    """The median of a numeric measure, with the same sketch and interval as percentiles."""

    params_type = MedianParams


percentile = PercentileStrategy()
"""The built-in ``percentile`` strategy.

:meta hide-value:
"""

median = MedianStrategy()
"""The built-in ``median`` strategy.

:meta hide-value:
"""
