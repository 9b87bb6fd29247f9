"""The mapping file: how the mapped connector reads a CSV or JSON Lines source.

A mapping is TOML (its JSON Schema ships beside this module as ``mapping.schema.json``).
``[source]`` says how the file is written, then exactly one of ``[calls]`` or
``[feedback]`` says which column fills which model field. ``[values.*]`` tables map raw
values (kinds, channels, priorities, statuses, event types) onto the model's. Keys are
checked strictly: an unknown key is an error naming its path and the mapping file.
"""

from __future__ import annotations

import difflib
import enum
import tomllib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

import attrs
from attrs import field, frozen

from xlacore.errors import InvalidInputError
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import Channel
from xlacore.serialization import from_dict

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = [
    "SCHEMA_PATH",
    "SourceSpec",
    "CallColumns",
    "EventColumns",
    "FeedbackColumns",
    "RecordedFacts",
    "ValueMaps",
    "MappingFile",
    "check_targets",
    "first_contact_resolution",
    "lacking_columns",
    "load_mapping",
    "named_columns",
    "Unknown",
    "unrecorded",
]

#: The JSON Schema of mapping files.
SCHEMA_PATH = Path(__file__).with_name("mapping.schema.json")

_FORMATS = ("csv", "jsonl", "parquet", "arrow")
_GROUPINGS = ("row_per_call", "row_per_event")
_CALL_FIELDS = ("first", "last")
#: Fields of the column tables that are settings, not column names.
_SETTINGS = frozenset(
    {"grouping", "call_fields", "kind_default", "about_kind", "scale_low", "scale_high"}
)


def _one_of(*allowed: str) -> Callable[[Any, Any, str], None]:
    def check(_: object, attribute: object, value: str) -> None:
        if value not in allowed:
            raise ValueError(f"must be one of {', '.join(allowed)}, got {value!r}")

    return check


@frozen
class SourceSpec:
    """How the file is written: format, CSV dialect, missing markers and timestamps.

    ``format`` is ``csv``, ``jsonl``, ``parquet`` or ``arrow`` (Arrow IPC; both need
    ``xlacore[arrow]``; a file that starts like one is read as such whatever ``format`` says).

    ``timezone`` is assumed for timestamps without an offset; ``date_formats`` are
    ``strptime`` patterns or ``"iso"``, tried in order.
    """

    format: str = field(default="csv", validator=_one_of(*_FORMATS))
    delimiter: str = ","
    quotechar: str = '"'
    encoding: str = "utf-8-sig"
    member: str | None = None
    missing: tuple[str, ...] = ("",)
    timezone: str = "UTC"
    date_formats: tuple[str, ...] = ("iso",)


@frozen
class EventColumns:
    """Columns of one event row (``grouping = "row_per_event"``).

    The event type comes from ``type`` through ``[values.event]``, or else from ``status``
    through ``[values.status]``; ``order`` sorts a call's rows (file order otherwise).
    """

    at: str
    type: str | None = None
    status: str | None = None
    group: str | None = None
    actor: str | None = None
    order: str | None = None

    @property
    def row_columns(self) -> tuple[str | None, str | None, str | None]:
        """The columns of a row's state, group and actor (``None``: not mapped)."""
        return self.status, self.group, self.actor


