"""Start-up cost: ``import xlacore``, ``xlacore --help`` and the pytest plugin, beside peers.

Each figure is the median over fresh processes (nothing cached in memory but the OS's file
cache):

- ``import X``: the time of the import statement alone, measured inside the child;
- ``xlacore --help``: the whole process, wall clock (``python -m xlacore --help``), beside
  ``python -c pass`` (the interpreter's own start-up);
- pytest plugin: what loading ``xlacore.testing.pytest_plugin`` adds to a process that has
  imported pytest (pytest loads it in every session wherever xlacore is installed).

The peers are the libraries a notebook imports beside xlacore (pandas, polars, DuckDB).

    python benchmarks/bench_import.py [--runs 15] [--quick]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

from harness import ROOT, machine, ratio

ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
GOALS = {"import xlacore": 0.100, "xlacore --help": 0.100, "pytest plugin": 0.050}
IMPORT = (
    "import time, {pre}; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
)


def import_seconds(module: str, runs: int, pre: str = "sys") -> float:
    """Median seconds of ``import MODULE`` in fresh processes (after importing ``pre``)."""
    code = IMPORT.format(pre=pre, module=module)
    times = [
        float(subprocess.run([sys.executable, "-c", code], env=ENV, check=True,
                             capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]  # fmt: skip
    return statistics.median(times)


def process_seconds(args: list[str], runs: int) -> float:
    """Median wall seconds of ``python ARGS`` run to the end."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, *args], env=ENV, check=True, capture_output=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--quick", action="store_true", help="3 runs: checks the script")
    args = parser.parse_args()
    runs = 3 if args.quick else args.runs
    print(machine())
    bare = process_seconds(["-c", "pass"], runs)
    ours = {
        "import xlacore": import_seconds("xlacore", runs),
        "xlacore --help": process_seconds(["-m", "xlacore", "--help"], runs),
        "pytest plugin": import_seconds("xlacore.testing.pytest_plugin", runs, pre="pytest"),
    }
    print(f"python -c pass (interpreter start-up): {bare * 1000:6.1f} ms")
    for name, seconds in ours.items():
        goal = GOALS[name]
        verdict = "met" if seconds < goal else "NOT met"
        print(f"{name:<16} {seconds * 1000:6.1f} ms   goal < {goal * 1000:.0f} ms: {verdict}")
    peers = {}
    for peer in ("pandas", "polars", "duckdb", "numpy"):
        peers[peer] = import_seconds(peer, runs)
        print(f"import {peer:<9} {peers[peer] * 1000:6.1f} ms  "
              f"(/ import xlacore = {ratio(peers[peer], ours['import xlacore'])})")  # fmt: skip


if __name__ == "__main__":
    main()
