"""Evaluate an SLA definition on calls by replaying their events (no stored counters)."""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping
from datetime import datetime

from xlacore.clock.intervals import epoch_seconds
from xlacore.clock.measure import measure_cycles
from xlacore.clock.replay_arrays import replay_arrays
from xlacore.clock.results import SlaColumns, SlaResult
from xlacore.clock.timer import CycleFacts, SlaTimer
from xlacore.model.calendars import Calendar
from xlacore.model.calls import Call
from xlacore.model.sla import SlaDefinition

__all__ = ["replay", "evaluate", "evaluate_many"]


def _at(at: datetime | None, as_of: datetime | None) -> datetime | None:
    """``at``, or the deprecated ``as_of`` (one name per concept: evaluation times are ``at``)."""
    if as_of is None:
        return at
    warnings.warn("as_of= is deprecated; pass at=", DeprecationWarning, stacklevel=3)
    if at is not None and at != as_of:
        raise TypeError("pass at= only (as_of= is its deprecated name)")
    return as_of


def replay(
    definition: SlaDefinition,
    call: Call,
    at: datetime | None = None,
    *,
    as_of: datetime | None = None,
) -> tuple[CycleFacts, ...]:
    """The cycles of ``definition`` on ``call`` at ``at`` (default: its last event).

    The events up to ``at`` are folded through one :class:`~xlacore.clock.timer.SlaTimer`.
    ``as_of`` is the deprecated name of ``at``.
    """
    at = _at(at, as_of)
    timer = SlaTimer.for_call(definition, call)
    limit = None if at is None else epoch_seconds(at)
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
    at: datetime | None = None,
    as_of: datetime | None = None,
) -> SlaColumns:
    """Evaluate ``definition`` on many calls, one row per call in input order.

    The calls are replayed together on arrays (:func:`~xlacore.clock.replay_arrays.replay_arrays`),
    the cycles :func:`replay` gives each one alone.

    ``calendars`` resolves calendar names used by the definition and its goals. ``at``
    defaults to the latest event of all the calls, so an unfinished call is measured up to
    the end of the data (``as_of`` is its deprecated name).
    """
    at = _at(at, as_of)
    calls = list(calls)
    if at is None and calls:
        at = max(call.events[-1].at for call in calls)
    cycles = replay_arrays(definition, calls, None if at is None else epoch_seconds(at))
    return measure_cycles(definition, [call.id for call in calls], cycles, calendars or {})


def evaluate(
    call: Call,
    definition: SlaDefinition,
    *,
    calendars: Mapping[str, Calendar] | None = None,
    at: datetime | None = None,
    as_of: datetime | None = None,
) -> SlaResult:
    """Evaluate ``definition`` on one call (``at`` defaults to the call's last event).

    ``as_of`` is the deprecated name of ``at``.
    """
    return evaluate_many([call], definition, calendars=calendars, at=_at(at, as_of)).result(0)
