"""Generated survey answers, one seeded pandas partition at a time (shared with the benchmark).

Each partition depends only on ``(seed, index)``, so workers generate their own partitions
(nothing is shipped from the client) and a single process can rebuild exactly the same rows.
Planted effects: the service shifts the answer, the channel shifts resolution time.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from xlacore.scale.plan import Measure, ScoringPlan
from xlacore.scoring.csat import CsatParams, csat
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.percentile import MedianParams, PercentileParams, median, percentile
from xlacore.scoring.proportion import ProportionParams, proportion

SERVICES = 200
CHANNELS = ("chat", "email", "phone", "portal", "walk_in")

PLAN = ScoringPlan(
    {
        "happiness": Measure(happiness, HappinessParams(column="value"), ("service", "channel")),
        "csat": Measure(csat, CsatParams(column="csat"), ("channel",)),
        "lost_mean": Measure(mean, MeanParams(column="lost_time_seconds"), ("service",)),
        "lost_median": Measure(median, MedianParams(), ("channel",)),
        "resolution_p90": Measure(
            percentile, PercentileParams(column="resolution_seconds", q=0.9), ("service",)
        ),
        "reopened": Measure(proportion, ProportionParams(column="reopened"), ()),
    }
)
"""Six indicators over three groupings: histograms, moments, sketches and proportions."""


def answers(index: int, rows: int, seed: int = 2024) -> pd.DataFrame:
    """Partition ``index``: ``rows`` answers with missing lost times and reopen flags."""
    rng = np.random.default_rng([seed, index])
    service = rng.integers(0, SERVICES, rows, dtype=np.int32)
    channel = rng.integers(0, len(CHANNELS), rows, dtype=np.int8)
    value = np.clip(rng.integers(0, 11, rows) + (service % 3 - 1), 0, 10).astype(np.int8)
    lost = pd.array(rng.integers(0, 4 * 3600, rows), dtype="Int64")
    lost[rng.random(rows) < 0.6] = pd.NA
    reopened = pd.array(rng.random(rows) < 0.08, dtype="boolean")
    reopened[rng.random(rows) < 0.05] = pd.NA
    return pd.DataFrame(
        {
            "service": service,
            "channel": pd.Categorical.from_codes(channel, CHANNELS).astype(str),
            "value": value,
            "csat": rng.integers(1, 6, rows, dtype=np.int8),
            "lost_time_seconds": lost,
            "resolution_seconds": rng.gamma(2.0, 3600.0 * (1 + channel), rows).astype(np.int64),
            "reopened": reopened,
        }
    )


def partition_sizes(total: int, partitions: int) -> Sequence[int]:
    """``partitions`` sizes summing to ``total``, as even as possible."""
    base, extra = divmod(total, partitions)
    return [base + (i < extra) for i in range(partitions)]


def all_answers(sizes: Sequence[int], seed: int = 2024) -> pd.DataFrame:
    """Every partition in one frame, as a single process would hold them."""
    parts = [answers(i, n, seed) for i, n in enumerate(sizes)]
    return pd.concat(parts, ignore_index=True)
