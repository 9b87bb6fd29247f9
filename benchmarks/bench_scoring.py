"""Benchmark: xlacore scoring vs pandas groupby, polars group_by and DuckDB (not a timed test).

Protocol: N answers (default 10 million) over 1,000 services x 5 channels; happiness with its
adjusted-Wald interval, CSAT top-2 with Wilson, mean lost time with a t interval (60 % of
answers without one). Every engine gets the same in-memory arrays; loading them into the
engine's own representation is timed apart. Each engine may use both cores (xlacore: chunks
on a 2-thread pool; DuckDB: threads=2; polars: its pool of 2; pandas has no parallel
groupby). The median of several warm runs is reported and all engines' results are checked
equal.

    python benchmarks/bench_scoring.py [--rows N] [--runs R] [--quick]
    python benchmarks/bench_scoring.py --stream 100000000   # chunked, reports peak memory
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
from harness import machine, peak_mib, ratio, timed

from xlacore.scoring.columns import ObservationColumns
from xlacore.scoring.csat import CsatParams, csat
from xlacore.scoring.engine import accumulate, stream
from xlacore.scoring.functions import nps, nps_adjusted_wald, t_interval, wilson_interval, z_value
from xlacore.scoring.grouping import Grouping
from xlacore.scoring.happiness import HappinessParams, happiness
from xlacore.scoring.mean import MeanParams, mean

SERVICES, CHANNELS, THREADS = 1000, 5, 2
os.environ.setdefault("POLARS_MAX_THREADS", str(THREADS))  # read when polars is imported
INDICATORS: list[tuple[Any, Any]] = [
    (happiness, HappinessParams(column="value")),
    (csat, CsatParams(column="csat")),
    (mean, MeanParams(column="lost")),
]
Z = z_value(0.95)


def make_arrays(rows: int, seed: int, services: int = SERVICES) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    service = rng.integers(0, services, rows, dtype=np.int32)
    # planted effect so groups differ: the service shifts the answer distribution
    value = np.clip(rng.integers(0, 11, rows, dtype=np.int8) + (service % 3 - 1), 0, 10)
    return {
        "service": service,
        "channel": rng.integers(0, CHANNELS, rows, dtype=np.int8),
        "value": value.astype(np.int8),
        "csat": rng.integers(1, 6, rows, dtype=np.int8),
        "lost": rng.integers(0, 4 * 3600, rows, dtype=np.int32),
        "lost_given": rng.random(rows) >= 0.6,
    }


def to_columns(a: dict[str, np.ndarray]) -> ObservationColumns:
    return ObservationColumns.from_arrays(
        service=a["service"],
        channel=a["channel"],
        value=a["value"],
        csat=a["csat"],
        lost=np.ma.MaskedArray(a["lost"], ~a["lost_given"]),
    )


def run_xlacore(cols: ObservationColumns, pool: ThreadPoolExecutor) -> dict[str, np.ndarray]:
    grouping = Grouping.of(cols, ("service", "channel"))
    out: dict[str, np.ndarray] = {}
    for (strategy, params), name in zip(INDICATORS, ("happy", "csat", "lost"), strict=True):
        stats = accumulate(strategy, cols, grouping, params, executor=pool)
        scores = strategy.finalize(stats, params)
        out[name] = np.array([(s.n, s.value, s.ci_low, s.ci_high) for s in scores], dtype=float)
    out["labels"] = np.array(grouping.labels)
    return out


def intervals(labels: np.ndarray, agg: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Peers aggregate; the same vectorised formulas turn aggregates into scores."""
    n, pos, neg, top = agg["n"], agg["pos"], agg["neg"], agg["top"]
    h_lo, h_hi = nps_adjusted_wald(pos, neg, n, Z)
    c_lo, c_hi = wilson_interval(top, n, Z)
    ln, lmean, lsd = agg["lost_n"], agg["lost_mean"], agg["lost_sd"]
    total = lmean * ln
    _, l_lo, l_hi = t_interval(ln, total, lsd**2 * (ln - 1) + total * lmean, 0.95)
    return {
        "labels": labels,
        "happy": np.column_stack([n, nps(pos, neg, n), h_lo, h_hi]),
        "csat": np.column_stack([n, 100 * top / n, 100 * c_lo, 100 * c_hi]),
        "lost": np.column_stack([ln, lmean, l_lo, l_hi]),
    }


def load_pandas(a: dict[str, np.ndarray]) -> Any:
    import pandas as pd

    lost = np.where(a["lost_given"], a["lost"].astype(np.float64), np.nan)
    cols = {k: a[k] for k in ("service", "channel", "value", "csat")}
    return pd.DataFrame({**cols, "lost": lost})


def run_pandas(df: Any) -> dict[str, np.ndarray]:
    work = df.assign(pos=df["value"] >= 9, neg=df["value"] <= 6, top=df["csat"] >= 4)
    g = work.groupby(["service", "channel"], sort=True).agg(
        n=("value", "size"),
        pos=("pos", "sum"),
        neg=("neg", "sum"),
        top=("top", "sum"),
        lost_n=("lost", "count"),
        lost_mean=("lost", "mean"),
        lost_sd=("lost", "std"),
    )
    labels = np.array(g.index.to_list())
    return intervals(labels, {k: g[k].to_numpy(dtype=float) for k in g.columns})


def load_duckdb(a: dict[str, np.ndarray]) -> Any:
    import duckdb
    import pandas as pd

    con = duckdb.connect()
    con.execute(f"SET threads={THREADS}")
    frame = pd.DataFrame({k: a[k] for k in ("service", "channel", "value", "csat")})
    frame["lost"] = pd.array(np.where(a["lost_given"], a["lost"], 0), dtype="Int32")
    frame.loc[~a["lost_given"], "lost"] = pd.NA
    con.register("frame", frame)
    con.execute("CREATE TABLE answers AS SELECT * FROM frame")
    con.unregister("frame")
    return con


