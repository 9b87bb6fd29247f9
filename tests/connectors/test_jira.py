"""The Jira Service Management connector on fixtures written from the published REST shapes."""

from __future__ import annotations

import json
from pathlib import Path

from xlacore.connectors import ingest
from xlacore.connectors.jira import JIRA, JiraOptions
from xlacore.model.calls import CallKind, EventType
from xlacore.model.channels import Channel

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
