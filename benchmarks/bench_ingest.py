"""Ingest speed and peak memory: xlacore's connectors vs pandas.read_csv on the UCI log.

Each engine runs in its own subprocess, so peak memory (``ru_maxrss``) is its own; its
imports are timed apart from the read (pandas' import alone is ~0.3 s, twice its read).
Engines:

- ``csv``: the floor, one pass of ``csv.reader`` over the rows (no parsing of values);
- ``pandas``: ``pandas.read_csv`` of the same CSV entry (columns as parsed, no lifecycle);
- ``mapped``: the generic ``mapped`` connector with ``examples/mappings/uci_incident_events.toml``
  (one row per event: every row checked, its time parsed, the lifecycle rebuilt, every
  record in the account), calls summarised and not kept;
- ``columnar``: the same file and mapping through the mapped connector's native columns
  (``MAPPED.read_columns``, :mod:`xlacore.connectors.eventlog_columns`, ``xlacore[arrow]``):
  Arrow's CSV reader and numpy group operations give the call columns and the same account
  (what ``xlacore ingest`` uses);
- ``servicenow``: the ServiceNow connector, the same way;
- ``servicenow-all``: the same, keeping every call in memory (``ingest``).

Checked: every engine reads the same number of rows as pandas, xlacore's account balances
(read = accepted + rejected) and its calls are pandas' distinct incident numbers.

Usage: ``python benchmarks/bench_ingest.py [PATH_TO_incident_event_log.csv.zip] [--repeat N]``
(``--quick``: the 449-row slice in tests/data; pandas is benchmark-only: the ``bench`` group).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from harness import DATA, ROOT, emit, isolated, machine, peak_mib, ratio

DEFAULT = DATA / "uci-incident-event-log" / "incident_event_log.csv.zip"
SLICE = ROOT / "tests" / "data" / "uci_slice" / "incident_event_log_slice.csv"
MAPPING = ROOT / "examples" / "mappings" / "uci_incident_events.toml"
MEMBER = "incident_event_log.csv"
ENGINES = ("csv", "pandas", "mapped", "columnar", "servicenow", "servicenow-all")


def _open(path: Path) -> Any:
    """The CSV's bytes: the entry of the zip, or the file itself."""
    import zipfile

    if path.suffix != ".zip":
        return path.open("rb")
    return zipfile.ZipFile(path).open(MEMBER)


def _summarised(connector: Any, path: Path, options: Any) -> dict[str, int]:
    from xlacore.connectors.account import IngestAccount
    from xlacore.connectors.summary import IngestSummary

    account, summary = IngestAccount(), IngestSummary()
    for batch in connector.read(path, options, account):
        summary.add(batch)
    assert account.balanced
    return {"rows": account.records_read, "calls": summary.calls, "rejected": account.rejected}


def _engine(name: str, path: Path) -> dict[str, Any]:
    start = time.perf_counter()
    member = None if path.suffix != ".zip" else MEMBER
    if name == "csv":
        import csv
        import io
    elif name == "pandas":
        import pandas as pd
    elif name == "columnar":
        import numpy.ma  # noqa: F401  (numpy imports it lazily; an import, timed as one)
        import pyarrow.compute
        import pyarrow.csv  # noqa: F401

        from xlacore.connectors.account import IngestAccount
        from xlacore.connectors.mapped import MAPPED, MappedOptions
        from xlacore.connectors.summary import IngestSummary
    else:
        from xlacore.connectors import ingest
        from xlacore.connectors.mapped import MAPPED, MappedOptions
        from xlacore.connectors.servicenow import SERVICENOW, ServiceNowOptions
    imported = time.perf_counter()
    if name == "csv":
        with _open(path) as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            figures = {"rows": sum(1 for _ in csv.reader(text)) - 1}
    elif name == "pandas":
        with _open(path) as raw:
            frame = pd.read_csv(raw)
        figures = {"rows": len(frame), "calls": int(frame["number"].nunique())}
    elif name == "mapped":
        figures = _summarised(MAPPED, path, MappedOptions(str(MAPPING)))
    elif name == "columnar":
        account, summary = IngestAccount(), IngestSummary()
        batches = MAPPED.read_columns(path, MappedOptions(str(MAPPING)), account)
        assert batches is not None, "the columnar path does not read this file"
        for batch in batches:
            summary.add_columns(batch)
        assert account.balanced
        figures = {"rows": account.records_read, "calls": summary.calls}
        figures["rejected"] = account.rejected
    elif name == "servicenow":
        figures = _summarised(SERVICENOW, path, ServiceNowOptions(member=member))
    elif name == "servicenow-all":
        result = ingest(SERVICENOW, path, ServiceNowOptions(member=member))
        figures = {"rows": result.account.records_read, "calls": len(result.calls)}
    else:
        raise SystemExit(f"unknown engine {name}")
    done = time.perf_counter()
    seconds = done - imported
    return {
        **figures,
        "import_s": imported - start,
        "seconds": seconds,
        "rows_per_s": figures["rows"] / seconds,
        "peak_mib": peak_mib(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="the 449-row slice, one run each")
    parser.add_argument("--engine", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.engine:
        emit(_engine(args.engine, args.path))
        return
    if args.quick:
        args.path, args.repeat = SLICE, 1
    print(machine())
    print(f"reading {args.path} (best of {args.repeat} fresh processes per engine)")
    results: dict[str, dict[str, Any]] = {}
    for engine in ENGINES:
        runs = [
            isolated(__file__, [str(args.path), "--engine", engine]) for _ in range(args.repeat)
        ]
        best = results[engine] = min(runs, key=lambda r: r["seconds"])
        print(
            f"{engine:<15} read {best['seconds']:6.2f} s  {best['rows_per_s']:>9,.0f} rows/s"
            f"  (imports {best['import_s']:5.2f} s)  peak {best['peak_mib']:5.0f} MiB"
        )
    pandas = results["pandas"]
    for engine, best in results.items():
        assert best["rows"] == pandas["rows"], (engine, best["rows"], pandas["rows"])
        if "calls" in best:
            assert best["calls"] == pandas["calls"], (engine, best["calls"], pandas["calls"])
    print(f"results: every engine read {pandas['rows']:,} rows; xlacore's accounts balance and")
    print(f"         its calls are pandas' {pandas['calls']:,} distinct incident numbers")
    with_imports = pandas["seconds"] + pandas["import_s"]
    for engine in ("mapped", "columnar", "servicenow"):
        ours = results[engine]
        print(
            f"{engine} / pandas.read_csv throughput: {ratio(pandas['seconds'], ours['seconds'])}"
            f" (pandas with its import: {ratio(with_imports, ours['seconds'] + ours['import_s'])})"
            f"; peak memory {ours['peak_mib'] / pandas['peak_mib']:.2f}x"
        )
    kept = results["servicenow-all"]["peak_mib"] / pandas["peak_mib"]
    print(f"servicenow keeping every call: peak memory {kept:.2f}x pandas")


if __name__ == "__main__":
    main()
