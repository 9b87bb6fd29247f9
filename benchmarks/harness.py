"""The benchmarks' shared harness: timing, peak memory, isolated runs, the machine's state.

Every ``bench_*.py`` script measures with these, so their figures mean the same thing:
times are the median of warm runs (``timed``), peak memory is the process's ``ru_maxrss``
(``peak_mib``; a run in its own process, ``isolated``, has a peak of its own), and each
report starts with the machine and its load (``machine``), since the project machine is
shared and a figure without its load cannot be compared.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(os.environ.get("XLACORE_TEST_DATA", "/work/shared/data"))


def peak_mib() -> float:
    """Peak resident memory of this process so far, in MiB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(fn: Callable[[], T], runs: int, *, warm_up: bool = True) -> tuple[float, T]:
    """Median seconds of ``runs`` calls after one warm-up call, and the last result."""
    if warm_up:
        fn()
    times: list[float] = []
    result: T
    for _ in range(max(runs, 1)):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def once(fn: Callable[[], T]) -> tuple[float, T]:
    """Seconds of one call and its result."""
    start = time.perf_counter()
    result = fn()
    return time.perf_counter() - start, result


def isolated(script: str | Path, args: Sequence[str]) -> dict[str, Any]:
    """Run ``python SCRIPT ARGS`` in a fresh process (xlacore from this tree); its JSON line.

    The child prints one JSON object as its last line of output; a fresh process makes its
    peak memory and its imports its own.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, str(script), *args], check=True, capture_output=True, text=True, env=env
    )
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def emit(result: dict[str, Any]) -> None:
    """The child's side of :func:`isolated`: print its result as the last line."""
    print(json.dumps(result), flush=True)


def machine() -> str:
    """CPUs, load average, Python and numpy: the conditions of a measurement."""
    import numpy as np

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return (
        f"machine: {os.cpu_count()} CPUs, load average {load} (1/5/15 min), "
        f"{platform.python_implementation()} {platform.python_version()}, numpy {np.__version__}"
    )


def ratio(peer: float, ours: float) -> str:
    """``peer / ours`` as ``2.31x`` (above 1: xlacore is faster or uses less)."""
    return f"{peer / ours:.2f}x" if ours > 0 else "n/a"
