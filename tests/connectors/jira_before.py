"""The Jira reader as it was before issue 18 (hand-written checks): the test reference.

The property in ``test_jira.py`` reads every generated valid issue with this and with the
typed reader of :mod:`xlacore.connectors.jira` and asks for the same calls and answers.
Not a connector: nothing registers it. What follows is the old module text, unchanged.

The Jira Service Management connector: issues as the REST API returns them.

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
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from attrs import field, frozen

from xlacore.connectors.account import IngestAccount, Location
from xlacore.connectors.chunks import chunked
from xlacore.connectors.files import open_text
from xlacore.connectors.protocol import Batch
from xlacore.connectors.states import state_event, state_kind
from xlacore.errors import ConnectorError
from xlacore.model.calls import Call, CallEvent, CallKind, EventType
from xlacore.model.channels import ChannelMap
from xlacore.model.feedback import ONE_TO_FIVE, Feedback, Subject

__all__ = ["JiraOptions", "JiraConnector", "JIRA"]

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


def _time(value: object, where: str) -> datetime:
    if not isinstance(value, str):
        raise _BadIssue(f"{where}: expected a timestamp string, got {value!r}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise _BadIssue(f"{where}: {value!r} is not an ISO 8601 timestamp") from None
    if parsed.tzinfo is None:
        raise _BadIssue(f"{where}: {value!r} has no offset")
    return parsed


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


def _millis(cycle: Mapping[str, Any], key: str) -> str | None:
    value = cycle.get(key)
    millis = value.get("millis") if isinstance(value, dict) else None
    return str(millis) if isinstance(millis, int) else None


def _sla_attributes(fields: Mapping[str, Any]) -> dict[str, str]:
    attributes: dict[str, str] = {}
    breached_any = None
    for field_id, value in sorted(fields.items()):
        if not _is_sla(value):
            continue
        name = value.get("name") if isinstance(value.get("name"), str) else field_id
        cycles = [c for c in value.get("completedCycles") or [] if isinstance(c, dict)]
        ongoing = value.get("ongoingCycle")
        if isinstance(ongoing, dict):
            cycles.append(ongoing)
        if not cycles:
            continue
        breached = any(c.get("breached") is True for c in cycles)
        breached_any = breached or bool(breached_any)
        latest = cycles[-1]
        attributes[f"sla.{name}.breached"] = "true" if breached else "false"
        attributes[f"sla.{name}.cycles"] = str(len(cycles))
        for key, label in (("goalDuration", "goal_ms"), ("elapsedTime", "elapsed_ms")):
            millis = _millis(latest, key)
            if millis is not None:
                attributes[f"sla.{name}.{label}"] = millis
    if breached_any is not None:
        attributes["made_sla"] = "false" if breached_any else "true"
    return attributes


@frozen
class _Reader:
    options: JiraOptions
    channels: ChannelMap
    kinds: Mapping[str, CallKind]

    def events(
        self, created: datetime, fields: Mapping[str, Any], issue: Any, notes: list[str]
    ) -> list[CallEvent]:
        status = _name(fields.get("status"))
        assignee = None
        events = [CallEvent(EventType.OPENED, created)]
        changelog = issue.get("changelog") or {}
        if not isinstance(changelog, dict):
            raise _BadIssue("changelog: expected an object")
        histories = changelog.get("histories") or []
        if not isinstance(histories, list):
            raise _BadIssue("changelog.histories: expected a list")
        timed = []
        for index, history in enumerate(histories):
            if not isinstance(history, dict) or not isinstance(history.get("items") or [], list):
                raise _BadIssue(f"changelog.histories[{index}]: expected an object with items")
            timed.append(
                (
                    _time(history.get("created"), f"changelog.histories[{index}].created"),
                    index,
                    history,
                )
            )
        timed.sort(key=lambda t: (t[0], t[1]))
        # the status before the first change is the first item's "from" (else the current one)
        current = next(
            (
                i.get("fromString")
                for _, _, h in timed
                for i in h.get("items") or []
                if isinstance(i, dict) and i.get("field") == "status"
            ),
            status,
        )
        for recorded, _, history in timed:
            at = max(recorded, events[-1].at)
            if at != recorded:
                notes.append(
                    f"history at {recorded.isoformat()} is before the issue was created;"
                    " its events take the creation time"
                )
            actor = _name(history.get("author"))
            for item in history.get("items") or []:
                if not isinstance(item, dict):
                    continue
                kind = item.get("field")
                to = item.get("toString") if isinstance(item.get("toString"), str) else None
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

    def read(self, issue: Any, notes: list[str]) -> tuple[Call, Feedback | None]:
        if not isinstance(issue, dict):
            raise _BadIssue("an issue must be a JSON object")
        key = issue.get("key")
        fields = issue.get("fields")
        if not isinstance(key, str) or not key or not isinstance(fields, dict):
            raise _BadIssue("an issue needs 'key' and 'fields'")
        created = _time(fields.get("created"), "fields.created")
        events = self.events(created, fields, issue, notes)
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
        )
        return call, self.satisfaction(key, fields, call)

    def satisfaction(self, key: str, fields: Mapping[str, Any], call: Call) -> Feedback | None:
        name = self.options.satisfaction_field
        value = (
            fields.get(name)
            if name
            else next(
                (
                    v
                    for v in fields.values()
                    if isinstance(v, dict) and set(v) >= {"rating"} and not _is_sla(v)
                ),
                None,
            )
        )
        if not isinstance(value, dict) or value.get("rating") is None:
            return None
        rating = value["rating"]
        if isinstance(rating, bool) or not isinstance(rating, int) or rating not in ONE_TO_FIVE:
            raise _BadIssue(f"satisfaction rating {rating!r} is outside 1..5")
        when = fields.get("resolutiondate") or fields.get("updated")
        answered = _time(when, "fields.resolutiondate") if when else call.events[-1].at
        comment = value.get("comment")
        return Feedback(
            id=f"{key}/satisfaction",
            about=Subject("call", key),
            scale=ONE_TO_FIVE,
            value=rating,
            answered_at=answered,
            comment=comment if isinstance(comment, str) else None,
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
"""The Jira Service Management connector, registered as ``jira``."""
