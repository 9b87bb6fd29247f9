"""Call and answer rows on arrays against each call's own facts (``call_row``, the reference)."""

from __future__ import annotations

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from xlacore.model.calls import Call
from xlacore.model.feedback import Subject, SubjectKind
from xlacore.model.people import Person
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.observations import (
    call_observations,
    call_row,
    call_table,
    feedback_observations,
    feedback_table,
    observation_tables,
)
from xlacore.testing.strategies import calls, feedback, people


def _same(a: ObservationColumns, b: ObservationColumns) -> bool:
    if a.names != b.names or a.n_rows != b.n_rows:
        return False
    return all(
        a.column(n).dtype == b.column(n).dtype
        and a.column(n).tolist() == b.column(n).tolist()
        and (a.mask(n) is None) == (b.mask(n) is None)
        and (a.mask(n) is None or a.mask(n).tolist() == b.mask(n).tolist())
        for n in a.names
    )


@settings(max_examples=300)
@given(
    st.lists(calls(max_events=10), max_size=6, unique_by=lambda c: c.id),
    st.lists(people(), max_size=4, unique_by=lambda p: p.id),
    st.sampled_from([None, "unknown"]),
    st.data(),
)
def test_call_observations_are_the_rows_of_each_call(
    batch: list[Call], crowd: list[Person], unknown: str | None, data: st.DataObject
) -> None:
    if crowd:  # most callers are known people, so their segments join the rows
        known = st.sampled_from([p.id for p in crowd])
        batch = [attrs.evolve(c, caller=data.draw(st.none() | known)) for c in batch]
    by_id = {p.id: p for p in crowd}
    want = call_table([call_row(c, by_id) for c in batch], unknown=unknown)
    got = call_observations(batch, people=crowd, unknown=unknown)
    assert _same(got, want)


@settings(max_examples=200)
@given(
    st.lists(calls(max_events=6), max_size=5),
    st.lists(people(), max_size=3, unique_by=lambda p: p.id),
    st.sampled_from([None, "unknown"]),
    st.data(),
)
def test_answers_join_the_rows_of_their_calls(
    batch: list[Call], crowd: list[Person], unknown: str | None, data: st.DataObject
) -> None:
    """``feedback_observations`` joins answers as ``feedback_table`` does with each call's row."""
    who = st.none() | st.sampled_from([p.id for p in crowd]) if crowd else st.none()
    batch = [attrs.evolve(c, caller=data.draw(who)) for c in batch]  # callers' segments join
    ids = sorted({c.id for c in batch} | {"elsewhere"})
    about = st.builds(Subject, kind=st.sampled_from(SubjectKind), id=st.sampled_from(ids))
    answers = [
        attrs.evolve(a, person=data.draw(who))
        for a in data.draw(st.lists(feedback(about=about), max_size=6))
    ]
    by_id = {p.id: p for p in crowd}
    rows = {c.id: call_row(c, by_id) for c in batch}
    want = feedback_table(answers, rows, people=by_id, unknown=unknown)
    got = feedback_observations(answers, calls=batch, people=crowd, unknown=unknown)
    assert _same(got, want)


@settings(max_examples=100)
@given(st.lists(calls(max_events=4), max_size=4), st.data())
def test_both_tables_at_once_are_each_table(batch: list[Call], data: st.DataObject) -> None:
    """``observation_tables`` derives the facts once; the tables are the two functions'."""
    ids = sorted({c.id for c in batch} | {"elsewhere"})
    about = st.builds(Subject, kind=st.just(SubjectKind.CALL), id=st.sampled_from(ids))
    answers = data.draw(st.lists(feedback(about=about), max_size=4))
    both = observation_tables(batch, answers, unknown="unknown")
    assert _same(both[0], call_observations(batch, unknown="unknown"))
    assert _same(both[1], feedback_observations(answers, calls=batch, unknown="unknown"))
