"""Proportion of a boolean outcome (first-contact resolution, reopened, SLA met, escalated)."""

from __future__ import annotations

from collections.abc import Sequence

from attrs import field, frozen

from xlacore.model.validators import optional_text, text
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.ordinal import scale_histogram, top_box
from xlacore.scoring.params import CommonParams
from xlacore.scoring.score import Score
from xlacore.scoring.stats import GroupStats, MergeByLabel

__all__ = ["ProportionParams", "ProportionStrategy", "proportion"]


@frozen(kw_only=True)
class ProportionParams(CommonParams):
    """The boolean (or 0/1) column; missing entries do not count."""

    column: str = field(default="outcome", validator=text)
    weight_column: str | None = field(default=None, validator=optional_text)


class ProportionStrategy(MergeByLabel):
    """% of observations where the outcome is true, with the Wilson interval."""

    params_type = ProportionParams

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: ProportionParams
    ) -> GroupStats:
        """Counts of false and true per group."""
        return scale_histogram(
            columns,
            grouping,
            column=params.column,
            low=0,
            high=1,
            weight_column=params.weight_column,
            signature=("boolean",),
        )

    def finalize(self, stats: GroupStats, params: ProportionParams) -> Sequence[Score]:
        """% true (Wilson) per group."""
        return top_box(stats, (1,), params)


proportion = ProportionStrategy()
"""The built-in ``proportion`` strategy.

:meta hide-value:
"""