@frozen
class CallColumns:
    """Which column fills which field of a call.

    ``times`` maps event types to timestamp columns for one-row-per-call sources
    (``opened`` is required there); ``events`` describes event rows instead.
    ``kind_default`` is used when there is no ``kind`` column or its value is missing.
    ``attributes`` lists further columns kept as text in ``Call.attributes``.
    ``call_fields`` says which event row the call's own fields (service, priority, impact,
    attributes, …) come from when rows are events: ``first`` (at opening; a column empty
    there is taken from the first later row that has it) or ``last``.
    ``reassignments`` (a whole-number count of moves between groups) and ``first_contact``
    (a yes/no first-contact-resolution flag) name the columns where the source keeps its own
    verdict (``Call.recorded_reassignments``, ``Call.recorded_first_contact``); an empty
    value leaves the fact to the events.
    """

    id: str
    grouping: str = field(default="row_per_call", validator=_one_of(*_GROUPINGS))
    call_fields: str = field(default="first", validator=_one_of(*_CALL_FIELDS))
    times: Mapping[str, str] = field(factory=dict)
    events: EventColumns | None = None
    kind: str | None = None
    kind_default: str = "incident"
    channel: str | None = None
    service: str | None = None
    component: str | None = None
    category: str | None = None
    caller: str | None = None
    priority: str | None = None
    impact: str | None = None
    urgency: str | None = None
    caused_by_change: str | None = None
    problem: str | None = None
    knowledge: str | None = None
    reassignments: str | None = None
    first_contact: str | None = None
    status: str | None = None
    attributes: tuple[str, ...] = ()

    @property
    def field_columns(self) -> tuple[str, ...]:
        """The columns the call's own fields are read from (not its times or event rows)."""
        named = (
            self.id, self.kind, self.channel, self.service, self.component, self.category,
            self.caller, self.priority, self.impact, self.urgency, self.caused_by_change,
            self.problem, self.knowledge, self.reassignments, self.first_contact, self.status,
            *self.attributes,
        )  # fmt: skip
        return tuple(dict.fromkeys(c for c in named if c is not None))

    @property
    def columns(self) -> frozenset[str]:
        """Every column the mapping reads: the call's fields, its times or its event rows."""
        events = self.events
        rows = () if events is None else (events.at, events.type, events.order, *events.row_columns)
        return frozenset(c for c in (*self.field_columns, *self.times.values(), *rows) if c)

    def records(self, kind: EventType, values: ValueMaps) -> bool:
        """Whether the source says when ``kind`` (a move, reopening or escalation) happens.

        A one-row-per-call source does through a time column of that type in ``[calls.times]``.
        An event log does through a type or status value that ``[values.event]`` /
        ``[values.status]`` maps to it, and besides: moves through an event ``group`` column,
        reopenings through any type or status column (a row that makes a resolved call active
        again), escalations through a type column (the source's own event types may name
        them). Otherwise the fact is unknown (``Call.assignments_recorded``,
        ``reopenings_recorded`` or ``escalations_recorded`` is false): no data, never "none".
        """
        if kind.value in self.times:
            return True
        events = self.events
        if events is None:
            return False
        own = {
            EventType.REASSIGNED: events.group,
            EventType.REOPENED: events.type or events.status,
            EventType.ESCALATED: events.type,
        }
        if own.get(kind) is not None:
            return True
        tables = ((events.type, values.event), (events.status, values.status))
        return any(col is not None and kind.value in t.values() for col, t in tables)

    def recorded(self, values: ValueMaps) -> RecordedFacts:
        """Which of the counted facts (moves, reopenings, escalations) the source records."""
        return RecordedFacts(*(self.records(kind, values) for kind in RecordedFacts.KINDS))


#: A flag, or flags per call (an array of booleans).
Unknown = TypeVar("Unknown", bool, "NDArray[Any]")


@frozen
class RecordedFacts:
    """Which counted facts of its calls a mapped source records; the others are no data."""

    #: The event types counted, in the order of the fields.
    KINDS: ClassVar[tuple[EventType, ...]] = (
        EventType.REASSIGNED,
        EventType.REOPENED,
        EventType.ESCALATED,
    )

    assignments: bool = True
    reopenings: bool = True
    escalations: bool = True

    def unrecorded(self) -> dict[str, bool]:
        """Whether each call column resting on these facts is no data (see :func:`unrecorded`)."""
        return unrecorded(not self.assignments, not self.reopenings, not self.escalations)


def unrecorded(moves: Unknown, reopenings: Unknown, escalations: Unknown) -> dict[str, Unknown]:
    """Where each call column resting on a counted fact is no data, from where the facts are.

    Each argument is a flag, or an array of flags per call. First-contact resolution needs the
    moves and the reopenings; escalations count only when recorded
    (:attr:`Call.first_contact_resolution <xlacore.model.Call.first_contact_resolution>`).
    """
    return {
        "reassignment_count": moves,
        "reassigned": moves,
        "first_assignment_resolution": moves,
        "first_contact_resolution": moves | reopenings,
        "reopen_count": reopenings,
        "reopened": reopenings,
        "escalation_count": escalations,
        "escalated": escalations,
    }


