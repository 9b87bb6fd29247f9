"""Chi-square, Benjamini–Hochberg and Welch's interval against scipy.stats (test-only)."""

from __future__ import annotations

import warnings

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special, stats

from xlacore.insights._chisquare import chi2_sf, homogeneity, regularized_gamma_q
from xlacore.insights._multiple import benjamini_hochberg
from xlacore.insights.experience.knowledge import _welch


@given(st.floats(0.0, 2000.0), st.integers(1, 500))
def test_chi2_sf_matches_scipy(x: float, df: int) -> None:
    expected = stats.chi2.sf(x, df)
    assert chi2_sf(x, df) == pytest.approx(expected, rel=1e-10, abs=1e-300)


@given(st.floats(1e-3, 300.0), st.floats(0.0, 1000.0))
def test_regularized_gamma_q_matches_scipy(a: float, x: float) -> None:
    assert regularized_gamma_q(a, x) == pytest.approx(
        special.gammaincc(a, x), rel=1e-10, abs=1e-300
    )


@given(
    arrays(
        np.int64,
        st.tuples(st.integers(1, 6), st.integers(1, 6)),
        elements=st.integers(0, 500),
    )
)
def test_homogeneity_matches_chi2_contingency(table: np.ndarray) -> None:
    kept = table[table.sum(axis=1) > 0][:, table.sum(axis=0) > 0]
    result = homogeneity(table)
    if min(kept.shape) < 2:
        assert result is None
        return
    assert result is not None
    statistic, df, p = result
    ref = stats.chi2_contingency(kept, correction=False)
    assert df == ref.dof
    assert statistic == pytest.approx(ref.statistic, rel=1e-9, abs=1e-12)
    assert p == pytest.approx(ref.pvalue, rel=1e-9, abs=1e-300)


@given(
    st.lists(
        st.one_of(st.floats(0.0, 1.0), st.sampled_from([0.0, 0.01, 0.05, 1.0])),
        min_size=1,
        max_size=200,
    )
)
def test_benjamini_hochberg_matches_false_discovery_control(p: list[float]) -> None:
    ours = benjamini_hochberg(np.array(p))
    expected = stats.false_discovery_control(np.array(p), method="bh")
    np.testing.assert_allclose(ours, expected, rtol=1e-12, atol=0.0)


@given(
    st.lists(st.integers(0, 10**6), min_size=2, max_size=80),
    st.lists(st.integers(0, 10**6), min_size=2, max_size=80),
    st.floats(0.5, 0.999),
)
def test_welch_interval_matches_scipy_at_its_floored_df(
    a: list[int], b: list[int], confidence: float
) -> None:
    x, y = np.array(a, dtype=np.float64), np.array(b, dtype=np.float64)
    ours = _welch(x, y, confidence)
    if x.var() == 0 and y.var() == 0:
        assert ours.ci_low == ours.ci_high == ours.value == x[0] - y[0]
        return
    with warnings.catch_warnings():
        # scipy flags a constant sample ("catastrophic cancellation"); integer data keep
        # its variance exactly 0, so the reference is still right
        warnings.filterwarnings("ignore", "Precision loss", RuntimeWarning)
        test = stats.ttest_ind(x, y, equal_var=False)
    assert ours.value == pytest.approx(x.mean() - y.mean(), abs=1e-6)
    # t_quantile floors the degrees of freedom (conservative; 1e-9 forgives rounding, as
    # scipy's 6.999999999999999 for an exact 7): scipy's interval at that df is ours, and
    # its interval at the exact df lies inside ours
    floored = stats.t.ppf(0.5 + confidence / 2, np.floor(test.df + 1e-9))
    se = float(np.sqrt(x.var(ddof=1) / len(x) + y.var(ddof=1) / len(y)))
    scale = 1e-9 * (se * floored + abs(ours.value)) + 1e-9
    assert ours.ci_low == pytest.approx(ours.value - floored * se, abs=scale)
    assert ours.ci_high == pytest.approx(ours.value + floored * se, abs=scale)
    exact = test.confidence_interval(confidence)
    assert ours.ci_low <= exact.low + scale
    assert exact.high <= ours.ci_high + scale
