"""Benchmark: batch SLA evaluation of the UCI ServiceNow incident log, arrays against timers.

Protocol: the CSV is parsed with the standard library into :class:`~xlacore.model.calls.Call`
objects (a quick mapping for the benchmark only; the real connector lives elsewhere), then one
resolution SLA on a 9-17 weekday calendar is evaluated for every call two ways, each the median
of ``--runs`` warm runs: :func:`xlacore.clock.evaluate_many` (all calls replayed together on
arrays, :mod:`xlacore.clock.replay_arrays`), and the reference it replaced, each call folded
through its own :class:`~xlacore.clock.SlaTimer` and the cycles measured in the same vectorised
pass (:func:`xlacore.clock.measure.measure`). Both must give the same columns. Timestamps carry
no zone in the log; UTC is assumed. ServiceNow's own ``made_sla`` flag is compared with the
result as a sanity check (a different SLA definition, so agreement is not expected to be 100 %).

Data: "Incident management process enriched event log" by C. A. L. Amaral, M. Fantinato and
S. M. Peres, UCI Machine Learning Repository, https://doi.org/10.24432/C57S4H, CC BY 4.0.

    PYTHONPATH=src python benchmarks/bench_clock.py [--runs 5] [incident_event_log.csv.zip]
    PYTHONPATH=src python benchmarks/bench_clock.py --quick   # 2,000 calls: checks the script
"""

from __future__ import annotations

import argparse
import csv
import io
import time
import zipfile
from datetime import UTC, datetime
from itertools import groupby
from pathlib import Path

import attrs
import numpy as np
from harness import DATA, machine, peak_mib, timed

from xlacore.clock import SlaColumns, evaluate_many, replay
from xlacore.clock.measure import measure
from xlacore.model.calendars import Calendar, DayInterval, WeeklyHours
from xlacore.model.calls import Call, CallEvent, EventType
from xlacore.model.conditions import Compare
from xlacore.model.sla import Goal, SlaDefinition

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


def timers(calls: list[Call]) -> SlaColumns:
    """The reference: each call through its own timer, then one vectorised measurement."""
    at = max(call.events[-1].at for call in calls)
    facts = [replay(DEFINITION, call, at) for call in calls]
    return measure(DEFINITION, [call.id for call in calls], facts, {})


def same(a: SlaColumns, b: SlaColumns) -> bool:
    return all(
        np.array_equal(getattr(a, f.name), getattr(b, f.name), equal_nan=f.name == "percentage")
        for f in attrs.fields(SlaColumns)
        if f.name not in ("definition", "call_ids")
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="2,000 calls: checks the script")
    args = parser.parse_args()
    print(machine())
    began = time.perf_counter()
    calls, made = load(args.path)
    if args.quick:
        calls, made, args.runs = calls[:2000], made[:2000], 1
    events = sum(len(c.events) for c in calls)
    print(f"parsed {len(calls):,} calls / {events:,} events in {time.perf_counter() - began:.2f} s")
    arrays, columns = timed(lambda: evaluate_many(calls, DEFINITION), args.runs)
    reference, by_timers = timed(lambda: timers(calls), args.runs)
    if not same(columns, by_timers):
        raise SystemExit("evaluate_many differs from the per-call timers")
    print("evaluate_many equals the per-call timers: True")
    for name, seconds in (("evaluate_many (arrays)", arrays), ("per-call timers", reference)):
        print(f"  {name:24} {seconds:6.3f} s = {len(calls) / seconds:9,.0f} calls/s")
    print(f"  arrays / timers: {reference / arrays:.2f}x faster; peak {peak_mib():.0f} MiB")
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
