"""Batch SLA evaluation over the calls of the UCI ServiceNow incident event log.

Run: ``PYTHONPATH=src python benchmarks/bench_clock.py [incident_event_log.csv.zip]`` (default:
the file under ``XLACORE_TEST_DATA``, else ``../shared/data``).
The CSV is parsed with the standard library into :class:`~xlacore.model.calls.Call` objects
(a quick mapping for the benchmark only; the real connector lives elsewhere), then one
resolution SLA on a 9-17 weekday calendar is evaluated for every call with
:func:`xlacore.clock.evaluate_many`. Timestamps carry no zone in the log; UTC is assumed.

Data: "Incident management process enriched event log" by C. A. L. Amaral, M. Fantinato and
S. M. Peres, UCI Machine Learning Repository, https://doi.org/10.24432/C57S4H, CC BY 4.0.
"""

from __future__ import annotations

import csv
import io
import os
import sys
import time
import zipfile
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

import numpy as np

from xlacore.clock import evaluate_many
from xlacore.model.calendars import Calendar, DayInterval, WeeklyHours
from xlacore.model.calls import Call, CallEvent, EventType
from xlacore.model.conditions import Compare
from xlacore.model.sla import Goal, SlaDefinition

DATA = Path(
    os.environ.get("XLACORE_TEST_DATA") or Path(__file__).resolve().parents[2] / "shared/data"
)
DEFAULT = DATA / "uci-incident-event-log/incident_event_log.csv.zip"
AWAITING = ("Awaiting User Info", "Awaiting Problem", "Awaiting Vendor", "Awaiting Evidence")
TYPES = {"Resolved": EventType.RESOLVED, "Closed": EventType.CLOSED} | dict.fromkeys(
    AWAITING, EventType.PAUSED
)
HOUR = 3600

DEFINITION = SlaDefinition(
    name="resolve",
    metric="resolution",
    start=Compare("kind", "eq", "incident"),
    stop=Compare("state", "in", ("Resolved", "Closed")),
    pause=Compare("state", "in", AWAITING),
    goals=(Goal(4 * HOUR, 1), Goal(8 * HOUR, 2), Goal(24 * HOUR, 3), Goal(40 * HOUR, 4)),
    calendar=Calendar("office", weekly=WeeklyHours.on(range(5), DayInterval("09:00", "17:00"))),
    on_reopen="continue",
)


def _when(text: str) -> datetime:
    return datetime.strptime(text, "%d/%m/%Y %H:%M").replace(tzinfo=UTC)


def _priority(text: str) -> int | None:
    return int(text.split(" ", 1)[0]) if text[:1].isdigit() else None


def _call(number: str, rows: list[dict[str, str]]) -> Call:
    rows.sort(key=lambda r: (_when(r["sys_updated_at"]), int(r["sys_mod_count"])))
    opened = _when(rows[0]["opened_at"])
    events = [
        CallEvent(EventType.OPENED, opened, state="New", priority=_priority(rows[0]["priority"]))
    ]
    for row in rows:
        state = row["incident_state"]
        events.append(
            CallEvent(
                TYPES.get(state, EventType.STATUS_CHANGED),
                max(opened, _when(row["sys_updated_at"])),
                state=state,
                priority=_priority(row["priority"]),
                group=None if row["assignment_group"] == "?" else row["assignment_group"],
            )
        )
    return Call(number, "incident", events, priority=_priority(rows[0]["priority"]))


def load(path: Path) -> tuple[list[Call], list[bool]]:
    """Calls of the log, and ServiceNow's own ``made_sla`` flag of each (last row)."""
    with zipfile.ZipFile(path) as archive, archive.open("incident_event_log.csv") as raw:
        reader = csv.DictReader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))
        calls, made = [], []
        for number, group in groupby(reader, key=lambda r: r["number"]):
            rows = list(group)
            calls.append(_call(number, rows))
            made.append(rows[-1]["made_sla"] == "true")
    return calls, made


def main() -> None:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    began = time.perf_counter()
    calls, made = load(path)
    parsed = time.perf_counter()
    events = sum(len(c.events) for c in calls)
    print(f"parsed {len(calls):,} calls / {events:,} events in {parsed - began:.2f} s")
    evaluate_many(calls[:100], DEFINITION)  # warm up: compile the calendar once
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        columns = evaluate_many(calls, DEFINITION)
        best = min(best, time.perf_counter() - start)
    print(f"evaluate_many: {best:.2f} s best of 3 -> {len(calls) / best:,.0f} calls/s")
    measured = columns.measured
    completed = columns.state == "completed"
    print(
        f"measured {int(measured.sum()):,}; completed {int((measured & completed).sum()):,}; "
        f"met {int(columns.met.sum()):,}; breached {int(columns.breached.sum()):,}; "
        f"median business elapsed {np.median(columns.business_elapsed_s[measured]) / HOUR:.1f} h; "
        f"agreement with made_sla {np.mean(columns.met[measured] == np.array(made)[measured]):.1%}"
    )


if __name__ == "__main__":
    main()
