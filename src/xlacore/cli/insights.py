"""``xlacore insights``: every experience insight on an ITSM export or on the demo data."""

from __future__ import annotations

import argparse

from xlacore.cli.output import add_format_argument, emit
from xlacore.cli.sources import add_record_arguments, read_records
from xlacore.cli.usage import HelpFormatter, examples
from xlacore.insights import InsightData, insights_report, render_text

__all__ = ["add_parser"]


def add_parser(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``insights``."""
    parser = subparsers.add_parser(
        "insights",
        help="lifecycle effects, lost time, channels, journeys, factors, knowledge, surveys",
        description="Run every insight analysis and print the results. Read calls and "
        "feedback through connectors (SRC is CONNECTOR:PATH, e.g. "
        "servicenow:incident_event_log.csv.zip) or use the built-in demo data.",
        epilog=examples(
            "xlacore insights --demo",
            "xlacore insights --calls servicenow:incident_event_log.csv.zip --format json",
            "xlacore insights --calls mapped:tickets.csv --calls-mapping tickets.toml "
            "--feedback mapped:survey.csv --feedback-mapping survey.toml",
        ),
        formatter_class=HelpFormatter,
    )
    add_record_arguments(parser)
    add_format_argument(parser)
    parser.set_defaults(handler=_run)


def _run(args: argparse.Namespace) -> int:
    report = insights_report(InsightData.from_objects(*read_records(args)))
    emit(report, args, lambda: render_text(report))
    return 0
