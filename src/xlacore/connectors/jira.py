"""The Jira Service Management connector: issues as the REST API returns them.

Built from Atlassian's published REST shapes (``GET /rest/api/3/issue/{key}?expand=changelog``
and the search response ``{"issues": [...]}``), not from a live site; the test fixtures are
written from those shapes. Input is a JSON array of issues, a search response, one issue, or
JSON Lines of issues (``.jsonl``, read line by line).

* ``fields.created`` opens the call; ``changelog.histories[]`` (ordered by ``created``) give
  events: ``status`` items by what the new status means (resolved, closed, paused, resumed,
  reopened when leaving a resolved or closed status), ``assignee`` items assigned or
  reassigned, ``priority`` items priority_changed.
* SLA fields are recognised by their shape (``completedCycles`` / ``ongoingCycle``); each
  one's outcome goes into ``attributes`` as ``sla.<name>.breached``, ``.goal_ms`` and
  ``.elapsed_ms`` (of its latest cycle), and ``made_sla`` is ``false`` when any breached.
* The satisfaction field (``{"rating": 1..5}``) becomes :class:`Feedback` about the call on
  the 1–5 scale, answered at the resolution date (else the last update); the REST field
  carries no time of its own.

Each issue is structured into typed classes of the parts read here by a private cattrs
converter with xlacore's strict types (:func:`~xlacore.serialization.payload_converter`),
which ignores every other key; a wrong shape is rejected naming its key path
(``changelog.histories[1].created: ...``).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

from attrs import field, frozen
from cattrs.errors import BaseValidationError

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.chunks import chunked
from xlacore.connectors.files import open_text
from xlacore.connectors.protocol import Batch
from xlacore.connectors.states import state_event, state_kind
from xlacore.errors import ConnectorError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.model.feedback import ONE_TO_FIVE, Feedback, Subject
from xlacore.serialization import key_paths, payload_converter

__all__ = ["JiraOptions", "JiraConnector", "JIRA"]

T = TypeVar("T")

_KINDS = {
    "incident": CallKind.INCIDENT,
    "service request": CallKind.REQUEST,
    "service request with approvals": CallKind.REQUEST,
    "task": CallKind.REQUEST,
    "change": CallKind.CHANGE,
    "problem": CallKind.PROBLEM,
    "question": CallKind.QUESTION,
}
_PRIORITIES = {"highest": 1, "high": 2, "medium": 3, "low": 4, "lowest": 5}


@frozen
class JiraOptions:
    """How to read Jira issues.

    ``satisfaction_field`` and ``channel_field`` name custom fields (``customfield_10034``);
    without ``satisfaction_field`` a field holding ``{"rating": n}`` is found by its shape.
    ``issue_types`` maps issue type names onto call kinds (added to the built-in table).
    """

    satisfaction_field: str | None = None
    channel_field: str | None = None
    service_field: str | None = None
    issue_types: Mapping[str, str] = field(factory=dict)
    channels: Mapping[str, str] = field(factory=dict)
    chunk_size: int = 1000


class _BadIssue(ValueError):
    """An issue that cannot be read; rejected with this message."""


def _issues(path: Path, account: IngestAccount) -> Iterator[tuple[Location, Any]]:
    source = str(path)
    with open_text(path) as text:
        if ".jsonl" in path.name.lower():
            for line, raw in enumerate(text, start=1):
                if raw.strip():
                    try:
                        yield Location(source, line), json.loads(raw)
                    except ValueError as exc:
                        account.reject(Location(source, line), f"not JSON ({exc})")
            return
        try:
            data = json.load(text)
        except ValueError as exc:
            raise ConnectorError(f"{source}: not JSON ({exc})") from None
    if isinstance(data, dict):
        data = data["issues"] if isinstance(data.get("issues"), list) else [data]
    if not isinstance(data, list):
        raise ConnectorError(f"{source}: expected issues (an array, or an object with 'issues')")
    for index, issue in enumerate(data):
        yield Location(source, key=f"$[{index}]"), issue


@frozen
class _Item:
    """One changed field of a history entry."""

    field: str | None = None
    fromString: str | None = None
    toString: str | None = None


@frozen
class _History:
    """One ``changelog.histories[]`` entry: who changed what, when."""

    created: datetime
    items: tuple[_Item, ...] | None = None
    author: Any = None


@frozen
class _Changelog:
    histories: tuple[_History, ...] | None = None


@frozen
class _Issue:
    """The envelope of an issue; ``fields`` stay a mapping (custom fields have site ids)."""

    key: str
    fields: dict[str, Any]
    changelog: _Changelog | None = None


@frozen
class _Times:
    """The times the connector reads from ``fields``."""

    created: datetime
    resolutiondate: datetime | None = None
    updated: datetime | None = None


@frozen
class _Duration:
    millis: int | None = None


@frozen
class _Cycle:
    """One SLA cycle, completed or ongoing."""

    breached: bool | None = None
    goalDuration: _Duration | None = None
    elapsedTime: _Duration | None = None


@frozen
class _Sla:
    """An SLA field, recognised by its shape."""

    name: str | None = None
    completedCycles: tuple[_Cycle, ...] | None = None
    ongoingCycle: _Cycle | None = None


@frozen
class _Rating:
    """The satisfaction field."""

    rating: int | None = None
    comment: str | None = None


def _structure_fields(value: object, _: type) -> dict[str, Any]:
    """``fields`` as they are: an object whose values each reader checks for itself."""
    if not isinstance(value, Mapping):
        raise TypeError(f"expected an object with keys, got {type(value).__name__}")
    return dict(value)


_CONVERTER = payload_converter()
_CONVERTER.register_structure_hook_func(lambda tp: tp == dict[str, Any], _structure_fields)


def _structure(value: object, cls: type[T], path: str = "") -> T:
    """``value`` (found at ``path``) as ``cls``; a wrong shape is rejected naming its key path."""
    try:
        return _CONVERTER.structure(value, cls)
    except (BaseValidationError, TypeError, ValueError, KeyError) as exc:
        raise _BadIssue("; ".join(_at(path, p) for p in key_paths(exc))) from None


def _at(path: str, problem: str) -> str:
    """``problem`` (relative to a value) relative to the issue: ``fields.created: ...``."""
    where, _, what = problem.partition(": ")
    if where == "$":
        return f"{path or 'the issue'}: {what}"
    return f"{path}.{where}: {what}" if path else problem


def _name(value: object) -> str | None:
    """The display text of a Jira value: a string, or an object's name/value/displayName."""
    if isinstance(value, str):
        return value or None
    if isinstance(value, dict):
        for key in ("name", "value", "displayName", "accountId"):
            text = value.get(key)
            if isinstance(text, str) and text:
                return text
    return None


