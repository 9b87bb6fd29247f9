"""The Jira Service Management connector on fixtures written from the published REST shapes."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st
from tests.connectors import jira_before as before

from xlacore.connectors import ingest
from xlacore.connectors.jira import _KINDS, JIRA, JiraOptions, _Reader
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import Channel, ChannelMap

FIXTURE = Path(__file__).resolve().parent.parent / "data" / "jira" / "search_response.json"


def test_search_response() -> None:
    result = ingest(JIRA, FIXTURE, JiraOptions(channel_field="customfield_10040"))
    account = result.account
    assert (account.records_read, account.accepted, account.rejected) == (3, 2, 1)
    rejection = account.rejections[0]
    assert rejection.location.record == "SD-3"
    assert rejection.location.key == "$[2]"
    assert "fields.created" in rejection.reason
    sd1, sd2 = result.calls
    assert [e.type for e in sd1.events] == [
        EventType.OPENED,
        EventType.ASSIGNED,
        EventType.STATUS_CHANGED,
        EventType.PAUSED,
        EventType.RESUMED,
        EventType.REASSIGNED,
        EventType.PRIORITY_CHANGED,
        EventType.CLOSED,
    ]
    assert sd1.kind is CallKind.INCIDENT
    assert sd1.channel is Channel.EMAIL
    assert sd1.priority == 2
    assert sd1.reassignment_count == 1
    assert sd1.resolution_seconds == 30 * 3600
    assert sd1.attributes["made_sla"] == "false"
    assert sd1.attributes["sla.Time to resolution.breached"] == "true"
    assert sd1.attributes["sla.Time to resolution.goal_ms"] == "28800000"
    assert sd1.attributes["sla.Time to first response.breached"] == "false"
    assert sd2.kind is CallKind.REQUEST
    assert sd2.attributes["made_sla"] == "true"
    assert sd2.attributes["sla.Time to resolution.elapsed_ms"] == "3600000"
    (answer,) = result.feedback
    assert (answer.value, answer.scale.low, answer.scale.high) == (2, 1, 5)
    assert answer.about.id == "SD-1"
    assert answer.comment == "took too long"


def test_jsonl_array_and_bad_rating(tmp_path: Path) -> None:
    issues = json.loads(FIXTURE.read_text())["issues"][:2]
    bad = json.loads(json.dumps(issues[0]))
    bad["key"] = "SD-9"
    bad["fields"]["customfield_10030"] = {"rating": 9}
    lines = [json.dumps(i) for i in [*issues, bad, issues[0]]]
    jsonl = tmp_path / "issues.jsonl"
    jsonl.write_text("\n".join(lines) + "\n{oops\n")
    account = ingest(JIRA, jsonl).account
    assert (account.records_read, account.accepted, account.rejected) == (5, 2, 3)
    reasons = {r.location.line: r.reason for r in account.rejections}
    assert "outside 1..5" in reasons[3]
    assert "duplicate issue key SD-1" in reasons[4]
    assert "not JSON" in reasons[5]
    array = tmp_path / "issues.json"
    array.write_text(json.dumps(issues))
    assert len(ingest(JIRA, array).calls) == 2


# -- the typed payload: where a bad issue is wrong ------------------------------------------
def _issue(**changes: object) -> dict[str, object]:
    issue: dict[str, object] = json.loads(FIXTURE.read_text())["issues"][0]
    issue.update(changes)
    return issue


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (
            lambda i: i["changelog"]["histories"][1]["items"][0].update(toString=7),
            "changelog.histories[1].items[0].toString: expected a string, got int",
        ),
        (
            lambda i: i["changelog"]["histories"][0].update(created="yesterday"),
            "changelog.histories[0].created: 'yesterday' is not an ISO 8601 date-time",
        ),
        (
            lambda i: i["changelog"].update(histories={}),
            "changelog.histories: expected a list, got dict",
        ),
        (
            lambda i: i["fields"].update(created="2024-03-04T09:00:00"),
            "fields.created: naive datetime; a time zone is required",
        ),
        (
            lambda i: i["fields"].update(resolutiondate=20240305),
            "fields.resolutiondate: expected an ISO 8601 date-time string, got int",
        ),
        (
            lambda i: i["fields"]["customfield_10021"]["completedCycles"][0].update(breached="yes"),
            "fields.customfield_10021.completedCycles[0].breached: expected true or false, got str",
        ),
        (
            lambda i: i["fields"]["customfield_10021"]["completedCycles"][0]["goalDuration"].update(
                millis="8h"
            ),
            "fields.customfield_10021.completedCycles[0].goalDuration.millis:"
            " expected a whole number, got str",
        ),
        (
            lambda i: i["fields"]["customfield_10030"].update(rating=True),
            "fields.customfield_10030.rating: expected a whole number, got bool",
        ),
        (lambda i: i.update(fields=[]), "fields: expected an object with keys, got list"),
        (lambda i: i.pop("fields"), "fields: required key missing"),
    ],
)
def test_a_wrong_type_names_its_key_path_and_the_issue(
    tmp_path: Path, change: Callable[[dict[str, Any]], object], reason: str
) -> None:
    bad = _issue(key="SD-7")
    change(bad)
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([_issue(), bad]))
    account = ingest(JIRA, path).account
    assert (account.records_read, account.accepted, account.rejected) == (2, 1, 1)
    (rejection,) = account.rejections
    assert (rejection.location.record, rejection.location.key) == ("SD-7", "$[1]")
    assert rejection.reason == reason


def test_a_wrong_key_or_a_non_object_is_rejected_at_its_place(tmp_path: Path) -> None:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps([_issue(key=12), ["not", "an", "issue"], _issue(key="")]))
    account = ingest(JIRA, path).account
    assert (account.records_read, account.accepted, account.rejected) == (3, 0, 3)
    reasons = {r.location.key: r.reason for r in account.rejections}
    assert reasons == {
        "$[0]": "key: expected a string, got int",
        "$[1]": "the issue: expected an object with keys, got list",
        "$[2]": "key: must not be empty",
    }


def test_unknown_keys_anywhere_are_ignored(tmp_path: Path) -> None:
    issue = _issue()
    issue["expand"] = "renderedFields"
    issue["changelog"]["maxResults"] = 100
    issue["changelog"]["histories"][0]["id"] = "10001"
    issue["changelog"]["histories"][0]["items"][0]["fieldtype"] = "jira"
    issue["fields"]["customfield_10010"]["_links"] = {"self": "https://example.test"}
    path = tmp_path / "issue.json"
    path.write_text(json.dumps(issue))
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(_issue()))
    options = JiraOptions(channel_field="customfield_10040")
    assert ingest(JIRA, path, options).calls == ingest(JIRA, plain, options).calls


# -- the typed reader reads every valid issue as the hand-checked one did -------------------
_STATUSES = ["Open", "In Progress", "Waiting for customer", "Resolved", "Done", "Closed", "Odd"]
_times = st.datetimes(
    min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1), timezones=st.just(UTC)
).map(lambda t: t.astimezone(timezone(timedelta(hours=1))).isoformat())
_names = st.one_of(
    st.none(),
    st.sampled_from(["alice", "bob", ""]),
    st.fixed_dictionaries({"displayName": st.sampled_from(["Alice", "Bob"])}),
)
_items = st.one_of(
    st.fixed_dictionaries(
        {
            "field": st.just("status"),
            "fromString": st.sampled_from(_STATUSES),
            "toString": st.sampled_from(_STATUSES),
        }
    ),
    st.fixed_dictionaries(
        {"field": st.just("assignee"), "toString": st.none() | st.sampled_from(["Ann", "Bo"])}
    ),
    st.fixed_dictionaries(
        {
            "field": st.just("priority"),
            "toString": st.sampled_from(["Highest", "High", "Medium", "Low", "Lowest", "P9"]),
        }
    ),
    st.fixed_dictionaries({"field": st.just("labels"), "toString": st.just("vip")}),
)
_histories = st.lists(
    st.fixed_dictionaries(
        {"created": _times, "items": st.lists(_items, max_size=3)},
        optional={"author": _names, "id": st.just("1")},
    ),
    max_size=5,
)
_cycles = st.fixed_dictionaries(
    {},
    optional={
        "breached": st.booleans(),
        "goalDuration": st.fixed_dictionaries({"millis": st.integers(0, 10**9)}),
        "elapsedTime": st.fixed_dictionaries({"millis": st.integers(0, 10**9)}),
    },
)
_slas = st.fixed_dictionaries(
    {"completedCycles": st.lists(_cycles, max_size=3)},
    optional={
        "name": st.sampled_from(["Time to resolution", "Time to first response"]),
        "ongoingCycle": _cycles,
    },
)
_issues = st.fixed_dictionaries(
    {
        "key": st.sampled_from(["SD-1", "SD-2", "HELP-10"]),
        "fields": st.fixed_dictionaries(
            {"created": _times},
            optional={
                "resolutiondate": _times,
                "updated": _times,
                "status": st.sampled_from(_STATUSES).map(lambda s: {"name": s}),
                "issuetype": st.sampled_from(["Incident", "Task", "Problem", "Bug"]).map(
                    lambda s: {"name": s}
                ),
                "priority": st.sampled_from(["High", "Low", "P9"]).map(lambda s: {"name": s}),
                "reporter": _names,
                "customfield_10010": _slas,
                "customfield_10011": _slas,
                "customfield_10030": st.fixed_dictionaries(
                    {"rating": st.none() | st.integers(1, 5)},
                    optional={"comment": st.text(max_size=5)},
                ),
                "customfield_10040": st.sampled_from(["Email", "Portal", "phone"]).map(
                    lambda s: {"value": s}
                ),
                "customfield_19999": st.just(["unknown", "field"]),
            },
        ),
    },
    optional={"changelog": st.fixed_dictionaries({}, optional={"histories": _histories})},
)


@given(_issues, st.booleans())
def test_any_valid_issue_reads_as_before(issue: dict[str, Any], named: bool) -> None:
    options = JiraOptions(
        satisfaction_field="customfield_10030" if named else None,
        channel_field="customfield_10040",
    )
    channels = ChannelMap.default()
    new_notes: list[str] = []
    old_notes: list[str] = []
    new = _Reader(options, channels, _KINDS).read(issue, new_notes)
    old_call, old_answer = before._Reader(options, channels, before._KINDS).read(issue, old_notes)
    # one change since: Jira records no escalations, so their count is no data, not 0
    assert new == (attrs.evolve(old_call, escalations_recorded=False), old_answer)
    assert new_notes == old_notes
