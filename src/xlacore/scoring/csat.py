"""CSAT: top-box percentage (or mean) of answers on any scale."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from attrs import field, frozen

from xlacore.errors import ScoringError
from xlacore.model.validators import as_whole, one_of, optional_text, text, whole
from xlacore.scoring.ordinal import ScaleHistogramStrategy, check_scale, scale_mean, top_box
from xlacore.scoring.params import CommonParams
from xlacore.scoring.score import Score
from xlacore.scoring.stats import GroupStats

__all__ = ["CsatParams", "CsatStrategy", "csat"]


@frozen(kw_only=True)
class CsatParams(CommonParams):
    """The scale, the first top-box point (4 of 1-5 by default) and the measure."""

    column: str = field(default="value", validator=text)
    weight_column: str | None = field(default=None, validator=optional_text)
    scale_low: int = field(default=1, converter=as_whole, validator=whole())
    scale_high: int = field(default=5, converter=as_whole, validator=whole())
    top_box_from: int = field(default=4, converter=as_whole, validator=whole())
    measure: Literal["top_box", "mean"] = field(
        default="top_box", validator=one_of("top_box", "mean")
    )

    def __attrs_post_init__(self) -> None:
        """Reject an empty scale or a top box outside it."""
        check_scale(self.scale_low, self.scale_high)
        if not self.scale_low < self.top_box_from <= self.scale_high:
            raise ScoringError(
                f"top_box_from={self.top_box_from} must lie in "
                f"{self.scale_low + 1}..{self.scale_high}"
            )


class CsatStrategy(ScaleHistogramStrategy):
    """% of answers in the top box with the Wilson interval, or the mean with a t interval."""

    params_type = CsatParams

    def finalize(self, stats: GroupStats, params: CsatParams) -> Sequence[Score]:
        """Top-box % (Wilson) or mean (t) per group."""
        if params.measure == "mean":
            return scale_mean(stats, params.scale_low, params)
        first = params.top_box_from - params.scale_low
        return top_box(stats, range(first, params.scale_high - params.scale_low + 1), params)


csat = CsatStrategy()
"""The built-in ``csat`` strategy.

:meta hide-value:
"""
