"""The private statistics: chi-square survival, Benjamini–Hochberg, slopes, sessions."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.insights._chisquare import chi2_sf, homogeneity, regularized_gamma_q
from xlacore.insights._episodes import sessions
from xlacore.insights._multiple import benjamini_hochberg
from xlacore.insights.experience.slope import least_squares_slope

# (statistic, df, upper tail) from published chi-square tables / scipy.stats.chi2.sf
CHI2_VECTORS = [
    (3.841458820694124, 1, 0.05),
    (6.634896601021214, 1, 0.01),
    (5.991464547107979, 2, 0.05),
    (9.487729036781154, 4, 0.05),
    (18.307038053275146, 10, 0.05),
    (100.0, 50, 3.4549313829848695e-05),
    (0.5, 10, 0.9999933882894390),
    (1.0, 1, 0.31731050786291404),
    (124.34211340400407, 100, 0.05),
]


@pytest.mark.parametrize(("x", "df", "tail"), CHI2_VECTORS)
def test_chi2_sf_matches_tables(x: float, df: int, tail: float) -> None:
    assert chi2_sf(x, df) == pytest.approx(tail, rel=1e-9)


def test_gamma_q_closed_forms() -> None:
    # Q(1, x) = e^-x; Q(1/2, x) = erfc(sqrt x)
    for x in (0.1, 1.0, 2.5, 10.0, 40.0):
        assert regularized_gamma_q(1.0, x) == pytest.approx(math.exp(-x), rel=1e-12)
        assert regularized_gamma_q(0.5, x) == pytest.approx(math.erfc(math.sqrt(x)), rel=1e-10)
    assert regularized_gamma_q(3.0, 0.0) == 1.0
    with pytest.raises(ValueError, match="a > 0"):
        regularized_gamma_q(0.0, 1.0)


@given(st.floats(0.01, 200.0), st.integers(1, 60))
def test_chi2_sf_is_a_tail_probability(x: float, df: int) -> None:
    p = chi2_sf(x, df)
    assert 0.0 <= p <= 1.0
    assert chi2_sf(x * 1.5, df) <= p + 1e-12


def test_homogeneity_of_a_known_table() -> None:
    # 2x2: [[10, 20], [30, 40]]: Pearson chi2 = 0.7936507936507936 (no continuity correction)
    statistic, df, p = homogeneity(np.array([[10, 20], [30, 40]]))  # type: ignore[misc]
    assert statistic == pytest.approx(0.7936507936507936)
    assert df == 1
    assert p == pytest.approx(0.37299848, rel=1e-6)
    assert homogeneity(np.array([[5, 0, 5], [0, 0, 0]])) is None


def test_benjamini_hochberg_known_values() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.005])
    # sorted 0.005, 0.01, 0.03, 0.04 -> *4/rank = 0.02, 0.02, 0.04, 0.04
    assert benjamini_hochberg(p).tolist() == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert benjamini_hochberg(np.array([0.9, 0.8])).tolist() == pytest.approx([0.9, 0.9])
    assert len(benjamini_hochberg(np.array([]))) == 0


def test_slope_exact_line_and_undefined_cases() -> None:
    x = np.array([0, 1, 2, 3, 0, 1, 2, 3])
    y = 5.0 - 2.0 * x
    slope = least_squares_slope(x, y, 0.95)
    assert slope.per_step == pytest.approx(-2.0)
    assert slope.std_error == pytest.approx(0.0, abs=1e-12)
    assert least_squares_slope(np.array([1, 1, 1]), np.array([1.0, 2, 3]), 0.95).per_step is None
    assert least_squares_slope(np.array([1, 2]), np.array([1.0, 2]), 0.95).n == 2


def test_slope_interval_covers_a_noisy_truth() -> None:
    rng = np.random.default_rng(7)
    x = rng.integers(0, 5, 4000)
    y = 10.0 + 3.0 * x + rng.normal(0, 1 + x, len(x))
    slope = least_squares_slope(x, y, 0.95)
    assert slope.ci_low is not None
    assert slope.ci_high is not None
    assert slope.ci_low < 3.0 < slope.ci_high


def test_sessions_split_on_key_and_gap() -> None:
    key = np.array([0, 0, 0, 1, 0], dtype=np.intp)
    start = np.array([0, 100, 1000, 50, 150], dtype=np.int64)
    end = np.array([500, 120, 1000, 60, 160], dtype=np.int64)
    # key 0 in time order: 0 (ends 500), 100, 150, 1000 -> 1000 - 500 > 300: new session
    assert sessions(key, start, end, 300).tolist() == [0, 0, 1, 2, 0]
    assert len(sessions(key[:0], start[:0], end[:0], 10)) == 0