def first_contact_resolution(
    resolved: NDArray[np.bool_],
    moves: NDArray[np.int64],
    reopenings: NDArray[np.int64],
    escalations: NDArray[np.int64],
    *,
    escalations_recorded: bool,
    own: np.ma.MaskedArray[Any, np.dtype[np.bool_]] | None = None,
) -> NDArray[np.bool_]:
    """Per call, whether it was resolved by the first group in one go, from its counts.

    The array form of :attr:`Call.first_contact_resolution
    <xlacore.model.calls.Call.first_contact_resolution>`, for the paths that derive calls as columns
    (:mod:`xlacore.frames.mapped`, :mod:`xlacore.connectors.eventlog_columns`): resolved with
    no move and no reopening, and no escalation when ``escalations_recorded``. ``own`` is the
    source's own flag, masked where a call has none: where given, resolved and flagged. Where
    the answer is no data is :func:`unrecorded`'s ``first_contact_resolution``, less the calls
    with a flag of their own.
    """
    found: NDArray[np.bool_] = resolved & (moves == 0) & (reopenings == 0)
    if escalations_recorded:
        found &= escalations == 0
    if own is None:
        return found
    given = ~own.mask  # a scalar when nothing is masked
    with_flags: NDArray[np.bool_] = (found & ~given) | (resolved & own.filled(False) & given)
    return with_flags


@frozen
class FeedbackColumns:
    """Which column fills which field of a survey answer, and the scale answers are on."""

    id: str
    about: str
    value: str
    answered_at: str
    scale_low: int
    scale_high: int
    about_kind: str = "call"
    person: str | None = None
    lost_time_seconds: str | None = None
    comment: str | None = None

    @property
    def columns(self) -> frozenset[str]:
        """Every column the mapping reads."""
        named = (self.id, self.about, self.value, self.answered_at, self.person,
                 self.lost_time_seconds, self.comment)  # fmt: skip
        return frozenset(c for c in named if c is not None)


@frozen
class ValueMaps:
    """Raw value → model value tables.

    ``kind`` → call kind, ``channel`` → canonical channel (added to the built-in aliases),
    ``priority``, ``impact`` and ``urgency`` → level from 1 (highest) for the column of that
    name (text such as ``"High"``; a value not in the table is read by its leading number),
    ``status`` and ``event`` → event type.
    """

    kind: Mapping[str, str] = field(factory=dict)
    channel: Mapping[str, str] = field(factory=dict)
    priority: Mapping[str, int] = field(factory=dict)
    impact: Mapping[str, int] = field(factory=dict)
    urgency: Mapping[str, int] = field(factory=dict)
    status: Mapping[str, str] = field(factory=dict)
    event: Mapping[str, str] = field(factory=dict)


@frozen
class MappingFile:
    """A whole mapping file."""

    source: SourceSpec = field(factory=SourceSpec)
    calls: CallColumns | None = None
    feedback: FeedbackColumns | None = None
    values: ValueMaps = field(factory=ValueMaps)
    description: str = ""
    chunk_size: int = 1000

    def __attrs_post_init__(self) -> None:
        if (self.calls is None) == (self.feedback is None):
            raise ValueError("a mapping has exactly one of [calls] or [feedback]")
        calls = self.calls
        if calls is not None and calls.grouping == "row_per_event" and calls.events is None:
            raise ValueError("[calls.events] is needed for row_per_event sources")
        check_targets(calls, self.values)

    def columns(self) -> Iterator[tuple[str, str]]:
        """Every source column the mapping names, with its key path (``calls.events.group``)."""
        if self.calls is not None:
            yield from named_columns(self.calls, "calls")
        if self.feedback is not None:
            yield from named_columns(self.feedback, "feedback")


