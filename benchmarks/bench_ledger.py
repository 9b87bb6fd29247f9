"""Benchmark: the live ledger against re-running batch evaluation at the same checkpoints.

Protocol: the demo organisation (:func:`xlacore.demo.data.generate`, ``--calls`` calls over
91 days, about 4.7 events and 0.45 answers per call) is replayed as one stream in time order:
every call event (applied with :meth:`Call.with_event <xlacore.model.Call.with_event>`, as a
live feed does) and every answer. The agreements are the shipped example (``workplace.toml``:
happiness, lost time, reopen rate and an SLA on office hours, 28-day windows, two segments).
Every ``--report-every`` stream items is a checkpoint. Each mode runs in a fresh process, so
its peak memory (``ru_maxrss``) is its own:

- ``feed``: the replay alone (building each call's new state), the floor of any live consumer.
- ``feed-batches``: the replay alone, collecting the items of each checkpoint in a list.
- ``ledger``: the replay feeding a :class:`~xlacore.insights.ledger.Ledger` through the
  ``xlacore_call_event`` hook, event by event, and a report at every checkpoint.
- ``batches``: the items of each checkpoint handed over in one
  :meth:`~xlacore.insights.ledger.Ledger.apply_many`, and a report.
- ``batch``: the replay, and :func:`~xlacore.evaluation.evaluate.evaluate` over all calls and
  answers so far at every ``--peer-every``-th checkpoint (the batch time at all checkpoints is
  estimated from those, which are evenly spread).

The reports at the shared checkpoints are rendered as JSON and must be identical, but
for the answer account (read / counted / superseded answers), which batch evaluation reports
and the ledger does not: the output says whether each carries one.

The rates are stream items per second of the ledger's own work (its mode's time less its
feed's), reports included, by the wall clock and by the process's CPU time (the machine is
shared, so CPU time is the steadier figure); the goal line compares the better mode's wall
rate with 200,000 events per second.

    PYTHONPATH=src python benchmarks/bench_ledger.py [--calls 100000] [--report-every 10000]
    PYTHONPATH=src python benchmarks/bench_ledger.py --quick   # 1,000 calls: checks the script
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Iterator
from datetime import datetime
from operator import itemgetter
from typing import Any

import attrs
from harness import emit, isolated, machine, peak_mib

from xlacore.demo.agreements import example_agreements
from xlacore.demo.data import generate
from xlacore.evaluation.evaluate import evaluate
from xlacore.insights.ledger import Ledger
from xlacore.model.calls import Call, CallEvent
from xlacore.model.feedback import Feedback
from xlacore.plugins import LedgerListener, make_registry
from xlacore.render.json import render_json

Item = tuple[datetime, str, CallEvent | Feedback]
GOAL = 200_000  # events per second


def stream(calls: int) -> tuple[list[Item], dict[str, Call]]:
    """Every event and answer of the demo data in time order, and each call as opened."""
    data = generate(calls=calls, people=max(400, calls // 10))
    items: list[Item] = [(e.at, c.id, e) for c in data.calls for e in c.events]
    items += [(f.answered_at, f.about.id, f) for f in data.feedback]
    items.sort(key=itemgetter(0))  # stable: a call's events keep their order
    return items, {c.id: attrs.evolve(c, events=c.events[:1]) for c in data.calls}


def replay(items: list[Item], opened: dict[str, Call]) -> Iterator[Call | Feedback]:
    """Each item applied: a call's new state (its last event the new one), or an answer."""
    known: dict[str, Call] = {}
    for _, call_id, item in items:
        if isinstance(item, Feedback):
            yield item
            continue
        previous = known.get(call_id)
        call = opened[call_id] if previous is None else previous.with_event(item)
        known[call_id] = call
        yield call


def run(mode: str, calls: int, every: int, peer_every: int) -> dict[str, Any]:
    items, opened = stream(calls)
    agreements = example_agreements()
    ledger = Ledger(agreements)
    registry = make_registry(entry_points=False, plugins=[LedgerListener(ledger)])
    state: dict[str, Call] = {}
    answers: list[Feedback] = []
    chunk: list[Call | Feedback] = []
    reports: dict[int, str] = {}
    accounts: dict[int, bool] = {}
    report_seconds: list[float] = []
    checkpoint = 0
    started, cpu = time.perf_counter(), time.process_time()
    for index, item in enumerate(replay(items, opened), 1):
        if mode == "ledger":
            if isinstance(item, Feedback):
                ledger.add_feedback(item)
            else:
                registry.call_event(item, item.events[-1])
        elif mode in ("batches", "feed-batches"):
            chunk.append(item)
        elif mode == "batch":
            if isinstance(item, Feedback):
                answers.append(item)
            else:
                state[item.id] = item
        if index % every and index != len(items):
            continue
        checkpoint += 1
        shared = checkpoint % peer_every == 0 or index == len(items)
        moment = time.perf_counter()
        if mode == "batches":
            ledger.apply_many(chunk)
        chunk = []
        if mode in ("ledger", "batches"):
            report = ledger.report()
        elif mode == "batch" and shared:
            report = evaluate(agreements, list(state.values()), answers)
        else:
            continue
        report_seconds.append(time.perf_counter() - moment)
        if shared:
            # the scores and statuses; the answer account apart (the ledger has none yet)
            reports[checkpoint] = render_json(attrs.evolve(report, answers=None))
            accounts[checkpoint] = report.answers is not None
    return {
        "mode": mode,
        "items": len(items),
        "checkpoints": checkpoint,
        "seconds": time.perf_counter() - started,
        "cpu_seconds": time.process_time() - cpu,
        "report_seconds": report_seconds,
        "peak_mib": peak_mib(),
        "reports": reports,
        "accounts": accounts,
    }


