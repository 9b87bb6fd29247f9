"""Benchmark: scoring on a Dask LocalCluster vs single-process xlacore (not a timed test).

Protocol: N generated answers (1, 10 and 50 million by default) in partitions of 1 million
rows, scored by the six indicators of the scale tests' plan (happiness by service x channel,
CSAT by channel, mean and median lost time, 90th percentile of resolution time, reopen rate).
Each partition depends only on its seed and index, so the workers generate their own rows and
nothing travels but statistics. Every run, generation included, starts in fresh processes so
peak memory (``ru_maxrss``) belongs to that run:

- ``dask``: LocalCluster, 2 worker processes x 1 thread, warmed up by a tiny run (workers
  import xlacore); peak RSS per worker. ``dask-1``: the same with one worker, so
  ``dask-1 / dask`` is the scaling from one worker to two (2.0 would be linear).
- ``stream``: one process, the same partitions one after another (``accumulate_tables``).
- ``in-memory``: one process holding all rows; ``engine.accumulate`` per indicator on a
  2-thread pool (skipped above ``--in-memory-max`` rows).
- ``generate``: one process generating the partitions without scoring (the data's own cost).

All modes' statistics are checked equal (counts exactly, float sums to 1e-9 relative).
``--runs N`` times each mode N times in its process (the cluster's workers stay up between
runs) and reports the median: a fresh VM's memory faults in slowly and unevenly, so one
cold run can differ from the next by a third.

With ``--evaluate``: agreement evaluation instead of scoring. N generated answers and N/10
calls (``tests/scale/evaluation_data.py``: an SLA on 20 services and an XLA on every service by
two segments that relies on it, six indicators, four windows each) in 1M-row partitions:

- ``dask``: ``evaluate_dask`` on the same LocalCluster (the extent pass included, since
  neither the time nor the XLA's services are given);
- ``stream``: one process, the partitions through the same ``EvaluationPlan`` one after
  another (an extent pass, then accumulate and merge);
- ``in-memory``: one process holding all rows, ``evaluate_observations`` (one table each).

All modes' reports are checked equal (counts and statuses exactly, floats to 1e-9 relative).

With ``--stream-only`` (and ``--evaluate``): the streamed single process alone, at each size,
to show that its peak memory is flat in N (bounded by the partition, not the data).

    PYTHONPATH=src python benchmarks/bench_dask.py [--rows 1e6,1e7,5e7] [--evaluate]
    PYTHONPATH=src python benchmarks/bench_dask.py --evaluate --stream-only --rows 2e6,1e7,1e8
    PYTHONPATH=src python benchmarks/bench_dask.py --rows 1e7 --runs 3 --worker-malloc glibc
    PYTHONPATH=src python benchmarks/bench_dask.py --quick [--evaluate]   # checks the script
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial, reduce
from multiprocessing import get_context
from pathlib import Path
from typing import Any, TypeVar

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the tests' generator

from harness import machine, peak_mib, timed
from tests.evaluation.same import assert_same_report
from tests.scale import evaluation_data
from tests.scale.generated import PLAN, all_answers, answers, partition_sizes

from xlacore.evaluation.evaluate import evaluate_observations
from xlacore.evaluation.observations import Observations
from xlacore.evaluation.plan import EvaluationPlan, Extent
from xlacore.evaluation.report import Report
from xlacore.scale.plan import accumulate_tables
from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.engine import accumulate
from xlacore.scoring.grouping import Grouping

PARTITION_ROWS = 1_000_000
WORKERS = 2
T = TypeVar("T")
MALLOC = "XLACORE_BENCH_WORKER_MALLOC"
"""Carries ``--worker-malloc`` to the fresh processes that start the clusters."""
RUNS = "XLACORE_BENCH_RUNS"
"""Carries ``--runs`` to the fresh processes."""


def repeated(body: Callable[[], T]) -> tuple[float, T]:
    """Median seconds of ``--runs`` calls of ``body`` in this process (its workers warm)."""
    return timed(body, int(os.environ.get(RUNS, "1")), warm_up=False)


@contextmanager
def cluster(workers: int) -> Iterator[Any]:
    """A client of a LocalCluster: ``workers`` processes x 1 thread, no fixed ports.

    Distributed's nanny starts workers with ``MALLOC_TRIM_THRESHOLD_=65536`` (its
    ``pre-spawn-environ``); setting any glibc malloc threshold turns off glibc's dynamic
    mmap threshold, so every array above 128 KiB is mapped afresh and faults its pages in
    again. ``--worker-malloc glibc`` drops the setting, so the workers allocate as one
    plain process does.
    """
    import dask
    from distributed import Client, LocalCluster

    config = {}
    if os.environ.get(MALLOC) == "glibc":
        config["distributed.nanny.pre-spawn-environ.MALLOC_TRIM_THRESHOLD_"] = None
        # an earlier nanny in this process (or its parent's) left the setting in os.environ,
        # and a worker inherits the environment it is spawned with
        os.environ.pop("MALLOC_TRIM_THRESHOLD_", None)
    with (
        dask.config.set(config),
        LocalCluster(
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            scheduler_port=0,
            dashboard_address=":0",
        ) as local,
        Client(local) as client,
    ):
        trims = set(client.run(os.environ.get, "MALLOC_TRIM_THRESHOLD_").values())
        assert config == {} or trims == {None}, f"the workers still trim at {trims}"
        yield client


def sizes_of(rows: int) -> Sequence[int]:
    return partition_sizes(rows, max(WORKERS, -(-rows // PARTITION_ROWS)))


def run_dask(rows: int, workers: int = WORKERS) -> tuple[float, list[float], dict[str, Any]]:
    import dask.dataframe as dd

    from xlacore.scale.dask import accumulate_dask

    sizes = sizes_of(rows)
    with cluster(workers) as client:
        warm = dd.from_map(answers, range(workers), [1000] * workers, meta=answers(0, 0))
        client.compute(accumulate_dask(PLAN, warm)).result()  # workers import xlacore once
        frame = dd.from_map(answers, range(len(sizes)), sizes, meta=answers(0, 0))

        def body() -> dict[str, Any]:
            stats: dict[str, Any] = client.compute(accumulate_dask(PLAN, frame)).result()
            PLAN.finalize(stats)
            return stats

        seconds, stats = repeated(body)
        peaks = sorted(client.run(peak_mib).values())
    return seconds, peaks, stats


def run_stream(rows: int) -> tuple[float, float, dict[str, Any]]:
    def body() -> dict[str, Any]:
        sizes = sizes_of(rows)
        stats = accumulate_tables(PLAN, (answers(i, n) for i, n in enumerate(sizes)))
        assert stats is not None
        PLAN.finalize(stats)
        return stats

    seconds, stats = repeated(body)
    return seconds, peak_mib(), stats


def run_in_memory(rows: int) -> tuple[float, float, dict[str, Any]]:
    def body() -> dict[str, Any]:
        cols = ObservationColumns.from_mapping(all_answers(sizes_of(rows)))
        stats: dict[str, Any] = {}
        groupings: dict[tuple[str, ...], Grouping] = {}
        with ThreadPoolExecutor(WORKERS) as pool:
            for name, m in PLAN.measures.items():
                grouping = groupings.setdefault(m.by, Grouping.of(cols, m.by))
                stats[name] = accumulate(m.strategy, cols, grouping, m.params, executor=pool)
                m.finalize(stats[name])
        return stats

    seconds, stats = repeated(body)
    return seconds, peak_mib(), stats


def run_generate(rows: int) -> tuple[float, float, dict[str, Any]]:
    def body() -> None:
        for i, n in enumerate(sizes_of(rows)):
            answers(i, n)

    seconds, _ = repeated(body)
    return seconds, peak_mib(), {}


def evaluation_sizes(rows: int) -> tuple[Sequence[int], Sequence[int]]:
    """Partition sizes of the calls (a tenth of the rows) and of the answers."""
    return sizes_of(rows // 10), sizes_of(rows)


def evaluation_parts(rows: int) -> Any:
    """Every partition as observations of one process, generated on demand."""
    no_rows = ObservationColumns.from_arrays()
    call_sizes, answer_sizes = evaluation_sizes(rows)
    for i, n in enumerate(call_sizes):
        table = ObservationColumns.from_mapping(evaluation_data.calls(i, n))
        yield Observations.from_tables(table, no_rows)
    for i, n in enumerate(answer_sizes):
        table = ObservationColumns.from_mapping(evaluation_data.answers(i, n))
        yield Observations.from_tables(no_rows, table)


def run_dask_evaluation(rows: int, workers: int = WORKERS) -> tuple[float, list[float], Report]:
    import dask.dataframe as dd

    from xlacore.scale.dask import evaluate_dask

    def frames(calls: Sequence[int], answers: Sequence[int]) -> tuple[Any, Any]:
        return tuple(
            dd.from_map(make, range(len(sizes)), sizes, meta=make(0, 0))
            for make, sizes in (
                (evaluation_data.calls, calls),
                (evaluation_data.answers, answers),
            )
        )

    agreements = evaluation_data.AGREEMENTS
    with cluster(workers) as client:
        evaluate_dask(agreements, *frames([100] * workers, [1000] * workers))  # warm up
        seconds, report = repeated(
            lambda: evaluate_dask(agreements, *frames(*evaluation_sizes(rows)))
        )
        peaks = sorted(client.run(peak_mib).values())
    return seconds, peaks, report


def run_stream_evaluation(rows: int) -> tuple[float, float, Report]:
    def body() -> Report:
        extent = reduce(Extent.merge, map(Extent.of, evaluation_parts(rows)))
        plan = EvaluationPlan.of(evaluation_data.AGREEMENTS, extent=extent)
        stats = reduce(plan.merge, map(plan.accumulate, evaluation_parts(rows)))
        return plan.finalize(stats)

    seconds, report = repeated(body)
    return seconds, peak_mib(), report


def run_in_memory_evaluation(rows: int) -> tuple[float, float, Report]:
    def body() -> Report:
        call_sizes, answer_sizes = evaluation_sizes(rows)
        tables = [
            ObservationColumns.from_mapping(
                pd.concat([make(i, n) for i, n in enumerate(sizes)], ignore_index=True)
            )
            for make, sizes in (
                (evaluation_data.calls, call_sizes),
                (evaluation_data.answers, answer_sizes),
            )
        ]
        observations = Observations.from_tables(*tables)
        return evaluate_observations(evaluation_data.AGREEMENTS, observations)

    seconds, report = repeated(body)
    return seconds, peak_mib(), report


def fresh(run: Callable[[int], Any], rows: int) -> Any:  # a function or a partial of one
    """Run in a new process, so its peak memory is this run's alone."""
    with ProcessPoolExecutor(1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run, rows).result()


