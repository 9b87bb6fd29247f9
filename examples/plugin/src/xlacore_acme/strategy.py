"""Top box: the share of answers at or above a threshold, per group, with the Wilson interval.

The statistics are two additive count arrays per group (answers, answers in the top box) in
xlacore's :class:`~xlacore.scoring.stats.GroupStats`, which merges them by group label: any
split of the data, merged in any order, gives the one-pass result.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen
from attrs.validators import ge, instance_of

from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import wilson_interval, z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import Score, ScoreStatus, scores_from_arrays
from xlacore.scoring.stats import GroupStats, MergeByLabel


@frozen(kw_only=True)
class TopBoxParams:
    """Which column holds the answers, where the top box starts, and the minimum n."""

    column: str = field(default="value", validator=instance_of(str))
    threshold: int = field(default=9, validator=instance_of(int))
    min_n: int = field(default=1, validator=[instance_of(int), ge(1)])


class TopBoxStrategy(MergeByLabel):
    """Share of answers >= threshold (0..1), with the Wilson 95 % interval."""

    params_type = TopBoxParams

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: TopBoxParams
    ) -> GroupStats:
        values = columns.column(params.column)
        present = columns.mask(params.column)
        codes = grouping.codes if present is None else grouping.codes[present]
        kept = values if present is None else values[present]
        answered = np.bincount(codes, minlength=grouping.size)
        top = np.bincount(codes[kept >= params.threshold], minlength=grouping.size)
        arrays = {"answered": answered.astype(np.int64), "top": top.astype(np.int64)}
        return GroupStats(grouping.keys, grouping.labels, arrays, ("acme-top-box",))

    def finalize(self, stats: GroupStats, params: TopBoxParams) -> Sequence[Score]:
        n, top = stats["answered"], stats["top"]
        low, high = wilson_interval(top, n, z_value(0.95))
        with np.errstate(invalid="ignore", divide="ignore"):
            value = top / n
        status = np.full(len(n), ScoreStatus.INSUFFICIENT_DATA, dtype=object)
        status[n >= params.min_n] = ScoreStatus.OK
        return scores_from_arrays(
            stats.labels,
            value=value,
            low=low,
            high=high,
            n=n,
            method="wilson",
            status=status,
        )