DUCK_SQL = """
SELECT service, channel, count(*) AS n,
       count(*) FILTER (WHERE value >= 9) AS pos, count(*) FILTER (WHERE value <= 6) AS neg,
       count(*) FILTER (WHERE csat >= 4) AS top, count(lost) AS lost_n,
       avg(lost) AS lost_mean, stddev_samp(lost) AS lost_sd
FROM answers GROUP BY service, channel ORDER BY service, channel
"""


def run_duckdb(con: Any) -> dict[str, np.ndarray]:
    res = con.execute(DUCK_SQL).fetchnumpy()
    labels = np.column_stack([res["service"], res["channel"]])
    return intervals(labels, {k: np.asarray(res[k], dtype=float) for k in res})


def load_polars(a: dict[str, np.ndarray]) -> Any:
    import polars as pl

    cols = {k: a[k] for k in ("service", "channel", "value", "csat")}
    lost = pl.Series("lost", a["lost"]).set(pl.Series(~a["lost_given"]), None)
    return pl.DataFrame({**cols, "lost": lost})


def run_polars(df: Any) -> dict[str, np.ndarray]:
    import polars as pl

    g = (
        df.group_by("service", "channel")
        .agg(
            n=pl.len(),
            pos=(pl.col("value") >= 9).sum(),
            neg=(pl.col("value") <= 6).sum(),
            top=(pl.col("csat") >= 4).sum(),
            lost_n=pl.col("lost").count(),
            lost_mean=pl.col("lost").mean(),
            lost_sd=pl.col("lost").std(),
        )
        .sort("service", "channel")
    )
    labels = np.column_stack([g["service"].to_numpy(), g["channel"].to_numpy()])
    return intervals(labels, {k: g[k].to_numpy().astype(float) for k in g.columns})


def check_equal(name: str, a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    np.testing.assert_array_equal(a["labels"], b["labels"], err_msg=f"{name}: labels")
    for key in ("happy", "csat", "lost"):
        np.testing.assert_allclose(a[key], b[key], rtol=1e-9, err_msg=f"{name}: {key}")


def compare(rows: int, runs: int, services: int) -> None:
    print(machine())
    print(f"generating {rows:,} answers over {services} services x {CHANNELS} channels ...")
    arrays = make_arrays(rows, seed=2024, services=services)
    pool = ThreadPoolExecutor(THREADS)
    engines = [
        ("xlacore", lambda: to_columns(arrays), lambda c: run_xlacore(c, pool)),
        ("pandas", lambda: load_pandas(arrays), run_pandas),
        ("polars", lambda: load_polars(arrays), run_polars),
        ("duckdb", lambda: load_duckdb(arrays), run_duckdb),
    ]
    results: dict[str, tuple[float, float, Any]] = {}
    for name, load, run in engines:
        t0 = time.perf_counter()
        loaded = load()
        load_s = time.perf_counter() - t0
        median, result = timed(lambda run=run, loaded=loaded: run(loaded), runs)
        results[name] = (load_s, median, result)
        print(f"{name:8s} load {load_s:7.3f} s   score median of {runs}: {median:7.3f} s")
    base = results["xlacore"][2]
    peers = ("pandas", "polars", "duckdb")
    for name in peers:
        check_equal(name, base, results[name][2])
    print("results: all engines equal (labels exact, values and intervals rtol 1e-9)")
    x = results["xlacore"][1]
    for name in peers:
        print(f"{name} / xlacore = {ratio(results[name][1], x)}")
    print(f"peak RSS {peak_mib():.0f} MiB (every engine's copy of the data in one process)")
    pool.shutdown()


def chunks(total: int, size: int) -> Iterator[ObservationColumns]:
    for i, start in enumerate(range(0, total, size)):
        yield to_columns(make_arrays(min(size, total - start), seed=i))


def streamed(total: int, chunk_rows: int) -> None:
    print(f"streaming {total:,} answers in chunks of {chunk_rows:,} ...")
    t0 = time.perf_counter()
    scores = []
    stats: list[Any] = [None] * len(INDICATORS)
    rows = 0
    for chunk in chunks(total, chunk_rows):
        grouping = Grouping.of(chunk, ("service", "channel"))
        for i, (strategy, params) in enumerate(INDICATORS):
            part = strategy.accumulate(chunk, grouping, params)
            stats[i] = part if stats[i] is None else strategy.merge(stats[i], part)
        rows += chunk.n_rows
    for (strategy, params), s in zip(INDICATORS, stats, strict=True):
        scores.append(strategy.finalize(s, params))
    elapsed = time.perf_counter() - t0
    assert rows == total
    overall = stream(happiness, chunks(min(total, 2 * chunk_rows), chunk_rows), HappinessParams())
    assert overall.labels
    print(
        f"{rows:,} rows, {len(scores[0])} groups x 3 indicators in {elapsed:.1f} s "
        f"(including generating the data), peak RSS {peak_mib():.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--services", type=int, default=SERVICES)
    parser.add_argument("--stream", type=int, default=0, help="stream this many rows instead")
    parser.add_argument("--chunk-rows", type=int, default=2_000_000)
    parser.add_argument("--quick", action="store_true", help="a small size that checks the script")
    args = parser.parse_args()
    if args.quick:
        args.rows, args.runs, args.services = 50_000, 1, 50  # every group with a t interval
        args.stream, args.chunk_rows = (60_000, 25_000) if args.stream else (0, 0)
    if args.stream:
        streamed(args.stream, args.chunk_rows)
    else:
        compare(args.rows, args.runs, args.services)


if __name__ == "__main__":
    main()
