"""Dask scale-out: a two-process LocalCluster gives the single-process results.

Counts and integer sums (histograms, sketches, integer lost-time sums) must be equal exactly;
float sums (sums of squares) and the scores derived from them to 1e-9 relative.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import dask
import dask.bag as db
import dask.dataframe as dd
import numpy as np
import pytest
from distributed import Client
from tests.scale.generated import PLAN, all_answers, answers, partition_sizes

from xlacore.errors import ScoringError
from xlacore.scale.dask import accumulate_dask, reduce_dask, score_dask
from xlacore.scale.plan import accumulate_tables
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import accumulate, score
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.score import Score
from xlacore.scoring.stats import GroupStats

TEN_MILLION = 10_000_000
PARTITIONS = 10


def assert_stats_equal(got: GroupStats, want: GroupStats) -> None:
    assert got.labels == want.labels
    assert got.signature == want.signature
    assert set(got.arrays) == set(want.arrays)
    for name, expected in want.arrays.items():
        actual = got[name]
        assert actual.dtype == expected.dtype, name
        if expected.dtype.kind in "iub":
            np.testing.assert_array_equal(actual, expected, err_msg=name)
        else:
            np.testing.assert_allclose(actual, expected, rtol=1e-9, atol=0, err_msg=name)


def assert_scores_equal(got: Sequence[Score], want: Sequence[Score]) -> None:
    assert [(s.group, s.n, s.status, s.method) for s in got] == [
        (s.group, s.n, s.status, s.method) for s in want
    ]
    for g, w in zip(got, want, strict=True):
        for a, b in ((g.value, w.value), (g.ci_low, w.ci_low), (g.ci_high, w.ci_high)):
            assert (a is None) == (b is None)
            if a is not None and b is not None:
                assert a == pytest.approx(b, rel=1e-9, abs=1e-12)


def single_process(frame: Any) -> tuple[dict[str, Any], dict[str, Sequence[Score]]]:
    """Statistics and scores by the in-process engine, one measure at a time.

    The scores are ``engine.score``'s: finalised engine statistics of one grouping.
    """
    cols = ObservationColumns.from_mapping(frame)
    stats, scores = {}, {}
    for name, m in PLAN.measures.items():
        stats[name] = accumulate(m.strategy, cols, Grouping.of(cols, m.by), m.params)
        scores[name] = m.strategy.finalize(stats[name], m.params)
    return stats, scores


@pytest.mark.slow
def test_ten_million_answers_on_a_local_cluster_equal_single_process(client: Client) -> None:
    sizes = partition_sizes(TEN_MILLION, PARTITIONS)
    frame = dd.from_map(answers, range(PARTITIONS), sizes, meta=answers(0, 0))
    lazy = accumulate_dask(PLAN, frame, split_every=4)
    (stats,) = dask.compute(lazy)
    distributed_scores = PLAN.finalize(stats)

    want_stats, want_scores = single_process(all_answers(sizes))
    assert int(stats["reopened"]["count"].sum()) < TEN_MILLION  # missing flags do not count
    assert int(stats["happiness"]["count"].sum()) == TEN_MILLION
    for name in PLAN.measures:
        assert_stats_equal(stats[name], want_stats[name])
        assert_scores_equal(distributed_scores[name], want_scores[name])
    assert len(distributed_scores["happiness"]) == 200 * 5


def test_partitions_with_different_groups_and_an_empty_one(client: Client) -> None:
    frame = all_answers([3000, 0, 50, 2000])
    parts = [frame.iloc[:3000], frame.iloc[3000:3000], frame.iloc[3000:3050], frame.iloc[3050:]]
    ddf = dd.from_map(lambda p: p, parts, meta=frame.iloc[:0])
    params = HappinessParams(column="value", min_n=5)
    got = score_dask(happiness, ddf, params, by=("service", "channel"), split_every=2)
    want = score(happiness, ObservationColumns.from_mapping(frame), params, ("service", "channel"))
    assert_scores_equal(got, want)


def test_a_plan_scores_every_measure_in_one_pass() -> None:
    frame = all_answers([4000, 4000, 2000])
    ddf = dd.from_pandas(frame, npartitions=3)
    with dask.config.set(scheduler="sync"):
        got = reduce_dask(PLAN, ddf)
    _, want = single_process(frame)
    assert got.keys() == want.keys()
    for name in want:
        assert_scores_equal(got[name], want[name])


def test_spark_style_batches_merge_like_one_table() -> None:
    frame = all_answers([5000])
    batches = [frame.iloc[i : i + 777] for i in range(0, len(frame), 777)]
    stats: Mapping[str, Any] | None = accumulate_tables(PLAN, batches)
    assert stats is not None
    _, want = single_process(frame)
    for name, scores in PLAN.finalize(stats).items():
        assert_scores_equal(scores, want[name])
    assert accumulate_tables(PLAN, []) is None


def test_rejects_what_is_not_a_dask_collection() -> None:
    with pytest.raises(ScoringError, match="Dask DataFrame or Bag"):
        accumulate_dask(PLAN, all_answers([10]))
    with pytest.raises(ScoringError, match="split_every"):
        accumulate_dask(PLAN, db.from_sequence([]), split_every=1)
