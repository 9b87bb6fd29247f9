"""Student's t quantile and interval against scipy.stats (a test-only reference)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import stats

from xlacore.scoring.functions import t_interval, t_quantile

_CONFIDENCES = st.floats(0.5, 0.9999)


@given(_CONFIDENCES, st.integers(1, 200))
def test_t_quantile_is_exact_up_to_200_df(confidence: float, df: int) -> None:
    expected = stats.t.ppf(0.5 + confidence / 2, df)
    assert float(t_quantile(confidence, df)) == pytest.approx(expected, rel=1e-11)


@given(_CONFIDENCES, st.integers(201, 10**7))
def test_t_quantile_expansion_beyond_200_df(confidence: float, df: int) -> None:
    expected = stats.t.ppf(0.5 + confidence / 2, df)
    assert float(t_quantile(confidence, df)) == pytest.approx(expected, rel=1e-9)


@given(_CONFIDENCES, st.floats(1.0, 1000.0))
def test_fractional_df_are_floored(confidence: float, df: float) -> None:
    expected = stats.t.ppf(0.5 + confidence / 2, math.floor(df + 1e-9))
    assert float(t_quantile(confidence, df)) == pytest.approx(expected, rel=1e-9)


# 7 a rounding error short keeps 7; 8 short by more than 1e-9 is floored to 7
@pytest.mark.parametrize("df", [7 - 1e-15, 7 - 1e-10, 7.0, 7.5, 8 - 1e-8])
def test_a_rounding_error_does_not_cost_a_degree_of_freedom(df: float) -> None:
    assert float(t_quantile(0.95, df)) == float(t_quantile(0.95, 7))
    assert float(t_quantile(0.95, df)) == pytest.approx(stats.t.ppf(0.975, 7), rel=1e-11)


def test_t_quantile_vectorised_over_every_df() -> None:
    df = np.arange(1, 5001)
    for confidence in (0.8, 0.9, 0.95, 0.99, 0.999):
        expected = stats.t.ppf(0.5 + confidence / 2, df)
        np.testing.assert_allclose(t_quantile(confidence, df), expected, rtol=1e-9)


@given(
    st.lists(st.floats(-1e4, 1e4), min_size=2, max_size=60).filter(
        lambda xs: max(xs) - min(xs) > 1e-3
    ),
    _CONFIDENCES,
)
def test_t_interval_matches_scipy(values: list[float], confidence: float) -> None:
    x = np.array(values)
    mean, low, high = t_interval(len(x), x.sum(), (x * x).sum(), confidence)
    ref_low, ref_high = stats.t.interval(confidence, len(x) - 1, loc=x.mean(), scale=stats.sem(x))
    # count/sum/sum of squares lose digits to cancellation when the spread is small
    # against the values: compare the half width to the scale of the data
    scale = float(np.abs(x).max()) * 1e-9 + float(high - low) * 1e-9
    assert float(mean) == pytest.approx(x.mean(), abs=scale)
    assert float(low) == pytest.approx(ref_low, abs=scale)
    assert float(high) == pytest.approx(ref_high, abs=scale)
