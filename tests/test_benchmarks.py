"""The benchmark scripts run at their ``--quick`` size, so they cannot rot.

No timing is asserted: each script checks its own results equal to its peers' (and exits
non-zero when they differ); the test checks that it ran to the end and printed its figures.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BENCHMARKS = ROOT / "benchmarks"


def run_quick(script: str, *args: str) -> str:
    """Run ``benchmarks/SCRIPT --quick ARGS`` with xlacore from this tree; its output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), "--quick", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=BENCHMARKS,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, f"{script} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


def test_scoring_benchmark_agrees_with_pandas_polars_and_duckdb() -> None:
    out = run_quick("bench_scoring.py")
    assert "results: all engines equal" in out
    for peer in ("pandas", "polars", "duckdb"):
        assert f"{peer} / xlacore = " in out
    assert "peak RSS" in out


def test_import_benchmark_reports_every_start_up_figure() -> None:
    out = run_quick("bench_import.py")
    for name in ("import xlacore", "xlacore --help", "pytest plugin", "import pandas"):
        assert name in out


def test_ingest_benchmark_reads_what_pandas_reads() -> None:
    out = run_quick("bench_ingest.py")
    assert "results: every engine read 449 rows" in out
    assert "its calls are pandas' 75 distinct incident numbers" in out
    assert "mapped / pandas.read_csv throughput" in out


def test_clock_benchmark_replays_the_uci_log_as_the_timers_do(shared_data: Path) -> None:
    log = shared_data / "uci-incident-event-log" / "incident_event_log.csv.zip"
    out = run_quick("bench_clock.py", str(log))
    assert "parsed 2,000 calls" in out
    assert "evaluate_many equals the per-call timers: True" in out
    assert "arrays / timers: " in out


def test_streamed_evaluation_benchmark_reports_peak_memory_per_size() -> None:
    out = run_quick("bench_dask.py", "--evaluate", "--stream-only")
    assert "40,000" in out
    assert "80,000" in out
    assert "peak RSS from 40,000 to 80,000 answers" in out


@pytest.mark.slow
@pytest.mark.parametrize(
    ("mode", "malloc"),
    [((), "distributed"), (("--evaluate",), "glibc")],
    ids=["scoring", "evaluation"],
)
def test_dask_benchmark_agrees_with_one_worker_and_one_process(
    mode: tuple[str, ...], malloc: str
) -> None:
    """Each run also checks that the workers got the malloc setting asked for."""
    out = run_quick("bench_dask.py", *mode, "--worker-malloc", malloc)
    assert f"workers' malloc: {malloc}" in out
    assert "dask-1 / dask = " in out
    for name in ("dask", "dask-1", "stream", "in-memory"):
        assert f" {name} " in out


def test_ledger_benchmark_reports_equal_to_batch() -> None:
    out = run_quick("bench_ledger.py")
    for mode in ("ledger", "batches"):
        assert f"{mode} reports identical to batch at 3 shared checkpoints: True" in out
    assert "goal >= 200,000 events/s" in out