def child(mode: str, args: argparse.Namespace) -> dict[str, Any]:
    sizes = ["--calls", str(args.calls), "--report-every", str(args.report_every)]
    return isolated(__file__, ["--mode", mode, *sizes, "--peer-every", str(args.peer_every)])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--calls", type=int, default=100_000)
    parser.add_argument("--report-every", type=int, default=10_000)
    parser.add_argument("--peer-every", type=int, default=10)
    parser.add_argument("--mode", choices=("feed", "feed-batches", "ledger", "batches", "batch"))
    parser.add_argument("--quick", action="store_true", help="1,000 calls: checks the script")
    args = parser.parse_args()
    if args.mode:
        emit(run(args.mode, args.calls, args.report_every, args.peer_every))
        return
    if args.quick:
        args.calls, args.report_every, args.peer_every = 1_000, 1_000, 2
    print(machine())
    modes = ("feed", "feed-batches", "ledger", "batches", "batch")
    feed, feed_batches, ledger, batches, batch = (child(m, args) for m in modes)
    items, checkpoints = ledger["items"], ledger["checkpoints"]
    print(f"{items:,} stream items ({args.calls:,} calls), {checkpoints} checkpoints")
    for name, result in (("ledger", ledger), ("batches", batches)):
        shared = sorted(set(result["reports"]) & set(batch["reports"]))
        same = all(result["reports"][k] == batch["reports"][k] for k in shared)
        print(f"{name} reports identical to batch at {len(shared)} shared checkpoints: {same}")
        if not same:
            raise SystemExit(f"the {name} reports differ from batch evaluation's")
    for name, result in (("ledger", ledger), ("batch", batch)):
        carries = all(result["accounts"][k] for k in result["reports"])
        print(f"  {name} report carries the answer account: {carries}")
    print(
        f"feed alone:     {feed['seconds']:8.2f} s (CPU {feed['cpu_seconds']:.2f} s), "
        f"peak {feed['peak_mib']:7.0f} MiB"
    )
    print(
        "events/s: stream items (call events and answers) per second of the ledger's own "
        "work, reports included (wall clock; CPU time of the process)"
    )
    rates = {}
    for name, result, floor in (
        ("event by event (hook)", ledger, feed),
        ("apply_many per checkpoint", batches, feed_batches),
    ):
        wall = result["seconds"] - floor["seconds"]
        cpu = result["cpu_seconds"] - floor["cpu_seconds"]
        reports = sum(result["report_seconds"])
        rates[name] = items / wall
        print(
            f"  {name:26} {wall:7.2f} s = {items / wall:9,.0f} events/s "
            f"({items / wall / GOAL:.2f}x of the goal; CPU {cpu:.2f} s = {items / cpu:,.0f}/s, "
            f"{items / cpu / GOAL:.2f}x), reading {reports / checkpoints * 1000:.0f} ms per "
            f"report, peak {result['peak_mib']:.0f} MiB"
        )
    batch_each = sum(batch["report_seconds"]) / len(batch["report_seconds"])
    batch_all = batch_each * checkpoints
    print(
        f"batch evaluate: {batch_each * 1000:8.0f} ms per checkpoint (last "
        f"{batch['report_seconds'][-1]:.2f} s), {batch_all:.1f} s for all {checkpoints} "
        f"(estimated), peak {batch['peak_mib']:7.0f} MiB"
    )
    live = ledger["seconds"] - feed["seconds"]
    print(f"batch / ledger time at the checkpoints: {batch_all / live:.1f}x")
    last_ledger = ledger["report_seconds"][-1]
    print(f"last report: batch / ledger = {batch['report_seconds'][-1] / last_ledger:.1f}x")
    best = max(rates.values())
    verdict = "met" if best >= GOAL else "NOT met"
    print(
        f"goal >= {GOAL:,} events/s with reports: best {best:,.0f} "
        f"({best / GOAL:.2f}x of the goal): {verdict}"
    )


if __name__ == "__main__":
    main()
