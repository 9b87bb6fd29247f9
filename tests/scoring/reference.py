"""Slow, obviously-correct scalar references: one Python loop over the rows per group."""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from xlacore.scoring.functions import t_quantile, z_value


def groups(
    keys: Sequence[Sequence[Any]], values: Sequence[Any]
) -> dict[tuple[Any, ...], list[Any]]:
    out: dict[tuple[Any, ...], list[Any]] = defaultdict(list)
    for i, v in enumerate(values):
        if v is not None:
            out[tuple(k[i] for k in keys)].append(v)
    return dict(sorted(out.items()))


def happiness(answers: list[int], z: float) -> tuple[float, float, float]:
    n = len(answers)
    pos = sum(1 for a in answers if a >= 9)
    neg = sum(1 for a in answers if a <= 6)
    nn = n + 3
    p, d = (pos + 0.75) / nn, (neg + 0.75) / nn
    se = math.sqrt((p + d - (p - d) ** 2) / nn)
    clip = lambda x: max(-100.0, min(100.0, 100 * x))  # noqa: E731
    return 100 * (pos - neg) / n, clip(p - d - z * se), clip(p - d + z * se)


def top_box(answers: list[int], first: int, z: float) -> tuple[float, float, float]:
    n = len(answers)
    k = sum(1 for a in answers if a >= first)
    p = k / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return 100 * p, 100 * max(0.0, centre - half), 100 * min(1.0, centre + half)


def mean_t(values: list[float], confidence: float) -> tuple[float, float, float]:
    n = len(values)
    m = sum(values) / n
    sd = math.sqrt(sum((v - m) ** 2 for v in values) / (n - 1))
    half = float(t_quantile(confidence, n - 1)) * sd / math.sqrt(n)
    return m, m - half, m + half


Z95 = z_value(0.95)
