"""Small builders of calls and answers with planted effects."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from xlacore.model import (
    ZERO_TO_TEN,
    Call,
    CallEvent,
    EventType,
    Feedback,
    Subject,
)

T0 = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)


def make_call(
    cid: str,
    *,
    service: str | None = "mail",
    channel: str | None = "phone",
    caller: str | None = "u1",
    kind: str = "incident",
    opened: datetime = T0,
    reassignments: int = 0,
    escalations: int = 0,
    reopens: int = 0,
    hours: float = 2.0,
    knowledge: bool = False,
    journey: str | None = None,
    agent: str | None = None,
    resolved: bool = True,
) -> Call:
    """A call opened at ``opened`` and (when ``resolved``) resolved ``hours`` later."""
    step = timedelta(seconds=1)
    events = [CallEvent(EventType.OPENED, opened, group="desk")]
    events.append(CallEvent(EventType.ASSIGNED, opened + step, group="desk", actor=agent))
    events += [
        CallEvent(EventType.REASSIGNED, opened + (2 + n) * step, group=f"g{n}")
        for n in range(reassignments)
    ]
    events += [CallEvent(EventType.ESCALATED, opened + (20 + n) * step) for n in range(escalations)]
    end = opened + timedelta(hours=hours)
    if resolved:
        for n in range(reopens):
            events.append(CallEvent(EventType.RESOLVED, end - (40 - 2 * n) * step))
            events.append(CallEvent(EventType.REOPENED, end - (39 - 2 * n) * step))
        events.append(CallEvent(EventType.RESOLVED, end))
    return Call(
        id=cid,
        kind=kind,
        events=tuple(events),
        service=service,
        channel=channel,
        caller=caller,
        knowledge_used=knowledge,
        journey=journey,
    )


def make_answer(
    fid: str,
    about: str,
    value: int,
    *,
    kind: str = "call",
    lost: int | None = None,
    person: str | None = "u1",
    factors: tuple[str, ...] = (),
    at: datetime = T0 + timedelta(days=2),
) -> Feedback:
    """A 0-10 answer about a call (or a journey, with ``kind="journey"``)."""
    return Feedback(
        id=fid,
        about=Subject(kind, about),
        scale=ZERO_TO_TEN,
        value=value,
        answered_at=at,
        person=person,
        lost_time_seconds=lost,
        factors=factors,
    )


def spread(positive: int, neutral: int, negative: int) -> list[int]:
    """Answer values with the given counts of 10s, 8s and 3s."""
    return [10] * positive + [8] * neutral + [3] * negative


def mantel_haenszel_difference(rows: list[tuple[str, int, bool]]) -> float:
    """The MH risk difference (in points) of a 0/1 exposure, stratum by stratum, slowly."""
    top = bottom = 0.0
    for stratum in sorted({s for s, _, _ in rows}):
        mine = [(x, y) for s, x, y in rows if s == stratum]
        n1 = sum(1 for x, _ in mine if x == 1)
        n0 = len(mine) - n1
        a = sum(1 for x, y in mine if x == 1 and y)
        c = sum(1 for x, y in mine if x == 0 and y)
        total = n1 + n0
        top += (a * n0 - c * n1) / total
        bottom += n1 * n0 / total
    return 100.0 * top / bottom
