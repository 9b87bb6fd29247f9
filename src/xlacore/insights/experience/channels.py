"""Channel consistency: whether the experience is the same on every channel of a service.

Per service, the happiness of each channel with its interval, and Pearson's chi-square test
that the channels share one distribution of answers over the three happiness bands
(negative 0-6, neutral 7-8, positive 9-10). Only channels with at least ``min_n`` answers
are judged (the rest are reported as too small); p-values of all tested services are
adjusted with Benjamini–Hochberg, and a service's channels *differ* when q < ``alpha``.
"""

from __future__ import annotations

import numpy as np
from attrs import frozen

from xlacore.insights._chisquare import homogeneity
from xlacore.insights._columns import happiness_by, zero_to_ten
from xlacore.insights._multiple import benjamini_hochberg
from xlacore.notebook import HtmlResult
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.score import Score

__all__ = ["ChannelScore", "ServiceChannels", "ChannelConsistency", "channel_consistency"]


@frozen
class ChannelScore:
    """One channel's happiness; ``judged`` is false when it has fewer than ``min_n`` answers."""

    channel: str
    happiness: Score
    judged: bool


@frozen
class ServiceChannels:
    """One service's channels and the test across its judged channels.

    ``statistic``, ``df``, ``p_value`` and ``q_value`` (BH-adjusted) are ``None`` when fewer
    than two channels could be judged; ``gap`` is the best minus the worst judged happiness.
    """

    service: str
    channels: tuple[ChannelScore, ...]
    statistic: float | None
    df: int | None
    p_value: float | None
    q_value: float | None
    differs: bool | None
    gap: float | None
    worst: str | None


@frozen
class ChannelConsistency(HtmlResult):
    """Channel consistency of every service; ``alpha`` is the false discovery rate."""

    alpha: float
    min_n: int
    services: tuple[ServiceChannels, ...]


def channel_consistency(
    answers: ObservationColumns,
    *,
    min_n: int = 30,
    alpha: float = 0.05,
    confidence: float = 0.95,
) -> ChannelConsistency:
    """Per-service channel scores and a BH-corrected homogeneity test (0-10 answers)."""
    rated = zero_to_ten(answers, "service", "channel")
    grouping = Grouping.of(rated, ("service", "channel"))
    values = rated.column("value")
    band = np.where(values <= 6, 0, np.where(values <= 8, 1, 2))
    bands = np.bincount(grouping.codes * 3 + band, minlength=3 * grouping.size).reshape(-1, 3)
    scores = happiness_by(rated, ("service", "channel"), min_n=min_n, confidence=confidence)
    tests: list[tuple[str, list[ChannelScore], tuple[float, int, float] | None]] = []
    services = sorted({label[0] for label in grouping.labels})
    for service in services:
        rows = [i for i, label in enumerate(grouping.labels) if label[0] == service]
        channels = [
            ChannelScore(grouping.labels[i][1], scores[i], bool(scores[i].ok)) for i in rows
        ]
        judged = [i for i, c in zip(rows, channels, strict=True) if c.judged]
        tests.append((service, channels, homogeneity(bands[judged])))
    p = np.array([t[2][2] for t in tests if t[2] is not None])
    q = iter(benjamini_hochberg(p).tolist())
    out = []
    for service, channels, test in tests:
        judged_scores = [
            (c.happiness.value, c.channel)
            for c in channels
            if c.judged and c.happiness.value is not None
        ]
        q_value = None if test is None else next(q)
        worst = min(judged_scores) if len(judged_scores) > 1 else None
        out.append(
            ServiceChannels(
                service=service,
                channels=tuple(channels),
                statistic=None if test is None else test[0],
                df=None if test is None else test[1],
                p_value=None if test is None else test[2],
                q_value=q_value,
                differs=None if q_value is None else q_value < alpha,
                gap=None if worst is None else max(judged_scores)[0] - worst[0],
                worst=None if worst is None else worst[1],
            )
        )
    return ChannelConsistency(alpha, min_n, tuple(out))
