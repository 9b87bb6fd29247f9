"""The derived facts of many calls at once, on arrays: the columns of a call row.

:func:`~xlacore.scoring.observations.call_row` asks each :class:`~xlacore.model.Call` for its
facts, and each fact walks the call's events again (the resolution, the counts, the moves
before the first resolution, the current priority). Here every event of every call is read
once into columns (its type and its priority), and each fact is one vectorised reduction per
call over them, with the model's own rules: the resolution is the first resolving event
after the last reopening, the moves counted are the reassignments before the first one, and
a count the source does not record is ``None``. A property test holds the columns equal to
``call_row``'s on generated calls.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from xlacore.model.calls import Call, EventType
from xlacore.model.validators import instant, seconds_between

__all__ = ["call_fact_columns"]

Ints = npt.NDArray[np.int64]
Flags = npt.NDArray[np.bool_]

_RESOLVING = (EventType.RESOLVED, EventType.CLOSED)
_CODES = {kind: code for code, kind in enumerate(EventType)}


def _epoch_seconds(moments: Sequence[Any]) -> list[int]:
    return [int(instant(m).timestamp()) for m in moments]


def _optional(values: npt.NDArray[Any], present: Flags) -> list[Any]:
    """``values`` as Python values, ``None`` where not ``present``."""
    return [v if p else None for v, p in zip(values.tolist(), present.tolist(), strict=True)]


def call_fact_columns(calls: Sequence[Call]) -> dict[str, list[Any]]:
    """The derived columns of a call row, one value per call (empty without calls).

    The columns read straight off a call (its id, kind, service, …) are not here: they need
    no events. Times are epoch seconds as :func:`~xlacore.scoring.observations.call_row` gives them.
    """
    if not calls:
        return {}
    events = [event for call in calls for event in call.events]
    sizes = np.array([len(call.events) for call in calls], np.int64)
    first = np.cumsum(sizes) - sizes
    last = first + sizes - 1
    position = np.arange(len(events))
    owner = np.repeat(np.arange(len(calls)), sizes)
    types = np.fromiter(map(_CODES.__getitem__, [e.type for e in events]), np.int8, len(events))

    def of_type(*kinds: EventType) -> Flags:
        return np.isin(types, [_CODES[kind] for kind in kinds])

    def count(flags: Flags) -> Ints:
        counted: Ints = np.add.reduceat(flags.astype(np.int64), first)
        return counted

    def earliest(flags: Flags) -> Ints:
        """Each call's first event where ``flags`` hold (``len(events)``: none)."""
        found: Ints = np.minimum.reduceat(np.where(flags, position, len(events)), first)
        return found

    resolving, reassigned = of_type(*_RESOLVING), of_type(EventType.REASSIGNED)
    reopened, escalated = of_type(EventType.REOPENED), of_type(EventType.ESCALATED)
    last_reopening = np.maximum.reduceat(np.where(reopened, position, -1), first)
    cycle_start = np.maximum(last_reopening, first)
    resolution = earliest(resolving & (position >= cycle_start[owner]))
    resolved = resolution < len(events)
    first_resolution = earliest(resolving)
    moves = count(reassigned & (position < first_resolution[owner]))

    recorded = {
        name: np.array([getattr(call, name) for call in calls], np.bool_)
        for name in ("assignments_recorded", "reopenings_recorded", "escalations_recorded")
    }
    own_moves = [call.recorded_reassignments for call in calls]
    has_own_moves = np.array([m is not None for m in own_moves], np.bool_)
    moved = np.where(has_own_moves, [m or 0 for m in own_moves], count(reassigned))
    moves_known = has_own_moves | recorded["assignments_recorded"]
    reopens, escalations = count(reopened), count(escalated)
    reopens_known = recorded["reopenings_recorded"]
    escalations_known = recorded["escalations_recorded"]
    before_resolution = np.where(has_own_moves | ~recorded["assignments_recorded"], moved, moves)

    own_contact = [call.recorded_first_contact for call in calls]
    has_own_contact = np.array([c is not None for c in own_contact], np.bool_)
    contact_flag = np.array([bool(c) for c in own_contact], np.bool_)
    escalated_known = escalations_known & (escalations > 0)
    derived_contact = resolved & (moved == 0) & (reopens == 0) & ~escalated_known
    contact = np.where(has_own_contact, resolved & contact_flag, derived_contact)
    contact_known = has_own_contact | (moves_known & reopens_known)

    priorities = [event.priority for event in events]
    latest = np.maximum.reduceat(
        np.where(np.fromiter((p is not None for p in priorities), np.bool_), position, -1), first
    )
    opened = [events[i].at for i in first.tolist()]
    resolved_at = [
        events[i].at if r else None
        for i, r in zip(resolution.tolist(), resolved.tolist(), strict=True)
    ]
    current = []
    for call, index in zip(calls, latest.tolist(), strict=True):
        value = priorities[index] if index >= 0 else None
        current.append(value if isinstance(value, int) else call.priority)
    return {
        "priority": current,
        "opened_at": _epoch_seconds(opened),
        "resolved_at": [None if r is None else int(instant(r).timestamp()) for r in resolved_at],
        "updated_at": _epoch_seconds([events[i].at for i in last.tolist()]),
        "resolution_seconds": [
            None if r is None else seconds_between(o, r)
            for o, r in zip(opened, resolved_at, strict=True)
        ],
        "resolved": resolved.tolist(),
        "reassignment_count": _optional(moved, moves_known),
        "reopen_count": _optional(reopens, reopens_known),
        "escalation_count": _optional(escalations, escalations_known),
        "reopened": _optional(reopens > 0, reopens_known),
        "reassigned": _optional(moved > 0, moves_known),
        "escalated": _optional(escalations > 0, escalations_known),
        "first_contact_resolution": _optional(contact, contact_known),
        "first_assignment_resolution": _optional(resolved & (before_resolution == 0), moves_known),
    }
