"""The evaluation plan: statistics of any split of the data merge into the one-pass report."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from functools import cache, reduce
from itertools import pairwise

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from numpy.typing import NDArray
from tests.evaluation.same import assert_same_report

from xlacore.demo import DEMO_NOW, generate
from xlacore.demo.agreements import example_agreements
from xlacore.errors import ScoringError
from xlacore.evaluation.documents import parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.plan import EvaluationPlan, EvaluationStats, Extent, needs_extent
from xlacore.model.calls import Call
from xlacore.model.documents import AgreementSet
from xlacore.model.feedback import ZERO_TO_TEN, Feedback
from xlacore.scoring.columns import ObservationColumns
from xlacore.testing import strategies as xst


def _doc(kind: str, name: str, spec: dict[str, object]) -> dict[str, object]:
    return {"apiVersion": "xlacore/v1", "kind": kind, "metadata": {"name": name}, "spec": spec}


def _objective(name: str, op: str, target: float) -> dict[str, object]:
    window = {"window": "4000d", "burn_long": "2000d", "min_n": 1}
    return {"name": name, "indicator": name, "op": op, "target": target, **window}


OPEN_SCOPE = parse_documents(
    json.dumps(
        [
            _doc("Indicator", "happy", {"source": "feedback", "strategy": "happiness"}),
            _doc(
                "Indicator",
                "reopen",
                {"source": "calls", "strategy": "proportion", "params": {"column": "reopened"}},
            ),
            _doc(
                "Indicator",
                "slow",
                {
                    "source": "calls",
                    "strategy": "percentile",
                    "params": {"column": "resolution_seconds", "q": 0.9},
                },
            ),
            _doc(
                "XLA",
                "everything",
                {
                    "segments": [
                        {
                            "name": "phone",
                            "where": {"field": "channel", "op": "eq", "value": "phone"},
                        }
                    ],
                    "objectives": [
                        _objective("happy", "gte", 0),
                        _objective("reopen", "lte", 10),
                        _objective("slow", "lte", 86_400),
                    ],
                },
            ),
        ]
    ),
    fmt="json",
)
"""Agreements without services: their scope is every service the calls name."""


@cache
def demo() -> tuple[AgreementSet, Observations]:
    data = generate()
    agreements = example_agreements()
    observations = Observations.of(
        data.calls, data.feedback, slas=agreements.sla_definitions, calendars=agreements.calendars
    )
    return agreements, observations


def _pieces(
    table: ObservationColumns, order: NDArray[np.intp], cuts: Sequence[float], k: int
) -> list[ObservationColumns]:
    bounds = [0, *sorted(int(c * table.n_rows) for c in cuts[: k - 1]), table.n_rows]
    return [table.take(order[a:b]) for a, b in pairwise(bounds)]


@st.composite
def splits(draw: st.DrawFn, observations: Observations) -> list[Observations]:
    """Parts of both tables: rows shuffled, cut anywhere (parts may be empty), paired at random."""
    k = draw(st.integers(1, 5))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    cuts = st.lists(st.floats(0, 1), min_size=k - 1, max_size=k - 1)
    calls, feedback = observations.calls, observations.feedback
    call_parts = _pieces(calls, rng.permutation(calls.n_rows), draw(cuts), k)
    answer_parts = _pieces(feedback, rng.permutation(feedback.n_rows), draw(cuts), k)
    answer_parts = [answer_parts[i] for i in draw(st.permutations(range(k)))]
    return [Observations.from_tables(c, f) for c, f in zip(call_parts, answer_parts, strict=True)]


def _merged(plan: EvaluationPlan, parts: Sequence[Observations]) -> EvaluationStats:
    return reduce(plan.merge, [plan.accumulate(p) for p in parts])


def _extent(parts: Sequence[Observations]) -> Extent:
    return reduce(Extent.merge, [Extent.of(p) for p in parts])


@given(st.data())
def test_any_split_of_the_demo_merges_into_the_one_pass_report(data: st.DataObject) -> None:
    agreements, observations = demo()
    parts = data.draw(splits(observations))
    plan = EvaluationPlan.of(agreements, at=DEMO_NOW)
    want = plan.finalize(plan.accumulate(observations))
    assert_same_report(plan.finalize(_merged(plan, parts)), want)
    assert _extent(parts) == Extent.of(observations)


def test_the_demo_plan_at_the_latest_moment_gives_evaluate() -> None:
    data = generate()
    agreements, observations = demo()
    plan = EvaluationPlan.of(agreements, extent=Extent.of(observations))
    report = plan.finalize(plan.accumulate(observations))
    assert_same_report(report, evaluate(agreements, data.calls, data.feedback))
    assert report.evaluated_at == datetime.fromtimestamp(observations.latest or 0, UTC)


@pytest.mark.slow
@given(
    st.lists(xst.calls(service_ids=st.sampled_from("abcd")), max_size=30),
    st.lists(xst.feedback(scale=st.just(ZERO_TO_TEN)), max_size=20),
    st.data(),
)
def test_open_scopes_take_every_service_of_any_split(
    calls: list[Call], answers: list[Feedback], data: st.DataObject
) -> None:
    observations = Observations.of(calls, answers)
    parts = data.draw(splits(observations))
    extent = _extent(parts)
    assert needs_extent(OPEN_SCOPE, None)
    assert needs_extent(OPEN_SCOPE, DEMO_NOW)
    plan = EvaluationPlan.of(OPEN_SCOPE, extent=extent)
    assert_same_report(plan.finalize(_merged(plan, parts)), evaluate(OPEN_SCOPE, calls, answers))


@given(st.data())
def test_merge_is_associative_and_commutative(data: st.DataObject) -> None:
    agreements, observations = demo()
    plan = EvaluationPlan.of(agreements, at=DEMO_NOW)
    a, b, c = (
        plan.accumulate(p) for p in data.draw(splits(observations).filter(lambda p: len(p) == 3))
    )
    left = plan.finalize(plan.merge(plan.merge(a, b), c))
    assert_same_report(plan.finalize(plan.merge(a, plan.merge(b, c))), left)
    assert_same_report(plan.finalize(plan.merge(plan.merge(c, a), b)), left)


def test_a_plan_needs_a_time_and_the_services_of_open_scopes() -> None:
    agreements, observations = demo()
    assert not needs_extent(agreements, DEMO_NOW)
    with pytest.raises(ScoringError, match="no evaluation time"):
        EvaluationPlan.of(agreements)
    with pytest.raises(ScoringError, match="lists no services"):
        EvaluationPlan.of(OPEN_SCOPE, at=DEMO_NOW)
    plan = EvaluationPlan.of(agreements, at=DEMO_NOW)
    other = EvaluationPlan.of(OPEN_SCOPE, extent=Extent.of(observations))
    with pytest.raises(ScoringError, match="different evaluation plans"):
        plan.merge(plan.accumulate(observations), other.accumulate(observations))
    with pytest.raises(ScoringError, match="not of this evaluation plan"):
        plan.finalize(other.accumulate(observations))
