"""Strategies: scalar references, merge laws, permutation invariance, bounds, evidence rules."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.scoring import reference as ref

from xlacore.errors import ScoringError
from xlacore.scoring.ces import CesParams, ces
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.csat import CsatParams, csat
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.mean import MeanParams, mean
from xlacore.scoring.proportion import ProportionParams, proportion
from xlacore.scoring.score import Score, ScoreStatus

ROWS = st.integers(0, 60)


@st.composite
def survey(draw: st.DrawFn, min_rows: int = 0) -> ObservationColumns:
    n = draw(st.integers(min_rows, 60))
    ints = lambda lo, hi: st.lists(st.integers(lo, hi), min_size=n, max_size=n)  # noqa: E731
    lost = draw(st.lists(st.none() | st.integers(0, 50_000), min_size=n, max_size=n))
    return ObservationColumns.from_arrays(
        service=np.array(draw(ints(0, 3)), dtype=np.int64),
        channel=np.array(
            draw(st.lists(st.sampled_from("abc"), min_size=n, max_size=n)), dtype="U1"
        ),
        value=np.array(draw(ints(0, 10)), dtype=np.int64),
        csat=np.array(draw(ints(1, 5)), dtype=np.int64),
        fcr=np.array(draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool),
        lost=np.ma.MaskedArray(
            np.array([0 if x is None else x for x in lost], dtype=np.int64),
            np.array([x is None for x in lost], dtype=bool),
        ),
    )


CASES: list[tuple[Any, Any]] = [
    (happiness, HappinessParams()),
    (csat, CsatParams(column="csat")),
    (csat, CsatParams(column="csat", measure="mean")),
    (ces, CesParams(column="value", scale_low=0, scale_high=10, easy_threshold=8)),
    (proportion, ProportionParams(column="fcr")),
    (mean, MeanParams(column="lost")),
    (mean, MeanParams(column="lost", floor=0)),
]
KEYS = [(), ("service",), ("service", "channel")]


def run(strategy: Any, params: Any, cols: ObservationColumns, keys: tuple[str, ...]) -> Any:
    return strategy.finalize(strategy.accumulate(cols, Grouping.of(cols, keys), params), params)


def close(a: tuple[Score, ...], b: tuple[Score, ...]) -> None:
    assert [(s.group, s.n, s.status, s.method) for s in a] == [
        (s.group, s.n, s.status, s.method) for s in b
    ]
    for x, y in zip(a, b, strict=True):
        for u, v in ((x.value, y.value), (x.ci_low, y.ci_low), (x.ci_high, y.ci_high)):
            assert (u is None) == (v is None)
            if u is not None and v is not None:
                assert u == pytest.approx(v, rel=1e-9, abs=1e-9)


@given(survey(), st.integers(0, 60), st.sampled_from(CASES), st.sampled_from(KEYS))
def test_merging_any_split_equals_one_pass(
    cols: ObservationColumns, cut: int, case: tuple[Any, Any], keys: tuple[str, ...]
) -> None:
    strategy, params = case
    cut = min(cut, cols.n_rows)
    whole = strategy.accumulate(cols, Grouping.of(cols, keys), params)
    # each part grouped on its own: the group sets differ, merge aligns them by label
    left, right = cols.take(slice(0, cut)), cols.take(slice(cut, None))
    a = strategy.accumulate(left, Grouping.of(left, keys), params)
    b = strategy.accumulate(right, Grouping.of(right, keys), params)
    for merged in (strategy.merge(a, b), strategy.merge(b, a)):
        assert merged.labels == whole.labels
        for name, arr in whole.arrays.items():
            if arr.dtype.kind in "iu":
                np.testing.assert_array_equal(merged[name], arr)  # counts, integer sums: exact
            else:
                np.testing.assert_allclose(merged[name], arr, rtol=1e-9)
        close(tuple(strategy.finalize(merged, params)), tuple(strategy.finalize(whole, params)))


@given(survey(), st.randoms(use_true_random=False), st.sampled_from(CASES))
def test_permutation_invariance(cols: ObservationColumns, rnd: Any, case: tuple[Any, Any]) -> None:
    strategy, params = case
    order = np.arange(cols.n_rows)
    rnd.shuffle(order)
    close(
        run(strategy, params, cols, ("service",)),
        run(strategy, params, cols.take(order), ("service",)),
    )


def _col(cols: ObservationColumns, name: str) -> list[Any]:
    data, mask = cols.column(name).tolist(), cols.mask(name)
    return (
        data
        if mask is None
        else [v if m else None for v, m in zip(data, mask.tolist(), strict=True)]
    )


def _keys(cols: ObservationColumns) -> list[list[Any]]:
    return [_col(cols, "service"), _col(cols, "channel")]


@given(survey())
def test_happiness_equals_scalar_reference(cols: ObservationColumns) -> None:
    got = run(happiness, HappinessParams(), cols, ("service", "channel"))
    want = ref.groups(_keys(cols), _col(cols, "value"))
    assert [s.group for s in got] == list(want)
    for s, answers in zip(got, want.values(), strict=True):
        assert (s.value, s.ci_low, s.ci_high) == pytest.approx(ref.happiness(answers, ref.Z95))
        assert s.n == len(answers)


@given(survey())
def test_csat_equals_scalar_reference(cols: ObservationColumns) -> None:
    got = run(csat, CsatParams(column="csat"), cols, ("service", "channel"))
    want = ref.groups(_keys(cols), _col(cols, "csat"))
    for s, answers in zip(got, want.values(), strict=True):
        assert (s.value, s.ci_low, s.ci_high) == pytest.approx(ref.top_box(answers, 4, ref.Z95))


@given(survey())
def test_mean_counts_only_given_values_and_equals_reference(cols: ObservationColumns) -> None:
    got = run(mean, MeanParams(column="lost"), cols, ("service", "channel"))
    want = ref.groups(_keys(cols), _col(cols, "lost"))
    # groups come from all rows; a group whose rows gave no lost time has n = 0
    by_label = {s.group: s for s in got}
    for label, values in want.items():
        s = by_label[label]
        assert s.n == len(values)
        if len(values) >= 2:
            assert (s.value, s.ci_low, s.ci_high) == pytest.approx(ref.mean_t(values, 0.95))
        else:
            assert s.status is ScoreStatus.INSUFFICIENT_DATA
    assert all(s.n == 0 for label, s in by_label.items() if label not in want)


@given(survey())
def test_a_floor_clips_the_interval_and_nothing_else(cols: ObservationColumns) -> None:
    free = run(mean, MeanParams(column="lost"), cols, ("service",))
    floored = run(mean, MeanParams(column="lost", floor=0), cols, ("service",))
    for a, b in zip(free, floored, strict=True):
        assert (a.value, a.ci_high, a.n, a.status) == (b.value, b.ci_high, b.n, b.status)
        assert b.ci_low == (None if a.ci_low is None else max(a.ci_low, 0.0))


def test_a_mean_duration_is_never_negative_by_default() -> None:
    cols = ObservationColumns.from_arrays(lost_time_seconds=np.array([0, 0, 0, 7200]))
    (score,) = run(mean, MeanParams(), cols, ())
    assert score.value == 1800
    assert score.ci_low == 0.0  # the t interval reaches -1800 s; no time is negative
    assert score.ci_high == pytest.approx(1800 + 3.182446305 * 3600 / 2)
    assert MeanParams(column="ces_change").least is None  # not a duration: no floor


@given(survey(), st.sampled_from(CASES))
def test_bounds(cols: ObservationColumns, case: tuple[Any, Any]) -> None:
    strategy, params = case
    for s in run(strategy, params, cols, ("service",)):
        if s.value is None:
            continue
        assert s.ci_low is not None
        assert s.ci_high is not None
        lo, hi = {
            "adjusted-wald": (-100, 100),
            "wilson": (0, 100),
        }.get(s.method, (-np.inf, np.inf))
        if isinstance(params, CsatParams):  # a mean answer lies on the scale, so does its interval
            lo, hi = (1, 5) if s.method == "t" else (lo, hi)
        if isinstance(params, MeanParams) and params.least is not None:
            lo = params.least
        assert lo <= s.ci_low <= s.ci_high <= hi
        assert lo <= s.value <= hi
        if s.method in ("wilson", "t"):
            assert s.ci_low - 1e-9 <= s.value <= s.ci_high + 1e-9


@given(st.lists(st.integers(0, 10), max_size=80), st.integers(9, 10))
def test_one_more_positive_answer_never_lowers_happiness(answers: list[int], extra: int) -> None:
    def score(values: list[int]) -> Score:
        cols = ObservationColumns.from_arrays(value=np.array(values, dtype=np.int64))
        return run(happiness, HappinessParams(), cols, ())[0]

    before, after = score(answers), score([*answers, extra])
    assert after.value is not None
    if before.value is not None:
        assert after.value >= before.value
        assert before.ci_low is not None
        assert after.ci_low is not None
        assert after.ci_low >= before.ci_low - 1e-9


def test_plus_52_through_the_strategy() -> None:
    cols = ObservationColumns.from_arrays(value=np.array([10] * 76 + [3] * 24))
    (s,) = run(happiness, HappinessParams(), cols, ())
    assert s.value == pytest.approx(52.0)
    assert s.method == "adjusted-wald"


def test_below_min_n_is_insufficient_not_a_number() -> None:
    cols = ObservationColumns.from_arrays(
        team=np.array(["a"] * 4 + ["b"] * 40), value=np.full(44, 10)
    )
    scores = run(happiness, HappinessParams(min_n=30), cols, ("team",))
    assert scores[0].status is ScoreStatus.INSUFFICIENT_DATA
    assert (scores[0].value, scores[0].ci_low, scores[0].ci_high) == (None, None, None)
    assert scores[0].n == 4
    assert scores[1].ok
    assert scores[1].value == 100.0


def test_small_groups_suppressed_by_anonymity() -> None:
    cols = ObservationColumns.from_arrays(
        person=np.array(["ann"] * 2 + ["bob"] * 6), fcr=np.ones(8, dtype=bool)
    )
    scores = run(proportion, ProportionParams(column="fcr", anonymity=5), cols, ("person",))
    assert [s.status for s in scores] == [ScoreStatus.SUPPRESSED, ScoreStatus.OK]
    assert scores[0].value is None


def test_all_grouping_with_no_rows_is_insufficient() -> None:
    cols = ObservationColumns.from_arrays(value=np.zeros(0, dtype=np.int64))
    (s,) = run(happiness, HappinessParams(), cols, ())
    assert s.status is ScoreStatus.INSUFFICIENT_DATA
    assert s.n == 0


def test_weights_of_one_equal_unweighted() -> None:
    rng = np.random.default_rng(7)
    cols = ObservationColumns.from_arrays(
        value=rng.integers(0, 11, 500), lost=rng.integers(0, 900, 500), w=np.ones(500)
    )
    for strategy, plain, weighted in [
        (happiness, HappinessParams(), HappinessParams(weight_column="w")),
        (mean, MeanParams(column="lost"), MeanParams(column="lost", weight_column="w")),
    ]:
        close(run(strategy, plain, cols, ()), run(strategy, weighted, cols, ()))


def test_downweighting_widens_the_interval() -> None:
    cols = ObservationColumns.from_arrays(
        value=np.tile(np.arange(11), 50), w=np.tile([1.0, 0.05], 275)
    )
    plain = run(happiness, HappinessParams(), cols, ())[0]
    weighted = run(happiness, HappinessParams(weight_column="w"), cols, ())[0]
    assert weighted.ci_high - weighted.ci_low > plain.ci_high - plain.ci_low  # type: ignore[operator]


def test_ces_direction() -> None:
    cols = ObservationColumns.from_arrays(value=np.array([1, 1, 2, 7]))
    easy_high = run(ces, CesParams(), cols, ())[0]
    easy_low = run(ces, CesParams(direction="lower_is_easier", easy_threshold=2), cols, ())[0]
    assert easy_high.value == pytest.approx(25.0)
    assert easy_low.value == pytest.approx(75.0)


@pytest.mark.parametrize(
    ("factory", "match"),
    [
        (lambda: HappinessParams(positive_from=6, negative_to=6), "negative_to"),
        (lambda: CsatParams(top_box_from=6), "top_box_from"),
        (lambda: CsatParams(scale_low=5, scale_high=5), "scale"),
        (lambda: CesParams(easy_threshold=9), "easy_threshold"),
        (lambda: MeanParams(min_n=0), "min_n"),
        (lambda: MeanParams(confidence=1.0), "confidence"),
    ],
)
def test_invalid_parameters_rejected(factory: Any, match: str) -> None:
    with pytest.raises((ScoringError, ValueError), match=match):
        factory()


def test_answer_outside_scale_rejected_with_clear_message() -> None:
    cols = ObservationColumns.from_arrays(value=np.array([1, 11]))
    with pytest.raises(ScoringError, match=r"11.*outside the scale 0\.\.10"):
        happiness.accumulate(cols, Grouping.of(cols), HappinessParams())


def test_merging_incompatible_statistics_rejected() -> None:
    cols = ObservationColumns.from_arrays(value=np.array([1, 5]))
    g = Grouping.of(cols)
    a = csat.accumulate(cols, g, CsatParams())
    b = csat.accumulate(cols, g, CsatParams(scale_high=7, top_box_from=6))
    with pytest.raises(ScoringError, match="cannot merge"):
        csat.merge(a, b)


def _index(fine: Grouping, coarse: Grouping) -> np.ndarray:
    """Each fine group's coarse group: its label cut to the coarse keys."""
    position = {label: i for i, label in enumerate(coarse.labels)}
    return np.array([position[label[: len(coarse.keys)]] for label in fine.labels], np.intp)


