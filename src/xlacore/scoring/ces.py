"""CES: customer effort on a declared scale and direction, as a mean or % easy."""

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

__all__ = ["CesParams", "CesStrategy", "ces"]


@frozen(kw_only=True)
class CesParams(CommonParams):
    """Scale, direction and the easy threshold; formulas vary, so all are declared.

    Default: the CEB/Gartner 7-point agree item ("made it easy"), higher is easier, easy = 5-7.
    With ``direction="lower_is_easier"`` easy answers are those ``<= easy_threshold``.
    """

    column: str = field(default="value", validator=text)
    weight_column: str | None = field(default=None, validator=optional_text)
    scale_low: int = field(default=1, converter=as_whole, validator=whole())
    scale_high: int = field(default=7, converter=as_whole, validator=whole())
    direction: Literal["higher_is_easier", "lower_is_easier"] = field(
        default="higher_is_easier", validator=one_of("higher_is_easier", "lower_is_easier")
    )
    easy_threshold: int = field(default=5, converter=as_whole, validator=whole())
    measure: Literal["percent_easy", "mean"] = field(
        default="percent_easy", validator=one_of("percent_easy", "mean")
    )

    def __attrs_post_init__(self) -> None:
        """Reject an empty scale or a threshold outside it."""
        check_scale(self.scale_low, self.scale_high)
        if not self.scale_low <= self.easy_threshold <= self.scale_high:
            raise ScoringError(
                f"easy_threshold={self.easy_threshold} must lie in "
                f"{self.scale_low}..{self.scale_high}"
            )


class CesStrategy(ScaleHistogramStrategy):
    """% easy answers with the Wilson interval, or the mean answer with a t interval."""

    params_type = CesParams

    def finalize(self, stats: GroupStats, params: CesParams) -> Sequence[Score]:
        """% easy (Wilson) or mean (t) per group."""
        if params.measure == "mean":
            return scale_mean(stats, params.scale_low, params)
        cut = params.easy_threshold - params.scale_low
        width = params.scale_high - params.scale_low + 1
        easy = range(cut, width) if params.direction == "higher_is_easier" else range(cut + 1)
        return top_box(stats, easy, params)


ces = CesStrategy()
"""The built-in ``ces`` strategy.

:meta hide-value:
"""