def _problems(calls: CallColumns | None, values: ValueMaps) -> Iterator[str]:
    types = {t.value for t in EventType}
    if calls is not None:
        if calls.grouping == "row_per_call" and "opened" not in calls.times:
            yield "[calls.times] needs 'opened' for row_per_call sources"
        unknown = sorted(set(calls.times) - types)
        if unknown:
            yield (
                f"[calls.times] has unknown event types: {', '.join(unknown)}"
                f" (known: {', '.join(sorted(types))})"
            )
        yield from _targets([("[calls] kind_default", calls.kind_default)], CallKind, "call kind")
    tables: tuple[tuple[str, type[enum.Enum], str], ...] = (
        ("kind", CallKind, "call kind"),
        ("event", EventType, "event type"),
        ("status", EventType, "event type"),
        ("channel", Channel, "channel"),
    )
    for table, kinds, word in tables:
        entries = [(f"[values.{table}] {k!r}", v) for k, v in getattr(values, table).items()]
        yield from _targets(entries, kinds, word)
    for table in ("priority", "impact", "urgency"):
        for raw, level in getattr(values, table).items():
            if isinstance(level, bool) or not isinstance(level, int) or level < 1:
                yield (
                    f"[values.{table}] {raw!r} = {level!r} is no {table} level"
                    " (a whole number from 1, the highest)"
                )


def _targets(entries: list[tuple[str, str]], kinds: type[enum.Enum], word: str) -> Iterator[str]:
    known = sorted(str(k.value) for k in kinds)
    for where, value in entries:
        if value not in known:
            yield f"{where} = {value!r} is no {word} (known: {', '.join(known)})"


def check_targets(calls: CallColumns | None, values: ValueMaps) -> None:
    """Check what the mapping maps onto: event types, call kinds, channels and levels.

    Each ``[values.*]`` target, ``kind_default`` and the ``[calls.times]`` event types must
    be one the model knows, so a mistyped target is one error at load naming its entry and
    the known values, never a rejection of every row holding the raw value. Used by file
    and frame mappings alike.

    :raises ValueError: listing every problem.
    """
    problems = list(_problems(calls, values))
    if len(problems) == 1:
        raise ValueError(problems[0])
    if problems:
        raise ValueError("the mapping does not fit the model:\n    " + "\n    ".join(problems))


def lacking_columns(named: Iterable[tuple[str, str]], have: Sequence[str], where: str) -> list[str]:
    """One line per named column (key path, column) that ``have`` lacks.

    Each says the key path, the column, ``where`` it is missing (``the header of x.csv``) and
    the closest name there (``did you mean 'state'?``), or every name when none is close.
    """
    shown = ", ".join(repr(h) for h in have if h)
    lines = []
    for key, column in named:
        if column not in have:
            close = difflib.get_close_matches(column, have, n=1)
            hint = f"did you mean {close[0]!r}?" if close else f"it has: {shown}"
            lines.append(f"{key}: column {column!r} is not in {where}; {hint}")
    return lines


def named_columns(table: Any, path: str) -> Iterator[tuple[str, str]]:
    """The source columns a ``[calls]`` or ``[feedback]`` table names, with their key paths."""
    for attribute in attrs.fields(type(table)):
        value = getattr(table, attribute.name)
        where = f"{path}.{attribute.name}"
        if attribute.name in _SETTINGS or value is None:
            continue
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, tuple):
            yield from ((f"{where}[{i}]", v) for i, v in enumerate(value))
        elif isinstance(value, Mapping):
            yield from ((f"{where}.{k}", v) for k, v in value.items())
        else:
            yield from named_columns(value, where)


def load_mapping(path: str | Path) -> MappingFile:
    """Read and check a mapping file.

    :raises InvalidInputError: naming the file and, for each problem, its key path.
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInputError(
            [f"cannot read it ({exc})"], source=str(path), what="mapping"
        ) from None
    except tomllib.TOMLDecodeError as exc:
        raise InvalidInputError([str(exc)], source=str(path), what="mapping") from None
    mapping: MappingFile = from_dict(MappingFile, data, source=str(path))
    return mapping
