"""Happiness: the NPS formula on 0-10 answers with the adjusted-Wald interval."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from attrs import field, frozen

from xlacore.errors import ScoringError
from xlacore.model.validators import as_whole, optional_text, text, whole
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.functions import nps, nps_adjusted_wald, z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.ordinal import effective_counts, scale_histogram
from xlacore.scoring.params import CommonParams, statuses
from xlacore.scoring.score import Score, scores_from_arrays
from xlacore.scoring.stats import GroupStats, MergeByLabel

__all__ = ["HappinessParams", "HappinessStrategy", "happiness"]

_LOW, _HIGH = 0, 10


@frozen(kw_only=True)
class HappinessParams(CommonParams):
    """Which column holds the 0-10 answers and where positive and negative begin.

    Defaults follow HappySignals/NPS: 9-10 positive, 0-6 negative, 7-8 neutral.
    """

    column: str = field(default="value", validator=text)
    weight_column: str | None = field(default=None, validator=optional_text)
    positive_from: int = field(default=9, converter=as_whole, validator=whole())
    negative_to: int = field(default=6, converter=as_whole, validator=whole())

    def __attrs_post_init__(self) -> None:
        """Reject thresholds that overlap or leave the 0-10 scale."""
        if not _LOW <= self.negative_to < self.positive_from <= _HIGH:
            raise ScoringError(
                "happiness needs 0 <= negative_to < positive_from <= 10, got "
                f"negative_to={self.negative_to}, positive_from={self.positive_from}"
            )


class HappinessStrategy(MergeByLabel):
    """% positive - % negative (-100..+100); interval: adjusted-Wald (Rocks 2016)."""

    params_type = HappinessParams

    def accumulate(
        self, columns: ObservationColumns, grouping: Grouping, params: HappinessParams
    ) -> GroupStats:
        """Histogram of the 11 scale points per group."""
        return scale_histogram(
            columns,
            grouping,
            column=params.column,
            low=_LOW,
            high=_HIGH,
            weight_column=params.weight_column,
            signature=("scale", _LOW, _HIGH),
        )

    def finalize(self, stats: GroupStats, params: HappinessParams) -> Sequence[Score]:
        """Happiness and its adjusted-Wald interval per group."""
        hist, n_eff = effective_counts(stats)
        positive = hist[:, params.positive_from :].sum(axis=1)
        negative = hist[:, : params.negative_to + 1].sum(axis=1)
        low, high = nps_adjusted_wald(positive, negative, n_eff, z_value(params.confidence))
        n = stats["count"].sum(axis=1)
        value = np.clip(nps(positive, negative, n_eff), -100.0, 100.0)
        return scores_from_arrays(
            stats.labels,
            value=value,
            low=low,
            high=high,
            n=n,
            method="adjusted-wald",
            status=statuses(n, params),
        )


happiness = HappinessStrategy()
"""The built-in ``happiness`` strategy.

:meta hide-value:
"""
