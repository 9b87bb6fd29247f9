"""The live ledger equals a batch evaluation of the same calls and answers at every point."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from tests.evaluation.same import assert_same_report

from xlacore.errors import InvalidInputError, ScoringError
from xlacore.evaluation.documents import parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.report import Report
from xlacore.insights.ledger import Ledger
from xlacore.model import Call, CallEvent, CallKind, EventType
from xlacore.model.feedback import ZERO_TO_TEN, Feedback, Subject
from xlacore.plugins import LedgerListener, make_registry

# Monday 2 March 2026, 07:00 UTC: before the office opens, four weeks before the DST change.
START = datetime(2026, 3, 2, 7, tzinfo=UTC)
HOUR = 3600
DAY = 24 * HOUR

AGREEMENTS = parse_documents(
    """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Calendar"
metadata.name = "office"
[documents.spec]
timezone = "Europe/Amsterdam"
weekly.days = [
  ["08:00-18:00"], ["08:00-18:00"], ["08:00-18:00"], ["08:00-18:00"], ["08:00-12:00"], [], [],
]
holidays = [2026-03-04]

[[documents]]
apiVersion = "xlacore/v1"
kind = "SlaDefinition"
metadata.name = "fix"
[documents.spec]
metric = "resolution"
start = { field = "type", op = "eq", value = "opened" }
stop = { field = "state", op = "in", value = ["Resolved", "Closed"] }
pause = { field = "state", op = "eq", value = "Awaiting User" }
calendar = "office"
goals = [{ priority = 1, seconds = 7200 }, { priority = 2, seconds = 14400 }, { seconds = 28800 }]

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "on-time"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "sla.fix.met" }
attribution = "opened_at"

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "resolution-p90"
[documents.spec]
source = "calls"
strategy = "percentile"
params = { column = "resolution_seconds", q = 0.9 }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "reopen-rate"
[documents.spec]
source = "calls"
strategy = "proportion"
params = { column = "reopened" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "first-contact"
[documents.spec]
source = "calls"
strategy = "proportion"
where = { field = "kind", op = "eq", value = "incident" }
good = { field = "first_contact_resolution", op = "eq", value = true }

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "happiness"
[documents.spec]
source = "feedback"
strategy = "happiness"

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "csat"
[documents.spec]
source = "feedback"
strategy = "csat"
params = { scale_low = 0, scale_high = 10, top_box_from = 8 }
attribution = "opened_at"  # answers placed by their call's opening, which may move

[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "lost-time"
[documents.spec]
source = "feedback"
strategy = "mean"
params = { column = "lost_time_seconds" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "SLA"
metadata.name = "desk-sla"
[documents.spec]

[[documents.spec.objectives]]
name = "on-time"
indicator = "on-time"
op = "gte"
target = 80
at_risk_margin = 5
min_n = 2
window = "2d"
burn_short = "6h"
burn_long = "1d"

[[documents.spec.objectives]]
name = "resolution-p90"
indicator = "resolution-p90"
op = "lte"
target = 14400
min_n = 2
window = "3d"
burn_short = "12h"
burn_long = "4d"

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "desk-xla"
[documents.spec]
services = ["laptop", "printing"]
relies_on = ["desk-sla"]
effective_from = 2026-03-03T00:00:00Z
[[documents.spec.exclusions]]
start = 2026-03-05T00:00:00Z
end = 2026-03-06T00:00:00Z
reason = "maintenance"
services = ["printing"]

[[documents.spec.segments]]
name = "engineering"
where = { field = "department", op = "eq", value = "Engineering" }

[[documents.spec.segments]]
name = "business"
where = { field = "department", op = "in", value = ["Finance", "Sales"] }

[[documents.spec.objectives]]
name = "happiness"
indicator = "happiness"
op = "gte"
target = 20
at_risk_margin = 10
min_n = 2
window = "2d"
burn_short = "6h"
burn_long = "1d"

[[documents.spec.objectives]]
name = "csat"
indicator = "csat"
op = "gte"
target = 70
min_n = 1
window = "1d"

[[documents.spec.objectives]]
name = "lost-time"
indicator = "lost-time"
op = "lte"
target = 3600
min_n = 1
window = "2d"

[[documents.spec.objectives]]
name = "reopen-rate"
indicator = "reopen-rate"
op = "lte"
target = 10
min_n = 1
window = "2d"

[[documents.spec.objectives]]
name = "first-contact"
indicator = "first-contact"
op = "gte"
target = 60
min_n = 2
window = "36h"
""",
    source="ledger-test.toml",
)

SERVICES = st.sampled_from(["laptop", "printing", "network", None])
DEPARTMENTS = st.sampled_from(["Engineering", "Finance", "Sales", "Other", None])
STATES = ["In Progress", "Awaiting User", "Resolved", "Closed"]
STEP = st.integers(0, 30 * HOUR)

# What each event type does to the tool's state (None: leaves it).
_STATE_AFTER = {
    EventType.ASSIGNED: "In Progress",
    EventType.REASSIGNED: "In Progress",
    EventType.ESCALATED: None,
    EventType.PAUSED: "Awaiting User",
    EventType.RESUMED: "In Progress",
    EventType.RESOLVED: "Resolved",
    EventType.REOPENED: "In Progress",
    EventType.CLOSED: "Closed",
    EventType.PRIORITY_CHANGED: None,
    EventType.STATUS_CHANGED: None,
}


class LedgerMachine(RuleBasedStateMachine):
    """Open calls, add their events and answers (some late), move time; compare with batch."""

    calls = Bundle("calls")

    @initialize(slice_hours=st.sampled_from([1, 5, 24]))
    def start(self, slice_hours: int) -> None:
        self.ledger = Ledger(AGREEMENTS, slice_seconds=slice_hours * HOUR)
        self.registry = make_registry(entry_points=False, plugins=[LedgerListener(self.ledger)])
        self.now = START
        self.known: dict[str, Call] = {}
        self.answers: dict[str, Feedback] = {}

    def _tick(self, seconds: int) -> datetime:
        self.now += timedelta(seconds=seconds)
        return self.now

    def _between(self, earliest: datetime, share: float) -> datetime:
        """A moment from ``earliest`` to now: events and answers may arrive late."""
        span = (self.now - earliest).total_seconds()
        return earliest + timedelta(seconds=int(span * share))

    @rule(
        target=calls,
        step=STEP,
        service=SERVICES,
        kind=st.sampled_from([CallKind.INCIDENT, CallKind.REQUEST]),
        priority=st.none() | st.integers(1, 4),
        department=DEPARTMENTS,
    )
    def open_call(
        self,
        step: int,
        service: str | None,
        kind: CallKind,
        priority: int | None,
        department: str | None,
    ) -> str:
        at = self._tick(step)
        call = Call(
            id=f"C{len(self.known)}",
            kind=kind,
            events=[CallEvent(EventType.OPENED, at, state="New")],
            service=service,
            priority=priority,
            attributes={} if department is None else {"department": department},
        )
        self.known[call.id] = call
        self.registry.call_event(call, call.events[0])
        return call.id

    @rule(
        call_id=calls,
        step=STEP,
        late=st.floats(0, 1),
        kind=st.sampled_from(sorted(_STATE_AFTER)),
        state=st.sampled_from(STATES),
        priority=st.integers(1, 4),
        group=st.sampled_from(["desk", "field", "network"]),
    )
    def add_event(
        self,
        call_id: str,
        step: int,
        late: float,
        kind: EventType,
        state: str,
        priority: int,
        group: str,
    ) -> None:
        call = self.known[call_id]
        self._tick(step)
        event = CallEvent(
            kind,
            self._between(call.events[-1].at, late),
            group=group if kind in (EventType.ASSIGNED, EventType.REASSIGNED) else None,
            state=state if kind is EventType.STATUS_CHANGED else _STATE_AFTER[kind],
            priority=priority if kind is EventType.PRIORITY_CHANGED else None,
        )
        call = call.with_event(event)
        self.known[call_id] = call
        self.registry.call_event(call, event)

    @rule(
        call_id=calls,
        step=STEP,
        late=st.floats(0, 1),
        value=st.integers(0, 10),
        lost=st.none() | st.integers(0, 4 * HOUR),
        about=st.sampled_from(["call", "service", "next call"]),
        again=st.none() | st.integers(0, 1_000),
    )
    def answer(
        self,
        call_id: str,
        step: int,
        late: float,
        value: int,
        lost: int | None,
        about: str,
        again: int | None,
    ) -> None:
        call = self.known[call_id]
        self._tick(step)
        subject = {
            "call": Subject("call", call_id),
            "service": Subject("service", call.service or "laptop"),
            "next call": Subject("call", f"C{len(self.known)}"),  # answered before it opens
        }[about]
        # "again" corrects an earlier answer, which may then be about another call or subject.
        earlier = sorted(self.answers)
        same = earlier[again % len(earlier)] if again is not None and earlier else None
        if same is None:
            same = f"F{len(self.answers)}"
        feedback = Feedback(
            id=same,
            about=subject,
            scale=ZERO_TO_TEN,
            value=value,
            answered_at=self._between(call.opened_at, late),
            lost_time_seconds=lost,
        )
        self.answers[feedback.id] = feedback
        self.ledger.add_feedback(feedback)

    @rule(step=STEP | st.integers(2 * DAY, 6 * DAY))  # long jumps settle old slices
    def advance(self, step: int) -> None:
        self.ledger.advance(self._tick(step))

    @precondition(lambda self: self.known)
    @invariant()
    def equals_batch(self) -> None:
        calls, answers = list(self.known.values()), list(self.answers.values())
        try:
            want = evaluate(AGREEMENTS, calls, answers, at=self.ledger.time)
        except ScoringError as exc:  # segments read "department", which no call may have yet
            with pytest.raises(ScoringError, match=re.escape(str(exc).split(" (have")[0])):
                self.ledger.report()
        else:
            assert_same_report(self.ledger.report(), want)


TestLedgerEqualsBatch = LedgerMachine.TestCase
TestLedgerEqualsBatch.settings = settings(
    max_examples=40,
    stateful_step_count=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestLedgerEqualsBatch.pytestmark = [pytest.mark.slow]


def test_an_empty_ledger_reports_like_an_empty_evaluation() -> None:
    assert_same_report(Ledger(AGREEMENTS).report(), evaluate(AGREEMENTS, []))


def test_time_never_goes_back() -> None:
    ledger = Ledger(AGREEMENTS)
    ledger.advance(START)
    with pytest.raises(InvalidInputError, match="never goes back"):
        ledger.advance(START - timedelta(seconds=1))


def test_rows_are_placed_by_the_timestamps_the_ledger_knows() -> None:
    closed = attrs.evolve(AGREEMENTS.indicators["reopen-rate"], attribution="closed_at")
    documents = [
        attrs.evolve(d, body=closed) if d.metadata.name == "reopen-rate" else d
        for d in AGREEMENTS.documents
    ]
    with pytest.raises(InvalidInputError, match="'closed_at'"):
        Ledger(attrs.evolve(AGREEMENTS, documents=documents))


def test_slices_are_whole_seconds() -> None:
    with pytest.raises(InvalidInputError, match="slice_seconds"):
        Ledger(AGREEMENTS, slice_seconds=0)


def test_a_call_given_again_replaces_what_the_ledger_knew() -> None:
    opened = CallEvent(EventType.OPENED, START + timedelta(days=1), state="New")
    first = Call(id="C1", kind=CallKind.INCIDENT, events=[opened], service="network")
    moved = attrs.evolve(first, service="laptop", attributes={"department": "Sales"})
    ledger = Ledger(AGREEMENTS)
    ledger.update(first)
    ledger.update(moved)
    want = evaluate(AGREEMENTS, [moved], at=ledger.time)
    assert [r.scope for r in want.agreements[0].objectives] == [(("service", "laptop"),)] * 2
    assert_same_report(ledger.report(), want)


def test_a_call_given_again_with_other_fields_restarts_its_clocks() -> None:
    opened = CallEvent(EventType.OPENED, START + timedelta(days=1, hours=2), state="New")
    first = Call(
        id="C1",
        kind=CallKind.INCIDENT,
        events=[opened],
        service="laptop",
        priority=3,
        attributes={"department": "Sales"},
    )
    assigned = CallEvent(EventType.ASSIGNED, opened.at + timedelta(hours=3), state="In Progress")
    urgent = attrs.evolve(first.with_event(assigned), priority=1)  # 2 h goal instead of 8 h
    ledger = Ledger(AGREEMENTS)
    ledger.update(first)
    ledger.update(urgent)
    ledger.advance(assigned.at + timedelta(hours=4))
    want = evaluate(AGREEMENTS, [urgent], at=ledger.time)
    on_time = [r for r in want.agreements[0].objectives if r.objective == "on-time"]
    assert [r.n for r in on_time] == [1]  # breached while running, so counted
    assert_same_report(ledger.report(), want)


ANSWERS_BY_OPENING = parse_documents(
    """
[[documents]]
apiVersion = "xlacore/v1"
kind = "Indicator"
metadata.name = "happiness"
spec = { source = "feedback", strategy = "happiness", attribution = "opened_at" }

[[documents]]
apiVersion = "xlacore/v1"
kind = "XLA"
metadata.name = "desk"
[[documents.spec.objectives]]
name = "happiness"
indicator = "happiness"
op = "gte"
target = 0
min_n = 1
window = "1d"
""",
    source="answers-by-opening.toml",
)


def test_an_answer_corrected_to_be_about_another_call_leaves_the_first() -> None:
    def call(name: str, at: datetime) -> Call:
        return Call(id=name, kind="incident", events=[CallEvent("opened", at)], service="mail")

    first, second = call("C0", START), call("C1", START + timedelta(days=10))
    answer = Feedback(
        id="F",
        about=Subject("call", "C0"),
        scale=ZERO_TO_TEN,
        value=2,
        answered_at=START + timedelta(hours=12),
    )
    corrected = attrs.evolve(
        answer, about=Subject("call", "C1"), answered_at=second.opened_at + timedelta(hours=1)
    )
    ledger = Ledger(ANSWERS_BY_OPENING, slice_seconds=HOUR)
    ledger.update(first)
    ledger.add_feedback(answer)
    ledger.update(second)
    ledger.add_feedback(corrected)
    # A later event on C0 must not bring the answer back to C0 (placed by C0's opening).
    later = first.with_event(CallEvent("assigned", second.opened_at + timedelta(hours=2)))
    ledger.update(later)
    for moment in (second.opened_at + timedelta(hours=2), second.opened_at + timedelta(days=2)):
        ledger.advance(moment)
        want = evaluate(ANSWERS_BY_OPENING, [later, second], [corrected], at=ledger.time)
        assert_same_report(ledger.report(), want)


Stream = list[Call | Feedback]


@st.composite
def streams(draw: st.DrawFn) -> Stream:
    """Calls' successive states and answers, in an arrival order that interleaves the calls.

    Each call's states come in its own order (each adds one event, a corrected opening field
    restarts its clocks); answers (some corrections of earlier ones, some about a call that
    opens later) come anywhere after the first opening.
    """
    histories: list[list[Call]] = []
    for number in range(draw(st.integers(1, 6))):
        at = START + timedelta(seconds=draw(STEP) + number * 7 * HOUR)
        call = Call(
            id=f"C{number}",
            kind=draw(st.sampled_from([CallKind.INCIDENT, CallKind.REQUEST])),
            events=[CallEvent(EventType.OPENED, at, state="New")],
            service=draw(SERVICES),
            priority=draw(st.none() | st.integers(1, 4)),
            attributes={"department": draw(DEPARTMENTS) or "Other"},
        )
        states = [call]
        for kind in draw(st.lists(st.sampled_from(sorted(_STATE_AFTER)), max_size=5)):
            at += timedelta(seconds=draw(STEP))
            state = draw(st.sampled_from(STATES)) if kind is EventType.STATUS_CHANGED else None
            event = CallEvent(
                kind,
                at,
                group="field" if kind in (EventType.ASSIGNED, EventType.REASSIGNED) else None,
                state=state or _STATE_AFTER[kind],
                priority=draw(st.integers(1, 4)) if kind is EventType.PRIORITY_CHANGED else None,
            )
            call = call.with_event(event)
            if draw(st.integers(0, 9)) == 0:  # a field of the opening corrected at the source
                call = attrs.evolve(call, priority=draw(st.integers(1, 4)))
            states.append(call)
        histories.append(states)
    answers = [
        Feedback(
            id=f"F{draw(st.integers(0, 3))}",  # a repeated id corrects the earlier answer
            about=Subject("call", f"C{draw(st.integers(0, len(histories)))}"),
            scale=ZERO_TO_TEN,
            value=draw(st.integers(0, 10)),
            answered_at=START + timedelta(seconds=draw(st.integers(0, 4 * DAY))),
            lost_time_seconds=draw(st.none() | st.integers(0, 4 * HOUR)),
        )
        for _ in range(draw(st.integers(0, 5)))
    ]
    tokens = [n for n, states in enumerate(histories) for _ in states] + [-1] * len(answers)
    order = draw(st.permutations(tokens).filter(lambda o: o[0] != -1))
    taken = [0] * len(histories)
    stream: Stream = []
    for token in order:
        if token == -1:
            stream.append(answers.pop())
        else:
            stream.append(histories[token][taken[token]])
            taken[token] += 1
    return stream


def batch_report(stream: Stream, at: datetime | None) -> Report:
    """``evaluate`` over the latest state of every call and answer of ``stream``."""
    calls = {i.id: i for i in stream if isinstance(i, Call)}
    answers = {i.id: i for i in stream if isinstance(i, Feedback)}
    return evaluate(AGREEMENTS, list(calls.values()), list(answers.values()), at=at)


@pytest.mark.slow
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    stream=streams(),
    cuts=st.lists(st.integers(1, 40), max_size=6),
    slice_hours=st.sampled_from([1, 5, 24]),
)
def test_any_split_of_a_stream_into_batches_gives_the_batch_scores(
    stream: Stream, cuts: list[int], slice_hours: int
) -> None:
    ledger = Ledger(AGREEMENTS, slice_seconds=slice_hours * HOUR)
    start = 0
    for end in sorted({min(c, len(stream)) for c in cuts} | {len(stream)}):
        ledger.apply_many(stream[start:end])
        start = end
        assert_same_report(ledger.report(), batch_report(stream[:end], ledger.time))


@pytest.mark.slow
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(stream=streams(), every=st.booleans())
def test_a_stream_event_by_event_gives_the_batch_scores(stream: Stream, every: bool) -> None:
    ledger = Ledger(AGREEMENTS)
    registry = make_registry(entry_points=False, plugins=[LedgerListener(ledger)])
    for end, item in enumerate(stream, 1):
        if isinstance(item, Feedback):
            ledger.add_feedback(item)
        else:
            registry.call_event(item, item.events[-1])
        if every or end == len(stream):  # read after every item, or only at the end
            assert_same_report(ledger.report(), batch_report(stream[:end], ledger.time))


def test_a_report_that_fails_leaves_the_ledger_as_it_was() -> None:
    """A call settling in a failing report (no call has the segments' column) is not lost."""
    opened = Call(
        id="C0",
        kind=CallKind.INCIDENT,
        events=[CallEvent(EventType.OPENED, START, state="New")],
        service="laptop",
        priority=1,
    )
    resolved = opened.with_event(
        CallEvent(EventType.STATUS_CHANGED, START + timedelta(days=4), state="Resolved")
    )
    ledger = Ledger(AGREEMENTS, slice_seconds=HOUR)
    ledger.apply_many([opened, resolved])
    for _ in range(2):
        with pytest.raises(ScoringError, match="condition reads 'department'"):
            evaluate(AGREEMENTS, [resolved], at=ledger.time)
        with pytest.raises(ScoringError, match="condition reads 'department'"):
            ledger.report()
    tagged = attrs.evolve(resolved, attributes={"department": "Sales"})
    ledger.update(tagged)
    assert_same_report(ledger.report(), evaluate(AGREEMENTS, [tagged], at=ledger.time))
