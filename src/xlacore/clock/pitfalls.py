"""Warnings for SLA definitions that are valid but almost surely not what was meant.

ServiceNow documents three traps, detected here:

* ``start-within-stop``: every record that matches ``start`` also matches ``stop``, so the SLA
  never attaches.
* ``start-within-pause``: every record that matches ``start`` also matches ``pause``, so an
  attached SLA is paused for ever.
* ``start-excludes-pause``: no record matches both ``start`` and ``pause`` while
  ``cancel_when`` is ``start_not_met``, so pausing cancels the SLA instead.

Two detectors, each sound for what it reports: a *structural* one that proves implication
or exclusion from the comparisons themselves (``eq``, ``in``, ``ne``, ``exists`` on the same
field, through ``all``/``any``/``not``; other comparisons are never used as proof), and an
optional *sample* one that checks the records of given calls after each of their events.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable

from attrs import frozen

from xlacore.clock.record import advance_record, call_record
from xlacore.errors import XlaCoreConfigWarning
from xlacore.model.calls import Call
from xlacore.model.conditions import AllOf, AnyOf, Compare, Condition, Not, Op, Scalar, matches
from xlacore.model.sla import CancelWhen, SlaDefinition

__all__ = ["Pitfall", "implies", "excludes", "check_definition"]


@frozen
class Pitfall:
    """One detected trap: a stable ``code`` and a message naming the definition and the fix."""

    code: str
    message: str


def _values(condition: Compare) -> frozenset[Scalar] | None:
    if condition.op is Op.EQ and not isinstance(condition.value, tuple):
        return frozenset((condition.value,))
    if condition.op is Op.IN and isinstance(condition.value, tuple):
        return frozenset(condition.value)
    return None


def _compare_implies(a: Compare, b: Compare) -> bool:
    if a == b:
        return True
    if a.field != b.field:
        return False
    values = _values(a)
    if b.op is Op.EXISTS:
        presence = a.op not in (Op.NE, Op.EXISTS) or a.value is True
        return presence is b.value
    wanted = _values(b)
    if wanted is not None:
        return values is not None and values <= wanted
    if b.op is Op.NE:
        return values is not None and b.value not in values
    return False


def _compare_excludes(a: Compare, b: Compare) -> bool:
    if a.field != b.field:
        return False
    left, right = _values(a), _values(b)
    if left is not None and right is not None:
        return not left & right
    for one, other, values in ((a, b, left), (b, a, right)):
        if values is not None and other.op is Op.NE and values == {other.value}:
            return True
        if one.op is Op.EXISTS and one.value is False and other.op not in (Op.NE, Op.EXISTS):
            return True
    return a.op is Op.EXISTS and b.op is Op.EXISTS and a.value is not b.value


def implies(a: Condition, b: Condition) -> bool:
    """Whether every record matching ``a`` provably matches ``b`` (``False`` when unsure)."""
    if a == b:
        return True
    if isinstance(b, AllOf):
        return all(implies(a, part) for part in b.conditions)
    if isinstance(a, AnyOf):
        return all(implies(part, b) for part in a.conditions)
    if isinstance(b, AnyOf):
        return any(implies(a, part) for part in b.conditions)
    if isinstance(a, AllOf):
        return any(implies(part, b) for part in a.conditions)
    if isinstance(b, Not):
        return excludes(a, b.condition)
    if isinstance(a, Compare) and isinstance(b, Compare):
        return _compare_implies(a, b)
    return False


def excludes(a: Condition, b: Condition) -> bool:
    """Whether no record can match both ``a`` and ``b`` provably (``False`` when unsure)."""
    if isinstance(a, AnyOf):
        return all(excludes(part, b) for part in a.conditions)
    if isinstance(b, AnyOf):
        return all(excludes(a, part) for part in b.conditions)
    if isinstance(a, AllOf):
        return any(excludes(part, b) for part in a.conditions)
    if isinstance(b, AllOf):
        return any(excludes(a, part) for part in b.conditions)
    if isinstance(a, Not):
        return implies(b, a.condition)
    if isinstance(b, Not):
        return implies(a, b.condition)
    return _compare_excludes(a, b)


def _records(samples: Iterable[Call]) -> list[dict[str, object]]:
    records = []
    for call in samples:
        record = call_record(call)
        for event in call.events:
            advance_record(record, event)
            records.append(dict(record))
    return records


def check_definition(
    definition: SlaDefinition, samples: Iterable[Call] = ()
) -> tuple[Pitfall, ...]:
    """Detect the three traps; warn with :class:`~xlacore.errors.XlaCoreConfigWarning` for each.

    ``samples`` are calls whose records (after each event) serve as evidence besides the
    structure of the conditions: a trap is reported when it holds for every sample record
    where the relevant condition matched at least once.
    """
    records = _records(samples)
    start, stop, pause = definition.start, definition.stop, definition.pause
    starting = [r for r in records if matches(start, r)]
    name = definition.name
    found: list[Pitfall] = []
    if implies(start, stop) or (starting and all(matches(stop, r) for r in starting)):
        found.append(
            Pitfall(
                "start-within-stop",
                f"SLA {name!r}: every record matching the start condition also matches the stop "
                "condition, so the SLA never attaches; narrow the stop condition",
            )
        )
    if pause is not None:
        if implies(start, pause) or (starting and all(matches(pause, r) for r in starting)):
            found.append(
                Pitfall(
                    "start-within-pause",
                    f"SLA {name!r}: every record matching the start condition also matches the "
                    "pause condition, so the SLA stays paused for ever; narrow the pause condition",
                )
            )
        pausing = [r for r in records if matches(pause, r)]
        evidence = bool(pausing) and not any(matches(start, r) for r in pausing)
        if definition.cancel_when is CancelWhen.START_NOT_MET and (
            excludes(start, pause) or evidence
        ):
            found.append(
                Pitfall(
                    "start-excludes-pause",
                    f"SLA {name!r}: no record matches both the start and the pause condition and "
                    "the SLA cancels when start no longer matches, so pausing cancels it; let "
                    "the start condition include the paused states or cancel on a cancel condition",
                )
            )
    for pitfall in found:
        warnings.warn(pitfall.message, XlaCoreConfigWarning, stacklevel=2)
    return tuple(found)
