"""The record an SLA condition sees after each event of a call.

Call fields (``kind``, ``service``, ``channel``, ``caller``, ``category``, ``component``,
``impact``, ``urgency``) are fixed. ``type``, ``actor`` and ``detail`` belong to the event just
applied. ``state``, ``priority`` and ``group`` carry the latest value an event gave (``priority``
starts at the call's priority at opening). ``reassignment_count`` and ``reopen_count`` count the
events so far, and are ``None`` (no data) for a call whose source does not record reassignments
or reopenings (``Call.assignments_recorded``, ``Call.reopenings_recorded``): a condition on a
count the source never kept then holds only as ``exists: false`` or ``ne``, as on any missing field.
"""

from __future__ import annotations

from xlacore.model.calls import Call, CallEvent, EventType

__all__ = ["call_record", "advance_record"]

_CARRIED = ("state", "priority", "group")
_COUNTERS = {EventType.REASSIGNED: "reassignment_count", EventType.REOPENED: "reopen_count"}


def call_record(call: Call) -> dict[str, object]:
    """The record before the first event: the call's fixed fields and its opening priority."""
    return {
        "kind": call.kind,
        "service": call.service,
        "channel": call.channel,
        "caller": call.caller,
        "category": call.category,
        "component": call.component,
        "impact": call.impact,
        "urgency": call.urgency,
        "priority": call.priority,
        "state": None,
        "group": None,
        "type": None,
        "actor": None,
        "detail": None,
        "reassignment_count": 0 if call.assignments_recorded else None,
        "reopen_count": 0 if call.reopenings_recorded else None,
    }


def advance_record(record: dict[str, object], event: CallEvent) -> None:
    """Update ``record`` in place to the call's fields after ``event``."""
    record["type"] = event.type
    record["actor"] = event.actor
    record["detail"] = event.detail
    for name in _CARRIED:
        value = getattr(event, name)
        if value is not None:
            record[name] = value
    counter = _COUNTERS.get(event.type)
    if counter is not None:
        count = record[counter]
        if isinstance(count, int):  # None: the source does not record these events
            record[counter] = count + 1