def _is_sla(value: object) -> bool:
    return isinstance(value, dict) and ("completedCycles" in value or "ongoingCycle" in value)


def _sla_attributes(fields: Mapping[str, Any]) -> dict[str, str]:
    attributes: dict[str, str] = {}
    breached_any = None
    for field_id, value in sorted(fields.items()):
        if not _is_sla(value):
            continue
        sla = _structure(value, _Sla, f"fields.{field_id}")
        name = field_id if sla.name is None else sla.name
        cycles = [*(sla.completedCycles or ()), *([sla.ongoingCycle] if sla.ongoingCycle else [])]
        if not cycles:
            continue
        breached = any(c.breached is True for c in cycles)
        breached_any = breached or bool(breached_any)
        latest = cycles[-1]
        attributes[f"sla.{name}.breached"] = "true" if breached else "false"
        attributes[f"sla.{name}.cycles"] = str(len(cycles))
        for duration, label in (
            (latest.goalDuration, "goal_ms"),
            (latest.elapsedTime, "elapsed_ms"),
        ):
            if duration is not None and duration.millis is not None:
                attributes[f"sla.{name}.{label}"] = str(duration.millis)
    if breached_any is not None:
        attributes["made_sla"] = "false" if breached_any else "true"
    return attributes


@frozen
class _Reader:
    options: JiraOptions
    channels: ChannelMap
    kinds: Mapping[str, CallKind]

    def events(
        self, created: datetime, fields: Mapping[str, Any], issue: _Issue, notes: list[str]
    ) -> list[CallEvent]:
        status = _name(fields.get("status"))
        assignee = None
        events = [CallEvent(EventType.OPENED, created)]
        histories = (issue.changelog.histories if issue.changelog else None) or ()
        timed = sorted(
            ((history.created, index, history) for index, history in enumerate(histories)),
            key=lambda t: (t[0], t[1]),
        )
        # the status before the first change is the first item's "from" (else the current one)
        current = next(
            (i.fromString for _, _, h in timed for i in h.items or () if i.field == "status"),
            status,
        )
        for recorded, _, history in timed:
            at = max(recorded, events[-1].at)
            if at != recorded:
                notes.append(
                    f"history at {recorded.isoformat()} is before the issue was created;"
                    " its events take the creation time"
                )
            actor = _name(history.author)
            for item in history.items or ():
                kind, to = item.field, item.toString
                if kind == "status" and to is not None:
                    before, now = state_kind(current), state_kind(to)
                    event = (
                        EventType.REOPENED
                        if before.closing and now.active
                        else state_event(before, now)
                    )
                    current = to
                    events.append(CallEvent(event, at, actor, state=current))
                elif kind == "assignee":
                    event = EventType.ASSIGNED if assignee is None else EventType.REASSIGNED
                    assignee = to
                    events.append(CallEvent(event, at, actor, state=current, detail=to))
                elif kind == "priority" and to is not None:
                    level = _PRIORITIES.get(to.casefold())
                    events.append(
                        CallEvent(
                            EventType.PRIORITY_CHANGED, at, actor, state=current, priority=level
                        )
                    )
        return events

    def read(self, raw: object, notes: list[str]) -> tuple[Call, Feedback | None]:
        issue = _structure(raw, _Issue)
        key, fields = issue.key, issue.fields
        if not key:
            raise _BadIssue("key: must not be empty")
        times = _structure(fields, _Times, "fields")
        events = self.events(times.created, fields, issue, notes)
        type_name = (_name(fields.get("issuetype")) or "").casefold()
        raw_channel = (
            _name(fields.get(self.options.channel_field)) if self.options.channel_field else None
        )
        priority_name = _name(fields.get("priority"))
        attributes = _sla_attributes(fields)
        status = _name(fields.get("status"))
        if status is not None:
            attributes["status"] = status
        if raw_channel is not None:
            attributes["channel"] = raw_channel
        service = (
            _name(fields.get(self.options.service_field)) if self.options.service_field else None
        )
        call = Call(
            id=key,
            kind=self.kinds.get(type_name, CallKind.INCIDENT),
            events=events,  # mypy reads the converter as Iterable[_T_co]
            service=service,
            channel=self.channels.normalise(raw_channel),
            caller=_name(fields.get("reporter")),
            priority=None if priority_name is None else _PRIORITIES.get(priority_name.casefold()),
            attributes=attributes,
            escalations_recorded=False,  # the export has no escalation events
        )
        return call, self.satisfaction(key, fields, times, call)

    def satisfaction(
        self, key: str, fields: Mapping[str, Any], times: _Times, call: Call
    ) -> Feedback | None:
        name = self.options.satisfaction_field or next(
            (
                k
                for k, v in fields.items()
                if isinstance(v, dict) and set(v) >= {"rating"} and not _is_sla(v)
            ),
            None,
        )
        value = fields.get(name) if name else None
        if not isinstance(value, dict):
            return None
        answer = _structure(value, _Rating, f"fields.{name}")
        if answer.rating is None:
            return None
        if answer.rating not in ONE_TO_FIVE:
            raise _BadIssue(
                f"fields.{name}.rating: satisfaction rating {answer.rating} is outside 1..5"
            )
        return Feedback(
            id=f"{key}/satisfaction",
            about=Subject("call", key),
            scale=ONE_TO_FIVE,
            value=answer.rating,
            answered_at=times.resolutiondate or times.updated or call.events[-1].at,
            comment=answer.comment,
        )


