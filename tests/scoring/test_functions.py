"""Golden vectors from published sources and laws of the pure maths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.errors import ScoringError
from xlacore.scoring.functions import (
    normalise_linear,
    nps,
    nps_adjusted_wald,
    t_interval,
    t_quantile,
    wilson_interval,
    z_value,
)


def test_happiness_plus_52_from_76_positive_24_negative() -> None:
    # HappySignals: "+52 means about 76% positive and 24% negative"
    assert float(nps(76, 24, 100)) == pytest.approx(52.0)


def test_nps_adjusted_wald_by_hand() -> None:
    # P = 60, D = 20, n = 100, z = 1.96 (Rocks 2016 adjusted-Wald), computed step by step:
    n_adj = 103.0
    p_adj = 60.75 / n_adj
    d_adj = 20.75 / n_adj
    se = math.sqrt((p_adj + d_adj - (p_adj - d_adj) ** 2) / n_adj)
    expected = (100 * (p_adj - d_adj - 1.96 * se), 100 * (p_adj - d_adj + 1.96 * se))
    low, high = nps_adjusted_wald(60, 20, 100, 1.96)
    assert (float(low), float(high)) == pytest.approx(expected, rel=1e-12)
    # and the hand values themselves, so a wrong formula cannot match itself
    assert float(low) == pytest.approx(23.38, abs=0.005)
    assert float(high) == pytest.approx(54.29, abs=0.005)


def test_nps_interval_is_about_5_points_at_n_1000() -> None:
    # cybaea's rule of thumb: n = 1,000 gives about +-5 points
    low, high = nps_adjusted_wald(500, 200, 1000, z_value(0.95))
    assert 4.0 < (float(high) - float(low)) / 2 < 6.0


def test_nps_interval_clipped_to_100() -> None:
    low, high = nps_adjusted_wald(5, 0, 5, 1.96)
    assert float(high) <= 100.0
    assert float(low) >= -100.0


@pytest.mark.parametrize(
    ("k", "n", "low", "high"),
    [
        # Wilson bounds, 95 % (z = 1.959964): standard textbook values
        (0, 10, 0.0, 0.277533),
        (5, 10, 0.236593, 0.763407),
        (10, 10, 0.722467, 1.0),
    ],
)
def test_wilson_bound_cases(k: int, n: int, low: float, high: float) -> None:
    lo, hi = wilson_interval(k, n, z_value(0.95))
    assert float(lo) == pytest.approx(low, abs=1e-6)
    assert float(hi) == pytest.approx(high, abs=1e-6)


def test_wilson_lower_bound_formula_from_evan_miller() -> None:
    k, n, z = 7, 9, 1.96
    p = k / n
    expected = (p + z * z / (2 * n) - z * math.sqrt((p * (1 - p) + z * z / (4 * n)) / n)) / (
        1 + z * z / n
    )
    assert float(wilson_interval(k, n, z)[0]) == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    ("df", "t"),
    [(1, 12.706204736), (2, 4.302652730), (10, 2.228138852), (30, 2.042272456), (1000, 1.962339)],
)
def test_t_quantile_table(df: int, t: float) -> None:
    assert float(t_quantile(0.95, df)) == pytest.approx(t, abs=2e-6)


def test_t_quantile_joins_smoothly_at_200_df() -> None:
    values = t_quantile(0.99, np.arange(190, 212))
    assert np.all(np.diff(values) < 0)


def test_t_interval_by_hand() -> None:
    # values 1, 2, 3: mean 2, sd 1, t(0.975, 2) = 4.302653
    mean, low, high = t_interval(3, 6, 14, 0.95)
    assert float(mean) == 2.0
    assert float(high) - 2.0 == pytest.approx(4.302652730 / math.sqrt(3), rel=1e-8)
    assert float(low) == pytest.approx(4.0 - float(high))


def test_servicenow_normalisation_examples_truncate_to_whole_numbers() -> None:
    up = normalise_linear(
        400, in_low=50, in_high=500, out_low=75, out_high=100, direction="maximize"
    )
    down = normalise_linear(
        79, in_low=55, in_high=84, out_low=65, out_high=74, direction="minimize"
    )
    assert float(up) == pytest.approx(94.44, abs=0.005)
    assert float(down) == pytest.approx(66.55, abs=0.005)
    assert math.trunc(float(up)) == 94
    assert math.trunc(float(down)) == 66


@pytest.mark.parametrize("confidence", [0.0, 1.0, -0.5, 1.5])
def test_invalid_confidence_rejected(confidence: float) -> None:
    with pytest.raises(ScoringError, match="confidence"):
        z_value(confidence)


def test_empty_inputs_give_nan_without_warnings() -> None:
    assert np.isnan(nps(0, 0, 0))
    assert all(np.isnan(x) for x in nps_adjusted_wald(0, 0, 0, 1.96))
    assert all(np.isnan(x) for x in wilson_interval(0, 0, 1.96))
    assert all(np.isnan(x) for x in t_interval(1, 5, 25, 0.95)[1:])


counts = st.integers(0, 10_000)


@given(counts, counts, counts, st.floats(0.5, 0.999))
def test_nps_interval_bounds_and_order(p: int, d: int, neutral: int, conf: float) -> None:
    n = p + d + neutral
    low, high = nps_adjusted_wald(p, d, n, z_value(conf))
    if n == 0:
        assert np.isnan(low)
        return
    assert -100.0 <= float(low) <= float(high) <= 100.0


@given(counts, counts, st.floats(0.5, 0.999))
def test_wilson_contains_estimate(k: int, extra: int, conf: float) -> None:
    n = k + extra
    if n == 0:
        return
    lo, hi = wilson_interval(k, n, z_value(conf))
    assert 0.0 <= float(lo) <= k / n + 1e-12
    assert k / n - 1e-12 <= float(hi) <= 1.0


@given(st.integers(1, 5_000), st.floats(0.5, 0.999), st.floats(0.5, 0.999))
def test_t_quantile_exceeds_normal_and_grows_with_confidence(df: int, c1: float, c2: float) -> None:
    lo, hi = sorted((c1, c2))
    assert float(t_quantile(lo, df)) >= z_value(lo) - 1e-9
    assert float(t_quantile(lo, df)) <= float(t_quantile(hi, df)) + 1e-9