def check_equal(got: dict[str, Any], want: dict[str, Any]) -> None:
    for name, stats in want.items():
        assert got[name].labels == stats.labels, name
        for key, expected in stats.arrays.items():
            if expected.dtype.kind in "iub":
                np.testing.assert_array_equal(got[name][key], expected)
            else:
                np.testing.assert_allclose(got[name][key], expected, rtol=1e-9)


def streamed_evaluation(row_counts: Sequence[int]) -> None:
    """The streamed single process alone: peak memory against N."""
    print(f"{'answers':>12} {'calls':>11} {'seconds':>8} {'answers/s':>10} {'peak MiB':>9}")
    peaks = []
    for rows in row_counts:
        seconds, peak, report = fresh(run_stream_evaluation, rows)
        assert report.agreements, "the streamed evaluation judged nothing"
        peaks.append(peak)
        print(f"{rows:>12,} {rows // 10:>11,} {seconds:8.1f} {rows / seconds:10,.0f} {peak:9.0f}")
        sys.stdout.flush()
    growth = (peaks[-1] - peaks[0]) / max(row_counts[-1] - row_counts[0], 1) * 1e7
    print(
        f"peak RSS from {row_counts[0]:,} to {row_counts[-1]:,} answers: {peaks[0]:.0f} ->"
        f" {peaks[-1]:.0f} MiB ({growth:+.1f} MiB per 10 M answers); goal < 500 MiB:"
        f" {'met' if max(peaks) < 500 else 'NOT met'}"
    )