@given(survey(), st.sampled_from(CASES), st.sampled_from(KEYS[:2]))
def test_a_rollup_equals_accumulating_the_coarser_groups(
    cols: ObservationColumns, case: tuple[Any, Any], keys: tuple[str, ...]
) -> None:
    strategy, params = case
    fine, coarse = Grouping.of(cols, ("service", "channel")), Grouping.of(cols, keys)
    want = strategy.accumulate(cols, coarse, params)
    got = strategy.accumulate(cols, fine, params).rollup(coarse, _index(fine, coarse))
    assert (got.keys, got.labels, got.signature) == (want.keys, want.labels, want.signature)
    assert set(got.arrays) == set(want.arrays)
    for name, arr in want.arrays.items():
        assert got[name].dtype == arr.dtype
        if arr.dtype.kind in "iu":
            np.testing.assert_array_equal(got[name], arr)  # counts, integer sums: exact
        else:
            np.testing.assert_allclose(got[name], arr, rtol=1e-9, atol=1e-12)
    close(tuple(strategy.finalize(got, params)), tuple(strategy.finalize(want, params)))


def test_a_rollup_needs_one_target_per_group() -> None:
    cols = ObservationColumns.from_arrays(service=np.array([1, 2]), value=np.array([9, 0]))
    stats = happiness.accumulate(cols, Grouping.of(cols, "service"), HappinessParams())
    with pytest.raises(ScoringError, match="one target per group"):
        stats.rollup(Grouping.of(cols, ()), np.zeros(3, np.intp))
