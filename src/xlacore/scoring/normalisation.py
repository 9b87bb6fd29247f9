"""Normalisation of raw metrics into bands (ServiceNow's linear map), for composites."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from attrs import field, frozen
from numpy.typing import ArrayLike, NDArray

from xlacore.errors import ScoringError
from xlacore.model.validators import flag, one_of
from xlacore.scoring.functions import normalise_linear

__all__ = ["Band", "Normalisation"]


@frozen(kw_only=True)
class Band:
    """Raw values ``in_low..in_high`` (L2..H2) map linearly onto ``out_low..out_high`` (L1..H1)."""

    in_low: float
    in_high: float
    out_low: float
    out_high: float

    def __attrs_post_init__(self) -> None:
        """Reject empty or reversed ranges."""
        if not self.in_high > self.in_low or not self.out_high >= self.out_low:
            raise ScoringError(f"band needs in_low < in_high and out_low <= out_high, got {self!r}")


def _bands(value: tuple[Band, ...]) -> tuple[Band, ...]:
    return tuple(sorted(value, key=lambda b: b.in_low))


@frozen(kw_only=True)
class Normalisation:
    """Bands over the raw metric (e.g. Good/Average/Poor) and the metric's direction.

    ``maximize``: higher raw values score higher; ``minimize``: lower ones do. Values outside
    every band are clamped to the nearest band. ``truncate`` cuts the result to a whole number,
    as ServiceNow's documented examples do (94.44 → 94).
    """

    bands: tuple[Band, ...] = field(converter=_bands)
    direction: Literal["maximize", "minimize"] = field(validator=one_of("maximize", "minimize"))
    truncate: bool = field(default=True, validator=flag)

    def __attrs_post_init__(self) -> None:
        """Require at least one band and no overlapping input ranges."""
        if not self.bands:
            raise ScoringError("a normalisation needs at least one band")
        for a, b in zip(self.bands, self.bands[1:], strict=False):
            if b.in_low < a.in_high:
                raise ScoringError(f"bands overlap: {a!r} and {b!r}")

    def apply(self, raw: ArrayLike, *, truncate: bool | None = None) -> NDArray[np.float64]:
        """The normalised value of each raw value (``truncate`` overrides the setting)."""
        x = np.asarray(raw, dtype=np.float64)
        lows = np.array([b.in_low for b in self.bands])
        which = np.clip(np.searchsorted(lows, x, side="right") - 1, 0, len(self.bands) - 1)
        out = np.zeros_like(x)
        for i, band in enumerate(self.bands):
            chosen: NDArray[Any] = normalise_linear(
                x,
                in_low=band.in_low,
                in_high=band.in_high,
                out_low=band.out_low,
                out_high=band.out_high,
                direction=self.direction,
            )
            out = np.where(which == i, chosen, out)
        cut = self.truncate if truncate is None else truncate
        return np.trunc(out) if cut else out
