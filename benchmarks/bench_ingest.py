"""Ingest speed and peak memory: xlacore's ServiceNow connector vs pandas.read_csv on the UCI log.

Each engine runs in its own subprocess, so peak memory (``ru_maxrss``) is its own. Engines:

- ``csv``: the floor, one pass of ``csv.reader`` over the rows (no parsing of values);
- ``xlacore``: ``servicenow`` connector streamed in batches (calls summarised, not kept);
- ``xlacore-all``: the same, keeping every call in memory (``ingest``);
- ``pandas``: ``pandas.read_csv`` of the same CSV entry (columns as parsed, no lifecycle).

Usage: ``python benchmarks/bench_ingest.py [PATH_TO_incident_event_log.csv.zip] [--repeat N]``
(pandas is benchmark-only: the ``bench`` dependency group).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROWS = 141_712
DEFAULT = (
    Path(__file__).resolve().parents[1].parent
    / "shared"
    / "data"
    / "uci-incident-event-log"
    / "incident_event_log.csv.zip"
)
MEMBER = "incident_event_log.csv"


def _engine(name: str, path: Path) -> dict[str, float]:
    start = time.perf_counter()
    if name == "csv":
        import csv
        import io
        import zipfile

        with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as raw:
            rows = (
                sum(1 for _ in csv.reader(io.TextIOWrapper(raw, encoding="utf-8", newline=""))) - 1
            )
    elif name == "pandas":
        import zipfile

        import pandas as pd

        with zipfile.ZipFile(path) as archive, archive.open(MEMBER) as raw:
            rows = len(pd.read_csv(raw))
    elif name == "xlacore":
        from xlacore.connectors.account import IngestAccount
        from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
        from xlacore.connectors.summary import IngestSummary

        account, summary = IngestAccount(), IngestSummary()
        for batch in SERVICENOW.read(path, ServiceNowOptions(member=MEMBER), account):
            summary.add(batch)
        rows = account.records_read
    elif name == "xlacore-all":
        from xlacore.connectors import ingest
        from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions

        rows = ingest(SERVICENOW, path, ServiceNowOptions(member=MEMBER)).account.records_read
    else:
        raise SystemExit(f"unknown engine {name}")
    seconds = time.perf_counter() - start
    assert rows == ROWS, rows
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {"seconds": seconds, "rows_per_s": rows / seconds, "peak_mib": peak_kib / 1024}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        print(json.dumps(_engine(args.engine, args.path)))
        return
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1] / "src")}
    results: dict[str, dict[str, float]] = {}
    for engine in ("csv", "pandas", "xlacore", "xlacore-all"):
        runs = []
        for _ in range(args.repeat):
            out = subprocess.run(
                [sys.executable, __file__, str(args.path), "--engine", engine],
                check=True,
                capture_output=True,
                text=True,
                env=env,
            ).stdout
            runs.append(json.loads(out))
        best = min(runs, key=lambda r: r["seconds"])
        results[engine] = best
        print(
            f"{engine:<12} {best['seconds']:6.2f} s  {best['rows_per_s']:>9,.0f} rows/s"
            f"  peak {best['peak_mib']:6.0f} MiB"
        )
    pandas, ours = results["pandas"], results["xlacore"]
    print(
        f"xlacore/pandas: speed {ours['rows_per_s'] / pandas['rows_per_s']:.2f}x,"
        f" peak memory {ours['peak_mib'] / pandas['peak_mib']:.2f}x"
        f" (keeping all calls: {results['xlacore-all']['peak_mib'] / pandas['peak_mib']:.2f}x)"
    )


if __name__ == "__main__":
    main()
