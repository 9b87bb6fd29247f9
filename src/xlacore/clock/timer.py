"""Replaying an SLA definition over a call's events, one event at a time.

:class:`SlaTimer` is the whole state machine; replaying a call in one go is folding
:meth:`SlaTimer.apply` over its events, so a live feed and a recomputation from history agree.
The timer knows no calendar: it records *when* the clock ran (cycles, pauses), and
:mod:`xlacore.clock.measure` turns that into business time, breaches and percentages.

On each event, in ServiceNow's order: an active cycle completes if ``stop`` matches; else a
``reset`` (with ``start``) completes it and attaches a new cycle; else it is cancelled per
``cancel_when``. With no active cycle, the SLA attaches if ``start`` matches and neither
``stop`` nor ``cancel`` does (after a completed cycle, as ``on_reopen`` says). Pausing is
tracked from the opening of the call, so a retroactive start keeps the pauses before it.
"""

from __future__ import annotations

import enum
from functools import lru_cache

from attrs import Factory, define, field, frozen

from xlacore.clock.intervals import Interval, epoch_seconds, subtract
from xlacore.clock.record import advance_record, call_record
from xlacore.model.calls import Call, CallEvent
from xlacore.model.conditions import Condition, Predicate, predicate
from xlacore.model.sla import CancelWhen, OnReopen, SlaDefinition

__all__ = ["SlaState", "CycleFacts", "SlaTimer"]


class SlaState(enum.StrEnum):
    """The stage of an SLA on a call."""

    NOT_ATTACHED = "not_attached"
    IN_PROGRESS = "in_progress"
    PAUSED = "paused"
    COMPLETED = "completed"
    CANCELLED = "cancelled"


@frozen
class CycleFacts:
    """One cycle of an SLA as of an instant, before any calendar is applied.

    ``end`` is the stop or cancel instant, or the as-of instant while the cycle is active;
    ``running`` are the instants the timer ran (pauses and reopen gaps removed).
    """

    state: SlaState
    start: int
    end: int
    priority: int | None
    running: tuple[Interval, ...]

    @property
    def pause_seconds(self) -> int:
        """Actual seconds between start and end during which the timer did not run."""
        return self.end - self.start - sum(b - a for a, b in self.running)


@frozen
class _Rules:
    """A definition's conditions, compiled (``None``: the definition has no such condition).

    Pickled as its definition and compiled again on loading, so a timer pickles.
    """

    definition: SlaDefinition
    start: Predicate
    stop: Predicate
    reset: Predicate | None
    cancel: Predicate | None
    pause: Predicate | None
    resume: Predicate | None

    def __reduce__(self) -> tuple[object, tuple[SlaDefinition]]:
        return _rules, (self.definition,)


def _compiled(condition: Condition | None) -> Predicate | None:
    return None if condition is None else predicate(condition)


@lru_cache(maxsize=256)
def _rules(definition: SlaDefinition) -> _Rules:
    return _Rules(
        definition,
        predicate(definition.start),
        predicate(definition.stop),
        _compiled(definition.reset),
        _compiled(definition.cancel),
        _compiled(definition.pause),
        _compiled(definition.resume),
    )


@define
class _Cycle:
    start: int
    spans: list[Interval]
    since: int | None
    state: SlaState = SlaState.IN_PROGRESS
    priority: int | None = None

    def close(self, at: int, state: SlaState, priority: int | None) -> None:
        assert self.since is not None
        self.spans.append((self.since, at))
        self.since, self.state, self.priority = None, state, priority


