"""Observation columns from model objects agree with the model's own derived facts."""

from __future__ import annotations

import attrs
import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from xlacore.demo import generate
from xlacore.model import ZERO_TO_TEN, Call, Feedback, Subject, SubjectKind
from xlacore.scoring.builtin import builtin_strategy
from xlacore.scoring.engine import score
from xlacore.scoring.happiness import HappinessParams
from xlacore.scoring.observations import call_observations, feedback_observations
from xlacore.testing import strategies as xst

FACTS = (
    "reassignment_count",
    "reopen_count",
    "escalation_count",
    "first_assignment_resolution",
    "first_contact_resolution",
)


@given(st.lists(xst.calls(), max_size=8))
def test_call_rows_carry_the_derived_facts(calls: list[Call]) -> None:
    columns = call_observations(calls)
    assert len(columns) == len(calls)
    if not calls:
        return
    facts = {
        **{name: name for name in FACTS},
        "reassigned": "reassignment_count",
        "reopened": "reopen_count",
        "escalated": "escalation_count",
    }
    for name, fact in facts.items():
        mask = columns.mask(name)  # True where the fact is known
        known = [True] * len(calls) if mask is None else mask.tolist()
        values = columns.column(name).tolist()
        shown = [v if k else None for v, k in zip(values, known, strict=True)]
        truths = [getattr(c, fact) for c in calls]
        if name != fact:  # happened at all; unknown stays unknown
            truths = [None if t is None else t > 0 for t in truths]
        assert shown == truths, name
    resolved = [c.resolution_seconds for c in calls]
    present = columns.mask("resolution_seconds")
    expected_present = [r is not None for r in resolved]
    assert (present.tolist() if present is not None else [True] * len(calls)) == expected_present
    data = columns.column("resolution_seconds")
    assert [int(v) for v, r in zip(data, resolved, strict=True) if r is not None] == [
        r for r in resolved if r is not None
    ]


def test_feedback_is_joined_to_its_call_and_person() -> None:
    data = generate(calls=200, people=40)
    columns = feedback_observations(data.feedback, calls=data.calls, people=data.people)
    calls = {c.id: c for c in data.calls}
    people = {p.id: p for p in data.people}
    for row, answer in enumerate(data.feedback):
        call = calls[answer.about.id]
        assert columns.column("service")[row] == call.service
        assert columns.column("reassignment_count")[row] == call.reassignment_count
        assert columns.column("department")[row] == people[answer.person or ""].department
        assert columns.column("value")[row] == answer.value


def _about_email() -> Feedback:
    return Feedback(
        id="f1",
        about=Subject(SubjectKind.SERVICE, "email"),
        scale=ZERO_TO_TEN,
        value=9,
        answered_at=generate(calls=1).calls[0].opened_at,
    )


def test_answers_about_a_service_name_it_and_miss_call_fields() -> None:
    columns = feedback_observations([_about_email()])
    assert columns.column("service")[0] == "email"
    mask = columns.mask("reassignment_count")
    assert mask is not None
    assert not mask[0]


def test_answer_rows_have_every_call_column_even_when_no_answered_call_fills_it() -> None:
    first, second = generate(calls=2).calls
    flagged = attrs.evolve(second, attributes={"vip": "yes"})
    answer = Feedback(
        id="f1",
        about=Subject(SubjectKind.CALL, first.id),
        scale=ZERO_TO_TEN,
        value=9,
        answered_at=first.opened_at,
    )
    columns = feedback_observations([answer], calls=[first, flagged])
    assert "vip" in columns.names
    mask = columns.mask("vip")
    assert mask is not None
    assert not mask.any()


def test_happiness_per_service_on_demo_data_matches_a_direct_count() -> None:
    data = generate()
    columns = feedback_observations(data.feedback, calls=data.calls)
    scores = {
        s.group: s
        for s in score(builtin_strategy("happiness"), columns, HappinessParams(), by=("service",))
    }
    calls = {c.id: c for c in data.calls}
    for service in {c.service for c in data.calls}:
        values = np.array([f.value for f in data.feedback if calls[f.about.id].service == service])
        expected = 100 * ((values >= 9).mean() - (values <= 6).mean())
        assert scores[(service,)].value is not None
        assert abs(scores[(service,)].value - expected) < 1e-9
        assert scores[(service,)].n == len(values)


FLAGS = ("resolved", "reopened", "reassigned", "escalated", "knowledge_used")
COUNTS = ("reassignment_count", "reopen_count", "escalation_count", "opened_at")


def test_empty_tables_keep_the_types_of_the_fixed_columns() -> None:
    for columns in (call_observations([]), feedback_observations([])):
        assert len(columns) == 0
        assert {columns.column(name).dtype.kind for name in FLAGS} == {"b"}
        assert {columns.column(name).dtype.kind for name in COUNTS} == {"i"}


def test_call_columns_no_answer_fills_keep_their_types() -> None:
    columns = feedback_observations([_about_email()])
    assert {columns.column(name).dtype.kind for name in FLAGS} == {"b"}
    assert columns.mask("resolved") is not None
    assert not columns.mask("resolved").any()
