"""Every share an insight reports is bounded and lies inside its own interval.

A share (a Wilson-scored percentage) that cannot be computed has no value; one that can lies
from 0 to 100 % and within its interval. The property runs every analysis of
:func:`~xlacore.insights.insights_report` on generated calls, answers and self-service
events and walks the whole result.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlacore.insights import InsightData, SelfServiceEvent, SelfServiceKind, insights_report
from xlacore.model import ZERO_TO_TEN, Feedback, Subject
from xlacore.model.calls import Call
from xlacore.scoring.score import Score
from xlacore.testing.strategies import calls as call_objects

START = datetime(2026, 3, 1, tzinfo=UTC)
PEOPLE = st.sampled_from(["a", "b", "c", "d"])


def scores_in(value: Any) -> list[Score]:
    """Every :class:`Score` anywhere inside an attrs result (tuples included)."""
    if isinstance(value, Score):
        return [value]
    if isinstance(value, tuple | list):
        return [s for item in value for s in scores_in(item)]
    if attrs.has(type(value)):
        return [s for f in attrs.fields(type(value)) for s in scores_in(getattr(value, f.name))]
    return []


@st.composite
def inputs(draw: st.DrawFn) -> tuple[list[Call], list[Feedback], list[SelfServiceEvent]]:
    raw = draw(st.lists(call_objects(service_ids=st.sampled_from(["mail", "vpn"])), max_size=12))
    chosen = [
        attrs.evolve(c, id=f"C{i}", caller=draw(st.none() | PEOPLE)) for i, c in enumerate(raw)
    ]
    answers = [
        Feedback(
            id=f"F{i}",
            about=Subject("call", c.id),
            scale=ZERO_TO_TEN,
            value=draw(st.integers(0, 10)),
            answered_at=c.opened_at + timedelta(days=1),
        )
        for i, c in enumerate(chosen)
        if draw(st.booleans())
    ]
    events = draw(
        st.lists(
            st.builds(
                SelfServiceEvent,
                kind=st.sampled_from(SelfServiceKind),
                at=st.integers(0, 60 * 86_400).map(lambda s: START + timedelta(seconds=s)),
                person=st.none() | PEOPLE,
                agent_engaged=st.booleans(),
            ),
            max_size=40,
        )
    )
    return chosen, answers, events


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(inputs())
def test_every_share_is_bounded_and_inside_its_interval(
    data: tuple[list[Call], list[Feedback], list[SelfServiceEvent]],
) -> None:
    calls, answers, events = data
    report = insights_report(InsightData.from_objects(calls, answers), events)
    shares = [s for s in scores_in(report) if s.method == "wilson"]
    assert report.self_service is not None or not events
    for share in shares:
        if share.value is None:
            assert share.ci_low is None
            assert share.ci_high is None
            continue
        assert share.ci_low is not None
        assert share.ci_high is not None
        assert 0.0 <= share.ci_low <= share.value <= share.ci_high <= 100.0, share
