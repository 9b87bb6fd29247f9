"""Quantile sketch bound, percentiles, composite rules, engine chunking, columns, builtins."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from xlacore.errors import ScoringError, UnknownNameError
from xlacore.scoring.builtin import BUILTIN_STRATEGIES, builtin_strategy, composite
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.composite import Component, CompositeParams
from xlacore.scoring.engine import accumulate, score, stream
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.normalisation import Band, Normalisation
from xlacore.scoring.percentile import MedianParams, PercentileParams, median, percentile
from xlacore.scoring.proportion import ProportionParams
from xlacore.scoring.protocol import ScoringStrategy
from xlacore.scoring.score import ScoreStatus
from xlacore.scoring.sketch import QuantileSketch

durations = st.lists(st.integers(0, 10**7), min_size=1, max_size=200)


@given(durations, st.floats(0.0, 1.0), st.sampled_from([0.01, 0.02, 0.05]))
def test_sketch_quantile_within_relative_error(values: list[int], q: float, alpha: float) -> None:
    cols = ObservationColumns.from_arrays(d=np.array(values, dtype=np.int64))
    params = PercentileParams(column="d", q=q, sketch=QuantileSketch(alpha))
    (s,) = percentile.finalize(percentile.accumulate(cols, Grouping.of(cols), params), params)
    exact = float(np.quantile(np.array(values), q, method="lower"))
    assert s.value is not None
    assert abs(s.value - exact) <= alpha * exact * (1 + 1e-9)
    assert s.ci_low is not None
    assert s.ci_high is not None
    assert s.ci_low <= s.value <= s.ci_high


@given(durations, durations)
def test_sketch_merge_is_exact(a: list[int], b: list[int]) -> None:
    params = MedianParams(column="d")
    parts = [ObservationColumns.from_arrays(d=np.array(x, dtype=np.int64)) for x in (a, b)]
    stats = [median.accumulate(c, Grouping.of(c), params) for c in parts]
    whole = ObservationColumns.from_arrays(d=np.array(a + b, dtype=np.int64))
    one = median.accumulate(whole, Grouping.of(whole), params)
    np.testing.assert_array_equal(median.merge(*stats)["count"], one["count"])


def test_sketch_rejects_negative_and_fractional_durations() -> None:
    with pytest.raises(ScoringError, match=r"0\.\."):
        QuantileSketch().bins(np.array([-1, 5]))
    with pytest.raises(ScoringError, match="integer seconds"):
        QuantileSketch().bins(np.array([1.5]))


def test_zeros_are_exact_in_the_sketch() -> None:
    cols = ObservationColumns.from_arrays(d=np.zeros(10, dtype=np.int64))
    (s,) = percentile.finalize(
        percentile.accumulate(cols, Grouping.of(cols), PercentileParams(column="d")),
        PercentileParams(column="d"),
    )
    assert (s.value, s.ci_low, s.ci_high) == (0.0, 0.0, 0.0)


WIFI = Normalisation(
    bands=(Band(in_low=50, in_high=500, out_low=75, out_high=100),), direction="maximize"
)


def test_normalisation_documented_examples() -> None:
    down = Normalisation(
        bands=(Band(in_low=55, in_high=84, out_low=65, out_high=74),), direction="minimize"
    )
    assert WIFI.apply(400).item() == 94.0
    assert down.apply(79).item() == 66.0
    assert WIFI.apply(400, truncate=False).item() == pytest.approx(94.444, abs=1e-3)


def test_bands_choose_the_range_and_reject_overlap() -> None:
    three = Normalisation(
        bands=(
            Band(in_low=0, in_high=40, out_low=0, out_high=44),
            Band(in_low=40, in_high=70, out_low=45, out_high=75),
            Band(in_low=70, in_high=100, out_low=76, out_high=100),
        ),
        direction="maximize",
        truncate=False,
    )
    np.testing.assert_allclose(three.apply([20, 55, 85, 150, -5]), [22, 60, 88, 100, 0])
    with pytest.raises(ScoringError, match="overlap"):
        Normalisation(
            bands=(
                Band(in_low=0, in_high=50, out_low=0, out_high=1),
                Band(in_low=40, in_high=60, out_low=0, out_high=1),
            ),
            direction="maximize",
        )


def _composite_cols() -> ObservationColumns:
    return ObservationColumns.from_arrays(
        team=np.array(["a"] * 20 + ["b"] * 20 + ["c"] * 2),
        value=np.array([10] * 18 + [0] * 2 + [10] * 10 + [0] * 10 + [10, 10]),
        fcr=np.array([True] * 20 + [True] * 5 + [False] * 15 + [True, True]),
    )


def _components(pass_at: float | None = None) -> tuple[Component, ...]:
    pct = Normalisation(
        bands=(Band(in_low=0, in_high=100, out_low=0, out_high=100),),
        direction="maximize",
        truncate=False,
    )
    nps = Normalisation(
        bands=(Band(in_low=-100, in_high=100, out_low=0, out_high=100),),
        direction="maximize",
        truncate=False,
    )
    return (
        Component(
            strategy="happiness",
            params=HappinessParams(min_n=5),
            normalisation=nps,
            weight=3.0,
            pass_at=pass_at,
        ),
        Component(
            strategy="proportion",
            params=ProportionParams(column="fcr", min_n=5),
            normalisation=pct,
            weight=1.0,
            pass_at=pass_at,
        ),
    )


@pytest.mark.parametrize(
    ("rule", "expected_a", "expected_b"),
    [
        ("weighted_average", (3 * 90 + 100) / 4, (3 * 50 + 25) / 4),
        ("minimum", 90.0, 25.0),
        ("all_must_pass", 1.0, 0.0),
    ],
)
def test_composite_rules(rule: Any, expected_a: float, expected_b: float) -> None:
    cols = _composite_cols()
    params = CompositeParams(components=_components(pass_at=50.0), rule=rule)
    scores = score(composite, cols, params, ("team",))
    assert [s.value for s in scores[:2]] == pytest.approx([expected_a, expected_b])
    assert scores[2].status is ScoreStatus.INSUFFICIENT_DATA  # team c: 2 answers < min n 5
    for s in scores[:2]:
        assert s.ci_low is not None
        assert s.ci_high is not None
        assert s.ci_low <= s.value <= s.ci_high  # type: ignore[operator]


def test_composite_rejects_missing_pass_marks_and_unknown_strategies() -> None:
    with pytest.raises(ScoringError, match="pass_at"):
        CompositeParams(components=_components(), rule="all_must_pass")
    bad = CompositeParams(
        components=(Component(strategy="hapiness", params=HappinessParams(), normalisation=WIFI),)
    )
    with pytest.raises(UnknownNameError, match="did you mean 'happiness'"):
        score(composite, _composite_cols(), bad)
    with pytest.raises(ScoringError, match=r"parameter object .* got dict"):
        Component(strategy="happiness", params={"min_n": 2}, normalisation=WIFI)


@given(st.integers(1, 50), st.integers(0, 300))
def test_chunked_threaded_and_streamed_equal_one_pass(chunk_rows: int, n: int) -> None:
    rng = np.random.default_rng(n)
    cols = ObservationColumns.from_arrays(s=rng.integers(0, 4, n), value=rng.integers(0, 11, n))
    grouping = Grouping.of(cols, ("s",))
    params = HappinessParams()
    one = happiness.accumulate(cols, grouping, params)
    with ThreadPoolExecutor(2) as pool:
        threaded = accumulate(
            happiness, cols, grouping, params, chunk_rows=chunk_rows, executor=pool
        )
    pieces = (cols.take(slice(i, i + chunk_rows)) for i in range(0, max(n, 1), chunk_rows))
    streamed = stream(happiness, pieces, params, ("s",))
    for got in (threaded, streamed):
        assert got.labels == one.labels
        np.testing.assert_array_equal(got["count"], one["count"])


def test_columns_from_mapping_and_missing_values() -> None:
    import pandas as pd  # a test dependency: DataFrames are how many users hold columns

    frame = pd.DataFrame(
        {
            "service": ["mail", "mail", "vpn"],
            "lost": pd.array([60, None, 120], dtype="Int64"),
            "at": pd.to_datetime(["2024-05-01", None, "2024-05-02"]),
        }
    )
    cols = ObservationColumns.from_mapping(frame)
    assert cols.names == ("service", "lost", "at")
    assert cols.mask("lost").tolist() == [True, False, True]  # type: ignore[union-attr]
    assert cols.column("lost").dtype.kind == "i"
    assert cols.column("at")[0] == 1_714_521_600
    assert cols.mask("service") is None


def test_timezone_aware_timestamps_read_as_utc_epoch_seconds() -> None:
    import pandas as pd

    local = pd.to_datetime(["2024-05-01T02:00:00+02:00", None], format="ISO8601", utc=True)
    frame = pd.DataFrame({"utc": local, "paris": local.tz_convert("Europe/Paris")})
    frame["naive"] = frame["utc"].dt.tz_localize(None)
    cols = ObservationColumns.from_mapping(frame)
    for name in ("utc", "paris", "naive"):
        assert cols.column(name)[0] == 1_714_521_600
        assert cols.mask(name).tolist() == [True, False]  # type: ignore[union-attr]


def test_columns_reject_inf_and_ragged_lengths() -> None:
    with pytest.raises(ScoringError, match="inf"):
        ObservationColumns.from_arrays(x=np.array([1.0, np.inf]))
    with pytest.raises(ScoringError, match="differ in length"):
        ObservationColumns.from_arrays(x=[1, 2], y=[1])
    with pytest.raises(ScoringError, match="missing values"):
        Grouping.of(ObservationColumns.from_arrays(k=[1.0, np.nan]), ("k",))


def test_grouping_labels_sorted_across_keys() -> None:
    cols = ObservationColumns.from_arrays(
        svc=np.array(["b", "a", "b", "a"]), prio=np.array([3, 1, -2, 3])
    )
    g = Grouping.of(cols, ("svc", "prio"))
    assert g.labels == (("a", 1), ("a", 3), ("b", -2), ("b", 3))
    assert [g.labels[c] for c in g.codes] == [("b", 3), ("a", 1), ("b", -2), ("a", 3)]


def test_builtin_table() -> None:
    names = [name for name, _ in BUILTIN_STRATEGIES]
    assert names == sorted(names)
    assert set(names) == {
        "ces",
        "composite",
        "csat",
        "happiness",
        "mean",
        "median",
        "percentile",
        "proportion",
    }
    for name, strategy in BUILTIN_STRATEGIES:
        assert isinstance(strategy, ScoringStrategy)
        if name != "composite":  # the others score with default parameters
            strategy.params_type()
    with pytest.raises(UnknownNameError):
        builtin_strategy("nps")


@given(
    st.lists(st.text(alphabet="ab-é\x00 ", max_size=4), max_size=60)
    | st.lists(st.text(alphabet="ab\x00", max_size=20), max_size=60),
    st.booleans(),
)
def test_factorize_of_text_is_the_sorted_distinct_values(words: list[str], raw: bool) -> None:
    """Text read as numbers (short) or hashed (long, or many characters) gives np.unique's
    labels and codes, for str and bytes."""
    from xlacore.scoring.grouping import factorize

    values = np.asarray([w.encode() for w in words] if raw else words)
    uniques, codes = factorize(values)
    expected, inverse = np.unique(values, return_inverse=True)
    assert uniques.tolist() == expected.tolist()
    assert codes.tolist() == inverse.reshape(-1).tolist()
