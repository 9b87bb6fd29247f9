"""SLA clocks: business-calendar arithmetic and the replay of SLA definitions over call events.

Everything here is computed from a call's own event history (no stored counters), so a change
of priority, calendar or definition is simply a recomputation.
"""

from __future__ import annotations

from xlacore.clock.business import BusinessClock, clock_for
from xlacore.clock.holidays import public_holidays
from xlacore.clock.intervals import epoch_seconds, from_epoch
from xlacore.clock.measure import ALWAYS_OPEN, resolve_calendar
from xlacore.clock.pitfalls import Pitfall, check_definition, excludes, implies
from xlacore.clock.results import SlaColumns, SlaResult
from xlacore.clock.sla import evaluate, evaluate_many, replay
from xlacore.clock.timeline import Timeline, compile_timeline, local_instant
from xlacore.clock.timer import CycleFacts, SlaState, SlaTimer

__all__ = [
    # SLA evaluation
    "evaluate",
    "evaluate_many",
    "replay",
    "SlaResult",
    "SlaColumns",
    "SlaState",
    "SlaTimer",
    "CycleFacts",
    "resolve_calendar",
    "ALWAYS_OPEN",
    # configuration pitfalls
    "check_definition",
    "Pitfall",
    "implies",
    "excludes",
    # business time
    "BusinessClock",
    "clock_for",
    "epoch_seconds",
    "from_epoch",
    "Timeline",
    "compile_timeline",
    "local_instant",
    "public_holidays",
]
