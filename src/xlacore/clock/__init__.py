"""SLA clocks: business-calendar arithmetic and the replay of SLA definitions over call events.

Everything here is computed from a call's own event history (no stored counters), so a change
of priority, calendar or definition is simply a recomputation.
"""

from __future__ import annotations

from xlacore.clock.business import BusinessClock, clock_for, epoch_seconds, from_epoch
from xlacore.clock.holidays import public_holidays
from xlacore.clock.timeline import Timeline, compile_timeline, local_instant

__all__ = [
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
