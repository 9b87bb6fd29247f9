"""Evaluate an SLA definition on calls by replaying their events (no stored counters)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime

from xlacore.clock.intervals import epoch_seconds
from xlacore.clock.measure import measure
from xlacore.clock.results import SlaColumns, SlaResult
from xlacore.clock.timer import CycleFacts, SlaTimer
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.sla import SlaDefinition

__all__ = ["replay", "evaluate", "evaluate_many"]


def replay(
    definition: SlaDefinition, call: Call, as_of: datetime | None = None
) -> tuple[CycleFacts, ...]:
    """The cycles of ``definition`` on ``call`` as of ``as_of`` (default: its last event).

    The events up to ``as_of`` are folded through one :class:`~xlacore.clock.timer.SlaTimer`.
    """
    timer = SlaTimer.for_call(definition, call)
    limit = None if as_of is None else epoch_seconds(as_of)
    for event in call.events:
        if limit is not None and epoch_seconds(event.at) > limit:
            break
        timer.apply(event)
    return timer.snapshot(limit)


def evaluate_many(
    calls: Iterable[Call],
    definition: SlaDefinition,
    *,
    calendars: Mapping[str, Calendar] | None = None,
    as_of: datetime | None = None,
) -> SlaColumns:
    """Evaluate ``definition`` on many calls, one row per call in input order.

    ``calendars`` resolves calendar names used by the definition and its goals. ``as_of``
    defaults to the latest event of all the calls, so an unfinished call is measured up to
    the end of the data.
    """
    calls = list(calls)
    if as_of is None and calls:
        as_of = max(call.events[-1].at for call in calls)
    facts = [replay(definition, call, as_of) for call in calls]
    return measure(definition, [call.id for call in calls], facts, calendars or {})


def evaluate(
    call: Call,
    definition: SlaDefinition,
    *,
    calendars: Mapping[str, Calendar] | None = None,
    as_of: datetime | None = None,
) -> SlaResult:
    """Evaluate ``definition`` on one call (``as_of`` defaults to the call's last event)."""
    return evaluate_many([call], definition, calendars=calendars, as_of=as_of).result(0)
