"""SLA objectives scored from the SLA clock: calendars and SLA definitions as documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from xlacore.evaluation.documents import DocumentError, parse_documents
from xlacore.evaluation.evaluate import evaluate
from xlacore.evaluation.observations import Observations
from xlacore.model.calls import Call, CallEvent, CallKind, EventType

# Monday 2 March 2026, 09:00 UTC; the office is open 09:00-17:00 on weekdays.
MONDAY = datetime(2026, 3, 2, 9, tzinfo=UTC)
HOUR = timedelta(hours=1)


def _doc(kind: str, name: str, spec: dict[str, object]) -> dict[str, object]:
    return {"apiVersion": "xlacore/v1", "kind": kind, "metadata": {"name": name}, "spec": spec}


def _documents(calendar: str = "office", target: float = 50) -> str:
    return json.dumps(
        [
            _doc(
                "Calendar",
                "office",
                {"weekly": {"days": [["09:00-17:00"]] * 5 + [[], []]}, "holidays": ["2026-03-04"]},
            ),
            _doc(
                "SlaDefinition",
                "fix",
                {
                    "metric": "resolution",
                    "start": {"field": "type", "op": "eq", "value": "opened"},
                    "stop": {"field": "type", "op": "eq", "value": "resolved"},
                    "calendar": calendar,
                    "goals": [{"seconds": 8 * 3600}],
                },
            ),
            _doc(
                "Indicator",
                "on-time",
                {
                    "source": "calls",
                    "strategy": "proportion",
                    "params": {"column": "sla.fix.met"},
                    "attribution": "opened_at",
                },
            ),
            _doc(
                "SLA",
                "desk",
                {
                    "objectives": [
                        {
                            "name": "on-time",
                            "indicator": "on-time",
                            "op": "gte",
                            "target": target,
                            "min_n": 1,
                            "window": "28d",
                        }
                    ]
                },
            ),
        ]
    )


def _call(n: int, resolved_after: timedelta | None) -> Call:
    events = [CallEvent(EventType.OPENED, MONDAY)]
    if resolved_after is not None:
        events.append(CallEvent(EventType.RESOLVED, MONDAY + resolved_after))
    return Call(id=f"C{n}", kind=CallKind.INCIDENT, events=events, service="desk")


# As of Friday 12:00: business hours since Monday 09:00 are Mon 8 + Tue 8 + (Wed holiday) +
# Thu 8 + Fri 3 = 27 h.
AT = datetime(2026, 3, 6, 12, tzinfo=UTC)
CALLS = [
    _call(1, 4 * HOUR),  # Monday 13:00: 4 business hours, met
    _call(2, timedelta(days=1, hours=2)),  # Tuesday 11:00: 8 + 2 = 10 h, breached
    _call(3, timedelta(hours=23, minutes=30)),  # Tuesday 08:30, before opening: 8 h, met
    _call(4, None),  # still open on Friday: 27 h > 8 h, breached while running
    _call(6, timedelta(days=2, hours=6)),  # Wednesday 15:00, a holiday: still 16 h, breached
]


def test_sla_columns_follow_the_clock_on_the_calendar() -> None:
    documents = parse_documents(_documents(), fmt="json")
    observations = Observations.of(
        CALLS, (), slas=documents.sla_definitions, calendars=documents.calendars, at=AT
    )
    table = observations.calls
    assert table.column("sla.fix.met").tolist() == [True, False, True, False, False]
    assert table.column("sla.fix.breached").tolist() == [False, True, False, True, True]
    assert table.column("sla.fix.business_elapsed_seconds").tolist() == [
        4 * 3600,
        10 * 3600,
        8 * 3600,
        27 * 3600,
        16 * 3600,
    ]


def test_a_running_call_within_its_goal_is_not_counted_yet() -> None:
    documents = parse_documents(_documents(), fmt="json")
    early = MONDAY + 2 * HOUR
    observations = Observations.of(
        [_call(5, None)],
        (),
        slas=documents.sla_definitions,
        calendars=documents.calendars,
        at=early,
    )
    assert observations.calls.mask("sla.fix.met").tolist() == [False]  # type: ignore[union-attr]


@pytest.mark.parametrize(("target", "status"), [(80, "breached"), (60, "at_risk")])
def test_sla_objective_is_the_share_met(target: float, status: str) -> None:
    report = evaluate(parse_documents(_documents(target=target), fmt="json"), CALLS, at=AT)
    [result] = report.agreements[0].objectives
    assert result.n == 5
    assert result.value == pytest.approx(40.0)
    # 2 of 5: Wilson [11.8, 76.9]; all of it misses 80, while 60 lies inside it
    assert (result.ci_low, result.ci_high) == (
        pytest.approx(11.762, abs=1e-3),
        pytest.approx(76.928, abs=1e-3),
    )
    assert result.status.value == status


def test_unknown_calendar_is_reported_with_did_you_mean() -> None:
    with pytest.raises(DocumentError) as info:
        parse_documents(_documents(calendar="ofice"), fmt="json")
    [problem] = info.value.located
    assert problem.path == "$[1].spec.calendar"
    assert "did you mean 'office'" in problem.message


def test_bad_business_hours_are_reported_at_their_path() -> None:
    text = _documents().replace('"09:00-17:00"', '"9-5"', 1)
    with pytest.raises(DocumentError) as info:
        parse_documents(text, fmt="json")
    assert any(p.path == "$[0].spec.weekly.days[0][0]" for p in info.value.located)