class JiraConnector:
    """Reads Jira Service Management issues (see the module documentation)."""

    name = "jira"
    options_type = JiraOptions

    def read(self, path: Path, options: JiraOptions, account: IngestAccount) -> Iterator[Batch]:
        """Yield batches of calls and satisfaction answers; every issue is accounted for."""
        kinds = {**_KINDS}
        for raw, kind in options.issue_types.items():
            try:
                kinds[raw.casefold()] = CallKind(kind)
            except ValueError:
                raise ConnectorError(f"jira options: issue_types: unknown kind {kind!r}") from None
        reader = _Reader(options, ChannelMap.default().extended(options.channels), kinds)
        seen: set[str] = set()

        def records() -> Iterator[tuple[Call, Feedback | None]]:
            for location, issue in _issues(path, account):
                key = issue.get("key") if isinstance(issue, dict) else None
                record = key if isinstance(key, str) and key else location.key
                where = Location(location.source, location.line, record, location.key)
                notes: list[str] = []
                try:
                    call, answer = reader.read(issue, notes)
                    if call.id in seen:
                        raise _BadIssue(f"duplicate issue key {call.id}")
                except (_BadIssue, ValueError) as exc:
                    account.reject(where, str(exc))
                    continue
                seen.add(call.id)
                account.accept()
                for note in notes:
                    account.warn(where, note)
                yield call, answer

        for chunk in chunked(records(), options.chunk_size):
            yield Batch(
                calls=tuple(call for call, _ in chunk),
                feedback=tuple(answer for _, answer in chunk if answer is not None),
            )


JIRA = JiraConnector()
"""The Jira Service Management connector, registered as ``jira``.

:meta hide-value:
"""