def scaling(one: float, two: float) -> str:
    """The speed-up from one Dask worker to two (2.0 would be linear)."""
    return f"dask-1 / dask = {one / two:.2f}x (linear: {WORKERS:.2f}x)"


def evaluation(row_counts: Sequence[int], in_memory_max: float) -> None:
    """Agreement evaluation: Dask against one streaming and one in-memory process."""
    print(f"{'rows':>11} {'mode':>10} {'seconds':>8} {'peak MiB':>22} {'ratio':>6}")
    for rows in row_counts:
        seconds, peaks, report = fresh(run_dask_evaluation, rows)
        per_worker = " / ".join(f"{p:.0f}" for p in peaks)
        print(f"{rows:>11,} {'dask':>10} {seconds:8.2f} {per_worker:>22} {1:6.2f}")
        one, peaks, single = fresh(partial(run_dask_evaluation, workers=1), rows)
        assert_same_report(single, report)
        print(f"{rows:>11,} {'dask-1':>10} {one:8.2f} {peaks[0]:22.0f} {one / seconds:6.2f}")
        print(scaling(one, seconds))
        modes: list[tuple[str, Callable[[int], Any]]] = [("stream", run_stream_evaluation)]
        if rows <= in_memory_max:
            modes.append(("in-memory", run_in_memory_evaluation))
        for mode, run in modes:
            alone, peak, other = fresh(run, rows)
            assert_same_report(other, report)
            print(f"{rows:>11,} {mode:>10} {alone:8.2f} {peak:22.0f} {alone / seconds:6.2f}")
        sys.stdout.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", default="1e6,1e7,5e7", help="comma-separated row counts")
    parser.add_argument("--in-memory-max", type=float, default=5e7)
    parser.add_argument("--evaluate", action="store_true", help="evaluate agreements instead")
    parser.add_argument("--stream-only", action="store_true", help="the streamed process alone")
    parser.add_argument("--quick", action="store_true", help="a small size that checks the script")
    parser.add_argument(
        "--runs", type=int, default=1, help="timed runs per mode in one process (median)"
    )
    parser.add_argument(
        "--worker-malloc",
        choices=("distributed", "glibc"),
        default="distributed",
        help="distributed: the nanny's MALLOC_TRIM_THRESHOLD_=65536 (the default);"
        " glibc: without it, glibc's dynamic thresholds",
    )
    args = parser.parse_args()
    os.environ[MALLOC] = args.worker_malloc
    os.environ[RUNS] = str(args.runs)
    if args.quick:
        args.rows = "4e4,8e4" if args.stream_only else "4e4"
    row_counts = [int(float(r)) for r in args.rows.split(",")]
    print(machine())
    print(f"workers' malloc: {args.worker_malloc}; median of {args.runs} run(s) per mode")
    if args.evaluate and args.stream_only:
        streamed_evaluation(row_counts)
        return
    if args.evaluate:
        evaluation(row_counts, args.in_memory_max)
        return
    print(f"{'rows':>11} {'mode':>10} {'seconds':>8} {'peak MiB':>22} {'Mrows/s':>8}")
    for rows in row_counts:
        seconds, peaks, stats = fresh(run_dask, rows)
        per_worker = " / ".join(f"{p:.0f}" for p in peaks)
        print(
            f"{rows:>11,} {'dask':>10} {seconds:8.2f} {per_worker:>22} {rows / seconds / 1e6:8.2f}"
        )
        one, peaks, single = fresh(partial(run_dask, workers=1), rows)
        check_equal(single, stats)
        print(f"{rows:>11,} {'dask-1':>10} {one:8.2f} {peaks[0]:22.0f} {rows / one / 1e6:8.2f}")
        print(scaling(one, seconds))
        modes: list[tuple[str, Callable[[int], Any]]] = [("stream", run_stream)]
        if rows <= args.in_memory_max:
            modes.append(("in-memory", run_in_memory))
        modes.append(("generate", run_generate))
        for mode, run in modes:
            seconds, peak, other = fresh(run, rows)
            if other:
                check_equal(other, stats)
            print(f"{rows:>11,} {mode:>10} {seconds:8.2f} {peak:22.0f} {rows / seconds / 1e6:8.2f}")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