@define
class SlaTimer:
    """The state of one SLA definition on one call, advanced event by event."""

    definition: SlaDefinition
    _record: dict[str, object]
    _last: int | None = None
    _opened: int | None = None
    _cycles: list[_Cycle] = Factory(list)
    _pauses: list[Interval] = Factory(list)
    _paused_since: int | None = None
    _rules: _Rules = field(init=False, eq=False, repr=False)

    @_rules.default
    def _compile(self) -> _Rules:
        return _rules(self.definition)

    @classmethod
    def for_call(cls, definition: SlaDefinition, call: Call) -> SlaTimer:
        """A timer for ``call`` before any of its events has been applied."""
        return cls(definition, call_record(call))

    @property
    def priority(self) -> int | None:
        """The call's priority after the events applied so far."""
        value = self._record["priority"]
        return value if isinstance(value, int) else None

    @property
    def active(self) -> bool:
        """Whether the last cycle is in progress or paused, so its figures may move with time.

        An inactive timer (never attached, completed or cancelled) gives the same results
        as of any later instant, until another event is applied.
        """
        return bool(self._cycles) and self._cycles[-1].since is not None

    def apply(self, event: CallEvent) -> None:
        """Advance the timer by one event (events must come in time order)."""
        at = epoch_seconds(event.at)
        if self._last is not None and at < self._last:
            raise ValueError("events must be applied in time order")
        if self._opened is None:
            self._opened = at
        self._last = at
        advance_record(self._record, event)
        rules, record = self._rules, self._record
        self._track_pause(at)
        start = rules.start(record)
        cycle = self._cycles[-1] if self._cycles else None
        if cycle is not None and cycle.since is not None:
            if rules.stop(record):
                cycle.close(at, SlaState.COMPLETED, self.priority)
            elif rules.reset is not None and start and rules.reset(record):
                cycle.close(at, SlaState.COMPLETED, self.priority)
                self._cycles.append(_Cycle(at, [], at))
            elif self._cancels(start):
                cycle.close(at, SlaState.CANCELLED, self.priority)
        elif start and not rules.stop(record) and not (rules.cancel and rules.cancel(record)):
            self._attach(at, cycle)

    def _track_pause(self, at: int) -> None:
        pause, resume = self._rules.pause, self._rules.resume
        if pause is None:
            return
        if self._paused_since is None:
            if pause(self._record):
                self._paused_since = at
            return
        resumes = resume(self._record) if resume is not None else not pause(self._record)
        if resumes:
            self._pauses.append((self._paused_since, at))
            self._paused_since = None

    def _cancels(self, start: bool) -> bool:
        when, cancel = self.definition.cancel_when, self._rules.cancel
        if when is CancelWhen.START_NOT_MET:
            return not start
        if when is CancelWhen.CANCEL_MET and cancel is not None:
            return cancel(self._record)
        return False

    def _attach(self, at: int, last: _Cycle | None) -> None:
        if last is not None and last.state is SlaState.COMPLETED:
            on_reopen = self.definition.on_reopen
            if on_reopen is OnReopen.NEW_CYCLE:
                self._cycles.append(_Cycle(at, [], at))
            elif on_reopen is OnReopen.CONTINUE:
                last.since, last.state = at, SlaState.IN_PROGRESS
            return
        completed = any(c.state is SlaState.COMPLETED for c in self._cycles)
        retroactive = self.definition.retroactive_start and not completed
        begin = self._opened if retroactive and self._opened is not None else at
        self._cycles.append(_Cycle(begin, [], begin))

    def snapshot(self, at: int | None = None) -> tuple[CycleFacts, ...]:
        """Every cycle so far at ``at`` (epoch seconds; default: the last event applied)."""
        if self._last is None:
            return ()
        now = self._last if at is None else at
        if now < self._last:
            raise ValueError("at precedes the last event applied")
        pauses = list(self._pauses)
        if self._paused_since is not None:
            pauses.append((self._paused_since, now))
        facts = []
        for cycle in self._cycles:
            active = cycle.since is not None
            spans = [*cycle.spans, (cycle.since, now)] if cycle.since is not None else cycle.spans
            if active:
                state = SlaState.PAUSED if self._paused_since is not None else SlaState.IN_PROGRESS
            else:
                state = cycle.state
            facts.append(
                CycleFacts(
                    state=state,
                    start=cycle.start,
                    end=spans[-1][1],
                    priority=self.priority if active else cycle.priority,
                    running=tuple(subtract(spans, pauses)),
                )
            )
        return tuple(facts)
