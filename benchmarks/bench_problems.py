"""Recurring-call detection (problem candidates) against pandas and DuckDB.

Run: ``PYTHONPATH=src python benchmarks/bench_problems.py [--rows 1000000] [--runs 3]``.

Protocol: N generated incidents over one year on K components (Zipf-like: a few components
get most calls), opened at random seconds. Every engine finds the clusters of calls on one
component that follow each other within a day, keeps those of three calls or more, and
reports their sizes; the results are checked equal. xlacore also builds each candidate with
its evidence (calls, people, times, shared keys), which the peers do not. The median of the
warm runs is printed (loading the data into each engine's form is timed apart), with the
ratios and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np

from xlacore.insights.care.problems import RecurrenceSettings, problem_candidates
from xlacore.scoring.columns import ObservationColumns

DAY = 86_400
START = 1_700_000_000


def generate(rows: int, components: int, seed: int = 2026) -> dict[str, np.ndarray]:
    """Calls with ids, opening times and a Zipf-distributed component."""
    rng = np.random.default_rng(seed)
    weights = 1.0 / np.arange(1, components + 1)
    chosen = rng.choice(components, size=rows, p=weights / weights.sum())
    return {
        "call": np.char.add("C", np.arange(rows).astype(str)).astype(object),
        "component": np.char.add("CI", chosen.astype(str)).astype(object),
        "opened_at": START + rng.integers(0, 365 * DAY, size=rows),
    }


def load_xlacore(data: dict[str, np.ndarray]) -> ObservationColumns:
    kind = np.full(len(data["call"]), "incident", dtype=object)
    return ObservationColumns.from_arrays(kind=kind, **data)


def run_xlacore(columns: ObservationColumns) -> list[int]:
    settings = RecurrenceSettings(keys=("component",), window_seconds=DAY, min_calls=3)
    return sorted(c.size for c in problem_candidates(columns, settings=settings).candidates)


def load_pandas(data: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    return pd.DataFrame(data)


def run_pandas(frame: Any) -> list[int]:
    frame = frame.sort_values(["component", "opened_at"], kind="stable")
    new = (frame["component"] != frame["component"].shift()) | (frame["opened_at"].diff() > DAY)
    sizes = new.cumsum().value_counts()
    return sorted(int(s) for s in sizes[sizes >= 3])


def load_duckdb(data: dict[str, np.ndarray]) -> Any:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.execute("SET threads = 2")
    con.register("frame", pd.DataFrame({k: data[k] for k in ("component", "opened_at")}))
    con.execute("CREATE TABLE calls AS SELECT * FROM frame")
    return con


def run_duckdb(con: Any) -> list[int]:
    rows = con.execute(
        """
        WITH marked AS (
            SELECT component, opened_at,
                   CASE WHEN opened_at - lag(opened_at) OVER w > ? OR
                             lag(opened_at) OVER w IS NULL THEN 1 ELSE 0 END AS new
            FROM calls WINDOW w AS (PARTITION BY component ORDER BY opened_at)
        ), numbered AS (
            SELECT component, sum(new) OVER (PARTITION BY component ORDER BY opened_at
                   ROWS UNBOUNDED PRECEDING) AS cluster FROM marked
        )
        SELECT count(*) AS size FROM numbered GROUP BY component, cluster HAVING count(*) >= 3
        """,
        [DAY],
    ).fetchall()
    return sorted(int(size) for (size,) in rows)


def median_seconds(run: Callable[[Any], Any], prepared: Any, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        run(prepared)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--components", type=int, default=3_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    data = generate(args.rows, args.components)
    engines: dict[str, tuple[Callable[[Any], Any], Callable[[Any], list[int]]]] = {
        "xlacore": (load_xlacore, run_xlacore),
        "pandas": (load_pandas, run_pandas),
        "duckdb": (load_duckdb, run_duckdb),
    }
    timings = {}
    expected: list[int] | None = None
    for name, (load, run) in engines.items():
        start = time.perf_counter()
        prepared = load(data)
        loaded = time.perf_counter() - start
        found = run(prepared)  # warm, and checked
        expected = found if expected is None else expected
        assert found == expected, f"{name} finds other clusters"
        timings[name] = median_seconds(run, prepared, args.runs)
        print(f"{name:8} load {loaded:.3f} s, find {timings[name]:.3f} s")
    print(f"{len(expected or ())} clusters of 3+ calls from {args.rows} calls")
    for name in ("pandas", "duckdb"):
        print(f"{name} / xlacore = {timings[name] / timings['xlacore']:.2f}x")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MB")


if __name__ == "__main__":
    main()
