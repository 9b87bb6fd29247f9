"""``xlacore insights``: every experience insight on an ITSM export or on the demo data."""

from __future__ import annotations

import argparse
import json

from xlacore.cli.sources import add_record_arguments, read_records
from xlacore.insights import InsightData, insights_report, render_text
from xlacore.serialization import to_dict

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``insights``."""
    parser = subparsers.add_parser(
        "insights",
        help="lifecycle effects, lost time, channels, journeys, factors, knowledge, surveys",
        description="Run every insight analysis and print the results. Read calls and "
        "feedback through connectors (SRC is CONNECTOR:PATH, e.g. "
        "servicenow:incident_event_log.csv.zip) or use the built-in demo data.",
    )
    add_record_arguments(parser)
    parser.add_argument("--format", choices=("table", "json"), default="table")
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    report = insights_report(InsightData.from_objects(*read_records(args)))
    if args.format == "json":
        print(json.dumps(to_dict(report), indent=2, ensure_ascii=False))
    else:
        print(render_text(report), end="")
    return 0
