"""A share of a count as a score: percent with its Wilson interval, or insufficient data."""

from __future__ import annotations

from xlacore.scoring.functions import wilson_interval, z_value
from xlacore.scoring.score import Score, ScoreStatus

__all__ = ["share_score"]


def share_score(group: tuple[str, ...], k: int, n: int, confidence: float, min_n: int = 1) -> Score:
    """``k`` of ``n`` in percent with its Wilson interval; fewer than ``min_n``: no value."""
    if n < max(min_n, 1):
        return Score(group, None, None, None, n, "wilson", ScoreStatus.INSUFFICIENT_DATA)
    low, high = wilson_interval(k, n, z_value(confidence))
    return Score(group, 100.0 * k / n, 100.0 * float(low), 100.0 * float(high), n, "wilson")
