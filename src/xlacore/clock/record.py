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

__all__ = ["CALL_FIELDS", "CARRIED", "COUNTERS", "EVENT_FIELDS", "call_record", "advance_record"]

CALL_FIELDS = ("kind", "service", "channel", "caller", "category", "component", "impact", "urgency")
"""The call's own fields, fixed for its life."""
EVENT_FIELDS = ("type", "actor", "detail")
"""The fields of the event just applied."""
CARRIED = ("state", "priority", "group")
"""The latest value an event gave (``priority`` starts at the call's own)."""
COUNTERS = {
    "reassignment_count": (EventType.REASSIGNED, "assignments_recorded"),
    "reopen_count": (EventType.REOPENED, "reopenings_recorded"),
}
"""Each count: the events it counts, and the call's flag that says whether its source records
them (without it the count is ``None``)."""

_COUNTER_OF = {kind: name for name, (kind, _) in COUNTERS.items()}


def call_record(call: Call) -> dict[str, object]:
    """The record before the first event: the call's fixed fields and its opening priority."""
    record: dict[str, object] = {name: getattr(call, name) for name in CALL_FIELDS}
    record |= dict.fromkeys((*CARRIED, *EVENT_FIELDS))
    record["priority"] = call.priority
    for name, (_, recorded) in COUNTERS.items():
        record[name] = 0 if getattr(call, recorded) else None
    return record


def advance_record(record: dict[str, object], event: CallEvent) -> None:
    """Update ``record`` in place to the call's fields after ``event``."""
    record["type"] = event.type
    record["actor"] = event.actor
    record["detail"] = event.detail
    for name in CARRIED:
        value = getattr(event, name)
        if value is not None:
            record[name] = value
    counter = _COUNTER_OF.get(event.type)
    if counter is not None:
        count = record[counter]
        if isinstance(count, int):  # None: the source does not record these events
            record[counter] = count + 1
