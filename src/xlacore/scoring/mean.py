"""Mean of a numeric measure (e.g. perceived lost time) with a t interval."""

from __future__ import annotations

from collections.abc import Sequence

import attrs
import numpy as np
from attrs import field, frozen
from attrs.validators import optional

from xlacore.model.durations import is_duration_column
from xlacore.model.validators import as_number, number, optional_text, text
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import t_interval
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.params import CommonParams, statuses
from xlacore.scoring.score import Score, scores_from_arrays
from xlacore.scoring.stats import GroupStats, MergeByLabel, moments

__all__ = ["MeanParams", "MeanStrategy", "mean"]


@frozen(kw_only=True)
class MeanParams(CommonParams):
    """The numeric column (integer seconds for durations); only present values count.

    ``floor`` is the least value the measure can take; the interval is clipped to it, so a
    mean time is never "between -15 min and 70 min". ``None`` (the default) means 0 for a
    duration (a column named ``*_seconds``) and no floor otherwise.
    """

    column: str = field(default="lost_time_seconds", validator=text)
    weight_column: str | None = field(default=None, validator=optional_text)
    floor: float | None = field(
        default=None, converter=attrs.converters.optional(as_number), validator=optional(number())
    )

    @property
    def least(self) -> float | None:
        """The floor in force: ``floor``, else 0 for a duration column."""
        if self.floor is not None:
            return self.floor
        return 0.0 if is_duration_column(self.column) else None


class MeanStrategy(MergeByLabel):
    """Mean over the observations that gave a value, with their own n; t interval."""

    params_type = MeanParams

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: MeanParams
    ) -> GroupStats:
        """Count, sum (exact for integers) and sum of squares per group."""
        arrays = moments(columns, grouping, params.column, params.weight_column)
        return GroupStats(grouping.keys, grouping.labels, arrays, ("moments",))

    def finalize(self, stats: GroupStats, params: MeanParams) -> Sequence[Score]:
        """Mean and t interval per group (weighted: Kish's effective n), clipped at the floor."""
        n = stats["count"]
        if "wsum" in stats.arrays:
            with np.errstate(divide="ignore", invalid="ignore"):
                n_eff = np.where(stats["w2"] > 0, stats["wsum"] ** 2 / stats["w2"], 0.0)
                scale = np.where(stats["wsum"] > 0, n_eff / stats["wsum"], 0.0)
            value, low, high = t_interval(
                n_eff, stats["wx"] * scale, stats["wx2"] * scale, params.confidence
            )
        else:
            value, low, high = t_interval(n, stats["sum"], stats["sumsq"], params.confidence)
        if params.least is not None:  # the measure cannot go lower, nor its interval
            low = np.maximum(low, params.least)  # NaN (no interval) stays NaN
        return scores_from_arrays(
            stats.labels,
            value=value,
            low=low,
            high=high,
            n=n,
            method="t",
            status=statuses(n, params, at_least=2),
        )


mean = MeanStrategy()
"""The built-in ``mean`` strategy.

:meta hide-value:
"""
